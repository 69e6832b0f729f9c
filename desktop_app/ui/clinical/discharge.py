"""The discharge page: what stands before ending the course (post assessment, records
awaiting a signature or a co-signature, whether the assessments suggest ending), the
discharge itself (end reason, date, note), then archiving as a second, confirmed step.

The services decide: discharge warns when the post assessment is missing; archiving is
refused while any record waits for a signature. Refusals are shown as messages.

Once discharged, the page shows the discharge as recorded (date, reason, destination,
return to work, satisfaction, note), read only, in place of the form: a discharge is not
done twice, and an archived or sealed case no longer changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import DISCHARGE_DESTINATIONS, END_REASONS, RETURN_TO_WORK, State
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.discharge_view import DischargeFacts, discharge_facts
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.records import retention
from desktop_app.ui.clinical.follow_up_dialog import (
    DESTINATION,
    NOT_ASKED,
    WORK_STATUS,
    FollowUpDialog,
    choice_combo,
    label,
    satisfaction_combo,
)
from desktop_app.ui.clinical.notice_dialog import NoticeDialog
from desktop_app.ui.clinical.outcome_report import NOTICE_STYLE
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    chain_tab_order,
    date_edit,
    date_of,
    set_date,
    show_field_errors,
)
from desktop_app.ui.kit.case_page import CasePage
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr, tr_in
from desktop_app.ui.kit.labels import END_REASON, PHASE, STATUS
from desktop_app.ui.kit.messages import ERROR_STYLE, error_label, set_error
from desktop_app.ui.kit.runner import Runner, failed

PENDING_HEADERS = (QT_TR_NOOP("类别"), QT_TR_NOOP("记录"), QT_TR_NOOP("待办"))
NON_COOPERATION_NOTE = QT_TR_NOOP("须书面通知职工终止康复治疗。")
OK_STYLE = "color: #1e6b30;"


def _basis(facts: DischargeFacts, reason: str) -> str:
    """"（依据：…）" from the case's pack, or nothing where its region's text is silent."""
    zh, en = facts.reason_basis.get(reason, ("", ""))
    return tr("（依据：{basis}）").format(basis=pick(zh, en)) if zh else ""


def state_text(facts: DischargeFacts) -> str:
    text = tr("病例 {case}　{patient}　{status}").format(
        case=facts.case_number, patient=facts.patient_name, status=tr(STATUS.get(facts.status, facts.status)))
    if facts.discharge_date is not None:
        reason = tr(END_REASON.get(facts.end_reason or "", facts.end_reason or ""))
        text += tr("　出院 {day}（{reason}）").format(day=facts.discharge_date, reason=reason)
        if facts.return_to_work is not None:
            text += tr("　去向：{destination}　就业状况：{work}").format(
                destination=label(DESTINATION, facts.destination),
                work=label(WORK_STATUS, facts.return_to_work))
    if facts.archived:
        text += tr("　已归档，保管至 {day}").format(day=facts.retain_until)
    return text


# The read-only record's rows (their labels are the form's, marked there).
RECORD_ROWS = ("出院日期", "结束原因", "出院去向", "就业状况", "满意度", "备注")


def recorded_discharge(facts: DischargeFacts) -> dict[str, str]:
    """The discharge as recorded: row (``RECORD_ROWS``) → value, in the interface's language."""
    return {"出院日期": str(facts.discharge_date),
            "结束原因": tr(END_REASON.get(facts.end_reason or "", facts.end_reason or "—")),
            "出院去向": label(DESTINATION, facts.destination),
            "就业状况": label(WORK_STATUS, facts.return_to_work),
            "满意度": str(facts.satisfaction) if facts.satisfaction is not None else tr(NOT_ASKED),
            "备注": facts.end_note or "—"}


def post_text(facts: DischargeFacts) -> str:
    if not facts.post_assessments:
        return tr("缺少康复后评估：出院时会提示，结算前须补齐。")
    shown = tr("；").join(f"{a.assessed_on} {a.instrument_code} {a.total if a.total is not None else '—'}"
                         + tr("（{state}）").format(state=tr("已签名") if a.signed else tr("待签名"))
                         for a in facts.post_assessments)
    return tr("{phase}评估 {count} 次：{shown}").format(
        phase=tr_in("phase", PHASE["post"]), count=len(facts.post_assessments), shown=shown)


