"""The first-run wizard's pages: cancel on any page writes nothing, the embedded archive is
created with its administrator and the choice remembered, a wrong server password is shown
on the database page; the app shows the wizard only on a PC with no archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from desktop_app import app, paths
from desktop_app.services.admin import first_run
from desktop_app.ui.admin.first_run_wizard import FINISH, FirstRunWizard
from desktop_app.ui.kit.fonts import install_cjk_font
from tests.conftest import PG_URL
from tests.first_run_servers import fresh_database, password_role
from tests.ui.test_i18n import english
from tests.ui.ward import keep_screenshot

__all__ = ["english"]  # the fixture

PASSWORD = "chief-pass-1"
SERVERS = [PG_URL] if PG_URL else []


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("REHAB_DATA_DIR", str(folder))
    monkeypatch.delenv("REHAB_DB_URL", raising=False)
    monkeypatch.setattr(first_run, "DEMO_PATIENTS", 2)
    return folder


def open_wizard(qtbot: QtBot) -> FirstRunWizard:
    install_cjk_font(QApplication.instance())  # as the app does, so screenshots show Chinese
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def fill_page(wizard: FirstRunWizard) -> None:
    page = wizard.currentPage()
    if page is wizard.institution_page:
        page.name.setText("泸州市工伤康复医院")
        page.agreement.setText("LZGS-2026-01")
        page.region.setText("泸州市")
    elif page is wizard.administrator_page:
        page.username.setText("chief")
        page.display_name.setText("陈主任")
        page.password.setText(PASSWORD)
        page.again.setText(PASSWORD)
    elif page is wizard.finish_page:
        page.demo.setChecked(True)


@pytest.mark.parametrize("pages", range(4))
def test_cancel_on_any_page_leaves_nothing(qtbot: QtBot, data_folder: Path, pages: int) -> None:
    wizard = open_wizard(qtbot)
    for _ in range(pages):
        fill_page(wizard)
        wizard.next()
    fill_page(wizard)
    assert wizard.currentId() == pages
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible() and wizard.finished_run is None
    assert not data_folder.exists()


def test_the_embedded_archive_is_created_and_remembered(qtbot: QtBot, data_folder: Path,
                                                        tmp_path: Path) -> None:
    wizard = open_wizard(qtbot)
    keep_screenshot(wizard, "first_run_database.png", tmp_path)
    wizard.next()
    wizard.next()  # nothing entered: stays, saying what is missing
    assert wizard.currentPage() is wizard.institution_page
    assert "机构名称不能为空" in wizard.institution_page.error.text()
    keep_screenshot(wizard, "first_run_institution_refused.png", tmp_path)
    for _ in range(2):
        fill_page(wizard)
        wizard.next()
    wizard.back()  # back and on again: the answers stay
    wizard.next()
    assert wizard.currentId() == FINISH
    fill_page(wizard)
    keep_screenshot(wizard, "first_run_finish.png", tmp_path)
    assert "chief 陈主任" in wizard.finish_page.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.finished_run is not None, timeout=60_000)
    assert not wizard.isVisible()
    assert wizard.finished_run is not None and wizard.finished_run.administrator == "chief"
    assert json.loads(paths.config_path().read_text())["database"] == "embedded"
    assert paths.embedded_database_path().exists() and (data_folder / first_run.DEMO_FILE).exists()
    assert not app._new_pc(app._arguments([]))  # the next start opens it


def test_a_wrong_administrator_confirmation_is_refused_inline(qtbot: QtBot, data_folder: Path) -> None:
    wizard = open_wizard(qtbot)
    wizard.next()
    fill_page(wizard)
    wizard.next()
    fill_page(wizard)
    wizard.administrator_page.again.setText("chief-pass-2")
    wizard.next()
    assert wizard.currentPage() is wizard.administrator_page
    assert "两次输入的密码不一致" in wizard.administrator_page.error.text()


def test_only_a_new_pc_gets_the_wizard(data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert app._new_pc(app._arguments([]))
    assert not app._new_pc(app._arguments(["--demo"]))
    assert not app._new_pc(app._arguments(["--db", "sqlite:///elsewhere.sqlite3"]))
    monkeypatch.setenv("REHAB_DB_URL", "sqlite:///elsewhere.sqlite3")
    assert not app._new_pc(app._arguments([]))


def test_the_wizard_in_english(qtbot: QtBot, data_folder: Path, english: None,
                               tmp_path: Path) -> None:
    wizard = open_wizard(qtbot)
    assert wizard.windowTitle() == "Rehabilitation archive — First run"
    assert wizard.currentPage().title() == "Database"
    assert wizard.database_page.embedded.text().startswith("Embedded archive on this PC")
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "Next >"
    wizard.next()
    wizard.next()  # nothing entered: the missing fields named in English
    assert wizard.currentPage().title() == "Institution"
    error = wizard.institution_page.error.text()
    assert "Institution name: " in error and "不能为空" not in error
    keep_screenshot(wizard, "first_run_institution_english.png", tmp_path)
    fill_page(wizard)
    wizard.next()
    fill_page(wizard)
    wizard.next()
    assert "Administrator: chief 陈主任" in wizard.finish_page.summary.text()
    assert "Demo archive: no" in wizard.finish_page.summary.text()
    fill_page(wizard)  # the demo archive too
    assert "Demo archive: create" in wizard.finish_page.summary.text()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not data_folder.exists()


@pytest.mark.parametrize("pg_url", SERVERS)
def test_a_wrong_server_password_is_shown_on_the_database_page(
        qtbot: QtBot, data_folder: Path, tmp_path: Path, pg_url: str) -> None:
    with fresh_database() as fresh, password_role() as role:
        wizard = open_wizard(qtbot)
        page = wizard.database_page
        page.server.setChecked(True)
        page.host.setText(fresh.host)
        page.port.setValue(fresh.port)
        page.database.setText(fresh.database)
        page.user.setText(role)
        page.password.setText("wrong-password")
        wizard.next()
        assert wizard.currentPage() is page
        assert page.error.isVisible() or page.error.text()
        assert page.error.text().startswith("密码错误")
        assert "wrong-password" not in page.error.text()
        keep_screenshot(wizard, "first_run_wrong_password.png", tmp_path)
    assert not data_folder.exists()


def test_the_regions_rules_follow_the_region_until_chosen(qtbot: QtBot, data_folder: Path) -> None:
    wizard = open_wizard(qtbot)
    wizard.next()
    page = wizard.institution_page
    fill_page(wizard)
    assert page.rules.currentData() == "luzhou"  # from 泸州市
    page.region.setText("北京市朝阳区")
    assert page.rules.currentData() == "beijing"
    page.rules.setCurrentIndex(page.rules.findData("national"))
    page.rules.activated.emit(page.rules.currentIndex())  # as a user's pick does
    page.region.setText("泸州市")
    assert page.rules.currentData() == "national"  # the user's pick stays
    wizard.next()
    assert wizard.flow.institution is not None
    assert wizard.flow.institution.policy_region == "national"
