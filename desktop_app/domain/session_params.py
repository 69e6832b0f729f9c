"""What a therapist notes about one session beyond who, when and how many times: the
minutes actually treated, the intensity, the body part treated and how the patient
reacted (issue 20, "therapist's speed"). All optional: a session recorded without them is
stored, signed and hashed exactly as before (NULL columns are left out of the row-state
hash and of the signed content).

And how full a prescription is: ``count_level`` colours a "used/approved" count at 80 %
(orange) and at 100 % (red), with words beside the colour for whoever cannot tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.errors import FieldError

DURATION_MIN, DURATION_MAX = 1, 240  # minutes
INTENSITY_MAX, BODY_PART_MAX, REACTION_NOTE_MAX = 50, 100, 200
# The patient's response to the session: code → (Chinese, English). "other" needs a note.
REACTIONS: dict[str, tuple[str, str]] = {
    "none": ("无不良反应", "No adverse reaction"),
    "fatigue": ("轻度疲劳", "Mild fatigue"),
    "pain_worse": ("疼痛加重", "Pain increased"),
    "other": ("其他", "Other"),
}
OTHER = "other"


@dataclass(frozen=True)
class SessionParameters:
    """The per-session parameters, each None when not noted."""

    duration_minutes: int | None = None
    intensity: str | None = None
    body_part: str | None = None
    reaction: str | None = None  # a key of REACTIONS
    reaction_note: str | None = None

    def cleaned(self) -> SessionParameters:
        """Blank texts become None (nothing noted), the others are stripped."""
        def text(value: str | None) -> str | None:
            return (value or "").strip() or None
        return SessionParameters(self.duration_minutes, text(self.intensity), text(self.body_part),
                                 text(self.reaction), text(self.reaction_note))

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.duration_minutes, self.intensity, self.body_part,
                                       self.reaction, self.reaction_note))


NONE = SessionParameters()


def parameter_errors(params: SessionParameters, started_at: datetime | None = None,
                     ended_at: datetime | None = None) -> list[FieldError]:
    """What is wrong with the parameters (already ``cleaned``), in Chinese and English. The
    minutes treated fit between the session's start and end when both are given."""
    errors: list[FieldError] = []
    minutes = params.duration_minutes
    if minutes is not None:
        if not DURATION_MIN <= minutes <= DURATION_MAX:
            errors.append(FieldError("治疗时长", f"治疗时长须为 {DURATION_MIN}–{DURATION_MAX} 分钟",
                                     f"The duration must be {DURATION_MIN}–{DURATION_MAX} minutes",
                                     key="duration_minutes"))
        elif started_at is not None and ended_at is not None and ended_at > started_at and \
                timedelta(minutes=minutes) > ended_at - started_at:
            slot = int((ended_at - started_at).total_seconds() // 60)
            errors.append(FieldError("治疗时长",
                                     f"治疗时长（{minutes} 分钟）不能超过开始至结束的 {slot} 分钟",
                                     f"The duration ({minutes} min) cannot exceed the {slot} minutes "
                                     "from start to end", key="duration_minutes"))
    for label, en, key, value, limit in (
            ("强度", "The intensity", "intensity", params.intensity, INTENSITY_MAX),
            ("治疗部位", "The body part", "body_part", params.body_part, BODY_PART_MAX),
            ("反应说明", "The note on the reaction", "reaction_note", params.reaction_note,
             REACTION_NOTE_MAX)):
        if value is not None and len(value) > limit:
            errors.append(FieldError(label, f"{label}最多 {limit} 个字", f"{en} has at most {limit} "
                                     "characters", key=key))
    if params.reaction is not None and params.reaction not in REACTIONS:
        errors.append(FieldError("治疗反应", f"无效的治疗反应：{params.reaction}",
                                 f"Invalid reaction: {params.reaction}", key="reaction"))
    if params.reaction == OTHER and params.reaction_note is None:
        errors.append(FieldError("反应说明", "反应为“其他”时须说明", "Describe the reaction when it is "
                                 "\"Other\"", key="reaction_note"))
    return errors


def describe(params: SessionParameters) -> str:
    """One line in Chinese for a sheet: "20 分钟；中等；右膝；疼痛加重（夜间）" ("" when none)."""
    parts = []
    if params.duration_minutes is not None:
        parts.append(f"{params.duration_minutes} 分钟")
    parts += [v for v in (params.intensity, params.body_part) if v]
    if params.reaction is not None:
        label = REACTIONS.get(params.reaction, (params.reaction, ""))[0]
        parts.append(f"{label}（{params.reaction_note}）" if params.reaction_note else label)
    elif params.reaction_note:
        parts.append(params.reaction_note)
    return "；".join(parts)


def back_to_back(start: datetime, minutes: list[int]) -> list[tuple[datetime, datetime]]:
    """Slots one after another from ``start``: several items for one patient in one step."""
    slots = []
    for length in minutes:
        end = start + timedelta(minutes=length)
        slots.append((start, end))
        start = end
    return slots


# ------------------------------------------------------------ how full a prescription is

OK, NEAR, FULL = "ok", "near", "full"
NEAR_SHARE = 0.8
LEVEL_COLOURS = {NEAR: "#b35c00", FULL: "#b3261e"}  # orange, red (text colours, on white)


def count_level(used: int, approved: int) -> str:
    """``full`` at or beyond 100 % of the approved/prescribed count, ``near`` from 80 %,
    ``ok`` below (and for a count of 0 approved, nothing to measure against: ``full`` once used)."""
    if approved <= 0:
        return FULL if used > 0 else OK
    if used >= approved:
        return FULL
    if used * 10 >= approved * 8:  # exact: no float rounding at the boundary
        return NEAR
    return OK


def count_marker(used: int, approved: int) -> tuple[str, str]:
    """The words for the level, beside the colour: ("", "") below 80 %, else (Chinese, English)."""
    level = count_level(used, approved)
    if level == FULL:
        extra = used - approved
        return (f"已满{f'，超 {extra} 次' if extra > 0 else ''}",
                f"full{f', {extra} over' if extra > 0 else ''}")
    if level == NEAR:
        return f"将满，剩 {approved - used} 次", f"nearly full, {approved - used} left"
    return "", ""


def count_word(used: int, approved: int) -> str:
    """The level in one short Chinese word for a printed cell: "将满", "已满", "超 3 次" or ""."""
    level = count_level(used, approved)
    if level == FULL:
        return f"超 {used - approved} 次" if used > approved else "已满"
    return "将满" if level == NEAR else ""
