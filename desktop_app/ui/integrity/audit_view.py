"""The audit history (who did what, when): the newest 500 events of the archive or of one
case, with each event's details (old and new values of a change) in a pane below."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QPlainTextEdit,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.services.integrity.audit_view import AuditLine, history
from desktop_app.ui.kit.forms import message_parent, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.runner import Runner, failed

ACTIONS = {"create": QT_TR_NOOP("新增"), "update": QT_TR_NOOP("修改"), "delete": QT_TR_NOOP("删除"),
           "open": QT_TR_NOOP("查阅档案"), "denied": QT_TR_NOOP("拒绝"), "login": QT_TR_NOOP("登录"),
           "login_failed": QT_TR_NOOP("登录失败"), "lock": QT_TR_NOOP("锁定"),
           "unlock": QT_TR_NOOP("解锁"), "logout": QT_TR_NOOP("退出登录"), "sign": QT_TR_NOOP("签名"),
           "dispose": QT_TR_NOOP("销毁"), "extend_retention": QT_TR_NOOP("延长保管期限")}
HEADERS = (QT_TR_NOOP("时间"), QT_TR_NOOP("人员"), QT_TR_NOOP("操作"), QT_TR_NOOP("对象"),
           QT_TR_NOOP("详情"))
DETAILS_SHOWN = 300  # characters in the table; the pane below shows all


def action_name(action: str) -> str:
    return tr(ACTIONS[action]) if action in ACTIONS else action


def _details(line: AuditLine) -> str:
    text = json.dumps(line.details, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= DETAILS_SHOWN else text[:DETAILS_SHOWN] + "…"


def _value(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return tr("（空）") if value is None else str(value)


def describe(details: dict[str, Any]) -> list[str]:
    """An event's details as lines a person reads: ``field: old → new`` for a change,
    ``field = value`` for a row created or deleted, ``key: value`` for the rest."""
    lines: list[str] = []
    for key, value in sorted(details.items()):
        if key == "changes" and isinstance(value, dict):
            lines.append(tr("修改内容："))
            lines += [f"  {field}: {_value(change.get('old'))} → {_value(change.get('new'))}"
                      for field, change in sorted(value.items()) if isinstance(change, dict)]
        elif key in ("new", "old") and isinstance(value, dict):
            lines.append(tr("新增内容：") if key == "new" else tr("删除前内容："))
            lines += [f"  {field} = {_value(v)}" for field, v in sorted(value.items())]
        else:
            lines.append(f"{key}: {_value(value)}")
    return lines


class AuditHistoryDialog(QDialog):
    """``case_id`` None: the whole archive; otherwise that case's events only."""

    def __init__(self, runner: Runner, parent: QWidget, case_id: int | None = None,
                 case_label: str = "") -> None:
        super().__init__(parent)
        self._runner = runner
        self.case_id = case_id
        self.lines: list[AuditLine] = []
        self.setWindowTitle(tr("审计记录") + (f" — {case_label}" if case_label else ""))
        self.resize(1000, 620)
        self.table = record_table(tuple(headers(HEADERS)), (150, 100, 100, 170))
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(tr("选择一条记录查看详情（修改前后的值）"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([400, 200])
        QVBoxLayout(self).addWidget(splitter)

    def reload(self) -> bool:
        """Read the history; False (after a message box) if the service refuses."""
        result = self._runner.run(history, case_id=self.case_id)
        if failed(result, message_parent(self)):
            return False
        self.lines = result
        self.table.setRowCount(len(result))
        for row, line in enumerate(result):
            record = f"{line.record_type} {line.record_id}" if line.record_id else line.record_type
            values = (f"{line.occurred_at.astimezone(CHINA):%Y-%m-%d %H:%M:%S}", line.actor,
                      action_name(line.action), record, _details(line))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.detail.clear()
        return True

    @Slot()
    def _show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lines):
            self.detail.clear()
            return
        line = self.lines[rows[0].row()]
        head = (f"{line.occurred_at.astimezone(CHINA):%Y-%m-%d %H:%M:%S}　{line.actor}　"
                f"{action_name(line.action)}（{line.action}）　{line.record_type}"
                + (f" #{line.record_id}" if line.record_id else ""))
        self.detail.setPlainText("\n".join([head, "", *describe(line.details)]))
