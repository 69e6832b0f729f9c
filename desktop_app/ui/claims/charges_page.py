"""费用 tab of a case: every charge (sessions' lines and entered ones) with its time, item,
price, amount, category, ordering department and physician, who entered it and whether
they signed it off; reversal pairs marked. Buttons: enter a charge (``ChargeDialog``),
charge bed-days up to a date, import a HIS file (``ChargeImportDialog``), reverse the
selected charge (reason, confirmation), sign off one's own charges (password).

Thin: the rules are the services' (``fees``, ``bed_days``, ``charge_signing``); this page
shows ``charges_view`` and hands the person's answers over.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import quantity, yuan
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import bed_days, charge_signing, fees
from desktop_app.services.claims.charges_view import ChargeRowView, ChargesView, charges
from desktop_app.ui.claims.charge_dialog import ChargeDialog, category_label
from desktop_app.ui.claims.charge_import_dialog import ChargeImportDialog
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage
from desktop_app.ui.kit.forms import record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.runner import Runner, failed

HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("时间"), QT_TR_NOOP("编码"), QT_TR_NOOP("名称"),
           QT_TR_NOOP("单位"), QT_TR_NOOP("数量"), QT_TR_NOOP("单价"), QT_TR_NOOP("金额"),
           QT_TR_NOOP("类别"), QT_TR_NOOP("开单科室"), QT_TR_NOOP("开单医师"), QT_TR_NOOP("录入人"),
           QT_TR_NOOP("签名确认"), QT_TR_NOOP("备注"))
WIDTHS = (82, 44, 112, 170, 40, 44, 66, 76, 50, 90, 80, 64, 70)
NUMERIC = (5, 6, 7)
REVERSED = QColor("#8a8a8a")
UNSIGNED = QColor("#b3261e")


class ChargesPage(CasePage):
    READS = CASE_BASICS | frozenset({"fee_line", "claim", "inpatient_leave", "catalogue_item",
                                     "out_of_scope_consent"})

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.view: ChargesView | None = None
        self.rows: list[ChargeRowView] = []
        self.dialog: ChargeDialog | ChargeImportDialog | None = None
        may = permitted(user.role, "fee.charge", "draft")
        self.add_button = QPushButton(tr("录入费用…"))
        self.add_button.clicked.connect(self.add_charge)
        today = runner.clock.today()
        self.through = QDateEdit(QDate(today.year, today.month, today.day))
        self.through.setObjectName("bedDaysThrough")
        self.through.setCalendarPopup(True)
        self.through.setDisplayFormat("yyyy-MM-dd")
        self.bed_button = QPushButton(tr("计床日"))
        self.bed_button.setToolTip(tr("按日计床位费至所选日期：入院日计、出院日不计、请假日不计，已计的日子不重复"))
        self.bed_button.clicked.connect(self.charge_bed_days)
        self.import_button = QPushButton(tr("导入…"))
        self.import_button.clicked.connect(self.import_file)
        self.reverse_button = QPushButton(tr("冲销…"))
        self.reverse_button.clicked.connect(self.reverse)
        self.sign_button = QPushButton(tr("签名确认…"))
        self.sign_button.setToolTip(tr("以本人口令签署本人录入、尚未确认的费用；未确认的费用不能结算"))
        self.sign_button.clicked.connect(self.sign_off)
        self._may = may
        for button in (self.add_button, self.bed_button, self.import_button, self.sign_button):
            button.setEnabled(may)
        self.summary = QLabel()
        self.summary.setObjectName("chargesSummary")
        self.summary.setWordWrap(True)
        self.notice = QLabel()  # what the last action did
        self.notice.setObjectName("chargesNotice")
        self.notice.setWordWrap(True)
        self.table = record_table(tuple(headers(HEADERS)), WIDTHS)
        self.table.itemSelectionChanged.connect(self._selected)
        top = QHBoxLayout()  # two rows: the workspace must fit beside the case list at 1280 px
        top.addWidget(self.add_button)
        top.addWidget(self.import_button)
        top.addStretch()
        top.addWidget(self.reverse_button)
        top.addWidget(self.sign_button)
        beds = QHBoxLayout()
        beds.addWidget(QLabel(tr("床日计至")))
        beds.addWidget(self.through)
        beds.addWidget(self.bed_button)
        beds.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(beds)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        self._selected()

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._show, charges, case_id, self._user.user_id)

    def reload(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    def _show(self, view: ChargesView) -> None:
        self.view = view
        self.rows = list(view.rows)
        self.table.setRowCount(len(self.rows))
        for row, line in enumerate(self.rows):
            self._fill(row, line)
        summary = tr("共 {count} 笔，合计 ¥{total}；未经录入人签名确认 {unsigned} 笔"
                     "（其中本人录入 {mine} 笔）")
        self.summary.setText(summary.format(count=len(self.rows), total=yuan(view.total),
                                            unsigned=view.unsigned, mine=view.mine_unsigned))
        self.summary.setStyleSheet(f"color: {UNSIGNED.name()};" if view.unsigned else "")
        self._selected()

    def _fill(self, row: int, line: ChargeRowView) -> None:
        if line.from_session:
            signed = tr("治疗记录")
        elif line.entry:
            signed = line.signed_by or tr("未确认")
        else:
            signed = tr("申报更正")
        notes = []
        if line.reverses_id:
            notes.append(tr("冲销 #{line}：{reason}").format(line=line.reverses_id, reason=line.reason))
        if line.reversed_by_id:
            notes.append(tr("已被 #{line} 冲销").format(line=line.reversed_by_id))
        if line.out_of_scope:
            notes.append(tr("目录外"))
        if line.claim_id:
            notes.append(tr("申报 #{claim}").format(claim=line.claim_id))
        texts = (line.occurred_on.isoformat(), line.occurred_at, line.national_code, line.name, line.unit,
                 quantity(line.quantity), yuan(line.unit_price), yuan(line.amount),
                 category_label(line.category), line.dept, line.physician, line.entered_by, signed,
                 "；".join(notes))
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column in NUMERIC:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if line.reverses_id or line.reversed_by_id:
                item.setForeground(QBrush(REVERSED))
            elif column == 12 and line.entry and not line.signed_by:
                item.setForeground(QBrush(UNSIGNED))
            self.table.setItem(row, column, item)

    def selected(self) -> ChargeRowView | None:
        index = selected_index(self.table, len(self.rows))
        return self.rows[index] if index is not None else None

    @Slot()
    def _selected(self) -> None:
        line = self.selected()
        self.reverse_button.setEnabled(self._may and line is not None and not line.from_session
                                       and line.reverses_id is None and line.reversed_by_id is None)

    def select_record(self, record_type: str, record_id: int) -> None:
        """Select a charge (a gate gap names one)."""
        if record_type != "fee_line":
            return
        for row, line in enumerate(self.rows):
            if line.id == record_id:
                self.table.selectRow(row)

    def _written(self, result: object) -> bool:
        if failed(result, self):
            return False
        self.reload()
        self.changed.emit()
        return True

    # ----------------------------------------------------------------- actions

    @Slot()
    def add_charge(self) -> ChargeDialog | None:
        if self.case_id is None:
            return None
        dialog = ChargeDialog(self._runner, self.case_id, self)
        dialog.accepted.connect(self._dialog_wrote)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _dialog_wrote(self) -> None:
        self.reload()
        self.changed.emit()

    @Slot()
    def import_file(self) -> ChargeImportDialog | None:
        if self.case_id is None:
            return None
        dialog = ChargeImportDialog(self._runner, self.case_id, self)
        dialog.imported.connect(self._imported)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _imported(self, _ids: object) -> None:
        self._dialog_wrote()

    @Slot()
    def charge_bed_days(self) -> None:
        if self.case_id is None:
            return
        day = self.through.date()
        through = date(day.year(), day.month(), day.day())
        self._runner.submit(self, bed_days.charge_bed_days, self.case_id, through).either(self._bed_days)

    def _bed_days(self, result: bed_days.BedDays | AppError) -> None:
        if self._written(result):
            assert isinstance(result, bed_days.BedDays)
            leave = "、".join(d.isoformat() for d in result.on_leave)
            self.notice.setText(tr(
                "新计床日 {new} 天；已计 {already} 天；请假未计 {leave} 天{days}").format(
                new=len(result.lines), already=result.already, leave=len(result.on_leave),
                days=f"（{leave}）" if leave else ""))

    @Slot()
    def reverse(self) -> None:
        line = self.selected()
        if line is None:
            return
        reason, ok = QInputDialog.getText(self, tr("冲销费用"), tr("冲销原因："), QLineEdit.EchoMode.Normal)
        if not ok:
            return
        question = tr("冲销费用 #{line}（{day} {name}，¥{amount}）：将新增一笔负数冲销行，"
                      "原费用不变。是否确认？")
        question = question.format(line=line.id, day=line.occurred_on.isoformat(), name=line.name,
                                   amount=yuan(line.amount))
        answer = QMessageBox.question(self, tr("确认冲销"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._runner.submit(self, fees.reverse_charge, line.id, reason).either(self._written)

    @Slot()
    def sign_off(self) -> None:
        if self.case_id is None:
            return
        mine = self.view.mine_unsigned if self.view is not None else 0
        password, ok = QInputDialog.getText(
            self, tr("录入人签名确认"),
            tr("以本人口令签署您录入、尚未确认的 {count} 笔费用。\n口令：").format(count=mine),
            QLineEdit.EchoMode.Password)
        if ok:
            self._runner.submit(self, charge_signing.sign_charges, self.case_id, password).either(
                self._written)
