"""The date order of a case and the no-future rule."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.dates import CaseDates, validate_case_dates

TODAY = date(2026, 11, 23)
days = st.integers(0, 400).map(lambda n: timedelta(days=n))


@given(st.dates(date(2000, 1, 1), date(2025, 1, 1)), days, days, days, days, days)
def test_dates_in_order_and_in_the_past_pass(injury: date, a: timedelta, b: timedelta,
                                            c: timedelta, d: timedelta, e: timedelta) -> None:
    recognition = injury + a
    approval = recognition + b
    admission = approval + c
    session = admission + d
    discharge = session + e
    dates = CaseDates(injury, recognition, approval, approval, approval + timedelta(days=90),
                      admission, (session,), discharge)
    errors = validate_case_dates(dates, today=max(discharge, TODAY))
    assert errors == []


@given(st.dates(date(2000, 1, 1), date(2026, 1, 1)), st.integers(1, 300))
def test_discharge_before_admission_names_the_discharge(admission: date, gap: int) -> None:
    errors = validate_case_dates(
        CaseDates(admission_date=admission, discharge_date=admission - timedelta(days=gap)),
        today=TODAY)
    assert [e.key for e in errors] == ["discharge_date"]
    assert "入院日期" in errors[0].zh and "admission" in errors[0].en


def test_each_pair_out_of_order_is_reported() -> None:
    d = date(2026, 5, 1)
    cases = {
        "recognition_date": CaseDates(injury_date=d, recognition_date=d - timedelta(1)),
        "approval_date": CaseDates(injury_date=d, approval_date=d - timedelta(1)),
        "admission_date": CaseDates(approval_date=d, admission_date=d - timedelta(1)),
        "session_date": CaseDates(admission_date=d, session_dates=(d - timedelta(1),)),
        "approval_period": CaseDates(approved_from=d, approved_to=d - timedelta(1)),
    }
    for key, dates in cases.items():
        errors = validate_case_dates(dates, today=TODAY)
        assert [e.key for e in errors] == [key], (key, errors)


def test_sessions_after_discharge_are_refused_under_their_own_name() -> None:
    d = date(2026, 5, 1)
    errors = validate_case_dates(CaseDates(discharge_date=d, session_dates=(d + timedelta(1),),
                                           session_field="评估日期", session_key="assessed_on"),
                                 today=TODAY)
    assert [(e.key, e.field) for e in errors] == [("assessed_on", "评估日期")]
    assert "出院日期" in errors[0].zh


@given(st.integers(1, 1000))
def test_nothing_that_happened_can_be_in_the_future(ahead: int) -> None:
    future = TODAY + timedelta(days=ahead)
    for name in ("injury_date", "recognition_date", "approval_date", "admission_date",
                 "discharge_date"):
        errors = validate_case_dates(CaseDates(**{name: future}), today=TODAY)
        assert len(errors) == 1 and "今天" in errors[0].zh and "future" in errors[0].en
    errors = validate_case_dates(CaseDates(session_dates=(future,)), today=TODAY)
    assert [e.key for e in errors] == ["session_date"]


def test_an_approved_period_may_end_in_the_future() -> None:
    assert validate_case_dates(CaseDates(approval_date=TODAY, approved_from=TODAY,
                                         approved_to=TODAY + timedelta(days=90)), today=TODAY) == []
