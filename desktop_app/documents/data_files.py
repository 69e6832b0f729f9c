"""The claim's data files (CSV, XLSX, JSON) and the region adapters that shape them.

工伤 networked settlement has no public national interface; most hospital software copies
the national medical-insurance platform's field names (DOMAIN.md "Settlement data"), so
the national adapter uses them wherever one applies, and ``wi_`` (work injury) names for
what the platform has no field for:

* fee detail — transaction 2301 住院费用明细上传 (``feedetail``) and 5204 费用明细查询:
  ``feedetl_sn`` 费用明细流水号 (the fee line's id), ``init_feedetl_sn`` 原费用流水号 (the
  line a reversal cancels; its ``cnt`` is negative), ``fee_ocur_time`` 费用发生时间 (the
  archive bills per day: date only), ``med_list_codg`` 医疗目录编码 (national code),
  ``medins_list_codg``/``medins_list_name`` 医药机构目录编码/名称, ``med_chrgitm_type``
  医疗收费项目类别 (code table in reference/nhsa_code_tables.csv), ``cnt`` 数量, ``pric``
  单价, ``det_item_fee_sumamt`` 明细项目费用总额, ``orders_dr_name`` 受单医生姓名 (who
  performed the session), ``memo`` 备注 (the coverage reason with its articles);
* settlement — transaction 2304 住院结算 / 2207 门诊结算 (``setlinfo``): ``medins_setl_id``
  医药机构结算ID, ``psn_name``, ``gend``, ``certno``, ``mdtrt_cert_type`` (02 身份证号),
  ``med_type`` 医疗类别 (21 普通住院 / 11 普通门诊), ``setl_time``, ``medfee_sumamt``
  医疗费总额, ``fund_pay_sumamt`` 基金支付总额, ``inscp_scp_amt`` 符合政策范围金额,
  ``fulamt_ownpay_amt`` 全自费金额 (self-paid with signed consent), ``hosp_part_amt``
  医院负担金额 (borne by the institution), ``psn_part_amt`` 个人负担总金额 (self-paid and
  borne by the worker).

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
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from desktop_app.clock import CHINA
from desktop_app.documents.money import quantity
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.zipfiles import deterministic_zip, read_zip
from desktop_app.domain.claim_data import ClaimView
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

FEE_DETAIL_COLUMNS = (
    "medins_setl_id", "feedetl_sn", "init_feedetl_sn", "fee_ocur_time", "med_list_codg",
    "medins_list_codg", "medins_list_name", "med_chrgitm_type", "cnt", "pric",
    "det_item_fee_sumamt", "orders_dr_name", "memo", "wi_unit", "wi_category", "wi_coverage",
    "wi_coverage_rule", "wi_session_id", "wi_price_version", "wi_charge_kind", "wi_body_part",
)
SETTLEMENT_COLUMNS = (
    "medins_setl_id", "psn_name", "gend", "certno", "mdtrt_cert_type", "med_type", "setl_time",
    "medfee_sumamt", "fund_pay_sumamt", "inscp_scp_amt", "fulamt_ownpay_amt", "hosp_part_amt",
    "psn_part_amt", "wi_case_no", "wi_claim_id", "wi_version_no", "wi_supersedes_id", "wi_period",
    "wi_window_from", "wi_window_to", "wi_frozen_sha256", "wi_payment_method", "wi_settlement_units",
    "wi_settlement_rate", "wi_items_fund_amount", "wi_settlement_difference", "wi_line_count",
    *(f"wi_category_{c}" for c in CATEGORIES), *(f"wi_payer_{p}" for p in PAYERS),
)


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


def adapter(code: str = "national") -> RegionAdapter:
    from desktop_app.errors import UserError

    if code not in _ADAPTERS:
        raise UserError(f"没有地区数据格式“{code}”；可用：{'、'.join(sorted(_ADAPTERS))}",
                        f"No regional data format {code!r}; available: {', '.join(sorted(_ADAPTERS))}")
    return _ADAPTERS[code]


def adapters() -> list[str]:
    return sorted(_ADAPTERS)


# ----------------------------------------------------------------------------- values


def money(value: Decimal) -> str:
    """Decimal text to the fen, no separators: ``Decimal("1234.5")`` → ``"1234.50"``."""
    return f"{Decimal(value).quantize(Decimal('0.01')):f}"


def _time(moment: datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def settlement_id(view: ClaimView) -> str:
    return f"{view.cover.case_number}-{view.claim_id}-V{view.version_no}"


def fee_detail_rows(view: ClaimView) -> list[dict[str, str]]:
    sid = settlement_id(view)
    return [{
        "medins_setl_id": sid, "feedetl_sn": str(ln.line_id),
        "init_feedetl_sn": "" if ln.reverses_id is None else str(ln.reverses_id),
        "fee_ocur_time": ln.occurred_on.isoformat(), "med_list_codg": ln.national_code,
        "medins_list_codg": ln.local_code or ln.national_code, "medins_list_name": ln.name,
        "med_chrgitm_type": CHARGE_TYPE.get(ln.category, "14"), "cnt": quantity(ln.quantity),
        "pric": f"{ln.unit_price:f}", "det_item_fee_sumamt": money(ln.amount),
        "orders_dr_name": ln.performed_by or "", "memo": ln.coverage_reason or "",
        "wi_unit": ln.unit, "wi_category": ln.category, "wi_coverage": ln.coverage,
        "wi_coverage_rule": ln.coverage_rule or "",
        "wi_session_id": "" if ln.session_id is None else str(ln.session_id),
        "wi_price_version": ln.price_version, "wi_charge_kind": ln.charge_kind or "",
        "wi_body_part": ln.body_part or "",
    } for ln in view.lines]


def settlement_row(view: ClaimView) -> dict[str, str]:
    t, c, s = view.totals, view.cover, view.totals.settlement
    payer = t.by_payer
    return {
        "medins_setl_id": settlement_id(view), "psn_name": c.worker_name,
        "gend": GENDER.get(c.worker_sex, ""), "certno": c.resident_id, "mdtrt_cert_type": "02",
        "med_type": MED_TYPE.get(c.setting, ""), "setl_time": _time(view.frozen_at),
        "medfee_sumamt": money(t.total), "fund_pay_sumamt": money(s.fund_amount),
        "inscp_scp_amt": money(s.items_fund_amount),
        "fulamt_ownpay_amt": money(payer[CoverageClass.SELF_PAID]),
        "hosp_part_amt": money(payer[CoverageClass.INSTITUTION]),
        "psn_part_amt": money(payer[CoverageClass.SELF_PAID] + payer[CoverageClass.WORKER]),
        "wi_case_no": c.case_number, "wi_claim_id": str(view.claim_id),
        "wi_version_no": str(view.version_no),
        "wi_supersedes_id": "" if view.supersedes_id is None else str(view.supersedes_id),
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
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutral_csv(v) for k, v in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[dict[str, str]]]],
            when: datetime) -> bytes:
    """An XLSX with one sheet per table, every value as text (so amounts keep their fen and
    codes their leading zeros), fixed workbook properties and zip entries: deterministic."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xml_text(row[c]) for c in columns])
            _keep_as_text(sheet[sheet.max_row])
        sheet.freeze_panes = "A2"
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


