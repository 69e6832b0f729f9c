"""The plotting maths of the score chart: axes with round ticks, dates on a day scale, the
linear map from values to pixels, and totals as percentages of their instrument's range.
Plain Python (no Qt), so it is tested on its own."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

NICE_STEPS = (1, 2, 5)
DAY_STEPS = (1, 2, 3, 7, 14, 30, 61, 91, 182, 365)


@dataclass(frozen=True)
class Axis:
    """A value axis from ``low`` to ``high`` with ticks on round numbers."""

    low: float
    high: float
    ticks: tuple[float, ...]

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between low (0) and high (1)."""
        return (value - self.low) / (self.high - self.low)


def nice_step(span: float, max_ticks: int) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ step that cuts ``span`` into at most max_ticks − 1 parts."""
    if span <= 0:
        return 1.0
    raw = span / max(1, max_ticks - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (*NICE_STEPS, 10):
        if factor * magnitude >= raw - 1e-12:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def value_axis(low: float, high: float, max_ticks: int = 6) -> Axis:
    """An axis covering ``low``–``high`` that starts and ends on a tick."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    step = nice_step(high - low, max_ticks)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    count = round((end - start) / step)
    ticks = tuple(_clean(start + n * step) for n in range(count + 1))
    return Axis(_clean(start), _clean(end), ticks)


def _clean(value: float) -> float:
    return round(value, 9) + 0.0  # no -0.0 and no 0.30000000000000004


@dataclass(frozen=True)
class DateAxis:
    first: date
    last: date
    ticks: tuple[date, ...]

    def fraction(self, day: date) -> float:
        return (day - self.first).days / (self.last - self.first).days


def date_axis(first: date, last: date, max_ticks: int = 6) -> DateAxis:
    """Days ``first``–``last`` (a single day gets a day either side), ticks every 1, 2, 3,
    7, 14, 30… days from the first, the axis ending on the tick after ``last``."""
    if last < first:
        first, last = last, first
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    step = next((s for s in DAY_STEPS if span / s <= max(1, max_ticks - 1)), DAY_STEPS[-1])
    count = math.ceil(span / step)
    ticks = tuple(first + timedelta(days=n * step) for n in range(count + 1))
    return DateAxis(first, ticks[-1], ticks)


def to_pixel(fraction: float, start: float, end: float) -> float:
    """``fraction`` 0…1 of the way from pixel ``start`` to pixel ``end`` (end < start for y)."""
    return start + fraction * (end - start)


def tick_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def percent_of_range(value: float, low: float, high: float) -> float:
    """``value`` as a percentage of the instrument's range ``low``–``high`` (low = 0 %,
    high = 100 %), so instruments of different ranges (BI 0–100, BBS 0–56, GCS 3–15) share
    one axis without the smaller range looking worse."""
    if high <= low:
        return 0.0
    return _clean((value - low) / (high - low) * 100)


def needs_percent(ranges: Sequence[tuple[float, float]]) -> bool:
    """Plot as percentages of range: the series' ranges differ (one range: raw totals)."""
    return len(set(ranges)) > 1
