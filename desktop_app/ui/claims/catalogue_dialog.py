"""收费目录: the imported catalogue packs, and importing a new one.

The file is read and checked first (off the UI thread); every bad row is listed with its
row and column and nothing can be imported until the file is right. Then the pack's
region, version and dates, and the import itself (one transaction, off the UI thread).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalogue_file import ParsedCatalogue, parse_catalogue_file
from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.admin_view import PackRow, catalogue_packs
from desktop_app.services.claims import catalogue
from desktop_app.ui.kit.background import BackgroundJob, Progress
from desktop_app.ui.kit.forms import inline_error, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.messages import error_label, set_error, show_error
from desktop_app.ui.kit.runner import Runner, failed

PACK_HEADERS = (QT_TR_NOOP("地区"), QT_TR_NOOP("版本"), QT_TR_NOOP("名称"), QT_TR_NOOP("生效"),
                QT_TR_NOOP("失效"), QT_TR_NOOP("项目数"), QT_TR_NOOP("文件校验值"))
ERROR_HEADERS = (QT_TR_NOOP("位置"), QT_TR_NOOP("问题"))


class CatalogueDialog(QDialog):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(tr("收费目录"))
        self.resize(980, 640)
        self.job: BackgroundJob | None = None
        self.parsed: ParsedCatalogue | None = None
        self.path: Path | None = None
        self.packs: list[PackRow] = []
        self.pack_table = record_table(tuple(headers(PACK_HEADERS)), (80, 70, 200, 90, 90, 60))
        self.choose_button = QPushButton(tr("选择目录文件…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(tr("CSV（UTF-8 或 GBK）或 XLSX"))
        self.file_label.setWordWrap(True)
        self.error_table = record_table(tuple(headers(ERROR_HEADERS)), (180,))
        self.error_table.hide()
        self.region = QLineEdit()
        self.version = QLineEdit()
        self.name = QLineEdit()
        self.effective_from = QDateEdit(QDate.currentDate())
        self.effective_from.setCalendarPopup(True)
        self.effective_from.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(tr("地区"), self.region)
        form.addRow(tr("版本"), self.version)
        form.addRow(tr("名称"), self.name)
        form.addRow(tr("生效日期"), self.effective_from)
        self.form_error = error_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.import_button = QPushButton(tr("导入"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("已导入的目录（价格按服务日期取当日有效的最新版本）")))
        layout.addWidget(self.pack_table, 2)
        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        layout.addLayout(chooser)
        layout.addWidget(self.error_table, 2)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        packs = self._runner.read(catalogue_packs)
        if failed(packs, self):
            return
        self.packs = packs
        self.pack_table.setRowCount(len(self.packs))
        for row, pack in enumerate(self.packs):
            texts = (pack.region, pack.version, pack.name + (tr("（演示）") if pack.is_demo else ""),
                     str(pack.effective_from), str(pack.effective_to or "—"), str(pack.items),
                     pack.file_sha256[:16] + "…")
            for column, text in enumerate(texts):
                self.pack_table.setItem(row, column, QTableWidgetItem(text))

    # ----------------------------------------------------------------- checking

    @Slot()
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("选择目录文件"), "",
                                              tr("目录 (*.csv *.xlsx);;所有文件 (*)"))
        if name:
            self.check_file(Path(name))

    def check_file(self, path: Path) -> None:
        """Read and check the file off the UI thread; show what it holds."""
        self.path, self.parsed = path, None
        self.import_button.setEnabled(False)
        self.file_label.setText(tr("正在检查 {file} …").format(file=path.name))

        def parse(progress: Progress) -> ParsedCatalogue:
            progress("parse", 0, 0)
            return parse_catalogue_file(path)

        self._start(BackgroundJob(parse, self), self._checked, cancellable=True)

    def _checked(self, parsed: ParsedCatalogue) -> None:
        self.parsed = parsed
        name = self.path.name if self.path else ""
        if parsed.ok:
            self.file_label.setText(tr("{file}：{count} 个项目，全部通过检查（编码 {encoding}）").format(
                file=name, count=len(parsed.items), encoding=parsed.encoding))
        else:
            self.file_label.setText(tr("{file}：发现 {count} 个问题，修正文件后再导入；未导入任何内容")
                                    .format(file=name, count=len(parsed.errors)))
        self.error_table.setVisible(not parsed.ok)
        self.error_table.setRowCount(len(parsed.errors))
        for row, error in enumerate(parsed.errors):
            self.error_table.setItem(row, 0, QTableWidgetItem(pick(error.place_zh, error.place_en)))
            self.error_table.setItem(row, 1, QTableWidgetItem(pick(error.zh, error.en)))
        self.import_button.setEnabled(parsed.ok)

    # ----------------------------------------------------------------- importing

    def pack_info(self) -> catalogue.PackInfo:
        day = self.effective_from.date()
        return catalogue.PackInfo(
            region=self.region.text().strip(), version=self.version.text().strip(),
            name=self.name.text().strip() or (self.path.stem if self.path else ""),
            effective_from=date(day.year(), day.month(), day.day()),
            source=self.path.name if self.path else "")

    @Slot()
    def start_import(self) -> None:
        if self.path is None or self.parsed is None or not self.parsed.ok:
            return
        path, info, runner = self.path, self.pack_info(), self._runner
        set_error(self.form_error, "")

        importing = runner.job(catalogue.import_catalogue, path, info)

        def work(progress: Progress) -> catalogue.ImportResult:
            progress("import", 0, 0)
            return importing(progress)

        # Not cancellable: one transaction that either commits or writes nothing.
        self._start(BackgroundJob(work, self), self._imported, cancellable=False)

    def _imported(self, result: catalogue.ImportResult) -> None:
        self.file_label.setText(tr("已导入 {count} 个项目").format(count=result.item_count))
        self.import_button.setEnabled(False)
        self.reload()

    # ----------------------------------------------------------------- the job

    def _start(self, job: BackgroundJob, done: object, *, cancellable: bool) -> None:
        self.job = job
        job.succeeded.connect(done)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)  # a method: runs in the UI thread, not the job's
        job.finished.connect(self._finished)
        self.progress.setRange(0, 0)  # busy
        for button in (self.choose_button, self.import_button):
            button.setEnabled(False)
        self.cancel_button.setEnabled(cancellable)
        job.start()

    def _failed(self, error: AppError) -> None:
        if isinstance(error, ValidationFailed):
            set_error(self.form_error, inline_error(error))
            self.import_button.setEnabled(True)
        else:
            show_error(self, error)

    @Slot()
    def _cancelled(self) -> None:
        self.file_label.setText(tr("已取消，未导入任何内容"))

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _finished(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.job = None

    def done(self, result: int) -> None:  # noqa: D102 (closing waits for the job)
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        super().done(result)
