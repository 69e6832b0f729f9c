"""The 档案 Archive menu and the timeline's record actions in the main window (offscreen)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Amendment
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.integrity.amendment_dialog import AmendmentDialog
from desktop_app.ui.integrity.audit_view import AuditHistoryDialog
from desktop_app.ui.integrity.verify_dialog import VerifyDialog
from desktop_app.ui.records.retention_view import RetentionDialog
from desktop_app.ui.shell.main_window import MainWindow
from tests.ui.ward import PASSWORDS, Ward, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def window_for(qtbot: QtBot, ward: Ward, user: SignedIn) -> MainWindow:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", user)
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    return window


def select_case(window: MainWindow, case_id: int) -> None:
    row = next(r for r in range(window.model.rowCount()) if window.model.row_at(r).id == case_id)
    window.case_table.selectRow(row)
    assert window.archive_menu.case is not None and window.archive_menu.case.id == case_id


def session_entry_titles(window: MainWindow) -> list[str]:
    return [window.timeline.topLevelItem(i).text(2) for i in range(window.timeline.topLevelItemCount())
            if window.timeline.topLevelItem(i).text(1) == "治疗"]


def test_a_therapist_corrects_a_session_from_the_timeline(qtbot: QtBot, ward: Ward) -> None:
    case_id = ward.archive.discharged_case()
    window = window_for(qtbot, ward, SignedIn(ward.archive.therapist, "pt", "李治疗师", "therapist"))
    menu = window.archive_menu
    assert menu.amend_action.isVisible() and not menu.amend_action.isEnabled()
    assert not menu.retention_action.isVisible() and not menu.verify_action.isVisible()
    assert not menu.case_audit_action.isVisible()
    select_case(window, case_id)
    assert menu.amend_action.isEnabled()
    assert session_entry_titles(window) == ["治疗 1 项次（共 1 次）"] * 2

    row = next(i for i in range(window.timeline.topLevelItemCount())
               if window.timeline.topLevelItem(i).text(1) == "治疗")
    item = window.timeline.topLevelItem(row)
    window.timeline.setCurrentItem(item)
    window.timeline.itemDoubleClicked.emit(item, 0)
    dialog = window.findChild(AmendmentDialog)
    assert dialog is not None and dialog.isVisible()
    original = menu.entries[row].record_ids[0]
    assert dialog.current == ("treatment_session", original)
    dialog.editors["count"].setValue(3)  # type: ignore[union-attr]
    type_chinese(dialog.reason, "漏记两次")
    type_into(qtbot, dialog.password, PASSWORDS["pt"])
    dialog.submit()
    loaded(qtbot)
    assert dialog.replacement_id is not None
    with Session(ward.engine) as session:
        assert session.scalars(select(Amendment.original_id)).all() == [original]
    # The timeline counts the corrected version, not both.
    assert sorted(session_entry_titles(window)) == ["治疗 1 项次（共 1 次）", "治疗 1 项次（共 3 次）"]


def test_an_officer_opens_retention_verify_and_the_cases_audit(qtbot: QtBot, ward: Ward) -> None:
    case_id = ward.archive.archived_case()
    window = window_for(qtbot, ward, SignedIn(ward.archive.officer, "ro", "孙档案员",
                                              "records_officer"))
    menu = window.archive_menu
    assert menu.retention_action.isVisible() and menu.verify_action.isVisible()
    assert menu.case_audit_action.isVisible() and not menu.amend_action.isVisible()
    menu.retention_action.trigger()
    retention = window.findChild(RetentionDialog)
    assert retention is not None and retention.isVisible() and retention.table.rowCount() == 1
    menu.verify_action.trigger()
    verify = window.findChild(VerifyDialog)
    assert verify is not None and verify.isVisible()
    assert not menu.case_audit_action.isEnabled()
    select_case(window, case_id)
    menu.case_audit_action.trigger()
    audit = window.findChild(AuditHistoryDialog)
    assert audit is not None and audit.isVisible() and audit.case_id == case_id
    assert audit.lines and all(line.record_type != "staff_user" for line in audit.lines)


def test_the_services_refuse_what_the_menu_hides(qtbot: QtBot, ward: Ward) -> None:
    window = window_for(qtbot, ward, SignedIn(ward.archive.physician, "doc", "王医生", "physician"))
    assert not window.archive_menu.retention_action.isVisible()
    assert window.archive_menu.open_retention() is None
    box = window.findChild(QMessageBox)
    assert box is not None and "无权" in box.text()
    assert ward.events("denied")[-1].details["action"] == "retention.report"
