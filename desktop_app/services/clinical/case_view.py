"""Read-only views for lists, timelines and the CLI. They return plain data, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Engine, ScalarSelect, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Approval,
    Assessment,
    CaseTransfer,
    CourseNotice,
    DeviceRecord,
    ExpertEvaluation,
    FeeLine,
    FollowUp,
    InpatientLeave,
    Prescription,
    RehabCase,
    TreatmentPlan,
    TreatmentSession,
    ValueReport,
    Worker,
)
from desktop_app.db.models import Base as _Base
from desktop_app.documents.money import yuan
from desktop_app.domain.identity import mask_resident_id
from desktop_app.domain.vocabulary import ACTIVE_CASE_STATUSES, CLOSED_CASE_STATES
from desktop_app.services.core.lookup import superseded

CHECK_METHODS = {"manual": "人工核对证件", "id_card_reader": "身份证读卡器",
                 "social_security_card": "社会保障卡"}


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_number: str
    patient_name: str
    masked_resident_id: str
    status: str
    stage: str
    setting: str
    approved_from: date | None
    approved_to: date | None
    days_left: int | None
    # draft (open), archived or sealed: a case no longer open is shown as such (issue 20)
    record_state: str = "draft"
    # the day it was transferred out to another institution (issue 19): shown as 已转出
    transferred_out_on: date | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a case. ``event`` names what happened and ``values`` hold its data
    (codes, numbers, names as stored): the screen words them in its own language."""

    day: date
    kind: str  # injury / registration / approval / admission / plan / prescription / session /
    #            assessment / leave / expert / device / value_report / notice / transfer /
    #            discharge / follow_up
    event: str  # injury, recognition, registration, approval, extension, early_filing, admission,
    #             plan, prescription, sessions, assessment, leave, expert_evaluation,
    #             device_<step>, value_report, course_notice, transfer_<in|out>, discharge, follow_up
    values: dict[str, str]
    record_type: str | None = None  # the records the entry shows (to open or correct them)
    record_ids: tuple[int, ...] = ()


def _period_bound(bound: ColumnElement[date]) -> ScalarSelect[date]:
    """The case's first start or last end of approval, per row (uses the case_id index,
    so a page or a search costs what it shows, not the whole table)."""
    return (select(bound).where(Approval.case_id == RehabCase.id)
            .correlate(RehabCase).scalar_subquery())


def _transferred_out() -> ScalarSelect[date]:
    """The day a case was transferred out (issue 19), or NULL."""
    return (select(func.min(CaseTransfer.transfer_date))
            .where(CaseTransfer.case_id == RehabCase.id, CaseTransfer.direction == "out")
            .scalar_subquery())


def _of_status(status: str | None) -> list[ColumnElement[bool]]:
    """The conditions for the cases of ``status``: a case status (an archived or sealed case
    no longer counts as, say, discharged) or the record state ``archived`` / ``sealed``."""
    if not status:
        return []
    if status in CLOSED_CASE_STATES:
        return [RehabCase.record_state == status]
    return [RehabCase.status == status, RehabCase.record_state.not_in(CLOSED_CASE_STATES)]


def count_cases(session: Session, status: str | None = None) -> int:
    return session.scalar(select(func.count()).select_from(RehabCase).where(*_of_status(status))) or 0


def list_cases(
    session: Session,
    today: date,
    *,
    status: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    matching: ColumnElement[bool] | None = None,
    rank: ColumnElement[int] | None = None,
) -> list[CaseRow]:
    """Cases newest first (best ``rank`` first, if given), with the approved period and the
    days left in it; ``matching`` filters on the case and its worker."""
    query = (
        select(RehabCase.id, RehabCase.case_number, Worker.name, Worker.resident_id,
               RehabCase.status, RehabCase.stage, RehabCase.setting,
               _period_bound(func.min(Approval.period_from)),
               _period_bound(func.max(Approval.period_to)), RehabCase.record_state,
               _transferred_out())
        .join(Worker, Worker.id == RehabCase.worker_id)
        .order_by(*([rank] if rank is not None else []), RehabCase.id.desc())
        .offset(offset)
    )
    if matching is not None:
        query = query.where(matching)
    query = query.where(*_of_status(status))
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for (case_id, number, name, resident_id, status_, stage, setting, start, end,
         record_state, transferred) in session.execute(query):
        left = (end - today).days if end is not None and status_ in ACTIVE_CASE_STATUSES else None
        rows.append(CaseRow(case_id, number, name, mask_resident_id(resident_id), status_,
                            stage, setting, start, end, left, record_state, transferred))
    return rows


def case_row(session: Session, case_id: int, today: date) -> CaseRow | None:
    """One case as the case list shows it (None if there is no such case)."""
    rows = list_cases(session, today, matching=RehabCase.id == case_id)
    return rows[0] if rows else None


