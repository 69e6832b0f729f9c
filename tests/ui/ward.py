"""A ward PC for the UI tests: the test archive with passwords, helpers to type like a
person (Chinese through an input-method commit) and to keep screenshots.

Set ``REHAB_SCREENSHOT_DIR`` to also keep the screenshots (docs/screenshots/ holds them).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent
from desktop_app.services.admin import accounts
from desktop_app.ui.kit.fonts import install_cjk_font
from desktop_app.ui.kit.gui_collector import GuiThreadCollector
from desktop_app.ui.kit.runner import Runner, archive_idle
from tests.archive_fixture import Archive

PASSWORDS = {"admin": "admin-pass-1", "doc": "doctor-pass-1", "pt": "therapist-pass-1",
             "ro": "officer-pass-1"}


@dataclass
class Ward:
    archive: Archive
    engine: Engine
    runner: Runner
    case_id: int

    def events(self, action: str) -> list[AuditEvent]:
        with Session(self.engine) as session:
            return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.id)))


@pytest.fixture
def ward(archive: Archive, engine: Engine, qapp: QApplication, qtbot: QtBot) -> Iterator[Ward]:
    install_cjk_font(qapp)
    ids = {"admin": archive.admin, "doc": archive.physician, "pt": archive.therapist,
           "ro": archive.officer}
    for username, password in PASSWORDS.items():
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, ids[username], password, hasher=accounts.DEMO_HASHER)
        archive.passwords[ids[username]] = password
    case_id = archive.register()  # 张三: patient data on the screen
    # As in the app, garbage is collected on this (the GUI) thread only (and in ``loaded``).
    collector = GuiThreadCollector(qapp)
    try:
        yield Ward(archive, engine, Runner(engine, archive.clock), case_id)
        loaded(qtbot)  # no page read outlives its test's archive
    finally:
        collector.stop()
        collector.deleteLater()
        gc.collect()


def loaded(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Wait until every page read and write asked for so far has been handed over (pages
    read and write in the background; a write done may ask for a read, and a read shown
    for the next, which are waited for too)."""
    if not gc.isenabled():  # the ward's collector owns collection: collect here, on the GUI thread
        gc.collect()
    qtbot.waitUntil(archive_idle, timeout=timeout)


def type_chinese(widget: QWidget, text: str) -> None:
    """What an input method does: commit the composed text (key clicks are ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, field: QLineEdit, text: str, *, enter: bool = False) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    if enter:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def keep_screenshot(widget: QWidget, name: str, tmp_path: Path) -> None:
    image = widget.grab()
    assert not image.isNull()
    for folder in filter(None, (str(tmp_path), os.environ.get("REHAB_SCREENSHOT_DIR"))):
        Path(folder).mkdir(parents=True, exist_ok=True)  # a test run alone finds none made yet
        assert image.save(str(Path(folder) / name)), name


def visible_texts(widget: QWidget) -> Iterator[str]:
    """Every text a person could read in the visible part of ``widget``."""
    for child in widget.findChildren(QWidget):
        if child.isVisible():
            for attribute in ("text", "windowTitle", "placeholderText"):
                getter = getattr(child, attribute, None)
                if callable(getter):
                    value = getter()
                    if isinstance(value, str):
                        yield value
