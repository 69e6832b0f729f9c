"""The home screen's data: a therapist's work today, their own patients and the alerts of
open cases (a therapist's limited to their own patients).

A therapist's own patients (``own_case_ids``): the open cases where a current prescription is
assigned to them, or where they performed a session in the last ``OWN_RECENT_DAYS`` days;
and the discharged cases (their follow-ups, their archiving) where they performed any
session. The case has no "treating therapist" column: the prescription's assignment and the
sessions' performer are the facts the archive holds.

A handful of grouped queries for all cases at once (never one query per case), so the
home screen stays fast on an archive with thousands of cases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Approval,
    Assessment,
    InpatientLeave,
    PlanItem,
    Prescription,
    RehabCase,
    SignatureItem,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.alerts import (
    Alert,
    CaseFacts,
    ItemCount,
    PrescriptionCount,
    by_urgency,
    case_alerts,
)
from desktop_app.domain.rules.limits import idle_days
from desktop_app.domain.rules.policy import Article, cite, cite_short_zh
from desktop_app.domain.vocabulary import ACTIVE_CASE_STATUSES, CLOSED_CASE_STATES, CaseStatus, State
from desktop_app.services.claims.claim_gate import mid_assessment_after_days
from desktop_app.services.clinical.follow_up_view import recorded_milestones
from desktop_app.services.core.lookup import approved_counts_by_case, superseded
from desktop_app.services.intake.application_view import agreement_alerts, application_alerts
from desktop_app.services.integrity.signing import patient_side_signed, unsigned_by_patient
from desktop_app.services.rules.region import case_pack
from desktop_app.services.rules.session_limits import rest_weekdays, stay_window

IDLE_BED_LOOKBACK_DAYS = 30  # the alerts show idle bed days of the last 30 days
ALERT_TOPICS = ("plan_count", "idle_bed")
# Discharged cases whose follow-up may be asked (3 to 18 months after discharge, a few days'
# margin each side; domain.alerts decides the exact days).
FOLLOW_UP_FIRST_DAYS, FOLLOW_UP_LAST_DAYS = 88, 552
OWN_RECENT_DAYS = 14  # a session performed this recently makes an open case the therapist's


@dataclass(frozen=True)
class WorkItem:
    """One prescribed item a therapist carries out for a patient today."""

    case_id: int
    case_number: str
    patient_name: str
    bed_number: str | None
    prescription_id: int
    national_code: str
    item_name: str
    frequency: str
    prescribed_count: int
    done_count: int  # all sessions of this item so far
    done_today: int
    unsigned_today: int


def todays_work(session: Session, therapist_id: int, today: date) -> list[WorkItem]:
    """The signed prescriptions assigned to the therapist in admitted cases, with what was
    done today (by anyone: a colleague may have covered)."""
    live = TreatmentSession.id.not_in(superseded("treatment_session"))
    rows = session.execute(
        select(Prescription, RehabCase.case_number, RehabCase.bed_number, Worker.name)
        .join(RehabCase, RehabCase.id == Prescription.case_id)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .where(Prescription.assigned_therapist_id == therapist_id,
               Prescription.record_state == State.SIGNED, RehabCase.status == CaseStatus.ADMITTED,
               Prescription.id.not_in(superseded("prescription")))
        .order_by(RehabCase.bed_number, RehabCase.case_number, Prescription.id)).all()
    case_ids = {p.case_id for p, *_ in rows}
    done: dict[tuple[int, str], int] = defaultdict(int)
    today_done: dict[tuple[int, str], int] = defaultdict(int)
    today_unsigned: dict[tuple[int, str], int] = defaultdict(int)
    signed = set(session.scalars(patient_side_signed("treatment_session").join(
        TreatmentSession, TreatmentSession.id == SignatureItem.record_id).where(
        TreatmentSession.case_id.in_(case_ids), TreatmentSession.session_date == today)))
    for session_id, case_id, code, day, count in session.execute(
            select(TreatmentSession.id, TreatmentSession.case_id, TreatmentSession.national_code,
                   TreatmentSession.session_date, TreatmentSession.count)
            .where(TreatmentSession.case_id.in_(case_ids), live)):
        done[case_id, code] += count
        if day == today:
            today_done[case_id, code] += count
            today_unsigned[case_id, code] += session_id not in signed  # awaits the patient
    return [WorkItem(p.case_id, number, name, bed, p.id, p.national_code, p.item_name,
                     p.frequency, p.count, done[p.case_id, p.national_code],
                     today_done[p.case_id, p.national_code],
                     today_unsigned[p.case_id, p.national_code])
            for p, number, bed, name in rows]


def alerts(session: Session, today: date, cases: set[int] | None = None) -> list[Alert]:
    """Alerts of every open case (and of discharged cases not yet archived, and follow-ups
    due), most urgent first (``domain.alerts.by_urgency``); ``cases``: only of those."""
    after = mid_assessment_after_days(session)
    found: list[Alert] = []
    open_facts = open_case_facts(session, today)
    for facts in open_facts:
        found += case_alerts(facts, today, after)
    for facts in follow_up_case_facts(session, today, {f.case_id for f in open_facts}):
        found += case_alerts(facts, today, after)
    # Issue 19: the institution's agreement running out (no case: case_id 0, so a therapist's
    # own-case list leaves it out); applications past their answer deadline.
    found = agreement_alerts(session, today) + found + application_alerts(session, today)
    return by_urgency(a for a in found if cases is None or a.case_id in cases)


def own_case_ids(session: Session, therapist_id: int, today: date) -> set[int]:
    """The therapist's own patients' cases (see the module docstring)."""
    assigned = set(session.scalars(
        select(Prescription.case_id).join(RehabCase, RehabCase.id == Prescription.case_id)
        .where(Prescription.assigned_therapist_id == therapist_id,
               RehabCase.status.in_(ACTIVE_CASE_STATUSES),
               Prescription.id.not_in(superseded("prescription")))))
    recent = today - timedelta(days=OWN_RECENT_DAYS)
    performed = session.execute(
        select(TreatmentSession.case_id, RehabCase.status, func.max(TreatmentSession.session_date))
        .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
        .where(TreatmentSession.therapist_id == therapist_id)
        .group_by(TreatmentSession.case_id, RehabCase.status)).all()
    return assigned | {case_id for case_id, status, last in performed
                       if status == CaseStatus.DISCHARGED or last >= recent}


@dataclass(frozen=True)
class PatientRow:
    """One of a therapist's own patients (an open case)."""

    case_id: int
    case_number: str
    patient_name: str
    bed_number: str | None
    status: str
    approved_until: date | None
    last_session: date | None  # the therapist's latest session in the case


