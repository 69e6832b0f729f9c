"""What the records officer's claim page lists: the periods a case can be claimed for,
and its claims with their versions, states and totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import Approval, Claim, RehabCase
from desktop_app.domain.rules.payment_methods import PaymentTerms
from desktop_app.services.claims.claim_gate import DISCHARGE
from desktop_app.services.claims.claims import payment_terms
from desktop_app.services.core.lookup import get_case
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class ClaimRow:
    claim_id: int
    period: str
    version_no: int
    supersedes_id: int | None
    status: str  # draft / final / exported
    total: Decimal
    fund: Decimal  # what the fund pays under the case's payment method
    created_at: datetime
    frozen_sha256: str | None


def claimable_periods(session: Session, case_id: int, today: date) -> list[str]:
    """Every month from the first approved (or admission) day to the discharge (or today),
    newest first, with "discharge" on top once the patient has left."""
    case = session.get(RehabCase, case_id)
    if case is None:
        return []
    first = session.scalar(select(func.min(Approval.period_from)).where(
        Approval.case_id == case_id)) or case.admission_date
    if first is None:
        return []
    last = min(case.discharge_date or today, today)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    months.reverse()
    return ([DISCHARGE] if case.discharge_date else []) + months


def claim_rows(session: Session, case_id: int) -> list[ClaimRow]:
    """The case's claims, newest first."""
    rows = session.scalars(select(Claim).where(Claim.case_id == case_id)
                           .order_by(Claim.id.desc()))
    return [claim_row(c) for c in rows]


def claim_row(c: Claim) -> ClaimRow:
    return ClaimRow(c.id, c.period, c.version_no, c.supersedes_id, c.status,
                    _money((c.totals or {}).get("total")),
                    _money(cast(dict[str, object], (c.totals or {}).get("settlement") or {})
                           .get("fund_amount")),
                    c.created_at, c.frozen_sha256)


def _money(value: object) -> Decimal:
    """To the fen, as every amount is shown (the stored text may drop a trailing zero)."""
    return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else Decimal("0.00")


@dataclass(frozen=True)
class TermsFacts:
    """The payment terms a claim of the case would record, and the methods its pack offers."""

    terms: PaymentTerms
    zh: str
    en: str
    offered: tuple[str, ...]
    pack_label: tuple[str, str]


def terms_facts(session: Session, case_id: int, today: date) -> TermsFacts:
    case = get_case(session, case_id)
    pack = case_pack(session, case, today)
    terms, (zh, en) = payment_terms(session, case)
    return TermsFacts(terms, zh, en, tuple(pack.payment_methods), pack.label)


@dataclass(frozen=True)
class CourseEndFacts:
    ended_on: date | None
    overstay_cause: str | None
    subsidy_on: date | None


def course_end_facts(session: Session, case_id: int) -> CourseEndFacts:
    case = get_case(session, case_id)
    return CourseEndFacts(case.course_ended_on, case.overstay_cause,
                          case.injury.one_off_medical_subsidy_date)
