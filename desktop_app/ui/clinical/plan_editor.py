"""The treatment plan page of a case: the current plan and its versions, the editor
(items from the catalogue, frequency and count, period within the approval, goals,
expected effect, precautions), the cost estimate computed as you type, the text the
patient reads, and the patient's signature on the pad, after which the plan is locked.
修订方案 starts a new version with a reason; it needs the patient's signature again.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.permissions import permitted
from desktop_app.domain.typed_text import signed_ascii_int
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.plan_view import (
    CatalogueChoice,
    PlanDraft,
    PlanLine,
    PlanPageData,
    PlanVersion,
    catalogue_choices,
    estimate,
    plan_page,
    preview_lines,
    search,
)
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.commands import PlanInput, PlanItemInput
from desktop_app.ui.clinical.patient_signing import open_patient_signature
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage
from desktop_app.ui.kit.forms import inline_error
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, tr, tr_in
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.runner import Runner, failed

STATES = {"draft": QT_TR_NOOP("待患者签名"), "signed": QT_TR_NOOP("已签名（锁定）"),
          "archived": QT_TR_NOOP("已归档"), "sealed": QT_TR_NOOP("已封存")}
PATIENT_SIGNS = QT_TRANSLATE_NOOP("button", "患者签名确认")  # the dialog's title is a noun
AWAITING = QColor("#b3261e")
ITEM_HEADERS = (QT_TR_NOOP("编码"), QT_TR_NOOP("项目"), QT_TR_NOOP("单价"), QT_TR_NOOP("频次"),
                QT_TR_NOOP("次数"), QT_TR_NOOP("小计"))
FREQUENCY, COUNT, AMOUNT = 3, 4, 5
EDITABLE = (FREQUENCY, COUNT)
TEXT_LINES = 2


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * (TEXT_LINES + 1) + 8)
    return box


def choice_text(choice: CatalogueChoice) -> str:
    approved = (tr("核准不限次") if choice.approved_count is None
                else tr("核准{count}次").format(count=choice.approved_count)) \
        if choice.approved else tr("未核准")
    return f"{choice.name} ¥{yuan(choice.price)} {approved}"


class PlanPage(CasePage):
    """``load(case_id)`` shows a case's plan; ``changed`` after every successful write."""

    READS = CASE_BASICS | {"treatment_plan", "plan_item", "approval", "approved_item", "catalogue_pack",
                               "catalogue_item"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.data: PlanPageData | None = None
        self.choices: list[CatalogueChoice] = []
        self.lines: list[PlanLine] = []  # what the editor holds, in order
        self.mode: str | None = None  # None (read-only) / "new" / "revise"
        self.dialog: PatientSignatureDialog | None = None
        self._can_write = permitted(user.role, "plan.write", "draft")

        # -- versions and status
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.versions = QListWidget()
        self.versions.setObjectName("planVersions")
        self.versions.currentRowChanged.connect(self._show_version)

        # -- editor
        self.period_from = QDateEdit()
        self.period_to = QDateEdit()
        for edit in (self.period_from, self.period_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.dateChanged.connect(self._period_changed)
        self.approved_hint = QLabel()
        self.approved_hint.setWordWrap(True)  # long periods wrap: the page fits beside the case list
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("搜索目录：名称、拼音首字母或编码"))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.add_selected)
        self.results = QListWidget()
        self.results.setObjectName("catalogueResults")
        self.results.itemActivated.connect(lambda _item: self.add_selected())
        self.add_button = QPushButton(tr("添加项目"))
        self.add_button.clicked.connect(self.add_selected)
        self.items = QTableWidget(0, len(ITEM_HEADERS))
        self.items.setHorizontalHeaderLabels(headers(ITEM_HEADERS))
        self.items.verticalHeader().hide()
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.items.horizontalHeader()
        for column in range(len(ITEM_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items.setTabKeyNavigation(False)
        self.items.setColumnHidden(0, True)  # the code is the name's tooltip
        self.items.itemChanged.connect(self._item_edited)
        self.remove_button = QPushButton(tr("移除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.goals = _text_box(tr("康复目标"))
        self.expected = _text_box(tr("预期效果"))
        self.precautions = _text_box(tr("注意事项"))
        for box in (self.goals, self.expected, self.precautions):
            box.textChanged.connect(self._update_estimate)  # the preview follows the text
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("修订原因"))
        self.estimate = QLabel()
        self.estimate.setObjectName("planEstimate")
        self.estimate.setStyleSheet("font-weight: bold;")
        self.estimate.setWordWrap(True)  # wraps rather than squeezing the button beside it
        self.form_error = error_label()

        self.save_button = QPushButton(tr("保存方案"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("放弃修改"))
        self.cancel_button.clicked.connect(self.discard)
        self.revise_button = QPushButton(tr("修订方案"))
        self.revise_button.clicked.connect(self.start_revision)
        self.sign_button = QPushButton(tr_in("button", PATIENT_SIGNS))
        self.sign_button.clicked.connect(self.ask_patient)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("planPreview")
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)

        self._lay_out()

    def _lay_out(self) -> None:
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel(tr("至")))
        period.addWidget(self.period_to)
        period.addWidget(self.approved_hint, 1)
        picker = QVBoxLayout()
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.add_button)
        picker.addLayout(search_row)
        picker.addWidget(self.results)
        chosen = QVBoxLayout()
        chosen.addWidget(self.items)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.estimate, 1)
        chosen_row.addWidget(self.remove_button)
        chosen.addLayout(chosen_row)
        lists = QHBoxLayout()
        lists.addLayout(picker, 2)
        lists.addLayout(chosen, 3)
        form = QFormLayout()
        form.addRow(tr("治疗期限"), period)
        form.addRow(tr("治疗项目"), lists)
        form.addRow(tr("康复目标"), self.goals)
        form.addRow(tr("预期效果"), self.expected)
        form.addRow(tr("注意事项"), self.precautions)
        form.addRow(tr("修订原因"), self.reason)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.cancel_button, self.save_button, self.revise_button, self.sign_button):
            buttons.addWidget(button)
        editor = QGroupBox(tr("方案内容"))
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.form_error)
        editor_layout.addLayout(buttons)

        side = QVBoxLayout()
        side.addWidget(QLabel(tr("方案版本")))
        side.addWidget(self.versions, 1)
        reads = QLabel(tr("患者阅读的内容"))
        reads.setWordWrap(True)  # a long heading in English wraps: the page fits beside the case list
        side.addWidget(reads)
        side.addWidget(self.preview, 3)
        top = QHBoxLayout()
        top.addWidget(editor, 5)
        top.addLayout(side, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top, 1)
        for first, second in ((self.period_from, self.period_to), (self.period_to, self.search),
                              (self.search, self.results), (self.results, self.add_button),
                              (self.add_button, self.items), (self.items, self.remove_button),
                              (self.remove_button, self.goals), (self.goals, self.expected),
                              (self.expected, self.precautions), (self.precautions, self.reason),
                              (self.reason, self.save_button)):
            self.setTabOrder(first, second)

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._plan_read, plan_page, case_id)

    def _plan_read(self, found: PlanPageData) -> None:
        self.data = found
        self.versions.blockSignals(True)
        self.versions.clear()
        for version in self.data.versions:
            item = QListWidgetItem(self._version_text(version))
            if version.state == "draft":
                item.setForeground(AWAITING)
            self.versions.addItem(item)
        self.versions.blockSignals(False)
        periods = tr("；").join(tr("{start} 至 {end}").format(start=a, end=b)
                               for a, b in self.data.periods) or tr("无核准")
        self.approved_hint.setText(tr("核准期限：{periods}").format(periods=periods))
        set_error(self.form_error, "")
        current = self.data.current
        if current is None:
            self._start_editing("new", None)
        else:
            self._stop_editing()
            self.versions.setCurrentRow(0)
        self._update_status()

    @staticmethod
    def _version_text(version: PlanVersion) -> str:
        text = tr("第{version}版　{start} 至 {end}　¥{cost}　{state}").format(
            version=version.version_no, start=version.draft.period_from, end=version.draft.period_to,
            cost=f"{version.cost_estimate:.2f}", state=tr(STATES.get(version.state, version.state)))
        if version.patient_signer:
            text += tr("　签名：{signer}").format(signer=version.patient_signer)
        if version.revision_reason:
            text += tr("　修订原因：{reason}").format(reason=version.revision_reason)
        return text

    def _update_status(self) -> None:
        assert self.data is not None
        current = self.data.current
        head = tr("患者 {patient}　病例 {case}　").format(patient=self.data.patient_name,
                                                        case=self.data.case_number)
        if current is None:
            self.status.setText(head + tr("尚无治疗方案：请制定方案后请患者签名确认。"))
        elif self.mode == "revise":
            revising = tr("正在修订第{version}版：保存后成为第{next}版，须患者重新签名。")
            self.status.setText(head + revising.format(version=current.version_no,
                                                       next=current.version_no + 1))
        else:
            self.status.setText(head + tr("当前方案：第{version}版，{state}").format(
                version=current.version_no, state=tr(STATES.get(current.state, current.state))))
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.data.current if self.data else None
        editing = self.mode is not None and self._can_write
        for widget in (self.period_from, self.period_to, self.search, self.results, self.add_button,
                       self.remove_button, self.reason):
            widget.setEnabled(editing)
        for box in (self.goals, self.expected, self.precautions):
            box.setReadOnly(not editing)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if editing
                                   else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.form.setRowVisible(self.reason, self.mode == "revise")
        self.save_button.setEnabled(editing)
        self.cancel_button.setVisible(self.mode == "revise")
        self.revise_button.setEnabled(self._can_write and self.mode is None and current is not None)
        self.sign_button.setEnabled(
            self.mode is None and current is not None and current.state == "draft"
            and permitted(self._user.role, "record.patient_sign", "draft"))

    # ----------------------------------------------------------------- editing

    def _start_editing(self, mode: str, source: PlanVersion | None) -> None:
        self.mode = mode
        today = self._runner.clock.today()
        assert self.data is not None
        first = self.data.periods[0] if self.data.periods else (today, today)
        draft = source.draft if source else None
        self._fill(draft or PlanDraft(max(first[0], today) if first[1] >= today else first[0],
                                      self.data.periods[-1][1] if self.data.periods else today,
                                      "", "", "", ()))
        self.reason.clear()
        self._refresh_choices()
        self._update_status()

    def _stop_editing(self) -> None:
        self.mode = None
        self.reason.clear()
        self._update_buttons()

    def _fill(self, draft: PlanDraft) -> None:
        for edit in (self.period_from, self.period_to):
            edit.blockSignals(True)
        self.period_from.setDate(_qdate(draft.period_from))
        self.period_to.setDate(_qdate(draft.period_to))
        for edit in (self.period_from, self.period_to):
            edit.blockSignals(False)
        self.goals.setPlainText(draft.goals)
        self.expected.setPlainText(draft.expected_effect)
        self.precautions.setPlainText(draft.precautions)
        self.lines = list(draft.lines)
        self._fill_items()

    def _fill_items(self) -> None:
        self.items.blockSignals(True)
        self.items.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells: tuple[object, ...] = (line.national_code, line.name, f"¥{yuan(line.unit_price)}",
                                         line.frequency, line.total_count, f"¥{yuan(line.amount)}")
            for column, value in enumerate(cells):
                cell = QTableWidgetItem()
                cell.setData(Qt.ItemDataRole.EditRole, value)  # an int edits in a spin box
                if column not in EDITABLE:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column in (2, 4, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.items.setItem(row, column, cell)
            self.items.item(row, 1).setToolTip(line.national_code)  # type: ignore[union-attr]  # set above
        self.items.blockSignals(False)
        self._update_estimate()
        self._update_buttons()

    def _replace_line(self, row: int, **changes: object) -> None:
        old = self.lines[row]
        values = {**old.__dict__, **changes}
        self.lines[row] = PlanLine(**values)
        cell = self.items.item(row, AMOUNT)
        if cell is not None:
            self.items.blockSignals(True)
            cell.setData(Qt.ItemDataRole.EditRole, f"¥{yuan(self.lines[row].amount)}")
            self.items.blockSignals(False)
        self._update_estimate()

    @Slot(QTableWidgetItem)
    def _item_edited(self, cell: QTableWidgetItem) -> None:
        row = cell.row()
        if row >= len(self.lines):
            return
        if cell.column() == FREQUENCY:
            self._replace_line(row, frequency=cell.text())
        elif cell.column() == COUNT:
            value = cell.data(Qt.ItemDataRole.EditRole)
            self._replace_line(row, total_count=signed_ascii_int(str(value)) or 0)

    def _update_estimate(self) -> None:
        self.estimate.setText(tr("费用估算：¥{amount}（{count} 项）").format(
            amount=yuan(estimate(self.lines)), count=len(self.lines)))
        if self.mode is not None and self.data is not None:
            self.preview.setPlainText("\n".join(preview_lines(
                self.draft(), self.data.patient_name, self.data.case_number)))

    def draft(self) -> PlanDraft:
        return PlanDraft(_date(self.period_from.date()), _date(self.period_to.date()),
                         self.goals.toPlainText(), self.expected.toPlainText(),
                         self.precautions.toPlainText(), tuple(self.lines))

    @Slot()
    def _period_changed(self) -> None:
        self._refresh_choices()

    def _refresh_choices(self) -> None:
        """Prices are those in force at the plan's start, as the service will take them."""
        assert self.data is not None
        on = _date(self.period_from.date())
        choices = self._runner.read(catalogue_choices, on, self.data.approved)
        if failed(choices, self):
            return
        self.choices = choices
        prices = {c.national_code: c for c in self.choices}
        self.lines = [PlanLine(ln.national_code, ln.name, ln.unit, ln.frequency, ln.total_count,
                               prices[ln.national_code].price)
                      if ln.national_code in prices else ln for ln in self.lines]
        self._fill_items()
        self._filter(self.search.text())

    @Slot(str)
    def _filter(self, query: str) -> None:
        self.results.clear()
        for choice in search(self.choices, query):
            item = QListWidgetItem(choice_text(choice))
            item.setData(Qt.ItemDataRole.UserRole, choice)
            item.setToolTip(f"{choice.national_code}　{choice.name}　¥{yuan(choice.price)}/{choice.unit}")
            if not choice.approved:
                item.setForeground(QColor("#8a8f98"))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    @Slot()
    def add_selected(self) -> None:
        item = self.results.currentItem()
        if self.mode is None or item is None:
            return
        choice: CatalogueChoice = item.data(Qt.ItemDataRole.UserRole)
        if any(line.national_code == choice.national_code for line in self.lines):
            set_error(self.form_error, tr("{item} 已在方案中。").format(item=choice.name))
            return
        count = choice.approved_count or 1
        self.lines.append(PlanLine(choice.national_code, choice.name, choice.unit, "每日1次", count,
                                   choice.price))
        set_error(self.form_error, "")
        self._fill_items()

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.items.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.lines[row]
        self._fill_items()

    # ----------------------------------------------------------------- writing

    def plan_input(self) -> PlanInput:
        draft = self.draft()
        return PlanInput(draft.period_from, draft.period_to, draft.goals, draft.expected_effect,
                         draft.precautions, tuple(PlanItemInput(ln.national_code, ln.frequency,
                                                                ln.total_count) for ln in draft.lines))

    @Slot()
    def save(self) -> None:
        if self.case_id is None or self.mode is None or not self._can_write:
            return
        if self.mode == "new":
            op = self._runner.submit(self, treatment.create_plan, self.case_id, self.plan_input())
        else:
            op = self._runner.submit(self, treatment.revise_plan, self.case_id, self.plan_input(),
                                     self.reason.text())
        op.either(partial(self._saved, self.case_id))

    def _saved(self, case_id: int, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            set_error(self.form_error, inline_error(result))
            return
        if failed(result, self):
            return
        self.load(case_id)
        self.changed.emit()

    @Slot()
    def start_revision(self) -> None:
        if self.data is None or self.data.current is None:
            return
        self.versions.setCurrentRow(0)
        self._start_editing("revise", self.data.current)
        self.reason.setFocus()

    @Slot()
    def discard(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    @Slot(int)
    def _show_version(self, row: int) -> None:
        if self.data is None or not 0 <= row < len(self.data.versions) or self.mode is not None:
            return
        version = self.data.versions[row]
        self._fill(version.draft)
        self.preview.setPlainText("\n".join(preview_lines(
            version.draft, self.data.patient_name, self.data.case_number, version.version_no)))

    # ----------------------------------------------------------------- signing

    @Slot()
    def ask_patient(self) -> None:
        if self.data is None or self.data.current is None or self.data.current.state != "draft":
            return
        current = self.data.current
        lines = preview_lines(current.draft, self.data.patient_name, self.data.case_number,
                              current.version_no)
        self.dialog = open_patient_signature(
            self, self._runner, [("treatment_plan", current.plan_id)], "patient_confirms_plan",
            lines[1:], heading=lines[0], patient_name=self.data.patient_name, on_signed=self._signed)

    def _signed(self) -> None:
        self.dialog = None
        if self.case_id is not None:
            self.load(self.case_id)
            self.changed.emit()
