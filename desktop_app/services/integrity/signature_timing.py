"""签署时效: every signature timed against the event it signs (``domain.signature_timing``).

``EVENTS`` says, in one place, what a signature on each kind of record refers to:

* a session (``treatment_session``): its end (``ended_at``);
* an assessment: the day it was made (``assessed_on``);
* a prescription: its date (``prescribed_on``);
* an out-of-scope consent: the day it states (``signed_on``);
* a plan, an approval as entered, a claim, a fee line, a disposal request: the record's
  creation (``created_at``) — a plan is told to the patient, and signed, when it is written.

The delay is computed from those stored times and the signature's ``signed_at``, both
covered by the signature's hashes, so it never needs storing. The limits are the
institution's settings (``signature_limit_days_patient`` / ``_staff``; default the same day),
set by an administrator (``set_signature_limits``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from desktop_app.db.models import Institution, RehabCase, Signature, SignatureItem
from desktop_app.domain.signature_timing import (
    CORRECTION_MEANINGS,
    PATIENT_LIMIT_SETTING,
    STAFF_LIMIT_SETTING,
    Event,
    Limits,
    Timing,
    china_day,
    delay_text,
    invalid_limit,
    time_signature,
)
from desktop_app.domain.vocabulary import Action, SignerKind
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.core import read_memo
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity.signing import record_to_sign, records_to_sign


def _created(obj: object) -> Event:
    at = obj.created_at  # type: ignore[attr-defined]  # every signable record is Created
    return Event(china_day(at), at, "建立", "its creation")


def _event(record_type: str, obj: object) -> Event:
    """The event a signature on ``obj`` refers to (see the module docstring)."""
    if record_type == "treatment_session":
        end = obj.ended_at  # type: ignore[attr-defined]
        return Event(china_day(end), end, "治疗结束", "the session's end")
    day_fields = {"assessment": ("assessed_on", "评估日", "the assessment day"),
                  "prescription": ("prescribed_on", "处方日", "the prescription date"),
                  "out_of_scope_consent": ("signed_on", "同意书日期", "the consent date")}
    if record_type in day_fields:
        name, zh, en = day_fields[record_type]
        day: date = getattr(obj, name)
        return Event(day, None, zh, en)
    return _created(obj)


def _discharge_of(session: Session, obj: object) -> date | None:
    """The discharge day of the case ``obj`` belongs to, if any (``session.get`` answers a
    case already loaded from the identity map)."""
    case_id = getattr(obj, "case_id", None)
    case = session.get(RehabCase, case_id) if case_id is not None else None
    return case.discharge_date if case is not None else None


def event_of(session: Session, record_type: str, record_id: int) -> Event:
    """The event a signature on this record refers to."""
    return _event(record_type, record_to_sign(session, record_type, record_id))


def signature_limits(session: Session) -> Limits:
    """The institution's limits, or the same day for both sides."""
    institution = session.scalars(select(Institution).limit(1)).first()
    settings = (institution.settings or {}) if institution else {}
    values = [settings.get(key) for key in (PATIENT_LIMIT_SETTING, STAFF_LIMIT_SETTING)]
    patient, staff = (v if isinstance(v, int) and not invalid_limit(v) else 0 for v in values)
    return Limits(patient, staff)


def timings(session: Session, records: Iterable[tuple[str, int]]) -> list[Timing]:
    """Every signature on each record, timed; in record then signing order."""
    wanted = list(dict.fromkeys(records))
    memo = read_memo.store(session, "signature_timings")  # record → its timings
    if memo is None:
        return _timings(session, wanted)
    missing = [record for record in wanted if record not in memo]
    for record in missing:
        memo[record] = []
    for timing in _timings(session, missing):
        memo[(timing.record_type, timing.record_id)].append(timing)
    return [timing for record in wanted for timing in memo[record]]


