"""A case's timeline worded from its stored values, in Chinese and in English: codes
(end reason, phase, identity check) become words; data (numbers, names) stays as kept."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.services.clinical import leave, treatment
from desktop_app.services.clinical.case_view import case_timeline
from desktop_app.services.clinical.follow_up import FollowUpInput, record_follow_up
from desktop_app.services.core.commands import DischargeInput, PrescriptionInput
from desktop_app.ui.shell.timeline_text import timeline_text
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.services.test_assessment_view import assess, bi_values
from tests.services.test_expert_devices import _device_catalogue, evaluate, opinion
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


def a_fuller_case(archive: Archive) -> dict[str, tuple[str, str]]:
    """A prescription, a leave, an expert evaluation, a device opinion, a discharge and a
    follow-up: event → (title, detail), and the kinds in the timeline's order."""
    case_id = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 10, "每日1次", ADMISSION, archive.physician, archive.therapist,
            "髋关节活动度训练"))
    with archive.uow(archive.therapist) as u:
        leave.record_leave(u, case_id, ADMISSION + timedelta(days=3), ADMISSION + timedelta(days=4),
                           "回家处理家事")
    evaluate(archive, case_id, ADMISSION + timedelta(days=2),
             conclusion="具备职业康复条件，建议职业康复；" + "需要继续观察肢体功能恢复情况" * 3)
    _device_catalogue(archive)
    opinion(archive, case_id, ADMISSION + timedelta(days=5))
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
    with archive.uow(archive.therapist) as u:
        record_follow_up(u, case_id, FollowUpInput(3, DISCHARGE + timedelta(days=5), "phone",
                                                   "other_employer", None, None))
    with archive.uow() as u:
        entries = case_timeline(u.session, case_id)
    return {e.event: timeline_text(e) for e in entries} | {"order": (" ".join(e.kind for e in entries), "")}


def test_the_timeline_holds_the_other_records_in_chinese(archive: Archive, qapp: object) -> None:
    words = a_fuller_case(archive)
    assert words["prescription"] == ("处方 运动疗法", "10 次；每日1次")
    assert words["leave"] == ("请假", f"{ADMISSION + timedelta(days=3)} 至 {ADMISSION + timedelta(days=4)}"
                                    "；回家处理家事")
    title, detail = words["expert_evaluation"]
    assert title == "专家评估" and detail.startswith("刘专家、陈专家：具备职业康复条件")
    assert detail.endswith("…") and len(detail) < 60  # a long conclusion is cut for the row
    assert words["device_opinion"] == ("辅助器具配置意见", "膝踝足矫形器")
    assert words["follow_up"] == ("出院后随访", "电话；其他单位就业")
    order = words["order"][0].split()
    assert order.index("prescription") < order.index("leave") < order.index("device") \
        < order.index("discharge") < order.index("follow_up")


def test_the_timeline_holds_the_other_records_in_english(archive: Archive, english: None) -> None:
    words = a_fuller_case(archive)
    assert words["prescription"] == ("Prescription 运动疗法", "10 session(s); 每日1次")
    assert words["leave"] == ("Leave", f"{ADMISSION + timedelta(days=3)} to {ADMISSION + timedelta(days=4)}"
                                       "; 回家处理家事")
    assert words["device_opinion"][0] == "Assistive device opinion"
    assert words["follow_up"][0] == "Follow-up after discharge"
    assert "电话" not in words["follow_up"][1] and "其他单位" not in words["follow_up"][1]
