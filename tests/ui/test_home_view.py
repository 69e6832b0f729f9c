"""The home screen: each role's home (a therapist's work, patients and alerts; a physician's
assessments and plans due; a records officer's claim tasks; an administrator's system
health), alerts by urgency and colour, and the search box typed into like a person."""

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


def home_for(ward: Ward, qtbot: QtBot, user_id: int, role: str, today: date = TODAY) -> HomeView:
    view = HomeView(Runner(ward.engine, FixedClock(china_datetime(today, 12))), user_id, role)
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


def levels_in_order(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def test_alerts_are_coloured_and_ordered_by_urgency(ward: Ward, qtbot: QtBot) -> None:
    """A case past its period (urgent, red), with the mid assessment due and unsigned sessions
    (warnings, orange): red first, each level its colour and tint, the legend naming them."""
    case_id, prescription_id = prescribed_case(ward.archive)
    morning = china_datetime(TODAY, 8)
    with ward.archive.uow(ward.archive.therapist) as u:
        treatment.record_session(u, case_id, ward.archive.session(
            TODAY, started_at=morning, ended_at=morning + timedelta(minutes=30),
            prescription_id=prescription_id))
    view = home_for(ward, qtbot, ward.archive.physician, "physician", today=date(2026, 7, 2))
    shown = levels_in_order(view.alerts)
    assert shown[0] == "紧急" and "注意" in shown
    rank = {"紧急": 0, "注意": 1, "提示": 2}
    assert [rank[level] for level in shown] == sorted(rank[level] for level in shown)
    assert "核准期限已于 2026-06-30 届满" in view.alerts.item(0, 3).text()
    colours = {"紧急": ("#b3261e", "#fbe3e1"), "注意": ("#a65a00", "#fdeed6"), "提示": ("#2f5f98", "#e4edf8")}
    for row, level in enumerate(shown):
        cell = view.alerts.item(row, 0)
        assert cell.foreground().color() == QColor(colours[level][0])
        assert cell.background().color() == QColor(colours[level][1]) and cell.font().bold()
        assert view.alerts.item(row, 3).foreground().color() == QColor(colours[level][0])
    legend = view.legend.text()
    assert all(word in legend for word in ("紧急", "注意", "提示"))
    assert legend.index("紧急") < legend.index("注意") < legend.index("提示")


def test_a_therapists_alerts_are_of_their_own_patients_only(ward: Ward, qtbot: QtBot) -> None:
    """The assistant has no patient of their own until they treat one."""
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    assistant = home_for(ward, qtbot, archive.assistant, "assistant")
    assert assistant.alerts.rowCount() == 0 and assistant.patients.rowCount() == 0
    physician = home_for(ward, qtbot, archive.physician, "physician")
    assert physician.alerts.rowCount() > 0  # the case has alerts: not the assistant's
    therapist = home_for(ward, qtbot, archive.therapist, "therapist")
    assert column(therapist.patients, 1) == ["张三"] and column(therapist.patients, 4) == ["2026-06-30"]
    assert {therapist.alerts.item(r, 2).text() for r in range(therapist.alerts.rowCount())} == {
        physician.alerts.item(0, 2).text()}
    morning = china_datetime(TODAY - timedelta(days=3), 8)
    with archive.uow(archive.assistant) as u:
        treatment.record_session(u, case_id, archive.session(
            TODAY - timedelta(days=3), therapist_id=archive.assistant, started_at=morning,
            ended_at=morning + timedelta(minutes=30), prescription_id=prescription_id))
    assistant.reload()
    loaded(qtbot)
    assert column(assistant.patients, 1) == ["张三"]
    assert column(assistant.patients, 5) == [str(TODAY - timedelta(days=3))]
    assert assistant.alerts.rowCount() > 0
    with qtbot.waitSignal(assistant.case_requested) as opened:
        assistant.patients.setCurrentCell(0, 1)
        qtbot.keyClick(assistant.patients, Qt.Key.Key_Return)
    assert opened.args == [case_id]


def test_a_physicians_home_lists_assessments_and_plans_due(ward: Ward, qtbot: QtBot) -> None:
    case_id, _prescription = prescribed_case(ward.archive)
    view = home_for(ward, qtbot, ward.archive.physician, "physician")
    assert view.work.isHidden() and view.health.isHidden() and view.tasks.isVisible()
    tasks = column(view.tasks, 3)
    assert "入院后尚无康复前评估" in tasks and any("康复中评估" in t for t in tasks)
    assert "康复方案待签名" in tasks  # the plan is a draft
    assert all(view.tasks.item(r, 1).text() == "张三" for r in range(view.tasks.rowCount()))
    with qtbot.waitSignal(view.case_requested) as opened:
        view.tasks.setCurrentCell(0, 3)
        qtbot.keyClick(view.tasks, Qt.Key.Key_Return)
    assert opened.args == [case_id]


def test_a_records_officers_home_lists_the_claim_tasks(ward: Ward, qtbot: QtBot) -> None:
    """A session in May not signed by the patient: the May claim is blocked."""
    case_id, _prescription = prescribed_case(ward.archive)
    ward.archive.record_session(case_id, date(2026, 5, 12))
    view = home_for(ward, qtbot, ward.archive.officer, "records_officer")
    counted: list[int] = []
    view.tasks_counted.connect(counted.append)
    view.reload()
    loaded(qtbot)
    tasks = column(view.tasks, 3)
    assert any(t.startswith("2026-05 结算缺") for t in tasks), tasks
    assert counted == [view.tasks.rowCount()] and view.tasks.rowCount() >= 1
    row = next(r for r, t in enumerate(tasks) if t.startswith("2026-05"))
    assert view.tasks.item(row, 0).text() == "注意" and view.tasks.item(row, 2).text().startswith("GS")
    with qtbot.waitSignal(view.case_requested) as opened:
        view.open_row(view.tasks, row)
    assert opened.args == [case_id]


def test_an_administrators_home_shows_the_systems_health(ward: Ward, qtbot: QtBot) -> None:
    view = home_for(ward, qtbot, ward.archive.admin, "admin")
    lines = column(view.health, 1)
    assert len(lines) == 5
    assert "最近备份：尚无备份记录" in lines and "最近校验：尚无通过的校验记录" in lines
    assert any(line.startswith("磁盘空间：") for line in lines)
    assert any(line.startswith("协议有效期：") for line in lines)
    assert any(line.startswith("延迟签名：") for line in lines)
    assert view.health.item(0, 0).text() == "紧急"  # no backup yet
    agreement = next(r for r, line in enumerate(lines) if line.startswith("协议有效期"))
    with qtbot.waitSignal(view.screen_requested) as opened:
        view.health.setCurrentCell(agreement, 1)
        qtbot.keyClick(view.health, Qt.Key.Key_Return)
    assert opened.args == ["institution"]


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
