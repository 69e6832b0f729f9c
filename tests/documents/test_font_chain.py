"""The font chain's whole-text shortcut (one set test when the main font draws everything)
answers as the character-by-character rules do, on texts of every mix; the fonts' tables
are copied out of the font files once."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase import pdfmetrics

from desktop_app.documents.fonts import KEEP_TABLES_UP_TO, LAYOUT_ONLY, UnsupportedCharacter, default_chain

MAIN = "患者李春华 2026-09-17 09:30 运动疗法（次）ABCxyz.,;：，。"
FALLBACK = "𠮷䶮𬌗"  # CJK Extensions B, A, E: the HanaMin subsets
NONE = "\U00030000"  # CJK Extension G: no shipped font


def reference_runs(text: str) -> list[tuple[str, str]] | None:
    """The runs by the rules alone (None: a character no font draws)."""
    chain = default_chain()
    runs: list[tuple[str, str]] = []
    for char in text:
        font = chain.main if char in LAYOUT_ONLY else chain.font_for(char)
        if font is None:
            return None
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def texts() -> list[str]:
    rng = random.Random(7)
    out = ["", "\n", "\t\r\n", MAIN, MAIN + "\n" + MAIN]
    for _ in range(300):
        pool = MAIN + "\n\t" + rng.choice(["", FALLBACK, FALLBACK + NONE])
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 30))))
    return out


def test_runs_check_and_single_font_follow_the_rules() -> None:
    chain = default_chain()
    kinds = set()
    for text in texts():
        expected = reference_runs(text)
        if expected is None:
            kinds.add("none")
            for call in (chain.runs, chain.check, chain.single_font):
                with pytest.raises(UnsupportedCharacter):
                    call(text)
            continue
        assert chain.runs(text) == expected, text
        chain.check(text)
        main_only = all(chain.font_for(c) == chain.main for c in text)
        assert chain.single_font(text) == main_only, text
        kinds.add("main" if len(expected) <= 1 and main_only else "mixed")
    assert kinds == {"none", "main", "mixed"}


def test_font_tables_are_copied_once_but_the_largest() -> None:
    """Every subset reads the main font's 'glyf' and 'post': kept after the first copy (the
    same object each time, its bytes the file's), unless beyond ``KEEP_TABLES_UP_TO``."""
    chain = default_chain()
    main = pdfmetrics.getFont(chain.main).face
    for tag in ("glyf", "post"):
        first = main.get_table(tag)
        assert main.get_table(tag) is first
        pos, length = main.get_table_pos(tag)
        assert first == main._ttf_data[pos:pos + length]
    sizes = {name: pdfmetrics.getFont(name).face.get_table_pos("glyf")[1] for name in chain.names}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] > KEEP_TABLES_UP_TO >= sizes[chain.main]
    big = pdfmetrics.getFont(largest).face
    assert big.get_table("glyf") is not big.get_table("glyf")  # read each time, not held