def my_patients(session: Session, therapist_id: int, today: date,
                cases: set[int] | None = None) -> list[PatientRow]:
    """The therapist's own patients in open (approved or admitted) cases, by bed and case."""
    ids = own_case_ids(session, therapist_id, today) if cases is None else cases
    period_end = (select(Approval.case_id, func.max(Approval.period_to).label("until"))
                  .group_by(Approval.case_id).subquery())
    last = dict(session.execute(
        select(TreatmentSession.case_id, func.max(TreatmentSession.session_date))
        .where(TreatmentSession.therapist_id == therapist_id, TreatmentSession.case_id.in_(ids))
        .group_by(TreatmentSession.case_id)).all())
    rows = session.execute(
        select(RehabCase, Worker.name, period_end.c.until)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .outerjoin(period_end, period_end.c.case_id == RehabCase.id)
        .where(RehabCase.id.in_(ids), RehabCase.status.in_(ACTIVE_CASE_STATUSES))).all()
    found = [PatientRow(case.id, case.case_number, name, case.bed_number, case.status, until,
                        last.get(case.id)) for case, name, until in rows]
    return sorted(found, key=lambda p: (p.bed_number is None, p.bed_number or "", p.case_number))


@dataclass(frozen=True)
class TherapistHome:
    work: list[WorkItem]
    patients: list[PatientRow]
    alerts: list[Alert]  # of their own patients only


def therapist_home(session: Session, therapist_id: int | None, today: date) -> TherapistHome:
    """A therapist's home: today's work, their own patients and those patients' alerts
    (nobody chosen: nothing)."""
    if therapist_id is None:
        return TherapistHome([], [], [])
    own = own_case_ids(session, therapist_id, today)
    return TherapistHome(todays_work(session, therapist_id, today),
                         my_patients(session, therapist_id, today, own), alerts(session, today, own))


