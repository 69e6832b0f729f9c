"""Table cells drawn as plain strings (``blocks.cell``) look exactly as the paragraphs they
replace: the same lines (ReportLab's own CJK line breaking, kinsoku and quirks included),
at the same places — a page of such cells renders to the same pixels either way."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, TableStyle

from desktop_app.documents import blocks
from desktop_app.documents.blocks import CELL_PADDING, base_table_style, cell
from desktop_app.documents.engine import build_pdf, writer
from desktop_app.documents.identity import make_meta
from desktop_app.documents.text import Writer
from tests.documents import samples

WIDTHS = (25 * mm, 19 * mm, 142.0, 30 * mm)  # 142 pt: an overflowing line (the quirk) in column 3
ALIGNS = ("LEFT", "CENTER", "LEFT", "RIGHT")
ROWS = [
    ("偏瘫肢体综合训练（超核准次数）", "张伟\n签名 #12\n09-18 09:00", "作业疗法", "1,234.50"),
    ("认知功能障碍训练", "未签",
     "2026-09-17 09:30\n手写电子签名\n签署时效：当日签署（建立后0分钟）\n签名摘要 c93ef1a4", "12"),
    ("ab cd efgh ijkl mnop 中文字 xyz", "（王建国）", "a & <b> 康复治疗大厅", "0.00"),
    ("", "签名 #7", "运动疗法 40 次；作业疗法 18 次；言语训练 12 次", "99,999.99"),
]


def _table(w: Writer, as_strings: bool) -> LongTable:
    styles = {"LEFT": w.styles.cell, "CENTER": w.styles.cell_center, "RIGHT": w.styles.cell_right}
    rows = [[cell(w, text, styles[align], width - 2 * CELL_PADDING) if as_strings
             else w.para(text, styles[align])
             for text, align, width in zip(row, ALIGNS, WIDTHS, strict=True)] for row in ROWS]
    table = LongTable(rows, colWidths=list(WIDTHS))
    style = base_table_style(w.chain.main, 0)
    style += [("ALIGN", (c, 0), (c, -1), align) for c, align in enumerate(ALIGNS)]
    table.setStyle(TableStyle(style))
    return table


def _page(tmp_path: Path, as_strings: bool) -> Image.Image:
    def story(w: Writer) -> list[Flowable]:
        return [_table(w, as_strings)]
    built = build_pdf(make_meta("fee_list", "CELLS-1", "单元格", samples.INSTITUTION, samples.ISSUED,
                                samples.ANCHOR, {"cells": [list(r) for r in ROWS]}, "cells"), story)
    pdf = tmp_path / f"cells-{as_strings}.pdf"
    pdf.write_bytes(built.pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(pdf.with_suffix(""))], check=True)
    return Image.open(pdf.with_suffix(".png")).convert("L")


def test_cells_as_strings_render_as_their_paragraphs(tmp_path: Path) -> None:
    w = writer()
    kinds = [type(c).__name__ for row in _table(w, True)._cellvalues for c in row]
    assert kinds.count("str") == len(kinds)  # every cell here became a string
    strings = _page(tmp_path, True)
    paragraphs = _page(tmp_path, False)
    assert strings.size == paragraphs.size
    assert ImageChops.difference(strings, paragraphs).getbbox() is None  # the same pixels


def test_the_paragraphs_own_lines_and_quirks() -> None:
    w = writer()
    room = 45 * mm - 2 * CELL_PADDING
    # Kinsoku: the closing bracket stays on the line it overflows.
    assert cell(w, "偏瘫肢体综合训练（超核准次数）", w.styles.cell, 65.0) == \
        "偏瘫肢体综合训\n练（超核准次数）"
    # Such an overflowing line before a line break is followed by an empty line, as the
    # paragraph draws it.
    assert cell(w, "手写电子签名\n签署时效：当日签署（建立后0分钟）\n签名摘要 c9", w.styles.cell, 136.0) == \
        "手写电子签名\n签署时效：当日签署（建立后0分钟）\n\n签名摘要 c9"
    assert cell(w, "运动疗法 40 次", w.styles.cell, room) == "运动疗法 40 次"


@pytest.mark.parametrize("text", ["姓名 𠮷某", "a  b", " 缩进", "tab\there"])
def test_what_a_string_cannot_draw_stays_a_paragraph(text: str) -> None:
    w = writer()
    assert not isinstance(cell(w, text, w.styles.cell, 200), str)  # a fallback font, or whitespace
    assert not isinstance(cell(w, "十六进制", w.styles.hash_cell, 200), str)  # not the table's size


def test_the_lines_are_kept_per_process_and_bounded() -> None:
    w = writer()
    blocks._LINES.clear()
    first = blocks.wrapped_lines(w, "认知功能障碍训练", w.styles.cell, 50.0)
    assert first is not None and len(first) == 2 and "".join(first) == "认知功能障碍训练"
    assert blocks.wrapped_lines(w, "认知功能障碍训练", w.styles.cell, 50.0) is first
    assert len(blocks._LINES) == 1


def test_texts_of_one_shape_reuse_the_paragraphs_lines_exactly() -> None:
    """Texts differing only in lines that fit (a signature's time and digest) take the
    first one's layout for the rest: on many such texts, the very lines their own
    paragraphs break them into."""
    w = writer()
    rng = random.Random(20)
    timings = ["签署时效：当日签署（建立后0分钟）", "签署时效：当日签署", "签署时效：出院后补签（已确认）",
               "签署时效：延迟3天（说明：患者住院期间外出检查，次日补签）"]
    methods = ["电子签名（口令确认）", "手写电子签名", "纸质签名扫描件"]
    checked = 0
    for room in (80.0, 121.6, 136.0, 136.9, 150.0):
        blocks._LINES.clear()
        blocks._SHAPES.clear()
        for _ in range(60):
            parts = [f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:"
                     f"{rng.randint(0, 59):02d}", rng.choice(methods), rng.choice(timings),
                     f"签名摘要 {rng.getrandbits(64):016x}"]
            if rng.random() < 0.3:
                extra = rng.choice(["偏瘫肢体综合训练（超核准次数）", "康复治疗大厅 A 区"])
                parts.insert(rng.randint(0, 3), extra)
            text = "\n".join(parts)
            assert blocks.wrapped_lines(w, text, w.styles.cell, room) == \
                blocks._paragraph_lines(w, text, w.styles.cell, room), (room, text)
            checked += 1
        assert any(t is not None for t in blocks._SHAPES.values())  # layouts were reused
    assert checked == 300
