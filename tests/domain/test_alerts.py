"""Worklist alerts decided from plain facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop_app.domain.alerts import CaseFacts, ItemCount, PrescriptionCount, case_alerts

TODAY = date(2026, 6, 1)
BASE = CaseFacts(1, "GS2026-000001", "张三", "admitted", "draft", admission_date=TODAY,
                 approved_until=TODAY + timedelta(days=60))


def kinds(facts: CaseFacts, after: int = 30) -> list[str]:
    return [a.kind for a in case_alerts(facts, TODAY, after)]


@pytest.mark.parametrize(("days_left", "expected", "levels"), [
    (15, [], []), (14, ["period_ends_14"], ["notice"]), (8, ["period_ends_14"], ["notice"]),
    (7, ["period_ends_7"], ["warning"]), (0, ["period_ends_7"], ["warning"]),
    (-1, ["period_ended"], ["urgent"]),
])
def test_the_approved_period_is_announced_14_and_7_days_ahead(days_left: int, expected: list[str],
                                                             levels: list[str]) -> None:
    """14 days ahead a notice, 7 days ahead a warning, once over urgent."""
    facts = replace(BASE, approved_until=TODAY + timedelta(days=days_left))
    assert kinds(facts) == expected
    assert [a.severity for a in case_alerts(facts, TODAY, 30)] == levels
    assert all(a.on == facts.approved_until for a in case_alerts(facts, TODAY, 30))


def test_a_closed_case_has_no_period_alert() -> None:
    facts = replace(BASE, status="discharged", record_state="archived",
                    approved_until=TODAY - timedelta(days=3))
    assert kinds(facts) == []


def test_the_mid_assessment_falls_due_after_the_setting_unless_done() -> None:
    admitted = replace(BASE, admission_date=TODAY - timedelta(days=30))
    assert kinds(admitted) == ["mid_assessment_due"]
    assert kinds(admitted, after=31) == []
    assert kinds(replace(admitted, phases_assessed=frozenset({"pre", "mid"}))) == []


def test_counts_near_used_up_and_beyond_the_approved_count() -> None:
    counts = (ItemCount("A", "运动疗法", 7, 10), ItemCount("B", "作业疗法", 8, 10),
              ItemCount("C", "物理治疗", 11, 10), ItemCount("D", "言语训练", 50, None),
              ItemCount("E", "手功能训练", 10, 10))
    alerts = case_alerts(replace(BASE, counts=counts), TODAY, 30)
    assert [(a.kind, a.severity) for a in alerts] == [("count_exceeded", "urgent"),
                                                     ("count_used_up", "urgent"),
                                                     ("count_near", "warning")]
    assert "物理治疗" in alerts[0].zh and "11" in alerts[0].zh and "10" in alerts[0].zh
    assert "核准次数已用完" in alerts[1].zh and "used up" in alerts[1].en


def test_unsigned_sessions_and_unarchived_discharges_are_listed() -> None:
    assert kinds(replace(BASE, unsigned_sessions=3)) == ["unsigned_sessions"]
    discharged = replace(BASE, status="discharged", unsigned_sessions=1)
    assert kinds(discharged) == ["unsigned_sessions", "not_archived"]
    assert kinds(replace(discharged, record_state="sealed", unsigned_sessions=0)) == []


def test_most_severe_first() -> None:
    facts = replace(BASE, approved_until=TODAY - timedelta(days=1), unsigned_sessions=2,
                    admission_date=TODAY - timedelta(days=40))
    assert [a.severity for a in case_alerts(facts, TODAY, 30)] == ["urgent", "warning", "warning"]
    # within a level the earliest day first: the mid assessment (due on day 30) before the
    # signatures, which have no day
    assert [a.kind for a in case_alerts(facts, TODAY, 30)] == ["period_ended", "mid_assessment_due",
                                                              "unsigned_sessions"]


LUZHOU_BASES = {"plan_count": ("泸州第三十二条第（一）项", "Luzhou Art. 32(1)"),
                "idle_bed": ("泸州第二十九条", "Luzhou Art. 29")}


@pytest.mark.parametrize(("done", "expected"), [
    (7, []), (8, ["plan_count_near"]), (10, ["plan_count_at"]), (11, ["plan_count_beyond"]),
])
def test_the_plans_count_is_flagged_near_at_and_beyond(done: int, expected: list[str]) -> None:
    facts = replace(BASE, counts=(ItemCount("X", "运动疗法", done, None, 10),),
                    bases=LUZHOU_BASES)
    alerts = case_alerts(facts, TODAY, 30)
    assert [a.kind for a in alerts] == expected
    if expected:
        assert f"已做 {done}/10 次" in alerts[0].zh and "泸州第三十二条第（一）项" in alerts[0].zh
        assert "Luzhou Art. 32(1)" in alerts[0].en


@pytest.mark.parametrize(("done", "expected", "severity"), [
    (3, [], None), (4, ["prescription_count_near"], "warning"),
    (5, ["prescription_count_at"], "urgent"), (6, ["prescription_count_beyond"], "urgent"),
])
def test_each_prescriptions_count_is_flagged(done: int, expected: list[str],
                                             severity: str | None) -> None:
    facts = replace(BASE, prescriptions=(PrescriptionCount(7, "运动疗法", done, 5),))
    alerts = case_alerts(facts, TODAY, 30)
    assert [a.kind for a in alerts] == expected
    assert [a.severity for a in alerts] == ([severity] if severity else [])
    if expected:
        assert "处方 #7" in alerts[0].zh


def test_idle_bed_days_are_an_alert_citing_the_pack() -> None:
    days = tuple(TODAY - timedelta(days=n) for n in range(7, 0, -1))
    facts = replace(BASE, idle_bed_days=days, bases=LUZHOU_BASES)
    [alert] = case_alerts(facts, TODAY, 30)
    assert alert.kind == "idle_bed" and alert.severity == "warning"
    assert alert.zh.startswith("7 个住院日无治疗、未请假（挂床）") and "等" in alert.zh
    assert "泸州第二十九条" in alert.zh and "Luzhou Art. 29" in alert.en
    assert str(days[0]) in alert.zh and str(days[-1]) not in alert.zh  # the first five named
    assert "idle_bed" not in {a.kind for a in case_alerts(replace(facts, status="discharged"),
                                                         TODAY, 30)}
