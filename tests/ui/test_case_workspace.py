"""The main window's home screen and case workspace together: from today's work to a
recorded session in two actions, the home screen refreshed after it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.services.sign_in import SignedIn
from desktop_app.ui.case_workspace import EXECUTION, NO_CASE
from desktop_app.ui.main_window import CASES, HOME, MainWindow
from tests.services.test_worklist_search import prescribed_case
from tests.ui.ward import Ward, keep_screenshot, ward

__all__ = ["ward"]  # the fixture


def test_from_the_worklist_to_a_recorded_session(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    window = MainWindow(ward.engine, archive.clock, "测试档案",
                        SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(window)
    window.show()
    assert window.sections.currentIndex() == HOME
    assert window.case_header.text() == NO_CASE and not window.workspace.tabs.isEnabled()
    keep_screenshot(window, "main_window_home.png", tmp_path)
    work = window.home.work
    assert work.rowCount() == 1 and work.item(0, 6).text() == ""

    work.setCurrentCell(0, 1)
    qtbot.keyClick(work, Qt.Key.Key_Return)  # action 1: open the work item
    assert window.sections.currentIndex() == CASES
    assert window.workspace.tabs.currentIndex() == EXECUTION
    sheet = window.workspace.execution
    assert "张三" in window.case_header.text() and "剩 29 天" in window.case_header.text()
    assert sheet.item.currentData().prescription_id == prescription_id
    qtbot.mouseClick(sheet.record_button, Qt.MouseButton.LeftButton)  # action 2: record
    assert sheet.model.rowCount() == 1 and sheet.model.rows[0].state == "draft"
    assert work.item(0, 6).text() == "1"  # the home screen was refreshed
    kinds = {window.timeline.topLevelItem(i).text(1) for i in range(window.timeline.topLevelItemCount())}
    assert "治疗" in kinds
    qtbot.wait(20)
    keep_screenshot(window, "main_window_case.png", tmp_path)
    assert case_id == window.workspace.case.id  # type: ignore[union-attr]
