"""domain.rules.limits on plain rows: every limit a session can break, and the overlap index."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from desktop_app.domain.rules.limits import (
    CaseLimits,
    ItemLimits,
    SessionRow,
    indication_mismatch,
    judge,
    share_warning,
)

DAY = datetime(2026, 5, 4, 9, 0)


def row(n: int, *, hour: float = 0, minutes: int = 30, code: str = "RUN", count: int = 1,
        therapist: int = 1, day: int = 0) -> SessionRow:
    start = DAY + timedelta(days=day, hours=hour)
    return SessionRow(n, code, start, start + timedelta(minutes=minutes), count, therapist)


def broken(rows: list[SessionRow], limits: CaseLimits, **others: list[SessionRow]) -> dict[int, set[str]]:
    return {k: set(v.broken) for k, v in judge(rows, limits, **others).items()}


@pytest.mark.parametrize(("item", "key"), [
    (ItemLimits(approved=2), "over_approved_count"),
    (ItemLimits(planned=2), "beyond_plan"),
    (ItemLimits(max_per_course=2), "max_per_course"),
])
def test_a_running_count_passes_its_limit_at_the_third_session(item: ItemLimits, key: str) -> None:
    rows = [row(n, day=n) for n in (1, 2, 3)]
    assert broken(rows, CaseLimits({"RUN": item})) == {1: set(), 2: set(), 3: {key}}


def test_the_day_count_restarts_each_day_and_counts_a_session_s_count() -> None:
    limits = CaseLimits({"RUN": ItemLimits(max_per_day=2)})
    rows = [row(1, count=2), row(2, hour=2), row(3, day=1, count=2)]
    assert broken(rows, limits) == {1: set(), 2: {"max_per_day"}, 3: set()}


def test_a_back_dated_session_counted_last_never_pushes_stored_ones_beyond() -> None:
    limits = CaseLimits({"RUN": ItemLimits(planned=2)})
    rows = [row(1, day=2), row(2, day=3), row(0, day=1)]
    assert broken(rows, limits)[2] == {"beyond_plan"}  # in time order the stored one breaks
    judged = judge(rows, limits, counted_last=0)
    assert judged[0].beyond_plan and not judged[1].broken and not judged[2].broken


def test_structured_indication_by_category_and_body_part_free_text_is_not_enforced() -> None:
    assert indication_mismatch("病种=WI01,WI03", "WI05", ["右髋"])
    assert not indication_mismatch("病种=WI01,WI05", "WI05", ["右髋"])
    assert indication_mismatch("部位=手,腕", "WI07", ["右髋"])
    assert not indication_mismatch("病种=WI07；部位=手", "WI07", ["右手"])
    assert not indication_mismatch("限器质性病变导致的肌力障碍", "WI05", ["右髋"])


def test_overlaps_the_patient_the_therapist_and_across_midnight() -> None:
    limits = CaseLimits({})
    same_case = broken([row(1), row(2, hour=0.25, therapist=2)], limits)
    assert same_case == {1: {"patient_overlap"}, 2: {"patient_overlap"}}
    busy = broken([row(1)], limits, other_cases=[row(9, hour=0.25)])
    assert busy == {1: {"therapist_overlap"}}
    elsewhere = broken([row(1)], limits, same_worker=[row(9, hour=0.25, therapist=3)])
    assert elsewhere == {1: {"patient_overlap"}}
    late = SessionRow(5, "RUN", datetime(2026, 5, 4, 23, 50), datetime(2026, 5, 5, 0, 20), 1, 1)
    early = SessionRow(6, "RUN", datetime(2026, 5, 5, 0, 10), datetime(2026, 5, 5, 0, 40), 1, 1)
    assert broken([late, early], limits) == {5: {"patient_overlap", "therapist_overlap"},
                                             6: {"patient_overlap", "therapist_overlap"}}
    assert broken([row(1), row(2, hour=0.5)], limits) == {1: set(), 2: set()}  # end == start


def test_leave_and_opening_hours() -> None:
    limits = CaseLimits({}, leave=((date(2026, 5, 4), date(2026, 5, 4)),),
                        opening_hours=(time(8, 0), time(18, 0)))
    assert broken([row(1), row(2, day=1, hour=9)], limits) == {1: {"on_leave"}, 2: {"outside_hours"}}


@pytest.mark.parametrize(("done", "limit", "expected"), [
    (7, 10, None), (8, 10, "near"), (10, 10, "at"), (11, 10, "beyond"), (3, None, None)])
def test_share_warning_from_80_percent(done: int, limit: int | None, expected: str | None) -> None:
    assert share_warning(done, limit) == expected
