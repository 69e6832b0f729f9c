"""The pure rules of a therapist's speed (issue 20): how full a prescription is, the
parameters' checks, and the back-to-back slots of several items."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop_app.clock import CHINA
from desktop_app.domain.session_params import (
    FULL,
    NEAR,
    OK,
    SessionParameters,
    back_to_back,
    count_level,
    count_marker,
    count_word,
    describe,
    parameter_errors,
)


@pytest.mark.parametrize(("used", "approved", "level"), [
    (0, 40, OK), (31, 40, OK), (32, 40, NEAR), (39, 40, NEAR), (40, 40, FULL), (63, 40, FULL),
    (3, 4, OK), (4, 5, NEAR), (7, 9, OK), (8, 10, NEAR), (0, 0, OK), (1, 0, FULL)])
def test_the_level_turns_at_80_and_100_percent(used: int, approved: int, level: str) -> None:
    assert count_level(used, approved) == level


def test_the_level_is_said_in_words_too() -> None:
    assert count_marker(12, 40) == ("", "")
    assert count_marker(33, 40) == ("将满，剩 7 次", "nearly full, 7 left")
    assert count_marker(40, 40) == ("已满", "full")
    assert count_marker(63, 40) == ("已满，超 23 次", "full, 23 over")
    assert [count_word(u, 40) for u in (1, 32, 40, 43)] == ["", "将满", "已满", "超 3 次"]


def test_parameters_are_checked_and_described() -> None:
    start = datetime(2026, 12, 5, 9, tzinfo=CHINA)
    fine = SessionParameters(30, " 中等 ", "", "none", "  ").cleaned()
    assert fine == SessionParameters(30, "中等", None, "none", None)
    assert parameter_errors(fine, start, start + timedelta(minutes=30)) == []
    assert [e.key for e in parameter_errors(fine, start, start + timedelta(minutes=29))] == \
        ["duration_minutes"]
    assert [e.key for e in parameter_errors(SessionParameters(240), None, None)] == []
    assert [e.key for e in parameter_errors(SessionParameters(body_part="膝" * 101))] == ["body_part"]
    assert SessionParameters().empty and not fine.empty
    assert describe(fine) == "30 分钟；中等；无不良反应"
    assert describe(SessionParameters()) == ""


def test_several_items_lie_back_to_back() -> None:
    start = datetime(2026, 12, 5, 8, 15, tzinfo=CHINA)
    assert [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in back_to_back(start, [20, 25, 30])] == [
        ("08:15", "08:35"), ("08:35", "09:00"), ("09:00", "09:30")]
