"""保管期限: the retention report with a status filter, and what records staff do with it —
a legal hold placed or lifted, retention extended, a case sealed — each with its reason.

The buttons follow the permission table; the services check again (and audit refusals).
Disposal of expired archives has its own window (``ui/records/disposal_view.py``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.retention import add_years
from desktop_app.services.records import retention
from desktop_app.services.records.retention import RetentionRow
from desktop_app.ui.kit.forms import FormDialog, fit_columns, message_parent, record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.runner import Runner, failed

STATUS_LABELS = {"due": QT_TR_NOOP("一年内到期"), "held": QT_TR_NOOP("法律保全"),
                 "expired": QT_TR_NOOP("已过保管期"), "retained": QT_TR_NOOP("保管中"),
                 "destroyed": QT_TR_NOOP("已销毁")}
CLASS_LABELS = {"inpatient_rehab": QT_TR_NOOP("住院康复"), "outpatient_rehab": QT_TR_NOOP("门诊康复")}
HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("患者"), QT_TR_NOOP("类别"), QT_TR_NOOP("保管起"),
           QT_TR_NOOP("保管至"), QT_TR_NOOP("状态"), QT_TR_NOOP("保全原因"))


class HoldDialog(FormDialog):
    """Place (``hold``) or lift a legal hold; the reason is kept either way."""

    def __init__(self, runner: Runner, row: RetentionRow, hold: bool, parent: QWidget) -> None:
        title = tr("设置法律保全 — {case}") if hold else tr("解除法律保全 — {case}")
        super().__init__(title.format(case=row.case_number), tr("确定"), parent)
        self._runner, self._row, self._hold = runner, row, hold
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填：如诉讼、仲裁、审计"))
        self.form.addRow(tr("病例"), QLabel(f"{row.case_number}　{row.patient_name}"))
        self.form.addRow(tr("原因"), self.reason)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, retention.set_legal_hold, self._row.case_id, self._hold,
                            self.reason.text()).either(self.outcome)


class ExtendDialog(FormDialog):
    """Keep a case longer: the new date must be later than the present one."""

    def __init__(self, runner: Runner, row: RetentionRow, parent: QWidget) -> None:
        super().__init__(tr("延长保管期限 — {case}").format(case=row.case_number), tr("延长"), parent)
        self._runner, self._row = runner, row
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        proposed = add_years(row.retain_until, 10)
        self.until.setDate(QDate(proposed.year, proposed.month, proposed.day))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填"))
        self.form.addRow(tr("现保管至"), QLabel(str(row.retain_until)))
        self.form.addRow(tr("延长至"), self.until)
        self.form.addRow(tr("原因"), self.reason)

    @Slot()
    def submit(self) -> None:
        until: date = self.until.date().toPython()  # type: ignore[assignment]
        self._runner.submit(self, retention.extend_retention, self._row.case_id, until,
                            self.reason.text()).either(self.outcome)


class SealDialog(FormDialog):
    """封存: irreversible, so the box must be ticked before the button works."""

    def __init__(self, runner: Runner, case_id: int, case_label: str, parent: QWidget) -> None:
        super().__init__(tr("封存病例 — {case}").format(case=case_label), tr("封存"), parent)
        self._runner, self._case_id = runner, case_id
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填：如医疗纠纷"))
        self.confirm = QCheckBox(tr("我确认：封存后任何人不得修改，且不可撤销"))
        self.confirm.toggled.connect(self.ok_button.setEnabled)
        self.ok_button.setEnabled(False)
        self.form.addRow(tr("病例"), QLabel(case_label))
        self.form.addRow(tr("原因"), self.reason)
        self.form.addRow(self.confirm)

    @Slot()
    def submit(self) -> None:
        if self.confirm.isChecked():
            self._runner.submit(self, retention.seal_case, self._case_id, self.reason.text()).either(
                self.outcome)


class RetentionDialog(QDialog):
    """The retention report for those who may read it; ``role`` decides the buttons."""

    def __init__(self, runner: Runner, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._role = role
        self.rows: list[RetentionRow] = []
        self.shown_rows: list[RetentionRow] = []
        self.setWindowTitle(tr("保管与销毁"))
        self.resize(1000, 540)
        self.status = QComboBox()
        self.status.addItem(tr("全部"), None)
        for code, label in STATUS_LABELS.items():
            self.status.addItem(tr(label), code)
        self.status.currentIndexChanged.connect(self._fill)
        self.table = record_table(tuple(headers(HEADERS)), (150, 80, 90, 100, 100, 150))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.count = QLabel()
        self.hold_button = QPushButton(tr("法律保全…"))
        self.extend_button = QPushButton(tr("延长保管期限…"))
        self.seal_button = QPushButton(tr("封存…"))
        self.disposal_button = QPushButton(tr("销毁鉴定…"))
        close = QPushButton(tr("关闭"))
        self.hold_button.clicked.connect(self.toggle_hold)
        self.extend_button.clicked.connect(self.extend)
        self.seal_button.clicked.connect(self.seal)
        self.disposal_button.clicked.connect(self.open_disposal)
        close.clicked.connect(self.close)
        for button, action in ((self.hold_button, "retention.hold"),
                               (self.extend_button, "retention.extend"),
                               (self.seal_button, "case.seal"),
                               (self.disposal_button, "disposal.propose")):
            button.setVisible(permitted(role, action, "archived") or permitted(role, action))

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("状态")))
        top.addWidget(self.status)
        top.addStretch()
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (self.hold_button, self.extend_button, self.seal_button,
                       self.disposal_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._selection_changed()

    def reload(self) -> bool:
        """Read the report; False (after a message box) if the service refuses."""
        result = self._runner.run(retention.retention_report)
        if failed(result, message_parent(self)):
            return False
        self.rows = result
        self._fill()
        return True

    def filter_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(self.status.findData(status) if status else 0)

    @Slot()
    def _fill(self) -> None:
        wanted = self.status.currentData()
        selected = self.selected()
        self.shown_rows = [r for r in self.rows if wanted is None or r.status == wanted]
        self.table.setRowCount(len(self.shown_rows))
        for row, line in enumerate(self.shown_rows):
            values = (line.case_number, line.patient_name,
                      tr(CLASS_LABELS.get(line.record_class, line.record_class)),
                      str(line.retention_start), str(line.retain_until),
                      tr(STATUS_LABELS.get(line.status, line.status)), line.hold_reason or "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if line.status == "destroyed":
                    item.setForeground(Qt.GlobalColor.gray)
                elif line.status in ("held", "expired") and column == 5:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
            if selected is not None and line.retention_id == selected.retention_id:
                self.table.selectRow(row)
        fit_columns(self.table, range(self.table.columnCount() - 1))
        self.count.setText(tr("共 {count} 项").format(count=len(self.shown_rows)))
        self._selection_changed()

    def selected(self) -> RetentionRow | None:
        index = selected_index(self.table, len(self.shown_rows))
        return None if index is None else self.shown_rows[index]

    @Slot()
    def _selection_changed(self) -> None:
        row = self.selected()
        usable = row is not None and row.status != "destroyed"
        for button in (self.hold_button, self.extend_button, self.seal_button):
            button.setEnabled(usable)
        self.hold_button.setText(tr("解除保全…") if row is not None and row.legal_hold
                                 else tr("法律保全…"))

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    @Slot()
    def toggle_hold(self) -> FormDialog | None:
        row = self.selected()
        return self._open(HoldDialog(self._runner, row, not row.legal_hold, self)) if row else None

    @Slot()
    def extend(self) -> FormDialog | None:
        row = self.selected()
        return self._open(ExtendDialog(self._runner, row, self)) if row else None

    @Slot()
    def seal(self) -> FormDialog | None:
        row = self.selected()
        if row is None:
            return None
        return self._open(SealDialog(self._runner, row.case_id,
                                     f"{row.case_number}　{row.patient_name}", self))

    @Slot()
    def open_disposal(self) -> QDialog | None:
        from desktop_app.ui.records.disposal_view import DisposalDialog

        dialog = DisposalDialog(self._runner, self._role, self)
        dialog.finished.connect(self.reload)
        if not dialog.reload():
            dialog.deleteLater()
            return None
        dialog.open()
        return dialog
