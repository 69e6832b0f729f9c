"""The app's sign-in: the window painted before the archive opens, the non-interactive
sign-in (``--user`` / ``--password-env``) and the argument checks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
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
    assert "gc-automatic=False" in result.stdout  # collected on the GUI thread only


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


def test_long_work_runs_behind_a_progress_dialog(qtbot: QtBot) -> None:
    """The demo's generation (most of a minute) runs in a thread while a progress dialog
    shows how far it is; the window stays painted and an error reaches the caller."""
    from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[int, int, str]] = []
    release = threading.Event()

    def work(progress: Callable[[int, int], None]) -> None:
        for n in (1, 2, 3):
            progress(n, 3)
            release.wait(0.5)  # time for the dialog to show this step

    def watch() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen.append((widget.value(), widget.maximum(), widget.labelText()))

    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(50)
    app._with_progress(parent, work)
    timer.stop()
    assert {(v, m) for v, m, _ in seen} >= {(1, 3), (2, 3)}  # it moved while the work ran
    assert any("1/3" in label and "patient 1 of 3" in label for _v, _m, label in seen)
    assert not any(isinstance(w, QProgressDialog) and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # closed afterwards

    def failing(progress: Callable[[int, int], None]) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        app._with_progress(parent, failing)


def test_a_screenshot_needs_no_display(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--screenshot`` on a machine without a display draws offscreen instead of failing
    with Qt's "could not connect to display"."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app._no_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not app._no_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    assert not app._no_display()


@pytest.mark.sqlite_only  # the demo archive is a SQLite file of the PC
def test_a_new_demo_shows_its_progress_before_the_schema_is_made(qtbot: QtBot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """First start with ``--demo``: the progress dialog is up while the archive's tables are
    still being created, not only once the patients are written (the schema takes a second or
    two before them, and the window showed nothing meanwhile)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
    from sqlalchemy import create_engine, inspect

    monkeypatch.setattr(app, "DEMO_PATIENTS", 2)
    monkeypatch.setattr(app, "subdir", lambda name: tmp_path / name)
    path = tmp_path / "demo.sqlite3"
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[bool] = []  # whether the cases table existed when the dialog was seen

    def watch() -> None:
        if any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()):
            probe = create_engine(f"sqlite:///{path}")
            try:
                seen.append(path.exists() and inspect(probe).has_table("rehab_case"))
            finally:
                probe.dispose()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    engine = app._open_archive(f"sqlite:///{path}", demo=True, parent=parent)
    timer.stop()
    try:
        assert seen and seen[0] is False  # up before the schema
        assert seen[-1] is True  # and still up while the patients were written
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM rehab_case").scalar_one() >= 2
    finally:
        engine.dispose()
    again = app._open_archive(f"sqlite:///{path}", demo=True, parent=parent)  # no dialog: it exists
    again.dispose()
