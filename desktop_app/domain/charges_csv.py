"""Reading a CSV of medical, drug, bed and other charges (not rehabilitation items).

Rehabilitation items are charged from the signed execution sheet, never imported, so
that what is billed is what the patient signed for; medical and rehabilitation items
stay separate (Shandong 四(十)).

Columns (a header row; Chinese or English names, or the national settlement platform's
field names a HIS export uses; ``domain.charge_files`` reads CSV in UTF-8 with or without
BOM, GBK/GB18030, and XLSX):

| column | required | meaning |
|---|---|---|
| ``occurred_on`` 发生日期 | yes | ``YYYY-MM-DD`` (a date-time is read as its day) |
| ``national_code`` 项目编码 (``med_list_codg``) | yes | national code of the catalogue item |
| ``category`` 费用类别 | yes | ``medical`` / ``drug`` / ``bed`` / ``other`` (``meals``: see the service) |
| ``quantity`` 数量 (``cnt``) | yes | decimal above zero |
| ``unit_price`` 单价 (``pric``) | no | must equal the catalogue price in force; required when out of scope |
| ``name`` 名称, ``unit`` 单位 | no | required when out of scope |
| ``charge_kind`` 费用性质 | no | one of ``domain.rules.coverage.CHARGE_KINDS`` |
| ``body_part`` 部位 | no | the body part treated |
| ``out_of_scope`` 目录外 | no | ``1``/``是`` for an item outside the catalogues (Luzhou Art. 31) |
| ``without_consent`` 未经同意 | no | ``1``/``是``: out of scope, knowingly without consent |
| ``occurred_at`` 发生时间 (``fee_ocur_time``) | no | ``HH:MM[:SS]`` or a date-time that day (China time) |
| ``dept_code`` 开单科室编码 (``bilg_dept_codg``) | no | ordering department's code |
| ``dept_name`` 开单科室 (``bilg_dept_name``) | no | ordering department's name |
| ``physician_code`` 开单医师编码 (``bilg_dr_codg``) | no | ordering physician's code |
| ``physician_name`` 开单医师 (``bilg_dr_name``) | no | ordering physician's name |

Every row is checked; the report names each bad row and column. The service imports
only when no row is bad: nothing is half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from desktop_app.domain.rules.coverage import CHARGE_KINDS
from desktop_app.domain.typed_text import digit_hint, formula_problem, half_width
from desktop_app.domain.vocabulary import FEE_CATEGORIES, FeeCategory
from desktop_app.errors import FieldError

MEALS = "meals"  # 住院伙食补助费: entered only where the case's pack pays it (services.claims.fees)
IMPORT_CATEGORIES = (*(c for c in FEE_CATEGORIES if c is not FeeCategory.REHAB), MEALS)  # sessions bill rehab
ALIASES = {"发生日期": "occurred_on", "项目编码": "national_code", "费用类别": "category",
           "数量": "quantity", "单价": "unit_price", "名称": "name", "单位": "unit",
           "费用性质": "charge_kind", "部位": "body_part", "目录外": "out_of_scope",
           "未经同意": "without_consent", "发生时间": "occurred_at",
           "开单科室编码": "dept_code", "科室编码": "dept_code", "开单科室": "dept_name",
           "科室名称": "dept_name", "开单医师编码": "physician_code", "医师编码": "physician_code",
           "开单医师": "physician_name", "医师姓名": "physician_name",
           # the national settlement platform's fee-detail fields (DOMAIN.md, settlement data)
           "med_list_codg": "national_code", "cnt": "quantity", "pric": "unit_price",
           "fee_ocur_time": "occurred_at", "bilg_dept_codg": "dept_code",
           "bilg_dept_name": "dept_name", "bilg_dr_codg": "physician_code",
           "bilg_dr_name": "physician_name"}
REQUIRED = ("occurred_on", "national_code", "category", "quantity")
ORDER = ("occurred_at", "dept_code", "dept_name", "physician_code", "physician_name")
KNOWN = (*REQUIRED, "unit_price", "name", "unit", "charge_kind", "body_part", "out_of_scope",
         "without_consent", *ORDER)
TRUE = ("1", "true", "yes", "y", "是")
# refused when a spreadsheet would run them
TEXT = ("national_code", "name", "unit", "body_part", "dept_code", "dept_name", "physician_code",
        "physician_name")
LENGTHS = {"national_code": 30, "name": 200, "unit": 20, "body_part": 50, "dept_code": 30,
           "dept_name": 100, "physician_code": 30, "physician_name": 100}
# ASCII digits only (Decimal() also reads ٣ and 1e3); full-width ones are made half-width first.
_NUMBER = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


@dataclass(frozen=True)
class ChargeRow:
    row: int  # line number in the file (the header is line 1)
    occurred_on: date
    national_code: str
    category: str
    quantity: Decimal
    unit_price: Decimal | None = None
    name: str = ""
    unit: str = ""
    charge_kind: str | None = None
    body_part: str | None = None
    out_of_scope: bool = False
    occurred_at: datetime | None = None  # naive: China time
    dept_code: str | None = None
    dept_name: str | None = None
    physician_code: str | None = None
    physician_name: str | None = None
    without_consent: bool = False


def row_error(row: int, column: str, zh: str, en: str) -> FieldError:
    key = f"line.{row}" if column == "*" else f"line.{row}.{column}"
    return FieldError(f"第{row}行 {column}", zh, f"line {row}, {column}: {en}", key=key)


def _decimal(text: str) -> Decimal | None:
    number = half_width(text)
    if _NUMBER.fullmatch(number) is None:
        return None
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        return None


def _text_errors(number: int, raw: dict[str, str]) -> list[FieldError]:
    errors = []
    for column in TEXT:
        problem = formula_problem(raw.get(column) or "")
        if problem is not None:
            errors.append(row_error(number, column, *problem))
        elif len(raw.get(column) or "") > LENGTHS[column]:
            errors.append(row_error(number, column, f"超过{LENGTHS[column]}个字符",
                                    f"longer than {LENGTHS[column]} characters"))
    return errors


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD``, or a date-time (a spreadsheet's date cell) read as its day."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def parse_time_on(day: date, text: str) -> datetime | None:
    """The moment ``text`` names on ``day`` (naive, China time): ``HH:MM[:SS]`` or a
    date-time on that day; None when it is neither (or another day)."""
    try:
        return datetime.combine(day, time.fromisoformat(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment.date() == day else None


def _row(number: int, raw: dict[str, str]) -> tuple[ChargeRow | None, list[FieldError]]:
    errors = [row_error(number, c, "不能为空", "is required") for c in REQUIRED if not raw.get(c)]
    errors += _text_errors(number, raw)
    if errors:
        return None, errors
    parsed = parse_day(raw["occurred_on"])
    if parsed is None:
        errors.append(row_error(number, "occurred_on", f"日期无效：{raw['occurred_on']}",
                                f"not a date: {raw['occurred_on']}"))
    day = parsed or date.min
    moment = None
    if raw.get("occurred_at") and parsed is not None:
        moment = parse_time_on(parsed, raw["occurred_at"])
        if moment is None:
            errors.append(row_error(number, "occurred_at", f"发生时间须为当日的时:分：{raw['occurred_at']}",
                                    f"must be a time (HH:MM) on the day: {raw['occurred_at']}"))
    category = raw["category"]
    if category not in IMPORT_CATEGORIES:
        errors.append(row_error(number, "category", f"类别须为 {'/'.join(IMPORT_CATEGORIES)}（康复项目由"
                                "执行单计费，不能导入）：" + category, "must be one of "
                                f"{'/'.join(IMPORT_CATEGORIES)} (rehabilitation items are charged "
                                f"from the execution sheet): {category}"))
    quantity = _decimal(raw["quantity"])
    if quantity is None or quantity <= 0:
        hint = digit_hint(raw["quantity"])
        errors.append(row_error(number, "quantity", f"数量须为大于0的数：{raw['quantity']}{hint[0]}",
                                f"must be a number above zero: {raw['quantity']}{hint[1]}"))
    price = _decimal(raw["unit_price"]) if raw.get("unit_price") else None
    if raw.get("unit_price") and (price is None or price < 0):
        hint = digit_hint(raw["unit_price"])
        errors.append(row_error(number, "unit_price", f"单价无效：{raw['unit_price']}{hint[0]}",
                                f"not a price: {raw['unit_price']}{hint[1]}"))
    kind = raw.get("charge_kind") or None
    if kind is not None and kind not in CHARGE_KINDS:
        errors.append(row_error(number, "charge_kind", f"未知的费用性质：{kind}", f"unknown kind: {kind}"))
    out_of_scope = (raw.get("out_of_scope") or "").lower() in TRUE
    if out_of_scope:
        errors += [row_error(number, c, "目录外项目须填写", "is required for an out-of-scope item")
                   for c in ("name", "unit", "unit_price") if not raw.get(c)]
    if errors:
        return None, errors
    assert quantity is not None
    return ChargeRow(number, day, raw["national_code"], category, quantity, price,
                     raw.get("name", ""), raw.get("unit", ""), kind, raw.get("body_part") or None,
                     out_of_scope, moment, dept_code=raw.get("dept_code") or None,
                     dept_name=raw.get("dept_name") or None,
                     physician_code=raw.get("physician_code") or None,
                     physician_name=raw.get("physician_name") or None,
                     without_consent=(raw.get("without_consent") or "").lower() in TRUE), []


def _rows(reader: Iterator[tuple[int, list[str]]], columns: list[str],
          errors: list[FieldError]) -> list[ChargeRow]:
    rows: list[ChargeRow] = []
    for number, values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            errors.append(row_error(number, "*", f"列数为{len(values)}，表头为{len(columns)}",
                                    f"{len(values)} fields, the header has {len(columns)}"))
            continue
        row, found = _row(number, {c: v.strip() for c, v in zip(columns, values, strict=True)})
        errors += found
        if row is not None:
            rows.append(row)
    return rows


def parse_charges(text: str) -> tuple[list[ChargeRow], list[FieldError]]:
    """The rows and every problem found, each naming its line and column."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return parse_table(enumerate(reader, start=1))
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        return [], [FieldError("文件", f"CSV 格式错误（第{reader.line_num}行）：{exc}",
                               f"Malformed CSV (line {reader.line_num}): {exc}", key="file")]


def parse_table(reader: Iterator[tuple[int, list[str]]]) -> tuple[list[ChargeRow], list[FieldError]]:
    """The rows of a table (line number, cells), its first line the header."""
    first = next(reader, None)
    header = first[1] if first is not None else None
    if not header:
        return [], [FieldError("文件", "文件为空", "The file is empty", key="file")]
    columns = [ALIASES.get(h.strip(), h.strip()) for h in header]
    errors = [FieldError("表头", f"缺少列：{c}", f"missing column: {c}", key="header") for c in REQUIRED
              if c not in columns]
    errors += [FieldError("表头", f"未知的列：{c}", f"unknown column: {c}", key="header") for c in columns
               if c not in KNOWN]
    if errors:
        return [], errors
    rows = _rows(reader, columns, errors)
    if not rows and not errors:
        errors.append(FieldError("文件", "没有费用行", "No charge rows", key="file"))
    return rows, errors
