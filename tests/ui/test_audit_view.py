"""The audit history of one case, with old and new values readable (offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.records import retention
from desktop_app.ui.integrity.audit_view import AuditHistoryDialog, describe, summary
from tests.ui.test_i18n import english
from tests.ui.ward import Ward, keep_screenshot, ward

__all__ = ["english", "ward"]  # the fixtures


def test_a_cases_history_shows_only_its_events_with_old_and_new_values(
        qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    other = ward.archive.register()
    with ward.archive.uow(ward.archive.officer) as u:
        retention.seal_case(u, ward.case_id, "医疗纠纷，法院调取")
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = AuditHistoryDialog(ward.runner.as_actor(ward.archive.officer), parent,
                                case_id=ward.case_id, case_label="张三")
    assert dialog.reload()
    dialog.show()
    assert dialog.lines and {line.record_id for line in dialog.lines
                             if line.record_type == "rehab_case"} == {ward.case_id}
    assert other not in {line.record_id for line in dialog.lines if line.record_type == "rehab_case"}
    row = next(i for i, line in enumerate(dialog.lines)
               if line.action == "update" and line.record_type == "rehab_case")
    dialog.table.selectRow(row)
    text = dialog.detail.toPlainText()
    assert "记录状态: 草稿 → 已封存" in text and "封存原因: （空） → 医疗纠纷，法院调取" in text
    assert "封存时间: （空） → 2026-06-01 09:00:00" in text  # China time, as the table's
    summary = dialog.table.item(row, 4).text()  # the row's details: what changed, in words
    assert summary == "修改：记录状态、封存原因、封存时间"
    assert "张三" in dialog.windowTitle()
    keep_screenshot(dialog, "audit_case_history.png", tmp_path)


def test_a_therapist_may_not_read_a_cases_history(qtbot: QtBot, ward: Ward) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = AuditHistoryDialog(ward.runner.as_actor(ward.archive.therapist), parent,
                                case_id=ward.case_id)
    assert not dialog.reload()
    assert parent.findChild(QMessageBox) is not None
    denied = ward.events("denied")[-1]
    assert denied.details["action"] == "audit.view" and denied.case_id == ward.case_id


def test_details_read_as_lines(qapp: object) -> None:
    assert describe({"changes": {"count": {"old": 1, "new": 2},
                                 "record_state": {"old": "draft", "new": "signed"}}}) == [
        "修改内容：", "  次数: 1 → 2", "  记录状态: 草稿 → 已签名"]
    assert describe({"new": {"b": None, "a": [1]}, "reason": "x"}) == [
        "新增内容：", "  a = [1]", "  b = （空）", "原因: x"]  # a column not listed keeps its name


def test_the_row_names_what_changed_in_words(qapp: object) -> None:
    changed = {"count": {"old": 1, "new": 2}, "agency_insutype": {"old": None, "new": "410"}}
    assert summary({"changes": changed}) == "修改：次数 及另外 1 项"
    assert summary({"changes": {"agency_insutype": changed["agency_insutype"]}}) == "修改：1 项"
    assert summary({"new": {"a": 1, "b": 2}, "reason": "更正笔误", "action": "audit.view"}
                   ) == "新增记录（2 项内容）；原因: 更正笔误"  # a code stays in the pane


def test_details_read_as_lines_in_english(english: None) -> None:
    assert describe({"changes": {"session_date": {"old": "2026-04-01", "new": "2026-04-02"},
                                 "record_state": {"old": "draft", "new": "signed"}}}) == [
        "Changes:", "  Record state: Draft → Signed", "  Session date: 2026-04-01 → 2026-04-02"]
