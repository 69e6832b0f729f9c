"""Signing at the bedside, without Qt: what the patient is shown, the checks the signature
dialog makes before it closes, and the handwriting it hands to ``signing.sign``.

The summary carries the records it describes, so the caller signs exactly the records
the patient was shown; asked with the signing time, it also says which sessions would be
signed later than the institution's limit (签署时效), so the dialog warns before the
signature is taken (signing stays allowed: the claim gate asks for the acknowledgement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import RehabCase, Signature, SignatureItem, StaffUser, TreatmentSession, Worker
from desktop_app.domain.signature_timing import delay_text
from desktop_app.domain.strokes import Stroke, render_png
from desktop_app.domain.vocabulary import State
from desktop_app.errors import NotFound, UserError
from desktop_app.services.core.lookup import superseded
from desktop_app.services.integrity import signature_timing
from desktop_app.services.integrity.signing import Handwriting, patient_side_signed

DEVICE_MAX = Signature.__table__.c.device.type.length  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LateSession:
    """A session that signing now would confirm later than the limit, and by how much."""

    session_id: int
    zh: str
    en: str


@dataclass(frozen=True)
class SigningSummary:
    """What is put before the signer: a heading, one line per record, and those records;
    and the sessions signing now would confirm late (only when asked with the time)."""

    heading: str
    lines: tuple[str, ...]
    records: tuple[tuple[str, int], ...]
    patient_name: str
    late: tuple[LateSession, ...] = ()


def chosen_sessions(session: Session, session_ids: Sequence[int]) -> list[TreatmentSession]:
    """The chosen sessions, in time order; all of one case."""
    wanted = list(dict.fromkeys(session_ids))
    if not wanted:
        raise UserError("没有待签名的记录。", "No session awaits a signature.")
    rows = list(session.scalars(select(TreatmentSession).where(TreatmentSession.id.in_(wanted))
                                .order_by(TreatmentSession.started_at, TreatmentSession.id)))
    missing = sorted(set(wanted) - {r.id for r in rows})
    if missing:
        raise NotFound(f"找不到治疗记录 #{missing[0]}。", f"Treatment session #{missing[0]} was not found.")
    if len({r.case_id for r in rows}) != 1:
        raise UserError("一张签字页只能列同一病例的治疗记录。",
                        "One signing page lists sessions of one case only.")
    return rows


def awaiting_sessions(session: Session, session_ids: Sequence[int]) -> list[TreatmentSession]:
    """The chosen sessions, in time order; all of one case, current and not yet signed by
    the patient side (the therapist's own signature may be there already)."""
    wanted = list(dict.fromkeys(session_ids))
    if not wanted:
        raise UserError("没有待患者签名的记录。", "No session awaits the patient's signature.")
    rows = chosen_sessions(session, wanted)
    replaced = set(session.scalars(superseded("treatment_session")))
    # The therapist may have signed already (实施人签名): only the patient side's matters here.
    patient_signed = set(session.scalars(patient_side_signed("treatment_session").where(
        SignatureItem.record_id.in_(wanted))))
    done = [r.id for r in rows if r.id in patient_signed or r.id in replaced
            or r.record_state not in (State.DRAFT, State.SIGNED)]
    if done:
        raise UserError(f"治疗记录 #{done[0]} 已签名或已被更正，不再签名。",
                        f"Treatment session #{done[0]} is already signed or corrected.")
    return rows


def late_sessions(session: Session, rows: Sequence[TreatmentSession], signing_at: datetime
                  ) -> tuple[LateSession, ...]:
    """The sessions the patient side, signing at ``signing_at``, would confirm later than
    the institution's limit (counted from each session's end) or after the discharge."""
    by_id = {row.id: row for row in rows}
    late = []
    for timing in signature_timing.if_signed_at(
            session, [("treatment_session", row.id) for row in rows], signing_at, staff=False):
        if timing.late:
            row = by_id[timing.record_id]
            zh, en = delay_text(timing)
            late.append(LateSession(row.id, f"治疗记录 #{row.id}（{row.session_date} {row.item_name}）{zh}",
                                    f"Session #{row.id} ({row.session_date}): {en}"))
    return tuple(late)


def sessions_to_sign(session: Session, session_ids: Sequence[int], *,
                     by_patient: bool = True, signing_at: datetime | None = None) -> SigningSummary:
    """One line per treatment session (date, time, item, count, therapist), in the
    order they happened. All must belong to one case and, ``by_patient``, await the
    patient's signature (a member of staff may sign what the patient signed already).
    With ``signing_at``, the summary also names the sessions that would be signed late."""
    rows = (awaiting_sessions if by_patient else chosen_sessions)(session, session_ids)
    names = select(StaffUser.id, StaffUser.display_name).where(
        StaffUser.id.in_({r.therapist_id for r in rows}))
    therapists = {i: name for i, name in session.execute(names)}
    case_number, patient = session.execute(
        select(RehabCase.case_number, Worker.name).join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.id == rows[0].case_id)).one()
    lines = tuple(
        f"{row.session_date}　{row.started_at.astimezone(CHINA):%H:%M}–"
        f"{row.ended_at.astimezone(CHINA):%H:%M}　{row.item_name}　{row.count} 次"
        f"　治疗师 {therapists.get(row.therapist_id, '')}"
        for row in rows)
    heading = f"患者 {patient}　病例 {case_number}　共 {len(lines)} 条治疗记录"
    late = late_sessions(session, rows, signing_at) if signing_at is not None else ()
    return SigningSummary(heading, lines, tuple(("treatment_session", row.id) for row in rows), patient,
                          late)


def handwriting(strokes: Sequence[Stroke], device: str) -> Handwriting:
    """The strokes as stored, the image every render of them matches (fitted into the
    standard signature image) and the device, cut to what the archive keeps."""
    kept = [[(float(x), float(y), int(t)) for x, y, t in stroke] for stroke in strokes]
    return Handwriting(kept, render_png(kept, fit=True), device[:DEVICE_MAX])
