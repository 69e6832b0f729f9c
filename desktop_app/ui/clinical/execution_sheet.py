"""The execution sheet page of a case: record a session in a few keystrokes, see every
session, and have the patient sign for one session or for the day's sessions at once.

From the worklist: open the row (1), check the item and times (already filled in),
press 记录 (2). Ticking 记录时签名 with the password signs the session as its performer in
the same step (实施人签名); 实施人签名：今日本人 signs the rest of the therapist's day at
once; 审核签名：助理今日记录 (shown to a therapist or physician while sessions of the
assistants they supervise await it) co-signs those of the day at once. Rows awaiting the
patient's or the therapist's signature are red.

A session beyond a count or a catalogue limit, or outside the opening hours, is refused
by the service unless a reason is stated: the page asks for one (``reason_dialog``) and
records again with it. The warnings the service returns (near a count, recorded beyond
a limit, the catalogue's indication) stay shown under the form until the next entry.

Without a signature pad: print the signing page of the rows awaiting signature (the
selected ones, or else today's), have the patient sign it, and attach its scan.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTime, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA, china_datetime
from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import Meaning
from desktop_app.errors import AppError, FieldError, UserError, ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import bedside, paper_signing, session_signing, treatment
from desktop_app.services.clinical.execution_sheet_view import (
    PrescribedItem,
    Sheet,
    SheetRow,
    awaiting_signature,
    awaiting_therapist,
    prescribed_items,
    sheet,
)
from desktop_app.services.clinical.treatment import Recorded, RecordedSeveral
from desktop_app.services.core.commands import SessionInput
from desktop_app.services.records.issued_documents import IssuedPdf
from desktop_app.services.rules.session_limits import REASON_KEY
from desktop_app.ui.admin.first_run_dialog import password_field
from desktop_app.ui.clinical.count_marks import count_text, mark_combo_entry
from desktop_app.ui.clinical.leave_dialog import LeaveDialog
from desktop_app.ui.clinical.patient_signing import open_patient_signature
from desktop_app.ui.clinical.several_sessions import ParameterFields, SeveralSessionsDialog
from desktop_app.ui.clinical.signature_dialog import PatientSignatureDialog
from desktop_app.ui.integrity.staff_signature import StaffSignatureDialog, open_staff_signature
from desktop_app.ui.kit.busy import BusyWork
from desktop_app.ui.kit.case_page import CASE_BASICS, CasePage, rows_view
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.rows_model import Index, RowsModel
from desktop_app.ui.kit.runner import Runner, failed, opened
from desktop_app.ui.records.package_export import case_folder_name

HEADERS = (QT_TR_NOOP("日期"), QT_TR_NOOP("时间"), QT_TR_NOOP("项目"), QT_TR_NOOP("次数"),
           QT_TR_NOOP("治疗师"), QT_TR_NOOP("实施人签名"), QT_TR_NOOP("患者签名"))
AWAITING = QColor("#b3261e")
WARNING_STYLE = "color: #8a5300;"
SUPERSEDED = QColor("#8a8f98")
DEFAULT_MINUTES = 30


class SheetModel(RowsModel[SheetRow]):
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
            return AWAITING if row.patient_signer is None or row.therapist_signature is None else None
        if role == Qt.ItemDataRole.FontRole and row.superseded:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.superseded:
            return tr("已被更正版本取代")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2 and row.parameters:
            return row.parameters
        return None

    @staticmethod
    def _text(row: SheetRow, column: int) -> str:
        if column == 0:
            return str(row.day)
        if column == 1:
            return row.time_range
        if column == 2:
            return row.item_name + (tr("（超核准次数）") if row.over_approved_count else "") + (
                f" · {row.parameters}" if row.parameters else "")
        if column == 3:
            return str(row.count)
        if column == 4:
            return row.therapist
        if row.superseded:
            return tr("已更正")
        if column == 5:
            return row.therapist_signed or tr("待签名")
        return row.patient_signed or tr("待签名")


class ExecutionSheetPage(CasePage):
    """``load(case_id)`` shows a case; ``changed`` tells the window to refresh its lists."""

    READS = CASE_BASICS | {"treatment_session", "prescription", "treatment_plan", "plan_item",
                               "inpatient_leave", "attachment"}

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(runner, user, parent)
        self.patient_name = ""

        self.item = QComboBox()
        self.item.setObjectName("sessionItem")
        # A long prescription line must not widen the page past the case list beside it.
        self.item.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item.setMinimumContentsLength(16)
        self.count = QSpinBox()
        self.count.setRange(1, 20)
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        # The session's parameters (minutes, intensity, body part, reaction), all optional.
        self.params = ParameterFields("session_")
        self.several_button = QPushButton(tr("记录多项…"))
        self.several_button.setObjectName("recordSeveral")
        self.several_button.setToolTip(tr("同一患者的多个处方项目一次记录（全部记录或全不记录）"))
        self.several_button.clicked.connect(self.open_several)
        self.several_button.setEnabled(permitted(user.role, "session.record", "draft"))
        self.several_dialog: SeveralSessionsDialog | None = None
        self.items: list[PrescribedItem] = []
        self.record_button = QPushButton(tr("记录"))
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(permitted(user.role, "session.record", "draft"))
        # 实施人签名 in the same step: the therapist recording signs with their password.
        self.sign_on_record = QCheckBox(tr("记录时签名"))
        self.sign_on_record.setObjectName("signOnRecord")
        self.sign_on_record.setToolTip(tr("实施人以本人密码签署所记录的治疗"))
        self.record_password = password_field(tr("本人密码"))
        self.record_password.setObjectName("recordPassword")
        self.record_password.setMaximumWidth(160)
        self.record_password.setEnabled(False)
        self.sign_on_record.toggled.connect(self.record_password.setEnabled)
        self.record_password.returnPressed.connect(self.record)  # type, then Enter records
        can_sign = permitted(user.role, "record.sign", "draft")
        self.sign_on_record.setEnabled(can_sign)
        # A day away from the ward: no session, and not an idle bed day (挂床).
        self.leave_button = QPushButton(tr("请假…"))
        self.leave_button.setObjectName("recordLeave")
        self.leave_button.clicked.connect(self.record_leave)
        self.leave_button.setEnabled(permitted(user.role, "session.record", "draft"))
        self.leave_dialog: LeaveDialog | None = None
        self.form_error = error_label()
        self.warnings = QLabel()
        self.warnings.setObjectName("sessionWarnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.reason_dialog: QInputDialog | None = None
        self.note = QLabel()
        self.note.setObjectName("sheetNote")

        self.model = SheetModel()
        self.table = rows_view(self.model)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # The item takes what is left, so the patient's signature stays in view beside the list.
        for column, width in enumerate((96, 100, 160, 50, 90, 130, 130)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.sign_mine = QPushButton(tr("实施人签名：今日本人"))
        self.sign_mine.setObjectName("signMine")
        self.sign_mine.setToolTip(tr("以本人密码一次签署今日本人实施、尚未签名的全部记录"))
        self.sign_mine.clicked.connect(self.sign_my_todays_rows)
        self.sign_mine.setEnabled(can_sign)
        # 上级审核签名: the supervising therapist co-signs the day's sessions of their assistants.
        self.cosign_button = QPushButton(tr("审核签名：助理今日记录"))
        self.cosign_button.setObjectName("cosignAssistants")
        self.cosign_button.setToolTip(tr("以本人密码一次审核签署今日所带助理实施、尚未审核的全部记录"))
        self.cosign_button.clicked.connect(self.cosign_assistants_rows)
        self.can_cosign = permitted(user.role, "record.cosign", "draft")
        self.cosign_button.hide()  # shown while sessions await this user's co-signature
        self.awaiting_cosign: list[int] = []
        self.staff_dialog: StaffSignatureDialog | None = None
        self.sign_selected = QPushButton(tr("患者签名：所选记录"))
        self.sign_today = QPushButton(tr("患者签名：今日全部待签"))
        self.sign_selected.clicked.connect(self.sign_selected_rows)
        self.sign_today.clicked.connect(self.sign_todays_rows)
        self.print_button = QPushButton(tr("打印签字页"))
        self.print_button.setToolTip(tr("无签名板时：打印所选（或今日）待签记录，患者在纸上签名"))
        self.print_button.clicked.connect(self.print_signing_page)
        self.scan_button = QPushButton(tr("附签字扫描件…"))
        self.scan_button.setToolTip(tr("患者在打印的签字页上签名后，附其扫描件确认这些记录"))
        self.scan_button.clicked.connect(self.attach_signed_scan)
        can_take = permitted(user.role, "record.patient_sign", "draft")
        for button in (self.sign_selected, self.sign_today, self.print_button, self.scan_button):
            button.setEnabled(can_take)

        item_row = QHBoxLayout()  # the item on a row of its own: its text is long
        item_row.addWidget(QLabel(tr("项目")))
        item_row.addWidget(self.item, 1)
        entry = QHBoxLayout()
        for label, widget in ((tr("次数"), self.count), (tr("开始"), self.start), (tr("结束"), self.end)):
            entry.addWidget(QLabel(label))
            entry.addWidget(widget)
        entry.addStretch(1)
        entry.addWidget(self.record_button)
        entry.addWidget(self.several_button)
        parameters = QHBoxLayout()  # what was done, as noted by the therapist (optional)
        parameters.addWidget(QLabel(tr("参数")))
        for field in self.params.widgets():
            parameters.addWidget(field, 1 if isinstance(field, QLineEdit) else 0)
        therapist_signs = QHBoxLayout()  # 实施人签名: while recording, or the day at once
        therapist_signs.addWidget(self.sign_on_record)
        therapist_signs.addWidget(self.record_password)
        therapist_signs.addStretch(1)
        therapist_signs.addWidget(self.sign_mine)
        therapist_signs.addWidget(self.cosign_button)
        on_pad = QHBoxLayout()  # signing on the pad, then on paper (no pad on this PC)
        on_pad.addWidget(self.leave_button)
        on_pad.addStretch(1)
        on_pad.addWidget(self.sign_selected)
        on_pad.addWidget(self.sign_today)
        on_paper = QHBoxLayout()
        on_paper.addStretch(1)
        on_paper.addWidget(self.print_button)
        on_paper.addWidget(self.scan_button)
        layout = QVBoxLayout(self)
        layout.addLayout(item_row)
        layout.addLayout(entry)
        layout.addLayout(parameters)
        layout.addLayout(therapist_signs)
        layout.addWidget(self.form_error)
        layout.addWidget(self.warnings)
        layout.addWidget(self.note)
        layout.addLayout(on_pad)
        layout.addLayout(on_paper)
        layout.addWidget(self.table, 1)
        # Two actions stay two: from the times Tab reaches 记录 first (Enter records), then
        # 记录多项, the parameters' row below, and the signing below that.
        chain = (self.end, self.record_button, self.several_button, *self.params.widgets(),
                 self.sign_on_record, self.record_password)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.dialog: PatientSignatureDialog | None = None
        self.printed_path: Path | None = None
        self.busy: BusyWork | None = None

    @Slot()
    def record_leave(self) -> LeaveDialog | None:
        if self.case_id is None:
            return None
        case_id = self.case_id
        dialog = opened(self, lambda: LeaveDialog(self._runner, case_id, self))
        if dialog is None:
            return None
        self.leave_dialog = dialog
        self.leave_dialog.accepted.connect(self.changed)
        self.leave_dialog.finished.connect(self.leave_dialog.deleteLater)
        self.leave_dialog.open()
        return self.leave_dialog

    # ----------------------------------------------------------------- loading

    def load(self, case_id: int, patient_name: str,  # type: ignore[override]  # the workspace calls it
             prescription_id: int | None = None) -> None:
        self.case_id = case_id
        self.patient_name = patient_name
        reviewer, today = self._reviewer()
        self.reads.read(partial(self._sheet_read, prescription_id),
                        lambda s: (prescribed_items(s, case_id), sheet(s, case_id, reviewer, today)))

    def _reviewer(self) -> tuple[int | None, date]:
        """Who may co-sign today's sessions of assistants on this page (None: not this user)."""
        return (self._user.user_id if self.can_cosign else None), self._runner.clock.today()

    def _sheet_read(self, prescription_id: int | None,
                    found: tuple[list[PrescribedItem], Sheet]) -> None:
        items, rows = found
        self._fill_items(items, prescription_id)
        self._rows_read(rows)
        self._reset_times()
        set_error(self.form_error, "")
        set_error(self.warnings, "")

    def reload(self) -> None:
        if self.case_id is not None:
            self.reads.read(self._rows_read, sheet, self.case_id, *self._reviewer())

    def _rows_read(self, found: Sheet) -> None:
        self.awaiting_cosign = list(found.awaiting_cosignature)
        self.model.set_rows(list(found.rows))
        self.table.scrollToBottom()
        self._update_note()

    def select_record(self, _record_type: str, session_id: int) -> None:
        """Show one session (a claim gap points at it)."""
        for row, sheet_row in enumerate(self.model.rows):
            if sheet_row.session_id == session_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _fill_items(self, items: list[PrescribedItem], chosen: int | None) -> None:
        self.item.clear()
        self.items = list(items)
        for n, item in enumerate(items):
            self.item.addItem(tr("{item}（{frequency}，已做/处方 {counts}）").format(
                item=item.item_name, frequency=item.frequency, counts=count_text(item.done, item.count)),
                item)
            mark_combo_entry(self.item, n, item.done, item.count)
        mine = [n for n, item in enumerate(items) if item.prescription_id == chosen] or \
               [n for n, item in enumerate(items) if item.assigned_therapist_id == self._user.user_id]
        if mine:
            self.item.setCurrentIndex(mine[0])
        if not items:
            self.item.addItem(tr("（无已签名处方）"), None)

    def _reset_times(self) -> None:
        now = self._runner.clock.now().astimezone(CHINA)
        end = QTime(now.hour, now.minute - now.minute % 5)
        self.end.setTime(end)
        self.start.setTime(end.addSecs(-DEFAULT_MINUTES * 60))

    def _update_note(self) -> None:
        today = self._runner.clock.today()
        waiting_today = awaiting_signature(self.model.rows, today)
        waiting = awaiting_signature(self.model.rows)
        self.note.setText(tr("共 {count} 条；待患者签名 {waiting} 条（今日 {today} 条）").format(
            count=len(self.model.rows), waiting=len(waiting), today=len(waiting_today)))
        self.sign_today.setText(tr("患者签名：今日全部待签（{count}）").format(count=len(waiting_today)))
        mine = awaiting_therapist(self.model.rows, self._user.user_id, today)
        self.sign_mine.setText(tr("实施人签名：今日本人（{count}）").format(count=len(mine)))
        self.cosign_button.setText(tr("审核签名：助理今日记录（{count}）").format(
            count=len(self.awaiting_cosign)))
        self.cosign_button.setVisible(bool(self.awaiting_cosign))

    # ----------------------------------------------------------------- recording

    def _datetime(self, edit: QTimeEdit) -> datetime:
        value = edit.time()
        return china_datetime(self._runner.clock.today(), value.hour(), value.minute())

    @Slot()
    def record(self) -> None:
        item = self.item.currentData()
        if self.case_id is None:
            return
        if not isinstance(item, PrescribedItem):
            set_error(self.form_error, tr("请先由医师开具并签署处方。"))
            return
        inp = SessionInput(national_code=item.national_code, therapist_id=self._user.user_id,
                           started_at=self._datetime(self.start), ended_at=self._datetime(self.end),
                           count=self.count.value(), prescription_id=item.prescription_id,
                           parameters=self.params.value())
        self._record(inp)

    def _record(self, inp: SessionInput) -> None:
        assert self.case_id is not None  # record() returns without a case
        if self.sign_on_record.isChecked():
            self._runner.submit(self, session_signing.record_and_sign, self.case_id, inp,
                                self.record_password.text()).either(partial(self._recorded, inp))
            return
        self._runner.submit(self, treatment.record_session, self.case_id, inp).either(
            partial(self._recorded, inp))

    def _recorded(self, inp: SessionInput, result: Recorded | AppError) -> None:
        if isinstance(result, ValidationFailed):
            if any(f.key == "password" for f in result.errors):
                self.record_password.clear()
                self.record_password.setFocus()
            set_error(self.warnings, "")
            set_error(self.form_error, "\n".join(pick(f.zh, f.en) for f in result.errors))
            blocking = [f for f in result.errors if not f.warning]
            if blocking and all(f.key == REASON_KEY for f in blocking) and not inp.limit_reason:
                self._ask_reason(inp, blocking)
            return
        if failed(result, self):
            return
        set_error(self.form_error, "")
        set_error(self.warnings, "\n".join(pick(w.zh, w.en) for w in result.warnings))
        self.record_password.clear()
        self.count.setValue(1)
        self.params.clear()
        self._refresh()
        self.changed.emit()

    @Slot()
    def open_several(self) -> SeveralSessionsDialog | None:
        """记录多项: the patient's prescribed items in one form, saved all or none."""
        if self.case_id is None:
            return None
        if not self.items:
            set_error(self.form_error, tr("请先由医师开具并签署处方。"))
            return None
        dialog = SeveralSessionsDialog(self._runner, self.case_id, self._user.user_id, self.patient_name,
                                       self.items, self)
        dialog.recorded.connect(self._several_recorded)
        dialog.finished.connect(dialog.deleteLater)
        self.several_dialog = dialog
        dialog.open()
        return dialog

    def _several_recorded(self, result: RecordedSeveral) -> None:
        self.several_dialog = None
        set_error(self.form_error, "")
        set_error(self.warnings, "\n".join(pick(w.zh, w.en) for w in result.warnings))
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        """After recording: the rows and the items' counts again, the item chosen kept and
        the form's messages left as they are."""
        if self.case_id is None:
            return
        case_id = self.case_id
        current = self.item.currentData()
        chosen = current.prescription_id if isinstance(current, PrescribedItem) else None
        reviewer, today = self._reviewer()
        self.reads.read(partial(self._refreshed, chosen),
                        lambda s: (prescribed_items(s, case_id), sheet(s, case_id, reviewer, today)))

    def _refreshed(self, chosen: int | None, found: tuple[list[PrescribedItem], Sheet]) -> None:
        items, rows = found
        self._fill_items(items, chosen)
        self._rows_read(rows)

    def _ask_reason(self, inp: SessionInput, refusals: list[FieldError]) -> None:
        """A beyond-limit session is recorded only with a stated reason: ask for it (the
        dialog does not block, so the page stays responsive) and record again with it."""
        dialog = QInputDialog(self)
        dialog.setObjectName("limitReasonDialog")
        dialog.setWindowTitle(tr("说明超限原因"))
        dialog.setLabelText("\n".join([*(pick(f.zh, f.en) for f in refusals), "",
                                        tr("请说明原因后记录（该次治疗将标记超限，不由工伤保险基金支付）：")]))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setOkButtonText(tr("说明原因并记录"))
        dialog.setCancelButtonText(tr("不记录"))

        def answered(text: str) -> None:
            self.reason_dialog = None
            if text.strip():
                self._record(replace(inp, limit_reason=text.strip()))

        dialog.textValueSelected.connect(answered)
        dialog.rejected.connect(lambda: setattr(self, "reason_dialog", None))
        self.reason_dialog = dialog
        dialog.open()

    # ----------------------------------------------------------------- signing

    @Slot()
    def sign_my_todays_rows(self) -> None:
        """实施人签名: one password signature over today's sessions of this case that the
        signed-in therapist performed and has not signed."""
        self._sign_as_staff(
            awaiting_therapist(self.model.rows, self._user.user_id, self._runner.clock.today()),
            Meaning.THERAPIST_SIGNS, UserError("今日没有待您签名的治疗记录。",
                                               "No session of yours awaits your signature today."))

    @Slot()
    def cosign_assistants_rows(self) -> None:
        """上级审核签名: one password co-signature over today's sessions of this case that
        the assistants the signed-in therapist supervises performed and nobody co-signed."""
        self._sign_as_staff(self.awaiting_cosign, Meaning.REVIEWER_COSIGNS,
                            UserError("今日没有待您审核签名的助理治疗记录。",
                                      "No assistant's session awaits your co-signature today."))

    def _sign_as_staff(self, ids: list[int], meaning: str, nothing: UserError) -> None:
        """Show the sessions and sign them with the signed-in user's password (the dialog
        signs exactly the records it shows); the sheet is read again once signed."""
        if not ids:
            show_error(self, nothing)
            return
        self.staff_dialog = open_staff_signature(
            self, self._runner, self._user, [("treatment_session", i) for i in ids],
            meaning, self._staff_signed)

    def _staff_signed(self, _signature_id: int) -> None:
        self.staff_dialog = None
        self.reload()
        self.changed.emit()

    def selected_session_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].session_id for r in rows
                if self.model.rows[r].patient_signer is None and not self.model.rows[r].superseded]

    @Slot()
    def sign_selected_rows(self) -> None:
        self._ask_patient(self.selected_session_ids())

    @Slot()
    def sign_todays_rows(self) -> None:
        self._ask_patient(awaiting_signature(self.model.rows, self._runner.clock.today()))

    def paper_session_ids(self) -> list[int]:
        """What the signing page holds: the selected rows awaiting signature, else today's."""
        return self.selected_session_ids() or awaiting_signature(self.model.rows,
                                                                 self._runner.clock.today())

    @Slot()
    def print_signing_page(self) -> None:
        """Issue the signing page off the UI thread, then open it to print."""
        ids = self.paper_session_ids()
        if not ids:
            self._nothing_to_sign()
            return
        work = self._runner.job(paper_signing.print_signing_sheet, ids)
        self.busy = BusyWork(self, tr("正在生成签字页…"), work, self._printed).start()

    def _printed(self, issued: IssuedPdf) -> None:
        if self.case_id is None:
            return
        name = case_folder_name(self._runner, self.case_id, "患者签字页", self._runner.clock.today(),
                                fallback=issued.doc_id, suffix=".pdf")  # 张三_GS…_患者签字页_日期.pdf
        self.printed_path = open_pdf(self, issued.pdf, name)

    @Slot()
    def attach_signed_scan(self) -> None:
        self._ask_patient(self.paper_session_ids(), paper=True)

    def _nothing_to_sign(self) -> None:
        show_error(self, UserError("没有待患者签名的记录（已签名或已更正的记录不再签名）。",
                                   "Nothing awaits the patient's signature here."))

    def _ask_patient(self, session_ids: list[int], *, paper: bool = False) -> None:
        if not session_ids:
            self._nothing_to_sign()
            return
        summary = self._runner.read(bedside.sessions_to_sign, session_ids,
                                    signing_at=self._runner.clock.now())
        if failed(summary, self):
            return
        lines = summary.lines
        if paper:  # the record numbers printed on the page
            lines = tuple(f"#{record_id}　{line}"
                          for (_, record_id), line in zip(summary.records, lines, strict=True))
        self.dialog = open_patient_signature(
            self, self._runner, summary.records, "patient_confirms_sessions", lines,
            heading=summary.heading, patient_name=summary.patient_name, on_signed=self._signed,
            paper=paper, late=[pick(late.zh, late.en) for late in summary.late])

    def _signed(self) -> None:
        self.dialog = None
        self.reload()
        self.changed.emit()

