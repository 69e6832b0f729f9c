"""Signatures bound to the exact content they sign.

The content of a record is the canonical form of all its columns except its state and
lock version (which change on signing), plus its items for plans and approvals, and
its identity (table and id), so a signature cannot be moved to another record. A
signature stores one hash per record it covers and a hash over those, its meaning,
its signer and, for a handwritten signature, the strokes and the image: changing
any of them later is detected by ``verify``.

Signing is three declared use cases, one per permission: ``sign_as_staff`` (record.sign),
``cosign`` (record.cosign) and ``sign_as_patient_side`` (record.patient_sign). ``sign``
picks one by who signs and the meaning; the others that sign (a disposal's approval, a
correction) authorise themselves and call ``sign_authorised`` or ``write_signature``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.util import identity_key

from desktop_app.db.base import RecordState
from desktop_app.db.models import (
    Approval,
    Assessment,
    Attachment,
    AttachmentBlob,
    Claim,
    CourseNotice,
    DisposalRequest,
    FeeLine,
    MonthlySummary,
    OutOfScopeConsent,
    Prescription,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
    ValueReport,
)
from desktop_app.domain.canonical import content_hash, plain, plain_hash, plain_stored, sha256_hex
from desktop_app.domain.strokes import validate_strokes
from desktop_app.domain.vocabulary import PATIENT_SIDE, SIGNER_KINDS, Action, Meaning, Role, SignerKind, State
from desktop_app.errors import FieldError, NotFound, raise_if_blocking
from desktop_app.services.admin import accounts
from desktop_app.services.core import audit
from desktop_app.services.core.permissions import authorize_record
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

SIGNABLE: dict[str, type[RecordState]] = {
    "approval": Approval, "treatment_plan": TreatmentPlan, "prescription": Prescription,
    "treatment_session": TreatmentSession, "assessment": Assessment,
    "out_of_scope_consent": OutOfScopeConsent, "claim": Claim, "fee_line": FeeLine,
    "disposal_request": DisposalRequest,
    "monthly_summary": MonthlySummary,  # 申报汇总表: signed off by services.claims.monthly_summary
    # Signed by a physician through services.clinical.value_report / notice (migration 0018).
    "value_report": ValueReport, "course_notice": CourseNotice,
}
CHILDREN = {"treatment_plan": "items", "approval": "items"}
NOT_CONTENT = frozenset({"record_state", "version"})
# Part of a record signed on its own: a name → the record type it reads and the columns it
# leaves out. ``fee_entry``: a charge as entered, signed off by who entered it
# (``claims.charge_signing``); what a claim decides later (its claim, payer and consent)
# is not part of it.
PARTS: dict[str, tuple[str, frozenset[str]]] = {
    "fee_entry": ("fee_line", frozenset({"claim_id", "coverage", "coverage_reason", "coverage_rule",
                                         "consent_id"})),
}
# Columns added after records were first signed, with the values they hold on those
# records: at such a value a column is left out of the content, so a signature made before
# the column existed still verifies, and any other value is covered (migration 0006).
ADDED_LATER: dict[str, tuple[object, ...]] = {
    "rehab_type": ("medical",), "limit_flags": (None, []), "limit_reason": (None,),
    # A session's parameters (migration 0016), signed only when noted.
    "duration_minutes": (None,), "intensity": (None,), "treated_body_part": (None,),
    "reaction": (None,), "reaction_note": (None,),
    "application_id": (None,),  # approval, migration 0017
}
# Signs for itself, not for the patient: the employer's representative, on an out-of-scope
# consent only (Luzhou Art. 31: the employer, the worker or a close relative consents).
EMPLOYER = SignerKind.EMPLOYER
EMPLOYER_SIGNS = frozenset({"out_of_scope_consent"})
MEANINGS: dict[str, str] = {
    Meaning.PATIENT_CONFIRMS_PLAN: "患者确认治疗方案", Meaning.PATIENT_CONFIRMS_SESSIONS: "患者确认治疗记录",
    Meaning.PATIENT_CONSENTS: "患者知情同意", Meaning.PHYSICIAN_SIGNS: "医师签名",
    Meaning.THERAPIST_SIGNS: "治疗师签名", Meaning.ASSESSOR_SIGNS: "评估人签名",
    Meaning.REVIEWER_COSIGNS: "上级审核签名", Meaning.OFFICER_SIGNS: "经办人签名",
    Meaning.DISPOSAL_APPROVES: "批准销毁", Meaning.DISPOSAL_WITNESS: "监销人签名",
    Meaning.AMENDER_SIGNS: "更正人签名", Meaning.AMENDMENT_APPROVES: "批准更正",
    Meaning.SUMMARY_PREPARES: "申报汇总表经办人签名", Meaning.SUMMARY_REVIEWS: "申报汇总表审核人签名",
}
# Meanings only their own use case signs (a disposal's approval and witnesses, a correction
# and its approval), never ``sign``: they carry permissions of their own.
WRONG_PASSWORD = FieldError("密码", "签名须重新输入本人密码，密码不正确",
                            "Signing needs your password again; it is not correct", key="password")
SIGNED_ELSEWHERE = frozenset({Meaning.DISPOSAL_APPROVES, Meaning.DISPOSAL_WITNESS,
                              Meaning.AMENDER_SIGNS, Meaning.AMENDMENT_APPROVES,
                              Meaning.SUMMARY_PREPARES, Meaning.SUMMARY_REVIEWS})


@dataclass(frozen=True)
class Signer:
    kind: str  # SignerKind
    name: str = ""
    staff_user_id: int | None = None
    password: str | None = None  # staff sign by re-entering their password
    relationship: str | None = None  # for someone signing for the patient
    proof_note: str | None = None  # why they sign for the patient, and the proof seen


@dataclass(frozen=True)
class Handwriting:
    strokes: list[list[tuple[float, float, int]]]
    image_png: bytes
    device: str = ""


@dataclass(frozen=True)
class SignatureCheck:
    signature_id: int
    valid: bool
    problems: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (Chinese, English)


def _columns(obj: object) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def record_to_sign(session: Session, record_type: str, record_id: int) -> Any:  # noqa: ANN401 - a SIGNABLE model
    """The record of a signable type (NotFound if there is none)."""
    model = SIGNABLE.get(PARTS[record_type][0] if record_type in PARTS else record_type)
    obj = session.get(model, record_id) if model is not None else None
    if obj is None:
        raise NotFound(f"找不到要签名的记录 {record_type} #{record_id}。",
                       f"Record {record_type} #{record_id} to sign was not found.")
    return obj


def records_to_sign(session: Session, record_type: str, record_ids: list[int]) -> dict[int, Any]:
    """The records of a signable type with these ids, in one query (those that exist). The
    caller holds the returned objects, so ``record_to_sign`` then answers them from the
    session's identity map without a query of its own."""
    model = SIGNABLE.get(PARTS[record_type][0] if record_type in PARTS else record_type)
    if model is None or not record_ids:
        return {}
    loaded = {i: session.identity_map.get(identity_key(model, i)) for i in record_ids}
    found = {i: obj for i, obj in loaded.items() if obj is not None}  # no query for these
    missing = [i for i in record_ids if i not in found]
    if missing:
        found.update((obj.id, obj) for obj in session.scalars(select(model).where(model.id.in_(missing))))
    return found


