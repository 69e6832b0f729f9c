"""实施人签名: the therapist who performed a session signs it with their password.

Luzhou Art. 21 asks who performed each session (康复实施人) on the execution sheet; the
patient's signature confirms it happened, the performer's signature vouches for what was
done. The signature is an ordinary staff signature (``signing.sign_as_staff``) with the
meaning ``Meaning.THERAPIST_SIGNS``, in one of three ways a ward can live with:

* at recording (``record_and_sign``): the therapist recording the session signs it in the
  same step with their password; a wrong password records nothing;
* the day at once (``sign_day``): one password signature covering every session of that
  day the signed-in therapist performed and has not signed yet (a signature covers several
  records, one ``signature_item`` each);
* an assistant's sessions (``cosign_day``): the supervising therapist co-signs, with
  ``Meaning.REVIEWER_COSIGNS`` (licensed reviewers only, ``signing.cosign``).

``performer_signatures`` is the one reading of what counts, shared by the claim gate, the
archiving check and the execution sheet: a staff signature covering the session's current
content, given by the performer (not an assistant: their sessions count only once
co-signed) or by a co-signer other than the performer. A signature by another therapist
does not count. A correction (``amendments``) is signed by its corrector: the performer's
own correction counts too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop_app.db.models import Signature, SignatureItem, StaffUser, TreatmentSession
from desktop_app.domain.vocabulary import Action, Meaning, Role, SignerKind
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.commands import SessionInput
from desktop_app.services.core.lookup import superseded
from desktop_app.services.core.permissions import authorize_record
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing

SESSION = "treatment_session"
PERFORMER = Meaning.THERAPIST_SIGNS  # 实施人（治疗师）签名
# The performer's own signature, or the correction they signed themselves.
BY_PERFORMER = frozenset({Meaning.THERAPIST_SIGNS, Meaning.AMENDER_SIGNS})


@dataclass(frozen=True)
class StaffMark:
    """The staff signature that covers a session, as the sheet shows it."""

    signature_id: int
    signer_name: str
    signed_at: datetime
    cosigned: bool  # a reviewer's co-signature of an assistant's session


def performer_signatures(session: Session, session_ids: Sequence[int]) -> dict[int, StaffMark]:
    """For each session that has one, the earliest staff signature that counts (see the
    module docstring), checked against the session's content as it is now."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        return {}
    performer = aliased(StaffUser)
    t = TreatmentSession
    rows = session.execute(
        select(SignatureItem.record_id, SignatureItem.content_sha256, Signature.id,
               Signature.meaning, Signature.staff_user_id, Signature.signer_name,
               Signature.signed_at, t.therapist_id, performer.role)
        .join(Signature, Signature.id == SignatureItem.signature_id)
        .join(t, t.id == SignatureItem.record_id)
        .join(performer, performer.id == t.therapist_id)
        .where(SignatureItem.record_type == SESSION, SignatureItem.record_id.in_(ids),
               Signature.signer_kind == SignerKind.STAFF,
               Signature.meaning.in_(BY_PERFORMER | {Meaning.REVIEWER_COSIGNS}))
        .order_by(Signature.signed_at, Signature.id)).all()
    if rows:  # one query loads the sessions the hashes below read
        list(session.scalars(select(t).where(t.id.in_({r[0] for r in rows}))))
    found: dict[int, StaffMark] = {}
    current: dict[int, str] = {}
    for record_id, item_hash, signature_id, meaning, signer, name, at, therapist, role in rows:
        if record_id in found:
            continue
        cosigned = meaning == Meaning.REVIEWER_COSIGNS and signer != therapist
        own = meaning in BY_PERFORMER and signer == therapist and role != Role.ASSISTANT
        if not (cosigned or own):
            continue
        if record_id not in current:
            current[record_id] = signing.record_hash(session, SESSION, record_id)
        if item_hash == current[record_id]:
            found[record_id] = StaffMark(signature_id, name, at, cosigned)
    return found


def _day_sessions(session: Session, day: date, case_id: int | None) -> list[TreatmentSession]:
    query = select(TreatmentSession).where(
        TreatmentSession.session_date == day,
        TreatmentSession.id.not_in(superseded(SESSION)))
    if case_id is not None:
        query = query.where(TreatmentSession.case_id == case_id)
    return list(session.scalars(query.order_by(TreatmentSession.started_at, TreatmentSession.id)))


