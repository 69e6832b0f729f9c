"""A repeat course through the widgets (issue 19 item 4): the ID number of a worker already
registered offers their injuries in the intake dialog; an injury whose course is still open is
refused inline with nothing saved; choosing the discharged one fills the injury tab read-only,
starts from the earlier course's value assessment and recommendation (editable) and sets the
stage of a relapse; the save opens a linked course without a second injury; the application
page of the new case lists the earlier course with its dates, end, return to work and
sessions used, and a first course shows no such list."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import Injury, RehabCase
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.intake.application_page import ApplicationPage
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.kit.runner import Runner
from tests.archive_fixture import VALID_ID
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

VALUE = "首次康复后功能改善，旧伤复发，仍具有康复价值。"
RECOMMENDATION = "运动疗法每日1次，预计4周。"


def test_a_relapse_course_from_the_intake_dialog(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    first = archive.discharged_case()  # 张三 again: a course ended on 2026-05-20
    with archive.uow(archive.officer) as u:
        case = u.session.get(RehabCase, first)
        assert case is not None
        case.rehab_value_assessment, case.treatment_recommendation = VALUE, RECOMMENDATION
        first_number, injury_id = case.case_number, case.injury_id
        u.commit()
        injuries = u.session.scalar(select(func.count()).select_from(Injury))
    runner = Runner(ward.engine, archive.clock, archive.officer)
    user = SignedIn(archive.officer, "ro", "孙档案员", "records_officer")
    dialog = IntakeDialog(runner, user)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.course_box.isHidden()
    qtbot.keyClicks(dialog.resident_id.edit, VALID_ID)
    loaded(qtbot)
    assert dialog.course_box.isVisible() and dialog.name.text() == "张三"
    assert dialog.injury_choice.count() == 3  # a new injury, and 张三's two
    assert dialog.chosen_injury() is None and dialog.injury_page.isEnabled()

    # the ward's own case of 张三 is still open: refused inline, nothing saved
    open_index = next(i for i in range(1, 3) if dialog.injuries[i - 1].injury_id != injury_id)
    dialog.injury_choice.setCurrentIndex(open_index)
    assert "尚未出院" in dialog.course_note.text()
    dialog.save_button.click()
    loaded(qtbot)
    assert dialog.isVisible() and "尚未出院" in dialog.error.text()
    assert dialog.tabs.currentIndex() == 0 and dialog.injury_choice.hasFocus()

    # the discharged injury: its facts shown read-only, the earlier texts to start from
    dialog.injury_choice.setCurrentIndex(3 - open_index)
    choice = dialog.chosen_injury()
    assert choice is not None and choice.injury_id == injury_id
    assert not dialog.injury_page.isEnabled()
    assert dialog.recognition_number.text() == "泸人社工认〔2026〕101号"
    assert [d.icd_code for d in dialog.diagnoses.diagnoses()] == ["S72.001"]
    assert first_number in dialog.course_note.text() and "沿用原工伤记录" in dialog.course_note.text()
    assert dialog.value_assessment.toPlainText() == VALUE
    assert dialog.recommendation.toPlainText() == RECOMMENDATION
    assert dialog.course_reason.currentData() == "relapse" and dialog.stage.currentData() == "RECUR"
    dialog.recommendation.clear()
    type_chinese(dialog.recommendation, "运动疗法每日2次，预计6周。")  # editable
    dialog.setting.setCurrentIndex(dialog.setting.findData("outpatient"))
    keep_screenshot(dialog, "repeat_course_intake.png", tmp_path)
    dialog.save_button.click()
    loaded(qtbot)
    assert not dialog.isVisible() and dialog.case_id is not None
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Injury)) == injuries
        new = u.session.get(RehabCase, dialog.case_id)
        assert new is not None
        assert (new.injury_id, new.previous_case_id, new.course_reason, new.stage, new.setting) == (
            injury_id, first, "relapse", "RECUR", "outpatient")
        assert new.rehab_value_assessment == VALUE
        assert new.treatment_recommendation == "运动疗法每日2次，预计6周。"

    page = ApplicationPage(runner, user)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    page.load(dialog.case_id)
    loaded(qtbot)
    assert page.earlier.isVisible() and "1 次" in page.earlier.title.text()
    table = page.earlier.table
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[0] == first_number and row[1] == "稳定期"
    assert row[2] == "2026-04-03 – 2026-05-20"
    assert row[3:] == ["康复计划完成", "原单位原岗位", "运动疗法 2/10；作业疗法 0/20"]
    keep_screenshot(page, "repeat_course_earlier_courses.png", tmp_path)
    page.load(first)  # the first course has no earlier one
    loaded(qtbot)
    assert page.earlier.isHidden() and page.earlier.courses == []
