"""校验档案: ``services.integrity.verify`` off the UI thread, with progress, Cancel and the report.

The check is read-only; it is offered to those who may read the audit trail (and the
service refuses, audited, anyone else before the work starts). An optional anchor file
(written by ``rehab-archive anchor``) is read as the CLI reads it.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.services.core.audit_chain import read_anchor
from desktop_app.services.core.permissions import authorize
from desktop_app.services.integrity.verify import VerifyReport, verify_archive
from desktop_app.ui.kit.background import BackgroundJob
from desktop_app.ui.kit.i18n import QT_TRANSLATE_NOOP, tr, tr_in
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.runner import Runner, failed

log = logging.getLogger(__name__)
# The areas checked, in their own context: 签名 is "Signatures" here, "Sign" on a button.
STAGES = {"audit_chain": QT_TRANSLATE_NOOP("verify", "审计链"),
          "row_state": QT_TRANSLATE_NOOP("verify", "记录与审计状态"),
          "signature": QT_TRANSLATE_NOOP("verify", "签名"),
          "attachment": QT_TRANSLATE_NOOP("verify", "附件"),
          "claim": QT_TRANSLATE_NOOP("verify", "结算申报")}
PROBLEM_COLOUR = QColor("#b00020")
PROBLEM_BACKGROUND = QColor("#fde7ea")
OK_COLOUR = QColor("#1b5e20")


class VerifyDialog(QDialog):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.job: BackgroundJob | None = None
        self.report: VerifyReport | None = None
        self.setWindowTitle(tr("校验档案"))
        self.resize(820, 520)
        self.anchor = QLineEdit()
        self.anchor.setPlaceholderText(tr("可选：锚定文件（rehab-archive anchor 所写）"))
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self.choose_anchor)
        self.start_button = QPushButton(tr("开始校验"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)
        self.stage = QLabel(
            tr("检查审计链、保护触发器、每条记录与其审计状态、每个签名、每个附件和每份冻结的结算申报。"))
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("verifySummary")
        self.summary.setWordWrap(True)

        anchor_row = QHBoxLayout()
        anchor_row.addWidget(QLabel(tr("锚定文件")))
        anchor_row.addWidget(self.anchor, 1)
        anchor_row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(anchor_row)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    @Slot()
    def choose_anchor(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择锚定文件"), "",
                                              tr("锚定文件 (*.json);;全部文件 (*)"))
        if path:
            self.anchor.setText(path)

    @Slot()
    def start(self) -> BackgroundJob | None:
        """Check the permission and the anchor here, then run the check in the background."""
        if self.running or failed(self._runner.run(authorize, "audit.view"), self):
            return None
        anchor = None
        if self.anchor.text().strip():
            try:
                anchor = read_anchor(Path(self.anchor.text().strip()))
            except AppError as error:
                log.warning("anchor refused: %s", error)
                show_error(self, error)
                return None
        self.report = None
        self.lines.clear()
        self.summary.clear()
        self.summary.setStyleSheet("")
        self.job = BackgroundJob(partial(verify_archive, self._runner.engine, anchor), self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.job.finished.connect(self._finished)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.stage.setText(tr("正在校验…"))
        self.progress.setRange(0, 0)
        self.job.start()
        return self.job

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(tr("正在停止…"))

    @Slot(str, int, int)
    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.job is not None and self.job.cancel_requested:
            return
        label = tr_in("verify", STAGES[stage]) if stage in STAGES else stage
        self.stage.setText(f"{label}：{done}" + (f" / {total}" if total else ""))
        self.progress.setRange(0, total)  # 0 total: a busy indicator
        self.progress.setValue(min(done, total))

    @Slot(object)
    def _succeeded(self, report: VerifyReport) -> None:
        self.report = report
        problems = {str(p) for p in report.problems}
        for line in report.lines():
            item = QListWidgetItem(line)
            if line in problems:
                item.setForeground(QBrush(PROBLEM_COLOUR))
                item.setBackground(QBrush(PROBLEM_BACKGROUND))
            self.lines.addItem(item)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stage.setText(tr("校验完成"))
        if report.ok:
            self.summary.setText(tr("全部通过"))
            self.summary.setStyleSheet(f"color: {OK_COLOUR.name()}; font-weight: bold;")
        else:
            count = len(report.problems)
            log.warning("verify found %d problem(s)", count)
            self.summary.setText(tr("发现 {count} 个问题（红色标出）").format(count=count))
            self.summary.setStyleSheet(f"color: {PROBLEM_COLOUR.name()}; font-weight: bold;")

    @Slot(object)
    def _failed(self, error: AppError) -> None:
        self._idle(tr("校验未完成"))
        show_error(self, error)

    @Slot()
    def _cancelled(self) -> None:
        self._idle(tr("已取消，未得出结果"))

    def _idle(self, text: str) -> None:
        self.stage.setText(text)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    @Slot()
    def _finished(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def stop_and_wait(self) -> None:
        """Cancel a running check and wait for its thread (closing must not leave one)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.stop_and_wait()
        super().closeEvent(event)

    def reject(self) -> None:
        self.stop_and_wait()
        super().reject()

