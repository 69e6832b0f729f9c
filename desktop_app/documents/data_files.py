"""The claim's data files (CSV, XLSX, JSON) and the region adapters that shape them.

工伤 networked settlement has no public national interface; most hospital software copies
the national medical-insurance platform's field names (DOMAIN.md "Settlement data"), so
the national adapter uses them wherever one applies, and ``wi_`` (work injury) names for
what the platform has no field for:

* fee detail — transaction 2301 住院费用明细上传 (``feedetail``) and 5204 费用明细查询:
  ``feedetl_sn`` 费用明细流水号 (the fee line's id), ``init_feedetl_sn`` 原费用流水号 (the
  line a reversal cancels; its ``cnt`` is negative), ``mdtrt_id``/``psn_no`` (the agency's
  keys the records officer entered for the case, ``services.claims.settlement_ids``),
  ``med_type`` 医疗类别, ``fee_ocur_time`` 费用发生时间 (date and time, +08:00:
  ``occurrence_time``), ``med_list_codg`` 医疗目录编码 (national code),
  ``medins_list_codg``/``medins_list_name`` 医药机构目录编码/名称, ``med_chrgitm_type``
  医疗收费项目类别 and ``chrgitm_lv`` 收费项目等级 (code tables in
  reference/nhsa_code_tables.csv; ``item_level``), ``cnt`` 数量, ``pric`` 单价,
  ``pric_uplmt_amt`` 定价上限金额 (the catalogue price of the item), ``det_item_fee_sumamt``
  明细项目费用总额, ``selfpay_prop`` 自付比例, ``inscp_scp_amt`` 符合政策范围金额,
  ``overlmt_amt`` 超限价金额, ``fulamt_ownpay_amt`` 全自费金额, ``bilg_dept_codg``/``_name``
  and ``bilg_dr_codg``/``bilg_dr_name`` 开单科室/医生 (the line's ordering department and
  physician; a session's performer when the line names none), ``orders_dr_name`` 受单医生姓名
  (who performed the session), ``memo`` 备注 (the coverage reason with its articles);
* settlement — transaction 2304 住院结算 / 2207 门诊结算 (``setlinfo``): ``medins_setl_id``
  医药机构结算ID, ``psn_no``, ``mdtrt_id``, ``psn_name``, ``gend``, ``psn_cert_type``,
  ``certno``, ``mdtrt_cert_type`` (the case's, else 02 身份证号) and ``mdtrt_cert_no``,
  ``insutype`` 险种类型 (as the agency codes 工伤: the national table has no work-injury code),
  ``med_type`` 医疗类别 (21 普通住院 / 11 普通门诊), ``setl_time``, and the payer split
  (``settlement_row``).

Each column is a ``Field``: its machine name, its Chinese header, how a spreadsheet keeps it
and whose name it is (``nhsa`` or ``archive``: the JSON Schema's ``x-source``). The CSV and
JSON are for machines (one header row of machine names; text exactly as stored); the XLSX is
for people and systems both (``to_xlsx``).

Amounts are decimal text to the fen (never floats), identical in every file and equal to
the PDF cover sheet's. Files carry nothing that changes after the claim is frozen (no
export time, no status), so they, and the PDFs embedding them, rebuild byte-identical.

A province's format is another ``RegionAdapter`` registered under its code; the engine
(packages, PDFs) only asks an adapter for its files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from desktop_app.clock import CHINA
from desktop_app.documents.money import quantity
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.schema_check import Check, compile_schema, messages
from desktop_app.documents.spreadsheet import GENERAL, MAX_TEXT, RawCell, RawSheet, raw_workbook
from desktop_app.documents.zipfiles import deterministic_zip
from desktop_app.domain.claim_data import ClaimLineView, ClaimTotals, ClaimView
from desktop_app.domain.typed_text import needs_neutralising, neutral_csv
from desktop_app.domain.vocabulary import COVERAGE, FEE_CATEGORIES, CoverageClass, FeeCategory
from desktop_app.paths import resources_dir

JSON_FORMAT = "rehab-archive-claim/1"
CANONICAL_NAME = "claim_canonical.json"  # the bytes the printed 冻结摘要 is the SHA-256 of
CATEGORIES = FEE_CATEGORIES
PAYERS = COVERAGE  # the decided classes and pending (a column each, whatever the claim holds)
# med_chrgitm_type (reference/nhsa_code_tables.csv). The archive keeps five categories; a
# finer class (检查费 03, 化验费 04…) needs the catalogue's own: a region adapter may map it.
CHARGE_TYPE: dict[str, str] = {FeeCategory.REHAB: "05", FeeCategory.BED: "01", FeeCategory.DRUG: "09",
                               FeeCategory.MEDICAL: "14", FeeCategory.OTHER: "14"}
MED_TYPE = {"inpatient": "21", "outpatient": "11"}  # others: not in the national table
GENDER = {"M": "1", "F": "2"}

NHSA, ARCHIVE = "nhsa", "archive"  # whose field name: the platform's, or the archive's (wi_)
TEXT, MONEY, COUNT, NUMBER = "text", "money", "count", "number"


@dataclass(frozen=True)
class Field:
    """A column of a data file: its machine name, its Chinese header for people, how a
    spreadsheet keeps it (text: codes and ids, never a number; money: a number to the fen;
    count/number: a number) and whose name it is (``x-source`` in the JSON Schema)."""

    name: str
    zh: str
    kind: str = TEXT
    source: str = NHSA


def _wi(name: str, zh: str, kind: str = TEXT) -> Field:
    return Field(name, zh, kind, ARCHIVE)


FEE_DETAIL_FIELDS: tuple[Field, ...] = (
    Field("medins_setl_id", "医药机构结算ID"), Field("feedetl_sn", "费用明细流水号"),
    Field("init_feedetl_sn", "原费用流水号"), Field("mdtrt_id", "就诊ID"), Field("psn_no", "人员编号"),
    Field("med_type", "医疗类别"), Field("fee_ocur_time", "费用发生时间"),
    Field("med_list_codg", "医疗目录编码"), Field("medins_list_codg", "医药机构目录编码"),
    Field("medins_list_name", "医药机构目录名称"), Field("med_chrgitm_type", "医疗收费项目类别"),
    Field("chrgitm_lv", "收费项目等级"), Field("cnt", "数量", COUNT), Field("pric", "单价", NUMBER),
    Field("pric_uplmt_amt", "定价上限金额", NUMBER), Field("det_item_fee_sumamt", "明细项目费用总额", MONEY),
    Field("selfpay_prop", "自付比例", NUMBER), Field("inscp_scp_amt", "符合政策范围金额", MONEY),
    Field("overlmt_amt", "超限价金额", MONEY), Field("fulamt_ownpay_amt", "全自费金额", MONEY),
    Field("bilg_dept_codg", "开单科室编码"), Field("bilg_dept_name", "开单科室名称"),
    Field("bilg_dr_codg", "开单医生编码"), Field("bilg_dr_name", "开单医师姓名"),
    Field("orders_dr_name", "受单医生姓名"), Field("memo", "备注"),
    _wi("wi_unit", "单位"), _wi("wi_category", "费用类别"), _wi("wi_coverage", "支付方"),
    _wi("wi_coverage_rule", "支付规则"), _wi("wi_session_id", "治疗记录号"),
    _wi("wi_price_version", "价格版本"), _wi("wi_charge_kind", "收费用途"), _wi("wi_body_part", "治疗部位"),
)
_CATEGORY_ZH = {"rehab": "康复治疗", "medical": "医疗", "drug": "药品", "bed": "床位", "other": "其他"}
_PAYER_ZH = {"fund": "工伤保险基金", "self_paid": "自费", "institution": "机构负担", "worker": "个人负担",
             "excluded": "不予支付", "pending": "待定"}
SETTLEMENT_FIELDS: tuple[Field, ...] = (
    Field("medins_setl_id", "医药机构结算ID"), Field("psn_no", "人员编号"), Field("mdtrt_id", "就诊ID"),
    Field("psn_name", "人员姓名"), Field("gend", "性别"), Field("psn_cert_type", "人员证件类型"),
    Field("certno", "证件号码"), Field("mdtrt_cert_type", "就诊凭证类型"),
    Field("mdtrt_cert_no", "就诊凭证编号"), Field("insutype", "险种类型"), Field("med_type", "医疗类别"),
    Field("setl_time", "结算时间"), Field("medfee_sumamt", "医疗费总额", MONEY),
    Field("fund_pay_sumamt", "基金支付总额", MONEY), Field("inscp_scp_amt", "符合政策范围金额", MONEY),
    Field("fulamt_ownpay_amt", "全自费金额", MONEY), Field("overlmt_selfpay", "超限价自费费用", MONEY),
    Field("hosp_part_amt", "医院负担金额", MONEY), Field("psn_part_amt", "个人负担总金额", MONEY),
    Field("psn_cash_pay", "个人现金支出", MONEY),
    _wi("wi_case_no", "病例号"), _wi("wi_claim_id", "申报号"), _wi("wi_version_no", "版本"),
    _wi("wi_supersedes_id", "更正的申报号"), _wi("wi_period", "申报期"), _wi("wi_window_from", "起始日"),
    _wi("wi_window_to", "截止日"), _wi("wi_frozen_sha256", "冻结摘要 SHA-256"),
    _wi("wi_payment_method", "支付方式"), _wi("wi_settlement_units", "结算单位数", NUMBER),
    _wi("wi_settlement_rate", "结算标准", MONEY), _wi("wi_items_fund_amount", "按项目基金金额", MONEY),
    _wi("wi_settlement_difference", "结算差额", MONEY), _wi("wi_line_count", "明细条数", COUNT),
    *(_wi(f"wi_category_{c}", f"{_CATEGORY_ZH.get(c, c)}费用", MONEY) for c in CATEGORIES),
    *(_wi(f"wi_payer_{p}", f"{_PAYER_ZH.get(p, p)}金额", MONEY) for p in PAYERS),
)
FEE_DETAIL_COLUMNS = tuple(f.name for f in FEE_DETAIL_FIELDS)
SETTLEMENT_COLUMNS = tuple(f.name for f in SETTLEMENT_FIELDS)


@dataclass(frozen=True)
class DataFile:
    name: str
    data: bytes
    mime_type: str
    description: str

    def embedded(self) -> EmbeddedFile:
        return EmbeddedFile(self.name, self.data, self.mime_type, self.description)


class RegionAdapter(Protocol):
    """Turns a frozen claim into the data files a region's agency takes."""

    @property
    def code(self) -> str: ...
    @property
    def name_zh(self) -> str: ...

    def files(self, view: ClaimView) -> list[DataFile]: ...


