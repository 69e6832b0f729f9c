"""Which assessment phase is due for an instrument (康复前 / 康复中 / 康复后评估), so a new
form starts on it instead of always on 康复前.

- 康复后 (post) once the course is ending: the patient is discharged, the course has been
  declared ended, or the approved period ends within ``ENDING_WITHIN_DAYS`` days;
- otherwise 康复前 (pre) while the instrument has no pre assessment yet (each instrument
  needs its own baseline);
- otherwise 康复中 (mid): the pre assessment exists, and the next one is an interim one —
  the 康复中评估 the worklist asks for once the stay passes the institution's setting
  (``domain.alerts``), or a further one after it.
The assessor can always choose another phase; this is only the form's default.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

ENDING_WITHIN_DAYS = 7  # the approved period's last week: the discharge assessment is due


@dataclass(frozen=True)
class PhaseFacts:
    """What decides the due phase, besides the phases already assessed."""

    admission_date: date | None = None
    approved_until: date | None = None  # the end of the latest approved period
    course_ended_on: date | None = None
    discharge_date: date | None = None


def course_ending(facts: PhaseFacts, today: date) -> bool:
    if facts.discharge_date is not None or facts.course_ended_on is not None:
        return True
    return (facts.admission_date is not None and facts.approved_until is not None
            and (facts.approved_until - today).days <= ENDING_WITHIN_DAYS)


def due_phase(assessed: Collection[str], facts: PhaseFacts, today: date) -> str:
    """The phase a new assessment of an instrument assessed in ``assessed`` phases is due in."""
    if course_ending(facts, today):
        return "post"
    if "pre" not in assessed:
        return "pre"
    return "mid"
