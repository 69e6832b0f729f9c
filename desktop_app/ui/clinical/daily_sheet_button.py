"""打印今日治疗单: the therapist's daily sheet (``documents.daily_sheet``) of the therapist the
worklist shows, built off the UI thread with progress and Cancel, then opened to print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop_app.errors import UserError
from desktop_app.services.clinical.daily_sheet_view import PrintedSheet, daily_sheet_pdf
from desktop_app.ui.kit.busy import BusyWork
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.messages import show_error
from desktop_app.ui.kit.pdf_viewer import open_pdf
from desktop_app.ui.kit.runner import Runner


class DailySheetButton(QPushButton):
    """``therapist()`` names whose sheet (the worklist's choice; None: nobody chosen)."""

    def __init__(self, runner: Runner, therapist: Callable[[], int | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("打印今日治疗单"), parent)
        self.setObjectName("printDailySheet")
        self.setToolTip(tr("本治疗师今日患者、处方项目、剩余次数与患者签名栏（PDF，可打印）"))
        self._runner = runner
        self._therapist = therapist
        self.busy: BusyWork[PrintedSheet] | None = None
        self.printed: PrintedSheet | None = None
        self.printed_path: Path | None = None
        self.clicked.connect(self.print_sheet)

    @Slot()
    def print_sheet(self) -> None:
        therapist = self._therapist()
        if therapist is None:
            show_error(self, UserError("请先选择治疗师。", "Choose a therapist first."))
            return
        work = self._runner.read_job(daily_sheet_pdf, therapist, self._runner.clock.today(),
                                     self._runner.clock.now())
        self.busy = BusyWork(self, tr("正在生成今日治疗单…"), work, self._printed).start()

    def _printed(self, sheet: PrintedSheet) -> None:
        self.printed = sheet
        self.printed_path = open_pdf(self, sheet.pdf, sheet.filename)
