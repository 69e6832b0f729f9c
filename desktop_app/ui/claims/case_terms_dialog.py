"""Small dialogs of the claims page for the facts the claim rules use: the payment terms
(only the methods the case's pack offers), the agency's person number and visit id of the
case (opened from the terms dialog), the course end with why the stay went on, and the
one-off medical subsidy date. Thin: the services check and refuse, naming the article.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.rules.coverage import OVERSTAY_CAUSES
from desktop_app.domain.rules.payment_methods import METHOD_LABELS
from desktop_app.services.claims import claims, settlement_ids
from desktop_app.services.claims.claim_list_view import course_end_facts, terms_facts
from desktop_app.services.clinical import course_end
from desktop_app.ui.intake.fields import date_edit, date_of
from desktop_app.ui.kit.i18n import pick, tr
from desktop_app.ui.kit.runner import Runner

CAUSE_LABELS = {"institution": ("机构未及时办理出院", "the institution did not discharge in time"),
                "worker_refused": ("职工拒不出院", "the worker refused to leave")}


def quotas_of(text: str) -> dict[str, str]:
    """``WI05=18000.00, WI01=25000`` → decimal text by category (the service checks them)."""
    pairs = (chunk.partition("=") for chunk in re.split(r"[,，;；\s]+", text.strip()) if chunk)
    return {k.strip(): v.strip() for k, _sep, v in pairs}


class PaymentTermsDialog(QDialog):
    """The case's payment method and rates; the methods listed are the pack's."""

    def __init__(self, runner: Runner, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("支付方式与标准"))
        self._runner, self.case_id = runner, case_id
        facts = runner.fetch(terms_facts, case_id, runner.clock.today())
        terms, zh, en, offered = facts.terms, facts.zh, facts.en, facts.offered
        self.method = QComboBox()
        for method in offered:
            self.method.addItem(pick(*METHOD_LABELS[method]), method)
        self.method.setCurrentIndex(max(0, self.method.findData(terms.method)))
        self.rate = QLineEdit("" if terms.rate is None else str(terms.rate))
        self.rate.setPlaceholderText(tr("金额，如 320.00"))
        self.quotas = QLineEdit(", ".join(f"{k}={v}" for k, v in terms.quotas.items()))
        self.quotas.setPlaceholderText(tr("病种=金额，如 WI05=18000.00"))
        self.course_days = QSpinBox()
        self.course_days.setRange(0, 365)
        self.course_days.setValue(terms.course_days or 0)
        self.current = QLabel(tr("当前：{terms}").format(terms=pick(zh, en)))
        self.current.setWordWrap(True)
        self.pack = QLabel(tr("适用规则：{pack}").format(pack=pick(*facts.pack_label)))
        self.ids_button = QPushButton(tr("经办机构编号…"))
        self.ids_button.setAutoDefault(False)  # Enter saves the terms
        self.ids_button.setToolTip(tr("人员编号、就诊ID、凭证类型和险种：写入结算数据文件"))
        self.ids_button.clicked.connect(self.open_agency_ids)
        form = QFormLayout()
        form.addRow(tr("支付方式"), self.method)
        form.addRow(tr("费率（元）"), self.rate)
        form.addRow(tr("按病种定额"), self.quotas)
        form.addRow(tr("每疗程天数"), self.course_days)
        form.addRow(self.ids_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pack)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def rate_json(self) -> dict[str, object]:
        rate: dict[str, object] = {}
        if self.rate.text().strip():
            rate["rate"] = self.rate.text().strip()
        if self.quotas.text().strip():
            rate["quotas"] = quotas_of(self.quotas.text())
        if self.course_days.value():
            rate["course_days"] = self.course_days.value()
        return rate

    @Slot()
    def save(self) -> None:
        self._runner.submit(self, claims.set_payment_terms, self.case_id,
                            self.method.currentData(), self.rate_json()).then(self._saved)

    def _saved(self, _result: None) -> None:
        self.accept()

    @Slot()
    def open_agency_ids(self) -> None:
        AgencyIdsDialog(self._runner, self.case_id, self).exec()


class AgencyIdsDialog(QDialog):
    """The agency's keys for the case (人员编号, 就诊ID) and the codes it uses, as the
    settlement data files carry them (``services.claims.settlement_ids``)."""

    def __init__(self, runner: Runner, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("经办机构编号"))
        self._runner, self.case_id = runner, case_id
        stored = runner.fetch(settlement_ids.agency_ids, case_id)
        self.psn_no = QLineEdit(stored.psn_no or "")
        self.psn_no.setPlaceholderText(tr("经办机构系统中的人员编号"))
        self.mdtrt_id = QLineEdit(stored.mdtrt_id or "")
        self.mdtrt_id.setPlaceholderText(tr("登记时经办机构返回的就诊ID或登记流水号"))
        self.cert_type = QComboBox()
        for code, label in settlement_ids.MDTRT_CERT_TYPES.items():
            self.cert_type.addItem(f"{code} {pick(*label)}", code)
        chosen = stored.mdtrt_cert_type or settlement_ids.DEFAULT_MDTRT_CERT_TYPE
        self.cert_type.setCurrentIndex(max(0, self.cert_type.findData(chosen)))
        self.psn_cert_type = QLineEdit(stored.psn_cert_type or "")
        self.psn_cert_type.setPlaceholderText(tr("经办机构使用的代码，可不填"))
        self.insutype = QLineEdit(stored.insutype or "")
        self.insutype.setPlaceholderText(tr("经办机构使用的工伤险种代码，可不填"))
        note = QLabel(tr("这些编号由经办机构给出，本软件不会自行生成；写入结算数据文件，不计入冻结摘要。"))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("人员编号"), self.psn_no)
        form.addRow(tr("就诊ID"), self.mdtrt_id)
        form.addRow(tr("就诊凭证类型"), self.cert_type)
        form.addRow(tr("人员证件类型"), self.psn_cert_type)
        form.addRow(tr("险种类型"), self.insutype)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def entered(self) -> settlement_ids.AgencyIdsInput:
        return settlement_ids.AgencyIdsInput(
            self.psn_no.text(), self.mdtrt_id.text(), str(self.cert_type.currentData()),
            self.psn_cert_type.text(), self.insutype.text())

    @Slot()
    def save(self) -> None:
        self._runner.submit(self, settlement_ids.set_agency_ids, self.case_id,
                            self.entered()).then(self._saved)

    def _saved(self, _result: object) -> None:
        self.accept()


class CourseEndDialog(QDialog):
    """The course end and why the stay went on, or the one-off medical subsidy date."""

    def __init__(self, runner: Runner, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("康复结束与一次性医疗补助金"))
        self._runner, self.case_id = runner, case_id
        today = runner.clock.today()
        facts = runner.fetch(course_end_facts, case_id)
        ended, cause, subsidy = facts.ended_on, facts.overstay_cause, facts.subsidy_on
        self.ended_on = date_edit(ended or today)
        self.cause = QComboBox()
        for code in OVERSTAY_CAUSES:
            self.cause.addItem(pick(*CAUSE_LABELS[code]), code)
        self.cause.setCurrentIndex(max(0, self.cause.findData(cause)))
        self.subsidy_on = date_edit(subsidy or today)
        end_box = QDialogButtonBox()
        self.end_button = end_box.addButton(tr("记录康复结束"),
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.end_button.clicked.connect(self.save_course_end)
        subsidy_box = QDialogButtonBox()
        self.subsidy_button = subsidy_box.addButton(tr("记录补助金领取"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.subsidy_button.clicked.connect(self.save_subsidy)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("康复结束日期"), self.ended_on)
        form.addRow(tr("滞留原因"), self.cause)
        form.addRow(end_box)
        form.addRow(tr("一次性医疗补助金领取日期"), self.subsidy_on)
        form.addRow(subsidy_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(close)

    @Slot()
    def save_course_end(self) -> None:
        self._runner.submit(self, course_end.record_course_end, self.case_id,
                            date_of(self.ended_on), self.cause.currentData()).then(self._saved)

    @Slot()
    def save_subsidy(self) -> None:
        self._runner.submit(self, course_end.record_one_off_subsidy, self.case_id,
                            date_of(self.subsidy_on)).then(self._saved)

    def _saved(self, _result: object) -> None:
        self.accept()
