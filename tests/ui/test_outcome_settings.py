"""疗效判定设置: the institution's minimal differences listed with their defaults, saved
together; a value beyond the range is refused inline and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop_app.services.admin.outcome_settings import minimal_difference_overrides
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.admin.outcome_settings_dialog import OutcomeSettingsDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.main_window import MainWindow
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture


def overrides(ward: Ward) -> dict[str, int]:
    with Session(ward.engine) as session:
        return minimal_difference_overrides(session)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """The dialogs' parent, alive for the test (a dialog lives as long as its parent)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


def dialog_for(ward: Ward, window: QWidget, user_id: int) -> OutcomeSettingsDialog:
    dialog = OutcomeSettingsDialog(Runner(ward.engine, ward.archive.clock, user_id), window)
    dialog.show()
    return dialog


def test_minimal_differences_are_listed_and_saved_together(ward: Ward, window: QWidget,
                                                            qtbot: QtBot, tmp_path: Path) -> None:
    dialog = dialog_for(ward, window, ward.archive.admin)
    keep_screenshot(dialog, "outcome_settings.png", tmp_path)
    codes = [row.code for row in dialog.rows]
    bi = codes.index("BI")
    assert dialog.table.item(bi, 2).text() == "0–100" and dialog.table.item(bi, 3).text() == "5"
    assert dialog.points[bi].value() == 0 and dialog.points[bi].text() == "默认"
    dialog.points[bi].setValue(10)
    dialog.points[codes.index("BBS")].setValue(4)
    dialog.ok_button.click()
    assert dialog.isVisible() and not dialog.isEnabled()  # until the archive answers
    loaded(qtbot)
    assert not dialog.isVisible()
    assert overrides(ward) == {"BI": 10, "BBS": 4}

    again = dialog_for(ward, window, ward.archive.admin)
    assert again.points[bi].value() == 10
    again.points[bi].setValue(0)  # back to the default
    again.ok_button.click()
    loaded(qtbot)
    assert overrides(ward) == {"BBS": 4}


def test_only_an_administrator_saves(ward: Ward, window: QWidget, qtbot: QtBot) -> None:
    dialog = dialog_for(ward, window, ward.archive.therapist)
    dialog.points[0].setValue(1)
    dialog.ok_button.click()
    loaded(qtbot)
    assert dialog.isVisible() and dialog.findChild(QMessageBox) is not None
    assert overrides(ward) == {}


def test_the_administration_menu_opens_it_for_administrators_only(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    for user, role, shown in ((archive.admin, "admin", True), (archive.therapist, "therapist", False)):
        window = MainWindow(ward.engine, archive.clock, "测试档案", SignedIn(user, role, role, role))
        loaded(qtbot)
        qtbot.addWidget(window)
        assert window.outcome_settings_action.isVisible() is shown
    window.outcome_settings_action.trigger()  # the therapist's window: the service refuses anyway
    assert any(isinstance(d, OutcomeSettingsDialog) and d.isVisible() for d in window.findChildren(QWidget))
