"""``SubsetMaker`` writes ReportLab's own subset programs, byte for byte: random subsets of
every shipped font, the composite glyphs among them, and the subsets of a real document."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from desktop_app.documents.font_subset import SubsetMaker
from desktop_app.documents.fonts import default_chain, shipped_fonts
from tests.documents import test_pdfs


def _reportlab(face: object, subset: list[int]) -> bytes:
    made: bytes = TTFontFile.makeSubset(face, subset)
    return made


@pytest.mark.parametrize("font", shipped_fonts(), ids=lambda f: f.name)
def test_random_subsets_are_reportlabs(font) -> None:  # type: ignore[no-untyped-def]
    face = TTFont(f"subset-test-{font.name}", str(font.path), subfontIndex=font.subfont_index).face
    maker = SubsetMaker(face)
    codes = sorted(face.charToGlyph)
    composite = [c for c in codes if maker.components(face.charToGlyph[c])]
    rng = random.Random(20261205)
    subsets = [rng.sample(codes, rng.randint(1, min(255, len(codes)))) for _ in range(60)]
    if composite:  # every composite glyph the font has, in subsets of their own and mixed
        subsets += [composite[i:i + 200] for i in range(0, len(composite), 200)]
        subsets += [rng.sample(codes, 100) + rng.sample(composite, min(50, len(composite)))]
    subsets += [[0, 0x20], [codes[0]], [0x10FFFF]]  # the smallest, and a code the font lacks
    for subset in subsets:
        assert maker.make(subset) == _reportlab(face, subset), subset[:8]


def test_the_main_font_has_composite_glyphs_to_compare() -> None:
    face = pdfmetrics.getFont(default_chain().main).face
    maker = face.makeSubset.__self__
    assert isinstance(maker, SubsetMaker)  # the main font's subsets are made this way
    assert any(maker.components(g) for g in set(face.charToGlyph.values()))


def test_a_documents_subsets_are_reportlabs(monkeypatch: pytest.MonkeyPatch) -> None:
    face = pdfmetrics.getFont(default_chain().main).face
    made: list[tuple[list[int], bytes]] = []
    make = face.makeSubset

    def recorded(subset: list[int]) -> bytes:
        program = make(subset)
        made.append((list(subset), program))
        return program

    monkeypatch.setattr(face, "makeSubset", recorded)
    test_pdfs.BUILDERS["execution_sheet"]()
    assert made
    for subset, program in made:
        assert program == _reportlab(face, subset)
