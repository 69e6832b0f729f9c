"""The main window's home screen and case workspace together: from today's work to a
recorded session in two actions, the home screen refreshed after it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import list_cases
from desktop_app.services.intake import intake
from desktop_app.ui.intake.admission_dialog import AdmissionDialog
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.case_workspace import EXECUTION, NO_CASE, CaseWorkspace
from desktop_app.ui.shell.main_window import CASES, HOME, MainWindow
from tests.services.test_worklist_search import prescribed_case
from tests.ui.test_i18n import english
from tests.ui.test_signature_pad import draw
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["english", "ward"]  # the fixtures


def test_from_the_worklist_to_a_recorded_session(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    window = MainWindow(ward.engine, archive.clock, "测试档案",
                        SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    assert window.sections.currentIndex() == HOME
    assert window.case_header.text() == NO_CASE and not window.workspace.tabs.isEnabled()
    keep_screenshot(window, "main_window_home.png", tmp_path)
    work = window.home.work
    assert work.rowCount() == 1 and work.item(0, 6).text() == ""

    work.setCurrentCell(0, 1)
    loaded(qtbot)
    qtbot.keyClick(work, Qt.Key.Key_Return)  # action 1: open the work item
    loaded(qtbot)
    assert window.sections.currentIndex() == CASES
    assert window.workspace.tabs.currentIndex() == EXECUTION
    sheet = window.workspace.execution
    assert "张三" in window.case_header.text() and "剩 29 天" in window.case_header.text()
    assert sheet.item.currentData().prescription_id == prescription_id
    qtbot.mouseClick(sheet.record_button, Qt.MouseButton.LeftButton)  # action 2: record
    loaded(qtbot)
    assert sheet.model.rowCount() == 1 and sheet.model.rows[0].state == "draft"
    assert work.item(0, 6).text() == "1"  # the home screen was refreshed
    kinds = {window.timeline.topLevelItem(i).text(1) for i in range(window.timeline.topLevelItemCount())}
    assert "治疗" in kinds
    qtbot.wait(20)
    keep_screenshot(window, "main_window_case.png", tmp_path)
    assert case_id == window.workspace.case.id  # type: ignore[union-attr]


def test_new_case_and_admission_from_the_case_menu(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    window = MainWindow(ward.engine, archive.clock, "测试档案",
                        SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    window.new_case_action.trigger()
    loaded(qtbot)
    [dialog] = [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
    dialog.case_created.emit(ward.case_id)  # what a saved intake tells the window
    loaded(qtbot)
    dialog.reject()
    assert window.sections.currentIndex() == CASES
    assert window.workspace.tabs.currentWidget() is window.workspace.approvals
    assert "张三" in window.case_header.text() and "尚未核准" in window.case_header.text()

    with archive.uow(archive.officer) as u:
        intake.record_approval(u, ward.case_id, archive.approval())
    window.admit_action.trigger()
    loaded(qtbot)
    [admission] = [d for d in window.findChildren(AdmissionDialog) if d.isVisible()]
    admission.reject()
    window.case_changed()
    assert "已核准" in window.case_header.text() and "核准 2026-04-01" in window.case_header.text()



def test_the_case_workspace_and_its_execution_sheet_in_english(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                                               english: None) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    workspace = CaseWorkspace(Runner(ward.engine, archive.clock, archive.therapist),
                              SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(workspace)
    workspace.resize(1100, 640)
    workspace.show()
    assert workspace.header.text() == "Choose a case"
    tabs = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert tabs == ["Overview", "Sessions", "Application", "Approval", "Experts & devices", "Plan",
                    "Prescriptions", "Assessments", "Outcome", "Consent", "Discharge", "Claims"]
    with Session(ward.engine) as session:
        [row] = [r for r in list_cases(session, archive.clock.today()) if r.id == case_id]
    workspace.show_case(row, prescription_id)
    loaded(qtbot)
    assert "In rehabilitation" in workspace.header.text() and "days left" in workspace.header.text()
    sheet = workspace.execution
    headings = [sheet.model.headerData(c, Qt.Orientation.Horizontal)
                for c in range(sheet.model.columnCount())]
    assert headings == ["Date", "Time", "Item", "Count", "Therapist", "Therapist's signature",
                        "Patient's signature"]
    assert sheet.record_button.text() == "Record" and "done/prescribed 0/10)" in sheet.item.currentText()
    qtbot.mouseClick(sheet.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert sheet.model.index(0, 5).data() == "Awaiting signature"
    assert sheet.note.text() == "1 session(s); 1 awaiting the patient's signature (1 today)"
    qtbot.wait(20)
    keep_screenshot(workspace, "case_workspace_en.png", tmp_path)

    qtbot.mouseClick(sheet.sign_today, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = sheet.dialog
    assert dialog is not None and dialog.windowTitle() == "Patient signature"
    assert dialog.confirm_button.text() == "Confirm signature"
    assert dialog.meaning.text() == "Meaning of the signature: Patient confirms the sessions"
    qtbot.waitExposed(dialog)
    draw(qtbot, dialog.pad, [[(100, 100), (102, 101)]])  # a tap: too little ink
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.message.isVisible() and dialog.message.text().startswith("Too little ink")
    keep_screenshot(dialog, "patient_signature_en.png", tmp_path)
    dialog.reject()


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    """The next ``count`` widgets Tab reaches from ``start`` (editors inside a spin box
    count as the spin box)."""
    found: list[QWidget] = [start]
    raw = start
    for _ in range(500):  # the chain is a ring: stop once round
        if len(found) == count:
            break
        raw = raw.nextInFocusChain()
        widget = raw.parentWidget() if isinstance(raw.parentWidget(), QAbstractSpinBox) else raw
        usable = (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
                  and widget.isEnabled())
        if usable and widget not in found:
            found.append(widget)
    return found


def test_the_execution_sheet_is_filled_in_reading_order_with_tab(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    window = MainWindow(ward.engine, archive.clock, "测试档案",
                        SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_id, prescription_id)
    loaded(qtbot)
    sheet = window.workspace.execution
    assert tab_chain(sheet.item, 5) == [sheet.item, sheet.count, sheet.start, sheet.end,
                                        sheet.record_button]
    assert sheet.record_button.isDefault()  # Enter records
