"""Archiving at discharge, retention metadata, legal holds, sealing, and refusing deletion.

A discharged case is archived: it is locked (later changes only by an approved
amendment) and gets a retention record (≥ 30 years from the discharge date, only ever
extended). A sealed case (封存, for a dispute) is read-only for everyone. Deleting a
case under retention is refused here and by the database (migration 0003); expired
records leave only through the disposal workflow (``services.records.disposal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    CourseNotice,
    Institution,
    RehabCase,
    RetentionRecord,
    TreatmentSession,
    ValueReport,
    Worker,
)
from desktop_app.domain import retention as rules
from desktop_app.domain.typed_text import is_ascii_digits
from desktop_app.domain.vocabulary import Action, CaseStatus, State
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.clinical.session_signing import performer_signatures
from desktop_app.services.core import audit
from desktop_app.services.core.lookup import get_case, superseded
from desktop_app.services.core.permissions import authorize_case, deny
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity.sign_summary_view import KIND_LABELS
from desktop_app.services.integrity.signing import SIGNABLE, awaiting_cosignature

CASE_RECORD = "rehab_case"
# Clinical records that must carry a signature before the case is archived (approvals
# are the agency's decisions, fees are settled later).
MUST_BE_SIGNED = ("treatment_plan", "prescription", "treatment_session", "assessment",
                  "out_of_scope_consent")


@dataclass(frozen=True)
class RetentionRow:
    retention_id: int
    case_id: int
    case_number: str
    patient_name: str
    record_class: str
    retention_start: date
    retain_until: date
    legal_hold: bool
    hold_reason: str | None
    status: str  # held / destroyed / expired / due / retained


def retention_of(session: Session, case_id: int) -> RetentionRecord | None:
    return session.scalars(select(RetentionRecord).where(
        RetentionRecord.record_type == CASE_RECORD, RetentionRecord.record_id == case_id)).first()


def unsigned_records(session: Session, case_id: int) -> list[tuple[str, int]]:
    """Clinical records of the case still waiting for a signature (a session also waits
    for its performer's, ``session_signing.performer_signatures``)."""
    found = []
    for record_type in MUST_BE_SIGNED:
        model = SIGNABLE[record_type]
        ids = session.scalars(select(model.id).where(
            model.case_id == case_id, model.record_state == State.DRAFT))  # type: ignore[attr-defined]
        found += [(record_type, record_id) for record_id in ids]
    # A session counts as signed once its performer (or, for an assistant, a reviewer) has
    # signed it too: the patient's signature alone moves it out of draft.
    current = list(session.scalars(select(TreatmentSession.id).where(
        TreatmentSession.case_id == case_id, TreatmentSession.record_state != State.DRAFT,
        TreatmentSession.id.not_in(superseded("treatment_session"))).order_by(TreatmentSession.id)))
    signed = performer_signatures(session, current)
    found += [("treatment_session", i) for i in current if i not in signed]
    # The value report's latest version (it supersedes every earlier one, which can no longer
    # be signed) and every notice ending the course: signed by their physician.
    latest = session.execute(select(ValueReport.id, ValueReport.record_state).where(
        ValueReport.case_id == case_id).order_by(ValueReport.version_no.desc(), ValueReport.id.desc())
        .limit(1)).first()
    if latest is not None and latest.record_state == State.DRAFT:
        found.append(("value_report", int(latest.id)))
    found += [("course_notice", i) for i in session.scalars(select(CourseNotice.id).where(
        CourseNotice.case_id == case_id, CourseNotice.record_state == State.DRAFT).order_by(CourseNotice.id))]
    return found


@use_case(Action.CASE_ARCHIVE, case="case_id")
def archive_case(uow: UnitOfWork, case_id: int) -> int:
    """Lock a discharged case and start its retention clock. Returns the retention id."""
    session = uow.session
    case = get_case(session, case_id)
    if case.status != CaseStatus.DISCHARGED or case.discharge_date is None:
        raise UserError(f"病例 {case.case_number} 尚未出院，不能归档。",
                        f"Case {case.case_number} is not discharged; it cannot be archived.")
    pending = unsigned_records(session, case_id)
    waiting = awaiting_cosignature(session, case_id)
    if waiting:
        listed = "、".join(f"{t} #{i}" for t, i in waiting[:10])
        raise UserError(f"治疗师助理的记录尚待上级审核签名：{listed}；请先审核再归档。",
                        f"Assistant's records await a licensed reviewer's co-signature "
                        f"({listed}); co-sign them first.")
    if pending:
        listed = "、".join(f"{KIND_LABELS.get(t, t)} #{i}" for t, i in pending[:10])
        listed_en = ", ".join(f"{t.replace('_', ' ')} #{i}" for t, i in pending[:10])
        more = f" 等{len(pending)}项" if len(pending) > 10 else ""
        raise UserError(f"尚有未签名的记录：{listed}{more}；请先补齐签名再归档。",
                        f"{len(pending)} record(s) still unsigned ({listed_en}); sign them first.")
    institution = session.scalars(select(Institution).limit(1)).first()
    years = rules.retention_years(case.setting, _institution_years(institution))
    case.record_state = State.ARCHIVED
    case.archived_at = uow.clock.now()
    record = RetentionRecord(
        record_type=CASE_RECORD, record_id=case.id,
        record_class=f"{'inpatient' if case.setting == 'inpatient' else 'outpatient'}_rehab",
        retention_start=case.discharge_date,
        retain_until=rules.retain_until(case.discharge_date, years),
        legal_hold=False, disposal_state="retained")
    session.add(record)
    session.flush()
    return record.id


def _institution_years(institution: Institution | None) -> int | None:
    value = (institution.settings or {}).get("retention_years") if institution else None
    return int(value) if isinstance(value, int | str) and is_ascii_digits(str(value)) else None


def _retained_case(uow: UnitOfWork, case_id: int) -> tuple[RehabCase, RetentionRecord]:
    case = get_case(uow.session, case_id)
    record = retention_of(uow.session, case_id)
    if record is None:
        raise UserError(f"病例 {case.case_number} 尚未归档，没有保管期限。",
                        f"Case {case.case_number} is not archived; it has no retention yet.")
    return case, record


def _reason_required(reason: str, field: str) -> None:
    if not reason.strip():
        raise_if_blocking([FieldError(field, f"{field}不能为空", f"{field} is required", key="reason")])


@use_case(Action.RETENTION_HOLD, case="case_id")
def set_legal_hold(uow: UnitOfWork, case_id: int, hold: bool, reason: str) -> None:
    """Place or lift a legal hold: a held case is never disposed of, even when expired."""
    _, record = _retained_case(uow, case_id)
    _reason_required(reason, "保全原因")
    record.legal_hold = hold
    record.hold_reason = reason.strip()


@use_case(Action.RETENTION_EXTEND, case="case_id")
def extend_retention(uow: UnitOfWork, case_id: int, until: date, reason: str) -> None:
    """Keep a case longer; retention never gets shorter."""
    _, record = _retained_case(uow, case_id)
    _reason_required(reason, "延长原因")
    if until <= record.retain_until:
        raise_if_blocking([FieldError("保管期限", f"保管期限只能延长（现为 {record.retain_until}）",
                                      f"Retention can only be extended (now {record.retain_until})",
                                      key="retain_until")])
    audit.record_event(uow.session, "extend_retention", "retention_record", record.id,
                       case_id=case_id, details={"reason": reason.strip()})
    record.retain_until = until


@use_case(Action.CASE_SEAL, case="case_id")
def seal_case(uow: UnitOfWork, case_id: int, reason: str) -> None:
    """封存 for a dispute: read-only for everyone from now on; later access is audited."""
    case = get_case(uow.session, case_id)
    _reason_required(reason, "封存原因")
    case.record_state = State.SEALED
    case.sealed_at = uow.clock.now()
    case.seal_reason = reason.strip()


@use_case(Action.CASE_OPEN, case="case_id")
def open_case(uow: UnitOfWork, case_id: int) -> RehabCase:
    """Open a patient's archive for reading; every opening is audited."""
    case = get_case(uow.session, case_id)
    audit.record_event(uow.session, "open", CASE_RECORD, case.id, case_id=case.id,
                       details={"record_state": case.record_state})
    return case


def _may_delete(uow: UnitOfWork, case_id: int) -> None:
    """A case under retention is refused whoever asks (audited), before the table is read."""
    case = get_case(uow.session, case_id)
    record = retention_of(uow.session, case_id)
    if record is not None and record.disposal_state != "destroyed":
        deny(uow, Action.CASE_DELETE, case.record_state, CASE_RECORD, case.id, case.id,
             f"病例 {case.case_number} 在保管期内（保管至 {record.retain_until}"
             f"{'，且处于法律保全' if record.legal_hold else ''}），不能删除；"
             "期满后须经销毁鉴定、审批和两人监销。",
             f"Case {case.case_number} is under retention until {record.retain_until}"
             f"{' and on legal hold' if record.legal_hold else ''}; it cannot be deleted. "
             "After that it leaves only through appraisal, approval and two witnesses.")
    authorize_case(uow, Action.CASE_DELETE, case)


@use_case(Action.CASE_DELETE, authorize_with=_may_delete)
def delete_case(uow: UnitOfWork, case_id: int) -> None:
    """Delete a case registered by mistake. Anything archived, sealed or under retention is
    refused (and the database refuses it too); nothing clinical may have been recorded."""
    session = uow.session
    case = get_case(session, case_id)
    if case.status != CaseStatus.REGISTERED:
        raise UserError(f"病例 {case.case_number} 已有核准或治疗记录，不能删除。",
                        f"Case {case.case_number} has approvals or treatment; it cannot be "
                        "deleted.")
    worker_id, injury = case.worker_id, case.injury
    session.delete(case)
    session.flush()
    if not session.scalars(select(RehabCase.id).where(RehabCase.injury_id == injury.id)).first():
        for diagnosis in list(injury.diagnoses):
            session.delete(diagnosis)
        session.delete(injury)
        session.flush()
    if not session.scalars(select(RehabCase.id).where(RehabCase.worker_id == worker_id)).first():
        session.delete(session.get(Worker, worker_id))


@use_case(Action.RETENTION_REPORT, commits=False)
def retention_report(uow: UnitOfWork) -> list[RetentionRow]:
    """Every retention record with its status as of the unit of work's clock."""
    return retention_rows(uow.session, uow.clock.today())


def retention_rows(session: Session, today: date) -> list[RetentionRow]:
    """The report itself, for the signed-in view above and the command line (whose user
    holds the database's credentials)."""
    rows = session.execute(
        select(RetentionRecord, RehabCase.case_number, Worker.name)
        .join(RehabCase, RehabCase.id == RetentionRecord.record_id, isouter=True)
        .join(Worker, Worker.id == RehabCase.worker_id, isouter=True)
        .where(RetentionRecord.record_type == CASE_RECORD)
        .order_by(RetentionRecord.retain_until, RetentionRecord.id))
    return [RetentionRow(
        r.id, r.record_id, number or "（已销毁）", name or "", r.record_class, r.retention_start,
        r.retain_until, r.legal_hold, r.hold_reason,
        rules.status(r.retain_until, r.legal_hold, r.disposal_state, today))
        for r, number, name in rows]
