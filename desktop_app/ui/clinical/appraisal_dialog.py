"""职业康复与先康复后鉴定 The vocational goal and outcome of a case, the physician's conclusion for
the labour-capacity appraisal committee, and the summary for it (issue 19, item 7), opened from
the outcome report page.

* the goal (``services.clinical.vocational.set_vocational_goal``) and the outcome
  (``record_vocational_outcome``): physicians and therapists, while the case is open;
* the conclusion (``appraisal_summary.conclude``), confirmed with the physician's password;
* 出具总结 issues the summary (``appraisal_summary.issue_summary``: recorded and audited) and
  opens it in the PDF viewer to print.

The labels of the goal and conclusion codes are marked for translation here; their Chinese is
that of ``domain.vocabulary`` (``tests/ui/test_appraisal_dialog.py`` holds them equal)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import APPRAISAL_CONCLUSIONS, RETURN_TO_WORK, VOCATIONAL_GOALS, Action
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import appraisal_summary, vocational
from desktop_app.services.clinical.appraisal_summary import AppraisalFacts, appraisal_facts
from desktop_app.services.records.issued_documents import IssuedPdf
from desktop_app.ui.clinical.follow_up_dialog import WORK_STATUS, choice_combo, label
from desktop_app.ui.intake.fields import chain_tab_order, date_edit, date_of, show_field_errors
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.runner import PageReads, Runner, failed

GOAL = {
    "same_job": QT_TR_NOOP("重返原岗位"),
    "other_job_same_employer": QT_TR_NOOP("原单位调整/适配岗位"),
    "other_employer": QT_TR_NOOP("转换工作（其他单位就业）"),
    "vocational_training": QT_TR_NOOP("接受职业培训"),
}
CONCLUSION = {
    "stable_ready": QT_TR_NOOP("伤情相对稳定，可以申请劳动能力鉴定"),
    "not_stable": QT_TR_NOOP("伤情尚未稳定，暂不宜鉴定"),
}


def _state(record_state: str) -> str:
    return record_state if record_state in ("archived", "sealed") else "draft"


class AppraisalDialog(QDialog):
    """``load()`` reads the case; each button saves its part, then reads again. ``issued``
    is the last summary issued while the dialog was open (``opened_path`` where it was
    written for the viewer)."""

    def __init__(self, runner: Runner, user: SignedIn, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("职业康复与先康复后鉴定"))
        self.setMinimumWidth(640)
        self._runner = runner
        self._user = user
        self.case_id = case_id
        self.facts: AppraisalFacts | None = None
        self.issued: IssuedPdf | None = None
        self.opened_path: Path | None = None
        self.reads = PageReads(runner, self)
        today = runner.clock.today()

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.basis = QLabel()
        self.basis.setWordWrap(True)

        self.goal = choice_combo(GOAL, VOCATIONAL_GOALS, placeholder=True)
        self.goal_on = date_edit(today)
        self.goal_button = QPushButton(tr("保存目标"))
        self.goal_button.clicked.connect(self.save_goal)
        self.outcome = choice_combo(WORK_STATUS, RETURN_TO_WORK, placeholder=True)
        self.outcome_on = date_edit(today)
        self.outcome_note = QLineEdit()
        self.outcome_note.setPlaceholderText(tr("岗位、单位"))
        self.outcome_button = QPushButton(tr("保存结局"))
        self.outcome_button.clicked.connect(self.save_outcome)
        self.vocational_error = error_label()

        vocational_box = QGroupBox(tr("职业康复目标与结局"))
        form = QFormLayout(vocational_box)
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.goal, 1)
        goal_row.addWidget(self.goal_on)
        goal_row.addWidget(self.goal_button)
        form.addRow(tr("职业康复目标"), goal_row)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.outcome, 1)
        outcome_row.addWidget(self.outcome_on)
        form.addRow(tr("职业康复结局"), outcome_row)
        note_row = QHBoxLayout()
        note_row.addWidget(self.outcome_note, 1)
        note_row.addWidget(self.outcome_button)
        form.addRow(tr("说明"), note_row)
        form.addRow(self.vocational_error)

        self.conclusion = choice_combo(CONCLUSION, APPRAISAL_CONCLUSIONS, placeholder=True)
        self.conclusion_note = QLineEdit()
        self.conclusion_note.setPlaceholderText(tr("功能状况、伤情是否稳定"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("医师本人密码"))
        self.conclude_button = QPushButton(tr("确认结论"))
        self.conclude_button.clicked.connect(self.conclude)
        self.conclusion_error = error_label()
        conclusion_box = QGroupBox(tr("医师鉴定前结论"))
        conclusion_form = QFormLayout(conclusion_box)
        conclusion_form.addRow(tr("结论"), self.conclusion)
        conclusion_form.addRow(tr("结论说明"), self.conclusion_note)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.conclude_button)
        conclusion_form.addRow(tr("密码"), password_row)
        conclusion_form.addRow(self.conclusion_error)

        self.saved = QLabel()
        self.saved.setObjectName("appraisalSaved")
        self.saved.hide()
        self.print_button = QPushButton(tr("出具总结（PDF）"))
        self.print_button.setToolTip(tr("先康复后鉴定工伤康复总结，报送劳动能力鉴定委员会"))
        self.print_button.clicked.connect(self.print_summary)
        self.print_button.setDefault(True)  # Enter prints; Escape closes
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(vocational_box)
        layout.addWidget(conclusion_box)
        layout.addWidget(self.basis)
        layout.addLayout(bottom)
        chain_tab_order((self.goal, self.goal_on, self.goal_button, self.outcome, self.outcome_on,
                         self.outcome_note, self.outcome_button, self.conclusion, self.conclusion_note,
                         self.password, self.conclude_button, self.print_button))
        self.load()

    def load(self) -> None:
        self.reads.read(self._shown, appraisal_facts, self.case_id)

    def _shown(self, facts: AppraisalFacts) -> None:
        self.facts = facts
        lines = [tr("病例 {case}　{patient}").format(case=facts.case_number, patient=facts.patient_name)]
        if facts.vocational_goal:
            lines.append(tr("目标：{goal}（{day}）").format(
                goal=label(GOAL, facts.vocational_goal), day=facts.vocational_goal_set_on))
        if facts.vocational_outcome:
            lines.append(tr("结局：{outcome}（{day}）").format(
                outcome=label(WORK_STATUS, facts.vocational_outcome), day=facts.vocational_outcome_on))
        if facts.conclusion:
            lines.append(tr("医师结论：{conclusion}（{physician}）").format(
                conclusion=label(CONCLUSION, facts.conclusion), physician=facts.physician or "—"))
        else:
            lines.append(tr("医师尚未作出鉴定前结论。"))
        self.summary.setText("\n".join(lines))
        self.basis.setText(tr("依据：{basis}").format(basis=pick(facts.basis_zh, facts.basis_en)))
        state = _state(facts.record_state)
        may_record = permitted(self._user.role, Action.VOCATIONAL_RECORD, state)
        self.goal_button.setEnabled(may_record)
        self.outcome_button.setEnabled(may_record)
        self.conclude_button.setEnabled(permitted(self._user.role, Action.APPRAISAL_CONCLUDE, state))
        self.print_button.setEnabled(facts.conclusion is not None
                                     and permitted(self._user.role, Action.APPRAISAL_SUMMARY, state))

    def _done(self, text: str) -> None:
        self.saved.setText(text)
        self.saved.show()
        self.load()

    @Slot()
    def save_goal(self) -> None:
        if not self.goal_button.isEnabled():
            return
        inp = vocational.VocationalGoalInput(self.goal.currentData() or "", date_of(self.goal_on))
        self._runner.submit(self, vocational.set_vocational_goal, self.case_id, inp).either(self._goal_saved)

    def _goal_saved(self, result: None | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.vocational_error, {"goal": self.goal, "set_on": self.goal_on},
                              result.errors)
            return
        if failed(result, self):
            return
        set_error(self.vocational_error, "")
        self._done(tr("已保存职业康复目标。"))

    @Slot()
    def save_outcome(self) -> None:
        if not self.outcome_button.isEnabled():
            return
        inp = vocational.VocationalOutcomeInput(self.outcome.currentData() or "", date_of(self.outcome_on),
                                                self.outcome_note.text().strip() or None)
        self._runner.submit(self, vocational.record_vocational_outcome, self.case_id, inp).either(
            self._outcome_saved)

    def _outcome_saved(self, result: None | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.vocational_error, {"goal": self.goal, "outcome": self.outcome,
                                                      "on": self.outcome_on, "note": self.outcome_note},
                              result.errors)
            return
        if failed(result, self):
            return
        set_error(self.vocational_error, "")
        self._done(tr("已保存职业康复结局。"))

    @Slot()
    def conclude(self) -> None:
        if not self.conclude_button.isEnabled():
            return
        inp = appraisal_summary.ConclusionInput(self.conclusion.currentData() or "",
                                                self.conclusion_note.text().strip())
        self._runner.submit(self, appraisal_summary.conclude, self.case_id, inp,
                            self.password.text()).either(self._concluded)

    def _concluded(self, result: None | AppError) -> None:
        self.password.clear()
        if isinstance(result, ValidationFailed):
            show_field_errors(self.conclusion_error, {"conclusion": self.conclusion,
                                                      "note": self.conclusion_note,
                                                      "password": self.password}, result.errors)
            return
        if failed(result, self):
            return
        set_error(self.conclusion_error, "")
        self._done(tr("已确认医师结论。"))

    @Slot()
    def print_summary(self) -> None:
        if not self.print_button.isEnabled():
            return
        self._runner.submit(self, appraisal_summary.issue_summary, self.case_id).either(self._printed)

    def _printed(self, result: IssuedPdf | AppError) -> None:
        if failed(result, self):
            return
        self.issued = result
        self.opened_path = open_pdf(self, result.pdf, result.filename)
        self._done(tr("已出具先康复后鉴定总结。"))
