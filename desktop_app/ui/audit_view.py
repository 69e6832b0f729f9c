"""The audit history (who did what, when): the newest 500 events of the archive."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.services.audit_log import AuditLine, history
from desktop_app.ui.runner import Runner, failed

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "open": "查阅档案",
           "denied": "拒绝", "login": "登录", "login_failed": "登录失败", "lock": "锁定",
           "unlock": "解锁", "logout": "退出登录", "sign": "签名", "dispose": "销毁"}
HEADERS = ("时间", "人员", "操作", "对象", "详情")
DETAILS_SHOWN = 300  # characters


def _details(line: AuditLine) -> str:
    text = json.dumps(line.details, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= DETAILS_SHOWN else text[:DETAILS_SHOWN] + "…"


class AuditHistoryDialog(QDialog):
    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle("审计记录 Audit history")
        self.resize(1000, 560)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 100, 80, 150)):
            self.table.setColumnWidth(column, width)
        QVBoxLayout(self).addWidget(self.table)

    def reload(self) -> bool:
        """Read the history; False (after a message box) if the service refuses."""
        result = self._runner.run(history)
        parent = self if self.isVisible() else (self.parentWidget() or self)
        if failed(parent, result):
            return False
        assert isinstance(result, list)
        self.table.setRowCount(len(result))
        for row, line in enumerate(result):
            record = f"{line.record_type} {line.record_id}" if line.record_id else line.record_type
            values = (f"{line.occurred_at.astimezone(CHINA):%Y-%m-%d %H:%M:%S}", line.actor,
                      ACTIONS.get(line.action, line.action), record, _details(line))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        return True