def _timings(session: Session, wanted: list[tuple[str, int]]) -> list[Timing]:
    if not wanted:
        return []
    limits = signature_limits(session)
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in wanted:
        by_type.setdefault(record_type, []).append(record_id)
    found: dict[tuple[str, int], list[Signature]] = {}
    for record_type, ids in by_type.items():
        rows = session.execute(
            select(SignatureItem.record_id, Signature)
            .join(Signature, Signature.id == SignatureItem.signature_id)
            .where(SignatureItem.record_type == record_type, SignatureItem.record_id.in_(ids))
            .order_by(Signature.signed_at, Signature.id)
            .options(defer(Signature.strokes)))  # not timed; loaded if anyone reads it
        for record_id, signature in rows:
            found.setdefault((record_type, record_id), []).append(signature)
    held = {record_type: records_to_sign(session, record_type, sorted(
        {i for t, i in found if t == record_type})) for record_type in by_type}
    out = []
    for record_type, record_id in wanted:
        signatures = found.get((record_type, record_id), [])
        if not signatures:
            continue
        obj = held[record_type].get(record_id) or record_to_sign(session, record_type, record_id)
        discharge = _discharge_of(session, obj)
        for signature in signatures:
            event = _created(obj) if signature.meaning in CORRECTION_MEANINGS else _event(record_type, obj)
            out.append(time_signature(
                signature.id, record_type, record_id, staff=signature.signer_kind == SignerKind.STAFF,
                signer_name=signature.signer_name, meaning=signature.meaning,
                signed_at=signature.signed_at, event=event, limits=limits, discharge=discharge))
    return out


def if_signed_at(session: Session, records: Iterable[tuple[str, int]], signed_at: datetime, *,
                 staff: bool) -> list[Timing]:
    """Each record timed as if it were signed at ``signed_at`` by the patient side (or by
    staff): what a signing dialog warns about before the signature is taken. The timings
    have no signature yet (``signature_id`` 0, no signer, no meaning)."""
    limits = signature_limits(session)
    out = []
    for record_type, record_id in dict.fromkeys(records):
        obj = record_to_sign(session, record_type, record_id)
        out.append(time_signature(0, record_type, record_id, staff=staff, signer_name="", meaning="",
                                  signed_at=signed_at, event=_event(record_type, obj), limits=limits,
                                  discharge=_discharge_of(session, obj)))
    return out


def timing_notes(session: Session, signatures: Iterable[Signature],
                 records: Iterable[tuple[str, int]]) -> dict[int, str]:
    """Per signature, the delay a document prints beside it: of the given records it covers,
    the latest-signed one (the largest delay) speaks for it."""
    ids = {s.id for s in signatures}
    worst: dict[int, Timing] = {}
    for timing in timings(session, records):
        if timing.signature_id in ids:
            seen = worst.get(timing.signature_id)
            if seen is None or (timing.late, timing.delay_days) > (seen.late, seen.delay_days):
                worst[timing.signature_id] = timing
    return {signature_id: delay_text(timing)[0] for signature_id, timing in worst.items()}


def case_records(session: Session, case_id: int) -> list[tuple[str, int]]:
    """Every signed-kind record of the case (for the timing view of a whole case)."""
    from desktop_app.services.integrity.signing import SIGNABLE

    records: list[tuple[str, int]] = []
    for record_type, model in SIGNABLE.items():
        if hasattr(model, "case_id"):
            records += [(record_type, i) for i in session.scalars(
                select(model.id).where(model.case_id == case_id).order_by(model.id))]
    return records


@use_case(Action.SETTINGS_EDIT)
def set_signature_limits(uow: UnitOfWork, patient_days: int, staff_days: int) -> None:
    """How many days after its event a signature may be given before the claim gate warns:
    0 = the same day (China time), for the patient side and for staff."""
    errors = [FieldError(label, "须为 0（当日）至 365 之间的整数天数",
                         "Must be whole days from 0 (the same day) to 365", key=key)
              for label, key, days in (("患者签署时限", "patient_limit", patient_days),
                                       ("工作人员签署时限", "staff_limit", staff_days))
              if invalid_limit(days)]
    raise_if_blocking(errors)
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    institution.settings = {**(institution.settings or {}), PATIENT_LIMIT_SETTING: patient_days,
                            STAFF_LIMIT_SETTING: staff_days}


def record_timings(session: Session, record_type: str, record_id: int) -> list[Timing]:
    """The signatures on one record, timed (a signature view)."""
    try:
        record_to_sign(session, record_type, record_id)
    except NotFound:
        return []
    return timings(session, [(record_type, record_id)])
