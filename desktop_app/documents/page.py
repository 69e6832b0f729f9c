"""Page furniture drawn on every page: header, "第 x 页 共 y 页", footer, QR code.

The total page count is known only at the end, so the canvas keeps each finished
page's state and draws the furniture of all pages when the document is saved. The
parts that are the same on every page (QR code, header and footer texts) are drawn
once as a form XObject and placed on each page.
"""

from __future__ import annotations

import math
import re

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop_app.documents import qr_mask
from desktop_app.documents.canvas_text import TextCanvas
from desktop_app.documents.identity import DocumentMeta
from desktop_app.documents.text import MUTED, RULE, Writer

# A draft's watermark (``draw_watermark``): what it says, what the title adds.
DRAFT_WATERMARK = "草稿 DRAFT — 未确认，不得用于申报"
DRAFT_TITLE_SUFFIX = "（草稿预览 DRAFT）"
WATERMARK_GREY = colors.HexColor("#a8a8a8")
WATERMARK_SIZE = 40

MARGIN_X = 16 * mm
HEADER_HEIGHT = 18 * mm
FOOTER_HEIGHT = 35 * mm  # the footer's rule sits at 31.5 mm
QR_SIZE = 21 * mm
FORM = "furniture"
DARK_RUN = re.compile("1+")  # dark modules side by side in a row of a QR code
# The officer's signature stamp gets a band of its own at the bottom of the last page's body,
# just above the footer: every story ends with ``SignatureBand``, which keeps it empty.
STAMP_WIDTH = 92 * mm
STAMP_HEIGHT = 23 * mm
SIGNATURE_BAND = STAMP_HEIGHT + 3 * mm


def stamp_box(page_width: float) -> tuple[float, float, float, float]:
    """Where the stamp goes on the last page (x1, y1, x2, y2 in pt): right-aligned in the band."""
    x2 = page_width - MARGIN_X
    y1 = FOOTER_HEIGHT + 1 * mm
    return (x2 - STAMP_WIDTH, y1, x2, y1 + STAMP_HEIGHT)


class SignatureBand(Flowable):
    """The last flowable of every story: takes the rest of the last page, and at least
    ``SIGNATURE_BAND`` (else it moves to a new page), so the stamp's band above the footer
    stays free of content. A muted label on its left says the empty space is meant."""

    def __init__(self, writer: Writer) -> None:
        super().__init__()
        self.writer = writer

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = availHeight if availHeight >= SIGNATURE_BAND else SIGNATURE_BAND
        return self.width, self.height

    def draw(self) -> None:
        self.writer.draw(self.canv, 0, STAMP_HEIGHT - 4 * mm, "签章区 Signature area", 7, "left", MUTED)


class Furniture:
    """Draws the furniture of one document."""

    def __init__(self, meta: DocumentMeta, writer: Writer, watermark: str | None = None) -> None:
        self.meta = meta
        self.writer = writer
        self.watermark = watermark  # a draft's, drawn over every page
        chain = writer.chain
        # Check everything the furniture will draw before any layout work.
        for label, text in (("机构名称", meta.institution.name), ("文档标题", meta.title),
                            ("文档编号", meta.doc_id), ("水印", watermark or "")):
            chain.check(text, label)

    def draw_static(self, canv: Canvas, width: float, height: float) -> None:
        """What every page shares (drawn once into a form)."""
        meta, w = self.meta, self.writer
        top = height - 11 * mm
        w.draw(canv, MARGIN_X, top, meta.institution.name, 11)
        w.draw(canv, width - MARGIN_X, top, meta.title, 9, "right", MUTED)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, top - 3 * mm, width - MARGIN_X, top - 3 * mm)
        bottom = 9 * mm
        canv.line(MARGIN_X, bottom + QR_SIZE + 1.5 * mm, width - MARGIN_X, bottom + QR_SIZE + 1.5 * mm)
        lines = [f"文档编号 Document ID：{meta.doc_id}",
                 f"内容 SHA-256：{meta.sha256}",
                 f"审计锚点 Audit anchor：#{meta.anchor.seq} {meta.anchor.head_hash}",
                 "SHA-256 为文档内容规范化序列（rehab-document/1）的摘要；锚点为签发时审计哈希链的链头。"]
        y = bottom + QR_SIZE - 4 * mm
        for i, line in enumerate(lines):
            w.draw(canv, MARGIN_X, y - i * 4.2 * mm, line, 6.8 if i < 3 else 6.2, "left", MUTED)
        draw_qr(canv, meta.qr_payload, width - MARGIN_X - QR_SIZE, bottom, QR_SIZE)

    def draw_page_number(self, canv: Canvas, width: float, height: float, page: int, total: int) -> None:
        self.writer.draw(canv, width - MARGIN_X - QR_SIZE - 3 * mm, 9 * mm + 1 * mm,
                         f"第 {page} 页 共 {total} 页", 8.5, "right")


def draw_qr(canv: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """ReportLab's QR code of ``payload`` (level M, no quiet zone) in the square ``size``
    wide at ``(x, y)``: its modules (``qr_mask.matrix``) as a filled rectangle for each run of
    dark modules in a row, in module units under one scaling transform, written as one
    literal. (ReportLab's widget draws through renderPDF, which selects its default font, a
    non-embedded Helvetica that PDF/A forbids; a ``canv.rect`` per run cost 1–2 ms in
    number formatting.) Each rectangle is filled by itself, as before: poppler snaps a lone
    rectangle to the pixel grid but not the parts of one big path, which at screen
    resolutions rendered the code visibly softer."""
    rows = qr_mask.matrix(payload)
    count = len(rows)
    runs = []
    for r, row in enumerate(rows):
        bottom = count - 1 - r
        runs += [f"{m.start()} {bottom} {m.end() - m.start()} 1 re f" for m in DARK_RUN.finditer(row)]
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    canv.transform(size / count, 0, 0, size / count, x, y)
    canv.addLiteral("\n".join(runs))
    canv.restoreState()


class FurnishedCanvas(TextCanvas):
    """A canvas that defers the furniture until the page count is known (its strings
    drawn as ``TextCanvas`` does)."""

    def __init__(self, *args: object, furniture: Furniture, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        width, height = self._pagesize
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if number == 1:
                self.beginForm(FORM)
                self._furniture.draw_static(self, width, height)
                self.endForm()
            self.saveState()
            self.doForm(FORM)
            self._furniture.draw_page_number(self, width, height, number, total)
            if self._furniture.watermark:
                draw_watermark(self._furniture.writer, self._furniture.watermark, self, width, height)
            self.restoreState()
            super().showPage()
        super().save()


def draw_watermark(writer: Writer, text: str, canv: Canvas, width: float, height: float) -> None:
    """``text`` along the page's diagonal, as light grey outlined letters over the content:
    only the thin outlines cross the page's text, which stays readable, and no table's
    shading can hide it. Real text (each character font-checked), so it can be searched and
    extracted; no transparency (PDF/A-safe)."""
    size = min(float(WATERMARK_SIZE), 0.8 * math.hypot(width, height) / max(writer.width(text, 1), 1.0))
    canv.saveState()
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    canv.setStrokeColor(WATERMARK_GREY)
    canv.setLineWidth(0.8)
    line = canv.beginText(-writer.width(text, size) / 2, -size / 3)
    line.setTextRenderMode(1)  # stroke only: the outline of each letter
    for font, part in writer.chain.runs(text):
        line.setFont(font, size)
        line.textOut(part)
    canv.drawText(line)
    canv.restoreState()
