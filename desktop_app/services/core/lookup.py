"""Shared reads used by several services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop_app.db.models import (
    Amendment,
    Approval,
    ApprovedItem,
    CaseTransfer,
    CatalogueItem,
    CataloguePack,
    FeeLine,
    RehabCase,
    TransferUsedCount,
    TreatmentPlan,
)
from desktop_app.domain.dates import periods_cover
from desktop_app.domain.vocabulary import CLOSED_CASE_STATES
from desktop_app.errors import NotFound, UserError


def superseded(record_type: str) -> Select[int]:
    """Ids of records replaced by an amendment (the latest version counts, not these)."""
    return select(Amendment.original_id).where(Amendment.record_type == record_type)


def uncharged(session_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """True where no fee line bills the session ``session_id`` (a correlated NOT EXISTS).

    Not ``NOT IN (every charged session)``: that subquery grows with the archive (a fee line
    per session, millions after years), and PostgreSQL runs a NOT IN whose subquery is larger
    than its work memory row by row against the whole of it; NOT EXISTS it plans as an
    anti-join on the fee line's index, and so does SQLite."""
    return ~select(FeeLine.id).where(FeeLine.session_id == session_id).exists()


def get_case(session: Session, case_id: int) -> RehabCase:
    case = session.get(RehabCase, case_id)
    if case is None:
        raise NotFound(f"找不到康复病例 {case_id}。", f"Rehabilitation case {case_id} not found.")
    return case


def require_open_case(case: RehabCase) -> None:
    """Archived or sealed cases change only by an approved amendment."""
    if case.record_state in CLOSED_CASE_STATES:
        raise UserError(
            f"病例 {case.case_number} 已归档或封存，不能修改。",
            f"Case {case.case_number} is archived or sealed and cannot be changed.",
        )


def approvals(session: Session, case_id: int) -> list[Approval]:
    return list(
        session.scalars(
            select(Approval).where(Approval.case_id == case_id).order_by(Approval.period_from)
        )
    )


def approved_periods(session: Session, case_id: int) -> list[tuple[date, date]]:
    return [(a.period_from, a.period_to) for a in approvals(session, case_id)]


def in_approved_period(session: Session, case_id: int, day: date) -> bool:
    return periods_cover(approved_periods(session, case_id), day, day)


def approved_counts(session: Session, case_id: int) -> dict[str, int | None]:
    """What the approvals and extensions still allow here: code → count (None: unlimited) —
    the agency's counts less those an earlier institution already used before a transfer in
    (``transferred_used``, never below 0). Every remaining count (limits, plan, worklist,
    claim gate) is computed from it, so the counts continue across a transfer."""
    return approved_counts_by_case(session, [case_id]).get(case_id, {})


def granted_counts(session: Session, case_id: int) -> dict[str, int | None]:
    """The agency's approved counts as decided, before any transfer-in deduction (documents)."""
    return _granted_by_case(session, [case_id]).get(case_id, {})


def transferred_used(session: Session, case_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per case, the sessions per item (national code) used at an earlier institution,
    recorded at a transfer in (migration 0019; several transfers in add up)."""
    used: dict[int, dict[str, int]] = {}
    for case_id, code, count in session.execute(
            select(TransferUsedCount.case_id, TransferUsedCount.national_code,
                   TransferUsedCount.used_count)
            .where(TransferUsedCount.case_id.in_(case_ids))):
        per_case = used.setdefault(case_id, {})
        per_case[code] = per_case.get(code, 0) + count
    return used


def transfer_out_date(session: Session, case_id: int) -> date | None:
    """The day the case was transferred out to another institution (the earliest), if it was."""
    return session.scalar(select(func.min(CaseTransfer.transfer_date))
                          .where(CaseTransfer.case_id == case_id, CaseTransfer.direction == "out"))


def approved_items(session: Session, case_id: int) -> tuple[tuple[str, str, int | None], ...]:
    """The agency's approved counts (``granted_counts``: no transfer-in deduction) with each
    item's name: (code, name, count), in the order approved — what documents print."""
    names = {str(code): str(name) for code, name in session.execute(
        select(ApprovedItem.national_code, ApprovedItem.name)
        .join(Approval, Approval.id == ApprovedItem.approval_id)
        .where(Approval.case_id == case_id).order_by(ApprovedItem.id))}
    counts = granted_counts(session, case_id)
    return tuple((code, names.get(code, code), count) for code, count in counts.items())


def approved_counts_by_case(session: Session,
                            case_ids: list[int]) -> dict[int, dict[str, int | None]]:
    """``approved_counts`` of several cases in two queries."""
    counts = _granted_by_case(session, case_ids)
    for case_id, used in transferred_used(session, case_ids).items():
        per_case = counts.get(case_id, {})
        for code, count in used.items():
            if per_case.get(code) is not None:
                per_case[code] = max(0, int(per_case[code] or 0) - count)
    return counts


def _granted_by_case(session: Session, case_ids: list[int]) -> dict[int, dict[str, int | None]]:
    counts: dict[int, dict[str, int | None]] = {}
    for case_id, code, count in session.execute(
            select(Approval.case_id, ApprovedItem.national_code, ApprovedItem.approved_count)
            .join(Approval, Approval.id == ApprovedItem.approval_id)
            .where(Approval.case_id.in_(case_ids)).order_by(ApprovedItem.id)):
        per_case = counts.setdefault(case_id, {})
        if code in per_case:
            previous = per_case[code]
            per_case[code] = None if previous is None or count is None else previous + count
        else:
            per_case[code] = count
    return counts


def current_plan(session: Session, case_id: int) -> TreatmentPlan | None:
    return session.scalars(
        select(TreatmentPlan)
        .where(TreatmentPlan.case_id == case_id)
        .order_by(TreatmentPlan.version_no.desc())
        .limit(1)
    ).first()


def catalogue_item_in_force(
    session: Session, national_code: str, on: date, region: str | None = None
) -> CatalogueItem | None:
    """The item from the newest pack in force on ``on`` (optionally of one region)."""
    query = (
        select(CatalogueItem)
        .join(CataloguePack)
        .where(
            CatalogueItem.national_code == national_code,
            CataloguePack.effective_from <= on,
            (CataloguePack.effective_to.is_(None)) | (CataloguePack.effective_to >= on),
        )
        .order_by(CataloguePack.effective_from.desc(), CataloguePack.id.desc())
        .limit(1)
    )
    if region is not None:
        query = query.where(CataloguePack.region == region)
    return session.scalars(query).first()
