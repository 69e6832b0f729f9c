"""Disposal of records whose retention has expired (档案法 Art. 21 and common practice).

Eligible list → proposal with an appraisal note → the administrator's approval (a
signature) → two witnesses sign → the content is removed → a permanent disposal record
keeps the SHA-256 of everything destroyed. The database refuses to start a
destruction that lacks the approval, the witnesses, or meets a legal hold.

The audit trail keeps one ``dispose`` event per case with the hashes, not copies of
the destroyed rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, inspect, or_, select, tuple_, update
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Amendment,
    ApplicationItem,
    Approval,
    ApprovedItem,
    Assessment,
    Attachment,
    AttachmentBlob,
    CaseTransfer,
    Claim,
    ClaimAnswer,
    CourseNotice,
    DeviceRecord,
    Diagnosis,
    DisposalRecord,
    DisposalRequest,
    DisposalRequestItem,
    ExpertEvaluation,
    FeeLine,
    FollowUp,
    Injury,
    InpatientLeave,
    IssuedDocument,
    LateSignatureAck,
    OutOfScopeConsent,
    PlanItem,
    Prescription,
    RehabApplication,
    RehabCase,
    RetentionRecord,
    Signature,
    SignatureItem,
    StaffUser,
    TransferUsedCount,
    TreatmentPlan,
    TreatmentSession,
    ValueReport,
    Worker,
)
from desktop_app.domain import retention as rules
from desktop_app.domain.canonical import content_hash, plain
from desktop_app.domain.vocabulary import Action, Meaning, SignerKind
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.core import audit
from desktop_app.services.core.permissions import authorize
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing

REQUIRED_WITNESSES = 2
# Rows of a case in the order they can be deleted (children before what they refer to).
CASE_TABLES: tuple[tuple[str, Any], ...] = (
    ("claim_answer", ClaimAnswer),  # before the lines and claims it answers
    ("follow_up", FollowUp),
    ("course_notice", CourseNotice), ("value_report", ValueReport),  # 0018
    ("application_item", ApplicationItem),  # 0017; its application goes after the approvals
    ("expert_evaluation", ExpertEvaluation), ("device_record", DeviceRecord),  # 0021
    ("issued_document", IssuedDocument), ("fee_line", FeeLine), ("claim", Claim),
    ("treatment_session", TreatmentSession), ("prescription", Prescription), ("assessment", Assessment),
    ("out_of_scope_consent", OutOfScopeConsent),
    ("transfer_used_count", TransferUsedCount),  # 0019, before the transfer it belongs to
    ("case_transfer", CaseTransfer),
    ("inpatient_leave", InpatientLeave),
)


@dataclass(frozen=True)
class DisposalStatus:
    request_id: int
    approved_by: int | None
    witnesses: tuple[int, ...]
    carried_out: bool

    @property
    def ready(self) -> bool:
        return self.approved_by is not None and len(self.witnesses) >= REQUIRED_WITNESSES


@dataclass(frozen=True)
class RequestLine:
    """A disposal request and how far it has come (for the disposal view)."""

    request_id: int
    created_at: datetime
    proposed_by: str
    appraisal_note: str
    retention_ids: tuple[int, ...]
    case_numbers: tuple[str, ...]
    approved_by: str | None
    witnesses: tuple[str, ...]
    disposal_record_id: int | None

    @property
    def stage(self) -> str:
        """proposed / approved / witnessed / destroyed"""
        if self.disposal_record_id is not None:
            return "destroyed"
        if self.approved_by is None:
            return "proposed"
        return "witnessed" if len(self.witnesses) >= REQUIRED_WITNESSES else "approved"


@dataclass(frozen=True)
class DestroyedCase:
    case_number: str
    retain_until: str
    sha256: str
    tables: dict[str, dict[str, Any]]
    attachments_sha256: tuple[str, ...]


@dataclass(frozen=True)
class DisposalView:
    """The permanent disposal record, as plain data."""

    disposal_id: int
    request_id: int | None
    destroyed_on: date | None
    appraisal_note: str
    approved_by: str
    approved_at: datetime | None
    witnesses: tuple[str, ...]
    cases: tuple[DestroyedCase, ...]


@use_case(Action.RETENTION_REPORT, commits=False)
def eligible(uow: UnitOfWork) -> list[RetentionRecord]:
    """Retention records expired as of the clock, not held, not yet destroyed."""
    rows = uow.session.scalars(select(RetentionRecord).where(
        RetentionRecord.disposal_state == "retained",
        RetentionRecord.legal_hold.is_(False),
        RetentionRecord.retain_until < uow.clock.today()).order_by(RetentionRecord.id))
    return list(rows)


def _not_eligible(record: RetentionRecord, today: Any) -> FieldError | None:
    status = rules.status(record.retain_until, record.legal_hold, record.disposal_state, today)
    if status == "expired":
        return None
    return FieldError("销毁清单", f"保管记录 #{record.id} 不可销毁（状态：{status}，保管至 "
                      f"{record.retain_until}）",
                      f"Retention #{record.id} cannot be destroyed ({status}, kept until "
                      f"{record.retain_until})", key="destruction_list")


@use_case(Action.DISPOSAL_PROPOSE)
def propose(uow: UnitOfWork, retention_ids: list[int], appraisal_note: str) -> int:
    """The destruction list with its appraisal note. Returns the request id."""
    errors: list[FieldError] = []
    if not appraisal_note.strip():
        errors.append(FieldError("鉴定意见", "鉴定意见不能为空", "The appraisal note is required",
                                 key="appraisal_note"))
    if not retention_ids:
        errors.append(FieldError("销毁清单", "销毁清单为空", "The destruction list is empty",
                                 key="destruction_list"))
    for retention_id in dict.fromkeys(retention_ids):
        record = uow.session.get(RetentionRecord, retention_id)
        problem = (FieldError("销毁清单", f"找不到保管记录 #{retention_id}",
                              f"Retention #{retention_id} not found",
                              key="destruction_list") if record is None
                   else _not_eligible(record, uow.clock.today()))
        if problem:
            errors.append(problem)
    raise_if_blocking(errors)
    request = DisposalRequest(appraisal_note=appraisal_note.strip(), created_at=uow.clock.now(),
                              created_by_id=uow.actor_id)
    uow.session.add(request)
    uow.session.flush()
    for retention_id in dict.fromkeys(retention_ids):
        uow.session.add(DisposalRequestItem(request_id=request.id, retention_id=retention_id))
    uow.session.flush()
    return request.id


def status(session: Session, request_id: int) -> DisposalStatus:
    request = session.get(DisposalRequest, request_id)
    if request is None:
        raise NotFound(f"找不到销毁申请 #{request_id}。", f"Disposal request #{request_id} not found.")
    signatures = signing.signatures_of(session, "disposal_request", request_id)
    valid = [s for s in signatures if signing.check_signature(session, s).valid]
    approver = next((s.staff_user_id for s in valid if s.meaning == Meaning.DISPOSAL_APPROVES), None)
    witnesses = tuple(dict.fromkeys(s.staff_user_id for s in valid
                                    if s.meaning == Meaning.DISPOSAL_WITNESS and s.staff_user_id))
    done = session.scalars(select(DisposalRecord.id).where(
        DisposalRecord.request_id == request_id)).first() is not None
    return DisposalStatus(request_id, approver, witnesses, done)


def on_request(action: str) -> Callable[..., None]:
    """Authorises ``action`` on the disposal request ``request_id`` (audited as that request)."""
    def authorize_request(uow: UnitOfWork, request_id: int, **_arguments: object) -> None:
        authorize(uow, action, record_type="disposal_request", record_id=request_id)
    return authorize_request


@use_case(Action.DISPOSAL_APPROVE, authorize_with=on_request(Action.DISPOSAL_APPROVE))
def approve(uow: UnitOfWork, request_id: int, password: str) -> int:
    """The administrator approves by signing the request (password re-entered)."""
    current = status(uow.session, request_id)
    if current.approved_by is not None:
        raise UserError("该销毁申请已批准。", "This disposal request is already approved.")
    return _sign(uow, request_id, Meaning.DISPOSAL_APPROVES, password)


@use_case(Action.DISPOSAL_WITNESS, authorize_with=on_request(Action.DISPOSAL_WITNESS))
def witness(uow: UnitOfWork, request_id: int, password: str) -> int:
    """A witness signs; two different people, neither of them the approver."""
    current = status(uow.session, request_id)
    if current.approved_by is None:
        raise UserError("销毁申请尚未批准，不能监销。", "The disposal is not approved yet.")
    if uow.actor_id == current.approved_by or uow.actor_id in current.witnesses:
        raise UserError("监销人须为批准人以外的两位不同人员。",
                        "The two witnesses must be different people, not the approver.")
    return _sign(uow, request_id, Meaning.DISPOSAL_WITNESS, password)


def _sign(uow: UnitOfWork, request_id: int, meaning: str, password: str) -> int:
    signer = signing.Signer(SignerKind.STAFF, staff_user_id=uow.actor_id, password=password)
    return signing.sign_authorised(uow, [("disposal_request", request_id)], meaning, signer)


@use_case(Action.DISPOSAL_EXECUTE)
def carry_out(uow: UnitOfWork, request_id: int) -> int:
    """Remove the content of every case on the list and write the permanent disposal
    record. Returns the disposal record id."""
    session = uow.session
    current = status(session, request_id)
    if current.carried_out:
        raise UserError("该销毁申请已执行。", "This disposal was already carried out.")
    if not current.ready:
        raise UserError("销毁须经管理员批准并由两位监销人签名。",
                        "A disposal needs the administrator's approval and two witnesses.")
    request = session.get(DisposalRequest, request_id)
    assert request is not None
    records = list(session.scalars(select(RetentionRecord).join(
        DisposalRequestItem, DisposalRequestItem.retention_id == RetentionRecord.id).where(
        DisposalRequestItem.request_id == request_id).order_by(RetentionRecord.id)))
    raise_if_blocking([p for r in records if (p := _not_eligible(r, uow.clock.today()))])
    for record in records:
        record.disposal_state = "destroying"  # the database checks approval and witnesses
    session.flush()
    items = [_destroy_case(session, record) for record in records]
    for record, item in zip(records, items, strict=True):
        record.disposal_state = "destroyed"
        audit.record_event(session, "dispose", "retention_record", record.id,
                           case_id=record.record_id, details=item)
    signatures = signing.signatures_of(session, "disposal_request", request_id)
    disposal = DisposalRecord(
        state="destroyed", appraisal_note=request.appraisal_note,
        approved_by_id=current.approved_by,
        approved_at=next(s.signed_at for s in signatures if s.meaning == Meaning.DISPOSAL_APPROVES),
        witnesses=[{"staff_user_id": s.staff_user_id, "name": s.signer_name,
                    "signature_id": s.id, "signed_at": plain(s.signed_at)}
                   for s in signatures if s.meaning == Meaning.DISPOSAL_WITNESS],
        items=items, destroyed_on=uow.clock.today(), request_id=request_id,
        created_at=uow.clock.now(), created_by_id=uow.actor_id)
    session.add(disposal)
    session.flush()
    return disposal.id


def _row_hash(row: object) -> str:
    mapper = inspect(row).mapper
    return content_hash({c.key: plain(getattr(row, c.key)) for c in mapper.column_attrs})


def _digest(rows: Iterable[object]) -> dict[str, Any]:
    rows = list(rows)
    hashes = [_row_hash(row) for row in rows]
    # The ids let ``verify`` tell these rows' removal from a deletion outside the app.
    ids = [inspect(row).mapper.primary_key_from_instance(row)[0] for row in rows]
    return {"rows": len(hashes), "ids": ids, "sha256": content_hash(hashes)}


def _destroy_case(session: Session, record: RetentionRecord) -> dict[str, Any]:
    """Delete one case's rows, children first; return what was destroyed, as hashes."""
    case = session.get(RehabCase, record.record_id)
    if case is None:
        raise NotFound(f"找不到病例 {record.record_id}。", f"Case {record.record_id} not found.")
    tables: dict[str, dict[str, Any]] = {"rehab_case": _digest([case])}
    signed_keys: list[tuple[str, int]] = [("rehab_case", case.id)]
    loaded: list[object] = [case]

    def take(name: str, model: Any, *criteria: Any) -> list[Any]:
        rows = list(session.scalars(select(model).where(*criteria).order_by(model.id)))
        loaded.extend(rows)
        tables[name] = _digest(rows)
        if hasattr(model, "record_state"):
            signed_keys.extend((name, row.id) for row in rows)
        return rows

    plans = take("treatment_plan", TreatmentPlan, TreatmentPlan.case_id == case.id)
    plan_items = take("plan_item", PlanItem, PlanItem.plan_id.in_([p.id for p in plans]))
    approvals = take("approval", Approval, Approval.case_id == case.id)
    approved_items = take("approved_item", ApprovedItem,
                          ApprovedItem.approval_id.in_([a.id for a in approvals]))
    for name, model in CASE_TABLES:
        take(name, model, model.case_id == case.id)
    applications = take("rehab_application", RehabApplication, RehabApplication.case_id == case.id)
    attachments = take("attachment", Attachment, Attachment.case_id == case.id)
    signature_ids = list(session.scalars(select(SignatureItem.signature_id).where(
        tuple_(SignatureItem.record_type, SignatureItem.record_id).in_(signed_keys)).distinct()))
    acknowledged = take("late_signature_ack", LateSignatureAck,
                        LateSignatureAck.case_id == case.id)
    signatures = take("signature", Signature, Signature.id.in_(signature_ids))
    take("signature_item", SignatureItem, SignatureItem.signature_id.in_(signature_ids))
    amendments = take("amendment", Amendment, or_(*(
        (Amendment.record_type == t) & Amendment.original_id.in_([i for tt, i in signed_keys
                                                                  if tt == t])
        for t in {t for t, _ in signed_keys})))
    blobs = sorted({a.sha256 for a in attachments} | {s.image_sha256 for s in signatures
                                                       if s.image_sha256})
    for row in loaded:  # the rows go with bulk statements, without per-row audit copies
        session.expunge(row)
    case_id = record.record_id
    session.execute(delete(Amendment).where(Amendment.id.in_([a.id for a in amendments])))
    session.execute(delete(LateSignatureAck).where(
        LateSignatureAck.id.in_([a.id for a in acknowledged])))
    session.execute(delete(SignatureItem).where(SignatureItem.signature_id.in_(signature_ids)))
    session.execute(delete(Signature).where(Signature.id.in_(signature_ids)))
    for _, model in CASE_TABLES:
        session.execute(delete(model).where(model.case_id == case_id))
    session.execute(delete(PlanItem).where(PlanItem.id.in_([i.id for i in plan_items])))
    session.execute(delete(TreatmentPlan).where(TreatmentPlan.case_id == case_id))
    session.execute(delete(ApprovedItem).where(ApprovedItem.id.in_([i.id for i in approved_items])))
    session.execute(delete(Approval).where(Approval.case_id == case_id))
    session.execute(delete(RehabApplication).where(RehabApplication.id.in_([a.id for a in applications])))
    session.execute(delete(Attachment).where(Attachment.case_id == case_id))
    worker_id, injury_id, number = case.worker_id, case.injury_id, case.case_number
    session.execute(delete(RehabCase).where(RehabCase.id == case_id))
    tables.update(_remove_people(session, worker_id, injury_id))
    for sha in blobs:
        still_used = session.scalars(select(Attachment.id).where(Attachment.sha256 == sha)).first()
        if still_used is None:
            session.execute(update(AttachmentBlob).where(AttachmentBlob.sha256 == sha)
                            .values(content=None))
    return {"retention_id": record.id, "record_type": record.record_type,
            "record_id": record.record_id, "case_number": number,
            "retain_until": plain(record.retain_until), "tables": tables,
            "attachments_sha256": blobs, "sha256": content_hash(tables)}


