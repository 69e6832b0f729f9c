"""The home screen: today's work, alerts, and the search box typed into like a person."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.services.clinical import treatment
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.home_view import HomeView
from tests.archive_fixture import ADMISSION
from tests.services.test_worklist_search import prescribed_case
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

TODAY = date(2026, 6, 1)


def home_for(ward: Ward, qtbot: QtBot, user_id: int, role: str) -> HomeView:
    view = HomeView(Runner(ward.engine, FixedClock(china_datetime(TODAY, 12))), user_id, role)
    loaded(qtbot)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def column(table, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, index).text() for row in range(table.rowCount())]


def test_a_therapist_sees_todays_work_and_the_alerts(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    morning = china_datetime(TODAY, 8)
    with archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(
            TODAY, started_at=morning, ended_at=morning + timedelta(minutes=30),
            prescription_id=prescription_id))
    view = home_for(ward, qtbot, archive.therapist, "therapist")
    assert not view.therapist.isEnabled()  # a therapist sees their own list
    assert column(view.work, 3) == ["运动疗法"]
    assert (column(view.work, 5), column(view.work, 6), column(view.work, 7)) == (["1"], ["1"], ["1/10"])
    assert view.work.item(0, 6).foreground().color() == QColor("#b3261e")  # awaiting the signature
    assert "今日待患者签名 1 条" in view.work_note.text()
    texts = column(view.alerts, 3)
    assert any("康复中评估" in t for t in texts) and any("待患者签名" in t for t in texts)
    idle = [t for t in texts if "挂床" in t]  # a month with one session: idle inpatient days
    assert len(idle) == 1 and "泸州第二十九条" in idle[0] and "北京" not in idle[0]
    keep_screenshot(view, "home_view.png", tmp_path)
    with qtbot.waitSignal(view.work_requested) as opened:
        view.work.setCurrentCell(0, 1)
        loaded(qtbot)
        qtbot.keyClick(view.work, Qt.Key.Key_Return)
        loaded(qtbot)
    assert opened.args == [case_id, prescription_id]


def test_a_physician_chooses_whose_list_to_see(ward: Ward, qtbot: QtBot) -> None:
    prescribed_case(ward.archive)
    view = home_for(ward, qtbot, ward.archive.physician, "physician")
    assert view.therapist.isEnabled()
    assert view.therapist.currentData() == ward.archive.therapist
    assert column(view.work, 1) == ["张三"]


def test_searching_by_name_typed_through_an_input_method(ward: Ward, qtbot: QtBot) -> None:
    view = home_for(ward, qtbot, ward.archive.officer, "records_officer")
    type_chinese(view.search_box, "张")
    qtbot.waitUntil(lambda: view.results.rowCount() == 1)
    assert view.results.item(0, 1).text() == "张三"
    assert "张三" not in view.results.item(0, 2).text() and "*" in view.results.item(0, 2).text()
    with qtbot.waitSignal(view.case_requested) as opened:
        qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
        loaded(qtbot)
    assert opened.args == [ward.case_id]


def test_initials_and_no_match(ward: Ward, qtbot: QtBot) -> None:
    view = home_for(ward, qtbot, ward.archive.officer, "records_officer")
    qtbot.keyClicks(view.search_box, "zs")
    qtbot.waitUntil(lambda: view.results.rowCount() == 1)
    view.search_box.clear()
    type_chinese(view.search_box, "李四")
    qtbot.waitUntil(lambda: "没有找到" in view.result_note.text())
    assert view.results.isHidden()
    view.search_box.clear()
    qtbot.waitUntil(lambda: view.result_note.isHidden())
    assert ADMISSION < TODAY
