"""Disability grades (GB/T 16180-2014): 1 is the most severe, 10 the least; 1–4 mean a
complete loss of work capacity."""

from __future__ import annotations

from desktop_app.errors import FieldError

MOST_SEVERE, LEAST_SEVERE = 1, 10
TOTAL_LOSS_MAX_GRADE = 4


def validate_disability_grade(grade: object, *, field: str = "伤残等级",
                              key: str = "disability_grade") -> list[FieldError]:
    """``None`` means not (yet) appraised, which is allowed."""
    if grade is None:
        return []
    if isinstance(grade, bool) or not isinstance(grade, int) or not MOST_SEVERE <= grade <= LEAST_SEVERE:
        return [FieldError(field, f"伤残等级应为1至10级的整数，不能是“{grade}”",
                           f"The disability grade must be a whole number from 1 to 10, not {grade!r}",
                           key=key)]
    return []


def total_loss_of_work_capacity(grade: int | None) -> bool:
    return grade is not None and grade <= TOTAL_LOSS_MAX_GRADE
