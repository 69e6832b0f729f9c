"""Text in the checked fonts: paragraph styles, paragraphs and canvas strings.

Every string a document draws passes through here, so none escapes the cmap check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

from desktop_app.documents.fonts import FontChain

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#888888")
SHADE = colors.HexColor("#e8edf3")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    head_cell: ParagraphStyle
    hash_cell: ParagraphStyle  # 64 hex digits in two lines


def make_styles(font: str) -> Styles:
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, textColor=INK,
                          wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
    return Styles(
        title=ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER,
                             spaceAfter=6),
        heading=ParagraphStyle("heading", parent=base, fontSize=11.5, leading=16, spaceBefore=8,
                               spaceAfter=4),
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        head_cell=ParagraphStyle("head_cell", parent=cell, alignment=TA_CENTER),
        hash_cell=ParagraphStyle("hash_cell", parent=cell, fontSize=6.5, leading=8),
    )


class _Paragraph(Paragraph):
    """A paragraph that breaks its lines once per width: a table wraps each cell to measure
    it, again when it splits at a page end and again to draw it, always at the column's
    width; the lines depend on nothing else (not on the height offered), so the same ones
    are kept (unless a split dropped them)."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth != self._wrapped_at or availWidth < _FUZZ or "blPara" not in self.__dict__:
            size = super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth if availWidth >= _FUZZ else None
            return size
        return self.width, self.height


class Writer:
    """Makes paragraphs and draws canvas strings, checking each character first."""

    def __init__(self, chain: FontChain) -> None:
        self.chain = chain
        self.styles = make_styles(chain.main)

    def para(self, text: object, style: ParagraphStyle | None = None, where: str = "") -> Paragraph:
        return _Paragraph(self.chain.markup("" if text is None else str(text), where),
                         style or self.styles.body)

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(part, font, size) for font, part in self.chain.runs(text))

    def draw(self, canv: Canvas, x: float, y: float, text: str, size: float,
             align: Literal["left", "right", "center"] = "left", color: colors.Color = INK) -> None:
        """Draw one line at ``(x, y)``, switching font per run."""
        runs = self.chain.runs(text)
        if align != "left":
            total = sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs)
            x -= total if align == "right" else total / 2
        canv.setFillColor(color)
        for font, part in runs:
            canv.setFont(font, size)
            canv.drawString(x, y, part)
            x += pdfmetrics.stringWidth(part, font, size)
