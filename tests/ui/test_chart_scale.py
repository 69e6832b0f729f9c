"""The score chart's plotting maths: round ticks, day ticks, values to pixels."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.ui.clinical.chart_scale import date_axis, nice_step, tick_label, to_pixel, value_axis


@pytest.mark.parametrize(("low", "high", "ticks"), [
    (0, 100, (0, 20, 40, 60, 80, 100)),
    (40, 85, (40, 50, 60, 70, 80, 90)),
    (3, 15, (0, 5, 10, 15)),
    (0.1, 0.35, (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)),
    (85, 40, (40, 50, 60, 70, 80, 90)),  # given the wrong way round
])
def test_value_axis_starts_and_ends_on_round_ticks(low: float, high: float,
                                                   ticks: tuple[float, ...]) -> None:
    axis = value_axis(low, high)
    assert axis.ticks == ticks
    assert (axis.low, axis.high) == (ticks[0], ticks[-1])
    assert len(axis.ticks) <= 6


def test_a_single_value_gets_a_span_and_fractions_map_linearly() -> None:
    axis = value_axis(50, 50)
    assert axis.low == 50 and axis.high == 51 and axis.ticks[0] == 50 and axis.ticks[-1] == 51
    full = value_axis(0, 100)
    assert full.fraction(25) == 0.25
    assert to_pixel(full.fraction(25), 300, 100) == 250  # y grows downwards
    assert to_pixel(0.5, 10, 110) == 60


def test_nice_steps() -> None:
    assert [nice_step(span, 6) for span in (1, 7, 12, 45, 100, 226)] == [0.2, 2, 5, 10, 20, 50]
    assert nice_step(0, 6) == 1
    assert [tick_label(v) for v in (20.0, 0.15, 3)] == ["20", "0.15", "3"]


def test_date_axis_steps_in_days_from_the_first_assessment() -> None:
    axis = date_axis(date(2026, 4, 3), date(2026, 5, 20))  # 47 days
    assert axis.ticks == (date(2026, 4, 3), date(2026, 4, 17), date(2026, 5, 1), date(2026, 5, 15),
                          date(2026, 5, 29))
    assert axis.first == date(2026, 4, 3) and axis.last == date(2026, 5, 29)
    assert axis.fraction(date(2026, 4, 3)) == 0 and axis.fraction(date(2026, 5, 29)) == 1
    week = date_axis(date(2026, 4, 3), date(2026, 4, 6))
    assert week.ticks == tuple(date(2026, 4, d) for d in (3, 4, 5, 6))


def test_one_day_gets_a_day_either_side() -> None:
    axis = date_axis(date(2026, 4, 3), date(2026, 4, 3))
    assert axis.ticks == (date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 4))
    assert axis.fraction(date(2026, 4, 3)) == 0.5
