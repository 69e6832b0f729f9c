"""Vocational and psychological instruments in the assessment form, and the 先康复后鉴定 dialog
opened from the outcome report (issue 19, item 7): the goal, the outcome, the physician's
conclusion confirmed with the password, the summary issued and opened to print."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Assessment, IssuedDocument, RehabCase
from desktop_app.domain.vocabulary import APPRAISAL_CONCLUSION_ZH, VOCATIONAL_GOAL_ZH
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.clinical.appraisal_dialog import CONCLUSION, GOAL, AppraisalDialog
from desktop_app.ui.clinical.outcome_report import OutcomeReportPage
from tests.archive_fixture import ADMISSION, DISCHARGE
from tests.domain.test_vocational_instruments import spread
from tests.services.test_vocational import assessed
from tests.ui.test_assessments import choose, fill, page_for
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def test_the_labels_are_the_vocabularys() -> None:
    assert GOAL == VOCATIONAL_GOAL_ZH and CONCLUSION == APPRAISAL_CONCLUSION_ZH


@pytest.mark.parametrize(("code", "total", "shown"), [
    ("PHQ9", 12, "总分 12　分级 中度抑郁"), ("GAD7", 4, "总分 4　分级 无或极轻微焦虑"),
    ("WAI", 37, "总分 37　分级 良（支持工作能力）")])
def test_the_new_instruments_in_the_assessment_form(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                                    code: str, total: int, shown: str) -> None:
    case_id = ward.archive.admitted_case()
    page = page_for(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    choose(page.instrument, code)
    assert page.items is not None
    values = spread(code, total)
    if code == "PHQ9" and values["phq9_9"] == 0:  # a point moved to item 9 (self-harm): warned
        donor = next(k for k, v in values.items() if v)
        values = {**values, donor: int(str(values[donor])) - 1, "phq9_9": 1}
    assert set(page.items.inputs) == set(values)
    fill(page, values)
    assert page.live.text() == shown
    if code == "PHQ9":  # each value says what it means
        first = page.items.inputs["phq9_1"]
        assert isinstance(first, QComboBox)
        assert [first.itemText(i) for i in range(first.count())] == [
            "—", "0 完全不会", "1 好几天", "2 一半以上的天数", "3 几乎每天"]
        keep_screenshot(page, "assessment_phq9.png", tmp_path)
        choose(page.phase, "pre")
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
        dialog = page.dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        type_into(qtbot, dialog.password, PASSWORDS["doc"], enter=True)
        loaded(qtbot)
        with Session(ward.engine) as session:
            rows = [(a.instrument_code, a.total, a.grade, a.grading_scheme, a.record_state)
                    for a in session.scalars(select(Assessment))]
        assert rows == [("PHQ9", 12, "中度抑郁", "symptom_severity", "signed")]
        assert page.form_error.isVisible() and "第 9 题" in page.form_error.text()


def test_goal_outcome_conclusion_and_the_summary_from_the_outcome_report(
        ward: Ward, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    a = ward.archive
    case_id = a.admitted_case()
    for code, pre, post in (("BI", 40, 70), ("PHQ9", 15, 8), ("WAI", 22, 31)):
        assessed(a, case_id, "pre", ADMISSION, code, pre)
        assessed(a, case_id, "post", DISCHARGE - timedelta(days=1), code, post)
    user = SignedIn(a.physician, "doc", "王医生", "physician")
    report = OutcomeReportPage(ward.runner.as_actor(a.physician), user)
    qtbot.addWidget(report)
    report.resize(1100, 640)
    report.show()
    assert not report.appraisal_button.isEnabled()  # no case yet
    report.load(case_id)
    loaded(qtbot)
    assert report.table.rowCount() == 3
    phq = next(r for r in range(3) if report.table.item(r, 0).text().startswith("PHQ9"))
    assert report.table.item(phq, 4).text() == "−7" and "仍有改善" in report.table.item(phq, 6).text()
    qtbot.mouseClick(report.appraisal_button, Qt.MouseButton.LeftButton)
    dialog = report.appraisal
    assert isinstance(dialog, AppraisalDialog)
    qtbot.waitExposed(dialog)
    loaded(qtbot)
    assert "医师尚未作出鉴定前结论" in dialog.summary.text()
    assert "泸州" in dialog.basis.text() and not dialog.print_button.isEnabled()

    choose(dialog.goal, "same_job")
    dialog.goal_on.setDate(dialog.goal_on.date().addDays(-50))
    qtbot.mouseClick(dialog.goal_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    choose(dialog.outcome, "other_job_same_employer")
    type_chinese(dialog.outcome_note, "原单位仓管岗")
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "目标：重返原岗位" in dialog.summary.text() and "结局：原单位其他岗位" in dialog.summary.text()

    choose(dialog.conclusion, "stable_ready")
    type_chinese(dialog.conclusion_note, "肌力恢复，伤情相对稳定")
    type_into(qtbot, dialog.password, "wrong-password")
    qtbot.mouseClick(dialog.conclude_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.conclusion_error.isVisible() and "密码不正确" in dialog.conclusion_error.text()
    type_into(qtbot, dialog.password, PASSWORDS["doc"])
    qtbot.mouseClick(dialog.conclude_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert not dialog.conclusion_error.isVisible()
    assert "医师结论：伤情相对稳定，可以申请劳动能力鉴定（王医生）" in dialog.summary.text()
    assert dialog.print_button.isEnabled()
    keep_screenshot(dialog, "appraisal_dialog.png", tmp_path)

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.issued is not None and opened == [str(dialog.opened_path)]
    assert Path(opened[0]).read_bytes() == dialog.issued.pdf and dialog.issued.pdf.startswith(b"%PDF")
    with Session(ward.engine) as session:
        case = session.get(RehabCase, case_id)
        assert case is not None
        assert (case.vocational_goal, case.vocational_outcome, case.vocational_note,
                case.appraisal_conclusion, case.appraisal_physician_id) == (
            "same_job", "other_job_same_employer", "原单位仓管岗", "stable_ready", a.physician)
        assert list(session.scalars(select(IssuedDocument.kind))) == ["appraisal_summary"]


def test_a_records_officer_prints_but_does_not_conclude(ward: Ward, qtbot: QtBot) -> None:
    a = ward.archive
    case_id = a.admitted_case()
    dialog = AppraisalDialog(ward.runner.as_actor(a.officer), SignedIn(a.officer, "ro", "孙档案员",
                                                                       "records_officer"), case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    loaded(qtbot)
    assert not dialog.conclude_button.isEnabled() and not dialog.goal_button.isEnabled()
    assert not dialog.print_button.isEnabled()  # nothing concluded yet
