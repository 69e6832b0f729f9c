"""Signing at the bedside, without Qt: what the patient is shown, the checks the signature
dialog makes before it closes, and the handwriting it hands to ``signing.sign``.

The summary carries the records it describes, so the caller signs exactly the records
the patient was shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import RehabCase, Signature, StaffUser, TreatmentSession, Worker
from desktop_app.domain.strokes import Stroke, render_png
from desktop_app.errors import NotFound, UserError
from desktop_app.services.signing import Handwriting

DEVICE_MAX = Signature.__table__.c.device.type.length  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SigningSummary:
    """What is put before the signer: a heading, one line per record, and those records."""

    heading: str
    lines: tuple[str, ...]
    records: tuple[tuple[str, int], ...]
    patient_name: str


def sessions_to_sign(session: Session, session_ids: Sequence[int]) -> SigningSummary:
    """One line per treatment session (date, time, item, count, therapist), in the
    order they happened. All must belong to one case."""
    wanted = list(dict.fromkeys(session_ids))
    if not wanted:
        raise UserError("没有选择要签名确认的治疗记录。", "No treatment session was chosen to sign.")
    rows = session.execute(
        select(TreatmentSession, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == TreatmentSession.therapist_id)
        .where(TreatmentSession.id.in_(wanted))
        .order_by(TreatmentSession.session_date, TreatmentSession.started_at, TreatmentSession.id)
    ).all()
    missing = sorted(set(wanted) - {row.id for row, _ in rows})
    if missing:
        raise NotFound(f"找不到治疗记录 #{missing[0]}。", f"Treatment session #{missing[0]} was not found.")
    case_ids = {row.case_id for row, _ in rows}
    if len(case_ids) != 1:
        raise UserError("一次签名只能确认同一病例的治疗记录。",
                        "One signature can only confirm sessions of one case.")
    case_number, patient = session.execute(
        select(RehabCase.case_number, Worker.name).join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.id == case_ids.pop())).one()
    lines = tuple(
        f"{row.session_date}　{row.started_at.astimezone(CHINA):%H:%M}–"
        f"{row.ended_at.astimezone(CHINA):%H:%M}　{row.item_name}　{row.count} 次　治疗师 {therapist}"
        for row, therapist in rows)
    heading = f"患者 {patient}　病例 {case_number}　共 {len(lines)} 条治疗记录"
    return SigningSummary(heading, lines, tuple(("treatment_session", row.id) for row, _ in rows),
                          patient)


def handwriting(strokes: Sequence[Stroke], device: str) -> Handwriting:
    """The strokes as stored, the image every render of them matches (fitted into the
    standard signature image) and the device, cut to what the archive keeps."""
    kept = [[(float(x), float(y), int(t)) for x, y, t in stroke] for stroke in strokes]
    return Handwriting(kept, render_png(kept, fit=True), device[:DEVICE_MAX])
