"""The follow-up dialog, opened from the discharge page of a discharged case: the three
milestones with their due day; recording one shows it in its row; a missing work status is
shown inline and saves nothing. Its labels are the vocabulary's Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.db.models import FollowUp
from desktop_app.domain.vocabulary import (
    DISCHARGE_DESTINATION_ZH,
    FOLLOW_UP_METHOD_ZH,
    RETURN_TO_WORK_ZH,
)
from desktop_app.ui.clinical.follow_up_dialog import DESTINATION, METHOD, WORK_STATUS, FollowUpDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.home_view import HomeView
from tests.ui.test_discharge import discharge_page
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture


def test_the_labels_are_the_vocabulary_s() -> None:
    assert DESTINATION == DISCHARGE_DESTINATION_ZH
    assert WORK_STATUS == RETURN_TO_WORK_ZH
    assert METHOD == FOLLOW_UP_METHOD_ZH


def rows(dialog: FollowUpDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def saved(ward: Ward) -> list[tuple[int, date, str, str, int | None]]:
    with Session(ward.engine) as session:
        return [(f.months, f.contacted_on, f.method, f.return_to_work, f.satisfaction)
                for f in session.scalars(select(FollowUp).order_by(FollowUp.id))]


def test_record_a_follow_up_and_see_it(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id = ward.archive.discharged_case()  # discharged 2026-05-20, today 2026-06-01
    page = discharge_page(ward, qtbot, "records_officer")
    page.resize(1280, 640)
    page.load(case_id)
    loaded(qtbot)
    assert "去向：回家休养" in page.state.text() and "就业状况：原单位原岗位" in page.state.text()
    keep_screenshot(page, "discharge_outcome.png", tmp_path)
    assert page.follow_up_button.isEnabled()
    qtbot.mouseClick(page.follow_up_button, Qt.MouseButton.LeftButton)
    dialog = page.follow_up
    assert dialog is not None
    qtbot.waitExposed(dialog)
    loaded(qtbot)
    assert [r[:3] for r in rows(dialog)] == [["3 个月", "2026-08-20", "未随访"],
                                            ["6 个月", "2026-11-20", "未随访"],
                                            ["12 个月", "2027-05-20", "未随访"]]
    assert "出院 2026-05-20" in dialog.summary.text() and dialog.record_button.isEnabled()

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # no work status chosen
    loaded(qtbot)
    assert dialog.error.isVisible() and "就业状况" in dialog.error.text()
    assert dialog.work.property("invalid") is True and saved(ward) == []

    dialog.contacted_on.setDate(QDate(2026, 5, 25))
    dialog.method.setCurrentIndex(dialog.method.findData("visit"))
    dialog.work.setCurrentIndex(dialog.work.findData("other_employer"))
    dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData(4))
    type_chinese(dialog.note, "已在新单位上班")
    keep_screenshot(dialog, "follow_up_dialog.png", tmp_path)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert saved(ward) == [(3, date(2026, 5, 25), "visit", "other_employer", 4)]
    assert rows(dialog)[0] == ["3 个月", "2026-08-20", "2026-05-25", "上门/来院", "其他单位就业", "4",
                               "已在新单位上班"]
    assert rows(dialog)[1][2] == "未随访" and dialog.recorded == 1 and "已保存" in dialog.saved.text()
    assert not dialog.error.isVisible()

    # A correction: the same milestone again; the latest counts and the row says so.
    dialog.work.setCurrentIndex(dialog.work.findData("same_job"))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert rows(dialog)[0][4] == "原单位原岗位" and "已更正 1 次" in rows(dialog)[0][6]
    keep_screenshot(dialog, "follow_up_dialog_recorded.png", tmp_path)
    dialog.reject()


def test_the_button_waits_for_the_discharge(ward: Ward, qtbot: QtBot) -> None:
    page = discharge_page(ward, qtbot, "physician")
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    assert not page.follow_up_button.isEnabled() and page.open_follow_up() is None


def test_a_due_follow_up_is_on_the_home_screen_of_who_records_it(ward: Ward, qtbot: QtBot) -> None:
    """An archived case discharged 2026-05-20: on 2026-08-20 its 3-month follow-up is due."""
    ward.archive.archived_case()
    due = date(2026, 8, 20)
    for user_id, role in ((ward.archive.officer, "records_officer"), (ward.archive.therapist, "therapist"),
                          (ward.archive.physician, "physician")):
        view = HomeView(Runner(ward.engine, FixedClock(china_datetime(due, 9))), user_id, role)
        qtbot.addWidget(view)
        loaded(qtbot)
        rows_shown = [(view.alerts.item(row, 1).text(), view.alerts.item(row, 3).text())
                      for row in range(view.alerts.rowCount())]
        asked = [(patient, text) for patient, text in rows_shown if "随访" in text]
        assert asked == [("张三", "出院 3 个月随访已到期（2026-08-20），尚未记录")], role
