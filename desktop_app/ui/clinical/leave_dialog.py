"""请假: an admitted inpatient's leave, entered from the execution sheet (``services.clinical.leave``).

A day of leave has no session and is not an idle bed day (挂床): this is where the ward
states why nothing was done that day. The leave already recorded is listed above the form.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop_app.services.clinical import leave
from desktop_app.ui.intake.fields import date_edit, date_of
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.runner import Runner


class LeaveDialog(FormDialog):
    def __init__(self, runner: Runner, case_id: int, parent: QWidget) -> None:
        super().__init__(tr("登记请假"), tr("保存"), parent)
        self._runner, self.case_id = runner, case_id
        rows = runner.fetch(leave.list_leave, case_id)
        self.recorded = QLabel("\n".join(
            tr("{start} 至 {end}（{days} 天）：{reason}").format(
                start=r.leave_from, end=r.leave_to, days=r.days, reason=r.reason) for r in rows)
            or tr("尚无请假记录。"))
        self.recorded.setObjectName("recordedLeave")
        self.recorded.setWordWrap(True)
        today = runner.clock.today()
        self.leave_from = date_edit(today)
        self.leave_to = date_edit(today)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("如 回家处理家事"))
        self.form.addRow(tr("已登记"), self.recorded)
        self.form.addRow(tr("请假自"), self.leave_from)
        self.form.addRow(tr("请假至"), self.leave_to)
        self.form.addRow(tr("请假原因"), self.reason)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, leave.record_leave, self.case_id, date_of(self.leave_from),
                            date_of(self.leave_to), self.reason.text()).either(self.outcome)
