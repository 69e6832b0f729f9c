"""User administration and the audit history from the main window (offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.admin import accounts, sign_in
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.admin.user_admin import AddUserDialog, UserAdminDialog
from desktop_app.ui.integrity.audit_view import AuditHistoryDialog
from desktop_app.ui.shell.main_window import MainWindow
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def main_window(qtbot: QtBot, ward: Ward, user: SignedIn) -> MainWindow:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", user)
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    return window


def admin(ward: Ward) -> SignedIn:
    return SignedIn(ward.archive.admin, "admin", "管理员", "admin")


def open_admin(window: MainWindow) -> UserAdminDialog:
    window.open_user_admin()
    dialog = window.findChild(UserAdminDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def click_ok(qtbot: QtBot, dialog: QDialog) -> None:
    """OK, as a person clicks it, and wait for the archive to answer."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()
    loaded(qtbot)


def cell(dialog: UserAdminDialog, username: str, column: int) -> str:
    row = next(i for i, line in enumerate(dialog.lines) if line.username == username)
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def test_administrator_adds_an_assistant(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    window = main_window(qtbot, ward, admin(ward))
    assert window.user_admin_action.isVisible()
    dialog = open_admin(window)
    assert dialog.table.rowCount() == 5
    assert cell(dialog, "pta", 2) == "治疗师助理" and cell(dialog, "pta", 4) == "李治疗师"
    assert cell(dialog, "doc", 5) == "在职" and cell(dialog, "doc", 6) == "已设置"
    keep_screenshot(dialog, "user_admin.png", tmp_path)

    form = dialog.add_user()
    assert isinstance(form, AddUserDialog) and not form.supervisor.isEnabled()
    type_into(qtbot, form.username, "pta2")
    type_chinese(form.display_name, "钱助理")
    form.role.setCurrentIndex(form.role.findData("assistant"))
    assert form.supervisor.isEnabled()
    assert [form.supervisor.itemText(i) for i in range(form.supervisor.count())] == [
        "王医生（医师）", "李治疗师（治疗师）"]
    form.supervisor.setCurrentIndex(1)
    type_into(qtbot, form.password, "assistant-pw-1")
    type_into(qtbot, form.again, "assistant-pw-2")
    click_ok(qtbot, form)
    assert "两次输入的密码不一致" in form.error.text() and form.isVisible()
    type_into(qtbot, form.again, "assistant-pw-1")
    keep_screenshot(form, "user_admin_add.png", tmp_path)
    click_ok(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert dialog.table.rowCount() == 6
    assert cell(dialog, "pta2", 0) == "钱助理" and cell(dialog, "pta2", 4) == "李治疗师"
    created = [e for e in ward.events("create") if e.record_type == "staff_user"][-1]
    assert created.actor_id == ward.archive.admin

    dialog.select_username("pta2")
    dialog.toggle_active()
    assert not dialog.isEnabled()  # until the archive answers
    loaded(qtbot)
    assert dialog.isEnabled() and cell(dialog, "pta2", 5) == "已停用"
    assert dialog.active_button.text() == "启用"
    dialog.toggle_active()
    loaded(qtbot)
    assert cell(dialog, "pta2", 5) == "在职"

    reset = dialog.reset_password()
    assert reset is not None
    type_into(qtbot, reset.password, "short")
    type_into(qtbot, reset.again, "short")
    click_ok(qtbot, reset)
    assert "密码至少8个字符" in reset.error.text()
    type_into(qtbot, reset.password, "assistant-pw-9")
    type_into(qtbot, reset.again, "assistant-pw-9")
    click_ok(qtbot, reset)
    assert reset.result() == QDialog.DialogCode.Accepted


def test_an_administrator_cannot_deactivate_themselves(qtbot: QtBot, ward: Ward) -> None:
    window = main_window(qtbot, ward, admin(ward))
    dialog = open_admin(window)
    dialog.select_username("admin")
    dialog.toggle_active()
    loaded(qtbot)
    box = dialog.findChild(QMessageBox)
    assert box is not None and "不能停用自己的账户" in box.text()
    assert cell(dialog, "admin", 5) == "在职"


def test_a_non_administrator_sees_the_refusal(qtbot: QtBot, ward: Ward) -> None:
    therapist = SignedIn(ward.archive.therapist, "pt", "李治疗师", "therapist")
    window = main_window(qtbot, ward, therapist)
    assert not window.user_admin_action.isVisible()  # hidden, and refused all the same:
    window.open_user_admin()
    assert window.findChild(UserAdminDialog) is None or not window.findChild(
        UserAdminDialog).isVisible()
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == "治疗师无权管理用户。\nA therapist may not manage users."
    [denied] = ward.events("denied")
    assert denied.actor_id == ward.archive.therapist
    assert denied.details["action"] == "user.manage"


def test_add_user_refused_mid_way_shows_a_message(qtbot: QtBot, ward: Ward) -> None:
    """The administrator is deactivated (by another administrator, elsewhere) while the form
    is open: the service refuses, and says so in a message box."""
    window = main_window(qtbot, ward, admin(ward))  # kept: qtbot holds only a weak reference
    form = open_admin(window).add_user()
    with ward.archive.uow(ward.archive.admin) as u:
        second = sign_in.create_account(u, "admin2", "副管理员", "admin", "second-admin-1")
    with ward.archive.uow(second) as u:
        accounts.deactivate(u, ward.archive.admin)
    type_into(qtbot, form.username, "x1")
    type_chinese(form.display_name, "某人")
    type_into(qtbot, form.password, "long-enough-1")
    type_into(qtbot, form.again, "long-enough-1")
    click_ok(qtbot, form)
    box = form.findChild(QMessageBox)
    assert box is not None and box.text().startswith("请先登录")
    assert form.isVisible() and form.error.text() == ""


def test_audit_history(qtbot: QtBot, ward: Ward) -> None:
    window = main_window(qtbot, ward, admin(ward))
    window.select_first_case()
    window.open_audit_history()
    dialog = window.findChild(AuditHistoryDialog)
    assert dialog is not None and dialog.isVisible()
    item = dialog.table.item(0, 2)
    assert item is not None and item.text() == "查阅档案"
    actor = dialog.table.item(0, 1)
    assert actor is not None and actor.text() == "管理员"
    therapist = SignedIn(ward.archive.therapist, "pt", "李治疗师", "therapist")
    refused = main_window(qtbot, ward, therapist)
    refused.open_audit_history()
    box = refused.findChild(QMessageBox)
    assert box is not None and "无权查看审计记录" in box.text()
