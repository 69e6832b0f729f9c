"""A shared ward PC: idle lock, Ctrl+L, unlocking, and another user taking over (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.shell.idle_lock import IdleWatcher
from desktop_app.ui.shell.workstation import Cover, Workstation
from tests.ui.ward import (
    PASSWORDS,
    Ward,
    keep_screenshot,
    loaded,
    type_chinese,
    type_into,
    visible_texts,
    ward,
)

__all__ = ["ward"]  # the fixture
IDLE_MS = 1_500  # the idle tests' timeout: short, with room for a slow run
CALM_MS = 600_000  # the others': a slow run must not lock the PC between their steps
DRAFT = "右髋屈曲训练后疼痛减轻"


class Answers:
    """The confirmation questions asked, and the answer to give."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = True

    def __call__(self, _parent: QWidget, text: str) -> bool:
        self.asked.append(text)
        return self.answer


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def idle_ms() -> int:
    return CALM_MS


@pytest.fixture
def station(ward: Ward, answers: Answers, idle_ms: int) -> Iterator[Workstation]:
    a = ward.archive
    user = SignedIn(a.therapist, "pt", "李治疗师", "therapist")
    workstation = Workstation(ward.runner, "测试档案", user, idle_ms=idle_ms, confirm=answers)
    workstation.start()
    workstation.window.select_first_case()
    yield workstation
    workstation.idle.stop()
    workstation.lock_screen.hide()
    for session in [workstation.current, *workstation.parked.values()]:
        for window in session.window.findChildren(QDialog):
            window.close()
        session.window.may_close = lambda: True
        session.window.close()


def open_form(parent: QWidget, *, modal: bool = False) -> tuple[QDialog, QLineEdit]:
    """A data-entry form with unsaved input, as a real form of the app would be."""
    form = QDialog(parent)
    form.setWindowTitle("治疗记录 — 张三")
    field = QLineEdit(form)
    QVBoxLayout(form).addWidget(field)
    form.setModal(modal)
    form.show()
    type_chinese(field, DRAFT)
    return form, field


def sign_in_at_lock_screen(qtbot: QtBot, station: Workstation, username: str) -> None:
    form = station.lock_screen.form
    type_into(qtbot, form.username, username)
    type_into(qtbot, form.password, PASSWORDS[username], enter=True)
    loaded(qtbot)


def patient_data_hidden(station: Workstation) -> bool:
    window = station.window
    return not (window.case_table.isVisible() or window.timeline.isVisible()
                or window.case_header.isVisible())


@pytest.mark.parametrize("idle_ms", [IDLE_MS])
def test_idle_lock_hides_patient_data_and_keeps_unsaved_input(
        qtbot: QtBot, ward: Ward, station: Workstation, tmp_path: Path) -> None:
    window = station.window
    assert "张三" in window.case_header.text() and window.case_table.isVisible()
    form, field = open_form(window)
    assert not station.locked
    qtbot.waitUntil(lambda: station.locked, timeout=5 * IDLE_MS)
    assert patient_data_hidden(station)
    assert not form.isVisible() and station.lock_screen.isVisible()
    assert field.text() == DRAFT  # nothing closed or reset
    texts = list(visible_texts(station.lock_screen))
    assert any("李治疗师（治疗师）" in t for t in texts)
    assert not any("张三" in t for t in texts)
    assert station.lock_screen.form.username.text() == "pt"
    keep_screenshot(station.lock_screen, "lock_screen.png", tmp_path)
    [lock] = ward.events("lock")
    assert lock.actor_id == ward.archive.therapist and lock.details == {"reason": "idle"}

    type_into(qtbot, station.lock_screen.form.password, "wrong-password", enter=True)
    assert not station.lock_screen.isEnabled()  # checking the password
    loaded(qtbot)
    assert station.lock_screen.isEnabled() and station.lock_screen.form.password.hasFocus()
    assert station.locked and "用户名或密码错误" in station.lock_screen.form.error.text()
    sign_in_at_lock_screen(qtbot, station, "pt")
    assert not station.locked and station.window is window
    assert form.isVisible() and field.text() == DRAFT
    assert not station.lock_screen.isVisible() and window.case_table.isVisible()
    assert "张三" in window.case_header.text()
    [unlock] = ward.events("unlock")
    assert unlock.actor_id == ward.archive.therapist
    assert ward.events("login") == []  # the same session went on
    assert station.idle.watching  # and the idle timer runs again