def record_content(session: Session, record_type: str, record_id: int) -> dict[str, Any]:
    """Exactly what a signature on this record covers."""
    obj = record_to_sign(session, record_type, record_id)
    children = CHILDREN.get(record_type)
    return content_of(record_type, record_id, _columns(obj),
                      [_columns(child) for child in getattr(obj, children)] if children else None)


def content_of(record_type: str, record_id: int, columns: Mapping[Any, Any],
               children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``record_content`` from the record's column values (attribute name → value, as the
    database returns them) and, for plans and approvals, its items' columns: the one
    definition of a signed content, shared by signing, ``verify``'s batched check and the
    benchmark archive's bulk builder."""
    left_out = NOT_CONTENT | PARTS[record_type][1] if record_type in PARTS else NOT_CONTENT
    content = {k: v for k, v in columns.items()
               if k not in left_out and not (k in ADDED_LATER and v in ADDED_LATER[k])}
    if record_type in CHILDREN:
        content[CHILDREN[record_type]] = list(children or [])
    return {"record_type": record_type, "id": record_id, "content": content}


def record_hash(session: Session, record_type: str, record_id: int) -> str:
    return content_hash(record_content(session, record_type, record_id))


def signature_payload(signature: Signature, items: list[SignatureItem],
                      strokes_hash: str | None) -> dict[str, Any]:
    """What the signature's own hash covers."""
    return {"v": 1, "meaning": signature.meaning, "signer_kind": signature.signer_kind,
            "staff_user_id": signature.staff_user_id, "signer_name": signature.signer_name,
            "relationship": signature.relationship_to_patient, "proof": signature.proof_note,
            "method": signature.method, "signed_at": signature.signed_at,
            "image_sha256": signature.image_sha256, "attachment_id": signature.attachment_id,
            "strokes_sha256": strokes_hash, "device": signature.device,
            "items": sorted([i.record_type, i.record_id, i.content_sha256] for i in items)}


