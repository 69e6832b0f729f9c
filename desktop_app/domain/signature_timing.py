"""How long after the event it signs a signature was given (签署时效), and whether that is late.

A signature confirms an event: the patient confirms a session just ended, the physician a
plan just written, the assessor an assessment just made. Signed weeks later, it proves
little; signed after the patient left (discharge), it cannot be what it says (the patient
was told the plan, the session was confirmed at the bedside). The delay is computed from
stored times only — the signature's ``signed_at`` and the record's own event time (which
the signature's content hash covers) — so it is the same on every reading and needs no
column of its own.

Delays count **China calendar days** (``clock.CHINA``): a signature on the event's day has
delay 0, the next day 1. The institution's limits (``Limits``) are separate for the
patient side and for staff, by default 0 (the same day). A signature is late when its
delay exceeds its side's limit, or — whatever the limit — when it was given after the
case's discharge day (``after_discharge``, flagged distinctly). Corrections
(``CORRECTION_MEANINGS``) sign the correction itself, made when it is made: their event is
the replacement's creation and they are never "after discharge" (an archived case is
corrected by its own approved procedure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.clock import CHINA

SAME_DAY = 0
PATIENT_LIMIT_SETTING = "signature_limit_days_patient"
STAFF_LIMIT_SETTING = "signature_limit_days_staff"
MAX_LIMIT_DAYS = 365
CORRECTION_MEANINGS = frozenset({"amender_signs", "amendment_approves"})
RECORD_LABELS: dict[str, tuple[str, str]] = {
    "approval": ("核准记录", "approval"), "treatment_plan": ("治疗方案", "treatment plan"),
    "prescription": ("处方", "prescription"), "treatment_session": ("治疗记录", "session"),
    "assessment": ("评估", "assessment"), "out_of_scope_consent": ("目录外知情同意", "consent"),
    "claim": ("结算申报", "claim"), "fee_line": ("费用明细", "fee line"),
    "disposal_request": ("销毁申请", "disposal request"),
}


@dataclass(frozen=True)
class Limits:
    """Days a signature may follow its event: 0 = the same (China) day."""

    patient_days: int = SAME_DAY
    staff_days: int = SAME_DAY

    def for_side(self, staff: bool) -> int:
        return self.staff_days if staff else self.patient_days


@dataclass(frozen=True)
class Event:
    """What a signature on a record refers to: its China-local day, and its instant when the
    record has one (a session's end, a record's creation); ``zh``/``en`` name it."""

    day: date
    at: datetime | None
    zh: str
    en: str


@dataclass(frozen=True)
class Timing:
    """One signature on one record, timed against the record's event."""

    signature_id: int
    record_type: str
    record_id: int
    staff: bool  # a staff signature (else the patient side or the employer)
    signer_name: str
    meaning: str
    signed_at: datetime
    event: Event
    delay_days: int  # China calendar days from the event's day to the signing day
    limit_days: int
    after_discharge: bool

    @property
    def delay(self) -> timedelta | None:
        """The exact delay when the event has an instant."""
        return self.signed_at - self.event.at if self.event.at is not None else None

    @property
    def late(self) -> bool:
        return self.after_discharge or self.delay_days > self.limit_days

    @property
    def key(self) -> tuple[int, str, int]:
        return self.signature_id, self.record_type, self.record_id

    @property
    def record_label(self) -> tuple[str, str]:
        zh, en = RECORD_LABELS.get(self.record_type, (self.record_type, self.record_type))
        return f"{zh} #{self.record_id}", f"{en} #{self.record_id}"


def china_day(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def delay_days(event_day: date, signed_at: datetime) -> int:
    return (china_day(signed_at) - event_day).days


def time_signature(signature_id: int, record_type: str, record_id: int, *, staff: bool,
                   signer_name: str, meaning: str, signed_at: datetime, event: Event,
                   limits: Limits, discharge: date | None) -> Timing:
    after = (discharge is not None and meaning not in CORRECTION_MEANINGS
             and china_day(signed_at) > discharge)
    return Timing(signature_id, record_type, record_id, staff, signer_name, meaning, signed_at,
                  event, delay_days(event.day, signed_at), limits.for_side(staff), after)


def _span(delta: timedelta) -> tuple[str, str]:
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes}分钟", f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}小时{minutes % 60}分", f"{hours} h {minutes % 60} min"
    return f"{hours // 24}天{hours % 24}小时", f"{hours // 24} d {hours % 24} h"


def delay_text(timing: Timing) -> tuple[str, str]:
    """The delay as documents and screens show it, in Chinese and English, e.g.
    ``签署时效：晚2天签署（治疗结束后2天3小时）；超过时限（当日）``."""
    if timing.delay_days <= 0:
        zh, en = "当日签署", "signed the same day"
    else:
        zh, en = f"晚{timing.delay_days}天签署", f"signed {timing.delay_days} day(s) later"
    exact = timing.delay
    if exact is not None and exact >= timedelta(0):
        span_zh, span_en = _span(exact)
        zh, en = f"{zh}（{timing.event.zh}后{span_zh}）", f"{en} ({span_en} after {timing.event.en})"
    else:
        event = timing.event
        zh, en = f"{zh}（{event.zh} {event.day}）", f"{en} ({event.en} {event.day})"
    limit_zh = "当日" if timing.limit_days == 0 else f"{timing.limit_days}天内"
    limit_en = "the same day" if timing.limit_days == 0 else f"within {timing.limit_days} day(s)"
    if timing.after_discharge:
        zh, en = f"{zh}；出院后签署", f"{en}; after the discharge"
    elif timing.late:
        zh, en = f"{zh}；超过时限（{limit_zh}）", f"{en}; beyond the limit ({limit_en})"
    return f"签署时效：{zh}", en[0].upper() + en[1:]


def invalid_limit(days: object) -> bool:
    """Whether a limit is unusable: limits are whole days, 0 (same day) to a year."""
    return isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_LIMIT_DAYS
