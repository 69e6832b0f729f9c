"""The follow-up after discharge in the alerts (pure): due at discharge + 3/6/12 months,
shown from the due day until recorded or until the next milestone is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.alerts import NOTICE, CaseFacts, add_months, case_alerts, follow_up_due

DISCHARGED = date(2026, 1, 31)
BASE = CaseFacts(1, "GS2026-000001", "张三", "discharged", "archived", admission_date=date(2025, 12, 1),
                 approved_until=date(2026, 1, 31), discharge_date=DISCHARGED)


def kinds(facts: CaseFacts, today: date) -> list[str]:
    return [a.kind for a in case_alerts(facts, today, 30)]


def test_months_are_added_to_the_month_end() -> None:
    assert [add_months(DISCHARGED, m) for m in (1, 3, 12, 13)] == [
        date(2026, 2, 28), date(2026, 4, 30), date(2027, 1, 31), date(2027, 2, 28)]
    assert add_months(date(2027, 11, 29), 3) == date(2028, 2, 29)  # leap year
    assert follow_up_due(date(2026, 10, 5), 6) == date(2027, 4, 5)


@pytest.mark.parametrize(("today", "recorded", "expected"), [
    (date(2026, 4, 29), frozenset(), []),  # not due yet
    (date(2026, 4, 30), frozenset(), ["follow_up_due_3"]),  # due from the due day
    (date(2026, 7, 30), frozenset(), ["follow_up_due_3"]),
    (date(2026, 5, 2), frozenset({3}), []),  # cleared once recorded
    (date(2026, 7, 31), frozenset(), ["follow_up_due_6"]),  # the 6-month one replaces it
    (date(2026, 8, 1), frozenset({6}), []),
    (date(2027, 1, 31), frozenset({3, 6}), ["follow_up_due_12"]),
    (date(2027, 7, 30), frozenset(), ["follow_up_due_12"]),
    (date(2027, 7, 31), frozenset(), []),  # 18 months after discharge: no longer asked
])
def test_a_follow_up_is_asked_from_its_due_day_until_recorded(today: date, recorded: frozenset[int],
                                                              expected: list[str]) -> None:
    assert kinds(replace(BASE, follow_ups_recorded=recorded), today) == expected


def test_the_alert_says_when_and_is_a_notice() -> None:
    [alert] = case_alerts(BASE, date(2026, 5, 3), 30)
    assert alert.severity == NOTICE and (alert.case_id, alert.patient_name) == (1, "张三")
    assert "3 个月随访" in alert.zh and "2026-04-30" in alert.zh
    assert "3-month follow-up" in alert.en and "2026-04-30" in alert.en


def test_only_discharged_cases_not_sealed_are_asked() -> None:
    today = date(2026, 5, 3)
    assert kinds(replace(BASE, record_state="sealed"), today) == []
    admitted = replace(BASE, status="admitted", approved_until=date(2026, 9, 1))
    assert "follow_up_due_3" not in kinds(admitted, today)
    assert kinds(replace(BASE, discharge_date=None), today) == []
    open_case = replace(BASE, record_state="draft")
    assert kinds(open_case, today) == ["not_archived", "follow_up_due_3"]
