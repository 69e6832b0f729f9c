"""The records officer's claim page of a case: choose the period, see the completeness
gate (each gap opens the record to fix), build the claim, freeze it, correct it, preview
its cover sheet and fee list, export it as a package (optionally signed).

The gate is the services' (``claim_gate``): this page shows it before building, and the
build refuses the same gaps whatever the page shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.documents.money import yuan
from desktop_app.domain import claim_states
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError
from desktop_app.services.admin.institution_certificate import PdfSigner
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claim_export, claim_gate, claims
from desktop_app.services.claims.claim_gate import DISCHARGE, ClaimBlocked, Gap, GateReport
from desktop_app.services.claims.claim_list_view import (
    ClaimRow,
    TermsFacts,
    claim_rows,
    claimable_periods,
    terms_facts,
)
from desktop_app.ui.claims.case_terms_dialog import CourseEndDialog, PaymentTermsDialog
from desktop_app.ui.claims.late_signature_dialog import AcknowledgeLateDialog
from desktop_app.ui.kit.background import Work
from desktop_app.ui.kit.busy import BusyWork
from desktop_app.ui.kit.forms import record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.runner import PageReads, Runner, failed, opened
from desktop_app.ui.records.package_export import ExportDialog, case_folder_name

FROZEN = claim_states.FROZEN
GAP_HEADERS = (QT_TR_NOOP("级别"), QT_TR_NOOP("问题"), QT_TR_NOOP("依据"))
CLAIM_HEADERS = (QT_TR_NOOP("申报号"), QT_TR_NOOP("期间"), QT_TR_NOOP("版本"), QT_TR_NOOP("状态"),
                 QT_TR_NOOP("费用合计"), QT_TR_NOOP("基金支付"), QT_TR_NOOP("生成时间"))
CLAIM_STATUS = {"draft": QT_TR_NOOP("草稿"), "final": QT_TR_NOOP("已确认"), "exported": QT_TR_NOOP("已导出")}
BLOCKING, WARNING = QColor("#b3261e"), QColor("#8a5300")


def gap_level(blocking: bool) -> str:
    return tr("阻断") if blocking else tr("提示")


def gap_basis(gap: Gap, short: bool = False) -> str:
    """The gap's articles; ``short``: the documents named short, for the table's column."""
    zh = gap.basis_short_zh if short and gap.basis_short_zh else gap.basis_zh
    return pick(zh, gap.basis_en or zh)


def gap_line(gap: Gap) -> str:
    """One gap on one line: level, problem and its basis, in the interface's language."""
    return tr("{level}：{problem}　{basis}").format(
        level=gap_level(gap.blocking), problem=pick(gap.zh, gap.en), basis=gap_basis(gap)).rstrip()


def period_label(period: str) -> str:
    return tr("出院结算") if period == DISCHARGE else period


