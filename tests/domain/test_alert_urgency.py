"""Alert urgency (紧急 / 注意 / 提示) and order, and the role homes' rules: a physician's due
assessments and plans, an administrator's system health."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop_app.domain.alerts import (
    NOTICE,
    OK,
    URGENT,
    WARNING,
    Alert,
    DueFacts,
    HealthFacts,
    by_urgency,
    health_alerts,
    physician_due,
)

TODAY = date(2026, 6, 1)


def alert(kind: str, severity: str, on: date | None = None, case_number: str = "GS2026-000001") -> Alert:
    return Alert(kind, severity, 1, case_number, "张三", kind, kind, on)


def test_most_urgent_first_then_the_earliest_day() -> None:
    found = [alert("n", NOTICE, TODAY), alert("w_late", WARNING, TODAY + timedelta(days=5)),
             alert("u_no_day", URGENT), alert("w_early", WARNING, TODAY - timedelta(days=2)),
             alert("u", URGENT, TODAY + timedelta(days=9)), alert("w_no_day", WARNING),
             alert("w_same_day_other_case", WARNING, TODAY - timedelta(days=2), "GS2026-000000")]
    assert [a.kind for a in by_urgency(found)] == [
        "u", "u_no_day", "w_same_day_other_case", "w_early", "w_late", "w_no_day", "n"]
    assert by_urgency([]) == []


def test_ok_lines_come_last() -> None:
    assert [a.severity for a in by_urgency([alert("a", OK), alert("b", NOTICE), alert("c", URGENT)])] == [
        URGENT, NOTICE, OK]


BASE = DueFacts(1, "GS2026-000001", "张三", "admitted", "draft", admission_date=TODAY - timedelta(days=3),
                approved_until=TODAY + timedelta(days=60), phases_assessed=frozenset({"pre"}),
                has_plan=True)


def due(facts: DueFacts, after: int = 30) -> list[tuple[str, str]]:
    return [(a.kind, a.severity) for a in physician_due(facts, TODAY, after)]


def test_nothing_due_in_a_case_in_order() -> None:
    assert due(BASE) == []


def test_the_pre_assessment_and_the_plan_are_due_after_admission() -> None:
    assert sorted(due(replace(BASE, phases_assessed=frozenset(), has_plan=False))) == [
        ("plan_missing", WARNING), ("pre_assessment_due", WARNING)]
    assert due(replace(BASE, plan_unsigned=True)) == [("plan_to_sign", WARNING)]
    assert due(replace(BASE, plan_patient_unsigned=True)) == [("plan_patient_sign", WARNING)]
    assert due(replace(BASE, prescriptions_unsigned=2)) == [("prescription_to_sign", WARNING)]


def test_the_mid_assessment_after_the_setting() -> None:
    long_stay = replace(BASE, admission_date=TODAY - timedelta(days=40))
    assert due(long_stay) == [("mid_assessment_due", WARNING)]
    assert due(replace(long_stay, phases_assessed=frozenset({"pre", "mid"}))) == []


@pytest.mark.parametrize(("left", "expected"), [
    (15, []),
    (14, [("extension_due", NOTICE)]),
    (7, [("extension_due", WARNING), ("post_assessment_due", WARNING)]),
    (-1, [("extension_overdue", URGENT), ("post_assessment_due", URGENT)]),
])
def test_the_period_end_asks_for_the_post_assessment_and_an_extension(
        left: int, expected: list[tuple[str, str]]) -> None:
    facts = replace(BASE, approved_until=TODAY + timedelta(days=left))
    assert sorted(due(facts)) == sorted(expected)
    assert due(replace(facts, phases_assessed=frozenset({"pre", "post"}))) == [
        e for e in due(facts) if not e[0].startswith("post")]


def test_a_discharged_case_without_post_assessment() -> None:
    gone = replace(BASE, status="discharged", discharge_date=TODAY - timedelta(days=2))
    assert due(gone) == [("post_assessment_missing", WARNING)]
    assert due(replace(gone, record_state="archived")) == []


HEALTHY = HealthFacts(last_backup_at=datetime(2026, 5, 31, 10, tzinfo=UTC),
                      last_verified_at=datetime(2026, 5, 20, 10, tzinfo=UTC), verified_mode="full",
                      events_since_verified=0, disk_free=50 << 30, disk_place="/srv/archive",
                      agreement_number="XY-1", agreement_valid_to=date(2027, 1, 1), late_signatures=0)


def levels(facts: HealthFacts) -> dict[str, str]:
    return {a.kind: a.severity for a in health_alerts(facts, TODAY)}


def test_a_healthy_system_is_all_ok() -> None:
    found = health_alerts(HEALTHY, TODAY)
    assert {a.severity for a in found} == {OK}
    texts = {a.kind: a.zh for a in found}
    assert texts["backup"] == "最近备份：2026-05-31（1 天前）"
    assert texts["verify"].startswith("最近校验：2026-05-20 完整校验通过")
    assert "50.0 GB" in texts["disk"] and "/srv/archive" in texts["disk"]
    assert "XY-1" in texts["agreement"] and "2027-01-01" in texts["agreement"]
    assert {a.opens for a in found if a.kind in ("backup", "verify", "agreement")} == {
        "backup", "verify", "institution"}
    assert all(a.case_id == 0 for a in found)


def test_each_check_raises_its_level() -> None:
    assert levels(replace(HEALTHY, last_backup_at=None))["backup"] == URGENT
    assert levels(replace(HEALTHY, last_backup_at=datetime(2026, 5, 20, tzinfo=UTC)))["backup"] == WARNING
    assert levels(replace(HEALTHY, last_backup_at=datetime(2026, 4, 1, tzinfo=UTC)))["backup"] == URGENT
    assert levels(replace(HEALTHY, last_verified_at=None, verified_mode=None))["verify"] == WARNING
    assert levels(replace(HEALTHY, disk_free=3 << 30))["disk"] == WARNING
    assert levels(replace(HEALTHY, disk_free=1 << 20))["disk"] == URGENT
    assert levels(replace(HEALTHY, disk_free=None))["disk"] == NOTICE
    assert levels(replace(HEALTHY, agreement_valid_to=date(2026, 8, 1)))["agreement"] == NOTICE
    assert levels(replace(HEALTHY, agreement_valid_to=date(2026, 6, 20)))["agreement"] == WARNING
    assert levels(replace(HEALTHY, agreement_valid_to=date(2026, 5, 31)))["agreement"] == URGENT
    assert levels(replace(HEALTHY, agreement_valid_to=None))["agreement"] == WARNING
    late = health_alerts(replace(HEALTHY, late_signatures=3), TODAY)
    assert late[0].kind == "late_signatures" and late[0].severity == WARNING and "3 个签名" in late[0].zh


def test_the_backup_day_is_the_china_day() -> None:
    """16:30 UTC on 31 May is 00:30 on 1 June in China: today's backup."""
    [line] = [a for a in health_alerts(replace(HEALTHY, last_backup_at=datetime(2026, 5, 31, 16, 30,
                                                                                  tzinfo=UTC)), TODAY)
              if a.kind == "backup"]
    assert line.on == TODAY and "0 天前" in line.zh
