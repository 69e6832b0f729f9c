"""XLSX for people and machines at once: amounts and counts as numbers (with a number
format, so ``SUM`` gives the total), codes, ID and case numbers as text (leading zeros
kept), a Chinese header row for people and a second row with the machine field names,
the two header rows frozen, columns fitted to their content, and an optional last row
adding each number column up with a ``SUM`` formula.

(``data_files.to_xlsx`` writes the claim's data files, every value as text, for the
settlement systems; this module writes the spreadsheets people add up.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from desktop_app.clock import CHINA
from desktop_app.domain.text_width import display_width
from desktop_app.domain.typed_text import needs_neutralising

Kind = Literal["text", "money", "count", "number"]  # number: a measure (mean, %, days)
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
NUMBER_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
HEADER_ROWS = 2  # the Chinese header, then the machine field names
MAX_WIDTH = 60
NUMBER_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "number": NUMBER_FORMAT}


@dataclass(frozen=True)
class Column:
    header: str  # for people (Chinese)
    field: str  # for machines
    kind: Kind = "text"


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    total_label: str = ""  # when set, a last row with this label and a SUM per number column


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _cell_value(value: object, kind: Kind) -> object:
    if value is None:
        return None
    if kind == "money":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if kind == "count":
        return int(str(value))
    if kind == "number":
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    return str(value)


def workbook(sheets: Sequence[Sheet], when: datetime) -> bytes:
    """The sheets as XLSX bytes (workbook properties dated ``when``, China time)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    bold, machine = Font(bold=True), Font(italic=True, color="666666")
    shade = PatternFill("solid", fgColor="E8EDF3")
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.append([c.header for c in spec.columns])
        sheet.append([c.field for c in spec.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = bold, shade
        for cell in sheet[2]:
            cell.font = machine
        widths = [max(display_width(c.header), display_width(c.field)) for c in spec.columns]
        # Row numbers counted here: ``sheet.max_row`` scans every cell, once a row.
        for number, row in enumerate(spec.rows, start=HEADER_ROWS + 1):
            sheet.append([_cell_value(v, c.kind) for v, c in zip(row, spec.columns, strict=True)])
            for i, (cell, column) in enumerate(zip(sheet[number], spec.columns, strict=True)):
                _format(cell, column.kind)
                shown = f"{cell.value:,.2f}" if column.kind == "money" and cell.value is not None \
                    else str(cell.value if cell.value is not None else "")
                widths[i] = max(widths[i], display_width(shown))
        if spec.total_label and spec.rows:
            first, last = HEADER_ROWS + 1, HEADER_ROWS + len(spec.rows)
            total: list[object] = []
            for i, column in enumerate(spec.columns, start=1):
                letter = column_letter(i)
                if column.kind == "text":
                    total.append(spec.total_label if not total else None)
                else:
                    total.append(f"=SUM({letter}{first}:{letter}{last})")
            sheet.append(total)
            for cell, column in zip(sheet[HEADER_ROWS + len(spec.rows) + 1], spec.columns, strict=True):
                cell.font = bold
                if column.kind != "text":
                    cell.number_format = NUMBER_FORMATS[column.kind]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[column_letter(i)].width = min(width + 2, MAX_WIDTH)
        sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    stamp = when.astimezone(CHINA).replace(tzinfo=None, microsecond=0)
    props = book.properties
    props.creator = props.lastModifiedBy = "rehab-archive"
    props.created = props.modified = stamp
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _format(cell: Any, kind: Kind) -> None:
    """Numbers get their display format; text stays text, and text a spreadsheet could
    run (``= + - @``…) is stored as a quote-prefixed string, never a formula."""
    if kind != "text":
        cell.number_format = NUMBER_FORMATS[kind]
    else:
        cell.number_format = TEXT_FORMAT
        value = cell.value
        if isinstance(value, str):
            cell.data_type = "s"
            if needs_neutralising(value):
                cell.quotePrefix = True
