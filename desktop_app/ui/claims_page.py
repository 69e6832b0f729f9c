"""The records officer's claim page of a case: choose the period, see the completeness
gate (each gap opens the record to fix), build the claim, freeze it, correct it, preview
its cover sheet and fee list, export it as a package (optionally signed).

The gate is the services' (``claim_gate``): this page shows it before building, and the
build refuses the same gaps whatever the page shows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
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
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.domain.permissions import permitted
from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.services import claim_export, claim_gate, claims
from desktop_app.services.claim_gate import DISCHARGE, ClaimBlocked, Gap
from desktop_app.services.claim_list import ClaimRow, claim_rows, claimable_periods
from desktop_app.services.institution_certificate import PdfSigner
from desktop_app.services.progress import Progress
from desktop_app.services.sign_in import SignedIn
from desktop_app.services.uow import UnitOfWork
from desktop_app.ui.background import Work
from desktop_app.ui.forms import record_table, selected_index
from desktop_app.ui.messages import show_error
from desktop_app.ui.package_export import ExportDialog
from desktop_app.ui.runner import Runner, failed

FROZEN = ("final", "exported")
GAP_HEADERS = ("级别", "问题", "依据")
CLAIM_HEADERS = ("申报号", "期间", "版本", "状态", "费用合计", "基金支付", "生成时间")
STATUS_ZH = {"draft": "草稿", "final": "已确认", "exported": "已导出"}
BLOCKING, WARNING = QColor("#b3261e"), QColor("#8a5300")


def period_label(period: str) -> str:
    return "出院结算" if period == DISCHARGE else period


class ClaimsPage(QWidget):
    changed = Signal()
    open_record = Signal(str, int)  # a gap's record, to fix it

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.case_id: int | None = None
        self.gaps: list[Gap] = []
        self.claims: list[ClaimRow] = []
        self.period = QComboBox()
        self.period.setObjectName("claimPeriod")
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.currentIndexChanged.connect(lambda _i: self.check())
        self.verdict = QLabel()
        self.verdict.setObjectName("gateVerdict")
        self.verdict.setWordWrap(True)
        self.gap_table = record_table(GAP_HEADERS, (50, 460))
        self.gap_table.setWordWrap(True)
        self.gap_table.activated.connect(self._gap_activated)
        self.claim_table = record_table(CLAIM_HEADERS, (60, 110, 40, 60, 90, 90))
        self.claim_table.itemSelectionChanged.connect(self._claim_selected)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        allowed = {action: permitted(user.role, action, "draft")
                   for action in ("claim.build", "claim.finalize", "claim.correct", "claim.export")}
        self.build_button = QPushButton("生成申报 Build")
        self.finalize_button = QPushButton("确认并冻结 Finalize…")
        self.correct_button = QPushButton("更正 Correct…")
        self.preview_button = QPushButton("预览 Preview")
        self.export_button = QPushButton("导出… Export…")
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
        self.export_dialog: ExportDialog | None = None

        top = QHBoxLayout()
        top.addWidget(QLabel("结算期间"))
        top.addWidget(self.period)
        top.addWidget(self.build_button)
        top.addStretch()
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("结算申报"))
        buttons.addStretch()
        buttons.addWidget(self.finalize_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.gap_table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.claim_table, 2)
        layout.addWidget(self.detail)
        self._claim_selected()

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        with Session(self._runner.engine) as session:
            periods = claimable_periods(session, case_id, self._runner.clock.today())
        self.period.blockSignals(True)
        self.period.clear()
        for period in periods:
            self.period.addItem(period_label(period), period)
        self.period.blockSignals(False)
        self.check()
        self._show_claims()

    # ----------------------------------------------------------------- the gate

    @Slot()
    def check(self) -> None:
        period = self.period.currentData()
        if self.case_id is None or period is None:
            self._show_gaps([], "该病例尚无可结算的期间。/ Nothing to claim yet.")
            return
        with Session(self._runner.engine) as session:
            report = claim_gate.report(session, self.case_id, period, self._runner.clock.today())
        verdict = ("档案完整，可以生成申报。/ Complete: the claim can be built." if report.ok else
                   f"有 {len(report.blocking)} 项阻断问题，须先补齐。/ "
                   f"{len(report.blocking)} blocking gap(s) to fix first.")
        self._show_gaps(list(report.gaps), verdict)

    def _show_gaps(self, gaps: list[Gap], verdict: str) -> None:
        self.gaps = gaps
        blocked = any(g.blocking for g in gaps)
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(f"color: {BLOCKING.name() if blocked else '#1b5e20'};")
        self.gap_table.setRowCount(len(gaps))
        for row, gap in enumerate(gaps):
            colour = QBrush(BLOCKING if gap.blocking else WARNING)
            for column, text in enumerate(("阻断" if gap.blocking else "提示",
                                           f"{gap.zh} / {gap.en}", gap.basis_zh)):
                item = QTableWidgetItem(text)
                item.setForeground(colour)
                item.setToolTip(f"{text}\n双击打开该记录 / double-click to open the record")
                self.gap_table.setItem(row, column, item)
        self.gap_table.resizeRowsToContents()

    @Slot(QModelIndex)
    def _gap_activated(self, index: QModelIndex) -> None:
        gap = self.gaps[index.row()]
        self.open_record.emit(gap.record_type, gap.record_id)

    # ----------------------------------------------------------------- claims

    def _show_claims(self) -> None:
        if self.case_id is None:
            return
        with Session(self._runner.engine) as session:
            self.claims = claim_rows(session, self.case_id)
        self.claim_table.setRowCount(len(self.claims))
        for row, claim in enumerate(self.claims):
            texts = (f"#{claim.claim_id}", period_label(claim.period), str(claim.version_no),
                     STATUS_ZH.get(claim.status, claim.status), f"¥{claim.total}",
                     f"¥{claim.fund}", f"{claim.created_at.astimezone(CHINA):%Y-%m-%d %H:%M}")
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
        for button in (self.preview_button, self.export_button):
            button.setEnabled(self._may_export and claim is not None and claim.status in FROZEN)
        if claim is None:
            self.detail.setText("")
            return
        seal = f"冻结哈希 SHA-256 {claim.frozen_sha256}" if claim.frozen_sha256 else "草稿：尚未冻结"
        replaces = f"；更正 #{claim.supersedes_id}" if claim.supersedes_id else ""
        self.detail.setText(f"申报 #{claim.claim_id}{replaces}　合计 ¥{claim.total}，"
                            f"基金支付 ¥{claim.fund}　{seal}")

    def _after_write(self, result: object) -> bool:
        if isinstance(result, ClaimBlocked):
            self._show_gaps(list(result.report.gaps), result.zh)
        if failed(self, result):
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
        if self._after_write(self._runner.run(claims.build_claim, self.case_id, period)):
            self.claim_table.selectRow(0)

    @Slot()
    def finalize(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        answer = QMessageBox.question(
            self, "确认结算申报", f"确认后申报 #{claim.claim_id}（合计 ¥{claim.total}）将被冻结，"
            "不能再修改，只能更正。是否确认？\nOnce final, the claim is frozen; it can only be "
            "corrected by a new version.")
        if answer == QMessageBox.StandardButton.Yes:
            self._after_write(self._runner.run(claims.finalize_claim, claim.claim_id))

    @Slot()
    def correct(self) -> None:
        claim = self.selected_claim()
        if claim is None:
            return
        reason, ok = QInputDialog.getText(self, "更正结算申报", "更正原因 / reason:")
        if ok:
            self._after_write(self._runner.run(claims.correct_claim, claim.claim_id, reason))

    # ----------------------------------------------------------------- preview and export

    @Slot()
    def preview(self) -> Path | None:
        """Build the cover sheet and fee list to a temporary file and open the system viewer."""
        claim = self.selected_claim()
        if claim is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._runner.run(claim_export.preview_claim, claim.claim_id)
        finally:
            QApplication.restoreOverrideCursor()
        if failed(self, result):
            return None
        assert isinstance(result, bytes)
        folder = Path(tempfile.mkdtemp(prefix="rehab-preview-"))
        path = folder / f"claim-{claim.claim_id}-V{claim.version_no}-preview.pdf"
        try:
            path.write_bytes(result)
        except OSError as error:
            show_error(self, EnvironmentProblem(f"无法写入预览文件：{error}",
                                                             f"Cannot write the preview: {error}"))
            return None
        self.preview_path = path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_error(self, UserError(
                f"没有可打开 PDF 的程序；预览文件在 {path}",
                f"No program opens PDFs here; the preview is at {path}"), "预览 Preview")
        return path

    @Slot()
    def export(self) -> ExportDialog | None:
        """The export dialog for the selected frozen claim (folder, signing, progress)."""
        claim = self.selected_claim()
        if claim is None:
            return None
        runner, claim_id = self._runner, claim.claim_id

        def start(out_dir: Path, sign: PdfSigner | None) -> Work:
            def work(progress: Progress) -> claim_export.PackageResult:
                with UnitOfWork(runner.engine, clock=runner.clock, actor_id=runner.actor_id) as uow:
                    return claim_export.export_claim(uow, claim_id, out_dir, sign=sign,
                                                     progress=progress)
            return work

        def describe(result: claim_export.PackageResult) -> str:
            signed = "，PDF 已签署 / PDFs signed" if result.signed else ""
            return (f"已写入 Written: {result.folder}\n{result.zip_path}\n"
                    f"{len(result.documents)} 份 PDF，{len(result.data_files)} 个数据文件{signed}")

        dialog = ExportDialog(
            runner, "导出结算申报 Export the claim",
            f"申报 #{claim.claim_id}（{period_label(claim.period)}，第 {claim.version_no} 版，合计 "
            f"¥{claim.total}）导出为 BagIt 文件夹和 zip：结算申报表、费用清单、执行单、治疗方案与数据文件。"
            "\nThe claim as a BagIt folder and zip: cover sheet, fee list, execution sheet, plans, "
            "data files.", start, describe, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _exported(self, _result: object) -> None:
        self._show_claims()
        self.changed.emit()