def test_ctrl_l_locks_at_once(qtbot: QtBot, ward: Ward, station: Workstation) -> None:
    station.window.activateWindow()
    qtbot.waitActive(station.window)
    qtbot.keyClick(station.window.case_table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert station.locked and patient_data_hidden(station)
    assert ward.events("lock")[0].details == {"reason": "asked"}


def test_another_user_gets_their_own_session_and_the_draft_waits(
        qtbot: QtBot, ward: Ward, station: Workstation, answers: Answers) -> None:
    a = ward.archive
    therapist_window = station.window
    form, field = open_form(therapist_window)
    station.switch_user()  # 切换用户: locked, the username left empty for someone else
    assert station.locked and station.lock_screen.form.username.text() == ""
    sign_in_at_lock_screen(qtbot, station, "doc")
    assert station.user.user_id == a.physician and station.window is not therapist_window
    assert station.window.runner.actor_id == a.physician
    assert not station.locked and station.window.isVisible()
    # The therapist's unsaved input is neither shown to nor usable by the physician.
    assert not form.isVisible() and not therapist_window.isVisible()
    assert field.text() == DRAFT and list(station.parked) == [a.therapist]
    assert "李治疗师" in station.window.statusBar().currentMessage()
    assert answers.asked == []  # nothing had to be given up
    station.window.case_table.selectRow(0)
    assert [e.actor_id for e in ward.events("open")] == [a.therapist, a.physician]
    [logout] = ward.events("logout")
    assert (logout.actor_id, logout.details) == (a.therapist, {"reason": "switch_user"})
    [login] = ward.events("login")
    assert login.actor_id == a.physician
    assert login.details == {"username": "doc", "at_lock_screen_of": a.therapist}

    # The physician locks; the therapist comes back to their own windows and input.
    station.lock()
    assert "李治疗师" in station.lock_screen.explanation.text()
    sign_in_at_lock_screen(qtbot, station, "pt")
    assert station.window is therapist_window and station.user.user_id == a.therapist
    assert form.isVisible() and field.text() == DRAFT and station.parked == {}


def test_a_modal_dialog_is_covered_then_given_up_only_if_the_next_user_agrees(
        qtbot: QtBot, ward: Ward, station: Workstation, answers: Answers) -> None:
    form, field = open_form(station.window, modal=True)
    station.lock()
    assert form.isVisible()  # hiding a modal dialog would end it: it is covered instead
    [cover] = form.findChildren(Cover)
    assert cover.isVisible() and cover.geometry() == form.rect()
    assert field.text() == DRAFT
    answers.answer = False
    sign_in_at_lock_screen(qtbot, station, "doc")
    assert len(answers.asked) == 1 and "取消" in answers.asked[0]
    assert station.locked and station.user.user_id == ward.archive.therapist
    assert ward.events("login") == []
    sign_in_at_lock_screen(qtbot, station, "pt")
    assert not station.locked and form.isVisible() and not form.findChildren(Cover)
    assert field.text() == DRAFT
    station.lock()
    answers.answer = True
    ended: list[int] = []
    form.finished.connect(ended.append)  # the form goes with the previous window afterwards
    sign_in_at_lock_screen(qtbot, station, "doc")
    assert station.user.user_id == ward.archive.physician
    assert ended == [QDialog.DialogCode.Rejected.value]
    assert station.parked == {}  # nothing else was open: nothing kept


def test_a_covered_dialog_deleted_while_locked_does_not_stop_the_next_user(
        qtbot: QtBot, ward: Ward, station: Workstation, answers: Answers) -> None:
    """A message box covered at the lock and closed (deleted with its cover) before the next
    user signs in: the hand-over goes on (it raised "already deleted" before)."""
    form, _field = open_form(station.window, modal=True)
    station.lock()
    [cover] = form.findChildren(Cover)
    shiboken6.delete(form)  # closed and deleted meanwhile, and the cover with it
    assert not cover.alive
    answers.answer = True
    sign_in_at_lock_screen(qtbot, station, "doc")
    assert station.user.user_id == ward.archive.physician and not station.locked


def test_quitting_asks_when_another_users_windows_are_kept(
        qtbot: QtBot, station: Workstation, answers: Answers) -> None:
    open_form(station.window)
    station.switch_user()
    sign_in_at_lock_screen(qtbot, station, "doc")
    answers.answer = False
    assert not station.window.close()
    assert len(answers.asked) == 1 and "李治疗师" in answers.asked[0]
    station.lock()
    assert not station.window.close()  # never while locked
    assert not station.lock_screen.close()


def test_idle_watcher_restarts_on_input(qtbot: QtBot) -> None:
    watcher = IdleWatcher(IDLE_MS)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    for _ in range(6):  # typing keeps it awake past the timeout
        qtbot.wait(IDLE_MS // 5)
        qtbot.keyClick(field, Qt.Key.Key_A)
    assert fired == []
    qtbot.waitUntil(lambda: bool(fired), timeout=5 * IDLE_MS)
    watcher.stop()
    with pytest.raises(ValueError):
        IdleWatcher(0)