def case_timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    """Everything that happened in a case, in date order."""
    entries: list[TimelineEntry] = []
    case = session.get(RehabCase, case_id)
    if case is None:
        return entries
    injury = case.injury
    entries.append(TimelineEntry(injury.injury_date, "injury", "injury",
                                 {"body_parts": "、".join(injury.injured_body_parts)}))
    entries.append(TimelineEntry(injury.recognition_date, "injury", "recognition",
                                 {"number": injury.recognition_number}))
    entries.append(TimelineEntry(case.created_at.astimezone(CHINA).date(), "registration",
                                 "registration", {"case_number": case.case_number}))
    for a in session.scalars(select(Approval).where(Approval.case_id == case_id)):
        entries.append(TimelineEntry(a.decision_date, "approval", a.kind, {
            "number": a.decision_number, "body": a.issuing_body, "start": str(a.period_from),
            "end": str(a.period_to)}))
    if case.admission_date:
        entries.append(TimelineEntry(case.admission_date, "admission", "admission",
                                     {"method": case.identity_check_method or ""}))
    for p in session.scalars(select(TreatmentPlan).where(TreatmentPlan.case_id == case_id)):
        entries.append(TimelineEntry(p.created_at.astimezone(CHINA).date(), "plan", "plan", {
            "version": str(p.version_no), "start": str(p.period_from), "end": str(p.period_to),
            "items": str(len(p.items)), "cost": yuan(p.cost_estimate)}))
    by_day: dict[date, list[tuple[str, int, int]]] = {}
    for day, name, count, session_id in session.execute(  # corrected versions replace theirs
        select(TreatmentSession.session_date, TreatmentSession.item_name, TreatmentSession.count,
               TreatmentSession.id)
        .where(TreatmentSession.case_id == case_id,
               TreatmentSession.id.not_in(superseded("treatment_session")))
        .order_by(TreatmentSession.id)
    ):
        by_day.setdefault(day, []).append((name, count, session_id))
    for day, rows in by_day.items():
        entries.append(TimelineEntry(day, "session", "sessions", {
            "rows": str(len(rows)), "total": str(sum(count for _, count, _ in rows)),
            "names": "、".join(dict.fromkeys(name for name, _, _ in rows))},
            "treatment_session", tuple(i for _, _, i in rows)))
    for m in session.scalars(select(Assessment).where(
            Assessment.case_id == case_id, Assessment.id.not_in(superseded("assessment")))):
        entries.append(TimelineEntry(m.assessed_on, "assessment", "assessment", {
            "phase": m.phase, "instrument": m.instrument_code,
            "total": str(m.total) if m.total is not None else "—", "grade": m.grade or ""},
            "assessment", (m.id,)))
    if case.discharge_date:
        entries.append(TimelineEntry(case.discharge_date, "discharge", "discharge",
                                     {"reason": case.end_reason or ""}))
    entries += _other_records(session, case_id)
    order = {"injury": 0, "registration": 1, "approval": 2, "admission": 3, "transfer": 4,
             "expert": 5, "plan": 6, "prescription": 7, "assessment": 8, "session": 9, "leave": 10,
             "device": 11, "value_report": 12, "notice": 13, "discharge": 14, "follow_up": 15}
    entries.sort(key=lambda e: (e.day, order.get(e.kind, 9)))
    return entries


def _other_records(session: Session, case_id: int) -> list[TimelineEntry]:
    """The case's prescriptions, leaves, expert evaluations, device steps, value reports,
    notices ending the course, transfers and follow-ups (current versions only)."""
    entries = [TimelineEntry(p.prescribed_on, "prescription", "prescription", {
        "item": p.item_name, "count": str(p.count), "frequency": p.frequency}, "prescription", (p.id,))
        for p in session.scalars(select(Prescription).where(
            Prescription.case_id == case_id, Prescription.id.not_in(superseded("prescription"))))]
    entries += [TimelineEntry(leave.leave_from, "leave", "leave", {
        "start": str(leave.leave_from), "end": str(leave.leave_to), "why": leave.reason})
        for leave in session.scalars(select(InpatientLeave).where(InpatientLeave.case_id == case_id))]
    entries += [TimelineEntry(e.evaluated_on, "expert", "expert_evaluation", {
        "experts": "、".join(str(x.get("name", "")) for x in e.experts), "conclusion": e.conclusion})
        for e in session.scalars(select(ExpertEvaluation).where(ExpertEvaluation.case_id == case_id))]
    devices = list(session.scalars(select(DeviceRecord).where(DeviceRecord.case_id == case_id)))
    names = {d.id: d.device_name or d.device_code or "—" for d in devices}
    entries += [TimelineEntry(d.done_on, "device", f"device_{d.kind}", {
        "device": d.device_name or names.get(d.opinion_id or 0, "—"), "number": d.filing_number or ""})
        for d in devices]
    entries += [TimelineEntry(v.assessed_on, "value_report", "value_report", {"conclusion": v.conclusion},
                              "value_report", (v.id,))
                for v in session.scalars(select(ValueReport).where(
                    ValueReport.case_id == case_id, ValueReport.id.not_in(superseded("value_report"))))]
    entries += [TimelineEntry(n.issued_on, "notice", "course_notice", {"notice_reason": n.reason})
                for n in session.scalars(select(CourseNotice).where(
                    CourseNotice.case_id == case_id, CourseNotice.id.not_in(superseded("course_notice"))))]
    entries += [TimelineEntry(t.transfer_date, "transfer", f"transfer_{t.direction}", {
        "institution": t.other_institution, "why": t.reason or ""})
        for t in session.scalars(select(CaseTransfer).where(CaseTransfer.case_id == case_id))]
    entries += [TimelineEntry(f.contacted_on, "follow_up", "follow_up", {
        "contact": f.method, "work": f.return_to_work})
        for f in session.scalars(select(FollowUp).where(FollowUp.case_id == case_id))]
    return entries


def row_counts(engine: Engine) -> dict[str, int]:
    """Number of rows in every table of the archive."""
    counts = {}
    with Session(engine) as session:
        for name, table in sorted(_Base.metadata.tables.items()):
            counts[name] = session.scalar(select(func.count()).select_from(table)) or 0
    return counts


def fee_total(session: Session, case_id: int) -> str:
    total = session.scalar(select(func.coalesce(func.sum(FeeLine.amount), 0)).where(
        FeeLine.case_id == case_id))
    return str(total)