def follow_up_case_facts(session: Session, today: date, skip: set[int]) -> list[CaseFacts]:
    """The archived discharged cases (not sealed) whose follow-up may be due today (3 to 18
    months after discharge, ``domain.alerts.follow_ups_asked``), the cases in ``skip`` left
    out: their alerts are only those of the follow-up."""
    rows = session.execute(
        select(RehabCase, Worker.name).join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.status == CaseStatus.DISCHARGED, RehabCase.record_state == State.ARCHIVED,
               RehabCase.discharge_date.is_not(None),
               RehabCase.discharge_date <= today - timedelta(days=FOLLOW_UP_FIRST_DAYS),
               RehabCase.discharge_date > today - timedelta(days=FOLLOW_UP_LAST_DAYS))
        .order_by(RehabCase.id)).all()
    cases = [(case, name) for case, name in rows if case.id not in skip]
    recorded = recorded_milestones(session, [case.id for case, _ in cases])
    return [CaseFacts(case.id, case.case_number, name, case.status, case.record_state,
                      case.admission_date, None, discharge_date=case.discharge_date,
                      follow_ups_recorded=recorded.get(case.id, frozenset()))
            for case, name in cases]


def open_cases(session: Session) -> list[tuple[RehabCase, str, date | None]]:
    """``(case, worker's name, end of its approved period)`` of every open case (approved,
    admitted, or discharged and not yet archived or sealed), by id."""
    period_end = (select(Approval.case_id, func.max(Approval.period_to).label("until"))
                  .group_by(Approval.case_id).subquery())
    return [(case, name, until) for case, name, until in session.execute(
        select(RehabCase, Worker.name, period_end.c.until)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .outerjoin(period_end, period_end.c.case_id == RehabCase.id)
        .where(or_(RehabCase.status.in_(ACTIVE_CASE_STATUSES),
                   and_(RehabCase.status == CaseStatus.DISCHARGED,
                        RehabCase.record_state.not_in(CLOSED_CASE_STATES))))
        .order_by(RehabCase.id))]


def assessment_phases(session: Session, ids: list[int]) -> dict[int, set[str]]:
    """The phases (pre/mid/post) assessed so far, by case."""
    phases: dict[int, set[str]] = defaultdict(set)
    for case_id, phase in session.execute(
            select(Assessment.case_id, Assessment.phase).distinct()
            .where(Assessment.case_id.in_(ids))):
        phases[case_id].add(phase)
    return phases


def open_case_facts(session: Session, today: date | None = None) -> list[CaseFacts]:
    """The facts of every open case; with ``today``, also its idle bed days (挂床) of the
    last ``IDLE_BED_LOOKBACK_DAYS`` days before today."""
    cases = open_cases(session)
    ids = [case.id for case, *_ in cases]
    phases = assessment_phases(session, ids)
    live = TreatmentSession.id.not_in(superseded("treatment_session"))
    unsigned = dict(session.execute(
        select(TreatmentSession.case_id, func.count())
        .where(TreatmentSession.case_id.in_(ids), live,
               unsigned_by_patient("treatment_session", TreatmentSession.id))
        .group_by(TreatmentSession.case_id)).all())
    done: dict[int, dict[str, tuple[str, int]]] = defaultdict(dict)
    for case_id, code, name, total in session.execute(
            select(TreatmentSession.case_id, TreatmentSession.national_code,
                   func.min(TreatmentSession.item_name), func.sum(TreatmentSession.count))
            .where(TreatmentSession.case_id.in_(ids), live)
            .group_by(TreatmentSession.case_id, TreatmentSession.national_code)):
        done[case_id][code] = (name, int(total or 0))
    approved = approved_counts_by_case(session, ids)
    planned = _planned(session, ids)
    prescribed = _prescriptions(session, [c.id for c, *_ in cases if c.status == CaseStatus.ADMITTED])
    idle = _idle(session, [c for c, *_ in cases], today) if today is not None else {}
    followed = recorded_milestones(session, [c.id for c, *_ in cases if c.status == CaseStatus.DISCHARGED])
    facts = []
    for case, name, until in cases:
        counts = tuple(ItemCount(code, item_name, count, approved.get(case.id, {}).get(code),
                                 planned.get(case.id, {}).get(code))
                       for code, (item_name, count) in sorted(done[case.id].items()))
        pack = case_pack(session, case)
        facts.append(CaseFacts(case.id, case.case_number, name, case.status, case.record_state,
                               case.admission_date, until, frozenset(phases[case.id]),
                               unsigned.get(case.id, 0),
                               counts, prescribed.get(case.id, ()), idle.get(case.id, ()),
                               {topic: short_cite(pack.basis(topic)) for topic in ALERT_TOPICS},
                               case.discharge_date, followed.get(case.id, frozenset())))
    return facts


