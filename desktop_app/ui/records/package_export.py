"""导出: writing packages (a claim, a month of claims, a case's archive binder) off the UI
thread — choose the folder (the user's Documents folder until they choose one, then the one
they chose, remembered per user on this PC), optionally sign the PDFs with the institution's certificate
(its password asked here, for this export only, never stored), follow the progress, then
see where the package is.

Cancel works until the work reports ``COMMITTING`` (``services.core.progress``): from there
the package is being written and committed, so the button is disabled and the result is
shown as it arrives. A batch stops between its cases; what was done stays done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.file_names import human_name
from desktop_app.errors import AppError
from desktop_app.paths import read_preferences, save_preference
from desktop_app.services.admin.institution_certificate import PdfSigner, certificate_path, pdf_signer
from desktop_app.services.core.progress import COMMITTING
from desktop_app.services.core.reads import as_app_error
from desktop_app.ui.kit.background import BackgroundJob, Work
from desktop_app.ui.kit.forms import inline_error
from desktop_app.ui.kit.i18n import QT_TRANSLATE_NOOP, tr, tr_in
from desktop_app.ui.kit.messages import bilingual, error_label, set_error, show_error
from desktop_app.ui.kit.runner import Runner

log = logging.getLogger(__name__)
# The work for the chosen folder and signer (None: unsigned PDFs).
Start = Callable[[Path, PdfSigner | None], Work]
# Stage names are gerunds (生成申报: "Building claims", not the Build button).
STAGES = {
    "gate": QT_TRANSLATE_NOOP("stage", "检查档案完整性"),
    "documents": QT_TRANSLATE_NOOP("stage", "生成文件"),
    "signing": QT_TRANSLATE_NOOP("stage", "签署 PDF"),
    "archive": QT_TRANSLATE_NOOP("stage", "汇集档案"),
    "build": QT_TRANSLATE_NOOP("stage", "生成申报"),
    "finalize": QT_TRANSLATE_NOOP("stage", "确认冻结"),
    "export": QT_TRANSLATE_NOOP("stage", "导出申报"),
    "run": QT_TRANSLATE_NOOP("stage", "生成、确认并导出申报"),
    "list": QT_TRANSLATE_NOOP("stage", "读取本月病例与完整性"),
    COMMITTING: QT_TRANSLATE_NOOP("stage", "正在写入导出包，不能取消"),
}


def stage_text(stage: str, done: int, total: int) -> str:
    name = tr_in("stage", STAGES.get(stage, stage))
    return tr("{stage}：{done} / {total}").format(stage=name, done=done, total=total) if total else name


FOLDERS = "export_folders"  # preference: user id → the folder they last exported to


def documents_folder() -> Path:
    """The user's Documents folder (their home where the system has none), never the
    app's hidden data folder: what is exported is for people to find."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def export_folder(user_id: int | None) -> Path:
    """Where ``user_id`` exports: the folder they last chose if it still exists, else
    their Documents folder."""
    folders = read_preferences().get(FOLDERS)
    if isinstance(folders, dict) and user_id is not None:
        chosen = folders.get(str(user_id))
        if isinstance(chosen, str) and Path(chosen).is_dir():
            return Path(chosen)
    return documents_folder()


def remember_export_folder(user_id: int | None, folder: Path) -> None:
    """The folder ``user_id`` exports to next time (a preference not kept stops nothing)."""
    if user_id is None:
        return
    folders = read_preferences().get(FOLDERS)
    kept = dict(folders) if isinstance(folders, dict) else {}
    if kept.get(str(user_id)) != str(folder):
        kept[str(user_id)] = str(folder)
        try:
            save_preference(FOLDERS, kept)
        except OSError:
            log.warning("export folder not remembered", exc_info=True)


