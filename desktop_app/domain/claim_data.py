"""A claim as the documents and data files show it: plain frozen data, built by
``services.claims.claim_view`` and read by ``documents`` (which never reads the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ClaimLineView:
    """One fee line as the fee list and the data files show it."""

    line_id: int
    occurred_on: date
    national_code: str
    local_code: str | None
    name: str
    unit: str
    unit_price: Decimal
    quantity: Decimal  # negative on a reversal line
    amount: Decimal
    category: str
    coverage: str
    coverage_rule: str | None
    coverage_reason: str | None
    price_version: str
    session_id: int | None
    reverses_id: int | None  # the original line a reversal cancels
    performed_by: str | None  # the therapist of a session
    charge_kind: str | None
    body_part: str | None
    # For the settlement systems (0009 and after; None on lines written before):
    # when it occurred — the line's own time, else its session's start — and who ordered it
    # (a session line's physician is the session's performer when the line names nobody).
    occurred_at: datetime | None = None
    dept_code: str | None = None
    dept_name: str | None = None
    physician_code: str | None = None
    physician_name: str | None = None
    price_ceiling: Decimal | None = None  # the catalogue price of the item billed (pric_uplmt_amt)


@dataclass(frozen=True)
class SettlementView:
    method: str
    method_zh: str
    method_en: str
    units: Decimal
    rate: Decimal | None
    fund_amount: Decimal  # what the fund pays for this claim
    items_fund_amount: Decimal  # the sum of the fund-payable lines
    difference: Decimal
    zh: str
    en: str


@dataclass(frozen=True)
class ClaimTotals:
    total: Decimal
    by_category: dict[str, Decimal]  # FEE_CATEGORIES, each present
    by_payer: dict[str, Decimal]  # COVERAGE_CLASSES, each present
    by_category_payer: dict[str, dict[str, Decimal]]
    settlement: SettlementView
    line_count: int
    # The pack the claim was judged by and the terms used (empty on claims built before
    # packs existed: a frozen claim is never rewritten).
    pack_code: str = ""
    pack_zh: str = ""
    pack_en: str = ""
    terms_zh: str = ""
    terms_en: str = ""
    # The institution's agreement as the claim was built (issue 19; None on claims built
    # before it was frozen with them, or when the institution recorded none).
    agreement_number: str | None = None
    agreement_valid_from: date | None = None
    agreement_valid_to: date | None = None


@dataclass(frozen=True)
class CoverSheet:
    """The facts of the claim cover sheet (Luzhou Art. 30)."""

    institution_name: str
    institution_credit_code: str | None
    institution_region: str
    agreement_number: str | None
    case_number: str
    worker_name: str
    worker_sex: str
    resident_id: str
    social_security_card: str | None
    employer_name: str | None
    employer_credit_code: str | None
    recognition_number: str
    recognition_date: date
    injury_date: date
    injured_body_parts: tuple[str, ...]
    diagnoses: tuple[tuple[str, str], ...]  # (ICD code, name), main first
    disease_category: str
    disability_grade: int | None
    approvals: tuple[tuple[str, str, date, date, date], ...]  # kind, number, decided, from, to
    setting: str
    admission_date: date | None
    discharge_date: date | None
    end_reason: str | None
    bed_number: str | None
    # The approved items of all approvals: (national code, name, count; None = no count).
    approved_items: tuple[tuple[str, str, int | None], ...] = ()


@dataclass(frozen=True)
class LateSignatureNote:
    """A late signature on a record the claim covers, and the records officer's
    acknowledgement of it (``services.claims.late_signatures``)."""

    record_zh: str  # e.g. 治疗记录 #12
    record_en: str
    signer_name: str
    signed_at: datetime
    delay_zh: str  # domain.signature_timing.delay_text
    delay_en: str
    after_discharge: bool
    reason: str
    acknowledged_by: str
    acknowledged_at: datetime


@dataclass(frozen=True)
class AgencyIds:
    """The agency's keys for the case and the codes it uses (``rehab_case.agency_*``,
    ``services.claims.settlement_ids``); None where the records officer entered none."""

    psn_no: str | None = None  # 人员编号
    mdtrt_id: str | None = None  # 就诊ID / the region's visit or registration id
    mdtrt_cert_type: str | None = None  # 就诊凭证类型 (01/02/03); None: 02 身份证号
    psn_cert_type: str | None = None  # 人员证件类型, as the agency codes it
    insutype: str | None = None  # 险种类型, as the agency codes work injury


@dataclass(frozen=True)
class ClaimView:
    claim_id: int
    case_id: int
    period: str  # YYYY-MM or "discharge"
    window_from: date
    window_to: date
    version_no: int
    supersedes_id: int | None
    correction_reason: str | None
    status: str  # draft / final / exported
    frozen_at: datetime | None
    frozen_sha256: str | None
    created_at: datetime
    cover: CoverSheet
    lines: tuple[ClaimLineView, ...]
    totals: ClaimTotals
    late_signatures: tuple[LateSignatureNote, ...] = ()  # acknowledged when it was built
    agency: AgencyIds = AgencyIds()