def _planned(session: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    """Each case's current plan (its latest version): item → count."""
    latest = (select(TreatmentPlan.case_id, func.max(TreatmentPlan.version_no).label("v"))
              .where(TreatmentPlan.case_id.in_(ids)).group_by(TreatmentPlan.case_id).subquery())
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for case_id, code, total in session.execute(
            select(TreatmentPlan.case_id, PlanItem.national_code, PlanItem.total_count)
            .join(PlanItem, PlanItem.plan_id == TreatmentPlan.id)
            .join(latest, and_(latest.c.case_id == TreatmentPlan.case_id,
                               latest.c.v == TreatmentPlan.version_no))):
        found[case_id][code] = total
    return found


def _prescriptions(session: Session, ids: list[int]) -> dict[int, tuple[PrescriptionCount, ...]]:
    """Each (current) prescription of the cases with the sessions done under it."""
    live = TreatmentSession.id.not_in(superseded("treatment_session"))
    done = dict(session.execute(
        select(TreatmentSession.prescription_id, func.sum(TreatmentSession.count))
        .where(TreatmentSession.case_id.in_(ids), TreatmentSession.prescription_id.is_not(None),
               live).group_by(TreatmentSession.prescription_id)).all())
    found: dict[int, list[PrescriptionCount]] = defaultdict(list)
    for p in session.scalars(select(Prescription).where(
            Prescription.case_id.in_(ids), Prescription.id.not_in(superseded("prescription")))
            .order_by(Prescription.id)):
        found[p.case_id].append(PrescriptionCount(p.id, p.item_name, int(done.get(p.id) or 0),
                                                  p.count))
    return {case_id: tuple(rows) for case_id, rows in found.items()}


def _idle(session: Session, cases: list[RehabCase], today: date) -> dict[int, tuple[date, ...]]:
    """Idle bed days of admitted inpatients in the last days before today (today is not
    over yet), with the same rule as ``session_limits.idle_bed_days``."""
    windows = {}
    for case in cases:
        window = stay_window(case, today - timedelta(days=IDLE_BED_LOOKBACK_DAYS),
                             today - timedelta(days=1))
        if case.status == CaseStatus.ADMITTED and window is not None:
            windows[case.id] = window
    if not windows:
        return {}
    start = min(first for first, _ in windows.values())
    days: dict[int, set[date]] = defaultdict(set)
    for case_id, day in session.execute(
            select(TreatmentSession.case_id, TreatmentSession.session_date).distinct()
            .where(TreatmentSession.case_id.in_(windows), TreatmentSession.session_date >= start,
                   TreatmentSession.id.not_in(superseded("treatment_session")))):
        days[case_id].add(day)
    leave: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for case_id, leave_from, leave_to in session.execute(
            select(InpatientLeave.case_id, InpatientLeave.leave_from, InpatientLeave.leave_to)
            .where(InpatientLeave.case_id.in_(windows))):
        leave[case_id].append((leave_from, leave_to))
    rest = rest_weekdays(session)
    return {case_id: tuple(idle_days(first, last, days[case_id], leave[case_id], rest))
            for case_id, (first, last) in windows.items()}


def short_cite(articles: tuple[Article, ...]) -> tuple[str, str]:
    """An alert's basis: documents named short in Chinese (the list is narrow)."""
    return cite_short_zh(articles), cite(articles)[1]


def therapists(session: Session) -> list[tuple[int, str]]:
    """Active therapists and assistants (id, name), by name: whose work the home screen shows."""
    return [(staff_id, name) for staff_id, name in session.execute(
        select(StaffUser.id, StaffUser.display_name).where(
            StaffUser.role.in_(("therapist", "assistant")), StaffUser.active.is_(True))
        .order_by(StaffUser.display_name))]


def home(session: Session, therapist_id: int | None, today: date) -> tuple[list[WorkItem], list[Alert]]:
    """The home screen's two lists: the therapist's work today (none chosen: empty) and the alerts."""
    work = todays_work(session, therapist_id, today) if therapist_id is not None else []
    return work, alerts(session, today)
