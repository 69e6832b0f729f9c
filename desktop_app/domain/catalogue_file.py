"""Parse a catalogue file (CSV or XLSX) that the agency or the institution supplies.

The catalogue is a regional, versioned pack (DOMAIN.md, "Catalogues"): this module only
reads one file and checks every row; deciding whether to import (all or nothing) is the
caller's job. Rows are numbered as the user sees them: the line number in a CSV file or
the row number in the first sheet of a workbook, the header being row 1 in a plain file.
Problems with the file as a whole carry row 0 (``FILE_ROW``).

Columns (English names or the Chinese aliases in ``HEADER_ALIASES``)::

    national_code,local_code,name,unit,price,category,max_per_day,max_per_course,
    indication,source,note
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from desktop_app.domain.reference import FEE_CATEGORY_LABELS
from desktop_app.domain.typed_text import digit_hint, formula_problem, half_width
from desktop_app.domain.vocabulary import FEE_CATEGORIES, FeeCategory
from desktop_app.errors import EnvironmentProblem, FieldError, UserError, ValidationFailed

FILE_ROW = 0

COLUMNS: tuple[str, ...] = (
    "national_code",
    "local_code",
    "name",
    "unit",
    "price",
    "category",
    "max_per_day",
    "max_per_course",
    "indication",
    "source",
    "note",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("national_code", "name", "unit", "price", "category")

#: Chinese label of each column, used in messages.
COLUMN_ZH: Mapping[str, str] = MappingProxyType(
    {
        "national_code": "国家编码",
        "local_code": "本地编码",
        "name": "项目名称",
        "unit": "单位",
        "price": "价格",
        "category": "类别",
        "max_per_day": "每日限次",
        "max_per_course": "疗程限次",
        "indication": "适应症",
        "source": "来源",
        "note": "备注",
    }
)

#: Accepted headings (after trimming; English ones case-insensitive) → column.
HEADER_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{name: name for name in COLUMNS},
        "国家编码": "national_code",
        "国家代码": "national_code",
        "国家医保编码": "national_code",
        "本地编码": "local_code",
        "院内编码": "local_code",
        "本地代码": "local_code",
        "项目名称": "name",
        "名称": "name",
        "单位": "unit",
        "计价单位": "unit",
        "价格": "price",
        "单价": "price",
        "类别": "category",
        "费用类别": "category",
        "每日限次": "max_per_day",
        "疗程限次": "max_per_course",
        "适应症": "indication",
        "适应证": "indication",
        "来源": "source",
        "备注": "note",
    }
)

#: Accepted category values (after trimming; English ones case-insensitive) → category key.
CATEGORY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{key: key for key in FEE_CATEGORIES},
        **{label: key for key, label in FEE_CATEGORY_LABELS.items()},
        "康复": FeeCategory.REHAB,
        "康复评定": FeeCategory.REHAB,
        "康复治疗": FeeCategory.REHAB,
        "医疗": FeeCategory.MEDICAL,
        "药品费": FeeCategory.DRUG,
        "床位费": FeeCategory.BED,
        "其它": FeeCategory.OTHER,
    }
)

_CODE = re.compile(r"[0-9A-Z]{9,50}")
_PRICE = re.compile(r"[0-9]+(\.[0-9]{1,4})?")
_COUNT = re.compile(r"[0-9]+")
#: Free-text columns: refused when a spreadsheet would run them as a formula.
TEXT_COLUMNS: tuple[str, ...] = ("local_code", "name", "unit", "indication", "source", "note")
_MAX_HEADER_SEARCH = 10  # rows that may precede the header (a title, a date line…)
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RowError:
    """One failed check. ``row`` is 1-based as the user sees it (0: the whole file);
    ``column`` is the column key (``price``…), or "" when no column applies."""

    row: int
    column: str
    zh: str
    en: str

    @property
    def place_zh(self) -> str:
        where = "文件" if self.row == FILE_ROW else f"第{self.row}行"
        return f"{where} {_label(self.column)}" if self.column else where

    @property
    def place_en(self) -> str:
        where = "file" if self.row == FILE_ROW else f"row {self.row}"
        return f"{where} {self.column}" if self.column else where

    @property
    def key(self) -> str:
        """``row.<n>[.<column>]``, or ``file[.<column>]`` for the whole file."""
        where = "file" if self.row == FILE_ROW else f"row.{self.row}"
        return f"{where}.{self.column}" if self.column else where

    def field_error(self) -> FieldError:
        return FieldError(self.place_zh, self.zh, self.en, key=self.key)

    def __str__(self) -> str:
        return f"{self.place_zh}：{self.zh} / {self.place_en}: {self.en}"


@dataclass(frozen=True)
class CatalogueRow:
    """One valid catalogue item. ``row`` (where it was in the file) is left out of equality."""

    national_code: str
    local_code: str
    name: str
    unit: str
    price: Decimal
    category: str
    max_per_day: int | None = None
    max_per_course: int | None = None
    indication: str = ""
    source: str = ""
    note: str = ""
    row: int = field(default=0, compare=False)

    @property
    def category_zh(self) -> str:
        return FEE_CATEGORY_LABELS[self.category]


@dataclass(frozen=True)
class ParsedCatalogue:
    """What one catalogue file holds: the valid items and every error found.

    ``encoding`` is ``utf-8-sig``, ``utf-8`` or ``gb18030`` for CSV, ``xlsx`` for a workbook
    (empty when the file could not be read at all); ``row_count`` counts the non-blank data
    rows, valid or not.
    """

    items: tuple[CatalogueRow, ...]
    errors: tuple[RowError, ...]
    encoding: str
    row_count: int
    filename: str = ""
    header_row: int = 0
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def require_ok(self) -> tuple[CatalogueRow, ...]:
        """Return the items, or raise ``ValidationFailed`` naming every row error."""
        if self.errors:
            raise ValidationFailed([e.field_error() for e in self.errors])
        return self.items

    def report_text(self) -> str:
        """A plain-text report for the UI or the CLI: a summary, then every error."""
        name = self.filename or "目录文件"
        name_en = self.filename or "catalogue file"
        if self.ok:
            return (
                f"{name}：{self.row_count} 行数据，全部有效，共 {len(self.items)} 个项目。\n"
                f"{name_en}: {self.row_count} data rows, all valid, {len(self.items)} items.\n"
            )
        lines = [
            f"{name}：{self.row_count} 行数据，{len(self.items)} 行有效，发现 {len(self.errors)} 个错误。",
            f"{name_en}: {self.row_count} data rows, {len(self.items)} valid, "
            f"{len(self.errors)} errors found.",
            "",
        ]
        lines += [str(error) for error in self.errors]
        return "\n".join(lines) + "\n"


def parse_catalogue_file(path: Path) -> ParsedCatalogue:
    """Read and check the catalogue file at ``path`` (CSV or XLSX)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"找不到目录文件：{path}", f"catalogue file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise UserError(f"不是文件：{path}", f"not a file: {path}") from exc
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法读取目录文件 {path}：{exc.strerror or exc}",
            f"cannot read the catalogue file {path}: {exc.strerror or exc}",
        ) from exc
    return parse_catalogue_bytes(data, path.name)


