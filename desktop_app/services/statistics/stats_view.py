# STAND-IN: replaced by the stats helper's module at merge.
"""A small stand-in for the statistics service, so the statistics screen works end to end on
a real archive while the real indicators are written elsewhere (issue 18). It keeps only the
two entry points the screen calls, with their final signatures:

- ``statistics_report(session, period, filters, progress)`` → ``StatisticsReport``;
- ``case_rows_for(session, case_ids)`` → ``list[DrillRow]`` (the drill-down list).

Its figures are a few plain queries: cases admitted and discharged, mean length of stay and
cost of the cases discharged, each with the case ids behind it, and a trend by month, a
distribution of the length of stay and a comparison by stage with last year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import FeeLine, Injury, RehabCase, Worker
from desktop_app.domain.statistics.report import Figure, Filters, Group, Period, Series, StatisticsReport
from desktop_app.domain.vocabulary import STAGE_ZH, STAGES

ProgressFn = Callable[[int, int], None]
LOS_BUCKETS = ((0, 14, "≤14"), (15, 30, "15–30"), (31, 60, "31–60"), (61, 90, "61–90"),
               (91, 10**6, ">90"))


@dataclass(frozen=True)
class DrillRow:
    """One case behind a figure, as the drill-down lists it."""

    case_id: int
    case_number: str
    name: str
    stage: str
    setting: str
    admission: date | None
    discharge: date | None
    length_of_stay: int | None  # days, discharge − admission
    cost: Decimal  # the case's fee lines, reversals included


@dataclass(frozen=True)
class _Case:
    id: int
    stage: str
    admission: date | None
    discharge: date | None

    @property
    def los(self) -> int | None:
        if self.admission is None or self.discharge is None:
            return None
        return (self.discharge - self.admission).days


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.stage is not None:
        found.append(RehabCase.stage == filters.stage)
    if filters.setting is not None:
        found.append(RehabCase.setting == filters.setting)
    if filters.category is not None:
        found.append(Injury.disease_category == filters.category)
    return found


def _cases(session: Session, start: date, end: date, filters: Filters) -> list[_Case]:
    """The cases admitted or discharged between ``start`` and ``end`` (inclusive)."""
    query = (select(RehabCase.id, RehabCase.stage, RehabCase.admission_date, RehabCase.discharge_date)
             .join(Injury, Injury.id == RehabCase.injury_id)
             .where(((RehabCase.admission_date >= start) & (RehabCase.admission_date <= end))
                    | ((RehabCase.discharge_date >= start) & (RehabCase.discharge_date <= end)))
             .order_by(RehabCase.id))
    return [_Case(i, stage, admission, discharge)
            for i, stage, admission, discharge in session.execute(query.where(*_conditions(filters)))]


def _costs(session: Session, case_ids: list[int]) -> dict[int, Decimal]:
    if not case_ids:
        return {}
    rows = session.execute(select(FeeLine.case_id, func.sum(FeeLine.amount))
                           .where(FeeLine.case_id.in_(case_ids)).group_by(FeeLine.case_id))
    return {case_id: Decimal(total or 0) for case_id, total in rows}


def _within(day: date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


def _months(period: Period) -> list[int]:
    return list(range(period.start.month, period.end.month + 1))


def statistics_report(session: Session, period: Period, filters: Filters = Filters(),  # noqa: B008
                      progress: ProgressFn | None = None) -> StatisticsReport:
    report = progress or (lambda _done, _total: None)
    report(0, 3)
    last = period.last_year()
    now = _cases(session, period.start, period.end, filters)
    before = _cases(session, last.start, last.end, filters)
    report(1, 3)
    admitted = [c for c in now if _within(c.admission, period)]
    admitted_before = [c for c in before if _within(c.admission, last)]
    discharged = [c for c in now if _within(c.discharge, period)]
    discharged_before = [c for c in before if _within(c.discharge, last)]
    costs = _costs(session, [c.id for c in discharged + discharged_before])
    report(2, 3)

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    def mean_los(cases: list[_Case]) -> float | None:
        return mean([float(c.los) for c in cases if c.los is not None])

    def cost_per_case(cases: list[_Case]) -> Decimal | None:
        if not cases:
            return None
        return (sum((costs.get(c.id, Decimal(0)) for c in cases), Decimal(0))
                / len(cases)).quantize(Decimal("0.01"))

    def by_month(cases: list[_Case], year: int) -> tuple[tuple[str, int], ...]:
        counted = Counter(c.admission.month for c in cases if c.admission and c.admission.year == year)
        return tuple((f"{m}月", counted.get(m, 0)) for m in _months(period))

    def by_stage(cases: list[_Case]) -> tuple[tuple[str, int], ...]:
        counted = Counter(c.stage for c in cases)
        return tuple((STAGE_ZH[s], counted.get(s, 0)) for s in STAGES)

    def los_buckets(cases: list[_Case]) -> tuple[tuple[str, int], ...]:
        stays = [c.los for c in cases if c.los is not None]
        return tuple((label, sum(1 for s in stays if low <= s <= high)) for low, high, label in LOS_BUCKETS)

    def ids(cases: list[_Case]) -> tuple[int, ...]:
        return tuple(c.id for c in cases)

    volume = Group("volume", "收治", "Cases", (
        Figure("admitted", "入院病例数", "cases admitted", len(admitted), "例", "cases",
               len(admitted_before), ids(admitted)),
        Figure("discharged", "出院病例数", "cases discharged", len(discharged), "例", "cases",
               len(discharged_before), ids(discharged)),
    ), (
        Series("admitted_by_month", "每月入院病例数", "cases admitted by month", "trend",
               by_month(admitted, period.year), by_month(admitted_before, last.year)),
        Series("admitted_by_stage", "各分期入院病例数", "cases admitted by stage", "comparison",
               by_stage(admitted), by_stage(admitted_before)),
    ))
    with_stay = [c for c in discharged if c.los is not None]
    stay = Group("los", "住院日", "Length of stay", (
        Figure("los_mean", "平均住院日", "mean length of stay", mean_los(discharged), "天", "days",
               mean_los(discharged_before), ids(with_stay)),
    ), (
        Series("los_distribution", "住院日分布", "length of stay distribution", "distribution",
               los_buckets(discharged), los_buckets(discharged_before)),
    ))
    cost = Group("cost", "费用", "Costs", (
        Figure("cost_per_case", "例均费用", "cost per case", cost_per_case(discharged), "元", "yuan",
               cost_per_case(discharged_before), ids(discharged)),
    ))
    report(3, 3)
    return StatisticsReport(period, filters, (volume, stay, cost))


def case_rows_for(session: Session, case_ids: list[int] | tuple[int, ...]) -> list[DrillRow]:
    """The cases behind a figure, by case number."""
    if not case_ids:
        return []
    costs = _costs(session, list(case_ids))
    rows = session.execute(
        select(RehabCase.id, RehabCase.case_number, Worker.name, RehabCase.stage, RehabCase.setting,
               RehabCase.admission_date, RehabCase.discharge_date)
        .join(Worker, Worker.id == RehabCase.worker_id)
        .where(RehabCase.id.in_(list(case_ids))).order_by(RehabCase.case_number))
    return [DrillRow(case_id, number, name, stage, setting, admission, discharge,
                     (discharge - admission).days if admission and discharge else None,
                     costs.get(case_id, Decimal(0)))
            for case_id, number, name, stage, setting, admission, discharge in rows]
