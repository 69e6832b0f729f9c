"""Busy work from a button: off the UI thread, the result handed over in the UI thread,
a refusal shown as a message, Cancel stops the work and nothing is handed over."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.errors import UserError
from desktop_app.ui.kit.background import Progress
from desktop_app.ui.kit.busy import BusyWork


def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_result_arrives_in_the_ui_thread(qtbot: QtBot) -> None:
    window = parent(qtbot)
    ui_thread = QThread.currentThread()
    seen: list[tuple[object, bool, bool]] = []

    def work(_progress: Progress) -> object:
        return threading.current_thread() is threading.main_thread()

    busy = BusyWork(window, "…", work, lambda r: seen.append((r, QThread.currentThread() is ui_thread,
                                                              True))).start()
    qtbot.waitUntil(lambda: busy.job is None, timeout=10_000)
    assert seen == [(False, True, True)]  # worked in another thread, handed over in this one
    assert not busy.dialog.isVisible()


def test_a_refusal_is_a_message_and_nothing_is_handed_over(qtbot: QtBot) -> None:
    window = parent(qtbot)
    seen: list[object] = []
    def refused(_progress: Progress) -> object:
        raise UserError("不行。", "No.")  # what ``Runner.job`` raises for a refusal

    busy = BusyWork(window, "…", refused, seen.append).start()
    qtbot.waitUntil(lambda: busy.job is None, timeout=10_000)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert seen == [] and boxes and "不行" in boxes[0].text()


def test_cancel_stops_the_work(qtbot: QtBot) -> None:
    window = parent(qtbot)
    seen: list[object] = []
    started = threading.Event()

    def work(progress: Progress) -> object:
        started.set()
        for n in range(1000):
            progress("work", n, 1000)
            time.sleep(0.01)
        return "finished"

    busy = BusyWork(window, "…", work, seen.append).start()
    assert started.wait(5)
    (cancel,) = busy.dialog.findChildren(QPushButton)
    cancel.click()
    qtbot.waitUntil(lambda: busy.job is None, timeout=10_000)
    assert seen == []
