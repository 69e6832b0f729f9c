"""切换用户 is a sign-in for the next user, not a lock; the idle lock (and Ctrl+L) stays a
lock (已锁定 / 解锁). Both keep the current user's unsaved input."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.ui.shell.workstation import Workstation
from tests.ui.test_workstation import (
    DRAFT,
    Answers,
    answers,
    idle_ms,
    open_form,
    patient_data_hidden,
    sign_in_at_lock_screen,
    station,
)
from tests.ui.ward import Ward, keep_screenshot, type_into, visible_texts, ward

__all__ = ["answers", "idle_ms", "station", "ward"]  # the fixtures


def test_switch_user_asks_the_next_user_to_sign_in(qtbot: QtBot, ward: Ward, station: Workstation,
                                                   answers: Answers, tmp_path: Path) -> None:
    form, field = open_form(station.window)
    station.window.switch_action.trigger()  # 会话 → 切换用户
    screen = station.lock_screen
    assert station.locked and patient_data_hidden(station) and screen.isVisible()
    texts = list(visible_texts(screen))
    assert screen.heading.text() == "切换用户" and screen.windowTitle() == "工伤康复档案 — 切换用户"
    assert not any("锁定" in t or "解锁" in t for t in texts), texts
    assert "李治疗师（治疗师）" in screen.who.text() and "让出本机" in screen.who.text()
    assert "下一位人员" in screen.explanation.text() and not any("张三" in t for t in texts)
    assert screen.form.username.text() == "" and screen.form.button.text() == "登录"
    type_into(qtbot, screen.form.username, "pt")  # even the same user signs in (登录), not 解锁
    assert screen.form.button.text() == "登录"
    keep_screenshot(screen, "switch_user.png", tmp_path)
    sign_in_at_lock_screen(qtbot, station, "doc")
    assert station.user.user_id == ward.archive.physician and not station.locked
    assert not form.isVisible() and field.text() == DRAFT  # the therapist's work is kept
    assert list(station.parked) == [ward.archive.therapist]


def test_the_idle_lock_still_says_locked(qtbot: QtBot, station: Workstation, tmp_path: Path) -> None:
    station.switch_user()
    station.lock_screen.hide()
    station.lock(idle=True)  # the same screen again, now as a lock: its wording follows
    screen = station.lock_screen
    assert screen.heading.text() == "已锁定" and screen.windowTitle() == "工伤康复档案 — 已锁定"
    assert "于" in screen.who.text() and "锁定" in screen.who.text()
    assert screen.form.username.text() == "pt" and screen.form.button.text() == "解锁"
    type_into(qtbot, screen.form.username, "doc")  # someone else signs in instead
    assert screen.form.button.text() == "登录"
    type_into(qtbot, screen.form.username, "pt")
    assert screen.form.button.text() == "解锁"
    keep_screenshot(screen, "lock_screen_idle.png", tmp_path)
    sign_in_at_lock_screen(qtbot, station, "pt")
    assert not station.locked and station.parked == {}