class ClaimsPage(QWidget):
    changed = Signal()
    open_record = Signal(str, int)  # a gap's record, to fix it

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.case_id: int | None = None
        # Background reads: the periods, the gate for the chosen period, the claims, the terms.
        self.reads = PageReads(runner, self)
        self.gate_reads = PageReads(runner, self)
        self.claim_reads = PageReads(runner, self)
        self.terms_reads = PageReads(runner, self)
        self.gaps: list[Gap] = []
        self.report: GateReport | None = None
        self.claims: list[ClaimRow] = []
        self.period = QComboBox()
        self.period.setObjectName("claimPeriod")
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.currentIndexChanged.connect(lambda _i: self.check())
        self.verdict = QLabel()
        self.verdict.setObjectName("gateVerdict")
        self.verdict.setWordWrap(True)
        self.gap_table = record_table(tuple(headers(GAP_HEADERS)), (50, 460))
        self.gap_table.setWordWrap(True)
        self.gap_table.activated.connect(self._gap_activated)
        self.claim_table = record_table(tuple(headers(CLAIM_HEADERS)), (60, 110, 40, 60, 90, 90))
        self.claim_table.itemSelectionChanged.connect(self._claim_selected)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        allowed = {action: permitted(user.role, action, "draft")
                   for action in ("claim.build", "claim.finalize", "claim.correct", "claim.export")}
        self.build_button = QPushButton(tr("生成申报"))
        self.acknowledge_button = QPushButton(tr("确认延迟签名…"))
        self.acknowledge_button.setToolTip(tr("延迟签名须由病案人员说明原因并确认后，方可生成申报"))
        self.acknowledge_button.clicked.connect(self.acknowledge_late)
        self.acknowledge_button.setEnabled(False)
        self._may_build = allowed["claim.build"]
        self.finalize_button = QPushButton(tr("确认并冻结…"))
        self.correct_button = QPushButton(tr("更正…"))
        self.preview_button = QPushButton(tr("预览"))
        self.export_button = QPushButton(tr("导出…"))
        self.terms_button = QPushButton(tr("支付标准…"))
        self.course_end_button = QPushButton(tr("康复结束/补助金…"))
        self.terms_button.clicked.connect(self.edit_terms)
        self.course_end_button.clicked.connect(self.edit_course_end)
        self.terms_button.setEnabled(permitted(user.role, "case.record_approval", "draft"))
        self.course_end_button.setEnabled(permitted(user.role, "case.discharge", "draft")
                                          or permitted(user.role, "case.record_approval", "draft"))
        self.terms_label = QLabel()
        self.terms_label.setObjectName("paymentTerms")
        self.terms_label.setWordWrap(True)
        self.dialog: PaymentTermsDialog | CourseEndDialog | AcknowledgeLateDialog | None = None
        self.build_button.clicked.connect(self.build)
        self.finalize_button.clicked.connect(self.finalize)
        self.correct_button.clicked.connect(self.correct)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self.export)
        self.build_button.setEnabled(allowed["claim.build"])
        self._may_finalize = allowed["claim.finalize"]
        self._may_correct = allowed["claim.correct"]
        self._may_export = allowed["claim.export"]
        self.preview_path: Path | None = None
        self._preview_name = ""
        self.busy: BusyWork | None = None
        self.export_dialog: ExportDialog | None = None

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("结算期间")))
        top.addWidget(self.period)
        top.addWidget(self.build_button)
        top.addStretch()
        top.addWidget(self.terms_button)
        top.addWidget(self.course_end_button)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(tr("结算申报")))
        buttons.addStretch()
        buttons.addWidget(self.finalize_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.terms_label)
        verdict_row = QHBoxLayout()  # the gate's verdict, and the acknowledgement it may ask for
        verdict_row.addWidget(self.verdict, 1)
        verdict_row.addWidget(self.acknowledge_button)
        layout.addLayout(verdict_row)
        layout.addWidget(self.gap_table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.claim_table, 2)
        layout.addWidget(self.detail)
        self._claim_selected()

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.reads.read(self._periods_read, claimable_periods, case_id, self._runner.clock.today())

    def _periods_read(self, periods: list[str]) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        for period in periods:
            self.period.addItem(period_label(period), period)
        self.period.blockSignals(False)
        self.check()
        self._show_claims()
        self._show_terms()

    def _show_terms(self) -> None:
        """The case's pack and payment terms, as a claim would record them."""
        if self.case_id is None:
            return
        self.terms_reads.read(self._terms_read, terms_facts, self.case_id, self._runner.clock.today())

    def _terms_read(self, facts: TermsFacts) -> None:
        self.terms_label.setText(tr("适用规则：{pack}　支付标准：{terms}").format(
            pack=pick(*facts.pack_label), terms=pick(facts.zh, facts.en)))

    @Slot()
    def edit_terms(self) -> PaymentTermsDialog | None:
        if self.case_id is None:
            return None
        case_id = self.case_id
        dialog = opened(self, lambda: PaymentTermsDialog(self._runner, case_id, self))
        if dialog is None:
            return None
        self.dialog = dialog
        self.dialog.accepted.connect(self._facts_changed)
        self.dialog.open()
        return self.dialog

    @Slot()
    def edit_course_end(self) -> CourseEndDialog | None:
        if self.case_id is None:
            return None
        case_id = self.case_id
        dialog = opened(self, lambda: CourseEndDialog(self._runner, case_id, self))
        if dialog is None:
            return None
        self.dialog = dialog
        self.dialog.accepted.connect(self._facts_changed)
        self.dialog.open()
        return self.dialog

    @Slot()
    def _facts_changed(self) -> None:
        self._show_terms()
        self.check()
        self.changed.emit()

    # ----------------------------------------------------------------- the gate

    @Slot()
    def check(self) -> None:
        period = self.period.currentData()
        if self.case_id is None or period is None:
            self.report = None
            self._show_gaps([], tr("该病例尚无可结算的期间。"))
            return
        self.gate_reads.read(self._gate_read, claim_gate.report, self.case_id, period,
                             self._runner.clock.today())

    def _gate_read(self, report: GateReport) -> None:
        self.report = report
        if not report.ok:
            verdict = tr("有 {count} 项阻断问题，须先补齐。").format(count=len(report.blocking))
        elif report.unacknowledged:
            verdict = tr("有延迟签名待病案人员说明原因并确认，确认后方可生成申报。")
        else:
            verdict = tr("档案完整，可以生成申报。")
        self._show_gaps(list(report.gaps), verdict)

    def _show_gaps(self, gaps: list[Gap], verdict: str) -> None:
        self.gaps = gaps
        waiting = any(g.needs_acknowledgement for g in gaps)
        self.acknowledge_button.setEnabled(self._may_build and waiting)
        blocked = any(g.blocking for g in gaps) or waiting
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(f"color: {BLOCKING.name() if blocked else '#1b5e20'};")
        self.gap_table.setRowCount(len(gaps))
        for row, gap in enumerate(gaps):
            colour = QBrush(BLOCKING if gap.blocking else WARNING)
            level = tr("待确认") if gap.needs_acknowledgement else gap_level(gap.blocking)
            for column, text in enumerate((level, pick(gap.zh, gap.en),
                                           gap_basis(gap, short=True))):
                item = QTableWidgetItem(text)
                item.setForeground(colour)
                whole = gap_basis(gap) if column == 2 else text
                item.setToolTip(tr("{text}\n双击打开该记录").format(text=whole))
                self.gap_table.setItem(row, column, item)
        self.gap_table.resizeRowsToContents()

    @Slot()
    def acknowledge_late(self) -> AcknowledgeLateDialog | None:
        """The records officer states why the late signatures the gate lists are accepted."""
        period = self.period.currentData()
        waiting = [g for g in self.gaps if g.needs_acknowledgement]
        if self.case_id is None or period is None or not waiting:
            return None
        dialog = AcknowledgeLateDialog(self._runner, self.case_id, period, waiting, self)
        self.dialog = dialog
        dialog.accepted.connect(self._facts_changed)
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _gap_activated(self, index: QModelIndex) -> None:
        gap = self.gaps[index.row()]
        self.open_record.emit(gap.record_type, gap.record_id)

    # ----------------------------------------------------------------- claims

    def _show_claims(self) -> None:
        if self.case_id is None:
            return
        self.claim_reads.read(self._claims_read, claim_rows, self.case_id)

    def _claims_read(self, found: list[ClaimRow]) -> None:
        self.claims = found
        self.claim_table.setRowCount(len(self.claims))
        for row, claim in enumerate(self.claims):
            texts = (f"#{claim.claim_id}", period_label(claim.period), str(claim.version_no),
                     tr(CLAIM_STATUS.get(claim.status, claim.status)), f"¥{yuan(claim.total)}",
                     f"¥{yuan(claim.fund)}", f"{claim.created_at.astimezone(CHINA):%Y-%m-%d %H:%M}")
            for column, text in enumerate(texts):
                self.claim_table.setItem(row, column, QTableWidgetItem(text))
        self._claim_selected()

    def selected_claim(self) -> ClaimRow | None:
        index = selected_index(self.claim_table, len(self.claims))
        return self.claims[index] if index is not None else None

    @Slot()
    def _claim_selected(self) -> None:
        claim = self.selected_claim()
        self.finalize_button.setEnabled(self._may_finalize and claim is not None
                                        and claim.status == "draft")
        self.correct_button.setEnabled(self._may_correct and claim is not None
                                       and claim.status != "draft")
        self.export_button.setEnabled(self._may_export and claim is not None and claim.status in FROZEN)
        # A draft previews too, under a DRAFT watermark (claim_export.draft_preview).
        self.preview_button.setEnabled(self._may_export and claim is not None)
        if claim is None:
            self.detail.setText("")
            return
        seal = (tr("冻结校验值 {sha}").format(sha=claim.frozen_sha256) if claim.frozen_sha256
                else tr("草稿：尚未冻结"))
        replaces = tr("；更正 #{claim}").format(claim=claim.supersedes_id) if claim.supersedes_id else ""
        self.detail.setText(tr("申报 #{claim}{replaces}　合计 ¥{total}，基金支付 ¥{fund}　{seal}").format(
            claim=claim.claim_id, replaces=replaces, total=yuan(claim.total), fund=yuan(claim.fund),
            seal=seal))

    def _after_write(self, result: object) -> bool:
        if isinstance(result, ClaimBlocked):
            self._show_gaps(list(result.report.gaps), pick(result.zh, result.en))
        if failed(result, self):
            return False
        self.check()
        self._show_claims()
        self.changed.emit()
        return True

    @Slot()
    def build(self) -> None:
        period = self.period.currentData()
        if self.case_id is None or period is None:
            return
        self._runner.submit(self, claims.build_claim, self.case_id, period).either(self._built)

    def _built(self, result: int | AppError) -> None:
        if self._after_write(result):
            self.claim_reads.after_shown(lambda: self.claim_table.selectRow(0))  # the new claim

    @Slot()
    def finalize(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        answer = QMessageBox.question(
            self, tr("确认结算申报"),
            tr("确认后申报 #{claim}（合计 ¥{total}）将被冻结，不能再修改，只能更正。是否确认？").format(
                claim=claim.claim_id, total=yuan(claim.total)))
        if answer == QMessageBox.StandardButton.Yes:
            self._runner.submit(self, claims.finalize_claim, claim.claim_id).either(self._after_write)

    @Slot()
    def correct(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        reason, ok = QInputDialog.getText(self, tr("更正结算申报"), tr("更正原因："))
        if ok:
            self._runner.submit(self, claims.correct_claim, claim.claim_id, reason).either(
                self._after_write)

    # ----------------------------------------------------------------- preview and export

    @Slot()
    def preview(self) -> None:
        """Build the cover sheet and fee list off the UI thread (a background job with a
        progress dialog and Cancel), then open the system viewer. A draft's preview is
        watermarked 草稿 DRAFT on every page and its file name says so."""
        claim = self.selected_claim()
        if claim is None or self.case_id is None:
            return
        draft = claim.status not in FROZEN
        # 张三_GS2026-0012_结算申报_2026-04_第1版_草稿预览.pdf
        self._preview_name = case_folder_name(
            self._runner, self.case_id, tr("结算申报"), period_label(claim.period),
            tr("第{version}版").format(version=claim.version_no), tr("草稿预览") if draft else tr("预览"),
            suffix=".pdf")
        work = self._runner.progress_job(claim_export.preview_claim, claim.claim_id)
        label = tr("正在生成草稿预览（带“草稿”水印）…") if draft else tr("正在生成预览…")
        self.busy = BusyWork(self, label, work, self._previewed).start()

    def _previewed(self, pdf: bytes) -> None:
        self.preview_path = open_pdf(self, pdf, self._preview_name)

    @Slot()
    def export(self) -> ExportDialog | None:
        """The export dialog for the selected frozen claim (folder, signing, progress)."""
        claim = self.selected_claim()
        if claim is None:
            return None
        runner, claim_id = self._runner, claim.claim_id
        # Delivered in 张三_GS2026-0012_结算申报_2026-04/ (the package inside keeps its name).
        folder = (case_folder_name(runner, self.case_id, tr("结算申报"), period_label(claim.period))
                  if self.case_id is not None else "")

        def start(out_dir: Path, sign: PdfSigner | None) -> Work:
            return runner.progress_job(claim_export.export_claim, claim_id, out_dir / folder, sign=sign)

        def describe(result: claim_export.PackageResult) -> str:
            signed = tr("，PDF 已加数字签名") if result.signed else ""
            return tr("已写入：{folder}\n{zip}\n{documents} 份 PDF，{data} 个数据文件{signed}").format(
                folder=result.folder, zip=result.zip_path, documents=len(result.documents),
                data=len(result.data_files), signed=signed)

        dialog = ExportDialog(
            runner, tr("导出结算申报"),
            tr("申报 #{claim}（{period}，第 {version} 版，合计 ¥{total}）导出为完整性校验包（文件夹和 zip）："
               "结算申报表、费用清单、执行单、治疗方案与数据文件。").format(
                claim=claim.claim_id, period=period_label(claim.period), version=claim.version_no,
                total=yuan(claim.total)), start, describe, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _exported(self, _result: object) -> None:
        self._show_claims()
        self.changed.emit()