_ADAPTERS: dict[str, RegionAdapter] = {}


def register(adapter: RegionAdapter) -> RegionAdapter:
    _ADAPTERS[adapter.code] = adapter
    return adapter


def _discover() -> None:
    """Import every module of ``documents.adapters``: each registers its region's format, so
    a region is added as one module there (and its test), the engine untouched."""
    import importlib
    import pkgutil

    from desktop_app.documents import adapters as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def adapter(code: str = "national") -> RegionAdapter:
    from desktop_app.errors import UserError

    _discover()
    if code not in _ADAPTERS:
        raise UserError(f"没有地区数据格式“{code}”；可用：{'、'.join(sorted(_ADAPTERS))}",
                        f"No regional data format {code!r}; available: {', '.join(sorted(_ADAPTERS))}")
    return _ADAPTERS[code]


def adapters() -> list[str]:
    _discover()
    return sorted(_ADAPTERS)


# ----------------------------------------------------------------------------- values


def money(value: Decimal) -> str:
    """Decimal text to the fen, no separators: ``Decimal("1234.5")`` → ``"1234.50"``."""
    return f"{Decimal(value).quantize(Decimal('0.01')):f}"


def _time(moment: datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def occurrence_time(line: ClaimLineView) -> str:
    """``fee_ocur_time``: date and time in China time with its offset, ISO 8601
    (``2026-03-02T09:30:00+08:00``): the line's own time when recorded (0009), else its
    session's start, else its day at 00:00:00 (lines billed per day, written before 0009)."""
    moment = line.occurred_at.astimezone(CHINA) if line.occurred_at else \
        datetime.combine(line.occurred_on, time(0, 0), tzinfo=CHINA)
    return moment.replace(microsecond=0).isoformat()


def settlement_id(view: ClaimView) -> str:
    return f"{view.cover.case_number}-{view.claim_id}-V{view.version_no}"


def item_level(line: ClaimLineView) -> str:
    """``chrgitm_lv`` 收费项目等级 (reference/nhsa_code_tables.csv: 01 甲类, 02 乙类, 03 丙类
    (自费)). 工伤 pays catalogue drugs and items without the 甲/乙 split of medical insurance
    (DOMAIN.md "Catalogues"): an item the fund takes in full is reported as 01 甲类 (no self-pay
    share); an out-of-scope item, self-paid with the written consent, as 03 丙类. Lines the fund
    does not pay for a reason of the stay (the institution or the worker bears them, or they are
    excluded) are still catalogue items: 01, with ``memo`` saying why."""
    return "03" if line.coverage == CoverageClass.SELF_PAID else "01"


def self_pay_share(line: ClaimLineView) -> str:
    """``selfpay_prop`` 自付比例 of the item's level: 0 for 甲类, 1 for 丙类 (自费)."""
    return "1" if item_level(line) == "03" else "0"


def over_ceiling(line: ClaimLineView) -> Decimal:
    """``overlmt_amt`` 超限价金额: what the unit price exceeds the catalogue price by, times the
    count (0 when the price is the catalogue's, or the line has no catalogue item)."""
    if line.price_ceiling is None or line.unit_price <= line.price_ceiling:
        return Decimal(0)
    return (line.unit_price - line.price_ceiling) * line.quantity


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def fee_detail_rows(view: ClaimView) -> list[dict[str, str]]:
    sid, ids = settlement_id(view), view.agency
    rows = []
    for ln in view.lines:
        fund = ln.amount if ln.coverage == CoverageClass.FUND else Decimal(0)
        own = ln.amount if ln.coverage == CoverageClass.SELF_PAID else Decimal(0)
        rows.append({
            "medins_setl_id": sid, "feedetl_sn": str(ln.line_id),
            "init_feedetl_sn": _blank(ln.reverses_id), "mdtrt_id": ids.mdtrt_id or "",
            "psn_no": ids.psn_no or "", "med_type": MED_TYPE.get(view.cover.setting, ""),
            "fee_ocur_time": occurrence_time(ln), "med_list_codg": ln.national_code,
            "medins_list_codg": ln.local_code or ln.national_code, "medins_list_name": ln.name,
            "med_chrgitm_type": CHARGE_TYPE.get(ln.category, "14"), "chrgitm_lv": item_level(ln),
            "cnt": quantity(ln.quantity), "pric": f"{ln.unit_price:f}",
            "pric_uplmt_amt": "" if ln.price_ceiling is None else f"{ln.price_ceiling:f}",
            "det_item_fee_sumamt": money(ln.amount), "selfpay_prop": self_pay_share(ln),
            "inscp_scp_amt": money(fund), "overlmt_amt": money(over_ceiling(ln)),
            "fulamt_ownpay_amt": money(own),
            "bilg_dept_codg": ln.dept_code or "", "bilg_dept_name": ln.dept_name or "",
            "bilg_dr_codg": ln.physician_code or "", "bilg_dr_name": ln.physician_name or "",
            "orders_dr_name": ln.performed_by or "", "memo": ln.coverage_reason or "",
            "wi_unit": ln.unit, "wi_category": ln.category, "wi_coverage": ln.coverage,
            "wi_coverage_rule": ln.coverage_rule or "", "wi_session_id": _blank(ln.session_id),
            "wi_price_version": ln.price_version, "wi_charge_kind": ln.charge_kind or "",
            "wi_body_part": ln.body_part or "",
        })
    return rows


def certificate_number(view: ClaimView) -> str:
    """``mdtrt_cert_no`` for the certificate type: the resident ID (02), the social security
    card (03); an electronic token (01) is read at the counter, never stored."""
    kind = view.agency.mdtrt_cert_type or "02"
    return {"02": view.cover.resident_id, "03": view.cover.social_security_card or ""}.get(kind, "")


def settlement_row(view: ClaimView) -> dict[str, str]:
    """The payer split: ``fund_pay_sumamt`` what the fund pays, ``inscp_scp_amt`` the lines it
    takes, ``fulamt_ownpay_amt`` the self-paid out-of-scope items, ``overlmt_selfpay`` what
    prices exceed the catalogue's by, ``hosp_part_amt`` what the institution bears,
    ``psn_part_amt`` what the worker pays (self-paid and borne), all of it ``psn_cash_pay``:
    工伤 has no personal account (``acct_pay``)."""
    t, c, s, ids = view.totals, view.cover, view.totals.settlement, view.agency
    payer = t.by_payer
    person = payer[CoverageClass.SELF_PAID] + payer[CoverageClass.WORKER]
    return {
        "medins_setl_id": settlement_id(view), "psn_no": ids.psn_no or "", "mdtrt_id": ids.mdtrt_id or "",
        "psn_name": c.worker_name, "gend": GENDER.get(c.worker_sex, ""),
        "psn_cert_type": ids.psn_cert_type or "", "certno": c.resident_id,
        "mdtrt_cert_type": ids.mdtrt_cert_type or "02", "mdtrt_cert_no": certificate_number(view),
        "insutype": ids.insutype or "", "med_type": MED_TYPE.get(c.setting, ""),
        "setl_time": _time(view.frozen_at),
        "medfee_sumamt": money(t.total), "fund_pay_sumamt": money(s.fund_amount),
        "inscp_scp_amt": money(s.items_fund_amount),
        "fulamt_ownpay_amt": money(payer[CoverageClass.SELF_PAID]),
        "overlmt_selfpay": money(sum((over_ceiling(ln) for ln in view.lines), Decimal(0))),
        "hosp_part_amt": money(payer[CoverageClass.INSTITUTION]),
        "psn_part_amt": money(person), "psn_cash_pay": money(person),
        "wi_case_no": c.case_number, "wi_claim_id": str(view.claim_id),
        "wi_version_no": str(view.version_no), "wi_supersedes_id": _blank(view.supersedes_id),
        "wi_period": view.period, "wi_window_from": view.window_from.isoformat(),
        "wi_window_to": view.window_to.isoformat(), "wi_frozen_sha256": view.frozen_sha256 or "",
        "wi_payment_method": s.method, "wi_settlement_units": f"{s.units:f}",
        "wi_settlement_rate": "" if s.rate is None else money(s.rate),
        "wi_items_fund_amount": money(s.items_fund_amount),
        "wi_settlement_difference": money(s.difference), "wi_line_count": str(t.line_count),
        **{f"wi_category_{k}": money(t.by_category.get(k, Decimal(0))) for k in CATEGORIES},
        **{f"wi_payer_{k}": money(payer.get(k, Decimal(0))) for k in PAYERS},
    }


# ----------------------------------------------------------------------------- formats


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads Chinese right), CRLF line ends, every field quoted
    as needed by the csv module; the same rows always give the same bytes. Text that a
    spreadsheet would run as a formula gets a leading quote (``typed_text.neutral_csv``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    known = frozenset(columns)
    for row in rows:
        if not row.keys() <= known:  # as csv.DictWriter refused them
            raise ValueError(f"dict contains fields not in fieldnames: {sorted(row.keys() - known)}")
        writer.writerow([neutral_csv(row.get(name, "")) for name in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str | Field], Sequence[dict[str, str]]]],
            when: datetime) -> bytes:
    """An XLSX with one sheet per table, fixed workbook properties and zip entries:
    deterministic. Columns given as plain names: one header row, every value as text. Columns
    given as ``Field``: for people and systems both — a Chinese header row, then the machine
    names, both frozen; amounts and counts as numbers (``SUM`` gives the total; amounts shown
    with thousands separators and two decimals), codes and ids as text cells formatted ``@``
    (leading zeros, 18-digit IDs and the X kept, never in scientific notation); fitted widths.
    Text a spreadsheet could run (``= + - @``…) is a quote-prefixed string, never a formula.

    The SpreadsheetML is written directly (``spreadsheet.raw_workbook``): openpyxl took
    ≈ 25 ms a claim; the cells, formats and parts are those it wrote
    (tests/documents/test_xlsx_writer.py compares them)."""
    raw = []
    for title, columns, rows in sheets:
        fields = [c for c in columns if isinstance(c, Field)]
        names = [c.name if isinstance(c, Field) else c for c in columns]
        if fields and len(fields) == len(columns):
            formats = [_number_format(f) for f in fields]
            cells: list[list[RawCell]] = [[(f.zh, GENERAL, False) for f in fields],
                                          [(f.name, GENERAL, False) for f in fields]]
            cells += [[_typed(f, row[f.name], fmt) for f, fmt in zip(fields, formats, strict=True)]
                      for row in rows]
            widths = [_width([f.zh, f.name, *(row[f.name] for row in rows)], f) for f in fields]
            raw.append(RawSheet(title, cells, widths, 2))
        else:
            cells = [[(name, GENERAL, False) for name in names]]
            cells += [[_text(row[name], GENERAL) for name in names] for row in rows]
            raw.append(RawSheet(title, cells, (), 1))
    entries = raw_workbook(raw, when)
    ordered = {"[Content_Types].xml": entries.pop("[Content_Types].xml"), **dict(sorted(entries.items()))}
    return deterministic_zip(ordered, sort=False)


