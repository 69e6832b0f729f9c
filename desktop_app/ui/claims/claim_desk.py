"""结算工作台 The records officer's claim desk (their home): every claim across cases and
months with its desk state — draft, final, exported, submitted, returned, partly paid,
paid (derived, ``domain.claim_states``) — its amounts and dates, the totals of what is
shown, and filters (period, state, case number or name, older versions).

From here the officer records the agency's answer (``ClaimAnswerDialog``) and, after a
return or a deduction, issues the correction version; double-clicking a claim asks the
shell to open its case's claims tab (``case_requested``). Reads in the background
(``PageReads``), writes through ``runner.submit``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.claim_states import DESK_STATE_LABELS, DESK_STATES, DeskState, answer_allowed
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claim_answers, claim_desk_view
from desktop_app.services.claims.claim_desk_view import DeskRow, LineRow
from desktop_app.ui.claims.claim_answer_dialog import ClaimAnswerDialog
from desktop_app.ui.kit.forms import fit_columns, record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.runner import PageReads, Runner

HEADERS = (QT_TR_NOOP("申报"), QT_TR_NOOP("病例号"), QT_TR_NOOP("患者"), QT_TR_NOOP("期间"),
           QT_TR_NOOP("版本"), QT_TR_NOOP("状态"), QT_TR_NOOP("申报总额"), QT_TR_NOOP("基金支付"),
           QT_TR_NOOP("扣减"), QT_TR_NOOP("已支付"), QT_TR_NOOP("报送日"), QT_TR_NOOP("支付日"))
STATE_COLUMN = 5
MONEY_COLUMNS = (6, 7, 8, 9)
COLOURS = {DeskState.RETURNED: "#b3261e", DeskState.PARTLY_PAID: "#8a5300",
           DeskState.PAID: "#1b5e20", DeskState.DRAFT: "#4a5560"}
SEARCH_DELAY_MS = 200
ANSWERABLE = (DeskState.EXPORTED, DeskState.SUBMITTED, DeskState.RETURNED, DeskState.PARTLY_PAID)


def period_text(period: str) -> str:
    return tr("出院结算") if period == "discharge" else period


class ClaimDeskPage(QWidget):
    case_requested = Signal(int)  # open the case's claims tab
    tasks_requested = Signal()  # show the claim tasks (the records officer's home)

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDesk")
        self._runner = runner
        self.rows: list[DeskRow] = []
        self.dialog: ClaimAnswerDialog | None = None
        self.reads = PageReads(runner, self)
        self.period_reads = PageReads(runner, self)
        self._may_answer = permitted(user.role, "claim.answer", "draft")
        self._may_correct = permitted(user.role, "claim.correct", "draft")
        self.period = QComboBox()
        self.period.setObjectName("deskPeriod")
        self.period.addItem(tr("全部期间"), None)
        self.state = QComboBox()
        self.state.setObjectName("deskState")
        self.state.addItem(tr("全部状态"), None)
        for state in DESK_STATES:
            self.state.addItem(pick(*DESK_STATE_LABELS[state]), str(state))
        self.search = QLineEdit()
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText(tr("病例号 / 姓名 / 拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.versions = QCheckBox(tr("显示旧版本"))
        self.versions.setObjectName("deskVersions")
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.period, self.state):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.versions.toggled.connect(lambda _on: self.reload())
        self.table = record_table(tuple(headers(HEADERS)), (56, 116, 70, 70, 44, 72, 96, 96, 80, 96, 86))
        self.table.setObjectName("deskTable")
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.activated.connect(self._activated)
        self.totals = QLabel()
        self.totals.setObjectName("deskTotals")
        self.detail = QLabel()
        self.detail.setObjectName("deskDetail")
        self.detail.setWordWrap(True)
        self.answer_button = QPushButton(tr("录入经办机构反馈…"))
        self.answer_button.setObjectName("deskAnswer")
        self.answer_button.clicked.connect(self.record_answer)
        self.correct_button = QPushButton(tr("出具更正版本…"))
        self.correct_button.setObjectName("deskCorrect")
        self.correct_button.clicked.connect(self.issue_correction)
        self.open_button = QPushButton(tr("打开病例"))
        self.open_button.clicked.connect(self._open_selected)
        refresh = QPushButton(tr("刷新"))
        refresh.clicked.connect(self.refresh)
        self.tasks_button = QPushButton(tr("结算待办…"))
        self.tasks_button.setObjectName("deskTasks")
        self.tasks_button.clicked.connect(self.tasks_requested)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("期间")))
        filters.addWidget(self.period)
        filters.addWidget(QLabel(tr("状态")))
        filters.addWidget(self.state)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.versions)
        filters.addWidget(refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        buttons.addWidget(self.tasks_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self._selected()
        self.refresh()

    @Slot(int)
    def set_task_count(self, count: int) -> None:
        """The claim tasks waiting (read by the home screen), on the button to them."""
        self.tasks_button.setText(tr("结算待办 {count} 项…").format(count=count))

    # ----------------------------------------------------------------- reading

    @Slot()
    def refresh(self) -> None:
        """Read the periods again, then the claims."""
        self.period_reads.read(self._periods_read, claim_desk_view.desk_periods)

    def _periods_read(self, periods: list[str]) -> None:
        chosen = self.period.currentData()
        self.period.blockSignals(True)
        while self.period.count() > 1:
            self.period.removeItem(1)
        for period in periods:
            self.period.addItem(period_text(period), period)
        found = self.period.findData(chosen) if chosen else 0
        self.period.setCurrentIndex(max(found, 0))
        self.period.blockSignals(False)
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.reads.read(self.show_rows, claim_desk_view.desk_rows, month=self.period.currentData(),
                        state=self.state.currentData(), search=self.search.text(),
                        all_versions=self.versions.isChecked())

    def show_rows(self, rows: list[DeskRow]) -> None:
        chosen = self.selected_row()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            colour = COLOURS.get(row.state)
            version = tr("第{version}版").format(version=row.version_no) + (
                "" if row.latest else tr("（旧）"))
            texts = (f"#{row.claim_id}", row.case_number, row.patient_name, period_text(row.period), version,
                     pick(*DESK_STATE_LABELS[row.state]), yuan(row.total), yuan(row.fund),
                     yuan(row.deducted) if row.deducted else "", yuan(row.paid) if row.paid else "",
                     str(row.submitted_on or ""), str(row.paid_on or ""))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == STATE_COLUMN and colour:
                    item.setForeground(QBrush(QColor(colour)))
                if not row.latest:
                    item.setForeground(QBrush(QColor("#777777")))
                self.table.setItem(r, column, item)
        fit_columns(self.table, range(len(HEADERS) - 1))
        t = claim_desk_view.totals(rows)
        self.totals.setText(tr("合计 {count} 份：申报 ¥{total}　基金支付 ¥{fund}　扣减 ¥{deducted}　"
                               "已支付 ¥{paid}").format(
            count=t.claims, total=yuan(t.total), fund=yuan(t.fund), deducted=yuan(t.deducted),
            paid=yuan(t.paid)))
        if chosen is not None:
            again = next((r for r, row in enumerate(rows) if row.claim_id == chosen.claim_id), None)
            if again is not None:
                self.table.selectRow(again)
        self._selected()

    # ----------------------------------------------------------------- selection

    def selected_row(self) -> DeskRow | None:
        index = selected_index(self.table, len(self.rows))
        return self.rows[index] if index is not None else None

    def select_claim(self, claim_id: int) -> None:
        self.table.selectRow(next(r for r, row in enumerate(self.rows) if row.claim_id == claim_id))

    @Slot()
    def _selected(self) -> None:
        row = self.selected_row()
        self.answer_button.setEnabled(self._may_answer and row is not None and row.state in ANSWERABLE
                                      and any(answer_allowed(k, row.state) for k in
                                              ("submitted", "returned", "deduction", "paid")))
        self.correct_button.setEnabled(self._may_correct and row is not None and row.correction_offered)
        self.open_button.setEnabled(row is not None)
        if row is None:
            self.detail.clear()
            return
        parts = [tr("申报 #{claim} {case} {patient}：应付 ¥{due}，尚未支付 ¥{left}").format(
            claim=row.claim_id, case=row.case_number, patient=row.patient_name, due=yuan(row.due),
            left=yuan(max(row.due - row.paid, Decimal("0.00"))))]
        if row.returned_on:
            parts.append(tr("{date} 被退回").format(date=row.returned_on))
        if row.correction_offered:
            parts.append(tr("已退回或被扣减：请出具更正版本"))
        self.detail.setText("；".join(parts))

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.case_requested.emit(self.rows[index.row()].case_id)

    @Slot()
    def _open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.case_requested.emit(row.case_id)

    # ----------------------------------------------------------------- writing

    @Slot()
    def record_answer(self) -> ClaimAnswerDialog | None:
        """The answer dialog for the selected claim (its lines read first)."""
        row = self.selected_row()
        if row is None:
            return None
        lines = self._runner.read(claim_desk_view.claim_lines, row.claim_id)
        if isinstance(lines, AppError):
            show_error(self, lines)
            return None
        return self._open_dialog(row, lines)

    def _open_dialog(self, row: DeskRow, lines: list[LineRow]) -> ClaimAnswerDialog:
        dialog = ClaimAnswerDialog(self._runner, row, lines, self)
        dialog.accepted.connect(self.refresh)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def issue_correction(self) -> None:
        row = self.selected_row()
        if row is None or not row.correction_offered:
            return
        answer = QMessageBox.question(self, tr("出具更正版本"), tr(
            "申报 #{claim}（{case} {patient}，{period}）已被退回或扣减。将生成第{version}版更正申报（草稿），"
            "原因取自经办机构的反馈；原申报不变。是否继续？").format(
                claim=row.claim_id, case=row.case_number, patient=row.patient_name,
                period=period_text(row.period), version=row.version_no + 1))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._runner.submit(self, claim_answers.issue_correction, row.claim_id).then(
            partial(self._corrected, row.claim_id))

    def _corrected(self, _old: int, _new: int) -> None:
        self.refresh()
