"""Every role's home in the main window: in Chinese at 1280×640 (the window's default size)
and in English at 1366×768, every column of its lists whole, and a screenshot of each
(``REHAB_SCREENSHOT_DIR=docs/screenshots/homes`` keeps them)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.domain.vocabulary import Role
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.ui.shell.main_window import DESK, HOME, MainWindow
from tests.services.test_worklist_search import prescribed_case
from tests.ui.test_i18n import english
from tests.ui.test_scaling import cut_columns
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["english", "ward"]  # the fixtures
pytestmark = pytest.mark.sqlite_only  # the layout; the lists' reading is tested on both engines

SIZES = {"zh_CN": QSize(1280, 640), "en": QSize(1366, 768)}
ROLES = {Role.THERAPIST: ("pt", "李治疗师"), Role.PHYSICIAN: ("doc", "王医生"),
         Role.RECORDS_OFFICER: ("ro", "孙档案员"), Role.ADMIN: ("admin", "管理员")}


@pytest.fixture(params=list(SIZES))
def language(request: pytest.FixtureRequest) -> str:
    if request.param == "en":
        request.getfixturevalue("english")
    return str(request.param)


LATER = china_datetime(date(2026, 7, 2), 9)  # the homes are shown after the approved period


def some_work(ward: Ward) -> int:
    """A discharged case not archived yet; an admitted case with a prescription, a session in
    May (its claim blocked: unsigned) and one on the fixture's day (1 June)."""
    archive = ward.archive
    archive.discharged_case()
    case_id, prescription_id = prescribed_case(archive)
    archive.record_session(case_id, date(2026, 5, 12))
    today = archive.clock.today()
    morning = china_datetime(today, 8)
    with archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(
            today, started_at=morning, ended_at=morning + timedelta(minutes=30),
            prescription_id=prescription_id))
    return case_id


@pytest.mark.parametrize("role", list(ROLES))
def test_every_roles_home_fits_and_is_kept_as_a_screenshot(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                                           language: str, role: Role) -> None:
    some_work(ward)
    user_id = {Role.THERAPIST: ward.archive.therapist, Role.PHYSICIAN: ward.archive.physician,
               Role.RECORDS_OFFICER: ward.archive.officer, Role.ADMIN: ward.archive.admin}[role]
    username, name = ROLES[role]
    window = MainWindow(ward.engine, FixedClock(LATER), "测试档案", SignedIn(user_id, username, name, role))
    qtbot.addWidget(window)
    window.resize(SIZES[language])
    window.show()
    loaded(qtbot)
    assert window.sections.currentIndex() == (DESK if role == Role.RECORDS_OFFICER else HOME)
    if window.desk is not None:  # the desk links to the claim tasks, with their count
        count = window.home.tasks.rowCount()
        assert count >= 1 and str(count) in window.desk.tasks_button.text()
        window.desk.tasks_button.click()
    assert window.sections.currentIndex() == HOME
    loaded(qtbot)
    home = window.home
    lists = {"work": home.work, "patients": home.patients, "tasks": home.tasks, "health": home.health,
             "alerts": home.alerts}
    shown = {key for key, table in lists.items() if table.isVisible()}
    assert shown == {Role.THERAPIST: {"work", "patients", "alerts"}, Role.PHYSICIAN: {"tasks", "alerts"},
                     Role.RECORDS_OFFICER: {"tasks", "alerts"}, Role.ADMIN: {"health", "alerts"}}[role]
    assert all(lists[key].rowCount() > 0 for key in shown - {"alerts"}), role
    assert window.minimumSizeHint().boundedTo(SIZES[language]) == window.minimumSizeHint()
    assert {key: cut for key in shown if (cut := cut_columns(lists[key]))} == {}
    assert home.legend.isVisible()
    levels = {home.alerts.item(row, 0).text() for row in range(home.alerts.rowCount())}
    every = {"紧急", "注意", "提示"} if language == "zh_CN" else {"Urgent", "Attention", "Notice"}
    # the therapist's alerts are of their own patients: the discharged case's not among them
    assert levels == every or (role == Role.THERAPIST and levels == every - {"提示", "Notice"}), levels
    if role == Role.THERAPIST:
        qtbot.wait(20)  # the layout takes the work note's new text
        assert home.work_note.width() >= home.work_note.sizeHint().width(), home.work_note.text()
    size = SIZES[language]
    keep_screenshot(window, f"home_{role.value}_{language}_{size.width()}x{size.height()}.png", tmp_path)


def test_a_health_line_opens_its_screen(ward: Ward, qtbot: QtBot) -> None:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案",
                        SignedIn(ward.archive.admin, "admin", "管理员", Role.ADMIN))
    qtbot.addWidget(window)
    window.show()
    loaded(qtbot)
    health = window.home.health
    backup = next(r for r in range(health.rowCount()) if health.item(r, 1).text().startswith("最近备份"))
    window.home.open_row(health, backup)
    assert "rehab-archive backup" in window.statusBar().currentMessage()
    disk = next(r for r in range(health.rowCount()) if health.item(r, 1).text().startswith("磁盘空间"))
    window.home.open_row(health, disk)  # nothing behind it: nothing happens
    assert window.sections.currentIndex() == HOME
