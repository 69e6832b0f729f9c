"""A HIS export of charges as a file: CSV (UTF-8 with or without BOM, else GBK/GB18030,
comma or tab separated) or XLSX (the first sheet, read-only), turned into the rows
``domain.charges_csv`` checks. The columns are those of ``domain.charges_csv``.

A workbook's cells are read as text the way the CSV reader sees them; a formula cell is
refused (its value is not what was charged), and so is a code typed as a number (a
spreadsheet drops its leading zeros — ENGINEERING.md, spreadsheets and CSV).
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.catalogue_file import _cell_text, decode_csv_bytes
from desktop_app.domain.charges_csv import ALIASES, ChargeRow, parse_table, row_error
from desktop_app.errors import FieldError

CODE_COLUMNS = frozenset({"national_code", "dept_code", "physician_code"})


@dataclass(frozen=True)
class ParsedCharges:
    rows: tuple[ChargeRow, ...]
    errors: tuple[FieldError, ...]
    encoding: str  # utf-8, utf-8-sig, gb18030, xlsx ("" when unreadable)


def _failure(zh: str, en: str, encoding: str = "") -> ParsedCharges:
    return ParsedCharges((), (FieldError("文件", zh, en, key="file"),), encoding)


def parse_charge_file(data: bytes, filename: str) -> ParsedCharges:
    """Read and check a charges file; ``filename`` gives its type."""
    suffix = Path(filename).suffix.lower()
    if not data.strip():
        return _failure("文件为空", "The file is empty")
    if data[:4] == b"PK\x03\x04" or suffix in {".xlsx", ".xlsm"}:
        return _xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix == ".xls":
        return _failure("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV",
                        "Old Excel (.xls) files are not supported; save as .xlsx or CSV")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _failure("不支持 UTF-16 编码，请另存为 UTF-8 或 GBK 编码的 CSV",
                        "UTF-16 text is not supported; save as CSV in UTF-8 or GBK")
    decoded = decode_csv_bytes(data)
    if decoded is None:
        return _failure("无法识别文件编码（应为 UTF-8 或 GBK/GB18030）",
                        "Unrecognised text encoding (expected UTF-8 or GBK/GB18030)")
    text, encoding = decoded
    if "\x00" in text:
        return _failure("文件含有空字符，不是 CSV 文本", "The file contains NUL bytes: not CSV text",
                        encoding)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        rows, errors = parse_table(enumerate(reader, start=1))
    except csv.Error as exc:
        return _failure(f"CSV 格式错误（第{reader.line_num}行）：{exc}",
                        f"Malformed CSV (line {reader.line_num}): {exc}", encoding)
    return ParsedCharges(tuple(rows), tuple(errors), encoding)


def _xlsx(data: bytes) -> ParsedCharges:
    import openpyxl  # imported here: CSV users need not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a damaged file fails in many ways (zip, XML, openpyxl)
        detail = str(exc) or type(exc).__name__
        return _failure(f"无法读取 Excel 工作簿：{detail}", f"Cannot read the Excel workbook: {detail}",
                        "xlsx")
    try:
        if not workbook.worksheets:
            return _failure("工作簿中没有工作表", "The workbook has no sheet", "xlsx")
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers record a wrong size: read every row
        table: list[tuple[int, list[str]]] = []
        cell_errors: list[FieldError] = []
        header: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
                values = [cell.value for cell in cells]
                texts = [_cell_text(v) for v in values]
                if number == 1:
                    header = [ALIASES.get(t.strip(), t.strip()) for t in texts]
                else:
                    cell_errors += _cell_problems(number, header, cells, values)
                table.append((number, texts))
    except Exception as exc:  # damaged sheet XML
        detail = str(exc) or type(exc).__name__
        return _failure(f"无法读取 Excel 工作簿：{detail}", f"Cannot read the Excel workbook: {detail}",
                        "xlsx")
    finally:
        workbook.close()
    # Trailing empty cells of a row are not columns (openpyxl reads the sheet's full width).
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    trimmed = _trim(table, width)
    rows, errors = parse_table(trimmed)
    return ParsedCharges(() if cell_errors else tuple(rows), tuple(cell_errors + errors), "xlsx")


def _trim(table: list[tuple[int, list[str]]], width: int) -> Iterator[tuple[int, list[str]]]:
    for number, texts in table:
        extra = texts[width:]
        yield number, (texts[:width] if not any(t.strip() for t in extra) else texts)


def _cell_problems(number: int, header: list[str], cells: tuple[object, ...],
                   values: list[object]) -> list[FieldError]:
    problems = []
    for column, cell, value in zip(header, cells, values, strict=False):
        if getattr(cell, "data_type", None) == "f":
            problems.append(row_error(number, column or "*", "单元格是公式，请粘贴为数值",
                                      "the cell holds a formula; paste its value instead"))
        elif column in CODE_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool):
            problems.append(row_error(number, column, "编码须为文本单元格（数字单元格会丢失前导零）",
                                      "a code must be a text cell (a number cell loses leading zeros)"))
    return problems
