"""Benchmark: a 200-page fee list through the document engine vs a bare ReportLab document
with the same table, in the same run (target: ratio <= 1.35). The two take turns, run by
run, so that drift over the run does not land in the ratio.

The engine adds what the bare document lacks: the cmap check of every string, page
furniture (header, page x of y, footer with id, hash and anchor, QR code), PDF/A-3b
post-processing with pikepdf and the embedded data files. Both use the same embedded
font, cells and table style.

    .venv/bin/python bench/fee_list_pdf.py [--lines 8800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pikepdf  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle  # noqa: E402

from desktop_app.documents.blocks import base_table_style  # noqa: E402
from desktop_app.documents.fee_list import ALIGNS, HEADER, WIDTHS, build_fee_list, fee_rows  # noqa: E402
from desktop_app.documents.fonts import default_chain  # noqa: E402
from desktop_app.documents.money import yuan  # noqa: E402
from desktop_app.documents.page import FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN_X  # noqa: E402
from desktop_app.documents.text import make_styles  # noqa: E402
from tests.documents import samples  # noqa: E402


def bare(data: object) -> bytes:
    """The same table in a plain ReportLab document (string cells, the same font and style):
    no character checks, furniture, QR code or PDF/A."""
    chain = default_chain()
    styles = make_styles(chain.main)
    rows = fee_rows(data.lines)  # type: ignore[attr-defined]
    rows.append(["", "", "", "合计", "", "", "", yuan(data.total), ""])  # type: ignore[attr-defined]
    head = [Paragraph(h, styles.head_cell) for h in HEADER]
    table = LongTable([head, *rows], colWidths=WIDTHS, repeatRows=1)
    style = base_table_style(chain.main, 1)
    style += [("ALIGN", (c, 1), (c, -1), align.upper()) for c, align in enumerate(ALIGNS)]
    table.setStyle(TableStyle(style))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=HEADER_HEIGHT, bottomMargin=FOOTER_HEIGHT, initialFontName=chain.main)
    doc.build([Paragraph("工伤康复费用清单", styles.title), table])
    return out.getvalue()


def engine(data: object) -> bytes:
    return build_fee_list(data, institution=samples.INSTITUTION, anchor=samples.ANCHOR,  # type: ignore[arg-type]
                          files=samples.claim_files()).pdf


def timed(fn, data: object) -> tuple[float, bytes]:  # noqa: ANN001
    start = time.perf_counter()
    out = fn(data)
    return time.perf_counter() - start, out


def alternated(data: object, repeat: int) -> tuple[tuple[float, bytes], tuple[float, bytes]]:
    """``repeat`` runs of each, bare and engine taking turns (bare-engine, engine-bare, ...)
    so that the machine drifting over the run (heat, other work) weighs on both alike
    instead of landing in the ratio. The median time of each, and its last document."""
    runs: dict[object, list[float]] = {bare: [], engine: []}
    last: dict[object, bytes] = {}
    for n in range(repeat):
        for fn in (bare, engine) if n % 2 == 0 else (engine, bare):
            seconds, last[fn] = timed(fn, data)
            runs[fn].append(seconds)
    return ((statistics.median(runs[bare]), last[bare]),
            (statistics.median(runs[engine]), last[engine]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=8800, help="fee lines (8800 give about 200 pages)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each, alternating; the median is reported")
    args = parser.parse_args()
    data = samples.fee_list(args.lines)
    default_chain()  # font loading is start-up cost, not per document
    engine(samples.fee_list(10))  # warm both paths once
    bare(samples.fee_list(10))
    (bare_s, bare_pdf), (engine_s, engine_pdf) = alternated(data, args.repeat)
    pages = [len(pikepdf.open(io.BytesIO(pdf)).pages) for pdf in (bare_pdf, engine_pdf)]
    ratio = engine_s / bare_s
    print(f"fee lines: {args.lines}, runs: {args.repeat} (median)")
    print(f"bare ReportLab:  {bare_s:7.2f} s  {pages[0]:4d} pages  {len(bare_pdf) / 1e6:6.2f} MB")
    print(f"document engine: {engine_s:7.2f} s  {pages[1]:4d} pages  {len(engine_pdf) / 1e6:6.2f} MB "
          "(PDF/A-3b, furniture, QR, embedded data files)")
    print(f"ratio engine / bare: {ratio:.3f} (target <= 1.35): {'OK' if ratio <= 1.35 else 'OVER'}")
    return 0 if ratio <= 1.35 else 1


if __name__ == "__main__":
    sys.exit(main())