def claim_json(view: ClaimView, adapter_code: str) -> dict[str, Any]:
    t, s, c = view.totals, view.totals.settlement, view.cover
    return {
        "format": JSON_FORMAT, "adapter": adapter_code,
        "claim": {"claim_id": view.claim_id, "case_number": c.case_number, "period": view.period,
                  "window_from": view.window_from.isoformat(), "window_to": view.window_to.isoformat(),
                  "version_no": view.version_no, "supersedes_id": view.supersedes_id,
                  "correction_reason": view.correction_reason, "frozen_at": _time(view.frozen_at),
                  "frozen_sha256": view.frozen_sha256},
        "institution": {"name": c.institution_name, "credit_code": c.institution_credit_code,
                        "region": c.institution_region, "agreement_number": c.agreement_number},
        "injury": {"employer_name": c.employer_name, "employer_credit_code": c.employer_credit_code,
                   "recognition_number": c.recognition_number,
                   "recognition_date": c.recognition_date.isoformat(),
                   "injury_date": c.injury_date.isoformat(), "injured_body_parts": list(c.injured_body_parts),
                   "diagnoses": [{"icd_code": code, "name": name} for code, name in c.diagnoses],
                   "disease_category": c.disease_category, "disability_grade": c.disability_grade},
        "approvals": [{"kind": k, "number": n, "decided_on": d.isoformat(), "from": f.isoformat(),
                       "to": to.isoformat()} for k, n, d, f, to in c.approvals],
        "setlinfo": settlement_row(view),
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
        "feedetail": fee_detail_rows(view),
    }


def json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@cache
def claim_schema() -> dict[str, Any]:
    return json.loads((resources_dir() / "schemas" / "claim.schema.json").read_text(encoding="utf-8"))


def validate_claim_json(document: dict[str, Any]) -> list[str]:
    """Every place the document breaks the schema (empty when valid)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(claim_schema())
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]


# ----------------------------------------------------------------------------- the national adapter


@dataclass(frozen=True)
class NationalAdapter:
    """The national medical-insurance platform's field names (see the module docstring)."""

    code: str = "national"
    name_zh: str = "全国医保平台字段（默认）"

    def files(self, view: ClaimView) -> list[DataFile]:
        document = claim_json(view, self.code)
        problems = validate_claim_json(document)
        if problems:  # a bug, not a user error: the schema is ours
            raise RuntimeError("claim.json breaks its schema: " + "; ".join(problems))
        details, settlement = fee_detail_rows(view), settlement_row(view)
        when = view.frozen_at or view.created_at
        return [
            DataFile("claim.json", json_bytes(document), "application/json", "结算数据（JSON）"),
            DataFile("fee_detail.csv", to_csv(FEE_DETAIL_COLUMNS, details), "text/csv",
                     "费用明细（CSV，UTF-8 BOM）"),
            DataFile("settlement.csv", to_csv(SETTLEMENT_COLUMNS, [settlement]), "text/csv",
                     "结算汇总（CSV，UTF-8 BOM）"),
            DataFile("claim.xlsx", to_xlsx([("feedetail", FEE_DETAIL_COLUMNS, details),
                                            ("setlinfo", SETTLEMENT_COLUMNS, [settlement])], when),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "费用明细与结算汇总（XLSX）"),
        ]


register(NationalAdapter())


def canonical_file(canonical: bytes) -> DataFile:
    """The frozen claim's canonical record (``claims.frozen_payload`` in ``domain.canonical``
    form), exactly the bytes its frozen SHA-256 covers: ``sha256sum`` recomputes the printed
    冻结摘要. Every region's package carries it beside the adapter's files."""
    return DataFile(CANONICAL_NAME, canonical, "application/json",
                    "冻结摘要所覆盖的规范化记录（JSON）/ the canonical record the frozen SHA-256 covers")
