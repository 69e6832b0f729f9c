"""The approval page of a case: its approvals (核准), extensions (延期) and early-intervention
filings (备案) with period, rehab type, items and counts and the decision scan; recording a
new one with the scan attached in the same save. The warnings the service returns (a period
beyond the usual length, Beijing Art. 8(2)) are shown after the save; a footnote names the
pack the case is judged by and cites only its articles.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import permitted
from desktop_app.domain.rules.packs import REHAB_TYPE_NAMES, REHAB_TYPES, PolicyPack
from desktop_app.domain.rules.policy import cite
from desktop_app.errors import AppError, FieldError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.commands import ApprovalInput, ApprovedItemInput
from desktop_app.services.intake import intake
from desktop_app.services.intake.intake_view import (
    APPROVAL_KINDS,
    ApprovalPageData,
    ApprovalRow,
    CaseFacts,
    ItemChoice,
    approvable_items,
    approval_page,
)
from desktop_app.ui.claims.case_terms_dialog import PaymentTermsDialog
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    AttachmentList,
    chain_tab_order,
    date_edit,
    date_of,
    hint_label,
    set_date,
    show_field_errors,
)
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage, rows_view
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.labels import STATUS
from desktop_app.ui.kit.messages import set_error
from desktop_app.ui.kit.rows_model import Index, RowsModel
from desktop_app.ui.kit.runner import Runner, failed, opened

HEADERS = (QT_TR_NOOP("类型"), QT_TR_NOOP("文号"), QT_TR_NOOP("日期"), QT_TR_NOOP("核准机构"),
           QT_TR_NOOP("期限"), QT_TR_NOOP("核准项目及次数"), QT_TR_NOOP("结论书"))
ITEM_HEADERS = (QT_TR_NOOP("项目"), QT_TR_NOOP("国家编码"), QT_TR_NOOP("核准次数"))
# The services' labels of the form's fields, marked so that an error names them in English
# (the form finds a field's widget by the error's key).
FIELD_LABELS = (QT_TR_NOOP("核准类型"), QT_TR_NOOP("康复类型"), QT_TR_NOOP("核准文号"),
                QT_TR_NOOP("核准日期"), QT_TR_NOOP("核准机构"), QT_TR_NOOP("核准期限"),
                QT_TR_NOOP("核准项目"), QT_TR_NOOP("结论书扫描件"))


def kind_name(kind: str) -> str:
    zh, en = APPROVAL_KINDS.get(kind, (kind, kind))
    return pick(zh, en[:1].upper() + en[1:])


def items_text(row: ApprovalRow) -> str:
    """The approved items with their counts (``name×count``, or not limited)."""
    return pick("、", ", ").join(f"{name}×{count}" if count else tr("{name}（不限次数）").format(name=name)
                                for name, count in row.items)


def detail_text(row: ApprovalRow) -> str:
    """One approval whole, for the detail under the table."""
    return tr("{kind} {number}（{day}，{body}）　期限 {start} 至 {end}\n核准项目及次数：{items}\n"
              "结论书：{scan}").format(
        kind=kind_name(row.kind), number=row.decision_number, day=row.decision_date,
        body=row.issuing_body, start=row.period_from, end=row.period_to,
        items=items_text(row) or "—", scan=row.scan_filename or "—")


def pack_note(pack: PolicyPack) -> str:
    """The footnote: the pack the case is judged by, and its own articles on approval and
    extension (none where its text is silent)."""
    text = tr("本病例按{pack}判断。").format(pack=pick(*pack.label))
    approval = pack.basis("approval")
    if approval:
        text += tr("未经核准发生的费用不予支付（{articles}）。").format(
            articles=pick(*cite(approval)))
    extension = pack.basis("extension")
    if extension:
        text += tr("延期须有新的核准（{articles}）。").format(articles=pick(*cite(extension)))
    return text


class ApprovalsModel(RowsModel[ApprovalRow]):
    HEADERS: tuple[str, ...] = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.HEADERS = tuple(headers(HEADERS))  # in the interface's language

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (kind_name(row.kind), row.decision_number, str(row.decision_date), row.issuing_body,
                    tr("{start} 至 {end}").format(start=row.period_from, end=row.period_to),
                    items_text(row),
                    row.scan_filename or "—")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return items_text(row)
        return None


class ApprovalDialog(FormDialog):
    """Record one approval, extension or filing; the decision scan is kept with it."""

    def __init__(self, runner: Runner, facts: CaseFacts, rows: list[ApprovalRow],
                 items: list[ItemChoice], parent: QWidget) -> None:
        super().__init__(tr("录入核准结论 — {patient}（{case_number}）").format(
            patient=facts.patient_name, case_number=facts.case_number), tr("保存"), parent)
        self.setStyleSheet(FORM_STYLE)
        self.setMinimumWidth(620)
        self._runner = runner
        self._case_id = facts.case_id
        self._rows = rows
        today = runner.clock.today()
        self.approval_id: int | None = None
        self.warnings: tuple[FieldError, ...] = ()
        self.rehab_type = QComboBox()
        self.rehab_type.setObjectName("rehabType")
        for rehab_type in REHAB_TYPES:
            self.rehab_type.addItem(pick(*REHAB_TYPE_NAMES[rehab_type]), rehab_type)
        self.kind = QComboBox()
        for kind in APPROVAL_KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.number = QLineEdit()
        self.number.setMaxLength(100)
        self.number.setPlaceholderText(tr("如 泸工康核〔2026〕1号"))
        self.decision_date = date_edit(today)
        self.body = QLineEdit()
        self.body.setMaxLength(200)
        self.body.setPlaceholderText(tr("如 泸州市劳动能力鉴定委员会、北京市朝阳区社保中心"))
        previous = sorted({r.issuing_body for r in rows})
        if previous:
            self.body.setText(previous[-1])
        self.period_from = date_edit(today)
        self.period_to = date_edit(today + timedelta(days=90))
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel(tr("至")))
        period.addWidget(self.period_to)
        period.addStretch(1)
        self.item = QComboBox()
        self.item.setEditable(True)
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item.completer().setFilterMode(Qt.MatchFlag.MatchContains)  # type: ignore[union-attr]  # editable
        for choice in items:
            self.item.addItem(f"{choice.name}（{choice.national_code}）", choice)
        self.item.setCurrentIndex(-1)
        self.item.lineEdit().setPlaceholderText(tr("搜索目录项目"))  # type: ignore[union-attr]  # editable
        self.count = QSpinBox()
        self.count.setRange(0, 999)
        self.count.setValue(10)
        self.count.setSpecialValueText(tr("不限"))
        self.count.setSuffix(tr(" 次"))
        self.add_item_button = QPushButton(tr("添加项目"))
        self.add_item_button.setAutoDefault(False)
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton(tr("移除"))
        self.remove_item_button.setAutoDefault(False)
        self.remove_item_button.clicked.connect(self.remove_item)
        item_row = QHBoxLayout()
        item_row.addWidget(self.item, 1)
        item_row.addWidget(self.count)
        item_row.addWidget(self.add_item_button)
        item_row.addWidget(self.remove_item_button)
        self.items = QTableWidget(0, 3)
        self.items.setObjectName("approvedItems")
        self.items.setHorizontalHeaderLabels(headers(ITEM_HEADERS))
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setColumnWidth(0, 200)
        self.items.setColumnWidth(1, 150)
        self.items.setTabKeyNavigation(False)
        self._chosen: list[ApprovedItemInput] = []
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 4)
        self.scan = AttachmentList(("approval_decision",), single=True)
        self.form.addRow(tr("类型 *"), self.kind)
        self.form.addRow(tr("康复类型 *"), self.rehab_type)
        self.form.addRow(tr("文号 *"), self.number)
        self.form.addRow(tr("决定日期 *"), self.decision_date)
        self.form.addRow(tr("核准机构 *"), self.body)
        self.form.addRow(tr("核准期限 *"), period)
        self.form.addRow(tr("核准项目"), item_row)
        self.form.addRow("", self.items)
        self.form.addRow(tr("备注"), self.notes)
        self.form.addRow(tr("结论书扫描件"), self.scan)
        self.fields: dict[str, QWidget] = {  # by FieldError.key (the labels: FIELD_LABELS)
            "approval_kind": self.kind, "rehab_type": self.rehab_type,
            "decision_number": self.number,
            "approval_date": self.decision_date, "issuing_body": self.body,
            "approval_period": self.period_to, "items": self.items,
            "decision_scan": self.scan.table}
        chain_tab_order([self.kind, self.rehab_type, self.number, self.decision_date, self.body,
                         self.period_from, self.period_to, self.item, self.count, self.add_item_button,
                         self.remove_item_button, self.items, self.notes, self.scan.add_button,
                         self.scan.remove_button, self.scan.table, self.ok_button])
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._defaults(facts, rows)

    def _defaults(self, facts: CaseFacts, rows: list[ApprovalRow]) -> None:
        """An extension follows the last period; an early-intervention case starts on a filing."""
        if rows:
            self.kind.setCurrentIndex(self.kind.findData("extension"))
        elif "early_intervention" in facts.modes:
            self.kind.setCurrentIndex(self.kind.findData("early_filing"))
        self._kind_changed()

    @Slot()
    def _kind_changed(self) -> None:
        if self.kind.currentData() == "extension" and self._rows:
            start = max(r.period_to for r in self._rows) + timedelta(days=1)
            set_date(self.period_from, start)
            set_date(self.period_to, start + timedelta(days=60))

    @Slot()
    def add_item(self) -> None:
        choice = self.item.currentData()
        if not isinstance(choice, ItemChoice) or self.item.currentText() != self.item.itemText(
                self.item.currentIndex()):
            set_error(self.error, tr("请从目录中选择项目。"))
            return
        count = self.count.value() or None
        self._chosen = [i for i in self._chosen if i.national_code != choice.national_code]
        self._chosen.append(ApprovedItemInput(choice.national_code, choice.name, count))
        self._refill_items()
        set_error(self.error, "")
        self.item.setCurrentIndex(-1)
        self.item.setFocus()

    @Slot()
    def remove_item(self) -> None:
        rows = {i.row() for i in self.items.selectionModel().selectedRows()}
        self._chosen = [item for row, item in enumerate(self._chosen) if row not in rows]
        self._refill_items()

    def _refill_items(self) -> None:
        self.items.setRowCount(len(self._chosen))
        for row, item in enumerate(self._chosen):
            for column, value in enumerate((item.name, item.national_code,
                                            str(item.approved_count or tr("不限")))):
                self.items.setItem(row, column, QTableWidgetItem(value))

    def approval(self) -> ApprovalInput:
        return ApprovalInput(
            kind=str(self.kind.currentData()), decision_number=self.number.text(),
            decision_date=date_of(self.decision_date), issuing_body=self.body.text(),
            period_from=date_of(self.period_from), period_to=date_of(self.period_to),
            items=tuple(self._chosen), notes=self.notes.toPlainText().strip() or None,
            decision_scan=self.scan.items[0] if self.scan.items else None,
            rehab_type=str(self.rehab_type.currentData()))

    @Slot()
    def submit(self) -> None:
        self._runner.submit(self, intake.enter_approval, self._case_id, self.approval()).either(
            self._entered)

    def _entered(self, result: intake.ApprovalRecorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = show_field_errors(self.error, self.fields, result.errors)
            if first is not None:
                first.setFocus()
            return
        if isinstance(result, intake.ApprovalRecorded):
            self.approval_id, self.warnings = result.approval_id, result.warnings
        self.outcome(result)


class ApprovalPage(CasePage):
    """``load(case_id)`` shows a case's approvals; ``changed`` after one is recorded."""

    READS = CASE_BASICS | {"approval", "approved_item", "case_transfer"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.facts: CaseFacts | None = None
        self.dialog: ApprovalDialog | None = None
        self.terms_dialog: PaymentTermsDialog | None = None
        self.heading = QLabel()
        self.heading.setObjectName("approvalHeading")
        self.heading.setWordWrap(True)
        self.add_button = QPushButton(tr("录入核准 / 延期 / 备案…"))
        self.add_button.setObjectName("recordApproval")
        self.add_button.clicked.connect(self.open_dialog)
        # The agency's approval or agreement sets how the case is paid (the pack's methods).
        self.terms_button = QPushButton(tr("支付标准…"))
        self.terms_button.setObjectName("approvalPaymentTerms")
        self.terms_button.clicked.connect(self.edit_terms)
        self.model = ApprovalsModel()
        self.table = rows_view(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()  # a case has a few approvals: fit the contents
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.warnings = hint_label()
        self.warnings.setObjectName("approvalWarnings")
        self.warnings.setStyleSheet("color: #9a6700;")
        self.warnings.hide()
        self.note = hint_label()
        self.note.setObjectName("packNote")
        # The chosen approval (the latest at first) whole, wrapped: its items and counts
        # are read here, whatever the page's width.
        self.detail = QLabel()
        self.detail.setObjectName("approvalDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: palette(base); border: 1px solid palette(mid);"
                                  " padding: 4px;")
        self.detail.hide()
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.terms_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.warnings)
        layout.addWidget(self.note)

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._page_read, approval_page, case_id, self._runner.clock.today())

    def _page_read(self, page: ApprovalPageData) -> None:
        self.facts = facts = page.facts
        self.model.set_rows(page.rows)
        self.note.setText(pack_note(page.pack))
        self.heading.setText(tr("{patient}　{case_number}　{resident_id}　状态：{status}　核准 {count} 次")
                             .format(patient=facts.patient_name, case_number=facts.case_number,
                                     resident_id=facts.masked_resident_id,
                                     status=tr(STATUS.get(facts.status, facts.status)),
                                     count=len(self.model.rows)))
        # An archived or sealed case no longer changes: its state, not "draft", is asked.
        self.add_button.setEnabled(facts.status != "discharged" and permitted(
            self._user.role, "case.record_approval", facts.record_state))
        self.terms_button.setEnabled(permitted(self._user.role, "case.record_approval",
                                               facts.record_state))
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(len(self.model.rows) - 1, 0))
        self._show_detail()

    @Slot()
    def _show_detail(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            self.detail.hide()
            return
        approval = self.model.rows[row]
        self.detail.setText(detail_text(approval))
        self.detail.show()

    @Slot()
    def edit_terms(self) -> PaymentTermsDialog | None:
        """The payment terms dialog of the claims page, opened from the approval."""
        if self.case_id is None:
            return None
        case_id = self.case_id
        dialog = opened(self, lambda: PaymentTermsDialog(self._runner, case_id, self))
        if dialog is None:
            return None
        self.terms_dialog = dialog
        self.terms_dialog.accepted.connect(self.changed)
        self.terms_dialog.finished.connect(self.terms_dialog.deleteLater)
        self.terms_dialog.open()
        return self.terms_dialog

    @Slot()
    def open_dialog(self) -> None:
        if self.case_id is None or self.facts is None:
            return
        items = self._runner.read(approvable_items, self._runner.clock.today())
        if failed(items, self):
            return
        dialog = ApprovalDialog(self._runner, self.facts, self.model.rows, items, self)
        dialog.accepted.connect(self._recorded)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def show_warnings(self, warnings: tuple[FieldError, ...]) -> None:
        """The last save's warnings (recorded, but the user should look again)."""
        self.warnings.setText("\n".join(pick(w.zh, w.en) for w in warnings))
        self.warnings.setVisible(bool(warnings))

    @Slot()
    def _recorded(self) -> None:
        if self.dialog is not None:
            self.show_warnings(self.dialog.warnings)
        self.dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
        self.changed.emit()
