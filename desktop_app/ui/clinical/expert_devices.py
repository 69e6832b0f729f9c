"""The 评估与辅具 page of a case (issue 19 items 5 and 6): the expert evaluations and the
assistive devices, each list with its add dialog. What the case's pack requires is said above
the lists (``services.clinical.expert_view``): which care needs an evaluation first (Baotou
Arts. 9, 10, 13, 19), whether a device opinion must be filed before fitting and whether a
fitting is claimed (Baotou Art. 11, Luzhou Art. 6); where the text is silent, the page says so.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.permissions import permitted
from desktop_app.domain.rules.expert_devices import CARE_KINDS, CARE_NAMES
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import device, expert
from desktop_app.services.clinical.expert_view import (
    DEVICE_KIND_NAMES,
    DeviceRow,
    ExpertDevicePage,
    device_staff,
    expert_device_page,
)
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
from desktop_app.ui.kit.runner import Runner, failed

EVALUATION_HEADERS = (QT_TR_NOOP("评估日期"), QT_TR_NOOP("专家"), QT_TR_NOOP("支持的康复方式"),
                      QT_TR_NOOP("结论"), QT_TR_NOOP("扫描件"), QT_TR_NOOP("录入医师"))
DEVICE_HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("记录"), QT_TR_NOOP("辅助器具"), QT_TR_NOOP("备案号/供应商"),
                  QT_TR_NOOP("金额（元）"), QT_TR_NOOP("人员"), QT_TR_NOOP("结算/说明"))
# The services' labels of the forms' fields, marked so an error names them in English.
FIELD_LABELS = (QT_TR_NOOP("评估日期"), QT_TR_NOOP("评估专家"), QT_TR_NOOP("评估结论"),
                QT_TR_NOOP("评估意见扫描件"), QT_TR_NOOP("专家评估"), QT_TR_NOOP("意见日期"),
                QT_TR_NOOP("辅助器具"), QT_TR_NOOP("开具医师"), QT_TR_NOOP("备案日期"),
                QT_TR_NOOP("备案编号"),
                QT_TR_NOOP("配置日期"), QT_TR_NOOP("供应商"), QT_TR_NOOP("数量"), QT_TR_NOOP("单价"),
                QT_TR_NOOP("辅具备案"), QT_TR_NOOP("治疗师"), QT_TR_NOOP("内容"), QT_TR_NOOP("日期"),
                QT_TR_NOOP("扫描件"))
EXPERT_ROWS = 5  # Luzhou Art. 14 draws 3 or 5 experts


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return Decimal(-1)


class EvaluationDialog(FormDialog):
    """Record an expert evaluation: date, experts (name, title), the care it supports, the
    conclusion and the scan of the signed opinion."""

    def __init__(self, runner: Runner, case_id: int, parent: QWidget) -> None:
        super().__init__(tr("录入专家评估"), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner, self._case_id = runner, case_id
        self.evaluated_on = date_edit(runner.clock.today())
        self.experts = QTableWidget(EXPERT_ROWS, 2)
        self.experts.setObjectName("experts")
        self.experts.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it, typing edits
        self.experts.setHorizontalHeaderLabels([tr("姓名"), tr("职称")])
        self.experts.verticalHeader().hide()
        self.experts.horizontalHeader().setStretchLastSection(True)
        self.experts.setColumnWidth(0, 140)
        row_height = self.experts.verticalHeader().defaultSectionSize()
        self.experts.setMaximumHeight(row_height * (EXPERT_ROWS + 1) + 6)
        self.care: dict[str, QCheckBox] = {}
        care_row = QGridLayout()  # two by two: every name whole
        for index, care in enumerate(CARE_KINDS):
            box = QCheckBox(pick(*CARE_NAMES[care]))
            box.setObjectName(f"care_{care}")
            self.care[care] = box
            care_row.addWidget(box, index // 2, index % 2)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setObjectName("conclusion")
        self.conclusion.setTabChangesFocus(True)
        self.conclusion.setMaximumHeight(self.conclusion.fontMetrics().lineSpacing() * 4)
        self.scan = AttachmentList(("expert_evaluation",), single=True)
        self.form.addRow(tr("评估日期 *"), self.evaluated_on)
        self.form.addRow(tr("专家（姓名、职称）*"), self.experts)
        self.form.addRow(tr("支持的康复方式"), care_row)
        self.form.addRow(tr("评估结论 *"), self.conclusion)
        self.form.addRow(tr("评估意见扫描件 *"), self.scan)
        self.fields: dict[str, QWidget] = {"evaluated_on": self.evaluated_on, "experts": self.experts,
                                           "supports": self.care[CARE_KINDS[0]],
                                           "conclusion": self.conclusion, "scan": self.scan}
        chain_tab_order([self.evaluated_on, self.experts, *self.care.values(), self.conclusion,
                         self.scan.add_button, self.scan.remove_button, self.scan.table, self.ok_button])

    def set_expert(self, row: int, name: str, title: str) -> None:
        self.experts.setItem(row, 0, QTableWidgetItem(name))
        self.experts.setItem(row, 1, QTableWidgetItem(title))

    def evaluation(self) -> expert.EvaluationInput:
        people = []
        for row in range(self.experts.rowCount()):
            name, title = (self.experts.item(row, c) for c in (0, 1))
            texts = (name.text().strip() if name else "", title.text().strip() if title else "")
            if any(texts):
                people.append(expert.Expert(*texts))
        return expert.EvaluationInput(
            date_of(self.evaluated_on), tuple(people),
            tuple(c for c, box in self.care.items() if box.isChecked()),
            self.conclusion.toPlainText(), self.scan.items[0] if self.scan.items else None)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, expert.add_evaluation, self._case_id, self.evaluation()).either(self._done)

    def _done(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, self.fields, result.errors)
            return
        self.outcome(result)


DEVICE_STEPS = ("opinion", "filing", "fitting", "adjustment", "training")


class DeviceDialog(FormDialog):
    """Record one step of an assistive device: the opinion, its filing, the fitting, an
    adjustment or a training session; the fields of the chosen step are enabled."""

    def __init__(self, runner: Runner, case_id: int, opinions: tuple[DeviceRow, ...],
                 staff: tuple[tuple[int, str, str], ...], user: SignedIn, parent: QWidget) -> None:
        super().__init__(tr("辅助器具"), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner, self._case_id = runner, case_id
        self.result_warnings: tuple[str, ...] = ()
        self.step = QComboBox()
        self.step.setObjectName("deviceStep")
        for step in DEVICE_STEPS:
            self.step.addItem(pick(*DEVICE_KIND_NAMES[step]), step)
        self.opinion = QComboBox()
        self.opinion.setObjectName("deviceOpinion")
        for row in opinions:
            self.opinion.addItem(f"#{row.id} {row.done_on} {row.device_name or ''}", row.id)
        self.day = date_edit(runner.clock.today())
        self.code = QLineEdit()
        self.code.setObjectName("deviceCode")
        self.code.setPlaceholderText(tr("无全国统一辅具目录：填本机构或经办机构的编码"))
        self.name = QLineEdit()
        self.name.setObjectName("deviceName")
        self.person = QComboBox()
        self.person.setObjectName("devicePerson")
        for staff_id, name, _role in staff:
            self.person.addItem(name, staff_id)
        own = self.person.findData(user.user_id)
        if own >= 0:
            self.person.setCurrentIndex(own)
        self.number = QLineEdit()
        self.number.setObjectName("filingNumber")
        self.supplier = QLineEdit()
        self.supplier.setObjectName("supplier")
        self.quantity = QLineEdit("1")
        self.quantity.setObjectName("quantity")
        self.price = QLineEdit()
        self.price.setObjectName("unitPrice")
        self.note = QLineEdit()
        self.note.setObjectName("deviceNote")
        self.scan = AttachmentList(("device_document",), single=True)
        for label, widget in ((tr("记录 *"), self.step), (tr("配置意见"), self.opinion),
                              (tr("日期 *"), self.day),
                              (tr("器具编码"), self.code), (tr("器具名称"), self.name),
                              (tr("医师/治疗师"), self.person), (tr("备案编号"), self.number),
                              (tr("供应商"), self.supplier), (tr("数量"), self.quantity),
                              (tr("单价（元）"), self.price), (tr("理由/内容/备注"), self.note),
                              (tr("扫描件"), self.scan)):
            self.form.addRow(label, widget)
        self.fields: dict[str, QWidget] = {
            "opinion_on": self.day, "filed_on": self.day, "fitted_on": self.day, "done_on": self.day,
            "device": self.code, "physician": self.person, "therapist": self.person,
            "filing_number": self.number, "supplier": self.supplier, "quantity": self.quantity,
            "unit_price": self.price, "note": self.note, "filing": self.opinion, "scan": self.scan}
        self.step.currentIndexChanged.connect(self._step_changed)
        chain_tab_order([self.step, self.opinion, self.day, self.code, self.name, self.person, self.number,
                         self.supplier, self.quantity, self.price, self.note, self.scan.add_button,
                         self.scan.remove_button, self.scan.table, self.ok_button])
        if opinions:
            self.step.setCurrentIndex(DEVICE_STEPS.index("fitting"))
        self._step_changed()

    def set_step(self, step: str) -> None:
        self.step.setCurrentIndex(DEVICE_STEPS.index(step))

    @Slot()
    def _step_changed(self) -> None:
        step = str(self.step.currentData())
        enabled = {
            self.opinion: step != "opinion", self.code: step in ("opinion", "fitting"),
            self.name: step in ("opinion", "fitting"),
            self.person: step in ("opinion", "adjustment", "training"),
            self.number: step == "filing", self.supplier: step == "fitting", self.quantity: step == "fitting",
            self.price: step == "fitting", self.scan: step in ("opinion", "filing")}
        for widget, on in enabled.items():
            widget.setEnabled(on)

    @Slot()
    def submit(self) -> None:
        step = str(self.step.currentData())
        day, opinion = date_of(self.day), self.opinion.currentData()
        scan = self.scan.items[0] if self.scan.items else None
        note = self.note.text()
        if step == "opinion":
            self._runner.submit(self, device.add_opinion, self._case_id, device.OpinionInput(
                day, self.code.text(), self.name.text(), int(self.person.currentData() or 0), note,
                scan)).either(self._done)
            return
        if opinion is None:
            self.error.setText(tr("请先录入配置意见"))
            return
        if step == "filing":
            self._runner.submit(self, device.file_opinion, self._case_id, device.FilingInput(
                int(opinion), day, self.number.text(), scan)).either(self._done)
        elif step == "fitting":
            self._runner.submit(self, device.fit_device, self._case_id, device.FittingInput(
                int(opinion), day, self.supplier.text(), _decimal(self.quantity.text()),
                _decimal(self.price.text()), self.code.text().strip() or None,
                self.name.text().strip() or None, note)).either(self._done)
        else:
            call = device.adjust_device if step == "adjustment" else device.train_device
            self._runner.submit(self, call, self._case_id, device.FollowUpInput(
                int(opinion), day, int(self.person.currentData() or 0), note)).either(self._done)

    def _done(self, result: object) -> None:
        if isinstance(result, ValidationFailed):
            show_field_errors(self.error, self.fields, result.errors)
            return
        if isinstance(result, device.DeviceRecorded):
            self.result_warnings = tuple(pick(w.zh, w.en) for w in result.warnings)
        self.outcome(result)


class ExpertDevicesPage(CasePage):
    """``load(case_id)`` shows the case's expert evaluations and device records."""

    READS = CASE_BASICS | {"expert_evaluation", "device_record", "attachment", "fee_line"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: ExpertDevicePage | None = None
        self.dialog: FormDialog | None = None
        self.rule = hint_label()
        self.rule.setObjectName("expertRule")
        self.device_rule = hint_label()
        self.device_rule.setObjectName("deviceRule")
        self.warnings = hint_label()
        self.warnings.setObjectName("deviceWarnings")
        self.add_button = QPushButton(tr("录入专家评估…"))
        self.add_button.setObjectName("recordEvaluation")
        self.add_button.clicked.connect(self.open_evaluation_dialog)
        self.device_button = QPushButton(tr("辅助器具记录…"))
        self.device_button.setObjectName("recordDevice")
        self.device_button.clicked.connect(self.open_device_dialog)
        self.evaluations = record_table(tuple(headers(EVALUATION_HEADERS)), (80, 150, 100, 120, 80))
        self.evaluations.setObjectName("evaluations")
        self.devices = record_table(tuple(headers(DEVICE_HEADERS)), (80, 70, 130, 120, 80, 60))
        self.devices.setObjectName("devices")
        top = QHBoxLayout()
        top.addWidget(self.rule, 1)
        top.addWidget(self.add_button)
        middle = QHBoxLayout()
        middle.addWidget(self.device_rule, 1)
        middle.addWidget(self.device_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.evaluations, 1)
        layout.addWidget(QLabel(tr("辅助器具")))
        layout.addLayout(middle)
        layout.addWidget(self.devices, 2)
        layout.addWidget(self.warnings)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._read, expert_device_page, case_id, self._runner.clock.today())

    def _read(self, data: ExpertDevicePage) -> None:
        self.data = data
        if data.gates:
            needs = "、".join(pick(f"{CARE_NAMES[c][0]}（{short}）", f"{CARE_NAMES[c][1]} ({en})")
                             for c, short, en in data.gates)
            self.rule.setText(tr("须先经专家评估：{care}").format(care=needs))
        else:
            self.rule.setText(tr("本地区办法未要求专家评估"))
        filing = (tr("配置前须经办机构备案（{basis}）").format(basis=pick(*data.device_filing))
                  if data.device_filing[0] else tr("本地区办法未要求备案"))
        paid = (tr("配置费用随康复结算（{basis}）").format(basis=pick(*data.device_paid))
                if data.device_paid[0] else tr("本地区办法未规定随康复结算：配置只记录，不计入结算"))
        self.device_rule.setText(pick("；", "; ").join((filing, paid)))
        self.evaluations.setRowCount(len(data.evaluations))
        for row, e in enumerate(data.evaluations):
            supports = pick(e.supports_zh, ", ".join(CARE_NAMES[c][1] for c in e.supports) or "none of them")
            values = (str(e.evaluated_on), e.experts_text, supports, e.conclusion,
                      f"#{e.attachment_id} {e.attachment_name or ''}" if e.attachment_id else "—",
                      e.recorded_by)
            for column, value in enumerate(values):
                self.evaluations.setItem(row, column, QTableWidgetItem(value))
        self.devices.setRowCount(len(data.devices))
        for row, d in enumerate(data.devices):
            device_text = " ".join(x for x in (d.device_code, d.device_name) if x)
            where = d.filing_number or d.supplier or ""
            amount = yuan(d.amount) if d.amount is not None else ""
            claimed = (tr("已计费 #{line}").format(line=d.fee_line_id) if d.fee_line_id
                       else tr("未计入结算") if d.kind == "fitting" else "")
            texts = (str(d.done_on), pick(*DEVICE_KIND_NAMES[d.kind]), device_text, where, amount,
                     d.staff_name or "", pick("；", "; ").join(x for x in (claimed, d.note or "") if x))
            for column, value in enumerate(texts):
                self.devices.setItem(row, column, QTableWidgetItem(value))
        may_evaluate = data.open and permitted(self._user.role, "expert.record", "draft")
        may_device = data.open and permitted(self._user.role, "device.record", "draft")
        self.add_button.setEnabled(may_evaluate)
        self.device_button.setEnabled(may_device)

    @Slot()
    def open_evaluation_dialog(self) -> EvaluationDialog | None:
        if self.case_id is None:
            return None
        dialog = EvaluationDialog(self._runner, self.case_id, self)
        self._open(dialog)
        return dialog

    @Slot()
    def open_device_dialog(self) -> DeviceDialog | None:
        if self.case_id is None or self.data is None:
            return None
        staff = self._runner.read(device_staff)
        if failed(staff, self):
            return None
        dialog = DeviceDialog(self._runner, self.case_id, self.data.opinions(), staff, self._user, self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        dialog.accepted.connect(self._written)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def _written(self) -> None:
        warnings = getattr(self.dialog, "result_warnings", ())
        self.warnings.setText("\n".join(warnings))
        self.dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
        self.changed.emit()