def _remove_people(session: Session, worker_id: int, injury_id: int) -> dict[str, dict[str, Any]]:
    """The injury and the worker go too, unless another case still refers to them."""
    removed: dict[str, dict[str, Any]] = {}
    if session.scalars(select(RehabCase.id).where(RehabCase.injury_id == injury_id)).first() is None:
        diagnoses = list(session.scalars(
            select(Diagnosis).where(Diagnosis.injury_id == injury_id).order_by(Diagnosis.id)))
        injuries = list(session.scalars(select(Injury).where(Injury.id == injury_id)))
        removed["diagnosis"], removed["injury"] = _digest(diagnoses), _digest(injuries)
        for row in (*diagnoses, *injuries):
            session.expunge(row)
        session.execute(delete(Diagnosis).where(Diagnosis.injury_id == injury_id))
        session.execute(delete(Injury).where(Injury.id == injury_id))
    others = select(RehabCase.id).where(RehabCase.worker_id == worker_id)
    other_injuries = select(Injury.id).where(Injury.worker_id == worker_id)
    if session.scalars(others).first() is None and session.scalars(other_injuries).first() is None:
        workers = list(session.scalars(select(Worker).where(Worker.id == worker_id)))
        removed["worker"] = _digest(workers)
        for row in workers:
            session.expunge(row)
        session.execute(delete(Worker).where(Worker.id == worker_id))
    return removed