def awaiting_own_signature(session: Session, staff_id: int, day: date,
                           case_id: int | None = None) -> list[int]:
    """The sessions of ``day`` (of one case, or all) ``staff_id`` performed and has not
    signed yet, in time order. An assistant's sessions wait for a co-signature instead."""
    staff = session.get(StaffUser, staff_id)
    if staff is None or staff.role == Role.ASSISTANT:
        return []
    mine = [s.id for s in _day_sessions(session, day, case_id) if s.therapist_id == staff_id]
    signed = performer_signatures(session, mine)
    return [i for i in mine if i not in signed]


def awaiting_cosignature(session: Session, supervisor_id: int, day: date,
                         case_id: int | None = None) -> list[int]:
    """The sessions of ``day`` performed by assistants ``supervisor_id`` supervises that no
    reviewer has co-signed yet, in time order."""
    assistants = set(session.scalars(select(StaffUser.id).where(
        StaffUser.role == Role.ASSISTANT, StaffUser.supervisor_id == supervisor_id)))
    theirs = [s.id for s in _day_sessions(session, day, case_id) if s.therapist_id in assistants]
    signed = performer_signatures(session, theirs)
    return [i for i in theirs if i not in signed]


def _staff_signer(uow: UnitOfWork, password: str) -> signing.Signer:
    return signing.Signer(SignerKind.STAFF, staff_user_id=uow.actor_id, password=password)


def _nothing(what_zh: str, what_en: str, day: date) -> UserError:
    return UserError(f"{day} 没有{what_zh}。", f"There is no {what_en} on {day}.")


@use_case(Action.SESSION_RECORD, case="case_id")
def record_and_sign(uow: UnitOfWork, case_id: int, inp: SessionInput, password: str) -> Recorded:
    """Record a session and sign it as its performer in one step, or do neither. The
    password is checked first: a wrong one is audited (``sign_failed``) and records nothing."""
    errors: list[FieldError] = []
    if inp.therapist_id != uow.actor_id:
        errors.append(FieldError("实施人", "记录时签名须由实施人本人记录",
                                 "Only the performer signs a session while recording it",
                                 key="therapist"))
    elif uow.actor_id is None or not accounts.check_password(uow.session, uow.actor_id, password):
        signing.audit_wrong_password(uow, [("rehab_case", case_id)], PERFORMER, case_id)
        errors.append(signing.WRONG_PASSWORD)
    raise_if_blocking(errors)
    recorded = treatment.record_session(uow, case_id, inp)
    signing.sign_as_staff(uow, [(SESSION, recorded.id)], PERFORMER, _staff_signer(uow, password))
    return recorded


def _authorize_own(uow: UnitOfWork, day: date, password: str, case_id: int | None = None) -> None:
    for session_id in awaiting_own_signature(uow.session, uow.actor_id or 0, day, case_id):
        authorize_record(uow, Action.RECORD_SIGN, SESSION,
                         signing.record_to_sign(uow.session, SESSION, session_id))


def _authorize_cosign(uow: UnitOfWork, day: date, password: str, case_id: int | None = None) -> None:
    for session_id in awaiting_cosignature(uow.session, uow.actor_id or 0, day, case_id):
        authorize_record(uow, Action.RECORD_COSIGN, SESSION,
                         signing.record_to_sign(uow.session, SESSION, session_id))


@use_case(Action.RECORD_SIGN, authorize_with=_authorize_own)
def sign_day(uow: UnitOfWork, day: date, password: str, case_id: int | None = None) -> int:
    """One password signature (实施人签名) over every session of ``day`` the signed-in
    therapist performed and has not signed (of one case, or of all). Returns its id."""
    ids = awaiting_own_signature(uow.session, uow.actor_id or 0, day, case_id)
    if not ids:
        raise _nothing("待您签名的治疗记录", "session of yours awaiting your signature", day)
    return signing.sign_as_staff(uow, [(SESSION, i) for i in ids], PERFORMER,
                                 _staff_signer(uow, password))


@use_case(Action.RECORD_COSIGN, authorize_with=_authorize_cosign)
def cosign_day(uow: UnitOfWork, day: date, password: str, case_id: int | None = None) -> int:
    """One co-signature (上级审核签名) over every session of ``day`` performed by the
    assistants the signed-in therapist supervises and not co-signed yet. Returns its id."""
    ids = awaiting_cosignature(uow.session, uow.actor_id or 0, day, case_id)
    if not ids:
        raise _nothing("待审核签名的助理治疗记录", "assistant's session awaiting a co-signature", day)
    return signing.cosign(uow, [(SESSION, i) for i in ids], Meaning.REVIEWER_COSIGNS,
                          _staff_signer(uow, password))
