"""月度结算 Monthly claims: choose a month, see every case with sessions or charges in it
and its completeness gate, then build the claims of all ready cases, freeze the drafts and
export the frozen ones (one package each) — each step off the UI thread with progress.

The list is ``services/claims_month.month_cases``; the batch actions are the same module's,
one unit of work per case, so Cancel stops between cases and what was done stays. A case
with blocking gaps is listed with them and is never built; double-clicking a case opens it
(its claim page shows the gaps with the records to fix).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.money import yuan
from desktop_app.domain.file_names import human_name
from desktop_app.domain.permissions import permitted
from desktop_app.errors import AppError
from desktop_app.services.admin.institution_certificate import PdfSigner
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claims_month
from desktop_app.services.claims.claims_month import MonthCase, Outcome
from desktop_app.services.core.progress import Progress
from desktop_app.ui.claims.claims_page import CLAIM_STATUS, gap_line
from desktop_app.ui.claims.monthly_summary_dialog import MonthlySummaryDialog
from desktop_app.ui.kit.background import BackgroundJob, Work
from desktop_app.ui.kit.forms import record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.labels import STATUS
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.runner import Runner, failed
from desktop_app.ui.records.package_export import ExportDialog, stage_text

HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("患者"), QT_TR_NOOP("病例状态"), QT_TR_NOOP("治疗"),
           QT_TR_NOOP("其他费用"), QT_TR_NOOP("本月申报"), QT_TR_NOOP("申报总额"), QT_TR_NOOP("基金支付"),
           QT_TR_NOOP("待申报费用"), QT_TR_NOOP("档案完整性"))
GATE_COLUMN = 9
MONEY_COLUMNS = (6, 7, 8)
STATE = {claims_month.BLOCKED: QT_TR_NOOP("有阻断问题"), claims_month.READY: QT_TR_NOOP("可生成"),
         claims_month.DRAFT: QT_TR_NOOP("草稿待确认"), claims_month.FINAL: QT_TR_NOOP("已确认待导出"),
         claims_month.EXPORTED: QT_TR_NOOP("已导出"),
         claims_month.LATE: QT_TR_NOOP("已确认；有新费用须更正"),
         claims_month.NOTHING: QT_TR_NOOP("无未申报费用")}
EXPORTED = QT_TR_NOOP("已导出 {count} 个")
BLOCKED_COLOUR, OK_COLOUR, NOTE_COLOUR = QColor("#b3261e"), QColor("#1b5e20"), QColor("#8a5300")


def gate_text(case: MonthCase) -> str:
    if case.blocking:
        return tr("{count} 项阻断：{first}").format(count=len(case.blocking),
                                                 first=pick(case.blocking[0].zh, case.blocking[0].en))
    if case.state in (claims_month.READY, claims_month.DRAFT):
        return (tr("完整（{count} 项提示）").format(count=len(case.gaps)) if case.gaps
                else tr("完整"))
    return tr(STATE[case.state])


def claim_text(case: MonthCase) -> str:
    if case.claim is None:
        return "—"
    claim = case.claim
    return tr("#{claim} 第{version}版 {status}").format(
        claim=claim.claim_id, version=claim.version_no,
        status=tr(CLAIM_STATUS.get(claim.status, claim.status)))


def outcome_text(outcomes: list[Outcome], done: str) -> str:
    """``done``: a label marked with ``QT_TR_NOOP`` that counts the ``{count}`` done."""
    good = [o for o in outcomes if o.ok]
    bad = [o for o in outcomes if not o.ok]
    lines = [tr(done).format(count=len(good))]
    if bad:
        lines.append(tr("未完成 {count} 个").format(count=len(bad)))
        lines += [tr("  {case}：{problem}").format(case=o.case_number, problem=pick(o.zh, o.en))
                  for o in bad[:5]]
        if len(bad) > 5:
            lines.append(tr("  …等 {count} 个").format(count=len(bad)))
    return "\n".join(lines)


class ClaimsMonthDialog(QDialog):
    case_requested = Signal(int)  # open the case (to fix its gaps)

    def __init__(self, runner: Runner, user: SignedIn, parent: QWidget | None = None, *,
                 cache: claims_month.GateCache | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        # The gates already computed (the main window keeps one cache for its life): opening
        # the month again reads them back unless their case changed since.
        self.cache = cache if cache is not None else claims_month.GateCache()
        self.setWindowTitle(tr("月度结算"))
        self.resize(1100, 640)  # fits a 1280×720 screen with its taskbar
        self.cases: list[MonthCase] = []
        self.outcomes: list[Outcome] = []
        self.job: BackgroundJob | None = None
        self._on_done: Callable[[Any], None] = self._listed
        self._batch = False
        self.export_dialog: ExportDialog | None = None
        found = runner.read(claims_month.months, runner.clock.today())
        months = [] if failed(found, self) else found
        self.month = QComboBox()
        self.month.setObjectName("claimsMonth")
        for month in months:
            self.month.addItem(month, month)
        self.month.setCurrentIndex(min(1, len(months) - 1))  # last month is the usual one
        self.month.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = record_table(tuple(headers(HEADERS)), (116, 70, 64, 44, 64, 150, 90, 90, 84))
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.activated.connect(self._activated)
        self.totals = QLabel()
        self.totals.setObjectName("monthTotals")
        self.gaps = QLabel()
        self.gaps.setObjectName("monthGaps")
        self.gaps.setWordWrap(True)
        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.outcome = QLabel()
        self.outcome.setObjectName("monthOutcome")
        self.outcome.setWordWrap(True)
        allowed = {a: permitted(user.role, a, "draft")
                   for a in ("claim.build", "claim.finalize", "claim.export")}
        self._allowed = allowed
        self.build_button = QPushButton()
        self.finalize_button = QPushButton()
        self.export_button = QPushButton()
        self.run_button = QPushButton()  # build, freeze and export the ready cases in one go
        self.run_button.setObjectName("monthRun")
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setEnabled(False)
        close = QPushButton(tr("关闭"))
        self._user = user
        self.summary_button = QPushButton(tr("申报汇总表…"))  # the month's 申报汇总表 (its own dialog)
        self.summary_button.setEnabled(permitted(user.role, "claim.summary")
                                       or permitted(user.role, "claim.summary_sign"))
        self.summary_button.clicked.connect(self.open_summary)
        self.summary_dialog: MonthlySummaryDialog | None = None
        self.build_button.clicked.connect(self.build)
        self.finalize_button.clicked.connect(self.finalize)
        self.export_button.clicked.connect(self.export)
        self.run_button.clicked.connect(self.run_all)
        self.cancel_button.clicked.connect(self.cancel)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("结算月份")))
        top.addWidget(self.month)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        for button in (self.build_button, self.finalize_button, self.export_button, self.run_button,
                       self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.summary_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.gaps)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.setTabOrder(self.month, self.table)
        self.setTabOrder(self.table, self.build_button)
        self._enable()
        self.reload()

    @Slot()
    def open_summary(self) -> MonthlySummaryDialog | None:
        """The month's 申报汇总表: make it, sign it off, export it (its own dialog)."""
        month = self.month.currentData()
        if month is None:
            return None
        self.summary_dialog = MonthlySummaryDialog(self._runner, month, self._user, self)
        self.summary_dialog.open()
        return self.summary_dialog

    # ----------------------------------------------------------------- the list

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    @Slot()
    def reload(self) -> BackgroundJob | None:
        """Read the month's cases and their gates off the UI thread."""
        month = self.month.currentData()
        if month is None or self.running:
            return None
        listing = self._runner.read_job(claims_month.month_cases, month, self._runner.clock.today(),
                                        cache=self.cache)

        def work(progress: Progress) -> list[MonthCase]:
            progress("list", 0, 0)
            return listing(progress)

        self.summary.setText(tr("正在读取…"))
        return self._start(work, self._listed, cancellable=False)

    @Slot(object)
    def _listed(self, cases: list[MonthCase]) -> None:
        self.cases = cases
        self.stage.clear()
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            colour = (BLOCKED_COLOUR if case.blocking else
                      OK_COLOUR if case.state in (claims_month.READY, claims_month.EXPORTED)
                      else NOTE_COLOUR)
            texts = (case.case_number, case.patient_name, tr(STATUS.get(case.case_status, case.case_status)),
                     str(case.sessions), str(case.charges), claim_text(case),
                     yuan(case.total) if case.claim is not None else "—",
                     yuan(case.fund) if case.claim is not None else "—",
                     yuan(case.waiting_amount) if case.waiting_amount else "", gate_text(case))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == GATE_COLUMN:
                    item.setForeground(QBrush(colour))
                    item.setToolTip("\n".join(gap_line(g) for g in case.gaps) or tr(STATE[case.state]))
                self.table.setItem(row, column, item)
        t = claims_month.month_totals(cases)
        self.totals.setText(tr("本月合计：{cases} 个病例，治疗 {sessions} 次，其他费用 {charges} 项；"
                               "{claims} 份申报 申报总额 ¥{total}，基金支付 ¥{fund}；"
                               "待申报费用 ¥{waiting}").format(
            cases=t.cases, sessions=t.sessions, charges=t.charges, claims=t.claims, total=yuan(t.total),
            fund=yuan(t.fund), waiting=yuan(t.waiting_amount)))
        states = Counter(c.state for c in cases)
        parts = [tr("{state} {count}").format(state=tr(STATE[s]), count=n) for s, n in states.items()]
        self.summary.setText(tr("{month}：{count} 个病例有治疗或费用　{states}").format(
            month=self.month.currentData(), count=len(cases), states=tr("，").join(parts)))
        self._selected()
        self._enable()

    def _ids(self, state: str) -> list[int]:
        """Cases (build) or claims (finalize, export) the next batch acts on."""
        if state == claims_month.READY:
            return [c.case_id for c in self.cases if c.buildable]
        return [c.claim.claim_id for c in self.cases if c.claim is not None and c.state == state]

    def _enable(self) -> None:
        idle = not self.running
        counts = {s: len(self._ids(s)) for s in (claims_month.READY, claims_month.DRAFT,
                                                  claims_month.FINAL)}
        self.build_button.setText(tr("生成就绪申报（{count}）").format(count=counts[claims_month.READY]))
        self.finalize_button.setText(tr("确认冻结草稿（{count}）…").format(count=counts[claims_month.DRAFT]))
        self.export_button.setText(tr("导出已确认（{count}）…").format(count=counts[claims_month.FINAL]))
        self.build_button.setEnabled(idle and self._allowed["claim.build"]
                                     and counts[claims_month.READY] > 0)
        self.finalize_button.setEnabled(idle and self._allowed["claim.finalize"]
                                        and counts[claims_month.DRAFT] > 0)
        self.export_button.setEnabled(idle and self._allowed["claim.export"]
                                      and counts[claims_month.FINAL] > 0)
        self.run_button.setText(tr("一次生成、确认并导出（{count}）…").format(count=counts[claims_month.READY]))
        self.run_button.setEnabled(idle and all(self._allowed.values()) and counts[claims_month.READY] > 0)
        self.month.setEnabled(idle)

    def selected_case(self) -> MonthCase | None:
        index = selected_index(self.table, len(self.cases))
        return self.cases[index] if index is not None else None

    @Slot()
    def _selected(self) -> None:
        case = self.selected_case()
        if case is None or not case.gaps:
            self.gaps.setText("" if case is None else tr("{case} {patient}：{state}").format(
                case=case.case_number, patient=case.patient_name, state=tr(STATE[case.state])))
            self.gaps.setStyleSheet("")
            return
        lines = [tr("{case} {patient}（双击打开病例补齐）").format(case=case.case_number,
                                                             patient=case.patient_name)]
        lines += [gap_line(g) for g in case.gaps]
        self.gaps.setText("\n".join(lines))
        self.gaps.setStyleSheet(f"color: {(BLOCKED_COLOUR if case.blocking else NOTE_COLOUR).name()};")

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.case_requested.emit(self.cases[index.row()].case_id)

    # ----------------------------------------------------------------- batches

    @Slot()
    def build(self) -> BackgroundJob | None:
        ids = self._ids(claims_month.READY)
        if not ids or self.running:
            return None
        month = self.month.currentData()
        runner = self._runner

        def work(progress: Progress) -> list[Outcome]:
            return claims_month.build_month(runner.engine, runner.clock, runner.actor_id, month, ids,
                                            progress)

        return self._start(work, partial(self._done, QT_TR_NOOP("已生成 {count} 个")), cancellable=True)

    @Slot()
    def finalize(self) -> BackgroundJob | None:
        ids = self._ids(claims_month.DRAFT)
        if not ids or self.running:
            return None
        answer = QMessageBox.question(
            self, tr("确认结算申报"),
            tr("确认后 {count} 份草稿申报将被冻结，不能再修改，只能更正。是否确认？").format(count=len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        runner = self._runner

        def work(progress: Progress) -> list[Outcome]:
            return claims_month.finalize_month(runner.engine, runner.clock, runner.actor_id, ids, progress)

        return self._start(work, partial(self._done, QT_TR_NOOP("已冻结 {count} 个")), cancellable=True)

    @Slot()
    def export(self) -> ExportDialog | None:
        ids = self._ids(claims_month.FINAL)
        if not ids or self.running:
            return None
        runner = self._runner
        folder = human_name(tr("结算申报"), str(self.month.currentData()))  # 结算申报_2026-04/

        def start(out_dir: Path, sign: PdfSigner | None) -> Work:
            def work(progress: Progress) -> list[Outcome]:
                return claims_month.export_month(runner.engine, runner.clock, runner.actor_id, ids,
                                                 out_dir / folder, sign=sign, progress=progress)
            return work

        def describe(outcomes: list[Outcome]) -> str:
            return outcome_text(outcomes, EXPORTED)

        dialog = ExportDialog(
            runner, tr("导出本月结算申报"),
            tr("{month}：{count} 份已确认的申报，每份导出为一个完整性校验包（文件夹和 zip）。").format(
                month=self.month.currentData(), count=len(ids)), start, describe, self)
        dialog.exported.connect(self._exported)
        dialog.finished.connect(lambda _r: self.reload())
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def run_all(self) -> ExportDialog | None:
        """The month-end run: each ready case built, frozen and exported in one go (every core
        busy); freezing is final, so it is confirmed first."""
        ids = self._ids(claims_month.READY)
        if not ids or self.running:
            return None
        answer = QMessageBox.question(
            self, tr("生成、确认并导出"),
            tr("将为 {count} 个就绪病例生成本月结算申报，确认冻结（不能再修改，只能更正）并导出。"
               "是否继续？").format(count=len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        runner = self._runner
        month = str(self.month.currentData())
        folder = human_name(tr("结算申报"), month)

        def start(out_dir: Path, sign: PdfSigner | None) -> Work:
            def work(progress: Progress) -> list[Outcome]:
                return claims_month.run_month(runner.engine, runner.clock, runner.actor_id, month, ids,
                                              out_dir / folder, sign=sign, progress=progress)
            return work

        dialog = ExportDialog(
            runner, tr("生成、确认并导出本月结算申报"),
            tr("{month}：{count} 个就绪病例，逐一生成申报、确认冻结，并各导出为一个完整性校验包"
               "（文件夹和 zip）。").format(month=month, count=len(ids)),
            start, lambda outcomes: outcome_text(outcomes, EXPORTED), self)
        dialog.exported.connect(self._exported)
        dialog.finished.connect(lambda _r: self.reload())
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _exported(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.outcome.setText(outcome_text(outcomes, EXPORTED))
        self.reload()

    def _done(self, done: str, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.outcome.setText(outcome_text(outcomes, done))

    # ----------------------------------------------------------------- the job

    def _start(self, work: Work, done: Callable[[Any], None], *, cancellable: bool) -> BackgroundJob:
        """Run ``work``; ``done`` gets its result. The job's signals go to this dialog's slots
        (queued to the UI thread), never to a bare callable, which would run in the worker."""
        job = BackgroundJob(work, self)
        self.job, self._on_done, self._batch = job, done, cancellable
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.finished.connect(self._finished)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(cancellable)
        self._enable()
        job.start()
        return job

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._on_done(result)

    @Slot(str, int, int)
    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.job is None or self.job.cancel_requested:
            return
        self.stage.setText(stage_text(stage, done, total))
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))

    @Slot(object)
    def _failed(self, error: AppError) -> None:
        show_error(self, error)

    @Slot()
    def _cancelled(self) -> None:
        self.stage.setText(tr("已停止；已完成的保留"))

    @Slot()
    def _finished(self) -> None:
        job = self.job
        if job is not None:
            job.wait()  # finished is emitted just before the thread ends: let it end first
        self.job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0 if job is not None and job.cancel_requested else 1)
        self.cancel_button.setEnabled(False)
        self._enable()
        if self._batch:  # show what the batch changed
            self.reload()

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(tr("正在停止…"))

    def stop_and_wait(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.stop_and_wait()
        super().closeEvent(event)

    def reject(self) -> None:
        self.stop_and_wait()
        super().reject()
