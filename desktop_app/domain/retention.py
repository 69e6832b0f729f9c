"""How long records are kept (DOMAIN.md: records, signatures, retention).

Inpatient records at least 30 years from the last discharge, outpatient at least 15,
the work-injury rehabilitation archive at least 30 (Beijing Art. 11). A record is
kept for the longest rule that applies to it, counted from its closing date; the
institution may keep records longer, never shorter.
"""

from __future__ import annotations

from datetime import date, timedelta

MINIMUM_YEARS = {"inpatient": 30, "outpatient": 15, "work_injury_archive": 30}
ARCHIVE_MINIMUM_YEARS = 30  # every case here is part of a work-injury archive
DUE_WITHIN_DAYS = 365


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February when needed."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def retention_years(setting: str, institution_years: int | None = None) -> int:
    """The longest applicable rule: the setting's, the archive's, the institution's own."""
    setting_class = "inpatient" if setting == "inpatient" else "outpatient"
    return max(MINIMUM_YEARS[setting_class], ARCHIVE_MINIMUM_YEARS, institution_years or 0)


def retain_until(closing: date, years: int) -> date:
    if years < ARCHIVE_MINIMUM_YEARS:
        raise ValueError(f"retention below {ARCHIVE_MINIMUM_YEARS} years")
    return add_years(closing, years)


def status(until: date, legal_hold: bool, disposal_state: str, today: date) -> str:
    """held / destroyed / expired / due (within a year) / retained."""
    if disposal_state == "destroyed":
        return "destroyed"
    if legal_hold:
        return "held"
    if until < today:
        return "expired"
    if until <= today + timedelta(days=DUE_WITHIN_DAYS):
        return "due"
    return "retained"
