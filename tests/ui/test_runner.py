"""The one way from the UI to the archive (``ui/kit/runner``): reads and writes return the
result or the message to show, a lost database included; a write reports the record kinds
it committed, and the case workspace reads again only the pages that show them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import china_datetime
from desktop_app.db.engine import make_engine
from desktop_app.db.models import TreatmentSession
from desktop_app.errors import AppError, EnvironmentProblem, NotFound
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.case_view import CaseRow, case_row, count_cases
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.clinical.assessments import AssessmentsPage
from desktop_app.ui.kit.runner import PageReads, Runner, failed, opened, writing
from desktop_app.ui.shell.case_workspace import shows_any
from desktop_app.ui.shell.main_window import MainWindow
from tests.services.test_worklist_search import TODAY, prescribed_case
from tests.ui.ward import Ward, loaded, ward

__all__ = ["ward"]  # the fixture


def lost_database(db_kind: str, tmp_path: Path) -> str:
    """A URL whose database cannot be reached: a folder that is not there, a closed port."""
    if db_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'gone' / 'archive.sqlite3'}"
    return "postgresql+psycopg://postgres@127.0.0.1:1/gone?connect_timeout=2"


def message_boxes(widget: QWidget) -> list[str]:
    return [box.text() for box in widget.findChildren(QMessageBox) if box.isVisible()]


def test_a_lost_database_during_a_read_is_a_message(db_kind: str, tmp_path: Path, ward: Ward,
                                                     qtbot: QtBot) -> None:
    engine = make_engine(lost_database(db_kind, tmp_path))
    runner = Runner(engine, ward.archive.clock, ward.archive.therapist)
    found = runner.read(count_cases, None)
    assert isinstance(found, EnvironmentProblem) and "数据库" in found.zh
    with pytest.raises(EnvironmentProblem, match="数据库"):
        runner.fetch(count_cases, None)
    page = AssessmentsPage(runner, SignedIn(ward.archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(page)
    page.show()
    page.load(ward.case_id)  # no exception: the page says why it shows nothing
    loaded(qtbot)
    assert any("数据库" in text for text in message_boxes(page))
    assert page.model.rowCount() == 0
    engine.dispose()


def test_a_refusal_is_returned_and_failed_shows_it(ward: Ward, qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    missing = ward.runner.read(get_case, 999_999)
    assert isinstance(missing, NotFound)
    assert failed(missing, parent) and message_boxes(parent)
    row = ward.runner.read(case_row, ward.case_id, ward.archive.clock.today())
    assert not failed(row, parent) and row.id == ward.case_id


def test_opened_builds_the_dialog_or_says_why(ward: Ward, qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def unreadable() -> QWidget:
        ward.runner.fetch(get_case, 999_999)
        return QWidget()

    assert opened(parent, unreadable) is None and message_boxes(parent)
    built = opened(parent, QWidget)
    assert isinstance(built, QWidget)
    with pytest.raises(ZeroDivisionError):  # a bug is not a message: it reaches the crash report
        opened(parent, lambda: QWidget() if 1 / 0 else QWidget())


def test_a_write_reports_the_kinds_it_committed(ward: Ward) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    runner = ward.runner.as_actor(archive.therapist)
    morning = china_datetime(TODAY, 8)
    recorded = runner.run(treatment.record_session, case_id, archive.session(
        TODAY, started_at=morning, ended_at=morning + timedelta(minutes=30),
        prescription_id=prescription_id))
    assert not isinstance(recorded, Exception)
    assert "treatment_session" in runner.changes.last
    assert "treatment_plan" not in runner.changes.last and "audit_event" not in runner.changes.last


def test_pages_read_again_only_when_they_show_what_was_written() -> None:
    class Plan(QWidget):
        READS = frozenset({"treatment_plan", "plan_item"})

    plan, anything = Plan(), QWidget()
    assert not shows_any(plan, frozenset({"treatment_session"}))
    assert shows_any(plan, frozenset({"plan_item", "signature"}))
    assert shows_any(anything, frozenset({"treatment_session"}))  # declares nothing: always
    assert shows_any(plan, frozenset())  # a write that reported nothing: always


def test_a_recorded_session_leaves_the_plan_page_as_it_is(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, _prescription_id = prescribed_case(archive)
    window = MainWindow(ward.engine, archive.clock, "测试档案",
                        SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_id)
    loaded(qtbot)
    workspace = window.workspace
    for page in (workspace.plan, workspace.claims, workspace.execution):
        workspace.tabs.setCurrentWidget(page)  # each read once
        loaded(qtbot)
    sheet = workspace.execution
    qtbot.mouseClick(sheet.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert sheet.model.rowCount() == 1
    assert "treatment_session" in window.runner.changes.last
    assert workspace.plan not in workspace._stale  # it shows no session
    assert workspace.claims in workspace._stale and workspace.discharge in workspace._stale


def gated(gate: threading.Event, answer: str) -> Callable[[Session], str]:
    """A query that waits for ``gate`` (a slow archive), then answers."""
    def query(_session: Session) -> str:
        assert gate.wait(10)
        return answer
    return query


def test_a_page_read_arrives_typed_in_the_ui_thread_without_a_loading_flash(ward: Ward,
                                                                              qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    reads = PageReads(ward.runner, page)
    shown: list[tuple[CaseRow, bool]] = []
    reads.read(lambda row: shown.append((row, threading.current_thread() is threading.main_thread())),
               case_row, ward.case_id, ward.archive.clock.today())
    assert reads.loading and shown == []  # asked, not read yet: the UI thread goes on
    loaded(qtbot)
    assert [(row.id, in_ui_thread) for row, in_ui_thread in shown] == [(ward.case_id, True)]
    assert isinstance(shown[0][0], CaseRow) and not reads.loading and not reads.label.isVisible()


def test_a_page_asked_again_drops_the_earlier_read_and_shows_loading_meanwhile(
        ward: Ward, qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    reads = PageReads(ward.runner, page)
    gate = threading.Event()
    shown: list[str] = []
    reads.read(shown.append, gated(gate, "case 1"))  # still reading when the page asks again
    qtbot.waitUntil(reads.label.isVisible)  # slow: the page says it is reading
    assert reads.label.text() == "正在读取…"
    reads.read(shown.append, gated(gate, "case 2"))
    gate.set()
    loaded(qtbot)
    assert shown == ["case 2"] and not reads.label.isVisible()
    gate.clear()
    reads.read(shown.append, gated(gate, "case 3"))
    reads.cancel()  # the workspace closed the case
    gate.set()
    loaded(qtbot)
    assert shown == ["case 2"]


def test_a_failed_page_read_is_the_pages_message(db_kind: str, tmp_path: Path, ward: Ward,
                                                qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    reads = PageReads(ward.runner, page)
    shown: list[object] = []
    reads.read(shown.append, get_case, 999_999)
    loaded(qtbot)
    assert shown == [] and any("999999" in text or "999_999" in text or "病例" in text
                               for text in message_boxes(page))
    engine = make_engine(lost_database(db_kind, tmp_path))
    lost = PageReads(Runner(engine, ward.archive.clock), page)
    lost.read(shown.append, count_cases, None)
    loaded(qtbot)
    assert shown == [] and any("数据库" in text for text in message_boxes(page))
    engine.dispose()


def session_input(ward: Ward, prescription_id: int, hour: int) -> treatment.SessionInput:
    start = china_datetime(TODAY, hour)
    return ward.archive.session(TODAY, started_at=start, ended_at=start + timedelta(minutes=30),
                                prescription_id=prescription_id)


def sessions(ward: Ward, case_id: int) -> int:
    with Session(ward.engine) as session:
        return session.scalar(select(func.count()).select_from(TreatmentSession)
                              .where(TreatmentSession.case_id == case_id)) or 0


def test_a_write_arrives_typed_in_the_ui_thread_with_its_parent_disabled_meanwhile(
        ward: Ward, qtbot: QtBot) -> None:
    case_id, prescription_id = prescribed_case(ward.archive)
    runner = ward.runner.as_actor(ward.archive.therapist)
    parent = QWidget()
    field = QLineEdit(parent)
    qtbot.addWidget(parent)
    parent.show()
    parent.activateWindow()
    qtbot.waitActive(parent)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    done: list[tuple[object, bool, bool]] = []
    runner.submit(parent, treatment.record_session, case_id, session_input(ward, prescription_id, 8)
                  ).then(lambda row: done.append(
                      (row, threading.current_thread() is threading.main_thread(), parent.isEnabled())))
    assert not parent.isEnabled() and writing(parent) and done == []  # sent: the UI goes on
    loaded(qtbot)
    assert [(type(row).__name__, ui, enabled) for row, ui, enabled in done] == [
        ("Recorded", True, True)]  # typed, in the UI thread, the parent given back
    assert not writing(parent) and field.hasFocus()  # where the person was typing
    assert "treatment_session" in runner.changes.last and sessions(ward, case_id) == 1


def test_a_refused_write_is_the_parents_message_or_its_own(ward: Ward, qtbot: QtBot) -> None:
    runner = ward.runner.as_actor(ward.archive.therapist)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    done: list[object] = []
    runner.submit(parent, treatment.record_session, 999_999,
                  ward.archive.session(TODAY)).then(done.append)
    loaded(qtbot)
    assert done == [] and message_boxes(parent) and parent.isEnabled()
    refused: list[AppError] = []
    runner.submit(parent, treatment.record_session, 999_999,
                  ward.archive.session(TODAY)).then(done.append, refused.append)
    loaded(qtbot)
    assert done == [] and len(refused) == 1 and isinstance(refused[0], AppError)
    assert len(message_boxes(parent)) == 1  # the caller said it its own way


def test_a_write_whose_window_closed_is_committed_and_calls_nobody_back(ward: Ward,
                                                                      qtbot: QtBot) -> None:
    case_id, prescription_id = prescribed_case(ward.archive)
    runner = ward.runner.as_actor(ward.archive.therapist)
    parent = QWidget()
    parent.show()
    done: list[object] = []
    runner.submit(parent, treatment.record_session, case_id, session_input(ward, prescription_id, 8)
                  ).then(lambda row: done.append((row, parent.isEnabled())))
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent))
    loaded(qtbot)
    assert done == [] and sessions(ward, case_id) == 1  # never lost
    assert "treatment_session" in runner.changes.last


def test_writes_happen_one_at_a_time_in_the_order_sent_and_a_later_read_sees_them(
        ward: Ward, qtbot: QtBot) -> None:
    gate = threading.Event()
    seen: list[str] = []

    def note(_uow: UnitOfWork, value: str) -> str:
        if value == "first":
            assert gate.wait(10)  # a slow first write: the second waits for it
        seen.append(value)
        return value

    first, second = QWidget(), QWidget()
    for widget in (first, second):
        qtbot.addWidget(widget)
    done: list[str] = []
    ward.runner.submit(first, note, "first").then(done.append)
    ward.runner.submit(second, note, "second").then(done.append)
    assert not first.isEnabled() and not second.isEnabled()
    gate.set()
    loaded(qtbot)
    assert seen == ["first", "second"] and done == ["first", "second"]
    case_id, prescription_id = prescribed_case(ward.archive)
    runner = ward.runner.as_actor(ward.archive.therapist)
    reads = PageReads(runner, first)
    counted: list[int] = []
    runner.submit(first, treatment.record_session, case_id, session_input(ward, prescription_id, 7))
    reads.read(counted.append, lambda session: sessions(ward, case_id))  # asked right after
    loaded(qtbot)
    assert message_boxes(first) == [] and counted == [1]


def test_a_bug_in_a_write_reaches_the_crash_report_and_gives_the_parent_back(
        ward: Ward, qtbot: QtBot) -> None:
    def broken(_uow: UnitOfWork) -> int:
        return 1 // 0

    parent = QWidget()
    qtbot.addWidget(parent)
    with qtbot.captureExceptions() as raised:
        ward.runner.submit(parent, broken)
        loaded(qtbot)
    assert [type(error).__name__ for _kind, error, _tb in raised] == ["ZeroDivisionError"]
    assert parent.isEnabled() and not message_boxes(parent)


def test_a_result_arriving_after_the_application_quit_is_dropped(qtbot: QtBot) -> None:
    """A read still running as the application quits hands its result to a mailbox deleted
    with the application: dropped quietly, not an unhandled error in the worker (which made
    ``--screenshot`` abort on its way out)."""
    import shiboken6

    from desktop_app.ui.kit.runner import _Mailbox

    mailbox = _Mailbox(None)
    delivered: list[int] = []
    mailbox.hand_over(lambda: delivered.append(1))
    qtbot.waitUntil(lambda: delivered == [1])  # alive: handed over in the UI thread
    shiboken6.delete(mailbox)
    mailbox.hand_over(lambda: delivered.append(2))  # deleted: no RuntimeError
    assert delivered == [1]
