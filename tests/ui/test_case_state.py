"""A case's state shown truthfully (issue 20): an archived or sealed case reads 已归档 /
已封存 in the case list and as a badge in its header (not 已出院); its 出院 page shows the
discharge as recorded, read only (not a form dated today); and no page offers a write the
permission table refuses in the case's state. An open case after it gets its buttons back.
Through the main window, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.shell.main_window import MainWindow
from tests.archive_fixture import DISCHARGE
from tests.services.test_worklist_search import prescribed_case
from tests.ui.test_keyboard import ROLES, kept, shown, signed_in
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["kept", "ward"]  # the fixtures

# What may still be done to a closed case, by the permission table: follow-up after
# discharge (archived, not sealed); claims and fees of an archived case (records officer).
STILL_OFFERED = {
    "archived": {"出院随访…", "生成申报", "确认并冻结…", "更正…", "导出…", "确认延迟签名…",
                 "录入费用…", "导入…", "签名确认…", "计床日", "冲销…"},
    "sealed": set(),
}
ARCHIVE_FOLLOW_UP = {"physician", "therapist", "records_officer"}


def window_for(ward: Ward, qtbot: QtBot, role: str) -> MainWindow:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", signed_in(ward, role))
    loaded(qtbot)
    shown(qtbot, window)
    return window


def offered(page: QWidget) -> set[str]:
    return {b.text() for b in page.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.text()}


def listed_status(window: MainWindow, case_id: int) -> str:
    model = window.model
    rows = [r for r in range(model.rowCount()) if model.data(model.index(r, 0), 256) == case_id]
    assert len(rows) == 1
    return str(model.data(model.index(rows[0], 4)))


@pytest.mark.parametrize("kind", ["archived", "sealed"])
@pytest.mark.parametrize("role", ROLES)
def test_a_closed_case_is_shown_as_such_and_offers_no_refused_write(ward: Ward, qtbot: QtBot,
                                                                   role: str, kind: str) -> None:
    archive = ward.archive
    open_case, _prescription = prescribed_case(archive)
    closed = archive.archived_case() if kind == "archived" else archive.sealed_case()
    window = window_for(ward, qtbot, role)
    label = {"archived": "已归档", "sealed": "已封存"}[kind]
    assert listed_status(window, closed) == label and listed_status(window, open_case) == "康复中"
    window.open_case(closed)
    loaded(qtbot)
    header = window.workspace.header
    assert header.badge.isVisible() and header.badge.text() == label
    assert header.text().startswith(label)
    pages = window.workspace.tabs
    shown_writes: dict[str, set[str]] = {}
    for index in range(pages.count()):
        pages.setCurrentIndex(index)
        loaded(qtbot)
        extra = offered(pages.currentWidget()) - STILL_OFFERED[kind]
        if extra:
            shown_writes[pages.tabText(index)] = extra
    assert shown_writes == {}
    discharge = window.workspace.discharge
    follow_up = discharge.follow_up_button.isEnabled()
    assert follow_up == (kind == "archived" and role in ARCHIVE_FOLLOW_UP)
    assert not discharge.discharge_button.isEnabled() and not discharge.archive_button.isEnabled()

    # The open case after it: its pages offer what the role may do again.
    window.open_case(open_case)
    loaded(qtbot)
    assert not header.badge.isVisible()
    pages.setCurrentWidget(window.workspace.execution)
    loaded(qtbot)
    record = window.workspace.execution.record_button
    assert record.isEnabled() == (role in ("physician", "therapist"))


def test_an_archived_case_shows_its_discharge_as_recorded(ward: Ward, qtbot: QtBot,
                                                         tmp_path: Path) -> None:
    archive = ward.archive
    case_id = archive.archived_case()  # discharged on DISCHARGE: completed, home, same job
    window = window_for(ward, qtbot, "physician")
    window.resize(1280, 640)
    window.open_case(case_id)
    loaded(qtbot)
    discharge = window.workspace.discharge
    window.workspace.tabs.setCurrentWidget(discharge)
    loaded(qtbot)
    values = {key: label.text() for key, label in discharge.record_values.items()}
    assert values == {"出院日期": str(DISCHARGE), "结束原因": "康复计划完成", "出院去向": "回家休养",
                      "就业状况": "原单位原岗位", "满意度": "未调查", "备注": "—"}
    assert all(label.isVisible() for label in discharge.record_values.values())
    assert discharge.record_note.isVisible() and "已归档" in discharge.record_note.text()
    assert discharge.archive_result.isVisible() and "保管至" in discharge.archive_result.text()
    # The form is not shown (nor dated today) and cannot be used.
    assert not discharge.discharge_date.isVisible() and not discharge.reason.isVisible()
    assert not discharge.discharge_button.isVisible() and not discharge.discharge_button.isEnabled()
    assert str(archive.clock.today()) not in " ".join(values.values())
    header = window.workspace.header
    assert header.badge.isVisible() and not any(line.elided() for line in header.lines())
    assert window.case_table.horizontalScrollBar().maximum() == 0  # the page fits beside the list
    keep_screenshot(window, "zh_CN_archived_case_discharge.png", tmp_path)
    assert window.case_table.model().index(0, 4).data() == "已归档"