class DischargePage(CasePage):
    """``load(case_id)``; ``changed`` after a discharge or an archiving."""

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.facts: DischargeFacts | None = None
        self.confirm: QMessageBox | None = None
        self.confirm_archive_button: QAbstractButton | None = None

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setStyleSheet("font-weight: bold;")
        self.post = QLabel()
        self.post.setWordWrap(True)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("endSuggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet(NOTICE_STYLE)
        self.pending_note = QLabel()
        self.pending = record_table(tuple(headers(PENDING_HEADERS)), (90, 640))

        self.reason = QComboBox()
        # Long reasons (in English especially): the page may be narrow beside the case list.
        self.reason.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reason.setMinimumContentsLength(16)
        for code in END_REASONS:
            self.reason.addItem(tr(END_REASON.get(code, code)), code)
        self.reason.currentIndexChanged.connect(self._reason_chosen)
        self.reason_note = QLabel()
        self.reason_note.setObjectName("reasonBasis")
        self.reason_note.setWordWrap(True)
        self.destination = choice_combo(DESTINATION, DISCHARGE_DESTINATIONS, placeholder=True)
        self.work = choice_combo(WORK_STATUS, RETURN_TO_WORK, placeholder=True)
        self.satisfaction = satisfaction_combo()
        self.discharge_date = date_edit(runner.clock.today())
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("备注"))
        self.note.returnPressed.connect(self.discharge)
        self.discharge_button = QPushButton(tr("办理出院"))
        self.discharge_button.clicked.connect(self.discharge)
        self.form_error = error_label()
        self.outcome = QLabel()
        self.outcome.setObjectName("dischargeOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        # The discharge as recorded, read only, once there is one (instead of the form).
        self.record_values: dict[str, QLabel] = {}
        self.record_note = QLabel()
        self.record_note.setObjectName("dischargeRecordNote")
        self.record_note.setWordWrap(True)

        self.archive_note = QLabel(tr("出院后，全部记录签名完毕方可归档；归档后记录锁定，只能经批准更正。"))
        self.archive_note.setWordWrap(True)
        self.archive_button = QPushButton(tr("归档…"))
        self.archive_button.clicked.connect(self.ask_archive)
        self.archive_result = QLabel()
        self.archive_result.setStyleSheet(OK_STYLE)
        self.archive_result.setWordWrap(True)  # beside the button: the page stays as narrow
        self.archive_result.hide()
        self.follow_up_note = QLabel(tr("出院后 3、6、12 个月随访职工的就业状况。"))
        self.follow_up_note.setWordWrap(True)
        self.follow_up_button = QPushButton(tr("出院随访…"))
        self.follow_up_button.clicked.connect(self.open_follow_up)
        self.follow_up: FollowUpDialog | None = None
        # The written notice ending a course (Beijing Art. 14; issue 19).
        self.notice_button = QPushButton(tr("终止康复书面通知…"))
        self.notice_button.setToolTip(tr("不配合治疗或拒不出院时，书面通知职工终止康复治疗。"))
        self.notice_button.setObjectName("courseNotice")
        self.notice_button.clicked.connect(self.open_notice)
        self.notice: NoticeDialog | None = None
        self._layout()
        chain_tab_order((self.notice_button, self.pending, self.reason, self.destination, self.work,
                         self.satisfaction, self.discharge_date, self.note, self.discharge_button,
                         self.archive_button, self.follow_up_button))
        self._reason_chosen()

    def _layout(self) -> None:
        check = QGroupBox(tr("出院前检查"))
        check_layout = QVBoxLayout(check)
        top = QHBoxLayout()  # the notice beside the case's state: no height of its own
        top.addWidget(self.state, 1)
        top.addWidget(self.notice_button, 0, Qt.AlignmentFlag.AlignTop)
        check_layout.addLayout(top)
        for widget in (self.post, self.suggestion, self.pending_note):
            check_layout.addWidget(widget)
        check_layout.addWidget(self.pending, 1)

        form_box = QGroupBox(tr("办理出院"))
        form_box.setStyleSheet(FORM_STYLE)
        form = QFormLayout(form_box)
        form.setVerticalSpacing(4)
        form.addRow(tr("结束原因"), self.reason)
        form.addRow("", self.reason_note)
        form.addRow(tr("出院去向"), self.destination)
        form.addRow(tr("就业状况"), self.work)
        form.addRow(tr("满意度"), self.satisfaction)
        form.addRow(tr("出院日期"), self.discharge_date)
        form.addRow(tr("备注"), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_error, 1)
        buttons.addWidget(self.discharge_button)
        form.addRow(buttons)

        record_box = QGroupBox(tr("出院记录"))
        record_box.setObjectName("dischargeRecord")
        record = QFormLayout(record_box)
        record.setVerticalSpacing(4)
        for key in RECORD_ROWS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.record_values[key] = value
            record.addRow(tr(key), value)
        record.addRow(self.record_note)
        self.form_or_record = QStackedWidget()
        self.form_or_record.addWidget(form_box)  # before discharge
        self.form_or_record.addWidget(record_box)  # after: what was recorded, read only

        archive_box = QGroupBox(tr("归档"))
        archive_layout = QVBoxLayout(archive_box)
        archive_layout.addWidget(self.archive_note)
        row = QHBoxLayout()
        row.addWidget(self.archive_result, 1)
        row.addStretch(0)
        row.addWidget(self.archive_button)
        archive_layout.addLayout(row)

        follow_box = QGroupBox(tr("出院随访"))
        follow_layout = QHBoxLayout(follow_box)
        follow_layout.addWidget(self.follow_up_note, 1)
        follow_layout.addWidget(self.follow_up_button)
        right = QVBoxLayout()
        right.addWidget(archive_box)
        right.addWidget(follow_box)
        right.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.form_or_record, 1)
        left.addWidget(self.outcome)  # what the discharge just done said, over the record
        lower = QHBoxLayout()
        lower.addLayout(left, 3)
        lower.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(check, 1)
        layout.addLayout(lower)

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        set_date(self.discharge_date, self._runner.clock.today())
        set_error(self.form_error, "")
        self.outcome.hide()
        self.archive_result.hide()
        self.reload()

    def reload(self) -> None:
        if self.case_id is None:
            return
        self.reads.read(self._facts_read, discharge_facts, self.case_id)

    def _facts_read(self, facts: DischargeFacts) -> None:
        self.facts = facts
        self.state.setText(state_text(facts))
        self.post.setText(post_text(facts))
        self.post.setStyleSheet("" if facts.post_assessments else ERROR_STYLE)
        self.suggestion.setText(tr("最近的评估显示无进一步康复治疗效果，可按程序结束康复治疗，结束原因选"
                                   "“无进一步康复效果”。") + _basis(facts, "no_further_benefit"))
        self.suggestion.setVisible(facts.suggest_end and facts.status == "admitted")
        self._reason_chosen()
        count = len(facts.pending)
        self.pending_note.setText(tr("待签名记录 {count} 项（归档前须全部签名）").format(count=count) if count
                                  else tr("没有待签名的记录。"))
        self.pending_note.setStyleSheet(ERROR_STYLE if count else OK_STYLE)
        self.pending.setRowCount(count)
        for row, item in enumerate(facts.pending):
            for column, text in enumerate((item.kind, item.description,
                                           pick(item.waiting_zh, item.waiting_en))):
                self.pending.setItem(row, column, QTableWidgetItem(text))
        self.pending.setVisible(bool(count))
        state = facts.record_state
        self._show_record(facts)
        self.discharge_button.setEnabled(permitted(self._user.role, "case.discharge", state)
                                         and facts.status == "admitted")
        self.archive_button.setEnabled(permitted(self._user.role, "case.archive", state)
                                       and facts.status == "discharged" and not facts.archived)
        self.follow_up_button.setEnabled(facts.status == "discharged" and facts.discharge_date is not None
                                         and permitted(self._user.role, "follow_up.record", state))
        self.notice_button.setEnabled(facts.admission_date is not None)
        if facts.archived:  # what the archive box says of a case archived before
            self.archive_result.setText(tr("已归档，保管至 {day}。").format(day=facts.retain_until))
            self.archive_result.show()

    def _show_record(self, facts: DischargeFacts) -> None:
        """Discharged: the record, read only, in place of the form (dated today otherwise)."""
        recorded = facts.discharge_date is not None
        self.form_or_record.setCurrentIndex(1 if recorded else 0)
        for widget in (self.reason, self.destination, self.work, self.satisfaction,
                       self.discharge_date, self.note):
            widget.setEnabled(not recorded)
        if not recorded:
            return
        for key, value in recorded_discharge(facts).items():
            self.record_values[key].setText(value)
        closed: dict[str, str] = {State.ARCHIVED: tr("病例已归档，出院记录不能再修改，只能经批准更正。"),
                  State.SEALED: tr("病例已封存，出院记录不能再修改。")}
        self.record_note.setText(closed.get(facts.record_state, ""))
        self.record_note.setVisible(facts.record_state in closed)

    @Slot()
    def _reason_chosen(self) -> None:
        """Under the reason: what the case's region says of it (the written notice when
        the patient does not cooperate; the article, where the region's text has one)."""
        reason = str(self.reason.currentData())
        notice = self.facts is not None and bool(self.facts.reason_basis.get("notice", ("",))[0])
        note = tr(NON_COOPERATION_NOTE) if reason == "non_cooperation" and notice else ""
        basis = _basis(self.facts, "notice" if note else reason) if self.facts is not None else ""
        self.reason_note.setText(note + basis)
        self.reason_note.setStyleSheet(ERROR_STYLE if note else "")
        self.reason_note.setVisible(bool(note + basis))

    # ----------------------------------------------------------------- discharge

    @Slot()
    def discharge(self) -> None:
        if self.case_id is None or not self.discharge_button.isEnabled():
            return
        inp = DischargeInput(date_of(self.discharge_date), str(self.reason.currentData()),
                             self.note.text().strip() or None, self.destination.currentData(),
                             self.work.currentData(), self.satisfaction.currentData())
        self._runner.submit(self, treatment.discharge, self.case_id, inp).either(self._discharged)

    def _discharged(self, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.form_error,
                              {"end_reason": self.reason, "discharge_date": self.discharge_date,
                               "destination": self.destination, "return_to_work": self.work,
                               "satisfaction": self.satisfaction},
                              result.errors)
            return
        if failed(result, self):
            return
        set_error(self.form_error, "")
        lines = [tr("已办理出院。")] + [pick(w.zh, w.en) for w in result.warnings]
        self.outcome.setText("\n".join(lines))
        self.outcome.setStyleSheet(NOTICE_STYLE if result.warnings else OK_STYLE)
        self.outcome.show()
        self.reload()
        self.changed.emit()

    # ----------------------------------------------------------------- follow-up

    @Slot()
    def open_follow_up(self) -> FollowUpDialog | None:
        """The 3/6/12-month follow-up of the discharged case (a dialog of its own)."""
        if self.case_id is None or not self.follow_up_button.isEnabled():
            return None
        dialog = FollowUpDialog(self._runner, self._user, self.case_id, self)
        dialog.finished.connect(dialog.deleteLater)
        self.follow_up = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_notice(self) -> NoticeDialog | None:
        """The written notice ending the course (Beijing Art. 14): its own dialog, which says
        so where the case's region has no such notice."""
        if self.case_id is None or not self.notice_button.isEnabled():
            return None
        dialog = NoticeDialog(self._runner, self._user, self.case_id, self)
        dialog.finished.connect(dialog.deleteLater)
        self.notice = dialog
        dialog.open()
        return dialog

    # ----------------------------------------------------------------- archive

    @Slot()
    def ask_archive(self) -> None:
        if self.facts is None:
            return
        question = tr("归档病例 {case}（{patient}）？\n归档后记录锁定，保管不少于30年，只能经批准更正。")
        box = QMessageBox(QMessageBox.Icon.Question, tr("归档"), question.format(
            case=self.facts.case_number, patient=self.facts.patient_name), parent=self)
        self.confirm_archive_button = box.addButton(tr("归档"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # Enter does not archive by accident
        box.buttonClicked.connect(self._confirmed)
        box.finished.connect(box.deleteLater)
        self.confirm = box
        box.open()

    @Slot(QAbstractButton)
    def _confirmed(self, button: QAbstractButton) -> None:
        self.confirm = None
        if button is not self.confirm_archive_button or self.case_id is None:
            return
        self._runner.submit(self, retention.archive_case, self.case_id).either(self._archived)

    def _archived(self, result: int | AppError) -> None:
        if failed(result, self):
            self.reload()
            return
        self.reload()
        self.reads.after_shown(self._show_archived)  # the retention date is read again
        self.changed.emit()

    def _show_archived(self) -> None:
        assert self.facts is not None  # just read
        self.archive_result.setText(tr("已归档，保管至 {day}。").format(day=self.facts.retain_until))
        self.archive_result.show()
