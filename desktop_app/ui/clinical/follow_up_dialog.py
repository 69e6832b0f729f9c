"""出院随访 The follow-up of a discharged case at 3, 6 and 12 months, opened from the discharge
page: the three milestones with their due day and what was recorded (the latest row of a
milestone counts; a correction is simply recorded again), and a small form to record one
(``services.clinical.follow_up.record_follow_up``: append-only, audited).

The labels of the outcome codes are here, marked for translation; their Chinese is that of
``domain.vocabulary`` (``tests/ui/test_follow_up_dialog.py`` holds them equal)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import FOLLOW_UP_METHODS, FOLLOW_UP_MONTHS, RETURN_TO_WORK, Action
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import follow_up
from desktop_app.services.clinical.follow_up_view import FollowUpSheet, follow_up_sheet
from desktop_app.ui.intake.fields import chain_tab_order, date_edit, date_of, set_date, show_field_errors
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.runner import PageReads, Runner, failed

DESTINATION = {
    "home": QT_TR_NOOP("回家休养"),
    "work": QT_TR_NOOP("返回工作岗位"),
    "other_institution": QT_TR_NOOP("转其他医疗/康复机构"),
    "care_facility": QT_TR_NOOP("转养护机构"),
    "death": QT_TR_NOOP("死亡"),
    "other": QT_TR_NOOP("其他"),
}
WORK_STATUS = {
    "same_job": QT_TR_NOOP("原单位原岗位"),
    "other_job_same_employer": QT_TR_NOOP("原单位其他岗位"),
    "other_employer": QT_TR_NOOP("其他单位就业"),
    "not_working": QT_TR_NOOP("未就业"),
    "vocational_training": QT_TR_NOOP("职业培训中"),
    "unknown": QT_TR_NOOP("不详"),
}
METHOD = {
    "phone": QT_TR_NOOP("电话"),
    "visit": QT_TR_NOOP("上门/来院"),
    "letter": QT_TR_NOOP("信函"),
    "other": QT_TR_NOOP("其他"),
}
MILESTONE_HEADERS = (QT_TR_NOOP("随访节点"), QT_TR_NOOP("应随访日期"), QT_TR_NOOP("随访日期"),
                     QT_TR_NOOP("随访方式"), QT_TR_NOOP("就业状况"), QT_TR_NOOP("满意度"),
                     QT_TR_NOOP("备注"))
NOT_CHOSEN = QT_TR_NOOP("请选择")
NOT_ASKED = QT_TR_NOOP("未调查")


def choice_combo(labels: dict[str, str], codes: tuple[str, ...], placeholder: bool) -> QComboBox:
    """A combo of coded answers in the interface's language; with ``placeholder`` it starts
    on 请选择 (no data), so the answer is chosen, never defaulted."""
    combo = QComboBox()
    # Long answers (in English especially): the discharge page may be narrow beside the case list.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    if placeholder:
        combo.addItem(tr(NOT_CHOSEN), None)
    for code in codes:
        combo.addItem(tr(labels[code]), code)
    return combo


def satisfaction_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem(tr(NOT_ASKED), None)
    for value in range(1, 6):
        combo.addItem(str(value), value)
    return combo


def months_text(months: int) -> str:
    return tr("{months} 个月").format(months=months)


def label(labels: dict[str, str], code: str | None) -> str:
    return tr(labels[code]) if code in labels else (code or "—")


class FollowUpDialog(QDialog):
    """``load()`` reads the case's milestones; ``record`` saves the form, then reads again.
    ``recorded`` counts the follow-ups saved while the dialog was open."""

    def __init__(self, runner: Runner, user: SignedIn, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("出院随访"))
        self.setMinimumWidth(760)
        self._runner = runner
        self._user = user
        self.case_id = case_id
        self.sheet: FollowUpSheet | None = None
        self.recorded = 0
        self.reads = PageReads(runner, self)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = record_table(tuple(headers(MILESTONE_HEADERS)), (70, 90, 90, 80, 120, 60))
        self.table.setMinimumHeight(130)

        self.months = QComboBox()
        for months in FOLLOW_UP_MONTHS:
            self.months.addItem(months_text(months), months)
        self.contacted_on = date_edit(runner.clock.today())
        self.method = choice_combo(METHOD, FOLLOW_UP_METHODS, placeholder=False)
        self.work = choice_combo(WORK_STATUS, RETURN_TO_WORK, placeholder=True)
        self.satisfaction = satisfaction_combo()
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("备注"))
        self.record_button = QPushButton(tr("保存随访"))
        self.record_button.clicked.connect(self.record)
        self.record_button.setDefault(True)  # Enter records; Escape closes
        self.error = error_label()
        self.saved = QLabel()
        self.saved.setObjectName("followUpSaved")
        self.saved.hide()

        form_box = QGroupBox(tr("录入随访（更正即再录一次，以最新一次为准）"))
        form = QFormLayout(form_box)
        form.addRow(tr("随访节点"), self.months)
        form.addRow(tr("随访日期"), self.contacted_on)
        form.addRow(tr("随访方式"), self.method)
        form.addRow(tr("就业状况"), self.work)
        form.addRow(tr("满意度"), self.satisfaction)
        form.addRow(tr("备注"), self.note)
        row = QHBoxLayout()
        row.addWidget(self.saved, 1)
        row.addWidget(self.record_button)
        form.addRow(row)
        form.addRow(self.error)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(form_box)
        layout.addWidget(close)
        chain_tab_order((self.months, self.contacted_on, self.method, self.work, self.satisfaction,
                         self.note, self.record_button))
        self.load()

    def load(self) -> None:
        self.reads.read(self._shown, follow_up_sheet, self.case_id)

    def _shown(self, sheet: FollowUpSheet) -> None:
        self.sheet = sheet
        text = tr("病例 {case}　{patient}").format(case=sheet.case_number, patient=sheet.patient_name)
        if sheet.discharge_date is not None:
            text += tr("　出院 {day}　去向：{destination}　出院时就业状况：{work}").format(
                day=sheet.discharge_date, destination=label(DESTINATION, sheet.destination),
                work=label(WORK_STATUS, sheet.return_to_work))
        self.summary.setText(text)
        self.table.setRowCount(len(sheet.milestones))
        for row, milestone in enumerate(sheet.milestones):
            latest = milestone.latest
            cells = [months_text(milestone.months), str(milestone.due_on)]
            if latest is None:
                cells += [tr("未随访"), "", "", "", ""]
            else:
                note = latest.note or ""
                if milestone.earlier:
                    corrected = tr("（已更正 {count} 次）").format(count=milestone.earlier)
                    note = f"{note} {corrected}" if note else corrected
                cells += [str(latest.contacted_on), label(METHOD, latest.method),
                          label(WORK_STATUS, latest.return_to_work),
                          str(latest.satisfaction) if latest.satisfaction is not None else "—", note]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        # The first milestone due and not recorded is offered.
        today = self._runner.clock.today()
        waiting = [m.months for m in sheet.milestones if m.latest is None and m.due_on <= today]
        if waiting:
            self.months.setCurrentIndex(self.months.findData(waiting[0]))
        allowed = sheet.can_record and permitted(self._user.role, Action.FOLLOW_UP_RECORD,
                                                 _case_state(sheet.record_state))
        self.record_button.setEnabled(allowed)

    @Slot()
    def record(self) -> None:
        if not self.record_button.isEnabled():
            return
        inp = follow_up.FollowUpInput(
            int(self.months.currentData()), date_of(self.contacted_on), str(self.method.currentData()),
            self.work.currentData() or "", self.satisfaction.currentData(), self.note.text().strip() or None)
        self._runner.submit(self, follow_up.record_follow_up, self.case_id, inp).either(self._recorded)

    def _recorded(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, {"contacted_on": self.contacted_on, "return_to_work": self.work,
                                           "method": self.method, "months": self.months,
                                           "satisfaction": self.satisfaction}, result.errors)
            return
        if failed(result, self):
            return
        set_error(self.error, "")
        self.recorded += 1
        self.saved.setText(tr("已保存随访。"))
        self.saved.show()
        self.note.clear()
        self.work.setCurrentIndex(0)
        self.satisfaction.setCurrentIndex(0)
        set_date(self.contacted_on, self._runner.clock.today())
        self.load()


def _case_state(record_state: str) -> str:
    """The state the permission table rules on for a case: open (draft), archived, sealed."""
    return record_state if record_state in ("archived", "sealed") else "draft"
