"""The shape of a statistics report: what the service builds and the screen, the XLSX and
the PDF show. Plain values only, so every reader can be tested without a database.

Every figure carries the case ids behind it: the screen's drill-down lists those cases,
and a test can compare them with a hand count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Period:
    """A calendar year, one of its quarters (1–4) or one of its months (1–12)."""

    year: int
    quarter: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.month is not None:
            raise ValueError("a period is a year, a quarter or a month, not both")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} is not 1–4")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")

    @property
    def start(self) -> date:
        if self.month is not None:
            return date(self.year, self.month, 1)
        if self.quarter is not None:
            return date(self.year, 3 * self.quarter - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        if self.month is not None:
            last_month = self.month
        elif self.quarter is not None:
            last_month = 3 * self.quarter
        else:
            last_month = 12
        if last_month == 12:
            return date(self.year, 12, 31)
        return date.fromordinal(date(self.year, last_month + 1, 1).toordinal() - 1)

    def last_year(self) -> Period:
        return Period(self.year - 1, self.quarter, self.month)

    @property
    def label_zh(self) -> str:
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        if self.quarter is not None:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"

    @property
    def label_en(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year} Q{self.quarter}"
        return str(self.year)


@dataclass(frozen=True)
class Filters:
    """Narrow the cases counted (None: all)."""

    stage: str | None = None
    setting: str | None = None
    category: str | None = None  # disease category (domain.icd)
    therapist: int | None = None  # staff id: the cases they treated, and only their sessions
    therapist_name: str | None = None  # for the reader of an export; not counted on


@dataclass(frozen=True)
class Figure:
    """One number of the report, e.g. the mean length of stay."""

    key: str  # stable machine name, e.g. "los_mean" (XLSX field name)
    label_zh: str
    label_en: str
    value: Number | None  # None: nothing to count in the period
    unit_zh: str = ""  # 例 / 天 / 元 / % / 次
    unit_en: str = ""
    last_year: Number | None = None  # the same period a year before
    case_ids: tuple[int, ...] = ()  # the cases behind the figure (drill-down)


@dataclass(frozen=True)
class Series:
    """Points for a chart: a trend by month, a distribution, or a comparison."""

    key: str
    label_zh: str
    label_en: str
    kind: str  # "trend" | "distribution" | "comparison"
    points: tuple[tuple[str, Number], ...]  # (x label, y)
    last_year_points: tuple[tuple[str, Number], ...] = ()


@dataclass(frozen=True)
class Group:
    """Figures that belong together (volumes, length of stay, costs, outcomes…)."""

    key: str
    label_zh: str
    label_en: str
    figures: tuple[Figure, ...]
    series: tuple[Series, ...] = ()


@dataclass(frozen=True)
class StatisticsReport:
    period: Period
    filters: Filters
    groups: tuple[Group, ...]
    # Cost monitoring (the agency's warnings raised first at home): each a figure whose
    # case_ids are the cases it names.
    warnings: tuple[Figure, ...] = field(default=())
