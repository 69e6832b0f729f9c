"""The claim workbook as ``data_files.to_xlsx`` wrote it with openpyxl until issue 17 item 8
(kept as the reference the directly written workbook is compared with, cell by cell)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from desktop_app.clock import CHINA
from desktop_app.documents.data_files import COUNT, MONEY, NUMBER, TEXT, Field
from desktop_app.documents.zipfiles import deterministic_zip, read_zip
from desktop_app.domain.typed_text import needs_neutralising


def old_to_xlsx(sheets: Sequence[tuple[str, Sequence[str | Field], Sequence[dict[str, str]]]],
            when: datetime) -> bytes:
    """An XLSX with one sheet per table, fixed workbook properties and zip entries:
    deterministic. Columns given as plain names: one header row, every value as text. Columns
    given as ``Field``: for people and systems both — a Chinese header row, then the machine
    names, both frozen; amounts and counts as numbers (``SUM`` gives the total; amounts shown
    with thousands separators and two decimals), codes and ids as text cells formatted ``@``
    (leading zeros, 18-digit IDs and the X kept, never in scientific notation); fitted widths."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        fields = [c if isinstance(c, Field) else None for c in columns]
        names = [c.name if isinstance(c, Field) else c for c in columns]
        typed = all(f is not None for f in fields) and bool(fields)
        if typed:
            sheet.append([f.zh for f in fields if f is not None])
        sheet.append(names)
        # Row numbers counted here, and a row's cells taken by their column: ``sheet.max_row``
        # and ``sheet[number]`` (its ``max_column``) scan every cell, once a row.
        for number, row in enumerate(rows, start=3 if typed else 2):
            if typed:
                sheet.append([_cell(f, row[f.name]) for f in fields if f is not None])
            else:
                sheet.append([_xml_text(row[c]) for c in names])
            cells = [sheet.cell(number, column) for column in range(1, len(names) + 1)]
            if typed:
                _format(cells, [f for f in fields if f is not None])
            _keep_as_text(cells)
        sheet.freeze_panes = "A3" if typed else "A2"
        if typed:
            for index, field in enumerate(fields, 1):
                assert field is not None
                texts = [field.zh, field.name, *(row[field.name] for row in rows)]
                sheet.column_dimensions[get_column_letter(index)].width = _width(texts, field)
    stamp = when.astimezone(CHINA).replace(tzinfo=None, microsecond=0)
    props = book.properties
    props.creator = props.lastModifiedBy = "rehab-archive"
    props.created = props.modified = stamp
    raw = io.BytesIO()
    book.save(raw)
    entries = read_zip(raw.getvalue())
    # openpyxl stamps the save time into docProps/core.xml whatever ``modified`` says.
    entries["docProps/core.xml"] = _fixed_core(entries["docProps/core.xml"], stamp)
    ordered = {"[Content_Types].xml": entries.pop("[Content_Types].xml"), **dict(sorted(entries.items()))}
    return deterministic_zip(ordered, sort=False)


MONEY_FORMAT = "#,##0.00"  # thousands separators, to the fen
PRICE_FORMAT = "#,##0.00##"  # unit prices may carry four decimals
_NUMBER_FORMATS = {MONEY: MONEY_FORMAT, NUMBER: PRICE_FORMAT, COUNT: "General", TEXT: "@"}


def _cell(field: Field, text: str) -> object:
    """The cell value: a Decimal for a number (exact, never through float), None for an
    empty one, the text otherwise."""
    if field.kind == TEXT:
        return _xml_text(text)
    return Decimal(text) if text else None


def _format(cells: Sequence[Any], fields: Sequence[Field]) -> None:
    for cell, field in zip(cells, fields, strict=True):
        cell.number_format = "General" if field.name == "selfpay_prop" else _NUMBER_FORMATS[field.kind]


def _width(texts: Sequence[str], field: Field) -> float:
    """Characters wide enough for the longest of header and values (CJK counts double; an
    amount gains its thousands separators), between 6 and 60."""
    def shown(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    longest = max(shown(t) for t in texts)
    if field.kind == MONEY:
        longest += longest // 3
    return float(min(60, max(6, longest + 2)))


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: str) -> str:
    """Control characters XML cannot hold (openpyxl refuses them) in OOXML's escaped form
    ``_x0007_``, as Excel writes them; text without them is unchanged."""
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def _keep_as_text(cells: Sequence[Any]) -> None:
    """openpyxl makes any text starting with ``=`` a formula: store it as a string cell, and
    mark text a spreadsheet could run (``= + - @``…) quote-prefixed so that editing the cell
    keeps it text. Other cells are left alone (the same bytes as before)."""
    for cell in cells:
        if isinstance(cell.value, str) and needs_neutralising(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _fixed_core(core: bytes, stamp: datetime) -> bytes:
    text = core.decode("utf-8")
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{iso}\g<3>", text)
    return text.encode("utf-8")
