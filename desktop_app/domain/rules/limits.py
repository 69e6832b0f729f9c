"""The limits a session can break, judged from plain rows (no database).

The same judgement serves the moment a session is recorded (``services.rules.session_limits``
warns or refuses) and the claim (``services.claims`` keeps what broke a limit off the
fund), so the two never disagree:

* counts: the approved count, the plan's count, the catalogue's ``max_per_course`` —
  running totals in time order; a session whose total passes a limit is beyond it
  (the whole session: a line is never split);
* the catalogue's ``max_per_day`` (the day's total of the item) and ``indication``;
* conflicts (串换 / 虚构 records): the same therapist or the same patient in two
  overlapping sessions, a session on a day the inpatient was on leave, or outside the
  institution's opening hours.

The indication is enforced when the catalogue states it in the structured form
``病种=WI01,WI03`` and/or ``部位=手,腕`` (separated by ``;``); free text is shown to the user
as a reminder but cannot be checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

COUNT_WARNING_SHARE = 0.8  # warn at 80 % of a count, and again at the limit
CONFLICTS = ("therapist_overlap", "patient_overlap", "on_leave", "outside_hours")
CATALOGUE_LIMITS = ("max_per_day", "max_per_course", "indication")
LIMIT_LABELS: Mapping[str, tuple[str, str]] = {
    "over_approved_count": ("超出核准次数", "beyond the approved count"),
    "beyond_plan": ("超出方案次数", "beyond the plan's count"),
    "over_prescription": ("超出处方次数", "beyond the prescription's count"),
    "max_per_day": ("超出目录每日限次", "beyond the catalogue's daily count"),
    "max_per_course": ("超出目录疗程限次", "beyond the catalogue's per-course count"),
    "indication": ("不符合目录适应症", "outside the catalogue's indication"),
    "therapist_overlap": ("治疗师同一时段另有治疗", "the therapist has an overlapping session"),
    "patient_overlap": ("患者同一时段另有治疗", "the patient has an overlapping session"),
    "on_leave": ("患者当日请假", "the inpatient was on leave that day"),
    "outside_hours": ("不在机构开放时间内", "outside the institution's opening hours"),
}


@dataclass(frozen=True)
class SessionRow:
    id: int
    national_code: str
    started_at: datetime  # local (China) time
    ended_at: datetime
    count: int
    therapist_id: int


@dataclass(frozen=True)
class ItemLimits:
    """What limits one item's sessions in a case (None: no limit)."""

    approved: int | None = None
    planned: int | None = None
    max_per_day: int | None = None
    max_per_course: int | None = None
    indication: str = ""


@dataclass(frozen=True)
class CaseLimits:
    items: Mapping[str, ItemLimits]
    leave: tuple[tuple[date, date], ...] = ()
    opening_hours: tuple[time, time] | None = None
    disease_category: str = ""
    injured_body_parts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Judgement:
    """The limits one session broke (empty: none)."""

    broken: frozenset[str] = frozenset()

    @property
    def beyond_plan(self) -> bool:
        return "beyond_plan" in self.broken

    @property
    def over_approved_count(self) -> bool:
        return "over_approved_count" in self.broken

    @property
    def catalogue_limit(self) -> str | None:
        return next((k for k in CATALOGUE_LIMITS if k in self.broken), None)

    @property
    def conflict(self) -> str | None:
        return next((k for k in CONFLICTS if k in self.broken), None)


@dataclass
class _Running:
    done: dict[str, int] = field(default_factory=dict)
    per_day: dict[tuple[str, date], int] = field(default_factory=dict)


def indication_mismatch(indication: str, disease_category: str,
                        body_parts: Iterable[str]) -> bool:
    """Whether a structured indication (``病种=…;部位=…``) excludes the case."""
    parts = dict(_pairs(indication))
    categories = parts.get("病种")
    if categories is not None and disease_category not in categories:
        return True
    sites = parts.get("部位")
    if sites is not None:
        treated = set(body_parts)
        return not any(site in part for site in sites for part in treated)
    return False


def structured_indication(indication: str) -> bool:
    """Whether the catalogue states the indication in the checkable form (else it is a
    reminder for the user only)."""
    return any(True for _ in _pairs(indication))


def _pairs(indication: str) -> Iterable[tuple[str, set[str]]]:
    for chunk in re.split(r"[;；]", indication or ""):
        key, sep, values = chunk.partition("=")
        if sep and key.strip() in ("病种", "部位"):
            yield key.strip(), {v.strip() for v in re.split(r"[,，、|]", values) if v.strip()}


