"""The execution sheet (康复执行单) of a case as the screen shows it: every session with
who, when, what, how many times, and who signed for it (Luzhou Art. 21).

Plain rows, read in two queries whatever the number of sessions; and the prescriptions
a therapist records against, for the quick-entry form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
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
from desktop_app.domain.vocabulary import PATIENT_SIDE, SignerKind, State
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
    state: str  # draft (awaiting the patient's signature) / signed
    patient_signer: str | None  # who signed for the patient side, with the relationship
    superseded: bool  # replaced by an amendment: shown, not counted
    over_approved_count: bool

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


def sheet_rows(session: Session, case_id: int) -> list[SheetRow]:
    """All sessions of the case, oldest first."""
    replaced = set(session.scalars(select(Amendment.original_id).join(
        TreatmentSession, TreatmentSession.id == Amendment.original_id).where(
        Amendment.record_type == "treatment_session", TreatmentSession.case_id == case_id)))
    signers: dict[int, str] = {}
    for record_id, kind, name, relationship in session.execute(
            select(SignatureItem.record_id, Signature.signer_kind, Signature.signer_name,
                   Signature.relationship_to_patient)
            .join(Signature, Signature.id == SignatureItem.signature_id)
            .join(TreatmentSession, TreatmentSession.id == SignatureItem.record_id)
            .where(SignatureItem.record_type == "treatment_session",
                   TreatmentSession.case_id == case_id,
                   Signature.signer_kind.in_(PATIENT_SIDE))):
        signers[record_id] = name if kind == SignerKind.PATIENT else f"{name}（{relationship or kind}）"
    t = TreatmentSession
    rows = session.execute(  # columns, not entities: thousands of rows stay cheap
        select(t.id, t.session_date, t.started_at, t.ended_at, t.national_code, t.item_name,
               t.count, StaffUser.display_name, t.record_state, t.over_approved_count)
        .join(StaffUser, StaffUser.id == t.therapist_id)
        .where(t.case_id == case_id)
        .order_by(t.started_at, t.id))
    return [SheetRow(session_id, day, started, ended, code, name, count, therapist, state,
                     signers.get(session_id), session_id in replaced, over)
            for session_id, day, started, ended, code, name, count, therapist, state, over
            in rows]


def awaiting_signature(rows: list[SheetRow], day: date | None = None) -> list[int]:
    """Sessions (of ``day``, or all) the patient has not signed for yet."""
    return [r.session_id for r in rows
            if r.state == State.DRAFT and not r.superseded and (day is None or r.day == day)]


def prescribed_items(session: Session, case_id: int) -> list[PrescribedItem]:
    """The case's signed, current prescriptions."""
    rows = session.scalars(select(Prescription).where(
        Prescription.case_id == case_id, Prescription.record_state == State.SIGNED,
        Prescription.id.not_in(superseded("prescription"))).order_by(Prescription.id))
    return [PrescribedItem(p.id, p.national_code, p.item_name, p.count, p.frequency,
                           p.assigned_therapist_id) for p in rows]