def open_folder(path: Path) -> bool:
    """Show ``path`` in the system's file browser (False if none could be started)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportDialog(QDialog):
    """``start`` makes the work; ``describe`` says what the result is and where."""

    exported = Signal(object)

    def __init__(self, runner: Runner, title: str, intro: str, start: Start,
                 describe: Callable[[Any], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._start = start
        self._describe = describe
        self.job: BackgroundJob | None = None
        self.package: object = None  # what the export wrote (not QDialog.result())
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        found = runner.read(certificate_path)
        self.certificate = None if isinstance(found, AppError) else found
        heading = QLabel(intro)
        heading.setWordWrap(True)
        self.folder = QLineEdit(str(export_folder(runner.actor_id)))
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.sign = QCheckBox(tr("为 PDF 加数字签名（机构证书）"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("证书口令（不保存）"))
        if self.certificate is None:
            self.sign.setEnabled(False)
            self.sign.setToolTip(tr("管理员尚未在“机构设置”中指定机构证书"))
        certificate = QLabel(str(self.certificate) if self.certificate else
                             tr("未设置（管理 → 机构设置）"))
        certificate.setWordWrap(True)
        self.password.setEnabled(False)
        self.sign.toggled.connect(self.password.setEnabled)
        form = QFormLayout()
        form.addRow(tr("导出到"), folder_row)
        form.addRow(tr("机构证书"), certificate)
        form.addRow(self.sign)
        form.addRow(tr("证书口令"), self.password)
        self.error = error_label()
        if isinstance(found, AppError):  # the export still works, unsigned
            set_error(self.error, bilingual(found))
        self.stage = QLabel("")
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.outcome = QLabel()
        self.outcome.setObjectName("exportOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(tr("导出"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(tr("打开文件夹"))
        self.open_button.hide()
        self.open_button.clicked.connect(lambda: open_folder(Path(self.folder.text().strip())))
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch()
        layout.addLayout(buttons)
        self.setTabOrder(self.folder, browse)
        self.setTabOrder(browse, self.sign)
        self.setTabOrder(self.sign, self.password)
        self.setTabOrder(self.password, self.export_button)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    @Slot()
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("导出到"), self.folder.text())
        if folder:
            self.folder.setText(folder)
            remember_export_folder(self._runner.actor_id, Path(folder))

    def _signer(self) -> PdfSigner | None:
        """The signing function, or None unsigned; raises AppError for a wrong password."""
        if not self.sign.isChecked() or self.certificate is None:
            return None
        password = self.password.text()
        self.password.clear()  # held by the signing function for this export only
        # the time-stamping service, if any, is asked in the export's job (no network wait here)
        return self._runner.fetch(pdf_signer, self._runner.actor_id, self.certificate, password,
                                  probe=False)

    @Slot()
    def start(self) -> BackgroundJob | None:
        if self.running:
            return None
        set_error(self.error, "")
        folder = self.folder.text().strip()
        if not folder:
            set_error(self.error, tr("请选择导出文件夹。"))
            return None
        try:
            sign = self._signer()
        except AppError as refused:
            set_error(self.error, inline_error(refused))
            return None
        except Exception as error:  # noqa: BLE001 - an unreadable certificate file, say
            problem = as_app_error(error)
            if problem is None:
                raise
            set_error(self.error, inline_error(problem))
            return None
        self.outcome.clear()
        self.open_button.hide()
        remember_export_folder(self._runner.actor_id, Path(folder))
        self.job = BackgroundJob(self._start(Path(folder), sign), self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.job.finished.connect(self._finished)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.stage.setText(tr("正在导出…"))
        self.progress.setRange(0, 0)
        self.job.start()
        return self.job

    @Slot()
    def cancel(self) -> None:
        if self.job is not None and not self.job.committing:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(tr("正在停止…"))

    @Slot(str, int, int)
    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.job is None or self.job.cancel_requested:
            return
        self.cancel_button.setEnabled(stage != COMMITTING)
        self.stage.setText(stage_text(stage, done, total))
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self.package = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stage.setText(tr("导出完成"))
        self.outcome.setText(self._describe(result))
        self.open_button.show()
        self.exported.emit(result)

    @Slot(object)
    def _failed(self, error: AppError) -> None:
        self._idle(tr("未导出"))
        show_error(self, error)

    @Slot()
    def _cancelled(self) -> None:
        self._idle(tr("已取消：本次未写入的不会导出；已完成的保留"))

    def _idle(self, text: str) -> None:
        self.stage.setText(text)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    @Slot()
    def _finished(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.job is not None:
            self.job.wait()  # finished is emitted just before the thread ends: let it end first
        self.job = None

    def stop_and_wait(self) -> None:
        """Closing must not leave a thread: cancel (unless committing), then wait."""
        if self.job is not None:
            self.cancel()
            self.job.wait()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.stop_and_wait()
        super().closeEvent(event)

    def reject(self) -> None:
        self.stop_and_wait()
        super().reject()


def binder_folder_name(patient: str, case_number: str, day: date) -> str:
    """The folder a case's binder is delivered in, named for a person
    (``张三_GS2026-0012_病例档案_2026-03-01``); the package inside keeps its machine name."""
    return human_name(patient, case_number, tr("病例档案"), day)


def case_folder_name(runner: Runner, case_id: int, *parts: str | date, fallback: str = "",
                     suffix: str = "") -> str:
    """``张三_GS2026-0012_{parts…}``: where a case's package is delivered, or (``suffix``
    ".pdf") the name of a single document handed to a person; ``fallback`` for the patient
    when the case cannot be read."""
    from desktop_app.services.clinical.case_view import case_row

    row = runner.read(case_row, case_id, runner.clock.today())
    if isinstance(row, AppError) or row is None:
        return human_name(fallback, *parts, suffix=suffix)
    return human_name(row.patient_name, row.case_number, *parts, suffix=suffix)


def binder_export_dialog(runner: Runner, case_id: int, case_label: str,
                         parent: QWidget | None) -> ExportDialog:
    """档案 → 导出病例档案…: the case's whole archive (``services/archive_export``), in a
    folder named for the patient, the case and the day."""
    from desktop_app.services.claims.claim_export import PackageResult
    from desktop_app.services.records.archive_export import export_archive

    name = case_folder_name(runner, case_id, tr("病例档案"), runner.clock.today(), fallback=case_label)

    def start(out_dir: Path, sign: PdfSigner | None) -> Work:
        return runner.progress_job(export_archive, case_id, out_dir / name, sign=sign)

    def describe(result: PackageResult) -> str:
        signed = tr("，PDF 已加数字签名") if result.signed else ""
        return tr("已写入：{folder}\n{zip}\n{documents} 份 PDF{signed}；审计锚点 #{anchor}").format(
            folder=result.folder, zip=result.zip_path, documents=len(result.documents), signed=signed,
            anchor=result.anchor_seq)

    return ExportDialog(
        runner, tr("导出病例档案"),
        tr("{case}：按法定顺序导出全部档案（目录、申请与核准、方案、处方、执行单、评估、结算、附件、"
           "审计记录），作为完整性校验包（文件夹和 zip，可据校验值检查每个文件未被改动），"
           "供检查或异地保存。").format(case=case_label),
        start, describe, parent)
