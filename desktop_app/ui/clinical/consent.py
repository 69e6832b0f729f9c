"""The out-of-scope consent page of a case (Luzhou Art. 31): pick the items outside the
approval from the catalogue (or enter one outside the catalogue with its price), see the
amount, name who consents (the employer's representative, the worker or a close
relative), save, and the signer signs on the pad. Unsigned consents stand out and can be
signed later from the list.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import partial

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.permissions import permitted
from desktop_app.domain.typed_text import signed_ascii_int
from desktop_app.errors import AppError, UserError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import consent
from desktop_app.services.clinical.consent import (
    CONSENT_SIGNERS,
    ConsentInput,
    ConsentItemInput,
    ConsentPageData,
    ConsentRow,
    PricedItem,
)
from desktop_app.services.clinical.plan_view import CatalogueChoice, search
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.sign_summary_view import records_to_sign
from desktop_app.ui.clinical.patient_signing import open_patient_signature
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage
from desktop_app.ui.kit.forms import record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.runner import Runner, failed

AWAITING = QColor("#b3261e")
ITEM_HEADERS = (QT_TR_NOOP("项目"), QT_TR_NOOP("单价"), QT_TR_NOOP("数量"), QT_TR_NOOP("小计"))
COUNT = 2
LIST_HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("项目"), QT_TR_NOOP("金额"), QT_TR_NOOP("签署人"),
                QT_TR_NOOP("签名"))


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ConsentPage(CasePage):
    """``load(case_id)`` shows a case's consents; ``changed`` after every write."""

    READS = CASE_BASICS | {"out_of_scope_consent", "approval", "approved_item", "catalogue_pack",
                               "catalogue_item", "attachment", "employer"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: ConsentPageData | None = None
        self.choices: list[CatalogueChoice] = []
        self.items: list[PricedItem] = []
        self.dialog: PatientSignatureDialog | None = None

        # -- items
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("核准外的目录项目：名称、拼音首字母或编码"))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.add_selected)
        self.results = QListWidget()
        self.results.itemActivated.connect(lambda _item: self.add_selected())
        self.add_button = QPushButton(tr("添加"))
        self.add_button.clicked.connect(self.add_selected)
        self.other_code = QLineEdit()
        self.other_code.setPlaceholderText(tr("编码"))
        self.other_name = QLineEdit()
        self.other_name.setPlaceholderText(tr("目录外项目名称"))
        self.other_unit = QLineEdit()
        self.other_unit.setPlaceholderText(tr("单位"))
        self.other_price = QLineEdit()
        self.other_price.setPlaceholderText(tr("单价 ¥"))
        self.add_other_button = QPushButton(tr("添加目录外项目"))
        self.add_other_button.clicked.connect(self.add_other)
        self.table = QTableWidget(0, len(ITEM_HEADERS))
        self.table.setHorizontalHeaderLabels(headers(ITEM_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._count_edited)
        self.remove_button = QPushButton(tr("移除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.amount = QLabel()
        self.amount.setObjectName("consentAmount")
        self.amount.setStyleSheet("font-weight: bold;")

        # -- signer
        self.kind = QComboBox()
        for kind, (zh, en) in CONSENT_SIGNERS.items():
            self.kind.addItem(pick(zh, en), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("签署人姓名"))
        self.relationship = QLineEdit()
        self.proof = QLineEdit()
        self.proof.setPlaceholderText(tr("代签原因及查验的证明"))
        self.signed_on = QDateEdit()
        self.signed_on.setDisplayFormat("yyyy-MM-dd")
        self.signed_on.setCalendarPopup(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("备注"))
        self.save_button = QPushButton(tr("保存并签名"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        for field in (self.name, self.relationship, self.proof, self.note):
            field.returnPressed.connect(self.save)
        self.form_error = error_label()

        # -- list
        self.list = record_table(tuple(headers(LIST_HEADERS)), (90, 260, 90, 160))
        self.sign_button = QPushButton(tr("签名：所选同意书"))
        self.sign_button.clicked.connect(self.sign_selected)
        self.scan_button = QPushButton(tr("附纸质签名扫描件…"))
        self.scan_button.setToolTip(tr("无签名板时：同意人在纸质同意书上签名，附其扫描件"))
        self.scan_button.clicked.connect(self.attach_signed_scan)
        self.heading = QLabel()
        self.heading.setWordWrap(True)

        can_write = permitted(user.role, "consent.record", "draft")
        for widget in (self.search, self.results, self.add_button, self.other_code, self.other_name,
                       self.other_unit, self.other_price, self.add_other_button, self.table,
                       self.remove_button, self.kind, self.name, self.relationship, self.proof,
                       self.signed_on, self.note, self.save_button):
            widget.setEnabled(can_write)
        self.sign_button.setEnabled(permitted(user.role, "record.patient_sign", "draft"))
        self.scan_button.setEnabled(self.sign_button.isEnabled())
        self._lay_out()

    def _lay_out(self) -> None:
        picker = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        picker.addLayout(row)
        picker.addWidget(self.results)
        other = QHBoxLayout()  # an item outside the catalogue: its code and name, then the rest
        other.addWidget(self.other_code, 2)
        other.addWidget(self.other_name, 3)
        other_price = QHBoxLayout()
        other_price.addWidget(self.other_unit, 1)
        other_price.addWidget(self.other_price, 1)
        other_price.addStretch(1)
        other_price.addWidget(self.add_other_button)
        chosen = QVBoxLayout()
        chosen.addWidget(self.table)
        foot = QHBoxLayout()
        foot.addWidget(self.amount, 1)
        foot.addWidget(self.remove_button)
        chosen.addLayout(foot)
        lists = QHBoxLayout()
        lists.addLayout(picker, 1)
        lists.addLayout(chosen, 1)
        items_box = QGroupBox(tr("自费项目"))
        items_layout = QVBoxLayout(items_box)
        items_layout.addLayout(lists)
        items_layout.addLayout(other)
        items_layout.addLayout(other_price)

        self.signer_form = QFormLayout()
        self.signer_form.addRow(tr("签署人"), self.kind)
        self.signer_form.addRow(tr("姓名"), self.name)
        self.signer_form.addRow(tr("关系/身份"), self.relationship)
        self.signer_form.addRow(tr("代签依据"), self.proof)
        self.signer_form.addRow(tr("签署日期"), self.signed_on)
        self.signer_form.addRow(tr("备注"), self.note)
        signer_box = QGroupBox(tr("同意人"))
        signer_layout = QVBoxLayout(signer_box)
        signer_layout.addLayout(self.signer_form)
        signer_layout.addStretch()
        save_row = QHBoxLayout()
        save_row.addStretch()
        save_row.addWidget(self.save_button)
        signer_layout.addLayout(save_row)

        top = QHBoxLayout()
        top.addWidget(items_box)  # no stretch factors: a ratio raises the minimum width
        top.addWidget(signer_box)
        listing = QHBoxLayout()
        listing.addWidget(QLabel(tr("已录入的同意书")), 1)
        listing.addWidget(self.sign_button)
        listing.addWidget(self.scan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top, 3)
        layout.addWidget(self.form_error)
        layout.addLayout(listing)
        layout.addWidget(self.list, 2)
        order = (self.search, self.add_button, self.results, self.table, self.remove_button,
                 self.other_code, self.other_name, self.other_unit, self.other_price,
                 self.add_other_button, self.kind, self.name, self.relationship, self.proof,
                 self.signed_on, self.note, self.save_button, self.sign_button, self.scan_button,
                 self.list)
        for a, b in zip(order, order[1:], strict=False):
            self.setTabOrder(a, b)

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        today = self._runner.clock.today()
        self.reads.read(self._choices_read, consent.consent_choices, case_id, today)

    def _choices_read(self, found: tuple[ConsentPageData, list[CatalogueChoice]]) -> None:
        self.data, self.choices = found
        rule = (tr("目录外或核准外项目须经书面签字同意，费用自负（{basis}）").format(
            basis=pick(self.data.basis_zh, self.data.basis_en)) if self.data.basis_zh else
            tr("本地区规定未设目录外项目同意书；签字同意仅作告知，目录外费用基金不予支付"))
        self.heading.setText(tr("患者 {patient}　病例 {case}　用人单位 {employer}　").format(
            patient=self.data.patient_name, case=self.data.case_number,
            employer=self.data.employer_name) + rule)
        self.items = []
        self._fill_items()
        self.search.clear()
        self._filter("")
        today = self._runner.clock.today()
        self.signed_on.setDate(QDate(today.year, today.month, today.day))
        self.kind.setCurrentIndex(self.kind.findData("worker"))
        self._kind_changed()
        self.note.clear()
        set_error(self.form_error, "")
        self._show_rows()

    def _show_rows(self) -> None:
        assert self.data is not None
        rows = self.data.rows
        self.list.setRowCount(len(rows))
        for n, row in enumerate(rows):
            zh, en = CONSENT_SIGNERS.get(row.signer_kind, (row.signer_kind, row.signer_kind))
            signer = tr("{name}（{kind}）").format(name=row.signer_name, kind=pick(zh, en))
            status = tr("已更正") if row.superseded else (row.signed_by or tr("待签名"))
            for column, text in enumerate((str(row.signed_on), row.items, f"¥{yuan(row.amount)}", signer,
                                           status)):
                cell = QTableWidgetItem(text)
                if row.awaiting_signature:
                    cell.setForeground(AWAITING)
                self.list.setItem(n, column, cell)

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        data = self.data
        if kind == "worker":
            self.name.setText(data.patient_name if data else "")
            self.relationship.setText("本人")
        elif kind == "relative":
            self.name.setText(data.relative_name if data else "")
            self.relationship.setText(data.relative_relation if data else "")
        else:
            self.name.clear()
            self.relationship.clear()
        self.relationship.setPlaceholderText(tr("单位代表身份，如人事经办人") if kind == "employer"
                                             else tr("与职工关系，如配偶"))
        self.signer_form.setRowVisible(self.relationship, kind != "worker")
        self.signer_form.setRowVisible(self.proof, kind == "relative")

    # ----------------------------------------------------------------- items

    @Slot(str)
    def _filter(self, query: str) -> None:
        self.results.clear()
        for choice in search(self.choices, query):
            item = QListWidgetItem(f"{choice.name} ¥{yuan(choice.price)}/{choice.unit}")
            item.setToolTip(choice.national_code)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _add(self, item: PricedItem) -> None:
        if any(i.national_code == item.national_code for i in self.items):
            set_error(self.form_error, tr("{item} 已添加。").format(item=item.name))
            return
        set_error(self.form_error, "")
        self.items.append(item)
        self._fill_items()

    @Slot()
    def add_selected(self) -> None:
        current = self.results.currentItem()
        if current is None:
            return
        c: CatalogueChoice = current.data(Qt.ItemDataRole.UserRole)
        self._add(PricedItem(c.national_code, c.name, c.unit, c.price, 1, True))

    @Slot()
    def add_other(self) -> None:
        try:
            price = Decimal(self.other_price.text().strip().lstrip("¥"))
        except InvalidOperation:
            set_error(self.form_error, tr("单价须为金额，如 28.35"))
            return
        self._add(PricedItem(self.other_code.text().strip(), self.other_name.text().strip(),
                             self.other_unit.text().strip(), price, 1, False))
        for field in (self.other_code, self.other_name, self.other_unit, self.other_price):
            field.clear()

    @Slot()
    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            del self.items[row]
        self._fill_items()

    def _fill_items(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for n, item in enumerate(self.items):
            values: tuple[object, ...] = (item.name + ("" if item.in_catalogue else tr("（目录外）")),
                                          f"¥{yuan(item.unit_price)}", item.count, f"¥{yuan(item.amount)}")
            for column, value in enumerate(values):
                cell = QTableWidgetItem()
                cell.setData(Qt.ItemDataRole.EditRole, value)
                if column != COUNT:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(n, column, cell)
        self.table.blockSignals(False)
        self.amount.setText(tr("金额合计：¥{amount}").format(amount=yuan(consent.total(self.items))))

    @Slot(QTableWidgetItem)
    def _count_edited(self, cell: QTableWidgetItem) -> None:
        if cell.column() == COUNT and cell.row() < len(self.items):
            old = self.items[cell.row()]
            value = cell.data(Qt.ItemDataRole.EditRole)
            count = signed_ascii_int(str(value)) or 0
            self.items[cell.row()] = PricedItem(old.national_code, old.name, old.unit, old.unit_price,
                                                count, old.in_catalogue)
            self._fill_items()

    def set_count(self, row: int, count: int) -> None:
        """The count of an item (as typed into its cell)."""
        self.table.item(row, COUNT).setData(Qt.ItemDataRole.EditRole, count)  # type: ignore[union-attr]  # row exists

    # ----------------------------------------------------------------- writing

    def consent_input(self) -> ConsentInput:
        items = tuple(ConsentItemInput(i.national_code, i.count, "" if i.in_catalogue else i.name,
                                       "" if i.in_catalogue else i.unit,
                                       None if i.in_catalogue else i.unit_price) for i in self.items)
        kind = self.kind.currentData()
        return ConsentInput(items, kind, self.name.text(), _date(self.signed_on.date()),
                            "" if kind == "worker" else self.relationship.text(),
                            self.note.text().strip() or None,
                            self.proof.text() if kind == "relative" else "")

    @Slot()
    def save(self) -> None:
        if self.case_id is None or not self.save_button.isEnabled():
            return
        inp = self.consent_input()
        signer = consent.pad_signer(inp.signer_kind, inp.signer_name, inp.relationship, inp.proof)
        self._runner.submit(self, consent.record_consent, self.case_id, inp).either(
            partial(self._recorded, self.case_id, signer))

    def _recorded(self, case_id: int, signer: signing.Signer | None, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            set_error(self.form_error, "\n".join(pick(f"{e.field}：{e.zh}", e.en) for e in result.errors))
            return
        if failed(result, self):
            return
        consent_id = result.id
        self.load(case_id)
        self.changed.emit()
        self._ask_signature(consent_id, signer)

    def selected_unsigned(self) -> list[ConsentRow]:
        if self.data is None:
            return []
        rows = sorted({i.row() for i in self.list.selectionModel().selectedRows()})
        return [self.data.rows[r] for r in rows
                if r < len(self.data.rows) and self.data.rows[r].awaiting_signature]

    @Slot()
    def sign_selected(self) -> None:
        self._sign_selected(paper=False)

    @Slot()
    def attach_signed_scan(self) -> None:
        """The selected consent, signed on paper: its scan signs it."""
        self._sign_selected(paper=True)

    def _sign_selected(self, *, paper: bool) -> None:
        rows = self.selected_unsigned()
        if not rows:
            show_error(self, UserError("请选择一份待签名的同意书。", "Select a consent awaiting signature."))
            return
        row = rows[0]
        # The worker or a relative sign through the bedside dialog's own choices; the
        # employer's representative is the one named on the consent.
        signer = (consent.pad_signer("employer", row.signer_name, row.relationship)
                  if row.signer_kind == "employer" else None)
        self._ask_signature(row.consent_id, signer, paper=paper)

    def _ask_signature(self, consent_id: int, signer: signing.Signer | None, *,
                       paper: bool = False) -> None:
        summary = self._runner.read(records_to_sign, [("out_of_scope_consent", consent_id)])
        if failed(summary, self):
            return
        self.dialog = open_patient_signature(
            self, self._runner, [("out_of_scope_consent", consent_id)], "patient_consents",
            summary.lines, heading=summary.heading, patient_name=summary.patient_name,
            signer=signer, on_signed=self._signed, paper=paper, scan_kind="signed_consent_scan")

    def _signed(self) -> None:
        self.dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
            self.changed.emit()
