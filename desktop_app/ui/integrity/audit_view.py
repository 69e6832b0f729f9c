"""The audit history (who did what, when): the newest 500 events of the archive or of one
case, with each event's details (old and new values of a change) in a pane below."""

from __future__ import annotations

import json
import re
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
from desktop_app.ui.integrity.audit_fields import FIELDS, field_name, field_value
from desktop_app.ui.kit.forms import message_parent, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, tr, tr_in
from desktop_app.ui.kit.runner import Runner, failed

ACTIONS = {"create": QT_TR_NOOP("新增"), "update": QT_TR_NOOP("修改"), "delete": QT_TR_NOOP("删除"),
           "open": QT_TR_NOOP("查阅档案"), "denied": QT_TR_NOOP("拒绝"), "login": QT_TR_NOOP("登录"),
           "login_failed": QT_TR_NOOP("登录失败"), "lock": QT_TR_NOOP("锁定"),
           "unlock": QT_TR_NOOP("解锁"), "logout": QT_TR_NOOP("退出登录"), "sign": QT_TR_NOOP("签名"),
           "dispose": QT_TR_NOOP("销毁"), "extend_retention": QT_TR_NOOP("延长保管期限")}
# What a record is, by its table (a table not listed shows its own name).
RECORDS = {
    "amendment": QT_TRANSLATE_NOOP("record", "更正"), "approval": QT_TRANSLATE_NOOP("record", "核准"),
    "approved_item": QT_TRANSLATE_NOOP("record", "核准项目"),
    "assessment": QT_TRANSLATE_NOOP("record", "评估"), "attachment": QT_TRANSLATE_NOOP("record", "附件"),
    "attachment_blob": QT_TRANSLATE_NOOP("record", "附件内容"),
    "audit_event": QT_TRANSLATE_NOOP("record", "审计记录"),
    "case_transfer": QT_TRANSLATE_NOOP("record", "转院"),
    "catalogue_item": QT_TRANSLATE_NOOP("record", "目录项目"),
    "catalogue_pack": QT_TRANSLATE_NOOP("record", "收费目录"),
    "claim": QT_TRANSLATE_NOOP("record", "结算申报"),
    "claim_answer": QT_TRANSLATE_NOOP("record", "经办机构答复"),
    "diagnosis": QT_TRANSLATE_NOOP("record", "诊断"),
    "disposal_record": QT_TRANSLATE_NOOP("record", "销毁记录"),
    "disposal_request": QT_TRANSLATE_NOOP("record", "销毁申请"),
    "disposal_request_item": QT_TRANSLATE_NOOP("record", "销毁申请病例"),
    "employer": QT_TRANSLATE_NOOP("record", "用人单位"), "fee_line": QT_TRANSLATE_NOOP("record", "费用明细"),
    "follow_up": QT_TRANSLATE_NOOP("record", "随访"), "injury": QT_TRANSLATE_NOOP("record", "工伤"),
    "inpatient_leave": QT_TRANSLATE_NOOP("record", "请假"),
    "institution": QT_TRANSLATE_NOOP("record", "机构"),
    "issued_document": QT_TRANSLATE_NOOP("record", "出具文书"),
    "late_signature_ack": QT_TRANSLATE_NOOP("record", "补签说明"),
    "monthly_summary": QT_TRANSLATE_NOOP("record", "申报汇总表"),
    "number_sequence": QT_TRANSLATE_NOOP("record", "编号计数"),
    "out_of_scope_consent": QT_TRANSLATE_NOOP("record", "目录外项目知情同意"),
    "plan_item": QT_TRANSLATE_NOOP("record", "方案项目"), "prescription": QT_TRANSLATE_NOOP("record", "处方"),
    "rehab_case": QT_TRANSLATE_NOOP("record", "病例"),
    "retention_record": QT_TRANSLATE_NOOP("record", "保管期限"),
    "signature": QT_TRANSLATE_NOOP("record", "签名"),
    "signature_item": QT_TRANSLATE_NOOP("record", "签名所签记录"),
    "staff_user": QT_TRANSLATE_NOOP("record", "用户"),
    "treatment_plan": QT_TRANSLATE_NOOP("record", "治疗方案"),
    "treatment_session": QT_TRANSLATE_NOOP("record", "治疗记录"),
    "verified_anchor": QT_TRANSLATE_NOOP("record", "校验锚点"), "worker": QT_TRANSLATE_NOOP("record", "职工"),
}
HEADERS = (QT_TR_NOOP("时间"), QT_TR_NOOP("人员"), QT_TR_NOOP("操作"), QT_TR_NOOP("对象"),
           QT_TR_NOOP("详情"))
DETAILS_SHOWN = 300  # characters in the table; the pane below shows all


def action_name(action: str) -> str:
    return tr(ACTIONS[action]) if action in ACTIONS else action


def record_name(record_type: str, record_id: int | None = None) -> str:
    """``病例 #12``: the record's kind as a person says it, and its number."""
    kind = tr_in("record", RECORDS[record_type]) if record_type in RECORDS else record_type
    return f"{kind} #{record_id}" if record_id else kind


def summary(details: dict[str, Any]) -> str:
    """The details in one row, in words only: which fields a change touched (named; the
    others counted), how many a new or deleted row held, and the other details whose value
    is not a code. The values, every field and its stored name, are in the pane below."""
    parts: list[str] = []
    for key, value in sorted(details.items()):
        if key == "changes" and isinstance(value, dict):
            named = "、".join(field_name(f) for f in sorted(value) if f in FIELDS)
            others = sum(1 for f in value if f not in FIELDS)
            touched = (named if not others else tr("{count} 项").format(count=others) if not named
                       else tr("{named} 及另外 {count} 项").format(named=named, count=others))
            parts.append(tr("修改：") + touched)
        elif key in ("new", "old") and isinstance(value, dict):
            parts.append((tr("新增记录（{count} 项内容）") if key == "new"
                          else tr("删除前内容（{count} 项）")).format(count=len(value)))
        elif key in FIELDS:
            shown = _value(field_value(key, value))
            if not LATIN_WORD.search(shown):
                parts.append(f"{field_name(key)}: {shown}")
    text = "；".join(parts)
    return text if len(text) <= DETAILS_SHOWN else text[:DETAILS_SHOWN] + "…"


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")  # a code or a column name: left to the pane below


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
            lines += [f"  {field_name(field)}: {_value(field_value(field, change.get('old')))} → "
                      f"{_value(field_value(field, change.get('new')))}"
                      for field, change in sorted(value.items()) if isinstance(change, dict)]
        elif key in ("new", "old") and isinstance(value, dict):
            lines.append(tr("新增内容：") if key == "new" else tr("删除前内容："))
            lines += [f"  {field_name(field)} = {_value(field_value(field, v))}"
                      for field, v in sorted(value.items())]
        else:
            lines.append(f"{field_name(key)}: {_value(field_value(key, value))}")
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
            record = record_name(line.record_type, line.record_id)
            values = (f"{line.occurred_at.astimezone(CHINA):%Y-%m-%d %H:%M:%S}", line.actor,
                      action_name(line.action), record, summary(line.details))
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
                f"{action_name(line.action)}　{record_name(line.record_type, line.record_id)}")
        self.detail.setPlainText("\n".join([head, "", *describe(line.details)]))
