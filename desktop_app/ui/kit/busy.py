"""One piece of long work started from a button (a preview, a page to print): run off
the UI thread with a progress dialog and Cancel; the result is handed to ``done`` in the
UI thread, an error raised by the work (``Runner.job``) shown as a message.

Screens with their own progress bar (catalogue import, export, verify) drive a
``BackgroundJob`` themselves; this is for the ones that have none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.errors import AppError
from desktop_app.services.core.progress import Progress
from desktop_app.ui.kit.background import BackgroundJob
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.messages import show_error

T = TypeVar("T")
SHOW_AFTER_MS = 300  # quick work finishes before the dialog would flash up


class BusyWork(QObject, Generic[T]):
    """``BusyWork(parent, label, work, done).start()``; ``job`` while it runs."""

    def __init__(self, parent: QWidget, label: str, work: Callable[[Progress], T],
                 done: Callable[[T], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._done = done
        self.job: BackgroundJob | None = BackgroundJob(work, self)
        self.dialog = QProgressDialog(label, tr("取消"), 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel)
        # Bound methods of this UI-thread object: the slots run in the UI thread.
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._close)
        self.job.finished.connect(self._finished)

    def start(self) -> BusyWork[T]:
        assert self.job is not None
        self.job.start()
        return self

    @Slot()
    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _succeeded(self, result: T) -> None:
        self._close()
        self._done(result)

    def _failed(self, error: AppError) -> None:
        self._close()
        show_error(self._parent, error)

    @Slot()
    def _finished(self) -> None:
        self._close()
        self.job = None

    @Slot()
    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
