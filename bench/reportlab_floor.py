"""The floor for the month's export: a bare ReportLab rendering of the same pages with the
same text, to set the export's time beside.

For every PDF of the packages written: as many A4 pages as it has, and on them every text
and number of its canonical content (the ``.content.json`` beside it, what the document
prints besides its labels), in lines of at most 40 characters spread evenly over the pages,
plus on each page the header and footer lines the furniture prints (institution, title,
document id, content SHA-256, audit anchor); drawn with ``Canvas.drawString`` in the
embedded WenQuanYi Micro Hei subset (the documents' main font), ``invariant=1``, kept in
memory. Not included: layout (platypus tables, paragraph wrapping), the fallback fonts, the
QR code, PDF/A post-processing (pikepdf: XMP, output intent, embedded data files), signing,
data files, the BagIt manifests, zip and disk writes, and any database work.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.fonts import default_chain
from desktop_app.documents.identity import CONTENT_SUFFIX

LINE = 40  # characters per line
PITCH = 11.0  # points between lines


@dataclass(frozen=True)
class FloorDocument:
    pages: int
    furniture: tuple[str, ...]
    lines: tuple[str, ...]


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def documents_of(packages: list[Path]) -> list[FloorDocument]:
    """What the floor draws for each PDF of the package folders (read before timing)."""
    out = []
    for folder in packages:
        for pdf in sorted((folder / "data" / "documents").glob("*.pdf")):
            with pikepdf.open(pdf) as opened:
                pages = len(opened.pages)
                info = opened.docinfo
                furniture = (str(info.get("/Author", "")), str(info.get("/Title", "")),
                             str(info.get("/Subject", "")))
            content = json.loads(pdf.with_name(pdf.stem + CONTENT_SUFFIX).read_bytes())
            lines = [text[i:i + LINE] for text in _texts(content) for i in range(0, max(len(text), 1), LINE)]
            out.append(FloorDocument(pages, (*furniture, f"文档编号 Document ID：{pdf.stem}"), tuple(lines)))
    return out


def render(document: FloorDocument, font: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=font)
    width, height = A4
    per_page = -(-len(document.lines) // document.pages) if document.lines else 0
    for page in range(document.pages):
        canvas.setFont(font, 9)
        for i, text in enumerate(document.furniture[:2]):
            canvas.drawString(40, height - 30 - i * PITCH, text)
        for i, text in enumerate(document.furniture[2:]):
            canvas.drawString(40, 40 + i * PITCH, text)
        canvas.drawString(width - 120, 20, f"第 {page + 1} 页 共 {document.pages} 页")
        y = height - 60
        for text in document.lines[page * per_page:(page + 1) * per_page]:
            canvas.drawString(40, y, text)
            y -= PITCH
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def floor_seconds(documents: list[FloorDocument]) -> tuple[float, int]:
    """Seconds to render them all in this process, and the pages rendered."""
    font = default_chain().main  # registered before timing
    started = time.perf_counter()
    pages = 0
    for document in documents:
        render(document, font)
        pages += document.pages
    return time.perf_counter() - started, pages
