"""Read models of the assessment, outcome and discharge pages: latest versions of the
assessments, the pre / mid / post comparison, the chart's points, the suggestion to end
the course (Luzhou Art. 23), and what still waits for a signature before archiving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.errors import ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.admin.outcome_settings import minimal_difference_overrides, set_minimal_differences
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.assessment_view import assessment_rows, outcome_report
from desktop_app.services.clinical.discharge_view import discharge_facts
from desktop_app.services.core.commands import AssessmentInput
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity import signing
from tests.archive_fixture import ADMISSION, Archive

BI_ITEMS = (("feeding", 10), ("bathing", 5), ("grooming", 5), ("dressing", 10), ("bowels", 10),
            ("bladder", 10), ("toilet", 10), ("transfer", 15), ("mobility", 15), ("stairs", 10))
PASSWORD = "assessor-pass-1"


def bi_values(total: int) -> dict[str, object]:
    """Barthel values adding up to ``total`` (a multiple of 5), the first items first."""
    values: dict[str, object] = {}
    left = total
    for key, top in BI_ITEMS:
        values[key] = min(top, left)
        left -= values[key]  # type: ignore[operator]
    assert left == 0
    return values


def assess(archive: Archive, case_id: int, phase: str, day: date, code: str,
           values: dict[str, object], conclusion: str = "") -> int:
    with archive.uow(archive.physician) as u:
        return treatment.record_assessment(u, case_id, AssessmentInput(
            phase, code, values, day, archive.physician, conclusion=conclusion)).id


def bbs(total: int) -> dict[str, object]:
    return {f"b{n:02d}": min(4, max(0, total - 4 * (n - 1))) for n in range(1, 15)}


def stalled_case(archive: Archive) -> tuple[int, list[int]]:
    """BI 40 → 60 → 60 and BBS 30 → 31: both instruments have stalled."""
    case_id = archive.admitted_case()
    ids = [assess(archive, case_id, "pre", ADMISSION, "BI", bi_values(40)),
           assess(archive, case_id, "pre", ADMISSION, "BBS", bbs(30)),
           assess(archive, case_id, "mid", ADMISSION + timedelta(days=17), "BI", bi_values(60)),
           assess(archive, case_id, "post", ADMISSION + timedelta(days=37), "BI", bi_values(60),
                  "日常生活中度依赖，较前无明显变化"),
           assess(archive, case_id, "post", ADMISSION + timedelta(days=37), "BBS", bbs(31))]
    return case_id, ids


def test_rows_comparison_chart_and_the_suggestion(archive: Archive) -> None:
    case_id, ids = stalled_case(archive)
    with archive.uow() as u:
        rows = assessment_rows(u.session, case_id)
        report = outcome_report(u.session, case_id)
    assert [(r.assessment_id, r.phase, r.instrument_code, r.total) for r in rows] == [
        (ids[0], "pre", "BI", 40), (ids[1], "pre", "BBS", 30), (ids[2], "mid", "BI", 60),
        (ids[3], "post", "BI", 60), (ids[4], "post", "BBS", 31)]
    assert rows[0].grade == "重度依赖" and rows[0].assessor == "王医生" and not rows[0].signed
    bi, berg = report.lines
    assert (bi.pre_total, bi.mid_total, bi.post_total, bi.change) == (40, 60, 60, 20)
    assert bi.grade_change == "重度依赖 → 中度依赖" and bi.no_further_benefit
    assert bi.conclusion == "日常生活中度依赖，较前无明显变化"
    assert (berg.pre_total, berg.mid_total, berg.post_total, berg.change) == (30, None, 31, 1)
    assert berg.no_further_benefit and berg.instrument_name == "Berg平衡量表"
    assert [(s.instrument_code, len(s.points)) for s in report.series] == [("BI", 3), ("BBS", 2)]
    assert report.series[0].points[0] == (ADMISSION, 40)
    assert report.suggest_end and "泸州" in report.suggestion_zh and "第二十三条" in report.suggestion_zh
    assert "Luzhou Art. 23" in report.suggestion_en


def test_no_suggestion_while_improving_or_with_a_stricter_institution(archive: Archive) -> None:
    case_id = archive.admitted_case()
    assess(archive, case_id, "pre", ADMISSION, "BI", bi_values(45))
    assess(archive, case_id, "mid", ADMISSION + timedelta(days=17), "BI", bi_values(55))  # same grade
    with archive.uow() as u:
        report = outcome_report(u.session, case_id)
    assert not report.suggest_end and report.suggestion_zh == ""
    assert report.lines[0].change == 10 and not report.lines[0].no_further_benefit
    with archive.uow(archive.admin) as u:  # the institution asks for 15 points on the BI
        set_minimal_differences(u, {"BI": 15})
    with archive.uow() as u:
        stricter = outcome_report(u.session, case_id)
    assert stricter.suggest_end and stricter.lines[0].no_further_benefit
    with archive.uow(archive.admin) as u:
        set_minimal_differences(u, {"BI": None})
    with archive.uow() as u:
        assert minimal_difference_overrides(u.session) == {}


def test_minimal_difference_setting_is_checked_and_kept_for_administrators(archive: Archive) -> None:
    for code, points in (("MMT", 2), ("BI", 0), ("BI", 101), ("XX", 3)):
        with pytest.raises(ValidationFailed), archive.uow(archive.admin) as u:
            set_minimal_differences(u, {code: points})
    with pytest.raises(PermissionDenied), archive.uow(archive.therapist) as u:
        set_minimal_differences(u, {"BI": 10})
    with archive.uow(archive.admin) as u:
        set_minimal_differences(u, {"FIM": 22})
    with archive.uow(archive.admin) as u:
        set_minimal_differences(u, {"BBS": 4})
    with archive.uow() as u:
        assert minimal_difference_overrides(u.session) == {"FIM": 22, "BBS": 4}


def test_discharge_facts_list_what_waits_for_a_signature(archive: Archive) -> None:
    case_id, ids = stalled_case(archive)
    with archive.uow(archive.assistant) as u:  # an assistant's session needs a co-signature
        assistant_session = treatment.record_session(u, case_id, archive.session(
            ADMISSION + timedelta(days=2), therapist_id=archive.assistant)).id
    with archive.uow() as u:
        facts = discharge_facts(u.session, case_id)
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    assert (facts.status, facts.archived, facts.retain_until) == ("admitted", False, None)
    assert [a.assessment_id for a in facts.post_assessments] == [ids[3], ids[4]]
    assert facts.suggest_end
    pending = [(p.record_type, p.record_id, p.kind, p.waiting_zh) for p in facts.pending]
    assert pending == [("treatment_plan", plan_id, "治疗方案", "待签名"),
                       ("treatment_session", assistant_session, "治疗记录", "待签名"),
                       *[("assessment", i, "评估", "待签名") for i in ids],
                       ("treatment_session", assistant_session, "治疗记录", "待上级审核签名")]
    assert "治疗方案 第1版" in facts.pending[0].description
    assert "康复前评估" in facts.pending[2].description and "BI" in facts.pending[2].description

    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD, hasher=accounts.DEMO_HASHER)
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("assessment", i) for i in ids], "assessor_signs",
                     signing.Signer("staff", staff_user_id=archive.physician, password=PASSWORD))
    with archive.uow() as u:
        after = discharge_facts(u.session, case_id)
    assert [p.record_type for p in after.pending] == ["treatment_plan", "treatment_session",
                                                      "treatment_session"]
    assert all(a.signed for a in after.post_assessments)
