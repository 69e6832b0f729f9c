"""Vocational rehabilitation and 先康复后鉴定 (issue 19, item 7), on both engines: the goal and
the outcome with their checks; the return-to-work statistics count the outcome; the physician's
conclusion confirmed with the password; the summary for the appraisal committee issued as a
PDF/A, archived like every document (the same content rebuilds byte-identical), citing the
region's article or saying it was printed on request."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop_app.clock import china_datetime
from desktop_app.db.models import IssuedDocument, RehabCase
from desktop_app.documents.bagit import check_bag
from desktop_app.domain.instruments import score
from desktop_app.domain.rules.packs import NATIONAL
from desktop_app.domain.statistics.report import Figure, Period, StatisticsReport
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import appraisal_summary, treatment, vocational
from desktop_app.services.clinical.appraisal_summary import ConclusionInput
from desktop_app.services.clinical.follow_up_view import latest_return_to_work
from desktop_app.services.clinical.vocational import VocationalGoalInput, VocationalOutcomeInput
from desktop_app.services.core.commands import AssessmentInput, DischargeInput
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export
from desktop_app.services.statistics.stats_view import statistics_report
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.documents.pdf_checks import pdfa_3b_basics, pdfa_3b_report
from tests.domain.test_vocational_instruments import spread
from tests.services.test_retention import PASSWORD, set_passwords
from tests.services.test_session_limits import set_region

NOTE = "右下肢肌力4级，步行稳定，伤情相对稳定，可以申请劳动能力鉴定。"


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def by_key(report: StatisticsReport) -> dict[str, Figure]:
    return {f.key: f for g in report.groups for f in g.figures}


def test_goal_then_outcome_with_their_checks(archive: Archive) -> None:
    a = archive
    case_id = a.admitted_case()
    with pytest.raises(ValidationFailed) as caught, a.uow(a.therapist) as u:
        vocational.record_vocational_outcome(u, case_id, VocationalOutcomeInput("same_job", ADMISSION))
    assert keys(caught.value) == {"goal"}  # a goal comes first
    for inp, wrong in ((VocationalGoalInput("retire", ADMISSION), {"goal"}),
                       (VocationalGoalInput("not_working", ADMISSION), {"goal"}),  # not a goal
                       (VocationalGoalInput("same_job", a.clock.today() + timedelta(days=1)), {"set_on"})):
        with pytest.raises(ValidationFailed) as caught, a.uow(a.therapist) as u:
            vocational.set_vocational_goal(u, case_id, inp)
        assert keys(caught.value) == wrong
        assert all(e.zh and e.en for e in caught.value.errors)
    with a.uow(a.therapist) as u:
        vocational.set_vocational_goal(u, case_id, VocationalGoalInput("other_job_same_employer",
                                                                       ADMISSION + timedelta(days=5)))
    for inp, wrong in ((VocationalOutcomeInput("same_job", ADMISSION), {"on"}),  # before the goal
                       (VocationalOutcomeInput("hired", DISCHARGE), {"outcome"}),
                       (VocationalOutcomeInput("same_job", DISCHARGE, "x" * 501), {"note"})):
        with pytest.raises(ValidationFailed) as caught, a.uow(a.therapist) as u:
            vocational.record_vocational_outcome(u, case_id, inp)
        assert keys(caught.value) == wrong
    with a.uow(a.physician) as u:
        vocational.record_vocational_outcome(u, case_id, VocationalOutcomeInput(
            "other_job_same_employer", DISCHARGE, " 原单位仓储管理岗 "))
    with a.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.vocational_goal, case.vocational_outcome, case.vocational_outcome_on,
                case.vocational_note) == ("other_job_same_employer", "other_job_same_employer",
                                          DISCHARGE, "原单位仓储管理岗")


def test_the_return_to_work_rate_counts_the_vocational_outcome(archive: Archive, engine: Engine) -> None:
    a = archive
    a.clock.current = china_datetime(date(2026, 12, 31), 12)
    back, still_out, training = (a.admitted_case() for _ in range(3))
    goals = ((back, "other_employer"), (still_out, "same_job"), (training, "vocational_training"))
    for case_id, goal in goals:
        with a.uow(a.therapist) as u:
            vocational.set_vocational_goal(u, case_id, VocationalGoalInput(goal, ADMISSION))
        with a.at(china_datetime(DISCHARGE, 16)), a.uow(a.physician) as u:
            treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home",
                                                           "not_working"))
    with Session(engine) as session:
        before = by_key(statistics_report(session, Period(2026)))
    assert (before["return_to_work_rate"].value, before["return_to_work_rate"].case_ids) == (0.0, ())
    # The vocational outcome on the discharge day or after counts over the status at discharge.
    with a.uow(a.therapist) as u:
        vocational.record_vocational_outcome(u, back, VocationalOutcomeInput("other_employer", DISCHARGE))
        vocational.record_vocational_outcome(u, training, VocationalOutcomeInput(
            "same_job", DISCHARGE + timedelta(days=20)))
    # One recorded before the discharge is older than the discharge's own status.
    with a.uow(a.therapist) as u:
        vocational.record_vocational_outcome(u, still_out, VocationalOutcomeInput(
            "same_job", DISCHARGE - timedelta(days=1)))
    with Session(engine) as session:
        assert latest_return_to_work(session, [back, still_out, training]) == {
            back: "other_employer", still_out: "not_working", training: "same_job"}
        after = by_key(statistics_report(session, Period(2026)))
    rate, met = after["return_to_work_rate"], after["vocational_goal_met"]
    assert (rate.value, rate.case_ids) == (66.7, (back, training))
    # The goal reached: the same status, or any return to work after vocational training.
    assert (met.value, met.case_ids) == (66.7, (back, training))


def assessed(a: Archive, case_id: int, phase: str, day: date, code: str, total: int) -> None:
    values = spread(code, total)
    with a.at(china_datetime(day, 15)), a.uow(a.physician) as u:
        treatment.record_assessment(u, case_id, AssessmentInput(phase, code, values, day, a.physician))
    assert score(code, values).total == total


def course_for_appraisal(a: Archive) -> int:
    case_id = a.admitted_case()
    for day in (1, 2, 3):
        a.record_session(case_id, ADMISSION + timedelta(days=day))
    for code, pre, post in (("BI", 40, 75), ("PHQ9", 16, 6), ("WAI", 20, 33)):
        assessed(a, case_id, "pre", ADMISSION, code, pre)
        assessed(a, case_id, "post", DISCHARGE - timedelta(days=1), code, post)
    with a.uow(a.therapist) as u:
        vocational.set_vocational_goal(u, case_id, VocationalGoalInput("same_job", ADMISSION))
        vocational.record_vocational_outcome(u, case_id, VocationalOutcomeInput(
            "same_job", DISCHARGE - timedelta(days=1), "原岗位，减轻负重"))
    return case_id


def test_the_summary_needs_the_physicians_conclusion_confirmed_by_password(
        archive: Archive, engine: Engine, tmp_path: Path) -> None:
    a = archive
    set_passwords(a)
    case_id = course_for_appraisal(a)
    with pytest.raises(UserError, match="医师尚未作出鉴定前结论"), a.uow(a.officer) as u:
        appraisal_summary.issue_summary(u, case_id)
    for inp, password, wrong in ((ConclusionInput("stable_ready", NOTE), "wrong", {"password"}),
                                 (ConclusionInput("healed", NOTE), PASSWORD, {"conclusion"}),
                                 (ConclusionInput("stable_ready", "  "), PASSWORD, {"note"})):
        with pytest.raises(ValidationFailed) as caught, a.uow(a.physician) as u:
            appraisal_summary.conclude(u, case_id, inp, password)
        assert keys(caught.value) == wrong
    with a.uow(a.physician) as u:
        appraisal_summary.conclude(u, case_id, ConclusionInput("stable_ready", NOTE), PASSWORD)
    with a.uow(a.officer) as u:
        first = appraisal_summary.issue_summary(u, case_id)
    with a.uow(a.officer) as u:
        again = appraisal_summary.issue_summary(u, case_id)
    assert first.first_issue and not again.first_issue and again.pdf == first.pdf
    assert pdfa_3b_basics(first.pdf) == [] and pdfa_3b_report(first.pdf).passed
    with a.uow() as u:
        data = appraisal_summary.summary_data(u.session, case_id)
        kinds = list(u.session.scalars(select(IssuedDocument.kind).where(IssuedDocument.case_id == case_id)))
    assert kinds == ["appraisal_summary"]
    lines = {x.code: x for x in data.instruments}
    assert (lines["BI"].pre, lines["BI"].post, lines["BI"].change) == (40, 75, 35)
    phq = lines["PHQ9"]
    assert (phq.change, phq.category, phq.lower_is_better) == (-10, "psychological", True)
    assert (lines["WAI"].pre, lines["WAI"].post, lines["WAI"].category) == (20, 33, "vocational")
    first_session = (ADMISSION + timedelta(days=1)).isoformat()
    assert [(t.count, t.first_day) for t in data.treatment] == [(3, first_session)]
    assert (data.vocational_goal, data.vocational_outcome, data.vocational_goal_met) == (
        "重返原岗位", "原单位原岗位", "已达成")
    assert data.conclusion.startswith("伤情相对稳定") and data.physician == "王医生"
    assert "泸州" in data.basis and "第五条" in data.basis  # Luzhou Art. 5
    assert [s.signer_name for s in data.signatures] == ["王医生"]
    with pikepdf.open(io.BytesIO(first.pdf)) as pdf:
        assert len(pdf.pages) >= 1
    report = verify_archive(engine)  # the conclusion reconciles with its audit event
    assert report.ok, report.lines()
    # The case's binder carries it, beside the assessment reports.
    with a.uow(a.officer) as u:
        binder = archive_export.export_archive(u, case_id, tmp_path / "binder")
    assert first.pdf in [d.pdf for d in binder.documents if d.kind == "appraisal_summary"]
    assert check_bag(binder.zip_path).ok
    assert list((binder.folder / "data" / "05_assessment").glob("APPRAISAL-*.pdf"))
    # A new conclusion is new content: a new issue, the first kept.
    with a.uow(a.physician) as u:
        appraisal_summary.conclude(u, case_id, ConclusionInput("not_stable", "肌力仍在恢复"), PASSWORD)
    with a.uow(a.officer) as u:
        newer = appraisal_summary.issue_summary(u, case_id)
    assert newer.first_issue and newer.content_sha256 != first.content_sha256


def test_a_region_without_the_mechanism_prints_it_on_request(archive: Archive) -> None:
    a = archive
    set_passwords(a)
    set_region(a, NATIONAL)  # a region with no pack: the national baseline
    case_id = a.admitted_case()
    with a.uow(a.physician) as u:
        appraisal_summary.conclude(u, case_id, ConclusionInput("not_stable", "伤情尚未稳定"), PASSWORD)
    with a.uow(a.physician) as u:
        doc = appraisal_summary.issue_summary(u, case_id)
        data = appraisal_summary.summary_data(u.session, case_id)
    assert data.basis == "本地区规则未规定“先康复后鉴定”，本总结系应申请出具。"
    assert data.instruments == () and data.treatment == () and data.vocational_goal == "—"
    assert doc.pdf.startswith(b"%PDF")
