"""The app's sign-in: the window painted before the archive opens, the non-interactive
sign-in (``--user`` / ``--password-env``) and the argument checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app import app
from tests.ui.ward import PASSWORDS, Ward, type_into, ward

__all__ = ["ward"]  # the fixture


@pytest.mark.parametrize("argv", [
    ["--password-env", "VAR"],  # no --user
    ["--user", "pt"],  # no password source (only the demo has a published one)
    ["--screenshot", "x.png"],  # nobody to sign in as
    ["--demo", "--lock-minutes", "0"],
])
def test_argument_checks(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        app._arguments(argv)
    assert caught.value.code == 2


def test_lock_minutes_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REHAB_LOCK_MINUTES", raising=False)
    assert app._arguments([]).lock_minutes == app.DEFAULT_LOCK_MINUTES == 10
    monkeypatch.setenv("REHAB_LOCK_MINUTES", "2.5")
    assert app._arguments([]).lock_minutes == 2.5
    monkeypatch.setenv("REHAB_LOCK_MINUTES", "ten")
    with pytest.raises(SystemExit):
        app._arguments([])


def test_user_and_password_from_the_environment(ward: Ward, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    args = app._arguments(["--user", "pt", "--password-env", "WARD_PW"])
    monkeypatch.setenv("WARD_PW", PASSWORDS["pt"])
    user = app._non_interactive_sign_in(args, ward.runner)
    assert not isinstance(user, int) and user.user_id == ward.archive.therapist
    monkeypatch.setenv("WARD_PW", "wrong-password")
    assert app._non_interactive_sign_in(args, ward.runner) == 1
    assert "用户名或密码错误" in capsys.readouterr().err
    monkeypatch.delenv("WARD_PW")
    assert app._non_interactive_sign_in(args, ward.runner) == 2
    assert [e.details["reason"] for e in ward.events("login_failed")] == ["wrong_password"]


def test_the_login_window_is_painted_before_the_database_layer_loads(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REHAB_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--startup-probe"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "database-layer-loaded=False" in result.stdout


def test_signing_in_waits_for_the_archive(ward: Ward, qtbot: QtBot) -> None:
    login = app._show_login_window(app._arguments([]))
    qtbot.addWidget(login)
    assert login.isVisible() and login.status.isVisible()
    assert not login.form.button.isEnabled()
    type_into(qtbot, login.form.username, "pt")
    type_into(qtbot, login.form.password, PASSWORDS["pt"], enter=True)  # nothing happens yet
    assert login.signed_in is None and login.isVisible()
    login.archive_ready(ward.runner)
    assert login.form.button.isEnabled() and not login.status.isVisible()
    qtbot.mouseClick(login.form.button, Qt.MouseButton.LeftButton)
    assert login.signed_in is not None and login.signed_in.user_id == ward.archive.therapist
