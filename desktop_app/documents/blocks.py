"""Flowables the documents share: tables, label/value grids, signature images and blocks."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from desktop_app.documents.text import INK, RULE, SHADE, Writer
from desktop_app.domain.vocabulary import zh

Align = str  # "left" / "right" / "center"
CELL_FONT_SIZE = 8.5
CELL_LEADING = 11
CELL_PADDING = 3


_CELL_DEFAULTS: dict[str, type[CellStyle]] = {}


def cell_styles(font: str, rows: int, columns: int) -> list[list[CellStyle]]:
    """Each cell's style, starting from what ``base_table_style``'s cell commands set (font,
    ink, size, leading, padding, middle alignment): a data table of 80,000 cells passes them
    as its cells' defaults instead of applying nine commands to every cell (the same PDF)."""
    kind = _CELL_DEFAULTS.get(font)
    if kind is None:
        kind = _CELL_DEFAULTS[font] = type("DataCell", (CellStyle,), {
            "fontname": font, "color": INK, "fontsize": CELL_FONT_SIZE, "leading": CELL_LEADING,
            "valign": "MIDDLE", "leftPadding": CELL_PADDING, "rightPadding": CELL_PADDING,
            "topPadding": 2, "bottomPadding": 2})
    return [[kind(repr((i, j))) for j in range(columns)] for i in range(rows)]


def base_table_style(font: str, header_rows: int) -> list[tuple[object, ...]]:
    """Grid, padding and — always — the embedded font (a table's default is Helvetica,
    which would be referenced, unembedded, even when every cell is a paragraph); cells
    drawn as plain strings (``cell``) get the paragraphs' size, leading and ink."""
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
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
    """A table with a repeated header row, its cells made by ``cell``: plain strings where
    they need no wrapping (far cheaper to lay out than paragraphs: a 200-page fee list has
    ~80,000 cells), paragraphs where they do."""
    styles = {"left": w.styles.cell, "right": w.styles.cell_right, "center": w.styles.cell_center}
    aligns = aligns or ["left"] * len(header)
    room = [width - 2 * CELL_PADDING for width in widths]
    body = [[cell(w, value, styles[align], fit) for value, align, fit in zip(row, aligns, room, strict=True)]
            for row in rows]
    head = [cell(w, h, w.styles.head_cell, fit) for h, fit in zip(header, room, strict=True)]
    table = LongTable([head, *body], colWidths=list(widths), repeatRows=1,
                      cellStyles=cell_styles(w.chain.main, len(body) + 1, len(widths)))
    style = [command for command in base_table_style(w.chain.main, 1)
             if command[0] in ("GRID", "BACKGROUND")]  # the cells' own: ``cell_styles``
    style.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))  # the header's strings, as head_cell
    style += [("ALIGN", (c, 1), (c, -1), align.upper()) for c, align in enumerate(aligns)]
    table.setStyle(TableStyle([*style, *extra_style]))
    return table


def plain(w: Writer, text: str, room: float, size: float = CELL_FONT_SIZE) -> bool:
    """True if ``text`` drawn as a table's plain string looks as its paragraph would: every
    line (``\n`` breaks it) in the main font, no wider than ``room`` at ``size``, and with
    no whitespace a paragraph would collapse (leading, trailing, doubled, tabs)."""
    key = (w.chain.main, text, room, size)
    known = _PLAIN.get(key)
    if known is not None:
        return known
    if len(_PLAIN) >= _LINES_KEPT:
        _PLAIN.clear()
    answer = _PLAIN[key] = all(
        " ".join(line.split()) == line and w.chain.single_font(line)
        and pdfmetrics.stringWidth(line, w.chain.main, size) <= room for line in text.split("\n"))
    return answer


# (font, text, room, size) → ``plain``'s answer: dates, counts, names and codes recur on every
# row of a table and in every claim of a batch.
_PLAIN: dict[tuple[str, str, float, float], bool] = {}


def cell(w: Writer, value: object, style: ParagraphStyle, room: float) -> object:
    """A table cell of ``room`` points' width (inside the padding) for ``value``, drawn as
    its paragraph in ``style`` would be, at a fraction of the layout work: a plain string
    where it needs no wrapping (``plain``), the paragraph's own lines as a multi-line string
    where it wraps in the main font (``wrapped_lines``), else the paragraph itself (a
    fallback font, or a style the table's FONTSIZE/LEADING do not match:
    ``base_table_style`` gives the cell styles'). A table draws a string where the
    paragraph would draw its lines, at the table's ALIGN, which must be the style's.
    Checked against the fonts either way."""
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    if style.fontSize == CELL_FONT_SIZE and style.leading == CELL_LEADING and style.fontName == w.chain.main:
        if plain(w, text, room):
            return text
        lines = wrapped_lines(w, text, style, room)
        if lines is not None:
            return "\n".join(lines)
    return w.para(text, style)