MONEY_FORMAT = "#,##0.00"  # thousands separators, to the fen
PRICE_FORMAT = "#,##0.00##"  # unit prices may carry four decimals
_NUMBER_FORMATS = {MONEY: MONEY_FORMAT, NUMBER: PRICE_FORMAT, COUNT: GENERAL, TEXT: "@"}


def _number_format(field: Field) -> str:
    return GENERAL if field.name == "selfpay_prop" else _NUMBER_FORMATS[field.kind]


def _text(value: str, number_format: str) -> RawCell:
    """A text cell: control characters escaped, cut to what a cell holds, quote-prefixed when
    a spreadsheet could run it."""
    text = _xml_text(value)[:MAX_TEXT]
    return text, number_format, needs_neutralising(text)


def _typed(field: Field, text: str, number_format: str) -> RawCell:
    """The cell: a Decimal for a number (exact, never through float), None for an empty one,
    the text otherwise."""
    if field.kind == TEXT:
        return _text(text, number_format)
    return (Decimal(text) if text else None), number_format, False


def _width(texts: Sequence[str], field: Field) -> float:
    """Characters wide enough for the longest of header and values (CJK counts double; an
    amount gains its thousands separators), between 6 and 60."""
    longest = max(len(t) if t.isascii() else len(t) + len(_WIDE.findall(t)) for t in set(texts))
    if field.kind == MONEY:
        longest += longest // 3
    return float(min(60, max(6, longest + 2)))


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK and beyond: two columns each
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: str) -> str:
    """Control characters XML cannot hold in OOXML's escaped form ``_x0007_``, as Excel
    writes them; text without them is unchanged."""
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def agreement_validity(t: ClaimTotals) -> dict[str, str]:
    """The agreement's validity frozen with the claim (issue 19): keys only when known."""
    return {key: day.isoformat() for key, day in (("agreement_valid_from", t.agreement_valid_from),
                                                  ("agreement_valid_to", t.agreement_valid_to))
            if day is not None}