def _strokes_hash(strokes: list[Any] | None) -> str | None:
    return content_hash(strokes) if strokes is not None else None


def patient_signer_errors(signer: Signer) -> list[FieldError]:
    """A patient-side signer's missing details. Someone signing for the patient also
    states why, and the proof seen (power of attorney, guardianship, household register)."""
    if signer.kind not in PATIENT_SIDE:
        return [FieldError("签名人", f"无效的签名人类型：{signer.kind}",
                           f"Invalid signer kind: {signer.kind}", key="signer")]
    errors = []
    if not signer.name.strip():
        errors.append(FieldError("签名人姓名", "请填写签名人姓名", "Please enter the signer's name",
                                 key="signer_name"))
    if signer.kind != SignerKind.PATIENT:
        if not (signer.relationship or "").strip():
            errors.append(FieldError("与患者关系", "代签须写明与患者的关系",
                                     "Signing for the patient needs the relationship to the patient",
                                     key="relationship"))
        if not (signer.proof_note or "").strip():
            errors.append(FieldError("代签依据",
                                     "代签须写明代签原因及所查验的证明（如授权委托书、监护证明、户口簿）",
                                     "Signing for the patient needs the reason and the proof seen "
                                     "(power of attorney, guardianship papers, household register)",
                                     key="proof"))
    return errors


def employer_signer_errors(signer: Signer) -> list[FieldError]:
    """The employer's representative gives their name and their capacity (e.g. 人事经办人)."""
    errors = []
    if not signer.name.strip():
        errors.append(FieldError("签名人姓名", "请填写签名人姓名", "Please enter the signer's name",
                                 key="signer_name"))
    if not (signer.relationship or "").strip():
        errors.append(FieldError("单位代表身份", "用人单位代表须写明其身份（如人事经办人）",
                                 "The employer's representative states their capacity", key="relationship"))
    return errors


