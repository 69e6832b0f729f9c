"""The main window shell on a real demo archive (offscreen)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA, FixedClock
from desktop_app.db.engine import make_engine
from desktop_app.db.models import AuditEvent, StaffUser
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.demo import generate_demo
from desktop_app.ui.kit.fonts import install_cjk_font
from desktop_app.ui.shell.case_table_model import BATCH, CaseTableModel
from desktop_app.ui.shell.main_window import ROW_HEIGHT, MainWindow
from tests.conftest import fresh_database
from tests.ui.test_i18n import english
from tests.ui.ward import keep_screenshot, loaded

__all__ = ["english"]  # the fixture

AS_OF = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_url(migrated_template: str, db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The 10-patient demo generated once for the module: a SQLite file each test copies,
    or the shared PostgreSQL database (the module's tests only add audit events to it)."""
    url = fresh_database(migrated_template, db_kind, tmp_path_factory.mktemp("demo"))
    engine = make_engine(url)
    generate_demo(engine, 10, seed=2, as_of=AS_OF)
    engine.dispose()
    return url


@pytest.fixture
def demo_engine(demo_url: str, db_kind: str, tmp_path: Path) -> Iterator[Engine]:
    url = demo_url
    if db_kind == "sqlite":
        copy = tmp_path / "demo.sqlite3"
        shutil.copy(demo_url.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


def staff(engine: Engine, username: str = "admin") -> SignedIn:
    """A demo member of staff as if signed in."""
    with Session(engine) as session:
        user = session.scalars(select(StaffUser).where(StaffUser.username == username)).one()
        return SignedIn(user.id, user.username, user.display_name, user.role)


def clock() -> FixedClock:
    from datetime import datetime

    return FixedClock(datetime(2026, 11, 20, 12, tzinfo=CHINA))


def test_case_list_and_timeline(qtbot: QtBot, demo_engine: Engine) -> None:
    window = MainWindow(demo_engine, clock(), "测试档案", staff(demo_engine))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    model = window.model
    assert model.rowCount() == 10
    names = {model.index(r, 1).data() for r in range(10)}
    assert all(2 <= len(n) <= 3 for n in names)
    masked = model.index(0, 2).data()
    assert "********" in masked and len(masked) == 18
    assert window.case_table.verticalHeader().defaultSectionSize() == ROW_HEIGHT

    admitted = next(r for r in range(10) if model.index(r, 4).data() in ("康复中", "已出院"))
    window.case_table.selectRow(admitted)
    timeline = window.timeline
    assert timeline.topLevelItemCount() > 5
    kinds = {timeline.topLevelItem(i).text(1) for i in range(timeline.topLevelItemCount())}
    assert {"核准", "入院", "方案", "治疗", "评估"} <= kinds
    dates = [timeline.topLevelItem(i).text(0) for i in range(timeline.topLevelItemCount())]
    assert dates == sorted(dates)
    assert model.index(admitted, 1).data() in window.case_header.text()


def test_opening_a_case_is_audited_as_the_signed_in_user(qtbot: QtBot, demo_engine: Engine) -> None:
    therapist = staff(demo_engine, "pt_zhang")
    window = MainWindow(demo_engine, clock(), "测试档案", therapist)
    loaded(qtbot)
    qtbot.addWidget(window)
    assert "张伟" in window.windowTitle() and "张伟（治疗师）" in window.user_label.text()
    assert not window.user_admin_action.isVisible() and not window.audit_action.isVisible()
    with Session(demo_engine) as session:  # the module's other tests open cases too
        before = session.scalar(select(func.max(AuditEvent.id))) or 0
    window.case_table.selectRow(3)
    with Session(demo_engine) as session:
        opened = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "open", AuditEvent.id > before)).all()
    assert [(e.actor_id, e.case_id) for e in opened] == [(therapist.user_id,
                                                          window.model.row_at(3).id)]


def test_status_filter(qtbot: QtBot, demo_engine: Engine) -> None:
    window = MainWindow(demo_engine, clock(), "测试档案", staff(demo_engine))
    loaded(qtbot)
    qtbot.addWidget(window)
    # Archived and sealed cases are their own statuses (issue 20), no longer counted as 已出院.
    shown: dict[str, list[str]] = {}
    for status in ("discharged", "archived", "sealed"):
        window.status_filter.setCurrentIndex(window.status_filter.findData(status))
        shown[status] = [window.model.index(r, 4).data() for r in range(window.model.rowCount())]
        states = {window.model.row_at(r).record_state for r in range(window.model.rowCount())}
        assert states <= ({status} if status != "discharged" else {"draft", "signed"})
    assert shown["archived"] and set(shown["archived"]) == {"已归档"}  # the demo archives its discharged
    assert set(shown["discharged"]) <= {"已出院"} and set(shown["sealed"]) <= {"已封存"}
    window.status_filter.setCurrentIndex(0)
    assert window.model.rowCount() >= sum(len(rows) for rows in shown.values())
    assert window.timeline.topLevelItemCount() == 0


def test_the_menus_and_sections_in_english(qtbot: QtBot, demo_engine: Engine, english: None,
                                           tmp_path: Path) -> None:
    install_cjk_font(QApplication.instance())  # type: ignore[arg-type]  # the names in the screenshot
    window = MainWindow(demo_engine, clock(), "测试档案", staff(demo_engine))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    # as the administrator may use them
    assert menus == ["&Session", "A&dministration", "&Archive", "S&tatistics"]
    assert window.lock_action.text() == "&Lock" and window.quit_action.text() == "&Quit"
    assert window.user_admin_action.text() == "&User administration"
    assert window.archive_menu.binder_action.text() == "&Export the case's archive…"
    assert [window.sections.tabText(i) for i in range(2)] == ["Home", "Cases"]
    assert window.windowTitle().startswith("Rehabilitation archive — 测试档案")
    assert window.user_label.text().startswith("Signed in: ") and "administrator" in window.user_label.text()
    assert window.statusBar().currentMessage() == "10 case(s)"
    assert window.status_filter.itemText(0) == "All cases" and window.status_filter.itemText(2) == "Approved"
    window.case_table.selectRow(0)
    kinds = {window.timeline.topLevelItem(i).text(1) for i in range(window.timeline.topLevelItemCount())}
    assert "Registration" in kinds
    keep_screenshot(window, "main_window_english.png", tmp_path)


def test_model_fetches_lazily_in_batches(qtbot: QtBot) -> None:
    from desktop_app.services.clinical.case_view import CaseRow

    calls: list[tuple[int, int]] = []
    rows = [CaseRow(i, f"GS-{i}", "王伟", "110105********002X", "admitted", "STABLE",
                    "inpatient", None, None, None) for i in range(450)]

    def fetch(offset: int, limit: int) -> list[CaseRow]:
        calls.append((offset, limit))
        return rows[offset:offset + limit]

    model = CaseTableModel(fetch, lambda: len(rows))
    assert model.rowCount() == BATCH and model.canFetchMore()  # first batch for the first paint
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    assert calls == [(0, BATCH), (BATCH, BATCH), (2 * BATCH, BATCH)]
    assert model.index(449, 0).data() == "GS-449"
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == 0


def test_model_passes_qt_model_checks(qtmodeltester, demo_engine: Engine, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_engine, clock(), "测试档案", staff(demo_engine))
    loaded(qtbot)
    qtmodeltester.check(window.model)
    window.close()


def test_bundled_font_draws_chinese(qapp: QApplication) -> None:
    family = install_cjk_font(qapp)
    assert family is not None
    assert QFontDatabase.families().count(family) >= 1
    assert "WenQuanYi" in family or "文泉" in family
