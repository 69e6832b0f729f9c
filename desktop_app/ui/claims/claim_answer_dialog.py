"""录入经办机构反馈 The agency's answer to a claim, recorded from the claim desk: the date it
was submitted; a return with the agency's reason; deductions — a table of the claim's lines
where the officer enters, per line, the amount deducted and the reason; the amount paid and
its date. Each is confirmed before it is saved (``services.claims.claim_answers``, audited,
append-only: a wrong answer is followed by a correction version, never edited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.documents.money import quantity, yuan
from desktop_app.domain.claim_states import ANSWER_LABELS, AnswerKind, answer_allowed
from desktop_app.errors import FieldError, ValidationFailed
from desktop_app.services.claims import claim_answers
from desktop_app.services.claims.claim_desk_view import DeskRow, LineRow
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import set_error
from desktop_app.ui.kit.runner import Runner

LINE_HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("项目"), QT_TR_NOOP("金额"), QT_TR_NOOP("已扣减"),
                QT_TR_NOOP("扣减金额"), QT_TR_NOOP("扣减原因"))
AMOUNT_COLUMN, REASON_COLUMN = 4, 5
LINE_ROLE = Qt.ItemDataRole.UserRole


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        return None


class ClaimAnswerDialog(FormDialog):
    """``row``: the claim as the desk shows it; ``lines``: its lines (for deductions)."""

    def __init__(self, runner: Runner, row: DeskRow, lines: list[LineRow], parent: QWidget) -> None:
        super().__init__(tr("录入经办机构反馈"), tr("保存"), parent)
        self.setMinimumWidth(760)
        self._runner, self.row = runner, row
        self.lines = [ln for ln in lines if not ln.reversal and ln.amount > 0]
        self.claim_label = QLabel(tr("申报 #{claim}　{case} {patient}　{period} 第{version}版　"
                                     "基金支付 ¥{fund}　扣减 ¥{deducted}　已支付 ¥{paid}").format(
            claim=row.claim_id, case=row.case_number, patient=row.patient_name, period=row.period,
            version=row.version_no, fund=yuan(row.fund), deducted=yuan(row.deducted), paid=yuan(row.paid)))
        self.claim_label.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("answerKind")
        for kind in AnswerKind:
            if answer_allowed(kind, row.state):
                self.kind.addItem(pick(*ANSWER_LABELS[kind]), str(kind))
        self.on = QDateEdit()
        self.on.setObjectName("answerDate")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        today = runner.clock.today()
        self.on.setDate(QDate(today.year, today.month, today.day))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("answerReason")
        self.reason.setPlaceholderText(tr("经办机构给出的退回原因"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.amount = QLineEdit()
        self.amount.setObjectName("answerAmount")
        outstanding = max(row.due - row.paid, Decimal("0.00"))
        self.amount.setText(yuan(outstanding))
        self.amount.setPlaceholderText(tr("尚未支付 ¥{amount}").format(amount=yuan(outstanding)))
        self.table = QTableWidget(len(self.lines), len(LINE_HEADERS))
        self.table.setObjectName("deductionLines")
        self.table.setHorizontalHeaderLabels(list(headers(LINE_HEADERS)))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((90, 220, 90, 80, 90)):
            self.table.setColumnWidth(column, width)
        for r, line in enumerate(self.lines):
            texts = (str(line.occurred_on), f"{line.name} ×{quantity(line.quantity)}", yuan(line.amount),
                     yuan(line.deducted) if line.deducted else "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 0:
                    item.setData(LINE_ROLE, line.fee_line_id)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, column, item)
            self.table.setItem(r, AMOUNT_COLUMN, QTableWidgetItem(""))
            self.table.setItem(r, REASON_COLUMN, QTableWidgetItem(""))
        self.table.setMinimumHeight(220)
        self.form.addRow(tr("申报"), self.claim_label)
        self.form.addRow(tr("反馈"), self.kind)
        self.form.addRow(tr("日期"), self.on)
        self.form.addRow(tr("退回原因"), self.reason)
        self.form.addRow(tr("支付金额（元）"), self.amount)
        self.form.addRow(tr("逐行扣减"), self.table)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    @property
    def chosen(self) -> str:
        return str(self.kind.currentData() or "")

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.chosen
        for widget, shown in ((self.reason, kind == AnswerKind.RETURNED),
                              (self.amount, kind == AnswerKind.PAID),
                              (self.table, kind == AnswerKind.DEDUCTION)):
            widget.setVisible(shown)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(shown)
        self.ok_button.setEnabled(bool(kind))
        self.adjustSize()

    def set_deduction(self, line_id: int, amount: str, reason: str) -> None:
        """Enter a line's deduction as the officer would type it (tests use it too)."""
        row = next(r for r, ln in enumerate(self.lines) if ln.fee_line_id == line_id)
        self.table.item(row, AMOUNT_COLUMN).setText(amount)  # type: ignore[union-attr]
        self.table.item(row, REASON_COLUMN).setText(reason)  # type: ignore[union-attr]

    def deductions(self) -> tuple[list[claim_answers.DeductionInput], list[FieldError]]:
        """The lines with an amount or a reason entered."""
        items, errors = [], []
        for r, line in enumerate(self.lines):
            amount_text = (self.table.item(r, AMOUNT_COLUMN) or QTableWidgetItem()).text().strip()
            reason = (self.table.item(r, REASON_COLUMN) or QTableWidgetItem()).text().strip()
            if not amount_text and not reason:
                continue
            amount = _amount(amount_text)
            if amount is None:
                errors.append(FieldError("扣减金额", f"第 {r + 1} 行：须为金额", f"Line {r + 1}: must be "
                                         "an amount", key=f"deduction.{r + 1}.amount"))
                continue
            items.append(claim_answers.DeductionInput(line.fee_line_id, amount, reason))
        return items, errors

    def summary(self) -> str:
        """What will be saved, for the confirmation."""
        kind, day = self.chosen, self.on.date().toString("yyyy-MM-dd")
        label = pick(*ANSWER_LABELS[kind]) if kind else ""
        head = tr("申报 #{claim}：{kind}，{date}").format(claim=self.row.claim_id, kind=label, date=day)
        if kind == AnswerKind.RETURNED:
            return head + "\n" + tr("原因：{reason}").format(reason=self.reason.toPlainText().strip())
        if kind == AnswerKind.PAID:
            amount = _amount(self.amount.text())
            return head + "\n" + tr("支付金额 ¥{amount}").format(
                amount=yuan(amount) if amount is not None else self.amount.text())
        if kind == AnswerKind.DEDUCTION:
            items, _errors = self.deductions()
            names = {ln.fee_line_id: ln.name for ln in self.lines}
            lines = [tr("{item}：扣减 ¥{amount}（{reason}）").format(
                item=names[i.fee_line_id], amount=yuan(i.amount), reason=i.reason) for i in items]
            total = sum((i.amount for i in items), Decimal("0.00"))
            return "\n".join([head, *lines, tr("扣减合计 ¥{amount}").format(amount=yuan(total))])
        return head

    @Slot()
    def submit(self) -> None:
        kind = self.chosen
        day: date = self.on.date().toPython()  # type: ignore[assignment]
        if kind == AnswerKind.DEDUCTION:
            items, errors = self.deductions()
            if errors:
                set_error(self.error, "\n".join(pick(e.zh, e.en) for e in errors))
                return
            if not items:
                self.outcome(ValidationFailed([FieldError(
                    "扣减", "至少填写一行扣减", "Enter at least one line's deduction", key="deduction")]))
                return
        if kind == AnswerKind.PAID and _amount(self.amount.text()) is None:
            self.outcome(ValidationFailed([FieldError("支付金额", "须为金额", "Must be an amount",
                                                      key="amount")]))
            return
        answer = QMessageBox.question(self, tr("确认保存"), tr(
            "{summary}\n\n经办机构反馈保存后不能修改（如有错误，以更正版本处理）。是否保存？").format(
                summary=self.summary()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        claim_id, runner = self.row.claim_id, self._runner
        if kind == AnswerKind.SUBMITTED:
            runner.submit(self, claim_answers.record_submitted, claim_id, day).either(self.outcome)
        elif kind == AnswerKind.RETURNED:
            runner.submit(self, claim_answers.record_returned, claim_id, day,
                          self.reason.toPlainText()).either(self.outcome)
        elif kind == AnswerKind.DEDUCTION:
            runner.submit(self, claim_answers.record_deductions, claim_id, day,
                          self.deductions()[0]).either(self.outcome)
        else:
            runner.submit(self, claim_answers.record_paid, claim_id, day,
                          _amount(self.amount.text()) or Decimal("0")).either(self.outcome)