# (font, size, text, room) → the lines a paragraph breaks the text into, or None: the same
# item names, therapists and places recur on every row and in every claim of a batch.
_LINES: dict[tuple[str, float, str, float], tuple[str, ...] | None] = {}
_LINES_KEPT = 20_000
_UNKNOWN = object()


def wrapped_lines(w: Writer, text: str, style: ParagraphStyle, room: float) -> tuple[str, ...] | None:
    """The lines ReportLab's paragraph of ``text`` in ``style`` (``Writer.para``) draws at
    ``room`` points — its CJK line breaking, kinsoku and quirks included (a line that
    overflows by a closing bracket before a ``\n`` is followed by an empty one) — or None
    unless every line is one run in the main font, drawn without word spacing, and the
    lines hold the text's characters (only spaces at a break may go)."""
    key = (style.fontName, style.fontSize, text, room)
    known = _LINES.get(key, _UNKNOWN)  # one lookup: another thread may clear the cache meanwhile
    if known is not _UNKNOWN:
        return known  # type: ignore[return-value]  # a stored answer
    if len(_LINES) >= _LINES_KEPT:
        _LINES.clear()
        _SHAPES.clear()
    result = _LINES[key] = _shaped_lines(w, text, style, room)
    return result


# (font, size, room, the text's lines with each that fits in the room as None) → the
# paragraph's lines as literal strings and slots for those (``_shaped_lines``).
_SHAPES: dict[tuple[object, ...], tuple[str | int, ...] | None] = {}


def _shaped_lines(w: Writer, text: str, style: ParagraphStyle, room: float) -> tuple[str, ...] | None:
    """``_paragraph_lines``, reused across texts that differ only in lines (between ``\n``)
    that fit in the room, such as a signature's time and digest beside a line that wraps:
    a forced break starts a new line, so such a line is laid out as itself whatever its
    neighbours say. The first text of a shape is broken by the paragraph and checked to
    hold each fitting line as one line of its own; later ones fill those slots."""
    parts = text.split("\n")
    fits = [bool(part) and plain(w, part, room) for part in parts]
    if len(parts) < 2 or not any(fits) or all(fits):
        return _paragraph_lines(w, text, style, room)
    shape = (style.fontName, style.fontSize, room,
             *(None if fit else part for part, fit in zip(parts, fits, strict=True)))
    known = _SHAPES.get(shape, _UNKNOWN)
    if known is _UNKNOWN:
        lines = _paragraph_lines(w, text, style, room)
        _SHAPES[shape] = None if lines is None else _template(lines, parts, fits)
        return lines
    if known is None:
        return _paragraph_lines(w, text, style, room)
    template: tuple[str | int, ...] = known  # type: ignore[assignment]  # a stored template
    return tuple(parts[item] if isinstance(item, int) else item for item in template)


def _template(lines: tuple[str, ...], parts: list[str], fits: list[bool]) -> tuple[str | int, ...] | None:
    """The paragraph's ``lines`` of ``parts`` with each fitting part's line as its index, or
    None unless each fitting part is exactly one line of its own and each other part's lines
    hold its characters (and at most the empty line the paragraph adds after an overflow)."""
    template: list[str | int] = []
    at = 0
    for index, (part, fit) in enumerate(zip(parts, fits, strict=True)):
        if fit:
            if at >= len(lines) or lines[at] != part:
                return None
            template.append(index)
            at += 1
            continue
        wanted, taken = part.replace(" ", ""), ""
        while at < len(lines) and len(taken) < len(wanted):
            taken += lines[at].replace(" ", "")
            template.append(lines[at])
            at += 1
        if taken != wanted:
            return None
        if index + 1 < len(parts) and at < len(lines) and lines[at] == "":
            template.append("")  # the paragraph's empty line after an overflowing one
            at += 1
    return tuple(template) if at == len(lines) else None


def _paragraph_lines(w: Writer, text: str, style: ParagraphStyle, room: float) -> tuple[str, ...] | None:
    parts = text.split("\n")
    if any(" ".join(part.split()) != part for part in parts) or not all(map(w.chain.single_font, parts)):
        return None  # whitespace a paragraph collapses, or a fallback font
    paragraph = w.para(text, style)
    paragraph.wrap(room, 1e9)
    broken = paragraph.blPara
    lines: list[tuple[float, str, int]] = []  # (extra space, text drawn, words)
    if broken.kind == 0:  # one plain run: (extra space, words)
        lines = [(extra, " ".join(words), len(words)) for extra, words in broken.lines]
    else:  # runs with line breaks: FragLines of frags
        for line in broken.lines:
            if any(frag.fontName != style.fontName or frag.fontSize != style.fontSize or frag.rise
                   or frag.link or frag.us_lines or getattr(frag, "cbDefn", None) for frag in line.words):
                return None
            lines.append((line.extraSpace, "".join(frag.text for frag in line.words), line.wordCount))
    if any(extra < -1e-8 and words > 1 for extra, _text, words in lines):
        return None  # a line too wide with spaces in it is squeezed by word spacing
    drawn = tuple(line for _extra, line, _words in lines)
    if "".join(drawn).replace(" ", "") != "".join(parts).replace(" ", ""):
        return None
    return drawn


