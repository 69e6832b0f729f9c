"""The prescriptions page of a case: the list (unsigned ones in red) and a new
prescription from an item of the current plan, with count, frequency, parameters and the
assigned therapist, signed by the physician with their password right after it is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError, UserError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.prescription_view import (
    PlanItemChoice,
    PrescriptionPageData,
    PrescriptionRow,
    StaffChoice,
    assignable_staff,
    prescription_page,
)
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.commands import PrescriptionInput
from desktop_app.ui.clinical.count_marks import count_colour, count_text, count_tooltip
from desktop_app.ui.integrity.staff_signature import StaffSignatureDialog, open_staff_signature
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage, rows_view
from desktop_app.ui.kit.forms import inline_error
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.rows_model import Index, RowsModel
from desktop_app.ui.kit.runner import Runner, failed

AWAITING = QColor("#b3261e")
SUPERSEDED = QColor("#8a8f98")
MAX_COUNT = 999
COUNT_COLUMN = 2  # done/prescribed, coloured at 80 % and 100 % (count_marks)
HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("项目"), QT_TR_NOOP("已做/处方"), QT_TR_NOOP("频次"),
           QT_TR_NOOP("参数"), QT_TR_NOOP("治疗师"), QT_TR_NOOP("医师"), QT_TR_NOOP("签名"))


class PrescriptionModel(RowsModel[PrescriptionRow]):
    HEADERS: tuple[str, ...] = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.HEADERS = tuple(headers(HEADERS))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.superseded:
                return SUPERSEDED
            if row.awaiting_signature:
                return AWAITING
            return count_colour(row.done, row.count) if index.column() == COUNT_COLUMN else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COUNT_COLUMN and not row.superseded:
            return count_tooltip(row.done, row.count) or None
        if role == Qt.ItemDataRole.FontRole and (row.awaiting_signature or row.superseded):
            font = QFont()
            font.setBold(row.awaiting_signature)
            font.setStrikeOut(row.superseded)
            return font
        return None

    @staticmethod
    def _text(row: PrescriptionRow, column: int) -> str:
        counted = str(row.count) if row.superseded else count_text(row.done, row.count)
        values = (str(row.prescribed_on), row.item_name, counted, row.frequency, row.parameters,
                  row.therapist, row.prescriber)
        if column < len(values):
            return values[column]
        if row.superseded:
            return tr("已更正")
        return tr("待医师签名") if row.state == "draft" else tr("已签名")


class PrescriptionsPage(CasePage):
    """``load(case_id)`` shows a case's prescriptions; ``changed`` after every write."""

    READS = CASE_BASICS | {"prescription", "treatment_plan", "plan_item", "treatment_session"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: PrescriptionPageData | None = None
        self.dialog: StaffSignatureDialog | None = None

        self.item = QComboBox()
        self.item.setObjectName("prescriptionItem")
        self.item.currentIndexChanged.connect(self._item_chosen)
        self.count = QSpinBox()
        self.count.setRange(0, MAX_COUNT)  # 0 is refused by the service, with its reason
        self.frequency = QLineEdit()
        self.frequency.setPlaceholderText(tr("如：每日1次"))
        self.parameters = QLineEdit()
        self.parameters.setPlaceholderText(tr("强度、时长、部位等"))
        self.therapist = QComboBox()
        self.therapist.setObjectName("prescriptionTherapist")
        self.prescribe_button = QPushButton(tr("开具并签名"))
        self.prescribe_button.setDefault(True)
        self.prescribe_button.clicked.connect(self.prescribe)
        for field in (self.frequency, self.parameters):
            field.returnPressed.connect(self.prescribe)  # Enter submits
        self.form_error = error_label()
        self.note = QLabel()
        self.note.setObjectName("prescriptionNote")
        self.note.setWordWrap(True)  # wraps beside the sign button: the page fits beside the case list

        self.model = PrescriptionModel()
        self.table = rows_view(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.sign_button = QPushButton(tr("医师签名：所选处方"))
        self.sign_button.clicked.connect(self.sign_selected)

        can_write = permitted(user.role, "prescription.write", "draft")
        for widget in (self.item, self.count, self.frequency, self.parameters, self.therapist,
                       self.prescribe_button):
            widget.setEnabled(can_write)
        self.sign_button.setEnabled(can_write and permitted(user.role, "record.sign", "draft"))

        form = QFormLayout()
        first = QHBoxLayout()
        first.addWidget(self.item, 3)
        first.addWidget(QLabel(tr("次数")))
        first.addWidget(self.count)
        first.addWidget(QLabel(tr("频次")))
        first.addWidget(self.frequency, 2)
        second = QHBoxLayout()
        second.addWidget(self.parameters, 3)
        second.addWidget(QLabel(tr("治疗师")))
        second.addWidget(self.therapist, 2)
        second.addWidget(self.prescribe_button)
        form.addRow(tr("处方项目"), first)
        form.addRow(tr("治疗参数"), second)
        listing = QHBoxLayout()
        listing.addWidget(self.note, 1)
        listing.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addLayout(listing)
        layout.addWidget(self.table, 1)
        for a, b in ((self.item, self.count), (self.count, self.frequency),
                     (self.frequency, self.parameters), (self.parameters, self.therapist),
                     (self.therapist, self.prescribe_button), (self.prescribe_button, self.sign_button),
                     (self.sign_button, self.table)):
            self.setTabOrder(a, b)

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._page_read, lambda s: (prescription_page(s, case_id), assignable_staff(s)))

    def _page_read(self, found: tuple[PrescriptionPageData, list[StaffChoice]]) -> None:
        self.data, staff = found
        self.item.blockSignals(True)
        self.item.clear()
        for choice in self.data.plan_items:
            self.item.addItem(tr("{item}（方案 {frequency}，共 {count} 次）").format(
                item=choice.name, frequency=choice.frequency, count=choice.total_count), choice)
        if not self.data.plan_items:
            self.item.addItem(tr("（无治疗方案）"), None)
        self.item.blockSignals(False)
        self._item_chosen()
        self.therapist.clear()
        self.therapist.addItem(tr("（暂不指定）"), None)
        for person in staff:
            self.therapist.addItem(person.label, person.staff_id)
        mine = self.therapist.findData(self._user.user_id)
        self.therapist.setCurrentIndex(max(mine, 0))
        self.parameters.clear()
        set_error(self.form_error, "")
        self._show_rows()

    def reload(self) -> None:
        if self.case_id is not None:
            self.reads.read(self._rows_read, prescription_page, self.case_id)

    def _rows_read(self, found: PrescriptionPageData) -> None:
        self.data = found
        self._show_rows()

    def _show_rows(self) -> None:
        assert self.data is not None
        self.model.set_rows(list(self.data.rows))
        waiting = sum(1 for r in self.data.rows if r.awaiting_signature)
        plan = (tr("第{version}版方案").format(version=self.data.plan_version) if self.data.plan_version
                else tr("尚无治疗方案"))
        self.note.setText(tr("患者 {patient}　{plan}　共 {count} 张处方；待医师签名 {waiting} 张").format(
            patient=self.data.patient_name, plan=plan, count=len(self.data.rows), waiting=waiting))

    @Slot()
    def _item_chosen(self) -> None:
        choice = self.item.currentData()
        if isinstance(choice, PlanItemChoice):
            self.count.setValue(choice.total_count)
            self.frequency.setText(choice.frequency)

    # ----------------------------------------------------------------- writing

    @Slot()
    def prescribe(self) -> None:
        choice = self.item.currentData()
        if self.case_id is None or not self.prescribe_button.isEnabled():
            return
        if not isinstance(choice, PlanItemChoice):
            set_error(self.form_error, tr("请先制定治疗方案，处方项目须来自当前方案。"))
            return
        inp = PrescriptionInput(
            national_code=choice.national_code, count=self.count.value(),
            frequency=self.frequency.text(), prescribed_on=self._runner.clock.today(),
            prescriber_id=self._user.user_id, assigned_therapist_id=self.therapist.currentData(),
            parameters=self.parameters.text().strip() or None)
        self._runner.submit(self, treatment.prescribe, self.case_id, inp).either(self._prescribed)

    def _prescribed(self, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            set_error(self.form_error, inline_error(result))
            return
        if failed(result, self):
            return
        set_error(self.form_error, "")
        self.parameters.clear()
        self.reload()
        self.changed.emit()
        self._ask_signature([result.id])

    def selected_unsigned(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].prescription_id for r in rows
                if self.model.rows[r].awaiting_signature]

    @Slot()
    def sign_selected(self) -> None:
        ids = self.selected_unsigned()
        if not ids:
            show_error(self, UserError("请选择待签名的处方。", "Select prescriptions awaiting signature."))
            return
        self._ask_signature(ids)

    def _ask_signature(self, ids: list[int]) -> None:
        self.dialog = open_staff_signature(self, self._runner, self._user,
                                           [("prescription", i) for i in ids], "physician_signs",
                                           self._signed)

    def _signed(self, _signature_id: int) -> None:
        self.dialog = None
        self.reload()
        self.changed.emit()
