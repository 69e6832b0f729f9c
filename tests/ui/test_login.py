"""The sign-in dialog and the first-run administrator dialog (offscreen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import FixedClock
from desktop_app.db.models import AuditEvent, StaffUser
from desktop_app.services.admin.sign_in import needs_first_administrator
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.admin.first_run_dialog import FirstRunDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.login_dialog import LoginDialog
from tests.ui.test_i18n import english
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, type_chinese, type_into, ward

__all__ = ["english", "ward"]  # the fixtures


def test_sign_in_with_enter(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    dialog = LoginDialog(ward.runner, hint="演示档案：演示账户密码见说明（仅用于演示）。")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.username.hasFocus() or not dialog.isActiveWindow()
    type_into(qtbot, dialog.form.username, "pt")
    keep_screenshot(dialog, "login_dialog.png", tmp_path)
    type_into(qtbot, dialog.form.password, PASSWORDS["pt"], enter=True)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None
    assert dialog.signed_in.user_id == ward.archive.therapist
    [login] = ward.events("login")
    assert login.actor_id == ward.archive.therapist


def test_wrong_password_is_said_inline_and_audited(qtbot: QtBot, ward: Ward,
                                                   tmp_path: Path) -> None:
    dialog = LoginDialog(ward.runner, username="pt")
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.form.password, "not-my-password", enter=True)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.form.error.isVisible()
    assert dialog.form.error.text() == "用户名或密码错误。"  # in the interface's language
    assert dialog.form.password.text() == ""  # typed again, not kept
    keep_screenshot(dialog, "login_dialog_refused.png", tmp_path)
    [failed] = ward.events("login_failed")
    assert failed.details["username"] == "pt" and "not-my-password" not in str(failed.details)
    type_into(qtbot, dialog.form.password, PASSWORDS["pt"], enter=True)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_sign_in_dialog_in_english(qtbot: QtBot, ward: Ward, english: None,
                                       tmp_path: Path) -> None:
    dialog = LoginDialog(ward.runner, username="pt")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Rehabilitation archive — Sign in"
    assert dialog.form.button.text() == "Sign in"
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"User name", "Password", "Sign in with your own account"} <= labels
    type_into(qtbot, dialog.form.password, "not-my-password", enter=True)
    assert dialog.form.error.text() == "Wrong username or password."  # the service's English half
    keep_screenshot(dialog, "login_dialog_english.png", tmp_path)
    dialog.form.username.clear()
    dialog.form.submit()
    assert dialog.form.error.text() == "Enter your username."


def test_an_empty_username_is_not_sent(qtbot: QtBot, ward: Ward) -> None:
    dialog = LoginDialog(ward.runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.form.button, Qt.MouseButton.LeftButton)
    assert "请输入用户名" in dialog.form.error.text()
    assert ward.events("login_failed") == []


def fill_first_run(qtbot: QtBot, dialog: FirstRunDialog, again: str = "chief-pass-1") -> None:
    type_into(qtbot, dialog.username, "chief")
    type_chinese(dialog.display_name, "院办管理员")
    type_into(qtbot, dialog.password, "chief-pass-1")
    type_into(qtbot, dialog.again, again)


def staff_rows(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(StaffUser)) or 0


def test_first_run_creates_the_administrator(qtbot: QtBot, engine: Engine, clock: FixedClock,
                                             uow: Callable[..., UnitOfWork]) -> None:
    dialog = FirstRunDialog(Runner(engine, clock))
    qtbot.addWidget(dialog)
    dialog.show()
    fill_first_run(qtbot, dialog, again="chief-pass-2")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "两次输入的密码不一致" in dialog.error.text() and staff_rows(engine) == 0
    type_into(qtbot, dialog.again, "chief-pass-1")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created is not None and dialog.created.display_name == "院办管理员"
    assert not needs_first_administrator(engine)
    login = LoginDialog(Runner(engine, clock), username=dialog.created.username)
    qtbot.addWidget(login)
    login.show()
    type_into(qtbot, login.form.password, "chief-pass-1", enter=True)
    assert login.signed_in == dialog.created


def test_cancelling_the_first_run_leaves_nothing(qtbot: QtBot, engine: Engine,
                                                 clock: FixedClock) -> None:
    dialog = FirstRunDialog(Runner(engine, clock))
    qtbot.addWidget(dialog)
    dialog.show()
    fill_first_run(qtbot, dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.created is None
    assert staff_rows(engine) == 0 and needs_first_administrator(engine)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
