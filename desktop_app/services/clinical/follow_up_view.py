"""Follow-up after discharge, read for the screens and the statistics: each milestone of a
case (3, 6, 12 months) with its due day and what was recorded (the latest row of the
milestone counts: a correction is a newer row), and the latest known return-to-work status
of many cases at once. Plain data, no Qt."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.db.models import FollowUp, RehabCase, StaffUser
from desktop_app.domain.alerts import follow_up_due
from desktop_app.domain.vocabulary import FOLLOW_UP_MONTHS, CaseStatus, State
from desktop_app.services.core.lookup import get_case

CHUNK = 900  # ids per IN (…) list: within SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    months: int
    contacted_on: date
    method: str
    return_to_work: str
    satisfaction: int | None
    note: str | None
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class Milestone:
    months: int
    due_on: date
    latest: FollowUpRow | None  # what counts; None: not recorded yet
    earlier: int = 0  # rows of the milestone it corrects


@dataclass(frozen=True)
class FollowUpSheet:
    case_id: int
    case_number: str
    patient_name: str
    status: str
    record_state: str
    discharge_date: date | None
    destination: str | None
    return_to_work: str | None  # at discharge
    satisfaction: int | None  # at discharge
    milestones: tuple[Milestone, ...]
    history: tuple[FollowUpRow, ...]  # every row, oldest first

    @property
    def can_record(self) -> bool:
        """A follow-up is recorded in a discharged case that is not sealed."""
        return (self.status == CaseStatus.DISCHARGED and self.discharge_date is not None
                and self.record_state != State.SEALED)


def follow_up_sheet(session: Session, case_id: int) -> FollowUpSheet:
    case = get_case(session, case_id)
    history = tuple(
        FollowUpRow(f.id, f.months, f.contacted_on, f.method, f.return_to_work, f.satisfaction,
                    f.note, f.created_at, name or "—")
        for f, name in session.execute(
            select(FollowUp, StaffUser.display_name)
            .outerjoin(StaffUser, StaffUser.id == FollowUp.created_by_id)
            .where(FollowUp.case_id == case_id).order_by(FollowUp.id)))
    milestones = []
    for months in FOLLOW_UP_MONTHS:
        rows = [r for r in history if r.months == months]
        due = follow_up_due(case.discharge_date, months) if case.discharge_date else None
        if due is not None:
            milestones.append(Milestone(months, due, rows[-1] if rows else None, max(len(rows) - 1, 0)))
    return FollowUpSheet(case.id, case.case_number, case.worker.name, case.status, case.record_state,
                         case.discharge_date, case.discharge_destination, case.return_to_work,
                         case.discharge_satisfaction, tuple(milestones), history)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def recorded_milestones(session: Session, case_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Case id → the milestones (months) with a follow-up recorded."""
    found: dict[int, set[int]] = {}
    for chunk in _chunks(sorted(set(case_ids))):
        for case_id, months in session.execute(
                select(FollowUp.case_id, FollowUp.months).distinct().where(FollowUp.case_id.in_(chunk))):
            found.setdefault(case_id, set()).add(months)
    return {case_id: frozenset(months) for case_id, months in found.items()}


def latest_return_to_work(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    """For each case, the latest known return-to-work status (``RETURN_TO_WORK`` code): that
    of its latest follow-up if it has one (the latest milestone's row that counts, by the day
    of contact, then the later milestone), else the later of the one recorded at discharge
    and the vocational rehabilitation's outcome (issue 19; on the same day the vocational
    outcome, the more specific). Cases with none are left out. A few queries for any number
    of cases."""
    ids = sorted(set(case_ids))
    found: dict[int, str] = {}
    for chunk in _chunks(ids):
        for case_id, at_discharge, discharged_on, vocational, vocational_on in session.execute(
                select(RehabCase.id, RehabCase.return_to_work, RehabCase.discharge_date,
                       RehabCase.vocational_outcome, RehabCase.vocational_outcome_on)
                .where(RehabCase.id.in_(chunk), or_(RehabCase.return_to_work.is_not(None),
                                                    RehabCase.vocational_outcome.is_not(None)))):
            use_vocational = vocational is not None and (
                at_discharge is None or discharged_on is None or vocational_on is None
                or vocational_on >= discharged_on)
            found[case_id] = str(vocational if use_vocational else at_discharge)
        counts = (select(func.max(FollowUp.id).label("id")).where(FollowUp.case_id.in_(chunk))
                  .group_by(FollowUp.case_id, FollowUp.months).subquery())
        latest: dict[int, tuple[date, int, int, str]] = {}
        for case_id, contacted_on, months, row_id, status in session.execute(
                select(FollowUp.case_id, FollowUp.contacted_on, FollowUp.months, FollowUp.id,
                       FollowUp.return_to_work).join(counts, counts.c.id == FollowUp.id)):
            key = (contacted_on, months, row_id, status)
            if case_id not in latest or key[:3] > latest[case_id][:3]:
                latest[case_id] = key
        found.update({case_id: key[3] for case_id, key in latest.items()})
    return found
