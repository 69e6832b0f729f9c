"""The statistics report on a small archive built through the real services: the cases
behind several figures are exactly the ones a hand count gives, on both engines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.clock import china_datetime
from desktop_app.domain.rules import packs
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.statistics.report import Figure, Filters, Period, StatisticsReport
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.services.claims import fees
from desktop_app.services.clinical import follow_up, treatment
from desktop_app.services.core.commands import AdmissionInput, AssessmentInput, DischargeInput
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signing
from desktop_app.services.statistics.stats_export import statistics_document
from desktop_app.services.statistics.stats_view import case_rows_for, statistics_report
from tests.archive_fixture import Archive

BI_LOW = {k: 5 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                         "toilet", "transfer", "mobility", "stairs")}  # 50
BI_HIGH = {**BI_LOW, "feeding": 10, "dressing": 10, "bowels": 10}  # 65
BED = "演示床位费（康复病房普通床位）"


def resident_id(seq: int) -> str:
    body = f"11010519800101{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def course(a: Archive, seq: int, admission: date, discharge: date | None, *, stage: str = "STABLE",
           end_reason: str = "completed", extension: bool = False, late_patient: bool = False,
           improve: bool = True, bed_days: int = 0, work: str = "unknown") -> int:
    """A case of worker ``seq``: approved two days before admission, a plan, two sessions
    (signed by the therapist and the patient — a day late when ``late_patient``), BI before
    and after, bed days charged, an extension, discharged."""
    rid, approved = resident_id(seq), admission - timedelta(days=2)
    period_to = admission + timedelta(days=40)
    with a.at(china_datetime(approved, 9)):
        case_id = a.register(resident_id=rid, name=f"工人{seq}", stage=stage,
                             injury_date=admission - timedelta(days=60),
                             recognition_date=admission - timedelta(days=30))
        with a.uow(a.officer) as u:
            intake.record_approval(u, case_id, a.approval(
                decision_number=f"泸工康核〔{admission.year}〕{case_id}号", decision_date=approved,
                period_from=approved, period_to=period_to))
    with a.at(china_datetime(admission, 9)), a.uow(a.officer) as u:
        intake.admit(u, case_id, AdmissionInput(admission, rid))
    with a.at(china_datetime(admission, 10)), a.uow(a.physician) as u:
        treatment.create_plan(u, case_id, a.plan(period_from=admission, period_to=period_to))
    sessions = [a.record_session(case_id, admission + timedelta(days=n)) for n in (1, 2)]
    a.sign_as_therapist(sessions)
    if late_patient:
        moment = china_datetime(admission + timedelta(days=4), 9)
        with a.at(moment), a.uow(a.therapist) as u:
            strokes = synthetic_strokes(7)
            signing.sign(u, [("treatment_session", i) for i in sessions], "patient_confirms_sessions",
                         signing.Signer("patient", f"工人{seq}"),
                         handwriting=signing.Handwriting(strokes, render_png(strokes)))
    else:
        a.sign_as_patient([("treatment_session", i) for i in sessions])
    for phase, day, values in (("pre", admission, BI_LOW),
                               ("post", admission + timedelta(days=5), BI_HIGH if improve else BI_LOW)):
        with a.at(china_datetime(day, 15)), a.uow(a.physician) as u:
            treatment.record_assessment(u, case_id, AssessmentInput(phase, "BI", values, day, a.physician))
    if bed_days:
        with a.at(china_datetime(admission, 16)), a.uow(a.officer) as u:
            fees.add_charge(u, case_id, fees.ChargeInput(a.codes[BED], admission, Decimal(bed_days), "bed"))
    if extension:
        with a.at(china_datetime(period_to - timedelta(days=3), 9)), a.uow(a.officer) as u:
            intake.record_approval(u, case_id, a.approval(
                kind="extension", decision_number=f"泸工康延〔{admission.year}〕{case_id}号",
                decision_date=period_to - timedelta(days=3), period_from=period_to + timedelta(days=1),
                period_to=period_to + timedelta(days=30)))
    if discharge is not None:
        with a.at(china_datetime(discharge, 16)), a.uow(a.physician) as u:
            treatment.discharge(u, case_id, DischargeInput(discharge, end_reason, None, "home", work))
    return case_id


def by_key(report: StatisticsReport) -> dict[str, Figure]:
    return {f.key: f for g in report.groups for f in g.figures}


def test_the_report_names_the_cases_a_hand_count_gives(archive: Archive, engine: Engine) -> None:
    a = archive
    a.clock.current = china_datetime(date(2026, 12, 31), 12)  # the year is over
    last_year = course(a, 1, date(2025, 5, 4), date(2025, 5, 30), bed_days=20)
    first = course(a, 2, date(2026, 3, 2), date(2026, 3, 30), bed_days=28, extension=True,
                   work="same_job")
    again = course(a, 2, date(2026, 5, 4), date(2026, 5, 29), end_reason="no_further_benefit",
                   improve=False, late_patient=True, bed_days=25,  # 35 days after ``first``
                   work="not_working")
    acute = course(a, 3, date(2026, 4, 6), date(2026, 4, 20), stage="ACUTE", bed_days=14)
    open_case = course(a, 4, date(2026, 6, 1), None)
    steps: list[tuple[int, int]] = []
    with Session(engine) as session:
        report = statistics_report(session, Period(2026), progress=lambda d, t: steps.append((d, t)))
    # A follow-up's status counts over the discharge's: "not working" at discharge, at work
    # three months later.
    with a.uow(a.officer) as u:
        follow_up.record_follow_up(u, again, follow_up.FollowUpInput(
            3, date(2026, 8, 31), "phone", "other_employer"))
    with Session(engine) as session:
        later = by_key(statistics_report(session, Period(2026)))
        drill = case_rows_for(session, by_key(report)["readmission_90"].case_ids)
    year = by_key(report)
    assert steps[-1][0] == steps[-1][1] and len(steps) == steps[-1][1]
    assert year["admitted"].case_ids == (first, again, acute, open_case)
    assert (year["admitted"].last_year, year["discharged"].last_year) == (1, 1)
    assert year["discharged"].case_ids == (first, again, acute)
    assert year["admitted_stage_ACUTE"].case_ids == (acute,)
    # LOS 28, 25 and 14 days
    assert year["los_mean"].value == 22.33 and year["los_median"].value == 25
    # the same worker admitted 35 days after the first case's discharge
    assert (year["readmission_90"].value, year["readmission_90"].case_ids) == (33.3, (first,))
    assert (year["extensions_per_case"].case_ids, year["extensions_per_case"].value) == ((first,), 0.33)
    # known: same_job (first), not_working (again); "unknown" (acute) left out
    assert (year["return_to_work_rate"].value, year["return_to_work_rate"].case_ids) == (50.0, (first,))
    assert (later["return_to_work_rate"].value,
            later["return_to_work_rate"].case_ids) == (100.0, (first, again))
    assert year["end_reason_no_further_benefit"].case_ids == (again,)
    # BI 50 → 65 reaches the minimal difference (5); 50 → 50 does not
    assert year["improvement_BI_reached"].case_ids == (first, acute)
    assert year["improvement_BI_mean"].value == 10.0
    assert year["signature_late_patient"].case_ids == (again,)
    assert year["signature_late_staff"].case_ids == ()
    assert year["sessions"].value == 8 and year["sessions"].last_year == 2
    # bed days at 40.00: (28 + 25 + 14) × 40 in 2026, 20 × 40 in 2025; none claimed yet
    assert year["cost_category_bed"].value == Decimal("2680.00")
    assert year["cost_category_bed"].last_year == Decimal("800.00")
    assert year["cost_payer_pending"].case_ids == (first, again, acute)
    assert year["cost_per_case"].value == Decimal("893.33")
    assert [(r.case_id, r.name, r.length_of_stay, r.cost) for r in drill] == [
        (first, "工人2", 28, Decimal("1120.00"))]
    assert {w.key for w in report.warnings} == {"warning_cost_outlier", "warning_daily_limit",
                                                "warning_long_stay"}
    assert last_year not in year["admitted"].case_ids
    with Session(engine) as session:
        acute_only = by_key(statistics_report(session, Period(2026, quarter=2), Filters(stage="ACUTE")))
    assert acute_only["admitted"].case_ids == (acute,)


def test_the_annual_report_cites_its_own_regions_texts_only(archive: Archive, engine: Engine) -> None:
    """The report answers to the agency of the institution's region: a Luzhou institution's
    cites Luzhou Arts. 27 and 33, never another region's measures (each text binds only its
    own region)."""
    with Session(engine) as session:
        report = statistics_report(session, Period(2026), Filters())
        document = statistics_document(session, report, archive.clock.now())
    assert document.sources.startswith("指标依据：《泸州市") and "第二十七条、第三十三条" in document.sources
    assert not any(other in document.sources for other in ("包头", "北京", "山东", "宁夏"))
    for pack in (packs.BEIJING_2026, packs.BAOTOU_2025, packs.SHANDONG_2023, packs.NINGXIA_LIST):
        basis = cite(pack.basis("evaluation"))[0]
        assert basis and "泸州" not in basis
    assert cite(packs.BASELINE.basis("evaluation"))[0] == ""  # the regulation sets no evaluation