def claim_json(view: ClaimView, adapter_code: str, details: list[dict[str, str]] | None = None,
               settlement: dict[str, str] | None = None) -> dict[str, Any]:
    """The document; ``details`` and ``settlement`` when the caller has already made them
    (``fee_detail_rows``, ``settlement_row`` of the same view: the CSV and XLSX share them)."""
    t, s, c = view.totals, view.totals.settlement, view.cover
    return {
        "format": JSON_FORMAT, "adapter": adapter_code,
        "claim": {"claim_id": view.claim_id, "case_number": c.case_number, "period": view.period,
                  "window_from": view.window_from.isoformat(), "window_to": view.window_to.isoformat(),
                  "version_no": view.version_no, "supersedes_id": view.supersedes_id,
                  "correction_reason": view.correction_reason, "frozen_at": _time(view.frozen_at),
                  "frozen_sha256": view.frozen_sha256},
        "institution": {"name": c.institution_name, "credit_code": c.institution_credit_code,
                        "region": c.institution_region,
                        "agreement_number": t.agreement_number or c.agreement_number,
                        **agreement_validity(t)},
        "injury": {"employer_name": c.employer_name, "employer_credit_code": c.employer_credit_code,
                   "recognition_number": c.recognition_number,
                   "recognition_date": c.recognition_date.isoformat(),
                   "injury_date": c.injury_date.isoformat(), "injured_body_parts": list(c.injured_body_parts),
                   "diagnoses": [{"icd_code": code, "name": name} for code, name in c.diagnoses],
                   "disease_category": c.disease_category, "disability_grade": c.disability_grade},
        "approvals": [{"kind": k, "number": n, "decided_on": d.isoformat(), "from": f.isoformat(),
                       "to": to.isoformat()} for k, n, d, f, to in c.approvals],
        "setlinfo": settlement_row(view) if settlement is None else settlement,
        "totals": {"total": money(t.total), "line_count": t.line_count,
                   "by_category": {k: money(t.by_category.get(k, Decimal(0))) for k in CATEGORIES},
                   "by_payer": {k: money(t.by_payer.get(k, Decimal(0))) for k in PAYERS},
                   "settlement": {"method": s.method, "units": f"{s.units:f}",
                                  "rate": None if s.rate is None else money(s.rate),
                                  "fund_amount": money(s.fund_amount),
                                  "items_fund_amount": money(s.items_fund_amount),
                                  "difference": money(s.difference), "zh": s.zh, "en": s.en,
                                  # the pack judged by and the terms used (empty before packs)
                                  "policy_pack": {"code": t.pack_code, "zh": t.pack_zh,
                                                  "en": t.pack_en},
                                  "terms": {"zh": t.terms_zh, "en": t.terms_en}}},
        "feedetail": fee_detail_rows(view) if details is None else details,
    }


