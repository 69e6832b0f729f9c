"""The application page of a case (康复申请, issue 19): the applications sent to the deciding
body with the answer deadline of the case's pack, the materials checklist of the selected
one (each item attached — a scan of the archive or a new one — or not applicable with a
reason), and the approval recorded as the answer to it. Only the active pack's checklist and
deadline are shown (``services.intake.application_view``); where its text is silent, the page
says so.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import APPLICANT_ZH, APPLICANTS
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.value_report import ValueReportRow, value_reports
from desktop_app.services.core.commands import ApprovalInput
from desktop_app.services.intake import application
from desktop_app.services.intake.application_view import (
    ApplicationPage as PageData,
)
from desktop_app.services.intake.application_view import (
    ApplicationRow,
    ChecklistRow,
    application_page,
)
from desktop_app.services.intake.intake_view import approvable_items, approval_page
from desktop_app.ui.clinical.value_report_dialog import ValueReportDialog
from desktop_app.ui.intake.approval_page import ApprovalDialog
from desktop_app.ui.intake.earlier_courses import EarlierCourses
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    AttachmentList,
    chain_tab_order,
    date_edit,
    date_of,
    hint_label,
    show_field_errors,
)
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage
from desktop_app.ui.kit.forms import FormDialog, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.runner import PageReads, Runner, failed

APPLICATION_HEADERS = (QT_TR_NOOP("提交日期"), QT_TR_NOOP("受理日期"), QT_TR_NOOP("申请人"),
                       QT_TR_NOOP("受理机构"), QT_TR_NOOP("答复期限"), QT_TR_NOOP("答复"))
CHECKLIST_HEADERS = (QT_TR_NOOP("申请材料"), QT_TR_NOOP("状态"), QT_TR_NOOP("附件或原因"),
                     QT_TR_NOOP("依据"))
# The services' labels of the forms' fields, marked so an error names them in English.
FIELD_LABELS = (QT_TR_NOOP("申请日期"), QT_TR_NOOP("受理日期"), QT_TR_NOOP("申请人"),
                QT_TR_NOOP("受理机构"), QT_TR_NOOP("申请材料"), QT_TR_NOOP("材料状态"),
                QT_TR_NOOP("不适用原因"), QT_TR_NOOP("附件"), QT_TR_NOOP("康复申请"))
APPLICANT_EN = {"employer": "Employer", "worker": "The worker", "relative": "Close relative"}
STATUS_TEXT = {"attached": QT_TR_NOOP("已附"), "not_applicable": QT_TR_NOOP("不适用")}


def answer_text(row: ApplicationRow, today: object) -> str:
    if row.answered_by is not None:
        _id, number, day = row.answered_by
        return tr("已核准：{number}（{day}）").format(number=number, day=day)
    if row.answered_unlinked is not None:
        _id, number, day = row.answered_unlinked
        return tr("已核准（未关联本申请）：{number}（{day}）").format(number=number, day=day)
    if row.due is None:
        return tr("等待答复（无法定期限）")
    if row.overdue(today):  # type: ignore[arg-type]  # a date
        return tr("已逾期，尚未答复")
    return tr("等待答复")


def due_text(row: ApplicationRow) -> str:
    if row.due is None:
        return "—"
    if row.due_extended is not None:
        return tr("{due}（可延至 {extended}）").format(due=row.due, extended=row.due_extended)
    return str(row.due)


class ApplicationDialog(FormDialog):
    """Record an application: submitted (and accepted) when, by whom, to which body."""

    def __init__(self, runner: Runner, case_id: int, body_hint: str, parent: QWidget) -> None:
        super().__init__(tr("录入康复申请"), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._case_id = case_id
        self.application_id: int | None = None
        today = runner.clock.today()
        self.submitted = date_edit(today)
        self.submitted.setObjectName("applicationSubmitted")
        self.has_accepted = QCheckBox(tr("已受理"))
        self.accepted_date = date_edit(today)
        self.accepted_date.setEnabled(False)
        self.has_accepted.toggled.connect(self.accepted_date.setEnabled)
        accepted_row = QHBoxLayout()
        accepted_row.addWidget(self.has_accepted)
        accepted_row.addWidget(self.accepted_date)
        accepted_row.addStretch(1)
        self.applicant = QComboBox()
        for code in APPLICANTS:
            self.applicant.addItem(pick(APPLICANT_ZH[code], APPLICANT_EN[code]), code)
        self.body = QLineEdit(body_hint)
        self.body.setMaxLength(200)
        self.body.setObjectName("applicationBody")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 3)
        self.form.addRow(tr("申请日期 *"), self.submitted)
        self.form.addRow(tr("受理日期"), accepted_row)
        self.form.addRow(tr("申请人 *"), self.applicant)
        self.form.addRow(tr("受理机构 *"), self.body)
        self.form.addRow(tr("备注"), self.note)
        self.fields: dict[str, QWidget] = {"submitted_on": self.submitted, "accepted_on": self.accepted_date,
                                           "applicant": self.applicant, "submitted_to": self.body}
        chain_tab_order([self.submitted, self.has_accepted, self.accepted_date, self.applicant, self.body,
                         self.note, self.ok_button])

    def application(self) -> application.ApplicationInput:
        return application.ApplicationInput(
            date_of(self.submitted), str(self.applicant.currentData()), self.body.text(),
            date_of(self.accepted_date) if self.has_accepted.isChecked() else None,
            self.note.toPlainText().strip() or None)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, application.add_application, self._case_id,
                            self.application()).either(self._done)

    def _done(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                first.setFocus()
            return
        if isinstance(result, int):
            self.application_id = result
        self.outcome(result)


class ItemDialog(FormDialog):
    """Mark one materials item: attached (a scan of the archive, or a new one) or not
    applicable, with the reason."""

    def __init__(self, runner: Runner, case_id: int, application_id: int, item: ChecklistRow,
                 attachments: tuple[tuple[int, str], ...], parent: QWidget) -> None:
        super().__init__(tr("申请材料：{item}").format(item=pick(item.zh, item.en)), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._case_id, self._application_id, self._code = case_id, application_id, item.code
        self.status = QComboBox()
        self.status.setObjectName("itemStatus")
        self.status.addItem(tr("已附"), "attached")
        self.status.addItem(tr("不适用"), "not_applicable")
        self.existing = QComboBox()
        self.existing.setObjectName("existingAttachment")
        self.existing.addItem(tr("（添加新的扫描件）"), None)
        for attachment_id, name in attachments:
            self.existing.addItem(f"#{attachment_id} {name}", attachment_id)
        self.scan = AttachmentList(("application_material",), single=True)
        self.reason = QLineEdit()
        self.reason.setObjectName("itemReason")
        self.reason.setPlaceholderText(tr("如 首次申请，无以往康复价值评估报告"))
        basis = hint_label(tr("依据：{basis}").format(basis=pick(item.basis_zh, item.basis_en)))
        self.form.addRow(tr("状态 *"), self.status)
        self.form.addRow(tr("档案中的附件"), self.existing)
        self.form.addRow(tr("新扫描件"), self.scan)
        self.form.addRow(tr("不适用原因"), self.reason)
        self.form.addRow("", basis)
        self.fields: dict[str, QWidget] = {"status": self.status, "attachment": self.existing,
                                           "reason": self.reason, "item_code": self.status}
        self.status.currentIndexChanged.connect(self._status_changed)
        chain_tab_order([self.status, self.existing, self.scan.add_button, self.scan.remove_button,
                         self.scan.table, self.reason, self.ok_button])
        self._status_changed()

    @Slot()
    def _status_changed(self) -> None:
        attached = self.status.currentData() == "attached"
        self.existing.setEnabled(attached)
        self.scan.setEnabled(attached)
        self.reason.setEnabled(not attached)

    def mark(self) -> application.ItemMark:
        status = str(self.status.currentData())
        if status != "attached":
            return application.ItemMark(self._code, status, reason=self.reason.text())
        existing = self.existing.currentData()
        scan = self.scan.items[0] if self.scan.items and existing is None else None
        return application.ItemMark(self._code, status, existing, scan)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, application.mark_item, self._case_id, self._application_id,
                            self.mark()).either(self._done)

    def _done(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                first.setFocus()
            return
        self.outcome(result)


class AnswerDialog(ApprovalDialog):
    """The approval dialog, recording the approval as the answer to one application."""

    application_id: int | None = None

    def approval(self) -> ApprovalInput:
        return replace(super().approval(), application_id=self.application_id)


class ApplicationPage(CasePage):
    """``load(case_id)`` shows a case's applications and the checklist of the selected one."""

    READS = CASE_BASICS | {"rehab_application", "application_item", "approval", "attachment", "value_report"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: PageData | None = None
        self.dialog: FormDialog | None = None
        self.rule = hint_label()
        self.rule.setObjectName("applicationRule")
        self.add_button = QPushButton(tr("录入康复申请…"))
        self.add_button.setObjectName("recordApplication")
        self.add_button.clicked.connect(self.open_application_dialog)
        self.applications = record_table(tuple(headers(APPLICATION_HEADERS)), (90, 90, 100, 200, 230))
        self.applications.setObjectName("applications")
        self.applications.itemSelectionChanged.connect(self._show_checklist)
        self.checklist = record_table(tuple(headers(CHECKLIST_HEADERS)), (280, 70, 220))
        self.checklist.setObjectName("checklist")
        self.checklist.doubleClicked.connect(lambda _index: self.open_item_dialog())
        self.silent = hint_label()
        self.mark_button = QPushButton(tr("登记材料…"))
        self.mark_button.setObjectName("markItem")
        self.mark_button.clicked.connect(self.open_item_dialog)
        self.answer_button = QPushButton(tr("录入核准结论（答复本申请）…"))
        self.answer_button.setObjectName("answerApplication")
        self.answer_button.clicked.connect(self.open_answer_dialog)
        top = QHBoxLayout()
        top.addWidget(self.rule, 1)
        top.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.silent, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.answer_button)
        self.earlier = EarlierCourses(runner)  # a repeat course: the injury's earlier courses
        layout = QVBoxLayout(self)
        layout.addWidget(self.earlier)
        layout.addLayout(top)
        layout.addWidget(self.applications, 1)
        layout.addWidget(QLabel(tr("申请材料")))
        layout.addWidget(self.checklist, 2)
        layout.addLayout(buttons)
        # The signed, versioned value report that goes with the application (issue 19).
        self.value_note = hint_label()
        self.value_note.setObjectName("valueReportState")
        self.value_button = QPushButton(tr("康复价值评估报告…"))
        self.value_button.setObjectName("valueReport")
        self.value_button.clicked.connect(self.open_value_report)
        self.value_dialog: ValueReportDialog | None = None
        self.value_reads = PageReads(runner, self)  # the value report's state, read on its own
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_note, 1)
        value_row.addWidget(self.value_button)
        layout.addLayout(value_row)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.earlier.load(case_id)
        self.reads.read(self._read, application_page, case_id, self._runner.clock.today())
        self.value_reads.read(self._value_read, value_reports, case_id)

    def _value_read(self, versions: list[ValueReportRow]) -> None:
        if not versions:
            state = tr("尚无评估报告版本")
        else:
            latest = versions[-1]
            state = tr("当前第 {n} 版（{state}）").format(
                n=latest.version_no, state=tr("已签名") if latest.signed else tr("未签名"))
        self.value_note.setText(tr("康复价值评估报告及康复治疗建议：{state}。医师撰写并以本人密码签名；"
                                   "新版本取代旧版本，已签名的版本不再改动。").format(state=state))

    def _read(self, data: PageData) -> None:
        self.data = data
        rule = pick(data.deadline_zh, data.deadline_en)
        materials = (pick("、".join(data.checklist_zh), "; ".join(data.checklist_en)) if data.checklist_zh
                     else tr("本地区办法未列申请材料"))
        self.rule.setText(tr("答复期限：{rule}。申请材料：{materials}").format(
            rule=rule, materials=materials))
        may = data.can_add and permitted(self._user.role, "application.record", "draft")
        self.add_button.setEnabled(may)
        today = self._runner.clock.today()
        self.applications.setRowCount(len(data.applications))
        for row, a in enumerate(data.applications):
            values = (str(a.submitted_on), str(a.accepted_on or "—"),
                      pick(a.applicant_zh, APPLICANT_EN.get(a.applicant, a.applicant)), a.submitted_to,
                      due_text(a), answer_text(a, today))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 5 and a.overdue(today):
                    cell.setForeground(Qt.GlobalColor.red)
                self.applications.setItem(row, column, cell)
        if data.applications:
            self.applications.selectRow(len(data.applications) - 1)  # the latest
        self._show_checklist()

    def selected(self) -> ApplicationRow | None:
        if self.data is None or not self.data.applications:
            return None
        rows = self.applications.selectionModel().selectedRows()
        index = rows[0].row() if rows else len(self.data.applications) - 1
        return self.data.applications[index]

    @Slot()
    def _show_checklist(self) -> None:
        chosen = self.selected()
        items = chosen.checklist if chosen else ()
        self.checklist.setRowCount(len(items))
        for row, item in enumerate(items):
            detail = (f"#{item.attachment_id} {item.attachment_name or ''}" if item.status == "attached"
                      else item.reason or "")
            values = (pick(item.zh, item.en), tr(STATUS_TEXT[item.status]) if item.status else tr("未提交"),
                      detail, pick(item.basis_zh, item.basis_en))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 1 and item.status is None:
                    cell.setForeground(Qt.GlobalColor.red)
                self.checklist.setItem(row, column, cell)
        self.silent.setText(tr("本地区办法未列申请材料，无须逐项登记。") if chosen and chosen.checklist_silent
                            else "")
        may = (self.data is not None and self.data.can_add
               and permitted(self._user.role, "application.record", "draft"))
        self.mark_button.setEnabled(bool(may and items))
        self.answer_button.setEnabled(bool(may and chosen is not None and chosen.answered_by is None
                                           and chosen.answered_unlinked is None
                                           and permitted(self._user.role, "case.record_approval", "draft")))

    @Slot()
    def open_application_dialog(self) -> ApplicationDialog | None:
        if self.case_id is None or self.data is None:
            return None
        last = self.data.applications[-1].submitted_to if self.data.applications else ""
        dialog = ApplicationDialog(self._runner, self.case_id, last, self)
        self._open(dialog)
        return dialog

    @Slot()
    def open_item_dialog(self) -> ItemDialog | None:
        chosen = self.selected()
        if self.case_id is None or self.data is None or chosen is None or not chosen.checklist:
            return None
        rows = self.checklist.selectionModel().selectedRows()
        item = chosen.checklist[rows[0].row()] if rows else (chosen.missing or chosen.checklist)[0]
        dialog = ItemDialog(self._runner, self.case_id, chosen.id, item, self.data.attachments, self)
        self._open(dialog)
        return dialog

    @Slot()
    def open_answer_dialog(self) -> AnswerDialog | None:
        chosen = self.selected()
        if self.case_id is None or chosen is None:
            return None
        today = self._runner.clock.today()
        page = self._runner.read(approval_page, self.case_id, today)
        items = self._runner.read(approvable_items, today)
        if failed(page, self) or failed(items, self):
            return None
        dialog = AnswerDialog(self._runner, page.facts, page.rows, items, self)
        dialog.application_id = chosen.id
        dialog.body.setText(chosen.submitted_to)
        self._open(dialog)
        return dialog

    @Slot()
    def open_value_report(self) -> ValueReportDialog | None:
        """The value report's versions and the form of the next one (a dialog of its own)."""
        if self.case_id is None:
            return None
        dialog = ValueReportDialog(self._runner, self._user, self.case_id, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._value_closed)
        self.value_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _value_closed(self) -> None:
        self.value_dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
        self.changed.emit()

    def _open(self, dialog: FormDialog) -> None:
        dialog.accepted.connect(self._written)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def _written(self) -> None:
        self.dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
        self.changed.emit()
