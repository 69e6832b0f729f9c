"""The indicators and the cost-monitoring warnings on hand-made rows, against figures
counted by hand (docs/statistics.md gives each definition)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop_app.domain.reference import injury_categories
from desktop_app.domain.statistics.indicators import build_groups, percentile
from desktop_app.domain.statistics.monitoring import (
    cost_outliers,
    long_stays_without_improvement,
    over_daily_limit,
    warnings,
)
from desktop_app.domain.statistics.report import Figure, Filters, Period, StatisticsReport
from desktop_app.domain.statistics.rows import (
    AssessmentRow,
    CaseRow,
    ClaimAnswerRow,
    CostRow,
    DailyCountRow,
    LimitRow,
    SessionRow,
    SignatureDelayRow,
    StatsRows,
    WorkDayRow,
)

Y2026 = Period(2026)


def case(case_id: int, worker: int, admission: date | None, discharge: date | None, *,
         stage: str = "STABLE", setting: str = "inpatient", category: str = "WI01",
         end_reason: str | None = None, rtw: str | None = None, extensions: int = 0) -> CaseRow:
    return CaseRow(case_id, f"C{case_id:03d}", worker, stage, setting, category, "luzhou", admission,
                   discharge, end_reason, rtw, extensions)


def rows() -> StatsRows:
    d = date
    return StatsRows(
        cases=(
            case(1, 1, d(2026, 1, 10), d(2026, 2, 9), stage="ACUTE", end_reason="completed", rtw="same_job",
                 extensions=1),
            case(2, 1, d(2026, 4, 1), d(2026, 5, 1), end_reason="no_further_benefit", rtw="not_working"),
            case(3, 2, d(2026, 3, 1), d(2026, 3, 11), setting="outpatient", category="WI02",
                 end_reason="completed", rtw="unknown", extensions=2),
            case(4, 3, d(2026, 6, 1), None, stage="MAINT"),
            case(5, 4, d(2025, 2, 1), d(2025, 3, 3), stage="ACUTE", end_reason="completed",
                 rtw="other_employer"),
            case(6, 2, d(2026, 8, 1), None, category="WI02"),
        ),
        sessions=(
            SessionRow(1, 7, "李治疗师", 2026, 1, 2, 2),
            SessionRow(1, 8, "王治疗师", 2026, 1, 1, 1),
            SessionRow(2, 7, "李治疗师", 2026, 4, 1, 1),
        ),
        work_days=(
            WorkDayRow(7, d(2026, 1, 11), "ACUTE", "inpatient", "WI01", 2),
            WorkDayRow(8, d(2026, 1, 11), "ACUTE", "inpatient", "WI01", 1),
            WorkDayRow(7, d(2026, 4, 2), "STABLE", "inpatient", "WI01", 1),
        ),
        daily_counts=(DailyCountRow(1, d(2026, 1, 11), "A", 2, 1),),
        limits=(LimitRow(1, 101, d(2026, 1, 11), "max_per_day"),
                LimitRow(2, 102, d(2026, 4, 2), "beyond_plan"), LimitRow(2, 102, d(2026, 4, 2), "on_leave")),
        costs=(
            CostRow(1, 2026, 1, "rehab", "fund", Decimal("1000.00")),
            CostRow(1, 2026, 2, "bed", "fund", Decimal("500.00")),
            CostRow(2, 2026, 4, "rehab", "pending", Decimal("800.00")),
            CostRow(2, 2026, 4, "drug", "institution", Decimal("100.00")),
            CostRow(3, 2026, 3, "rehab", "self_paid", Decimal("200.00")),
            CostRow(4, 2026, 6, "rehab", "pending", Decimal("300.00")),
            CostRow(5, 2025, 2, "rehab", "fund", Decimal("900.00")),
        ),
        assessments=(
            AssessmentRow(1, 11, "BI", "pre", d(2026, 1, 10), 40),
            AssessmentRow(1, 12, "BI", "post", d(2026, 2, 8), 60),
            AssessmentRow(2, 21, "BI", "pre", d(2026, 4, 1), 50),
            AssessmentRow(2, 22, "BI", "mid", d(2026, 4, 15), 52),
            AssessmentRow(2, 23, "BI", "post", d(2026, 4, 30), 53),
            AssessmentRow(2, 24, "FIM", "pre", d(2026, 4, 1), 60),
            AssessmentRow(2, 25, "FIM", "post", d(2026, 4, 30), 70),
            AssessmentRow(3, 31, "BI", "pre", d(2026, 3, 1), 30),
        ),
        answers=(
            ClaimAnswerRow(1, 11, "returned", d(2026, 3, 1)),
            ClaimAnswerRow(1, 11, "deduction", d(2026, 3, 5), Decimal("50.00")),
            ClaimAnswerRow(2, 12, "deduction", d(2026, 5, 10), Decimal("25.50")),
            ClaimAnswerRow(2, 12, "paid", d(2026, 6, 1), Decimal("800.00")),
            ClaimAnswerRow(5, 15, "returned", d(2025, 4, 1)),
        ),
        signatures=(
            SignatureDelayRow(1, d(2026, 1, 11), False, 0, False, signatures=2),
            SignatureDelayRow(2, d(2026, 4, 2), False, 3, True),
            SignatureDelayRow(1, d(2026, 1, 11), True, 1, True),
            SignatureDelayRow(3, d(2026, 3, 2), True, 0, False),
        ),
        minimal_difference={"BI": 5, "FIM": 6},
    )


@pytest.fixture(scope="module")
def year() -> dict[str, Figure]:
    return {f.key: f for g in build_groups(rows(), Y2026) for f in g.figures}


def test_cases_admitted_and_discharged_by_date_stage_setting_and_category(year: dict[str, Figure]) -> None:
    admitted, discharged = year["admitted"], year["discharged"]
    assert (admitted.value, admitted.case_ids, admitted.last_year) == (5, (1, 2, 3, 4, 6), 1)
    assert (discharged.value, discharged.case_ids, discharged.last_year) == (3, (1, 2, 3), 1)
    assert year["admitted_stage_STABLE"].case_ids == (2, 3, 6)
    assert year["admitted_stage_ACUTE"].last_year == 1
    assert year["discharged_setting_outpatient"].case_ids == (3,)
    assert year["admitted_category_WI02"].case_ids == (3, 6)
    named = {kind.code: kind.name_zh for kind in injury_categories()}["WI02"]  # not a bare code
    assert year["admitted_category_WI02"].label_zh == f"入院（病种：WI02 {named}）"
    assert year["cost_per_case_WI01"].label_zh.startswith("次均费用（病种 WI01 ")
    assert year["discharged_region_luzhou"].value == 3


def test_length_of_stay_mean_median_and_p90(year: dict[str, Figure]) -> None:
    # Discharged in 2026: 30, 30 and 10 days.
    assert year["los_mean"].value == pytest.approx(23.33)
    assert year["los_median"].value == 30
    assert (year["los_p90"].value, year["los_p90"].case_ids) == (30, (1, 2))
    assert year["los_mean"].last_year == 30
    assert percentile([float(v) for v in range(1, 11)], 0.9) == 9


def test_costs_by_category_payer_fund_share_and_per_case(year: dict[str, Figure]) -> None:
    assert (year["cost_total"].value, year["cost_total"].case_ids) == (Decimal("2900.00"), (1, 2, 3, 4))
    assert year["cost_total"].last_year == Decimal("900.00")
    assert year["cost_category_rehab"].value == Decimal("2300.00")
    assert (year["cost_category_bed"].value, year["cost_category_bed"].case_ids) == (Decimal("500.00"), (1,))
    assert year["cost_payer_institution"].value == Decimal("100.00")
    assert year["cost_payer_pending"].case_ids == (2, 4)
    # fund 1500 of the decided 1800 (pending left out)
    assert (year["fund_share"].value, year["fund_share"].case_ids) == (83.3, (1,))
    # every line of the discharged cases: 1500 + 900 + 200 over 3 cases and 70 days
    assert year["cost_per_case"].value == Decimal("866.67")
    assert year["cost_per_day"].value == Decimal("37.14")
    per_case = year["cost_per_case_WI01"]
    assert (per_case.value, per_case.case_ids) == (Decimal("1200.00"), (1, 2))


def test_sessions_per_therapist_and_per_day(year: dict[str, Figure]) -> None:
    assert (year["sessions"].value, year["sessions"].case_ids) == (4, (1, 2))
    assert year["sessions_per_therapist"].value == 2.0
    assert year["sessions_per_day"].value == 2.0
    assert year["sessions_per_therapist_day"].value == 1.3
    assert (year["sessions_therapist_7"].value, year["sessions_therapist_7"].case_ids) == (3, (1, 2))
    assert year["sessions_therapist_8"].label_zh == "治疗次数：王治疗师"


def test_improvement_per_instrument_uses_the_minimal_difference(year: dict[str, Figure]) -> None:
    # BI: case 1 40 → 60 (+20), case 2 50 → 53 (+3, below 5); case 3 has one assessment.
    assert (year["improvement_BI_mean"].value, year["improvement_BI_mean"].case_ids) == (11.5, (1, 2))
    assert (year["improvement_BI_reached"].value, year["improvement_BI_reached"].case_ids) == (50.0, (1,))
    assert (year["improvement_FIM_reached"].value, year["improvement_FIM_reached"].case_ids) == (100.0, (2,))


def test_end_reasons_return_to_work_readmission_and_extensions(year: dict[str, Figure]) -> None:
    assert year["end_reason_completed"].case_ids == (1, 3)
    assert year["end_reason_no_further_benefit"].value == 1
    # known: cases 1 (same job) and 2 (not working); case 3 "unknown" is left out
    assert (year["return_to_work_rate"].value, year["return_to_work_rate"].case_ids) == (50.0, (1,))
    assert year["return_to_work_known"].case_ids == (1, 2)
    assert year["return_to_work_rate"].last_year == 100.0
    # case 2 (same worker) admitted 51 days after case 1's discharge; case 6 after 143 days
    assert (year["readmission_90"].value, year["readmission_90"].case_ids) == (33.3, (1,))
    assert (year["extensions_per_case"].value, year["extensions_per_case"].case_ids) == (1.0, (1, 3))


def test_claim_answers_signature_delays_and_limit_warnings(year: dict[str, Figure]) -> None:
    assert (year["claims_returned"].value, year["claims_returned"].case_ids) == (1, (1,))
    assert year["claims_returned"].last_year == 1
    assert (year["deductions"].value, year["deduction_amount"].value) == (2, Decimal("75.50"))
    assert year["deduction_amount"].case_ids == (1, 2)
    assert year["paid_amount"].value == Decimal("800.00")
    assert year["signature_delay_patient_mean"].value == 1.0  # 0, 0 and 3 days
    assert (year["signature_late_patient"].value, year["signature_late_patient"].case_ids) == (33.3, (2,))
    assert (year["signature_late_staff"].value, year["signature_late_staff"].case_ids) == (50.0, (1,))
    assert (year["signature_late_patient_count"].value, year["signature_late_staff_count"].value) == (1, 1)
    assert (year["limit_sessions"].value, year["limit_sessions"].case_ids) == (2, (1, 2))
    assert year["limit_max_per_day"].case_ids == (1,)
    assert year["limit_on_leave"].value == 1


def test_filters_quarters_and_series() -> None:
    stable = {f.key: f for g in build_groups(rows(), Y2026, Filters(stage="STABLE")) for f in g.figures}
    assert stable["admitted"].case_ids == (2, 3, 6)
    assert (stable["sessions"].value, stable["sessions_per_therapist_day"].value) == (1, 1.0)
    assert stable["cost_total"].value == Decimal("1100.00")  # case 2 (800 + 100) and case 3 (200)
    first = {f.key: f for g in build_groups(rows(), Period(2026, quarter=1)) for f in g.figures}
    assert (first["admitted"].case_ids, first["discharged"].case_ids) == ((1, 3), (1, 3))
    assert first["admitted"].last_year == 1
    groups = build_groups(rows(), Y2026)
    series = {s.key: s for g in groups for s in g.series}
    assert dict(series["trend_admitted"].points)["4月"] == 1
    assert dict(series["trend_admitted"].last_year_points)["2月"] == 1
    assert dict(series["los_distribution"].points) == {
        "1–14天": 1, "15–30天": 2, "31–60天": 0, "61–90天": 0, "91–180天": 0, "180天以上": 0}
    assert dict(series["trend_cost"].points)["1月"] == Decimal("1000.00")
    assert StatisticsReport(Y2026, Filters(), groups).groups[0].key == "volume"


def test_cost_per_case_far_above_the_category_median() -> None:
    d = date(2026, 5, 1)
    cases = [case(400 + i, 400 + i, d - timedelta(days=20), d) for i in range(4)]
    cases += [case(500 + i, 500 + i, d - timedelta(days=20), d, category="WI02") for i in range(2)]
    costs = [CostRow(c.case_id, 2026, 5, "rehab", "fund", Decimal(v))
             for c, v in zip(cases, ("100", "100", "120", "500", "10", "9000"), strict=True)]
    given = StatsRows(cases=cases, costs=costs)
    assert cost_outliers(given, Y2026) == [403]  # median 110, 2× = 220; WI02 has two cases only
    assert cost_outliers(given, Y2026, factor=5.0) == []


def test_sessions_beyond_the_catalogue_daily_count() -> None:
    assert over_daily_limit(rows(), Y2026) == [1]
    assert over_daily_limit(rows(), Period(2026, month=4)) == []


def test_long_stays_without_measured_improvement() -> None:
    end = date(2026, 9, 1)
    cases = [case(200 + i, 200 + i, end - timedelta(days=10 + i), end) for i in range(18)]
    cases += [case(300, 300, end - timedelta(days=60), end), case(301, 301, end - timedelta(days=60), end)]
    assessments = [AssessmentRow(301, 1, "BI", "pre", end - timedelta(days=60), 40),
                   AssessmentRow(301, 2, "BI", "post", end, 60),
                   AssessmentRow(300, 3, "BI", "pre", end - timedelta(days=60), 40),
                   AssessmentRow(300, 4, "BI", "post", end, 42)]
    given = StatsRows(cases=cases, assessments=assessments, minimal_difference={"BI": 5})
    # 20 stays, P90 (18th of 20) is 27 days; both 60-day stays are beyond it, 301 improved
    assert long_stays_without_improvement(given, Y2026) == [300]
    found = {w.key: w for w in warnings(given, Y2026)}
    assert (found["warning_long_stay"].value, found["warning_long_stay"].case_ids) == (1, (300,))
    assert found["warning_long_stay"].last_year == 0


def test_a_therapist_filter_keeps_their_cases_and_only_their_sessions() -> None:
    wang = {f.key: f for g in build_groups(rows(), Y2026, Filters(therapist=8)) for f in g.figures}
    assert (wang["admitted"].value, wang["admitted"].case_ids) == (1, (1,))  # case 2 was Li's only
    assert (wang["sessions"].value, wang["sessions_per_day"].value) == (1, 1.0)  # not Li's 2 on case 1
    assert "sessions_therapist_7" not in wang and wang["sessions_therapist_8"].value == 1
    li = {f.key: f for g in build_groups(rows(), Y2026, Filters(therapist=7)) for f in g.figures}
    assert li["admitted"].case_ids == (1, 2) and li["sessions"].value == 3
    nobody = {f.key: f for g in build_groups(rows(), Y2026, Filters(therapist=99)) for f in g.figures}
    assert nobody["admitted"].value == 0 and nobody["sessions"].value == 0