def json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@cache
def claim_schema() -> dict[str, Any]:
    return json.loads((resources_dir() / "schemas" / "claim.schema.json").read_text(encoding="utf-8"))


@cache
def _claim_check() -> Check:
    return compile_schema(claim_schema())


def validate_claim_json(document: dict[str, Any]) -> list[str]:
    """Every place the document breaks the schema (empty when valid), ordered by path. The
    schema is compiled once into plain checks (``schema_check``: jsonschema's meaning, held
    to it by tests/documents/test_schema_check.py); jsonschema's generic descent took
    15–40 ms a claim."""
    return messages(_claim_check()(document))


def claim_json_file(view: ClaimView, region: str, details: list[dict[str, str]] | None = None,
                    settlement: dict[str, str] | None = None) -> DataFile:
    """``claim.json``, the archive's own document every adapter carries, checked against its
    schema (a failure is a bug, not a user error: the schema is ours)."""
    document = claim_json(view, region, details, settlement)
    problems = validate_claim_json(document)
    if problems:
        raise RuntimeError("claim.json breaks its schema: " + "; ".join(problems))
    return DataFile("claim.json", json_bytes(document), "application/json", "结算数据（JSON，机读）")


# ----------------------------------------------------------------------------- the national adapter


@dataclass(frozen=True)
class NationalAdapter:
    """The national medical-insurance platform's field names (see the module docstring)."""

    code: str = "national"
    name_zh: str = "全国医保平台字段（默认）"

    def files(self, view: ClaimView) -> list[DataFile]:
        details, settlement = fee_detail_rows(view), settlement_row(view)
        when = view.frozen_at or view.created_at
        return [
            claim_json_file(view, self.code, details, settlement),
            DataFile("fee_detail.csv", to_csv(FEE_DETAIL_COLUMNS, details), "text/csv",
                     "费用明细（CSV，UTF-8 BOM，机读）"),
            DataFile("settlement.csv", to_csv(SETTLEMENT_COLUMNS, [settlement]), "text/csv",
                     "结算汇总（CSV，UTF-8 BOM，机读）"),
            DataFile("claim.xlsx", to_xlsx([("feedetail", FEE_DETAIL_FIELDS, details),
                                            ("setlinfo", SETTLEMENT_FIELDS, [settlement])], when),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "费用明细与结算汇总（XLSX，人读：中文表头、金额为数字）"),
        ]


register(NationalAdapter())


def canonical_file(canonical: bytes) -> DataFile:
    """The frozen claim's canonical record (``claims.frozen_payload`` in ``domain.canonical``
    form), exactly the bytes its frozen SHA-256 covers: ``sha256sum`` recomputes the printed
    冻结摘要. Every region's package carries it beside the adapter's files."""
    return DataFile(CANONICAL_NAME, canonical, "application/json",
                    "冻结摘要所覆盖的规范化记录（JSON）/ the canonical record the frozen SHA-256 covers")
