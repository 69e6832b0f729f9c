"""The execution sheet (康复执行单) of a case as the screen shows it: every session with
who, when, what, how many times, who signed for it (Luzhou Art. 21) and the signature of
the therapist who performed it (实施人签名), each with its signature number.

Plain rows, read in a few queries whatever the number of sessions; and the prescriptions
a therapist records against, for the quick-entry form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Amendment,
    Prescription,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentSession,
)
from desktop_app.domain.session_params import SessionParameters, describe
from desktop_app.domain.vocabulary import PATIENT_SIDE, SignerKind, State
from desktop_app.services.clinical.session_signing import (
    StaffMark,
    awaiting_cosignature,
    performer_signatures,
)
from desktop_app.services.core.lookup import superseded


@dataclass(frozen=True)
class SheetRow:
    session_id: int
    day: date
    started_at: datetime
    ended_at: datetime
    national_code: str
    item_name: str
    count: int
    therapist: str
    state: str  # draft (no signature yet) / signed
    patient_signer: str | None  # who signed for the patient side, with the relationship
    superseded: bool  # replaced by an amendment: shown, not counted
    over_approved_count: bool
    therapist_id: int = 0
    patient_signature_id: int | None = None  # the patient-side signature that covers it
    therapist_signature: StaffMark | None = None  # 实施人签名 (or a reviewer's co-signature)
    parameters: str = ""  # minutes, intensity, body part, reaction (domain.session_params.describe)

    @property
    def patient_signed(self) -> str | None:
        """"张三 签名 #12", or None while the patient has not signed."""
        if self.patient_signer is None:
            return None
        return f"{self.patient_signer} 签名 #{self.patient_signature_id}"

    @property
    def therapist_signed(self) -> str | None:
        """"李治疗师 签名 #13", or None while no signature of the performer covers it."""
        mark = self.therapist_signature
        if mark is None:
            return None
        return f"{mark.signer_name}{'（审核）' if mark.cosigned else ''} 签名 #{mark.signature_id}"

    @property
    def time_range(self) -> str:
        return f"{self.started_at.astimezone(CHINA):%H:%M}–{self.ended_at.astimezone(CHINA):%H:%M}"


@dataclass(frozen=True)
class PrescribedItem:
    prescription_id: int
    national_code: str
    item_name: str
    count: int
    frequency: str
    assigned_therapist_id: int | None
    done: int = 0  # the count of this item's sessions so far (not those replaced by a correction)


def sheet_rows(session: Session, case_id: int) -> list[SheetRow]:
    """All sessions of the case, oldest first."""
    replaced = set(session.scalars(select(Amendment.original_id).join(
        TreatmentSession, TreatmentSession.id == Amendment.original_id).where(
        Amendment.record_type == "treatment_session", TreatmentSession.case_id == case_id)))
    signers: dict[int, tuple[str, int]] = {}
    for record_id, signature_id, kind, name, relationship in session.execute(
            select(SignatureItem.record_id, Signature.id, Signature.signer_kind, Signature.signer_name,
                   Signature.relationship_to_patient)
            .join(Signature, Signature.id == SignatureItem.signature_id)
            .join(TreatmentSession, TreatmentSession.id == SignatureItem.record_id)
            .where(SignatureItem.record_type == "treatment_session",
                   TreatmentSession.case_id == case_id,
                   Signature.signer_kind.in_(PATIENT_SIDE))
            .order_by(Signature.signed_at, Signature.id)):
        shown = name if kind == SignerKind.PATIENT else f"{name}（{relationship or kind}）"
        signers.setdefault(record_id, (shown, signature_id))
    t = TreatmentSession
    rows = session.execute(  # columns, not entities: thousands of rows stay cheap
        select(t.id, t.session_date, t.started_at, t.ended_at, t.national_code, t.item_name,
               t.count, StaffUser.display_name, t.record_state, t.over_approved_count,
               t.therapist_id, t.duration_minutes, t.intensity, t.treated_body_part, t.reaction,
               t.reaction_note)
        .join(StaffUser, StaffUser.id == t.therapist_id)
        .where(t.case_id == case_id)
        .order_by(t.started_at, t.id)).all()
    staff = performer_signatures(session, [r[0] for r in rows])
    return [SheetRow(session_id, day, started, ended, code, name, count, therapist, state,
                     signers.get(session_id, (None, None))[0], session_id in replaced, over,
                     therapist_id, signers.get(session_id, (None, None))[1], staff.get(session_id),
                     describe(SessionParameters(*params)))
            for session_id, day, started, ended, code, name, count, therapist, state, over,
            therapist_id, *params in rows]


@dataclass(frozen=True)
class Sheet:
    """The page's reading: every row, and the sessions of the day awaiting the reviewer's
    co-signature (上级审核签名 of the assistants they supervise), in time order."""

    rows: tuple[SheetRow, ...]
    awaiting_cosignature: tuple[int, ...]


def sheet(session: Session, case_id: int, reviewer_id: int | None, day: date) -> Sheet:
    """The case's rows and, for ``reviewer_id`` (None: nobody), the sessions of ``day``
    that await their co-signature."""
    cosign = awaiting_cosignature(session, reviewer_id, day, case_id) if reviewer_id else []
    return Sheet(tuple(sheet_rows(session, case_id)), tuple(cosign))


def awaiting_signature(rows: list[SheetRow], day: date | None = None) -> list[int]:
    """Sessions (of ``day``, or all) the patient has not signed for yet."""
    return [r.session_id for r in rows
            if r.patient_signer is None and not r.superseded and (day is None or r.day == day)]


def awaiting_therapist(rows: list[SheetRow], staff_id: int, day: date | None = None) -> list[int]:
    """Sessions (of ``day``, or all) ``staff_id`` performed and no counted signature covers."""
    return [r.session_id for r in rows
            if r.therapist_signature is None and r.therapist_id == staff_id and not r.superseded
            and (day is None or r.day == day)]


def prescribed_items(session: Session, case_id: int) -> list[PrescribedItem]:
    """The case's signed, current prescriptions."""
    rows = session.scalars(select(Prescription).where(
        Prescription.case_id == case_id, Prescription.record_state == State.SIGNED,
        Prescription.id.not_in(superseded("prescription"))).order_by(Prescription.id))
    done = dict(session.execute(
        select(TreatmentSession.national_code, func.coalesce(func.sum(TreatmentSession.count), 0))
        .where(TreatmentSession.case_id == case_id,
               TreatmentSession.id.not_in(superseded("treatment_session")))
        .group_by(TreatmentSession.national_code)).all())
    return [PrescribedItem(p.id, p.national_code, p.item_name, p.count, p.frequency,
                           p.assigned_therapist_id, int(done.get(p.national_code, 0)))
            for p in rows]
