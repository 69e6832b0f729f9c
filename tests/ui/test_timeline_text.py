"""A case's timeline worded from its stored values, in Chinese and in English: codes
(end reason, phase, identity check) become words; data (numbers, names) stays as kept."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.case_view import case_timeline
from desktop_app.services.core.commands import DischargeInput
from desktop_app.ui.shell.timeline_text import timeline_text
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.services.test_assessment_view import assess, bi_values
from tests.ui.test_i18n import english

__all__ = ["english"]  # the fixture


def worded_case(archive: Archive) -> dict[str, tuple[str, str]]:
    """An admitted case with a session and a pre assessment, ended for no further
    benefit: event → (title, detail)."""
    case_id = archive.admitted_case()
    archive.record_session(case_id, ADMISSION + timedelta(days=1))
    assess(archive, case_id, "pre", ADMISSION + timedelta(days=1), "BI", bi_values(45))
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "no_further_benefit",
                                                       None, "home", "same_job"))
    with archive.uow() as u:
        return {e.event: timeline_text(e) for e in case_timeline(u.session, case_id)}


def test_the_timeline_in_chinese(archive: Archive, qapp: object) -> None:
    words = worded_case(archive)
    assert words["approval"] == ("核准 泸工康核〔2026〕1号",
                                 "泸州市劳动能力鉴定委员会；期限 2026-04-01 至 2026-06-30")
    assert words["admission"] == ("入院", "身份核验：人工核对证件")
    assert words["plan"][0] == "治疗方案 第1版" and "1 项；预计费用 ¥" in words["plan"][1]
    assert words["sessions"] == ("治疗 1 项次（共 1 次）", "运动疗法")
    assert words["assessment"][0] == "康复前评估 BI" and words["assessment"][1].startswith("总分 45")
    assert words["discharge"] == ("出院", "结束原因：无进一步康复效果")


def test_the_timeline_in_english(archive: Archive, english: None) -> None:
    words = worded_case(archive)
    assert words["approval"] == ("Approval 泸工康核〔2026〕1号",
                                 "泸州市劳动能力鉴定委员会; period 2026-04-01 to 2026-06-30")
    assert words["admission"] == ("Admission", "Identity check: Document checked by hand")
    assert words["registration"][0] == "Registered for rehabilitation"
    assert words["sessions"] == ("Treatment: 1 session(s) (1 in all)", "运动疗法")
    assert words["assessment"][0] == "Pre assessment BI"
    assert words["discharge"][1].startswith("End reason: ") and "无" not in words["discharge"][1]