def parse_catalogue_bytes(data: bytes, filename: str) -> ParsedCatalogue:
    """Check a catalogue file's content; ``filename`` gives its type and names it in reports."""
    suffix = Path(filename).suffix.lower()
    if data[:4] == b"PK\x03\x04" or (suffix in {".xlsx", ".xlsm"} and data):
        return _parse_xlsx(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix == ".xls":
        return _file_failure(
            filename,
            "",
            "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV",
            "old Excel (.xls) files are not supported; save as .xlsx or CSV",
        )
    return _parse_csv(data, filename)


# ----------------------------------------------------------------------------- reading


@dataclass
class _RawRow:
    row: int
    cells: list[str]
    numeric: list[bool]  # cell was a number in the workbook (codes may have lost leading zeros)
    formula: list[bool] = field(default_factory=list)  # cell held a formula (workbooks only)

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def _file_failure(filename: str, encoding: str, zh: str, en: str) -> ParsedCatalogue:
    return ParsedCatalogue((), (RowError(FILE_ROW, "", zh, en),), encoding, 0, filename)


def decode_csv_bytes(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)``: UTF-8 with BOM, UTF-8, else GB18030 (covers GBK); None if none fits."""
    if data.startswith(_UTF8_BOM):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return None


def _parse_csv(data: bytes, filename: str) -> ParsedCatalogue:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _file_failure(
            filename,
            "",
            "不支持 UTF-16 编码，请另存为 UTF-8 或 GBK 编码的 CSV",
            "UTF-16 text is not supported; save as CSV in UTF-8 or GBK",
        )
    decoded = decode_csv_bytes(data)
    if decoded is None:
        return _file_failure(
            filename,
            "",
            "无法识别文件编码（应为 UTF-8 或 GBK/GB18030）",
            "unrecognised text encoding (expected UTF-8 or GBK/GB18030)",
        )
    text, encoding = decoded
    if "\x00" in text:
        return _file_failure(
            filename, encoding, "文件含有空字符，不是 CSV 文本", "the file contains NUL bytes: not CSV text"
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(_csv_rows(text, delimiter))
    except csv.Error as exc:
        return _file_failure(
            filename, encoding, f"CSV 格式错误：{exc}", f"malformed CSV: {exc}"
        )
    return _check(rows, encoding, filename)


def _csv_rows(text: str, delimiter: str) -> Iterator[_RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = 0
    for record in reader:
        start = last_line + 1  # a quoted cell may span lines: name the record's first line
        last_line = reader.line_num
        cells = [cell.strip() for cell in record]
        yield _RawRow(start, cells, [False] * len(cells))


def _parse_xlsx(data: bytes, filename: str) -> ParsedCatalogue:
    import openpyxl  # imported here: CSV users need not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Workbook contains no default style"
            # Formulas, not their cached values: a formula is refused, naming it (with
            # data_only it read as an empty cell when no value was cached).
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a damaged file can fail in many ways (zip, XML, openpyxl)
        return _xlsx_failure(filename, exc)
    try:
        if not workbook.worksheets:
            return _file_failure(filename, "xlsx", "工作簿中没有工作表", "the workbook has no sheet")
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers record a wrong size: read every row
        rows = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, row_cells in enumerate(sheet.iter_rows(min_row=1), start=1):
                values = [cell.value for cell in row_cells]
                cells = [_cell_text(value) for value in values]
                numeric = [
                    isinstance(value, int | float | Decimal) and not isinstance(value, bool)
                    for value in values
                ]
                formula = [getattr(cell, "data_type", None) == "f" for cell in row_cells]
                rows.append(_RawRow(number, cells, numeric, formula))
    except Exception as exc:  # damaged sheet XML
        return _xlsx_failure(filename, exc)
    finally:
        workbook.close()
    return _check(rows, "xlsx", filename)


def _xlsx_failure(filename: str, exc: Exception) -> ParsedCatalogue:
    detail = str(exc) or type(exc).__name__
    return _file_failure(
        filename,
        "xlsx",
        f"无法读取 Excel 工作簿：{detail}",
        f"cannot read the Excel workbook: {detail}",
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


# ----------------------------------------------------------------------------- checking


def _label(column: str) -> str:
    zh = COLUMN_ZH.get(column)
    return f"{zh}({column})" if zh else column


def _column_key(heading: str) -> str | None:
    text = heading.strip()
    key = HEADER_ALIASES.get(text)
    if key is None:
        key = HEADER_ALIASES.get(re.sub(r"[\s\-]+", "_", text.lower()))
    return key


def _find_header(rows: list[_RawRow]) -> _RawRow | None:
    """The first non-blank row, unless a later one (within a few) names 2+ known columns
    where it does not: a workbook may start with a title line."""
    candidates = [r for r in rows if not r.blank][:_MAX_HEADER_SEARCH]
    if not candidates:
        return None
    for candidate in candidates:
        if sum(_column_key(c) is not None for c in candidate.cells if c) >= 2:
            return candidate
    return candidates[0]


def _check(rows: list[_RawRow], encoding: str, filename: str) -> ParsedCatalogue:
    header = _find_header(rows)
    if header is None:
        return _file_failure(filename, encoding, "文件是空的", "the file is empty")

    errors: list[RowError] = []
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header.cells):
        if not heading:
            continue
        key = _column_key(heading)
        if key is None:
            ignored.append(heading)
        elif key in positions:
            first = header.cells[positions[key]]
            errors.append(
                RowError(
                    header.row,
                    key,
                    f"列重复：“{first}”（第{positions[key] + 1}列）与“{heading}”（第{index + 1}列）",
                    f"duplicate column: {first!r} (column {positions[key] + 1}) and "
                    f"{heading!r} (column {index + 1})",
                )
            )
        else:
            positions[key] = index
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            errors.append(
                RowError(
                    header.row,
                    key,
                    f"缺少必需的列“{COLUMN_ZH[key]}”（{key}）",
                    f"required column {key!r} ({COLUMN_ZH[key]}) is missing",
                )
            )
    data_rows = [r for r in rows if r.row > header.row and not r.blank]
    if errors:
        return ParsedCatalogue(
            (), tuple(errors), encoding, len(data_rows), filename, header.row, tuple(ignored)
        )
    if not data_rows:
        errors.append(RowError(FILE_ROW, "", "文件中没有数据行", "the file has no data rows"))

    items: list[CatalogueRow] = []
    seen_national: dict[str, int] = {}
    seen_local: dict[str, int] = {}
    for raw in data_rows:
        row_errors: list[RowError] = []
        item = _check_row(raw, positions, row_errors)
        row_errors = _formulas_named(raw, positions, row_errors)
        for key, seen in (("national_code", seen_national), ("local_code", seen_local)):
            code = _cell(raw, positions, key)
            if not code or any(e.column == key for e in row_errors):
                continue
            if code in seen:
                row_errors.append(
                    RowError(
                        raw.row,
                        key,
                        f"{COLUMN_ZH[key]}“{code}”与第{seen[code]}行重复",
                        f"{key} {code!r} duplicates row {seen[code]}",
                    )
                )
            else:
                seen[code] = raw.row
        errors.extend(row_errors)
        if item is not None and not row_errors:
            items.append(item)
    return ParsedCatalogue(
        tuple(items), tuple(errors), encoding, len(data_rows), filename, header.row, tuple(ignored)
    )


def _cell(raw: _RawRow, positions: Mapping[str, int], key: str) -> str:
    index = positions.get(key)
    if index is None or index >= len(raw.cells):
        return ""
    return raw.cells[index]


def _was_number(raw: _RawRow, positions: Mapping[str, int], key: str) -> bool:
    index = positions.get(key)
    return index is not None and index < len(raw.numeric) and raw.numeric[index]


def _formulas_named(raw: _RawRow, positions: Mapping[str, int],
                    errors: list[RowError]) -> list[RowError]:
    """A formula cell's error says it is a formula (not, say, that the price is empty)."""
    columns = [key for key, index in sorted(positions.items(), key=lambda kv: kv[1])
               if index < len(raw.formula) and raw.formula[index]]
    if not columns:
        return errors
    named = [RowError(raw.row, key, "是公式，请粘贴为数值", "a formula; paste the values")
             for key in columns]
    return named + [error for error in errors if error.column not in columns]


def _check_row(raw: _RawRow, positions: Mapping[str, int], errors: list[RowError]) -> CatalogueRow | None:
    def fail(column: str, zh: str, en: str) -> None:
        errors.append(RowError(raw.row, column, zh, en))

    def text(key: str) -> str:
        return _cell(raw, positions, key)

    national = text("national_code")
    if not national:
        fail("national_code", "国家编码不能为空", "the national code is empty")
    elif not _CODE.fullmatch(national):
        fail(
            "national_code",
            f"国家编码“{national}”无效：应为至少9位的数字或大写字母",
            f"national code {national!r} is invalid: 9 or more digits or capital letters expected",
        )
    elif _was_number(raw, positions, "national_code") and len(national) != 9:
        fail(
            "national_code",
            f"国家编码“{national}”是数字格式的单元格，前导零可能已丢失；请将该列设为文本格式",
            f"national code {national!r} is stored as a number and may have lost leading zeros; "
            "format the column as text",
        )
    local = text("local_code")

    for key in TEXT_COLUMNS:
        problem = formula_problem(text(key))
        if problem is not None:
            fail(key, f"{COLUMN_ZH[key]}{problem[0]}", f"{key} {problem[1]}")

    name = text("name")
    if not name:
        fail("name", "项目名称不能为空", "the name is empty")
    unit = text("unit")
    if not unit:
        fail("unit", "单位不能为空", "the unit is empty")

    price_text = half_width(text("price"))
    price: Decimal | None = None
    if not price_text:
        fail("price", "价格不能为空", "the price is empty")
    elif not _PRICE.fullmatch(price_text):
        fail(
            "price",
            f"价格“{price_text}”无效：应为不小于0的数字，最多4位小数（如 12.50）{digit_hint(price_text)[0]}",
            f"price {price_text!r} is invalid: a number >= 0 with at most 4 decimals (e.g. 12.50)"
            f"{digit_hint(price_text)[1]}",
        )
    else:
        try:
            price = Decimal(price_text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes this
            fail("price", f"价格“{price_text}”无效", f"price {price_text!r} is invalid")

    category_text = text("category")
    category = CATEGORY_ALIASES.get(category_text) or CATEGORY_ALIASES.get(category_text.lower())
    if not category_text:
        fail("category", "类别不能为空", "the category is empty")
    elif category is None:
        fail(
            "category",
            f"类别“{category_text}”无效：应为 " + "、".join(FEE_CATEGORY_LABELS.values())
            + "（或 " + "/".join(FEE_CATEGORIES) + "）",
            f"category {category_text!r} is invalid: expected one of " + ", ".join(FEE_CATEGORIES),
        )

    counts: dict[str, int | None] = {}
    for key in ("max_per_day", "max_per_course"):
        value = half_width(text(key))
        counts[key] = None
        if not value:
            continue
        if _COUNT.fullmatch(value) and int(value) > 0:
            counts[key] = int(value)
        else:
            fail(
                key,
                f"{COLUMN_ZH[key]}“{value}”无效：应为正整数或留空{digit_hint(value)[0]}",
                f"{key} {value!r} is invalid: a positive whole number or blank expected"
                f"{digit_hint(value)[1]}",
            )

    if errors or price is None or category is None:
        return None
    return CatalogueRow(
        national_code=national,
        local_code=local,
        name=name,
        unit=unit,
        price=price,
        category=category,
        max_per_day=counts["max_per_day"],
        max_per_course=counts["max_per_course"],
        indication=text("indication"),
        source=text("source"),
        note=text("note"),
        row=raw.row,
    )
