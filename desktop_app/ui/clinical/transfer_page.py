"""The transfer page of a case (转院, issue 19): the case's transfers out and in, whether it
stands transferred out, each approved item's counts across a transfer (approved, used before a
transfer in, used here, remaining), and the dialogs to record a transfer out (with the agency's
consent where the case's pack requires it — Luzhou Art. 24, Ningxia No. 9 — the refusal shown
in the form) and a transfer in (the earlier institution's summary and its used counts). The
transfer summary is issued with the transfer out and can be saved again as a PDF."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import transfer
from desktop_app.services.clinical.transfer_view import (
    TRANSFERRED_IN,
    TRANSFERRED_OUT,
    TransferRow,
    transfer_page,
)
from desktop_app.services.clinical.transfer_view import (
    TransferPage as PageData,
)
from desktop_app.services.records.issued_documents import IssuedPdf
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
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.runner import Runner

TRANSFER_HEADERS = (QT_TR_NOOP("方向"), QT_TR_NOOP("转院日期"), QT_TR_NOOP("机构"),
                    QT_TR_NOOP("同意/备案文号"), QT_TR_NOOP("原因"), QT_TR_NOOP("转院小结与已用次数"))
COUNT_HEADERS = (QT_TR_NOOP("项目编码"), QT_TR_NOOP("项目名称"), QT_TR_NOOP("核准次数"),
                 QT_TR_NOOP("转入前已用"), QT_TR_NOOP("本院已用"), QT_TR_NOOP("剩余次数"))
USED_HEADERS = (QT_TR_NOOP("项目名称"), QT_TR_NOOP("核准次数"), QT_TR_NOOP("转入前已用"))
# The services' labels of the forms' fields, marked so an error names them in English.
FIELD_LABELS = (QT_TR_NOOP("转往机构"), QT_TR_NOOP("转院日期"), QT_TR_NOOP("转院原因"),
                QT_TR_NOOP("同意文号"), QT_TR_NOOP("同意日期"), QT_TR_NOOP("转出机构"),
                QT_TR_NOOP("转院小结"), QT_TR_NOOP("核准项目"))
DIRECTION = {"out": QT_TR_NOOP("转出"), "in": QT_TR_NOOP("转入")}
WRITE = "transfer.record"


def rule_text(data: PageData) -> str:
    rule = data.rule
    if not rule.required_outside:
        return tr("本地区办法对转院未作规定：无须经办机构同意（可登记）。")
    return tr("转往{outside}须经{consent}（{basis}）。").format(
        outside=pick(rule.outside_zh, rule.outside_en), consent=pick(rule.consent_zh, rule.consent_en),
        basis=pick(rule.basis_zh, rule.basis_en))


def standing_text(data: PageData) -> str:
    if data.standing == TRANSFERRED_OUT:
        out = next(r for r in data.rows if r.direction == "out")
        return tr("已转出：{day} 转往 {place}，此后不能记录治疗。").format(day=out.transfer_date,
                                                                 place=out.institution)
    if data.standing == TRANSFERRED_IN:
        first = next(r for r in data.rows if r.direction == "in")
        return tr("转入病例：{day} 自 {place} 转入，已用次数已从核准次数中扣除。").format(
            day=first.transfer_date, place=first.institution)
    return tr("未转院")


def detail_text(row: TransferRow, names: dict[str, str]) -> str:
    if row.direction == "out":
        return tr("转院小结已出具")
    used = "；".join(f"{names.get(code, code)} {count}" for code, count in row.used)
    return "；".join(filter(None, (row.summary_attachment or "", used)))


class TransferOutDialog(FormDialog):
    """Record a transfer out: where to, when, why, and the consent the pack asks for."""

    def __init__(self, runner: Runner, case_id: int, data: PageData, parent: QWidget) -> None:
        super().__init__(tr("录入转出"), tr("保存并出具转院小结"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._case_id = case_id
        self.transferred: transfer.TransferredOut | None = None
        today = runner.clock.today()
        self.institution = QLineEdit()
        self.institution.setMaxLength(200)
        self.institution.setObjectName("transferTo")
        self.day = date_edit(today)
        self.reason = QLineEdit()
        self.reason.setObjectName("transferReason")
        rule = data.rule
        self.outside = QCheckBox(tr("转往{outside}").format(
            outside=pick(rule.outside_zh, rule.outside_en)) if rule.required_outside
            else tr("转往统筹地区以外"))
        self.outside.setObjectName("transferOutside")
        self.consent_number = QLineEdit()
        self.consent_number.setMaxLength(60)
        self.consent_number.setObjectName("consentNumber")
        self.has_consent_date = QCheckBox(tr("有同意日期"))
        self.consent_date = date_edit(today)
        self.consent_date.setEnabled(False)
        self.has_consent_date.toggled.connect(self.consent_date.setEnabled)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.has_consent_date)
        consent_row.addWidget(self.consent_date)
        consent_row.addStretch(1)
        self.setMinimumWidth(520)
        self.form.addRow(hint_label(rule_text(data)))
        self.form.addRow(tr("转往机构 *"), self.institution)
        self.form.addRow(tr("转院日期 *"), self.day)
        self.form.addRow(tr("转院原因 *"), self.reason)
        self.form.addRow("", self.outside)
        self.form.addRow(tr("同意/备案文号"), self.consent_number)
        self.form.addRow(tr("同意日期"), consent_row)
        self.fields: dict[str, QWidget] = {
            "to_institution": self.institution, "transfer_date": self.day, "reason": self.reason,
            "consent_number": self.consent_number, "consent_date": self.consent_date}
        chain_tab_order([self.institution, self.day, self.reason, self.outside, self.consent_number,
                         self.has_consent_date, self.consent_date, self.ok_button])

    def transfer_input(self) -> transfer.TransferOutInput:
        return transfer.TransferOutInput(
            self.institution.text(), date_of(self.day), self.reason.text(), self.outside.isChecked(),
            self.consent_number.text().strip() or None,
            date_of(self.consent_date) if self.has_consent_date.isChecked() else None)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, transfer.transfer_out, self._case_id,
                            self.transfer_input()).either(self._done)

    def _done(self, result: transfer.TransferredOut | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                first.setFocus()
            self.adjustSize()  # room for the errors and the wrapped hint
            return
        if isinstance(result, transfer.TransferredOut):
            self.transferred = result
        self.outcome(result)


class TransferInDialog(FormDialog):
    """Record a transfer in: the earlier institution, the day, its summary, the used counts."""

    def __init__(self, runner: Runner, case_id: int, data: PageData, parent: QWidget) -> None:
        super().__init__(tr("录入转入"), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self._runner = runner
        self._case_id = case_id
        self.institution = QLineEdit()
        self.institution.setMaxLength(200)
        self.institution.setObjectName("transferFrom")
        self.day = date_edit(runner.clock.today())
        self.summary = AttachmentList(("transfer_summary",), single=True)
        self.reason = QLineEdit()
        self._codes = [c.national_code for c in data.counts]
        self.used = QTableWidget(len(data.counts), len(USED_HEADERS))
        self.used.setObjectName("usedCounts")
        self.used.setHorizontalHeaderLabels(headers(USED_HEADERS))
        self.used.verticalHeader().hide()
        self.used.setTabKeyNavigation(False)
        self.used.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its spin boxes take the focus
        self.used.horizontalHeader().setStretchLastSection(True)
        self.spins: list[QSpinBox] = []
        for row, count in enumerate(data.counts):
            self.used.setItem(row, 0, QTableWidgetItem(count.name))
            self.used.setItem(row, 1, QTableWidgetItem(tr("不限") if count.approved is None
                                                       else str(count.approved)))
            spin = QSpinBox()
            spin.setRange(0, 9999)
            self.used.setCellWidget(row, 2, spin)
            self.spins.append(spin)
        self.setMinimumWidth(600)
        self.used.setColumnWidth(0, 200)
        self.used.setColumnWidth(1, 90)
        rows = max(3, len(data.counts))
        self.used.setMaximumHeight(self.used.horizontalHeader().sizeHint().height()
                                   + self.used.verticalHeader().defaultSectionSize() * rows + 4)
        self.form.addRow(tr("转出机构 *"), self.institution)
        self.form.addRow(tr("转入日期 *"), self.day)
        self.form.addRow(tr("转院小结 *"), self.summary)
        self.form.addRow(tr("转入前已用次数"), self.used)
        self.form.addRow(tr("备注"), self.reason)
        if not data.counts:
            self.form.addRow("", hint_label(tr("请先录入经办机构的核准，再登记转入前已用次数。")))
        self.fields: dict[str, QWidget] = {"from_institution": self.institution, "transfer_date": self.day,
                                           "summary": self.summary, "used": self.used}
        chain_tab_order([self.institution, self.day, self.summary.add_button, self.summary.remove_button,
                         self.summary.table, *self.spins, self.reason, self.ok_button])

    def transfer_input(self) -> transfer.TransferInInput:
        used = tuple(transfer.UsedCount(code, spin.value())
                     for code, spin in zip(self._codes, self.spins, strict=True) if spin.value())
        return transfer.TransferInInput(self.institution.text(), date_of(self.day),
                                        self.summary.items[0] if self.summary.items else None, used,
                                        self.reason.text().strip() or None)

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, transfer.transfer_in, self._case_id,
                            self.transfer_input()).either(self._done)

    def _done(self, result: int | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                first.setFocus()
            self.adjustSize()  # room for the errors and the wrapped hint
            return
        self.outcome(result)


class TransferPage(CasePage):
    """``load(case_id)`` shows the case's transfers and its counts across them."""

    READS = CASE_BASICS | {"case_transfer", "transfer_used_count", "approval", "approved_item",
                           "treatment_session", "attachment"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: PageData | None = None
        self.dialog: FormDialog | None = None
        self.saved: Path | None = None
        self.standing = QLabel()
        self.standing.setObjectName("transferStanding")
        self.standing.setWordWrap(True)
        self.rule = hint_label()
        self.rule.setObjectName("transferRule")
        self.out_button = QPushButton(tr("转出…"))
        self.out_button.setObjectName("transferOut")
        self.out_button.clicked.connect(self.open_out_dialog)
        self.in_button = QPushButton(tr("转入…"))
        self.in_button.setObjectName("transferIn")
        self.in_button.clicked.connect(self.open_in_dialog)
        self.save_button = QPushButton(tr("保存转院小结…"))
        self.save_button.setObjectName("saveTransferSummary")
        self.save_button.clicked.connect(self.choose_summary_file)
        self.transfers = record_table(tuple(headers(TRANSFER_HEADERS)), (50, 90, 200, 170, 160))
        self.transfers.setObjectName("transfers")
        self.counts = record_table(tuple(headers(COUNT_HEADERS)), (140, 160, 80, 90, 80))
        self.counts.setObjectName("transferCounts")
        top = QHBoxLayout()
        top.addWidget(self.standing, 1)
        for button in (self.out_button, self.in_button, self.save_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(self.transfers, 1)
        layout.addWidget(QLabel(tr("核准项目次数（转院前后连续计算）")))
        layout.addWidget(self.counts, 1)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._read, transfer_page, case_id)

    def _read(self, data: PageData) -> None:
        self.data = data
        self.standing.setText(standing_text(data))
        self.rule.setText(rule_text(data))
        may = permitted(self._user.role, WRITE, data.record_state)
        self.out_button.setEnabled(may and data.standing != TRANSFERRED_OUT
                                   and data.status in ("approved", "admitted"))
        self.in_button.setEnabled(may and data.standing != TRANSFERRED_OUT)
        self.save_button.setEnabled(may and data.standing == TRANSFERRED_OUT)
        names = {c.national_code: c.name for c in data.counts}
        self.transfers.setRowCount(len(data.rows))
        for row, r in enumerate(data.rows):
            consent = f"{r.consent_number}（{r.consent_date or '—'}）" if r.consent_number else "—"
            values = (tr(DIRECTION[r.direction]), str(r.transfer_date), r.institution, consent,
                      r.reason or "—", detail_text(r, names))
            for column, value in enumerate(values):
                self.transfers.setItem(row, column, QTableWidgetItem(value))
        self.counts.setRowCount(len(data.counts))
        for row, c in enumerate(data.counts):
            values = (c.national_code, c.name, tr("不限") if c.approved is None else str(c.approved),
                      str(c.used_before), str(c.used_here),
                      tr("不限") if c.remaining is None else str(c.remaining))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 5 and c.remaining == 0:
                    cell.setForeground(Qt.GlobalColor.red)
                self.counts.setItem(row, column, cell)

    @Slot()
    def open_out_dialog(self) -> TransferOutDialog | None:
        if self.case_id is None or self.data is None:
            return None
        dialog = TransferOutDialog(self._runner, self.case_id, self.data, self)
        self._open(dialog)
        return dialog

    @Slot()
    def open_in_dialog(self) -> TransferInDialog | None:
        if self.case_id is None or self.data is None:
            return None
        dialog = TransferInDialog(self._runner, self.case_id, self.data, self)
        self._open(dialog)
        return dialog

    @Slot()
    def choose_summary_file(self) -> None:
        if self.data is None:
            return
        name = f"{self.data.case_number}_{tr('转院小结')}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr("保存转院小结"), name, "PDF (*.pdf)")
        if path:
            self.save_summary(Path(path))

    def save_summary(self, path: Path) -> None:
        """Issue the transfer out's summary again (audited) and write it to ``path``."""
        if self.case_id is None or self.data is None:
            return
        out = next((r for r in self.data.rows if r.direction == "out"), None)
        if out is None:
            return
        self._runner.submit(self, transfer.print_summary, self.case_id, out.id).then(
            partial(self._write_summary, path=path))

    def _write_summary(self, issued: IssuedPdf, path: Path) -> None:
        try:
            path.write_bytes(issued.pdf)
        except OSError as error:
            show_error(self, AppError(f"无法保存文件：{error}", f"Could not save the file: {error}"))
            return
        self.saved = path

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
