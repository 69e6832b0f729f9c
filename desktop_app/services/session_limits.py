"""The facts the session limits are judged on (``domain.limits``), read from the archive.

``judge_case`` judges every session of a case as the claim sees it; ``judge_candidate``
judges a session about to be recorded against the same facts, so recording and billing
give the same answer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    CatalogueItem,
    InpatientLeave,
    Institution,
    RehabCase,
    TreatmentSession,
)
from desktop_app.domain.limits import CaseLimits, ItemLimits, Judgement, SessionRow, judge
from desktop_app.services.lookup import approved_counts, current_plan, superseded

OPENING_HOURS_SETTING = "opening_hours"  # institution.settings: ["07:30", "18:00"]
CANDIDATE_ID = 0  # a session not stored yet


def opening_hours(session: Session) -> tuple[time, time] | None:
    """The institution's opening hours, or None when it has not set them (not checked)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(OPENING_HOURS_SETTING) if institution else None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    try:
        opens, closes = (time.fromisoformat(str(v)) for v in value)
    except ValueError:
        return None
    return (opens, closes) if opens < closes else None


def leave_periods(session: Session, case_id: int) -> tuple[tuple[date, date], ...]:
    return tuple((start, end) for start, end in session.execute(
        select(InpatientLeave.leave_from, InpatientLeave.leave_to)
        .where(InpatientLeave.case_id == case_id).order_by(InpatientLeave.leave_from)))


def case_limits(session: Session, case: RehabCase) -> CaseLimits:
    """Approved, planned and catalogue limits per item, leave, opening hours."""
    approved = approved_counts(session, case.id)
    plan = current_plan(session, case.id)
    planned = {item.national_code: item for item in (plan.items if plan else [])}
    catalogue = {item.id: item for item in session.scalars(select(CatalogueItem).where(
        CatalogueItem.id.in_([i.catalogue_item_id for i in planned.values()])))}
    items: dict[str, ItemLimits] = {}
    for code in {*approved, *planned}:
        plan_item = planned.get(code)
        listed = catalogue.get(plan_item.catalogue_item_id) if plan_item else None
        items[code] = ItemLimits(
            approved=approved.get(code), planned=plan_item.total_count if plan_item else None,
            max_per_day=listed.max_per_day if listed else None,
            max_per_course=listed.max_per_course if listed else None,
            indication=(listed.indication or "") if listed else "")
    return CaseLimits(items=items, leave=leave_periods(session, case.id),
                      opening_hours=opening_hours(session),
                      disease_category=case.injury.disease_category,
                      injured_body_parts=frozenset(case.injury.injured_body_parts or ()))


def _row(s: TreatmentSession) -> SessionRow:
    return SessionRow(s.id, s.national_code, s.started_at.astimezone(CHINA),
                      s.ended_at.astimezone(CHINA), s.count, s.therapist_id)


def _case_rows(session: Session, case_id: int) -> list[SessionRow]:
    return [_row(s) for s in session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case_id,
        TreatmentSession.id.not_in(superseded("treatment_session"))))]


def _neighbours(session: Session, case: RehabCase, rows: list[SessionRow]
                ) -> tuple[list[SessionRow], list[SessionRow]]:
    """Sessions of other cases in the same hours: the therapists' and the worker's."""
    if not rows:
        return [], []
    start = min(r.started_at for r in rows) - timedelta(days=1)
    end = max(r.ended_at for r in rows) + timedelta(days=1)
    therapists = {r.therapist_id for r in rows}
    found = session.execute(
        select(TreatmentSession, RehabCase.worker_id)
        .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
        .where(TreatmentSession.case_id != case.id,
               TreatmentSession.started_at < end, TreatmentSession.ended_at > start,
               (TreatmentSession.therapist_id.in_(therapists))
               | (RehabCase.worker_id == case.worker_id),
               TreatmentSession.id.not_in(superseded("treatment_session")))).all()
    other_cases = [_row(s) for s, _worker in found]
    same_worker = [_row(s) for s, worker in found if worker == case.worker_id]
    return other_cases, same_worker


def judge_case(session: Session, case: RehabCase) -> dict[int, Judgement]:
    """Every (current) session of the case, judged."""
    rows = _case_rows(session, case.id)
    return judge(rows, case_limits(session, case), *_neighbours(session, case, rows))


def judge_candidate(session: Session, case: RehabCase, national_code: str, started_at: datetime,
                    ended_at: datetime, count: int, therapist_id: int) -> Judgement:
    """A session about to be recorded, judged with the case's stored ones."""
    candidate = SessionRow(CANDIDATE_ID, national_code, started_at.astimezone(CHINA),
                           ended_at.astimezone(CHINA), count, therapist_id)
    rows = [*_case_rows(session, case.id), candidate]
    judged = judge(rows, case_limits(session, case), *_neighbours(session, case, [candidate]))
    return judged[CANDIDATE_ID]


REST_WEEKDAYS_SETTING = "rest_weekdays"  # institution.settings: ISO weekdays, 7 = Sunday
DEFAULT_REST_WEEKDAYS = (7,)


def rest_weekdays(session: Session) -> frozenset[int]:
    """The ISO weekdays the ward does not treat (default Sunday): never idle."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(REST_WEEKDAYS_SETTING) if institution else None
    if isinstance(value, list) and all(isinstance(v, int) and 1 <= v <= 7 for v in value):
        return frozenset(value)
    return frozenset(DEFAULT_REST_WEEKDAYS)


def idle_bed_days(session: Session, case: RehabCase, start: date, end: date) -> list[date]:
    """挂床 (Beijing Art. 13): inpatient days inside ``start``–``end`` — from admission to
    the day before discharge, or to today while in the ward — with no session and no
    leave covering the day; the ward's rest weekdays are not idle."""
    if case.setting != "inpatient" or case.admission_date is None:
        return []
    last = (case.discharge_date - timedelta(days=1)) if case.discharge_date else \
        datetime.now(CHINA).date()
    first, last = max(start, case.admission_date), min(end, last)
    if first > last:
        return []
    treated = {s.started_at.astimezone(CHINA).date() for s in session.scalars(
        select(TreatmentSession).where(
            TreatmentSession.case_id == case.id,
            TreatmentSession.id.not_in(superseded("treatment_session"))))}
    leave = leave_periods(session, case.id)
    rest = rest_weekdays(session)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d not in treated and d.isoweekday() not in rest
            and not any(a <= d <= b for a, b in leave)]