def _signer_errors(session: Session, signer: Signer, handwriting: Handwriting | None,
                   scan_attachment_id: int | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if signer.kind not in SIGNER_KINDS:
        return [FieldError("签名人", f"无效的签名人类型：{signer.kind}",
                           f"Invalid signer kind: {signer.kind}", key="signer")]
    if signer.kind == SignerKind.STAFF:
        if signer.staff_user_id is None or not accounts.check_password(
                session, signer.staff_user_id, signer.password or ""):
            errors.append(WRONG_PASSWORD)
        return errors
    errors += (employer_signer_errors(signer) if signer.kind == EMPLOYER
               else patient_signer_errors(signer))
    if handwriting is None and scan_attachment_id is None:
        errors.append(FieldError("签名", "患者方须在签名板上手写签名或附纸质签名扫描件",
                                 "The patient side signs by hand on the pad or with a scanned paper",
                                 key="signature"))
    if handwriting is not None:
        errors += validate_strokes(handwriting.strokes)
        if not handwriting.image_png.startswith(b"\x89PNG"):
            errors.append(FieldError("签名", "签名图像不是PNG", "The signature image is not a PNG",
                                     key="signature"))
    return errors


def _reviewer_errors(session: Session, signer: Signer) -> list[FieldError]:
    """A co-signature confirms an assistant's record: only licensed staff give it."""
    staff = session.get(StaffUser, signer.staff_user_id) if signer.staff_user_id else None
    if staff is None or not (staff.licence_number or "").strip():
        return [FieldError("审核人", "上级审核签名须由有执业资格（已登记执业证号）的人员签署",
                           "A co-signature needs a licensed reviewer (licence number on file)",
                           key="reviewer")]
    return []


def awaiting_cosignature(session: Session, case_id: int) -> list[tuple[str, int]]:
    """Records of the case written by a therapist assistant that no licensed reviewer has
    co-signed yet (病历书写基本规范: trainees' records are confirmed by a superior)."""
    assistants = select(StaffUser.id).where(StaffUser.role == Role.ASSISTANT)
    cosigned = select(SignatureItem.record_type, SignatureItem.record_id).join(
        Signature, Signature.id == SignatureItem.signature_id).where(
        Signature.meaning == Meaning.REVIEWER_COSIGNS)
    done = {(t, i) for t, i in session.execute(cosigned)}
    waiting = []
    for record_type, model in SIGNABLE.items():
        if not hasattr(model, "case_id"):
            continue
        ids = session.scalars(select(model.id).where(
            model.case_id == case_id,
            model.created_by_id.in_(assistants)).order_by(model.id))  # type: ignore[attr-defined]
        waiting += [(record_type, i) for i in ids if (record_type, i) not in done]
    return waiting


def signing_action(signer: Signer, meaning: str) -> Action:
    """The permission a signing needs: who signs, and for staff whether it is a co-signature."""
    if signer.kind != SignerKind.STAFF:
        return Action.RECORD_PATIENT_SIGN
    return Action.RECORD_COSIGN if meaning == Meaning.REVIEWER_COSIGNS else Action.RECORD_SIGN


def on_records(action: Action) -> Callable[..., None]:
    """Authorises ``action`` on each record to sign, in its own state (raised to its case's)."""
    def authorize_records(uow: UnitOfWork, records: list[tuple[str, int]], **_arguments: object) -> None:
        for record_type, record_id in dict.fromkeys(records):
            authorize_record(uow, action, record_type, record_to_sign(uow.session, record_type, record_id))
    return authorize_records


@use_case(Action.RECORD_SIGN, authorize_with=on_records(Action.RECORD_SIGN))
def sign_as_staff(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str, signer: Signer, *,
                  handwriting: Handwriting | None = None, scan_attachment_id: int | None = None) -> int:
    """A member of staff signs records of their own (医师、治疗师、评估人、经办人签名)."""
    return _sign(uow, Action.RECORD_SIGN, records, meaning, signer, handwriting, scan_attachment_id)


@use_case(Action.RECORD_COSIGN, authorize_with=on_records(Action.RECORD_COSIGN))
def cosign(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str, signer: Signer, *,
           handwriting: Handwriting | None = None, scan_attachment_id: int | None = None) -> int:
    """A licensed reviewer co-signs an assistant's records (上级审核签名)."""
    return _sign(uow, Action.RECORD_COSIGN, records, meaning, signer, handwriting, scan_attachment_id)


@use_case(Action.RECORD_PATIENT_SIGN, authorize_with=on_records(Action.RECORD_PATIENT_SIGN))
def sign_as_patient_side(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str,
                         signer: Signer, *, handwriting: Handwriting | None = None,
                         scan_attachment_id: int | None = None) -> int:
    """The patient, someone for them, or the employer's representative signs, by hand or on paper."""
    return _sign(uow, Action.RECORD_PATIENT_SIGN, records, meaning, signer, handwriting, scan_attachment_id)


SIGNING_USE_CASES: dict[Action, Callable[..., int]] = {
    Action.RECORD_SIGN: sign_as_staff, Action.RECORD_COSIGN: cosign,
    Action.RECORD_PATIENT_SIGN: sign_as_patient_side,
}


def sign(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str, signer: Signer, *,
         handwriting: Handwriting | None = None, scan_attachment_id: int | None = None) -> int:
    """Sign one or more records at once; they become ``signed``. Returns the signature id.
    Who signs and the meaning choose the use case (``signing_action``), which authorises
    each record and commits."""
    use = SIGNING_USE_CASES[signing_action(signer, meaning)]
    return use(uow, records, meaning, signer, handwriting=handwriting,
               scan_attachment_id=scan_attachment_id)


def _sign(uow: UnitOfWork, action: Action, records: list[tuple[str, int]], meaning: str,
          signer: Signer, handwriting: Handwriting | None, scan_attachment_id: int | None) -> int:
    """The body the three signing use cases share: the signature must be of their kind."""
    if meaning in SIGNED_ELSEWHERE:
        raise_if_blocking([FieldError("签名含义", f"“{MEANINGS[meaning]}”只在其专门的流程中签署",
                                      f"A {meaning} signature is given only by its own procedure",
                                      key="meaning")])
    if signing_action(signer, meaning) != action:
        raise_if_blocking([FieldError("签名含义", "签名人或签名含义与此签名不符",
                                      f"The signer or the meaning is not one of {action}",
                                      key="meaning")])
    return sign_authorised(uow, records, meaning, signer, handwriting=handwriting,
                           scan_attachment_id=scan_attachment_id)


def author_signs(uow: UnitOfWork, record_type: str, record_id: int, author_id: int | None,
                 password: str, only_author_zh: str, only_author_en: str) -> int:
    """The physician who wrote a draft document (a value report, a notice) signs it with
    their password (医师签名), inside a use case that has authorised it; anyone else is
    refused with ``only_author_zh``/``_en``. Returns the signature id."""
    if author_id != uow.actor_id:
        raise_if_blocking([FieldError("签名人", only_author_zh, only_author_en, key="signer")])
    return sign_authorised(uow, [(record_type, record_id)], Meaning.PHYSICIAN_SIGNS,
                           Signer(SignerKind.STAFF, staff_user_id=uow.actor_id, password=password))


def sign_authorised(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str, signer: Signer, *,
                    handwriting: Handwriting | None = None, scan_attachment_id: int | None = None) -> int:
    """The signing itself, inside a use case that has authorised it (``sign``, a disposal's
    approval or witness): checks the signer and the records, writes the signature, moves
    drafts to ``signed``. Returns the signature id; never commits."""
    session = uow.session
    targets = [(record_type, record_id, record_to_sign(session, record_type, record_id))
               for record_type, record_id in dict.fromkeys(records)]
    errors = _signer_errors(session, signer, handwriting, scan_attachment_id)
    if signer.kind == SignerKind.STAFF and targets and any(e.key == "password" for e in errors):
        audit_wrong_password(uow, [(t, i) for t, i, _ in targets], meaning,
                             getattr(targets[0][2], "case_id", None))
    if meaning == Meaning.REVIEWER_COSIGNS:
        errors += _reviewer_errors(session, signer)
    if signer.kind == SignerKind.STAFF and signer.staff_user_id != uow.actor_id:
        errors.append(FieldError("签名人", "工作人员只能以本人（当前登录用户）身份签名",
                                 "Staff sign only as themselves, the signed-in user", key="signer"))
    if signer.kind == EMPLOYER and any(t not in EMPLOYER_SIGNS for t, _, _ in targets):
        errors.append(FieldError("签名人", "用人单位代表只签署目录外项目知情同意",
                                 "The employer's representative signs out-of-scope consents only",
                                 key="signer"))
    if meaning not in MEANINGS:
        errors.append(FieldError("签名含义", f"未知的签名含义：{meaning}", f"Unknown meaning: {meaning}",
                                 key="meaning"))
    if not records:
        errors.append(FieldError("签名", "没有要签名的记录", "Nothing to sign", key="signature"))
    if scan_attachment_id is not None:
        cases = {getattr(obj, "case_id", None) for _, _, obj in targets}
        errors += _scan_errors(session, scan_attachment_id, cases)
    raise_if_blocking(errors)
    signature = write_signature(uow, [(t, i) for t, i, _ in targets], meaning, signer,
                                handwriting=handwriting, scan_attachment_id=scan_attachment_id)
    for _, _, obj in targets:
        if obj.record_state == State.DRAFT:
            obj.record_state = State.SIGNED
    session.flush()
    return signature.id


def _scan_errors(session: Session, attachment_id: int, case_ids: set[int | None]) -> list[FieldError]:
    """A scanned paper signature is an attachment of the very case whose records it signs."""
    scan = session.get(Attachment, attachment_id)
    if scan is None:
        return [FieldError("签名扫描件", f"找不到签名扫描件（附件 {attachment_id}）",
                           f"The signature scan (attachment {attachment_id}) was not found", key="scan")]
    if case_ids != {scan.case_id}:
        return [FieldError("签名扫描件", "签名扫描件须属于所签记录的同一病例",
                           "The signature scan must belong to the case of the records it signs", key="scan")]
    return []


def audit_wrong_password(uow: UnitOfWork, records: list[tuple[str, int]], meaning: str,
                         case_id: int | None) -> None:
    """A staff signature refused for a wrong password is audited (``sign_failed``) in a
    transaction of its own, so the attempt outlives the refused work."""
    # The one commit of this module besides the use cases' own: the signing is about to be
    # refused and rolled back, the record of the attempt must stay (like a ``denied`` event).
    with UnitOfWork(uow.engine, clock=uow.clock, actor_id=uow.actor_id) as side:
        audit.record_event(side.session, "sign_failed", records[0][0], records[0][1],
                           case_id=case_id,
                           details={"meaning": meaning, "reason": "wrong_password",
                                    "records": [list(r) for r in records]})
        side.commit()


def write_signature(uow: UnitOfWork, targets: list[tuple[str, int]], meaning: str,
                    signer: Signer, *, handwriting: Handwriting | None = None,
                    scan_attachment_id: int | None = None) -> Signature:
    """Add the signature rows for already checked signer and records (no commit)."""
    session = uow.session
    name = signer.name.strip()
    if signer.kind == SignerKind.STAFF:
        staff = session.get(StaffUser, signer.staff_user_id)
        name = staff.display_name if staff else name
    image_sha = None
    if handwriting is not None:
        image_sha = sha256_hex(handwriting.image_png)
        if session.get(AttachmentBlob, image_sha) is None:
            session.add(AttachmentBlob(sha256=image_sha, size=len(handwriting.image_png),
                                       content=handwriting.image_png))
    first_type, first_id = targets[0]
    signature = Signature(
        record_type=first_type, record_id=first_id, signer_kind=signer.kind,
        staff_user_id=signer.staff_user_id if signer.kind == SignerKind.STAFF else None, signer_name=name,
        relationship_to_patient=signer.relationship, proof_note=signer.proof_note, meaning=meaning,
        method="password" if signer.kind == SignerKind.STAFF else ("handwritten" if handwriting else "scan"),
        signed_at=uow.clock.now(), content_sha256="", image_sha256=image_sha,
        attachment_id=scan_attachment_id, device=handwriting.device if handwriting else None,
        strokes=plain(handwriting.strokes) if handwriting else None,
    )
    items = [SignatureItem(record_type=t, record_id=i, content_sha256=record_hash(session, t, i))
             for t, i in targets]
    signature.content_sha256 = content_hash(signature_payload(signature, items,
                                                              _strokes_hash(signature.strokes)))
    session.add(signature)
    session.flush()
    for item in items:
        item.signature_id = signature.id
        session.add(item)
    session.flush()
    return signature


def check_signature(session: Session, signature: Signature) -> SignatureCheck:
    """Recompute every hash a signature holds against the records as they are now."""
    items = list(session.scalars(select(SignatureItem).where(
        SignatureItem.signature_id == signature.id).order_by(SignatureItem.id)))
    problems = []
    if not items:
        problems.append(("签名没有覆盖任何记录", "the signature covers no record"))
    for item in items:
        try:
            now = record_hash(session, item.record_type, item.record_id)
        except NotFound:
            where = f"{item.record_type} #{item.record_id}"
            problems.append((f"{where} 已不存在", f"{where} no longer exists"))
            continue
        if now != item.content_sha256:
            where = f"{item.record_type} #{item.record_id}"
            problems.append((f"{where} 内容已被改动", f"{where} content changed"))
    expected = content_hash(signature_payload(signature, items, _strokes_hash(signature.strokes)))
    if expected != signature.content_sha256:
        problems.append(("签名本身（签名人、时间、含义或笔迹）已被改动", "the signature itself was altered"))
    if signature.image_sha256:
        blob = session.get(AttachmentBlob, signature.image_sha256)
        if blob is None or blob.content is None or sha256_hex(blob.content) != signature.image_sha256:
            problems.append(("签名图像缺失或被改动", "the signature image is missing or altered"))
    if signature.attachment_id is not None:
        scan = session.get(Attachment, signature.attachment_id)
        blob = session.get(AttachmentBlob, scan.sha256) if scan is not None else None
        if blob is None or blob.content is None or sha256_hex(blob.content) != blob.sha256:
            problems.append(("签名扫描件缺失或被改动", "the signature scan is missing or altered"))
    return SignatureCheck(signature.id, not problems, tuple(problems))


def patient_side_signed(record_type: str) -> Select[int]:
    """Ids of the records of ``record_type`` that the patient (or someone for them) signed."""
    return select(SignatureItem.record_id).join(
        Signature, Signature.id == SignatureItem.signature_id).where(
        SignatureItem.record_type == record_type, Signature.signer_kind.in_(PATIENT_SIDE))


def unsigned_by_patient(record_type: str,
                        record_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """True where the patient's side has not signed the record ``record_id`` (a correlated
    NOT EXISTS: every session is signed by the patient, so ``NOT IN (patient_side_signed)``
    would hold millions of ids, which PostgreSQL checks row by row once they exceed its work
    memory)."""
    return ~patient_side_signed(record_type).where(SignatureItem.record_id == record_id).exists()


def signatures_of(session: Session, record_type: str, record_id: int) -> list[Signature]:
    ids = select(SignatureItem.signature_id).where(SignatureItem.record_type == record_type,
                                                   SignatureItem.record_id == record_id)
    return list(session.scalars(select(Signature).where(Signature.id.in_(ids))
                                .order_by(Signature.signed_at)))


# ----------------------------------------------------------------------------- batched check

CHECK_BATCH = 2000
_IN_CHUNK = 900  # ids per IN (...) list, well under SQLite's bound-parameter limit


def iter_signature_checks(session: Session, after_id: int = 0, batch: int = CHECK_BATCH,
                          upto: int | None = None) -> Iterator[tuple[Any, SignatureCheck]]:
    """``check_signature`` for every signature after ``after_id``, in id order, as
    ``(signature row, check)`` (up to id ``upto``): the same problems in the same order, computed a batch at a
    time (a query per batch and record type, not several per signature, and rows instead of
    ORM objects). ``verify`` checks millions of signatures this way."""
    connection = session.connection()
    signatures, items_table = Signature.__table__, SignatureItem.__table__
    while True:
        query = select(signatures).where(signatures.c.id > after_id)
        if upto is not None:
            query = query.where(signatures.c.id <= upto)
        rows = connection.execute(query.order_by(signatures.c.id).limit(batch)).all()
        if not rows:
            return
        first, last = rows[0].id, rows[-1].id
        items: dict[int, list[Any]] = {}
        for item in connection.execute(select(items_table).where(
                items_table.c.signature_id.between(first, last)).order_by(items_table.c.id)):
            items.setdefault(item.signature_id, []).append(item)
        wanted: dict[str, set[int]] = {}
        for group in items.values():
            for item in group:
                wanted.setdefault(item.record_type, set()).add(item.record_id)
        hashes = {(record_type, record_id): digest for record_type, ids in wanted.items()
                  for record_id, digest in _record_hashes(session, record_type, ids).items()}
        blobs = _blob_checks(session, rows)
        for row in rows:
            yield row, _check_row(row, items.get(row.id, []), hashes, blobs)
        after_id = last


def _record_hashes(session: Session, record_type: str, ids: set[int]) -> dict[int, str | None]:
    """``record_hash`` of each record (None for one that no longer exists)."""
    base = PARTS[record_type][0] if record_type in PARTS else record_type
    model = SIGNABLE.get(base)
    if model is None or record_type in CHILDREN:  # items of their own: the one-by-one way
        out: dict[int, str | None] = {}
        for record_id in ids:
            try:
                out[record_id] = record_hash(session, record_type, record_id)
            except NotFound:
                out[record_id] = None
        return out
    columns = [attr.columns[0].label(attr.key) for attr in inspect(model).column_attrs]
    found: dict[int, str | None] = dict.fromkeys(ids)
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start:start + _IN_CHUNK]
        for values in session.connection().execute(
                select(*columns).where(model.id.in_(chunk))).mappings():
            content = content_of(record_type, values["id"], values)
            content["content"] = plain_stored(content["content"])
            found[values["id"]] = plain_hash(content)
    return found


def _blob_checks(session: Session, rows: Sequence[Any]) -> dict[str, bool]:
    """For the handwriting images and paper scans of these signatures: each blob's key → its
    content is there and hashes to the key; and each scan's attachment id → its blob's key."""
    scans = {row.attachment_id for row in rows if row.attachment_id is not None}
    scan_blob: dict[int, str] = {}
    if scans:
        scan_blob = {int(i): str(sha) for i, sha in session.execute(
            select(Attachment.id, Attachment.sha256).where(Attachment.id.in_(scans)))}
    keys = {row.image_sha256 for row in rows if row.image_sha256} | set(scan_blob.values())
    intact: dict[str, bool] = {}
    for key in keys:
        content = session.scalar(select(AttachmentBlob.content).where(AttachmentBlob.sha256 == key))
        intact[key] = content is not None and sha256_hex(content) == key
    intact.update({f"scan:{i}": intact.get(sha, False) for i, sha in scan_blob.items()})
    return intact


def _check_row(row: Any, items: list[Any], hashes: dict[tuple[str, int], str | None],  # noqa: ANN401
               blobs: dict[str, bool]) -> SignatureCheck:
    """``check_signature``'s findings for one signature row, from the batch's lookups."""
    problems = []
    if not items:
        problems.append(("签名没有覆盖任何记录", "the signature covers no record"))
    for item in items:
        now = hashes.get((item.record_type, item.record_id))
        where = f"{item.record_type} #{item.record_id}"
        if now is None:
            problems.append((f"{where} 已不存在", f"{where} no longer exists"))
        elif now != item.content_sha256:
            problems.append((f"{where} 内容已被改动", f"{where} content changed"))
    expected = content_hash(signature_payload(row, items, _strokes_hash(row.strokes)))
    if expected != row.content_sha256:
        problems.append(("签名本身（签名人、时间、含义或笔迹）已被改动", "the signature itself was altered"))
    if row.image_sha256 and not blobs.get(row.image_sha256, False):
        problems.append(("签名图像缺失或被改动", "the signature image is missing or altered"))
    if row.attachment_id is not None and not blobs.get(f"scan:{row.attachment_id}", False):
        problems.append(("签名扫描件缺失或被改动", "the signature scan is missing or altered"))
    return SignatureCheck(row.id, not problems, tuple(problems))
