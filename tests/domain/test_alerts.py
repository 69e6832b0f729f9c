"""Worklist alerts decided from plain facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop_app.domain.alerts import CaseFacts, ItemCount, case_alerts

TODAY = date(2026, 6, 1)
BASE = CaseFacts(1, "GS2026-000001", "张三", "admitted", "draft", admission_date=TODAY,
                 approved_until=TODAY + timedelta(days=60))


def kinds(facts: CaseFacts, after: int = 30) -> list[str]:
    return [a.kind for a in case_alerts(facts, TODAY, after)]


@pytest.mark.parametrize(("days_left", "expected"), [
    (15, []), (14, ["period_ends_14"]), (8, ["period_ends_14"]), (7, ["period_ends_7"]),
    (0, ["period_ends_7"]), (-1, ["period_ended"]),
])
def test_the_approved_period_is_announced_14_and_7_days_ahead(days_left: int,
                                                             expected: list[str]) -> None:
    facts = replace(BASE, approved_until=TODAY + timedelta(days=days_left))
    assert kinds(facts) == expected


def test_a_closed_case_has_no_period_alert() -> None:
    facts = replace(BASE, status="discharged", record_state="archived",
                    approved_until=TODAY - timedelta(days=3))
    assert kinds(facts) == []


def test_the_mid_assessment_falls_due_after_the_setting_unless_done() -> None:
    admitted = replace(BASE, admission_date=TODAY - timedelta(days=30))
    assert kinds(admitted) == ["mid_assessment_due"]
    assert kinds(admitted, after=31) == []
    assert kinds(replace(admitted, phases_assessed=frozenset({"pre", "mid"}))) == []


def test_counts_near_and_beyond_the_approved_count() -> None:
    counts = (ItemCount("A", "运动疗法", 7, 10), ItemCount("B", "作业疗法", 8, 10),
              ItemCount("C", "物理治疗", 11, 10), ItemCount("D", "言语训练", 50, None))
    alerts = case_alerts(replace(BASE, counts=counts), TODAY, 30)
    assert [(a.kind, a.severity) for a in alerts] == [("count_exceeded", "urgent"),
                                                     ("count_near", "notice")]
    assert "物理治疗" in alerts[0].zh and "11" in alerts[0].zh and "10" in alerts[0].zh


def test_unsigned_sessions_and_unarchived_discharges_are_listed() -> None:
    assert kinds(replace(BASE, unsigned_sessions=3)) == ["unsigned_sessions"]
    discharged = replace(BASE, status="discharged", unsigned_sessions=1)
    assert kinds(discharged) == ["unsigned_sessions", "not_archived"]
    assert kinds(replace(discharged, record_state="sealed", unsigned_sessions=0)) == []


def test_most_severe_first() -> None:
    facts = replace(BASE, approved_until=TODAY - timedelta(days=1), unsigned_sessions=2,
                    admission_date=TODAY - timedelta(days=40))
    assert [a.severity for a in case_alerts(facts, TODAY, 30)] == ["urgent", "warning", "warning"]
