"""Cost monitoring at home: the warnings the agency's monitoring would raise (Beijing Art. 18
费用监测与预警, Baotou Art. 18, Shandong 四(十) 智能审核), raised first by the institution over
its own figures, each naming the cases behind it (``docs/statistics.md``).

* **cost per case far above the category's median**: a case discharged in the period whose
  total cost is more than ``COST_FACTOR`` (2×) the median cost per discharged case of its
  disease category in the same period; only categories with at least ``MIN_CASES`` (3)
  discharged cases are judged (a median of one or two cases says nothing);
* **sessions per day above the catalogue's limit**: an item given more units on one day than
  the catalogue's ``max_per_day`` — judged by ``domain.rules.limits.judge``, the gate's own
  judgement;
* **a long stay without measured improvement**: a case discharged in the period whose length
  of stay is above the 90th percentile of its category (same period, at least ``MIN_CASES``)
  and on which no instrument reached its minimal difference (``domain.outcome``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from desktop_app.domain.rules.limits import CaseLimits, ItemLimits, judge
from desktop_app.domain.rules.limits import SessionRow as LimitSession
from desktop_app.domain.statistics.indicators import (
    CASES,
    NO_FILTERS,
    cost_per_case,
    discharged,
    improved_cases,
    in_period,
    median,
    percentile,
    selected,
)
from desktop_app.domain.statistics.report import Figure, Filters, Period
from desktop_app.domain.statistics.rows import DailyCountRow, StatsRows

COST_FACTOR = 2.0
MIN_CASES = 3
LONG_STAY_SHARE = 0.9


def cost_outliers(rows: StatsRows, period: Period, filters: Filters = NO_FILTERS,
                  factor: float = COST_FACTOR, min_cases: int = MIN_CASES) -> list[int]:
    """Discharged cases costing more than ``factor`` × their category's median."""
    gone = discharged(selected(rows, filters), period)
    totals = cost_per_case(rows.costs, (c.case_id for c in gone))
    by_category: dict[str, list[int]] = defaultdict(list)
    for c in gone:
        by_category[c.category].append(c.case_id)
    found: list[int] = []
    for chosen in by_category.values():
        if len(chosen) < min_cases:
            continue
        middle = median([float(totals[i]) for i in chosen])
        assert middle is not None
        found += [i for i in chosen if float(totals[i]) > factor * middle]
    return sorted(found)


def over_daily_limit(rows: StatsRows, period: Period, filters: Filters = NO_FILTERS) -> list[int]:
    """Cases with an item given beyond the catalogue's daily count on a day of the period."""
    cases = selected(rows, filters)
    by_case: dict[int, list[DailyCountRow]] = defaultdict(list)
    for row in rows.daily_counts:
        if row.case_id in cases and in_period(row.day, period):
            by_case[row.case_id].append(row)
    found = []
    for case_id, counts in by_case.items():
        # One row per item and day (the day's units added up), so only the daily count can
        # break; the gate's judgement decides.
        judged = [LimitSession(n, r.national_code, datetime.combine(r.day, time(8)),
                               datetime.combine(r.day, time(8)), r.count, 0)
                  for n, r in enumerate(counts, start=1)]
        limits = CaseLimits(items={r.national_code: ItemLimits(max_per_day=r.max_per_day) for r in counts})
        if any("max_per_day" in j.broken for j in judge(judged, limits).values()):
            found.append(case_id)
    return sorted(found)


def long_stays_without_improvement(rows: StatsRows, period: Period, filters: Filters = NO_FILTERS,
                                   min_cases: int = MIN_CASES) -> list[int]:
    """Discharged cases staying longer than their category's P90 with no instrument
    reaching its minimal difference."""
    gone = [c for c in discharged(selected(rows, filters), period) if c.length_of_stay]
    improved = improved_cases(rows, (c.case_id for c in gone))
    by_category: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in gone:
        by_category[c.category].append((c.case_id, c.length_of_stay or 0))
    found: list[int] = []
    for stays in by_category.values():
        if len(stays) < min_cases:
            continue
        p90 = percentile([float(v) for _, v in stays], LONG_STAY_SHARE)
        assert p90 is not None
        found += [i for i, v in stays if v > p90 and i not in improved]
    return sorted(found)


def warnings(rows: StatsRows, period: Period, filters: Filters = NO_FILTERS,
             factor: float = COST_FACTOR) -> tuple[Figure, ...]:
    """The three warnings of the period, each with last year's count beside it."""
    before = period.last_year()
    specs = (
        ("warning_cost_outlier", f"次均费用超过本病种中位数 {factor:g} 倍的病例",
         f"cases costing more than {factor:g}× their category's median",
         lambda p: cost_outliers(rows, p, filters, factor)),
        ("warning_daily_limit", "单日治疗次数超出目录限次的病例", "cases beyond the catalogue's daily count",
         lambda p: over_daily_limit(rows, p, filters)),
        ("warning_long_stay", "住院天数超过本病种第90百分位且无可测改善的病例",
         "stays beyond their category's 90th percentile without measured improvement",
         lambda p: long_stays_without_improvement(rows, p, filters)),
    )
    out = []
    for key, zh, en, find in specs:
        now, then = find(period), find(before)
        out.append(Figure(key, zh, en, len(now), CASES[0], CASES[1], len(then), tuple(now)))
    return tuple(out)
