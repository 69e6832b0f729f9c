"""Date order of a case: injury ≤ recognition/approval ≤ admission ≤ sessions ≤ discharge,
and nothing that has happened may lie in the future.

Only the dates given are checked, so each use case passes what it knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.errors import FieldError


@dataclass(frozen=True)
class CaseDates:
    injury_date: date | None = None
    recognition_date: date | None = None
    approval_date: date | None = None  # decision date of the (first) approval or filing
    approved_from: date | None = None
    approved_to: date | None = None
    admission_date: date | None = None
    session_dates: tuple[date, ...] = ()
    discharge_date: date | None = None
    session_field: str = "治疗日期"  # how the dated events are named (评估日期, 处方日期…)
    session_key: str = "session_date"  # and their key (FieldError.key)


_LABELS_EN = {
    "受伤日期": "the injury date", "工伤认定日期": "the recognition date",
    "核准日期": "the approval date", "核准期限": "the approved period",
    "入院日期": "the admission date", "出院日期": "the discharge date",
}


_KEYS = {
    "受伤日期": "injury_date", "工伤认定日期": "recognition_date", "核准日期": "approval_date",
    "核准期限": "approval_period", "入院日期": "admission_date", "出院日期": "discharge_date",
}


def _en(label: str) -> str:
    return _LABELS_EN.get(label, label)


def _not_before(errors: list[FieldError], field: str, later: date | None,
                earlier_label: str, earlier: date | None, key: str | None = None) -> None:
    if later is not None and earlier is not None and later < earlier:
        errors.append(FieldError(field, f"{field}（{later}）不能早于{earlier_label}（{earlier}）",
                                 f"{_en(field).capitalize()} ({later}) cannot be before "
                                 f"{_en(earlier_label)} ({earlier})", key=key or _KEYS[field]))


def validate_case_dates(dates: CaseDates, *, today: date) -> list[FieldError]:
    """Every order or future-date problem among the given dates."""
    errors: list[FieldError] = []
    past = (("受伤日期", dates.injury_date), ("工伤认定日期", dates.recognition_date),
            ("核准日期", dates.approval_date), ("入院日期", dates.admission_date),
            ("出院日期", dates.discharge_date))
    for label, day in past:
        if day is not None and day > today:
            errors.append(FieldError(label, f"{label}（{day}）不能晚于今天（{today}）",
                                     f"{_en(label).capitalize()} ({day}) cannot be in the future",
                                     key=_KEYS[label]))
    _not_before(errors, "工伤认定日期", dates.recognition_date, "受伤日期", dates.injury_date)
    _not_before(errors, "核准日期", dates.approval_date, "受伤日期", dates.injury_date)
    _not_before(errors, "核准日期", dates.approval_date, "工伤认定日期", dates.recognition_date)
    if dates.approved_from and dates.approved_to and dates.approved_from > dates.approved_to:
        errors.append(FieldError("核准期限", f"核准期限开始（{dates.approved_from}）晚于结束"
                                 f"（{dates.approved_to}）", "The approved period ends before it starts",
                                 key="approval_period"))
    _not_before(errors, "核准期限", dates.approved_from, "受伤日期", dates.injury_date)
    _not_before(errors, "入院日期", dates.admission_date, "受伤日期", dates.injury_date)
    _not_before(errors, "入院日期", dates.admission_date, "核准日期", dates.approval_date)
    field, key = dates.session_field, dates.session_key
    for day in dates.session_dates:
        if day > today:
            errors.append(FieldError(field, f"{field}（{day}）不能晚于今天（{today}）",
                                     f"{field} ({day}) cannot be in the future", key=key))
        _not_before(errors, field, day, "受伤日期", dates.injury_date, key)
        _not_before(errors, field, day, "入院日期", dates.admission_date, key)
        if dates.discharge_date is not None and day > dates.discharge_date:
            errors.append(FieldError(field, f"{field}（{day}）不能晚于出院日期（{dates.discharge_date}）",
                                     f"{field} ({day}) cannot be after the discharge date "
                                     f"({dates.discharge_date})", key=key))
    _not_before(errors, "出院日期", dates.discharge_date, "入院日期", dates.admission_date)
    return errors


def merge_periods(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Join periods that overlap or follow each other without a gap (an approval and its
    extension make one continuous period)."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def periods_cover(periods: list[tuple[date, date]], start: date, end: date) -> bool:
    """Whether ``start``–``end`` lies wholly inside the (merged) periods."""
    return any(a <= start and end <= b for a, b in merge_periods(periods))
