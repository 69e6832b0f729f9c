"""Flowables the documents share: tables, label/value grids, signature images and blocks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, LongTable, Spacer, Table, TableStyle

from desktop_app.documents.text import RULE, SHADE, Writer
from desktop_app.domain.vocabulary import zh

Align = str  # "left" / "right" / "center"
CELL_FONT_SIZE = 8.5
CELL_LEADING = 11
CELL_PADDING = 3


def base_table_style(font: str, header_rows: int) -> list[tuple[object, ...]]:
    """Grid, padding and — always — the embedded font (a table's default is Helvetica,
    which would be referenced, unembedded, even when every cell is a paragraph)."""
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    return style


def data_table(w: Writer, header: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[float], aligns: Sequence[Align] | None = None,
               extra_style: Sequence[tuple[object, ...]] = ()) -> Table:
    """A table with a repeated header row. A cell that fits on one line in the main font
    is drawn as a plain string (checked against the font, and far cheaper to lay out
    than a paragraph: a 200-page fee list has ~80,000 cells); anything else becomes a
    paragraph that wraps and may switch to a fallback font."""
    styles = {"left": w.styles.cell, "right": w.styles.cell_right, "center": w.styles.cell_center}
    aligns = aligns or ["left"] * len(header)
    room = [width - 2 * CELL_PADDING for width in widths]
    body = [[_cell(w, cell, styles[align], fit) for cell, align, fit in zip(row, aligns, room, strict=True)]
            for row in rows]
    head = [w.para(h, w.styles.head_cell) for h in header]
    table = LongTable([head, *body], colWidths=list(widths), repeatRows=1)
    style = base_table_style(w.chain.main, 1)
    style += [("ALIGN", (c, 1), (c, -1), align.upper()) for c, align in enumerate(aligns)]
    table.setStyle(TableStyle([*style, *extra_style]))
    return table


def _cell(w: Writer, value: object, style: ParagraphStyle, room: float) -> object:
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    if "\n" not in text and w.chain.single_font(text) and (
            pdfmetrics.stringWidth(text, w.chain.main, CELL_FONT_SIZE) <= room):
        return text
    return w.para(text, style)


def field_grid(w: Writer, pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Label/value pairs, ``columns`` pairs per row."""
    label_w = 24 * mm
    value_w = width / columns - label_w
    rows: list[list[object]] = []
    for start in range(0, len(pairs), columns):
        row: list[object] = []
        for label, value in pairs[start:start + columns]:
            row += [w.para(label, w.styles.cell), w.para(value, w.styles.cell)]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    table = Table(rows, colWidths=[label_w, value_w] * columns)
    style = base_table_style(w.chain.main, 0)
    style += [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in range(0, 2 * columns, 2)]
    table.setStyle(TableStyle(style))
    return table


def png_image(png: bytes, width: float, height: float) -> Image:
    """A PNG (e.g. a handwritten signature from ``domain/strokes.render_png``) scaled to fit
    ``width`` × ``height`` with its aspect ratio kept."""
    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    scale = min(width / iw, height / ih)
    return Image(io.BytesIO(png), iw * scale, ih * scale)


@dataclass(frozen=True)
class SignatureMark:
    """A signature as a document shows it (from the ``signature`` table)."""

    meaning: str  # e.g. 患者确认治疗方案, 医师签名
    signer_name: str
    signed_at: str  # China-local "YYYY-MM-DD HH:MM"
    method: str  # password / handwritten / scan
    image_png: bytes | None = None  # the handwritten signature, if any
    relationship: str = ""  # for someone signing for the patient
    content_sha256: str = ""  # the signature's own hash (services/integrity/signing.py)
    timing: str = ""  # 签署时效: its delay from the event it signs (domain.signature_timing)


METHOD_LABELS = {"password": "电子签名（口令确认）", "handwritten": "手写电子签名", "scan": "纸质签名扫描件"}


def signature_block(w: Writer, marks: Sequence[SignatureMark], width: float, *,
                    numbered: bool = False) -> Table:
    """One row per signature: meaning, signer, time and method, and the image if handwritten."""
    header = ("签名事项", "签名人", "签名时间、方式", "签名")
    rows: list[list[object]] = [[w.para(h, w.styles.head_cell) for h in header]]
    for number, mark in enumerate(marks, start=1):
        signer = mark.signer_name + (f"（{mark.relationship}）" if mark.relationship else "")
        how = f"{mark.signed_at}\n{zh(METHOD_LABELS, mark.method)}"
        if mark.timing:
            how += f"\n{mark.timing}"
        if mark.content_sha256:
            how += f"\n签名摘要 {mark.content_sha256[:16]}"
        image: object = (png_image(mark.image_png, 50 * mm, 16 * mm) if mark.image_png
                         else w.para(f"（{mark.signer_name}）", w.styles.cell_center))
        meaning = f"（{number}）{mark.meaning}" if numbered else mark.meaning
        rows.append([w.para(meaning, w.styles.cell), w.para(signer, w.styles.cell),
                     w.para(how, w.styles.cell), image])
    rest = width - 52 * mm
    table = Table(rows, colWidths=[rest * 0.32, rest * 0.28, rest * 0.40, 52 * mm], repeatRows=1)
    style = base_table_style(w.chain.main, 1)
    style.append(("ALIGN", (3, 1), (3, -1), "CENTER"))
    table.setStyle(TableStyle(style))
    return table


def gap(height: float = 3 * mm) -> Spacer:
    return Spacer(1, height)