def field_grid(w: Writer, pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Label/value pairs, ``columns`` pairs per row."""
    label_w = 24 * mm
    value_w = width / columns - label_w
    rows: list[list[object]] = []
    for start in range(0, len(pairs), columns):
        row: list[object] = []
        for label, value in pairs[start:start + columns]:
            row += [cell(w, label, w.styles.cell, label_w - 2 * CELL_PADDING),
                    cell(w, value, w.styles.cell, value_w - 2 * CELL_PADDING)]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    table = Table(rows, colWidths=[label_w, value_w] * columns)
    style = base_table_style(w.chain.main, 0)
    style += [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in range(0, 2 * columns, 2)]
    table.setStyle(TableStyle(style))
    return table


def png_image(png: bytes, width: float, height: float) -> SignatureImage:
    """A PNG (e.g. a handwritten signature from ``domain/strokes.render_png``) scaled to fit
    ``width`` × ``height`` with its aspect ratio kept."""
    return SignatureImage(png, width, height)


# PNG digest → its size in pixels: an execution sheet shows each day's signature on each
# of that day's rows, and its registry again.
_PNG_SIZES: dict[str, tuple[int, int]] = {}
_PNG_SIZES_KEPT = 4096


class SignatureImage(Flowable):
    """A PNG drawn at ``width`` × ``height`` at most (its aspect ratio kept), each distinct
    image decoded and stored once per document as a form (``png_form``) that every place
    showing it draws: a sheet's sessions repeat the same signatures, and decoding, hashing and
    placing an image at each place was a third of the execution sheet's build time."""

    def __init__(self, png: bytes, width: float, height: float) -> None:
        super().__init__()
        self.png = png
        self.digest = hashlib.sha256(png).hexdigest()
        size = _PNG_SIZES.get(self.digest)
        if size is None:
            if len(_PNG_SIZES) >= _PNG_SIZES_KEPT:
                _PNG_SIZES.clear()
            size = _PNG_SIZES[self.digest] = ImageReader(io.BytesIO(png)).getSize()
        self.pixels = size
        scale = min(width / size[0], height / size[1])
        self.width, self.height = size[0] * scale, size[1] * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        name = png_form(self.canv, self.png, self.digest, self.pixels)
        self.canv.saveState()
        self.canv.scale(self.width / self.pixels[0], self.height / self.pixels[1])
        self.canv.doForm(name)
        self.canv.restoreState()


def png_form(canv: Canvas, png: bytes, digest: str, pixels: tuple[int, int]) -> str:
    """The name of the form that draws ``png`` one point per pixel, made on first use in
    this document."""
    name = f"png{digest[:32]}"
    if not canv.hasForm(name):
        canv.beginForm(name, 0, 0, pixels[0], pixels[1])
        canv.drawImage(ImageReader(io.BytesIO(png)), 0, 0, pixels[0], pixels[1], mask="auto")
        canv.endForm()
    return name


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
    rest = width - 52 * mm
    widths = [rest * 0.32, rest * 0.28, rest * 0.40, 52 * mm]
    room = [each - 2 * CELL_PADDING for each in widths]
    rows: list[list[object]] = [[cell(w, h, w.styles.head_cell, fit)
                                 for h, fit in zip(header, room, strict=True)]]
    for number, mark in enumerate(marks, start=1):
        signer = mark.signer_name + (f"（{mark.relationship}）" if mark.relationship else "")
        how = f"{mark.signed_at}\n{zh(METHOD_LABELS, mark.method)}"
        if mark.timing:
            how += f"\n{mark.timing}"
        if mark.content_sha256:
            how += f"\n签名摘要 {mark.content_sha256[:16]}"
        image: object = (png_image(mark.image_png, 50 * mm, 16 * mm) if mark.image_png
                         else cell(w, f"（{mark.signer_name}）", w.styles.cell_center, room[3]))
        meaning = f"（{number}）{mark.meaning}" if numbered else mark.meaning
        rows.append([cell(w, meaning, w.styles.cell, room[0]), cell(w, signer, w.styles.cell, room[1]),
                     cell(w, how, w.styles.cell, room[2]), image])
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = base_table_style(w.chain.main, 1)
    style.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))  # the header's strings, as head_cell
    style.append(("ALIGN", (3, 1), (3, -1), "CENTER"))
    table.setStyle(TableStyle(style))
    return table


def gap(height: float = 3 * mm) -> Spacer:
    return Spacer(1, height)
