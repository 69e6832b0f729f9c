"""The assessments page of a case: every assessment (phase, instrument, date, total,
grade, assessor, signed or not) and a scoring form generated from the chosen
instrument, its total and grade computed while it is filled in. Saving records the
assessment; the assessor then signs it with their password.

The form starts on the phase that is due for the chosen instrument
(``domain.assessment_phase``), and grading schemes are shown by their Chinese names, never
by the reference file's keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.assessment_phase import PhaseFacts, due_phase
from desktop_app.domain.instruments import load_instruments, preview
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError, FieldError, UserError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.assessment_view import AssessmentPage, AssessmentRow, assessment_page
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.commands import AssessmentInput
from desktop_app.ui.clinical.instrument_form import InstrumentForm
from desktop_app.ui.intake.fields import (
    FORM_STYLE,
    chain_tab_order,
    date_edit,
    date_of,
    set_date,
    show_field_errors,
)
from desktop_app.ui.integrity.staff_signature import StaffSignatureDialog, open_staff_signature
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage, rows_view
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, headers, pick, tr, tr_in
from desktop_app.ui.kit.labels import PHASE
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.rows_model import Index, RowsModel
from desktop_app.ui.kit.runner import Runner, failed

PHASE_WORD = QT_TRANSLATE_NOOP("phase", "阶段")  # pre / mid / post (a case's 阶段 is its stage)
HEADERS = (PHASE_WORD, QT_TR_NOOP("日期"), QT_TR_NOOP("量表"), QT_TR_NOOP("总分"),
           QT_TR_NOOP("分级"), QT_TR_NOOP("评估人"), QT_TR_NOOP("签名"))
AWAITING = QColor("#b3261e")
MEANING = "assessor_signs"
# The grading schemes of assessment_instruments.json by their keys (stored with each
# result, so the keys never change): what the assessor reads instead.
SCHEMES = {
    "nursing_dependency (WS/T 431-style, as printed on Chinese BI forms)":
        QT_TRANSLATE_NOOP("scheme", "护理依赖程度（WS/T 431，国内 Barthel 表通用）"),
    "five_band (alternative, textbook)": QT_TRANSLATE_NOOP("scheme", "五级分法（教科书）"),
    "severity": QT_TRANSLATE_NOOP("scheme", "昏迷程度"),
    "fall_risk": QT_TRANSLATE_NOOP("scheme", "跌倒风险"),
    "symptom_severity": QT_TRANSLATE_NOOP("scheme", "症状严重程度（筛查）"),
    "work_ability": QT_TRANSLATE_NOOP("scheme", "工作能力分级"),
}


def item_label(code: str, key: str) -> str:
    """An item of an instrument by its Chinese name (feeding → 进食); a muscle or joint
    named by the assessor (MMT, MAS) is their own words."""
    instrument = load_instruments().get(code)
    item = instrument.item(key) if instrument is not None else None
    return item.zh if item is not None else key


def scheme_label(key: str) -> str:
    """A grading scheme as the assessor reads it (a key without a name: the key)."""
    return tr_in("scheme", SCHEMES[key]) if key in SCHEMES else key


def phase_label(code: str) -> str:
    return tr_in("phase", PHASE.get(code, code))


class AssessmentsModel(RowsModel[AssessmentRow]):
    HEADERS: tuple[str, ...] = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.HEADERS = (tr_in("phase", PHASE_WORD), *headers(HEADERS[1:]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (phase_label(row.phase), str(row.assessed_on),
                    f"{row.instrument_code} {row.instrument_name}",
                    "—" if row.total is None else str(row.total), row.grade or "—", row.assessor,
                    tr("已签名") if row.signed else tr("待签名"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not row.signed:
            return AWAITING
        if role == Qt.ItemDataRole.ToolTipRole:
            values = "，".join(f"{item_label(row.instrument_code, k)} {v}"
                              for k, v in row.item_values.items())
            scheme = scheme_label(row.grading_scheme) if row.grading_scheme else ""
            return "\n".join(filter(None, (values, row.conclusion, scheme)))
        return None


class AssessmentsPage(CasePage):
    """``load(case_id)`` shows a case; ``changed`` after a saved or signed assessment."""

    READS = CASE_BASICS | {"assessment", "approval"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.dialog: StaffSignatureDialog | None = None
        self.instruments = load_instruments()
        self.facts = PhaseFacts()
        self.phase_chosen = False  # the assessor chose the phase: no longer set for them

        self.model = AssessmentsModel()
        self.table = rows_view(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.sign_button = QPushButton(tr("评估人签名：所选"))
        self.sign_button.clicked.connect(self.sign_selected)
        self.sign_button.setEnabled(permitted(user.role, "record.sign", "draft"))

        self.phase = QComboBox()
        for code in ("pre", "mid", "post", "other"):
            self.phase.addItem(phase_label(code), code)
        self._defaulting = False  # the page itself sets the phase (not the assessor's choice)
        self.phase.currentIndexChanged.connect(self._phase_chosen)
        self.assessed_on = date_edit(runner.clock.today())
        self.instrument = QComboBox()
        for code, instrument in self.instruments.items():
            self.instrument.addItem(f"{code} {instrument.name_zh}", code)
        self.scheme = QComboBox()
        for combo in (self.instrument, self.scheme):  # long names: the page may be narrow
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.conclusion = QLineEdit()
        self.conclusion.setPlaceholderText(tr("评估结论"))
        self.conclusion.returnPressed.connect(self.save)
        self.live = QLabel()
        self.live.setObjectName("liveScore")
        self.live.setStyleSheet("font-weight: bold;")
        self.form_error = error_label()
        self.save_button = QPushButton(tr("保存并签名"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(permitted(user.role, "assessment.record", "draft"))

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, in order
        self.items: InstrumentForm | None = None

        self._layout()
        self.instrument.currentIndexChanged.connect(self._instrument_chosen)
        self.scheme.currentIndexChanged.connect(self._update_live)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.form_box)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self._instrument_chosen()

    def _layout(self) -> None:
        top = QFormLayout()
        # Two rows, so the page fits beside the case list on a 1280-pixel-wide screen.
        for row in (((tr_in("phase", PHASE_WORD), self.phase, 0), (tr("日期"), self.assessed_on, 0)),
                    ((tr("量表"), self.instrument, 1), (tr("分级标准"), self.scheme, 1))):
            head = QHBoxLayout()
            for label, widget, stretch in row:
                caption = QLabel(label)
                caption.setBuddy(widget)
                head.addWidget(caption)
                head.addWidget(widget, stretch)
            if not any(stretch for _label, _widget, stretch in row):
                head.addStretch(1)
            top.addRow(head)
        self.form_box = QGroupBox(tr("新评估"))
        self.form_box.setStyleSheet(FORM_STYLE)  # fields named by an error are outlined
        form = QVBoxLayout(self.form_box)
        form.addLayout(top)
        form.addWidget(self.scroll_area, 1)
        form.addWidget(self.live)
        bottom = QHBoxLayout()
        caption = QLabel(tr("结论"))
        caption.setBuddy(self.conclusion)
        bottom.addWidget(caption)
        bottom.addWidget(self.conclusion, 1)
        bottom.addWidget(self.save_button)
        form.addLayout(bottom)
        form.addWidget(self.form_error)

        listing = QHBoxLayout()
        listing.addWidget(self.note, 1)
        listing.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.addLayout(listing)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.form_box, 3)

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.phase_chosen = False
        set_date(self.assessed_on, self._runner.clock.today())
        set_error(self.form_error, "")
        self.reload()

    def reload(self) -> None:
        if self.case_id is None:
            return
        self.reads.read(self._show_page, assessment_page, self.case_id)

    def _show_page(self, page: AssessmentPage) -> None:
        self.facts = page.facts
        self._show_rows(page.rows)
        self._default_phase()

    def _show_rows(self, rows: list[AssessmentRow]) -> None:
        self.model.set_rows(rows)
        for column, width in enumerate((70, 96)):
            self.table.setColumnWidth(column, width)
        waiting = sum(1 for r in rows if not r.signed)
        self.note.setText(tr("共 {count} 次评估；待签名 {waiting} 次").format(
            count=len(rows), waiting=waiting))

    def select_record(self, record_type: str, record_id: int) -> None:
        """Select an assessment (a claim gap or the timeline points at it)."""
        if record_type != "assessment":
            return
        for row, assessment in enumerate(self.model.rows):
            if assessment.assessment_id == record_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                self.table.setFocus()
                return

    # ----------------------------------------------------------------- the form

    @property
    def code(self) -> str:
        return str(self.instrument.currentData())

    def due_phase(self) -> str:
        """The phase due for the chosen instrument (see ``domain.assessment_phase``)."""
        assessed = {r.phase for r in self.model.rows if r.instrument_code == self.code}
        return due_phase(assessed, self.facts, self._runner.clock.today())

    def _default_phase(self) -> None:
        if not self.phase_chosen:
            self._defaulting = True
            try:
                self.phase.setCurrentIndex(self.phase.findData(self.due_phase()))
            finally:
                self._defaulting = False

    @Slot()
    def _phase_chosen(self) -> None:
        if not self._defaulting:
            self.phase_chosen = True

    @Slot()
    def _instrument_chosen(self) -> None:
        instrument = self.instruments[self.code]
        self.items = InstrumentForm(instrument)
        self.items.edited.connect(self._update_live)
        self.scroll_area.setWidget(self.items)
        self.scheme.blockSignals(True)
        self.scheme.clear()
        if not instrument.schemes:
            self.scheme.addItem(tr("（无分级）"), None)
        elif instrument.default_scheme is None:
            self.scheme.addItem(tr("（请选择）"), None)
        for name in instrument.schemes:
            self.scheme.addItem(scheme_label(name), name)
        if instrument.default_scheme is not None:
            self.scheme.setCurrentIndex(self.scheme.findData(instrument.default_scheme))
        self.scheme.setEnabled(bool(instrument.schemes))
        self.scheme.blockSignals(False)
        chain: list[QWidget] = [self.phase, self.assessed_on, self.instrument, self.scheme,
                                *self.items.fields(), self.conclusion, self.save_button]
        chain_tab_order(chain)
        set_error(self.form_error, "")
        self._default_phase()
        self._update_live()

    @Slot()
    def _update_live(self) -> None:
        if self.items is None:
            return
        result = preview(self.code, self.items.values(), self.scheme.currentData())
        if result.complete:
            total = "—" if result.total is None else str(result.total)
            self.live.setText(tr("总分 {total}　分级 {grade}").format(
                total=total, grade=result.grade_zh or "—"))
        elif result.subtotal is not None:
            self.live.setText(tr("小计 {subtotal}（{missing} 项未评）").format(
                subtotal=result.subtotal, missing=len(result.missing)))
        else:
            self.live.setText(tr("{missing} 项未评").format(missing=len(result.missing)) if result.missing
                              else tr("未完成"))

    # ----------------------------------------------------------------- saving

    @Slot()
    def save(self) -> None:
        if self.case_id is None or self.items is None or not self.save_button.isEnabled():
            return
        inp = AssessmentInput(
            phase=str(self.phase.currentData()), instrument_code=self.code,
            values=self.items.values(), assessed_on=date_of(self.assessed_on),
            assessor_id=self._user.user_id, grading_scheme=self.scheme.currentData(),
            conclusion=self.conclusion.text().strip() or None)
        self._runner.submit(self, treatment.record_assessment, self.case_id, inp).either(self._saved)

    def _saved(self, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            first = self._show_errors(result.errors)
            if first is not None:
                first.setFocus()
            return
        if failed(result, self):
            return
        self._show_errors([])
        if result.warnings:  # a safety item answered (PHQ-9 item 9): said where the form was
            set_error(self.form_error, "\n".join(pick(w.zh, w.en) for w in result.warnings))
        assert self.items is not None  # save() needs them
        self.items.clear()
        self.conclusion.clear()
        self.phase_chosen = False  # the next form starts on the phase then due
        self.reload()
        self.changed.emit()
        self._sign([result.id])

    def _show_errors(self, errors: list[FieldError]) -> QWidget | None:
        """Errors inline, the fields they name outlined (none: all cleared)."""
        assert self.items is not None
        named = {"phase": self.phase, "assessed_on": self.assessed_on, "instrument": self.instrument,
                 "scheme": self.scheme, **self.items.named}
        return show_field_errors(self.form_error, named, errors)

    # ----------------------------------------------------------------- signing

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].assessment_id for r in rows if not self.model.rows[r].signed]

    @Slot()
    def sign_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            show_error(self, UserError("请选择待签名的评估。", "Choose an assessment awaiting a signature."))
            return
        self._sign(ids)

    def _sign(self, ids: list[int]) -> None:
        self.dialog = open_staff_signature(self, self._runner, self._user,
                                           [("assessment", i) for i in ids], MEANING, self._signed)

    def _signed(self, signature_id: int) -> None:
        self.dialog = None
        self.reload()
        self.changed.emit()
