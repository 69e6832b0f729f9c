"""The records officer's claim desk: every claim across cases and months with its desk
state (``domain.claim_states.standing``: draft … paid, derived from the claim's status and
the agency's answers) and its amounts — claimed total, fund amount, deductions, paid, still
due — and dates; the latest version of each case and period by default, every version on
demand. Also the lines of one claim, for the answer dialog's deductions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Claim, FeeLine, RehabCase, Worker
from desktop_app.domain import claim_states
from desktop_app.domain.claim_states import AnswerKind, DeskState
from desktop_app.services.claims.claim_answers import answers_of, as_answers
from desktop_app.services.claims.claim_list_view import claim_row

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DeskRow:
    claim_id: int
    case_id: int
    case_number: str
    patient_name: str
    period: str  # YYYY-MM or "discharge"
    version_no: int
    supersedes_id: int | None
    latest: bool  # the newest version of its case and period
    status: str  # stored: draft / final / exported
    state: DeskState  # derived
    total: Decimal  # claimed, every payer
    fund: Decimal  # what the fund pays under the claim's settlement
    deducted: Decimal
    paid: Decimal
    due: Decimal
    created_at: datetime
    frozen_at: datetime | None
    submitted_on: date | None
    returned_on: date | None
    paid_on: date | None
    correction_offered: bool  # returned or deducted, the latest version: a correction is due


def desk_rows(session: Session, *, month: str | None = None, state: str | None = None,
              search: str = "", all_versions: bool = False) -> list[DeskRow]:
    """The claims, newest period first, then by case number and version (newest first).
    ``month`` a period (``YYYY-MM`` or ``discharge``); ``search`` a part of the case number or
    the patient's name, or their pinyin initials."""
    query = (select(Claim, RehabCase.case_number, Worker.name)
             .join(RehabCase, RehabCase.id == Claim.case_id)
             .join(Worker, Worker.id == RehabCase.worker_id))
    if month:
        query = query.where(Claim.period == month)
    text = search.strip()
    if text:
        query = query.where(RehabCase.case_number.contains(text, autoescape=True)
                            | Worker.name.contains(text, autoescape=True)
                            | Worker.name_initials.contains(text.upper(), autoescape=True))
    found = list(session.execute(query))
    newest: dict[tuple[int, str], int] = {}
    for claim, _number, _name in found:
        key = (claim.case_id, claim.period)
        newest[key] = max(newest.get(key, 0), claim.version_no)
    answers = answers_of(session, [c.id for c, _n, _w in found])
    rows = []
    for claim, number, name in found:
        latest = newest[(claim.case_id, claim.period)] == claim.version_no
        if not (latest or all_versions):
            continue
        figures = claim_row(claim)
        standing = claim_states.standing(claim.status, figures.fund,
                                         as_answers(answers.get(claim.id, [])))
        if state and standing.state != state:
            continue
        rows.append(DeskRow(
            claim.id, claim.case_id, number, name, claim.period, claim.version_no,
            claim.supersedes_id, latest, claim.status, standing.state, figures.total, figures.fund,
            standing.deducted, standing.paid, standing.due, claim.created_at, claim.frozen_at,
            standing.submitted_on, standing.returned_on, standing.paid_on,
            latest and claim_states.is_frozen(claim.status) and claim_states.needs_correction(standing)))
    rows.sort(key=lambda r: (r.case_number, -r.version_no))
    rows.sort(key=lambda r: r.period, reverse=True)
    return rows


@dataclass(frozen=True)
class TotalsRow:
    claims: int
    total: Decimal
    fund: Decimal
    deducted: Decimal
    paid: Decimal


def totals(rows: list[DeskRow]) -> TotalsRow:
    """The sums of the rows shown."""
    return TotalsRow(len(rows), sum((r.total for r in rows), ZERO), sum((r.fund for r in rows), ZERO),
                     sum((r.deducted for r in rows), ZERO), sum((r.paid for r in rows), ZERO))


@dataclass(frozen=True)
class LineRow:
    fee_line_id: int
    occurred_on: date
    national_code: str
    name: str
    quantity: Decimal
    amount: Decimal
    coverage: str
    deducted: Decimal  # by earlier answers
    reversal: bool  # a reversal line (negative) of a correction: not deductible

    @property
    def left(self) -> Decimal:
        return max(self.amount - self.deducted, ZERO)


def claim_lines(session: Session, claim_id: int) -> list[LineRow]:
    """The claim's lines, with what the agency already deducted from each."""
    deducted: dict[int, Decimal] = {}
    for row in answers_of(session, [claim_id]).get(claim_id, []):
        if row.kind == AnswerKind.DEDUCTION and row.fee_line_id is not None:
            deducted[row.fee_line_id] = deducted.get(row.fee_line_id, ZERO) + (row.amount or ZERO)
    lines = session.scalars(select(FeeLine).where(FeeLine.claim_id == claim_id)
                            .order_by(FeeLine.occurred_on, FeeLine.id))
    return [LineRow(ln.id, ln.occurred_on, ln.national_code, ln.name, ln.quantity, ln.amount,
                    ln.coverage, deducted.get(ln.id, ZERO), ln.reverses_id is not None or ln.amount < 0)
            for ln in lines]


@dataclass(frozen=True)
class AnswerRow:
    answer_id: int
    kind: str
    on_date: date
    amount: Decimal | None
    reason: str | None
    fee_line_id: int | None
    created_at: datetime


def claim_answer_rows(session: Session, claim_id: int) -> list[AnswerRow]:
    """The claim's answers, in the order recorded."""
    return [AnswerRow(r.id, r.kind, r.on_date, r.amount, r.reason, r.fee_line_id, r.created_at)
            for r in answers_of(session, [claim_id]).get(claim_id, [])]


def desk_periods(session: Session) -> list[str]:
    """Every period a claim exists for, newest first (``discharge`` last)."""
    periods = set(session.scalars(select(Claim.period).distinct()))
    return sorted((p for p in periods if p != "discharge"), reverse=True) + (
        ["discharge"] if "discharge" in periods else [])
