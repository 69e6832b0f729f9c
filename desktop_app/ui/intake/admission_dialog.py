"""Admission (入院) with the identity check (Beijing Art. 10; against impersonation, Art. 13).

The registered ID number is shown masked only: the person at the desk re-enters the number
from the card (or the card reader types it in), and the service compares. A mismatch
admits nothing and says so plainly.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import CHECK_METHODS
from desktop_app.services.core.commands import AdmissionInput
from desktop_app.services.intake import intake
from desktop_app.services.intake.intake_view import case_facts
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    chain_tab_order,
    date_edit,
    date_of,
    hint_label,
    show_field_errors,
)
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.labels import SETTING, STATUS
from desktop_app.ui.kit.runner import Runner

MISMATCH_KEY = "identity_check"
# The services' labels of the form's fields, marked so that an error names them in English
# (the form finds a field's widget by the error's key).
FIELD_LABELS = (QT_TR_NOOP("身份核验"), QT_TR_NOOP("核验方式"), QT_TR_NOOP("入院日期"),
                QT_TR_NOOP("状态"))
PROMPTS = {"manual": QT_TR_NOOP("请核对证件原件，重新录入身份证号"),
           "id_card_reader": QT_TR_NOOP("将身份证放在读卡器上，号码自动填入"),
           "social_security_card": QT_TR_NOOP("刷社会保障卡，或按卡面录入社会保障号码（即身份证号）")}
# The check methods as the services name them (queries.CHECK_METHODS), marked for translation.
METHODS = {"manual": QT_TR_NOOP("人工核对证件"), "id_card_reader": QT_TR_NOOP("身份证读卡器"),
           "social_security_card": QT_TR_NOOP("社会保障卡")}


class AdmissionDialog(FormDialog):
    """``admitted(case_id)`` once the identity matched and the case is admitted."""

    admitted = Signal(int)

    def __init__(self, runner: Runner, user: SignedIn, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("办理入院 · 身份核验"), tr("核验并入院"), parent)  # type: ignore[arg-type]
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._case_id = case_id
        facts = runner.fetch(case_facts, case_id)
        periods = pick("；", "; ").join(tr("{start} 至 {end}").format(start=a, end=b)
                               for a, b in facts.periods) or tr("无（未核准）")
        self.patient = QLabel(tr("<b>{patient}</b>　{case_number}　登记身份证号 {resident_id}").format(
            patient=facts.patient_name, case_number=facts.case_number,
            resident_id=facts.masked_resident_id))
        self.status = QLabel(tr("{status}　{setting}　核准期限：{periods}").format(
            status=tr(STATUS.get(facts.status, facts.status)),
            setting=tr(SETTING.get(facts.setting, facts.setting)), periods=periods))
        self.status.setWordWrap(True)
        self.method = QComboBox()
        for code, label in CHECK_METHODS.items():
            self.method.addItem(tr(METHODS.get(code, label)), code)
        self.method.setCurrentIndex(self.method.findData("id_card_reader"))
        self.resident_id = QLineEdit()
        self.resident_id.setObjectName("checkedResidentId")
        self.resident_id.setMaxLength(20)
        self.prompt = hint_label()
        self.bed = QLineEdit(facts.bed_number or "")
        self.bed.setMaxLength(20)
        self.bed.setPlaceholderText(tr("如 3-12（门诊可空）"))
        today = runner.clock.today()
        self.admission_date = date_edit(today)
        self.form.addRow(tr("患者"), self.patient)
        self.form.addRow("", self.status)
        self.form.addRow(tr("核验方式"), self.method)
        self.form.addRow(tr("身份证号 *"), self.resident_id)
        self.form.addRow("", self.prompt)
        self.form.addRow(tr("床号"), self.bed)
        self.form.addRow(tr("入院日期 *"), self.admission_date)
        self.fields: dict[str, QWidget] = {MISMATCH_KEY: self.resident_id,  # labels: FIELD_LABELS
                                           "check_method": self.method,
                                           "admission_date": self.admission_date,
                                           "status": self.status}
        chain_tab_order([self.method, self.resident_id, self.bed, self.admission_date,
                         self.ok_button])
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()
        self.ok_button.setEnabled(facts.status == "approved" and permitted(
            user.role, "case.admit", "draft"))
        self.resident_id.setFocus()

    @Slot()
    def _method_changed(self) -> None:
        method = str(self.method.currentData())
        prompt = tr(PROMPTS[method]) if method in PROMPTS else ""
        self.prompt.setText(prompt)
        self.resident_id.setPlaceholderText(prompt)

    def admission(self) -> AdmissionInput:
        return AdmissionInput(admission_date=date_of(self.admission_date),
                              resident_id_entered=self.resident_id.text(),
                              check_method=str(self.method.currentData()),
                              bed_number=self.bed.text().strip() or None)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, intake.admit, self._case_id, self.admission()).either(self._admitted)

    def _admitted(self, result: None | AppError) -> None:
        if isinstance(result, ValidationFailed):
            mismatch = any(e.key == MISMATCH_KEY for e in result.errors)
            heading = tr("身份核验未通过，未办理入院。请核对证件，确认是本人。") if mismatch else ""
            first = show_field_errors(self.error, self.fields, result.errors, heading)
            if first is not None:
                first.setFocus()
            if mismatch:
                self.resident_id.selectAll()
            return
        if self.outcome(result):
            self.admitted.emit(self._case_id)
