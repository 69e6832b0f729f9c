"""更正记录: correct a signed record by a new signed version (``services.integrity.amendments``).

The original's values stand read-only beside the fields to correct; a reason and the
corrector's own password are required (every staff signature re-enters it); a record of
an archived case also needs the approving administrator's user name and password, given
on the spot. The version chain is shown: earlier versions stay, marked superseded.
Input the form cannot read, and the service's validation, are shown inline; refusals
(role, sealed case) as a message box. Nothing is saved unless everything is right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.errors import AppError, FieldError, ValidationFailed
from desktop_app.services.integrity import amendments
from desktop_app.ui.admin.first_run_dialog import password_field
from desktop_app.ui.intake.fields import chain_tab_order, show_field_errors
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.runner import Runner, failed

TYPE_LABELS = {"treatment_session": QT_TR_NOOP("治疗记录"), "prescription": QT_TR_NOOP("处方"),
               "assessment": QT_TR_NOOP("评估"), "out_of_scope_consent": QT_TR_NOOP("自费知情同意")}
SUPERSEDED = QColor("#888888")


@dataclass(frozen=True)
class Field:
    label: str  # marked for translation; also the field's name in errors
    kind: str  # count / minutes / integer / money / text / required_text


FIELDS = {
    "count": Field(QT_TR_NOOP("次数"), "count"),
    "ended_at": Field(QT_TR_NOOP("时长（分钟）"), "minutes"),
    "location": Field(QT_TR_NOOP("地点"), "text"),
    "notes": Field(QT_TR_NOOP("备注"), "text"),
    "frequency": Field(QT_TR_NOOP("频次"), "required_text"),
    "parameters": Field(QT_TR_NOOP("参数"), "text"),
    "total": Field(QT_TR_NOOP("总分"), "integer"),
    "grade": Field(QT_TR_NOOP("分级"), "text"),
    "conclusion": Field(QT_TR_NOOP("结论"), "text"),
    "amount": Field(QT_TR_NOOP("金额（元）"), "money"),
    "signer_name": Field(QT_TR_NOOP("签字人"), "required_text"),
    "note": Field(QT_TR_NOOP("说明"), "text"),
}


def shown(column: str, values: dict[str, Any]) -> str:
    """A stored value as the form shows it (a session's end as its length in minutes)."""
    value = values.get(column)
    if column == "ended_at" and isinstance(value, datetime):
        return str(int((value - values["started_at"]).total_seconds() // 60))
    return "" if value is None else str(value)


def _read(column: str, text: str, values: dict[str, Any]) -> tuple[Any, FieldError | None]:
    """The value typed for ``column``, or why it cannot be read."""
    field = FIELDS[column]
    name, english = field.label, tr(field.label)
    text = text.strip()
    if field.kind in ("count", "minutes", "integer"):
        if not text and field.kind == "integer":
            return None, None
        try:
            number = int(text)
        except ValueError:
            return None, FieldError(name, f"{name}须为整数", f"{english} must be a whole number", key=column)
        if field.kind == "minutes":
            return values["started_at"] + timedelta(minutes=number), None
        return number, None
    if field.kind == "money":
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return None, FieldError(name, f"{name}须为金额，如 120.50", f"{english} must be an amount",
                                    key=column)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            return None, FieldError(name, f"{name}须为不小于0、最多两位小数的金额",
                                    f"{english} must be ≥ 0 with at most two decimals", key=column)
        return amount.quantize(Decimal("0.01")), None
    if not text and field.kind == "required_text":
        return None, FieldError(name, f"{name}不能为空", f"{english} is required", key=column)
    return text or None, None


def changes_from(values: dict[str, Any], typed: dict[str, str]) -> tuple[dict[str, Any],
                                                                         list[FieldError]]:
    """What differs from the current version, and what could not be read."""
    changes: dict[str, Any] = {}
    errors: list[FieldError] = []
    for column, text in typed.items():
        if text.strip() == shown(column, values).strip():
            continue
        value, error = _read(column, text, values)
        if error is not None:
            errors.append(error)
        elif value != values.get(column):
            changes[column] = value
    return changes, errors


def _editor(field: Field) -> QLineEdit | QSpinBox:
    if field.kind in ("count", "minutes"):
        spin = QSpinBox()
        spin.setRange(1, 100 if field.kind == "count" else 600)
        return spin
    return QLineEdit()


def _text(editor: QLineEdit | QSpinBox) -> str:
    return str(editor.value()) if isinstance(editor, QSpinBox) else editor.text()


class AmendmentDialog(QDialog):
    """Correct one of a case's signed records; ``on_saved`` is told after a correction."""

    def __init__(self, runner: Runner, case_id: int, case_label: str,
                 record: tuple[str, int] | None = None, parent: QWidget | None = None,
                 on_saved: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._case_id = case_id
        self._on_saved = on_saved
        self.history: list[amendments.Version] = []
        self.choices: list[tuple[str, int]] = []
        self.editors: dict[str, QLineEdit | QSpinBox] = {}
        self.replacement_id: int | None = None  # the last correction saved from this dialog
        self.setWindowTitle(tr("更正记录 — {case}").format(case=case_label))
        self.resize(900, 640)  # fits a 1280×720 screen with its taskbar
        self.record = QComboBox()
        self.record.currentIndexChanged.connect(self._record_changed)
        self.versions = QTableWidget(0, 0)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.versions.verticalHeader().hide()
        self.versions.setTabKeyNavigation(False)
        self.versions.horizontalHeader().setStretchLastSection(True)
        self.versions.setMaximumHeight(150)
        self.fields_box = QGroupBox(tr("更正内容"))
        self.grid = QGridLayout(self.fields_box)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab goes on to the password
        self.reason.setPlaceholderText(tr("必填：为什么更正"))
        self.reason.setMaximumHeight(70)
        self.password = password_field(tr("本人密码"))
        self.approver_box = QGroupBox(tr("已归档：须系统管理员当场批准"))
        self.approver = QLineEdit()
        self.approver.setPlaceholderText(tr("管理员用户名"))
        self.approver_password = password_field(tr("管理员密码"))
        approver_form = QFormLayout(self.approver_box)
        approver_form.addRow(tr("批准人"), self.approver)
        approver_form.addRow(tr("批准人密码"), self.approver_password)
        self.error = error_label()
        self.saved = QLabel()
        self.saved.setObjectName("savedMessage")
        self.saved.setStyleSheet("color: #1b5e20;")
        self.submit_button = QPushButton(tr("签名并提交更正"))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.close_button = QPushButton(tr("关闭"))
        self.close_button.clicked.connect(self.close)

        form = QFormLayout()
        form.addRow(tr("记录"), self.record)
        signing = QFormLayout()
        signing.addRow(tr("更正原因"), self.reason)
        signing.addRow(tr("本人密码"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("版本（原始版本保留，被更正者标为“已被更正”）")))
        layout.addWidget(self.versions)
        layout.addWidget(self.fields_box)
        layout.addLayout(signing)
        layout.addWidget(self.approver_box)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addLayout(buttons)
        self.load_choices(record)

    # --- reading ---------------------------------------------------------------------

    def load_choices(self, select: tuple[str, int] | None = None) -> None:
        found = self._runner.read(amendments.amendable_choices, self._case_id, select)
        if failed(found, self):
            return
        choices, select = found
        self.choices = [(c.record_type, c.record_id) for c in choices]
        self.record.blockSignals(True)
        self.record.clear()
        for choice in choices:
            self.record.addItem(f"{tr(TYPE_LABELS[choice.record_type])}　{choice.label}")
        index = self.choices.index(select) if select in self.choices else 0
        self.record.setCurrentIndex(index)
        self.record.blockSignals(False)
        self._record_changed()

    @property
    def current(self) -> tuple[str, int] | None:
        index = self.record.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    @Slot()
    def _record_changed(self) -> None:
        current = self.current
        set_error(self.error, "")
        self.submit_button.setEnabled(current is not None)
        if current is None:
            self.history = []
            self._show_fields([], {})
            self.approver_box.hide()
            self.versions.setRowCount(0)
            self.saved.setText(tr("本病例没有可更正的已签名记录。"))
            return
        found = self._runner.read(amendments.correction_facts, *current)
        if failed(found, self):
            return
        self.history, archived = found
        columns = list(amendments.CORRECTABLE[current[0]])
        self._show_versions(columns)
        self._show_fields(columns, self.history[-1].values)
        self.approver_box.setVisible(archived)

    def _show_versions(self, columns: list[str]) -> None:
        headers = [tr("版本"), tr("状态"), *(tr(FIELDS[c].label) for c in columns), tr("时间"),
                   tr("人员"), tr("更正原因"), tr("批准人")]
        self.versions.clear()
        self.versions.setColumnCount(len(headers))
        self.versions.setHorizontalHeaderLabels(headers)
        self.versions.setRowCount(len(self.history))
        for row, version in enumerate(self.history):
            state = tr("已被更正") if version.superseded else tr("现行")
            cells = [f"#{version.record_id}", state,
                     *(shown(c, version.values) for c in columns),
                     f"{version.created_at.astimezone(CHINA):%Y-%m-%d %H:%M}", version.created_by,
                     version.reason or tr("（原始）"), version.approved_by or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if version.superseded:
                    item.setForeground(SUPERSEDED)
                self.versions.setItem(row, column, item)
        self.versions.resizeColumnsToContents()

    def _show_fields(self, columns: list[str], values: dict[str, Any]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()  # type: ignore[union-attr]  # count() > 0
            if widget is not None:
                widget.deleteLater()
        self.editors = {}
        if not columns:
            return
        for column, text in enumerate(("", tr("原值（只读）"), tr("更正为"))):
            header = QLabel(text)
            header.setStyleSheet("font-weight: bold;")
            self.grid.addWidget(header, 0, column)
        for row, name in enumerate(columns, start=1):
            field = FIELDS[name]
            original = QLineEdit(shown(name, values))
            original.setReadOnly(True)
            original.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes to what is corrected
            original.setStyleSheet("background: #f0f0f0; color: #444;")
            editor = _editor(field)
            if isinstance(editor, QSpinBox):
                editor.setValue(int(shown(name, values) or 1))
            else:
                editor.setText(shown(name, values))
            self.grid.addWidget(QLabel(tr(field.label)), row, 0)
            self.grid.addWidget(original, row, 1)
            self.grid.addWidget(editor, row, 2)
            self.editors[name] = editor
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        # The editors are made after the rest of the form: put them where they are read.
        chain_tab_order([self.record, self.versions, *self.editors.values(), self.reason,
                         self.password, self.approver, self.approver_password,
                         self.submit_button, self.close_button])

    # --- writing ---------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        """Send the correction; once signed, ``replacement_id`` is the new version's id
        (a problem is shown inline or in a message box and leaves it None)."""
        self.replacement_id = None
        current = self.current
        if current is None or not self.history:
            return
        changes, errors = changes_from(self.history[-1].values,
                                       {c: _text(e) for c, e in self.editors.items()})
        if errors:
            show_field_errors(self.error, {}, errors)
            return
        approving = self.approver_box.isVisible()
        self._runner.submit(
            self, amendments.amend_approved_by, current[0], current[1], changes,
            self.reason.toPlainText(), password=self.password.text(),
            approver_username=self.approver.text() if approving else "",
            approver_password=self.approver_password.text() if approving else "",
        ).either(partial(self._amended, current[0]))

    def _amended(self, record_type: str, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, {}, result.errors)
            return
        if isinstance(result, AppError):
            set_error(self.error, "")
            show_error(self, result)
            return
        for field in (self.reason, self.password, self.approver, self.approver_password):
            field.clear()
        self.replacement_id = result
        self.load_choices((record_type, result))
        self.saved.setText(tr("已签名保存更正版本 #{id}").format(id=result))
        if self._on_saved is not None:
            self._on_saved()
