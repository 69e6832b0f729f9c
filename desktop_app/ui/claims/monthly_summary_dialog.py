"""申报汇总表 Monthly claim summary: make the month's summary in the background, see its
totals by fee category and by payer and the drafts left out, sign it off (the records
officer as 经办人, then the administrator or another records officer as 审核人, each with
their password), and write its PDF/A and XLSX to a folder.

Everything is ``services/claims/monthly_summary``'s: a summary is a stored version, never
edited; made again after a change it is a new version, which needs its own sign-offs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import CHINA
from desktop_app.documents.claim_cover import CATEGORY_LABELS, PAYER_LABELS
from desktop_app.documents.money import yuan
from desktop_app.domain.permissions import permitted
from desktop_app.domain.vocabulary import COVERAGE_CLASSES, FEE_CATEGORIES
from desktop_app.errors import AppError
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import monthly_summary
from desktop_app.services.claims.monthly_summary import SummaryFiles
from desktop_app.services.claims.monthly_summary_view import SummaryView, latest_summary
from desktop_app.ui.kit.busy import BusyWork
from desktop_app.ui.kit.forms import error_label, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.runner import Runner

TOTAL_HEADERS = (QT_TR_NOOP("项目"), QT_TR_NOOP("金额（元）"))
# The two sign-offs as the service names them, as the interface shows them.
ROLES = {monthly_summary.PREPARER: QT_TR_NOOP("经办人"), monthly_summary.REVIEWER: QT_TR_NOOP("审核人")}


class MonthlySummaryDialog(QDialog):
    def __init__(self, runner: Runner, month: str, user: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.month = month
        self.view: SummaryView | None = None
        self.files: SummaryFiles | None = None
        self.busy: BusyWork[Any] | None = None
        self.setWindowTitle(tr("申报汇总表 {month}").format(month=month))
        self.resize(760, 600)
        self._may_make = permitted(user.role, "claim.summary")
        self._may_sign = permitted(user.role, "claim.summary_sign")
        self.status = QLabel()
        self.status.setObjectName("summaryStatus")
        self.status.setWordWrap(True)
        self.totals = record_table(tuple(headers(TOTAL_HEADERS)), (260,))
        self.sign_offs = QLabel()
        self.sign_offs.setObjectName("summarySignOffs")
        self.sign_offs.setWordWrap(True)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.generate_button = QPushButton(tr("生成汇总"))
        self.generate_button.setToolTip(tr("按本月已确认的结算申报生成；内容有变化时生成新版本"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("本人登录密码"))
        self.sign_button = QPushButton(tr("签署"))
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton(tr("选择…"))
        self.export_button = QPushButton(tr("导出 PDF 和 XLSX"))
        self.error = error_label()
        self.outcome = QLabel()
        self.outcome.setObjectName("summaryOutcome")
        self.outcome.setWordWrap(True)
        close = QPushButton(tr("关闭"))
        self.generate_button.clicked.connect(self.generate)
        self.sign_button.clicked.connect(self.sign)
        self.password.returnPressed.connect(self.sign)
        browse.clicked.connect(self.choose_folder)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.close)

        signing = QHBoxLayout()
        signing.addWidget(QLabel(tr("签署（经办人、审核人）")))
        signing.addWidget(self.password, 1)
        signing.addWidget(self.sign_button)
        export = QHBoxLayout()
        export.addWidget(QLabel(tr("导出到")))
        export.addWidget(self.folder, 1)
        export.addWidget(browse)
        export.addWidget(self.export_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.totals, 1)
        layout.addWidget(self.left_out)
        layout.addWidget(self.sign_offs)
        layout.addLayout(signing)
        layout.addLayout(export)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.load()

    # ----------------------------------------------------------------- what is shown

    def load(self) -> None:
        found = self._runner.read(latest_summary, self.month)
        if isinstance(found, AppError):
            self._error(found)
            return
        self.view = found
        self._show()

    def _show(self) -> None:
        view = self.view
        self.totals.setRowCount(0)
        if view is None:
            self.status.setText(tr("{month} 尚未生成申报汇总表。").format(month=self.month))
            self.sign_offs.setText("")
            self.left_out.setText("")
        else:
            self.status.setText(tr("第 {version} 版（{made_by} {made_at} 生成）：{claims} 份申报，"
                                   "{lines} 条明细，合计 ¥{total}").format(
                version=view.version_no, made_by=view.made_by,
                made_at=f"{view.made_at.astimezone(CHINA):%Y-%m-%d %H:%M}", claims=len(view.rows),
                lines=view.line_count, total=yuan(view.total)))
            rows = [(tr("按费用类别：{label}").format(label=CATEGORY_LABELS[k]), view.by_category[k])
                    for k in FEE_CATEGORIES if view.by_category.get(k)]
            rows += [(tr("按支付方：{label}").format(label=PAYER_LABELS[k]), view.by_payer[k])
                     for k in COVERAGE_CLASSES if view.by_payer.get(k)]
            rows.append((tr("合计"), view.total))
            self.totals.setRowCount(len(rows))
            for row, (label, amount) in enumerate(rows):
                self.totals.setItem(row, 0, QTableWidgetItem(label))
                item = QTableWidgetItem(yuan(amount))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.totals.setItem(row, 1, item)
            marks = []
            for mark in view.sign_offs:
                if mark.signed_at is None:
                    marks.append(tr("{role}：待签署").format(role=tr(ROLES.get(mark.role, mark.role))))
                else:
                    marks.append(tr("{role}：{name}（{at}，签名 #{number}）").format(
                        role=tr(ROLES.get(mark.role, mark.role)), name=mark.name,
                        at=f"{mark.signed_at.astimezone(CHINA):%Y-%m-%d %H:%M}", number=mark.signature_id))
            self.sign_offs.setText("　".join(marks))
            self.left_out.setText(tr("未纳入的草稿 {count} 份（未确认，不计入合计）").format(
                count=len(view.left_out)) if view.left_out else "")
        idle = self.busy is None
        self.generate_button.setEnabled(idle and self._may_make)
        may_sign = idle and self._may_sign and view is not None and not view.signed_off
        self.sign_button.setEnabled(may_sign)
        self.password.setEnabled(may_sign)
        self.export_button.setEnabled(idle and self._may_make and view is not None)

    def _error(self, error: AppError) -> None:
        self.error.setText(pick(error.zh, error.en))

    # ----------------------------------------------------------------- actions

    @Slot()
    def generate(self) -> None:
        """Make (or find again) the month's summary off the UI thread."""
        self.error.setText("")
        self._start(tr("正在生成申报汇总表…"),
                    self._runner.job(monthly_summary.summarise_month, self.month), self._generated)

    def _start(self, label: str, work: Callable[..., Any], done: Callable[[Any], None]) -> None:
        """A background job with a progress dialog and Cancel; the buttons wait for it."""
        busy: BusyWork[Any] = BusyWork(self, label, work, done)
        assert busy.job is not None
        busy.job.finished.connect(self._idle)  # listening before the job starts
        self.busy = busy
        busy.start()
        self._show()

    @Slot()
    def _idle(self) -> None:
        self.busy = None
        self._show()

    def _generated(self, _summary_id: object) -> None:
        self.load()

    @Slot()
    def sign(self) -> None:
        if self.view is None or not self.sign_button.isEnabled():
            return
        self.error.setText("")
        password = self.password.text()
        self.password.clear()
        self._runner.submit(self, monthly_summary.sign_summary, self.view.summary_id,
                            password).either(self._signed)

    def _signed(self, result: int | AppError) -> None:
        if isinstance(result, AppError):
            self._error(result)
        self.load()

    @Slot()
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("导出到"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    @Slot()
    def export(self) -> None:
        """Write the PDF/A, XLSX and JSON off the UI thread."""
        if self.view is None:
            return
        self.error.setText("")
        self._start(tr("正在导出申报汇总表…"), self._runner.job(
            monthly_summary.export_summary, self.view.summary_id, Path(self.folder.text().strip())),
            self._exported)

    def _exported(self, files: SummaryFiles) -> None:
        self.files = files
        self.outcome.setText(tr("已写入：\n{pdf}\n{xlsx}").format(pdf=files.pdf, xlsx=files.xlsx))
        self._show()