def _names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(StaffUser.id, StaffUser.display_name))}


@use_case(Action.RETENTION_REPORT, commits=False)
def requests(uow: UnitOfWork) -> list[RequestLine]:
    """Every disposal request, newest first, with its approval, witnesses and outcome."""
    session = uow.session
    names = _names(session)
    done = {r: d for d, r in session.execute(select(DisposalRecord.id, DisposalRecord.request_id))}
    lines = []
    for request in session.scalars(select(DisposalRequest).order_by(DisposalRequest.id.desc())):
        items = session.execute(
            select(RetentionRecord.id, RehabCase.case_number)
            .join(DisposalRequestItem, DisposalRequestItem.retention_id == RetentionRecord.id)
            .join(RehabCase, RehabCase.id == RetentionRecord.record_id, isouter=True)
            .where(DisposalRequestItem.request_id == request.id)
            .order_by(RetentionRecord.id)).all()
        record_id = done.get(request.id)
        numbers = [n for _, n in items if n]
        if record_id is not None:  # the cases are gone: their numbers stay in the record
            record = session.get(DisposalRecord, record_id)
            numbers = [str(i.get("case_number", "")) for i in (record.items if record else [])]
        current = status(session, request.id)
        lines.append(RequestLine(
            request.id, request.created_at, names.get(request.created_by_id or 0, "—"),
            request.appraisal_note, tuple(r for r, _ in items), tuple(numbers),
            names.get(current.approved_by) if current.approved_by else None,
            tuple(names.get(w, "—") for w in current.witnesses), record_id))
    return lines


@use_case(Action.RETENTION_REPORT, commits=False)
def disposal_record(uow: UnitOfWork, request_id: int) -> DisposalView | None:
    """The disposal record written when the request was carried out (None: not yet)."""
    session = uow.session
    record = session.scalars(select(DisposalRecord).where(
        DisposalRecord.request_id == request_id)).first()
    if record is None:
        return None
    names = _names(session)
    cases = tuple(DestroyedCase(
        str(i.get("case_number", "")), str(i.get("retain_until", "")), str(i.get("sha256", "")),
        dict(i.get("tables", {})),  # type: ignore[call-overload]
        tuple(i.get("attachments_sha256", ())))  # type: ignore[arg-type]  # JSON: a list
        for i in record.items)
    return DisposalView(record.id, record.request_id, record.destroyed_on, record.appraisal_note,
                        names.get(record.approved_by_id or 0, "—"), record.approved_at,
                        tuple(str(w.get("name", "")) for w in record.witnesses), cases)