def overlapping(a: SessionRow, b: SessionRow) -> bool:
    return a.id != b.id and a.started_at < b.ended_at and b.started_at < a.ended_at


def on_leave(day: date, leave: Iterable[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in leave)


def outside_hours(row: SessionRow, hours: tuple[time, time] | None) -> bool:
    if hours is None:
        return False
    opens, closes = hours
    return row.started_at.time() < opens or row.ended_at.time() > closes or (
        row.ended_at.date() != row.started_at.date())


def judge(rows: Iterable[SessionRow], limits: CaseLimits,
          other_cases: Iterable[SessionRow] = (),
          same_worker: Iterable[SessionRow] = (),
          counted_last: int | None = None) -> dict[int, Judgement]:
    """Every session of a case judged in time order. ``other_cases``: sessions of other
    cases (the therapist's other patients); ``same_worker``: those of the same worker's
    other cases (the patient cannot be in two places). ``counted_last``: a session about
    to be recorded is counted after every stored one, even when it is back-dated, so the
    sessions already recorded never become beyond a count without anyone being told."""
    ordered = sorted(rows, key=lambda r: (r.id == counted_last, r.started_at, r.id))
    patient = _DayIndex([*ordered, *same_worker])
    everyone = _DayIndex([*other_cases, *ordered, *same_worker])
    running = _Running()
    return {row.id: Judgement(frozenset(_broken(row, everyone, patient, limits, running)))
            for row in ordered}


class _DayIndex:
    """Sessions by each local day they touch, so an overlap is looked for among the same
    day's sessions only (a long case has thousands; a day has a handful)."""

    def __init__(self, rows: Iterable[SessionRow]) -> None:
        self._days: dict[date, list[SessionRow]] = {}
        for row in rows:
            for day in days_of(row):
                self._days.setdefault(day, []).append(row)

    def overlapping(self, row: SessionRow) -> Iterable[SessionRow]:
        seen: set[int] = set()
        for day in days_of(row):
            for other in self._days.get(day, ()):
                if id(other) not in seen and overlapping(row, other):
                    seen.add(id(other))
                    yield other


def days_of(row: SessionRow) -> list[date]:
    """The local days a session touches (two when it runs past midnight)."""
    first, last = row.started_at.date(), row.ended_at.date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _broken(row: SessionRow, everyone: _DayIndex, patient: _DayIndex,
            limits: CaseLimits, running: _Running) -> set[str]:
    broken: set[str] = set()
    item = limits.items.get(row.national_code, ItemLimits())
    total = running.done.get(row.national_code, 0) + row.count
    running.done[row.national_code] = total
    day_key = (row.national_code, row.started_at.date())
    day_total = running.per_day.get(day_key, 0) + row.count
    running.per_day[day_key] = day_total
    for limit, name in ((item.approved, "over_approved_count"), (item.planned, "beyond_plan"),
                        (item.max_per_course, "max_per_course")):
        if limit is not None and total > limit:
            broken.add(name)
    if item.max_per_day is not None and day_total > item.max_per_day:
        broken.add("max_per_day")
    if item.indication and indication_mismatch(item.indication, limits.disease_category,
                                               limits.injured_body_parts):
        broken.add("indication")
    if any(True for _other in patient.overlapping(row)):
        broken.add("patient_overlap")
    if any(other.therapist_id == row.therapist_id for other in everyone.overlapping(row)):
        broken.add("therapist_overlap")
    if on_leave(row.started_at.date(), limits.leave):
        broken.add("on_leave")
    if outside_hours(row, limits.opening_hours):
        broken.add("outside_hours")
    return broken


def share_warning(done: int, limit: int | None) -> str | None:
    """"near" from 80 % of a count, "at" at it, "beyond" past it, else None."""
    if limit is None or limit <= 0:
        return None
    if done > limit:
        return "beyond"
    if done == limit:
        return "at"
    if done >= COUNT_WARNING_SHARE * limit:
        return "near"
    return None


def idle_days(first: date, last: date, session_days: Iterable[date],
              leave: Iterable[tuple[date, date]], rest_weekdays: Iterable[int]) -> list[date]:
    """The days ``first``..``last`` with no session, not on leave and not a rest weekday:
    an inpatient day the fund pays a bed for with nothing done (挂床, Beijing Art. 13)."""
    done = set(session_days)
    periods = tuple(leave)
    rest = set(rest_weekdays)
    found = []
    day = first
    while day <= last:
        if day not in done and day.isoweekday() not in rest and not on_leave(day, periods):
            found.append(day)
        day += timedelta(days=1)
    return found
