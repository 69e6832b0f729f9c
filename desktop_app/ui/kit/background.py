"""Long work off the UI thread: progress, Cancel, and errors as messages.

``BackgroundJob(work)`` runs ``work(progress)`` in a thread of its own. The work reports
with ``progress(stage, done, total)`` (``total`` 0 when unknown); each call also checks
whether Cancel was pressed and then raises ``Cancelled``, so the work stops at its next
report, except that after a ``services.core.progress.COMMITTING`` report (the work is writing
and committing) a Cancel waits for the next ordinary report, and work that finishes in
that state reports its result, not a cancellation. The result arrives as
``succeeded(object)``, an expected error (bad input, the database or disk in the way)
as ``failed(AppError)``, anything else is logged with its traceback and arrives as
``failed`` with a short apology; ``cancelled()`` when stopped.
The work gets no database session from here: it opens its own (never share one across
threads).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from desktop_app.errors import AppError
from desktop_app.services.core.progress import COMMITTING
from desktop_app.services.core.reads import as_app_error

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
Work = Callable[[Progress], Any]
EMIT_EVERY = 0.05  # seconds between progress signals, so a busy worker cannot flood the UI
BUG = AppError("程序遇到意外错误，已记录到日志。", "An unexpected error occurred; it was logged.")


class Cancelled(Exception):  # noqa: N818 (a request, not a failure)
    """Raised inside the work by its progress callback once Cancel was pressed."""


class BackgroundJob(QThread):
    """One piece of work in its own thread. Connect the signals, then ``start()``."""

    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # AppError
    cancelled = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self._last_emit = 0.0
        self.committing = False  # between a COMMITTING report and the next report

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (any thread)."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def report(self, stage: str, done: int, total: int) -> None:
        """The progress callback handed to the work."""
        if self._stop.is_set():
            raise Cancelled
        self.committing = stage == COMMITTING
        if self.committing:
            self.progressed.emit(stage, done, total)  # always: the UI disables Cancel
            return
        now = time.monotonic()
        if now - self._last_emit >= EMIT_EVERY or (total and done >= total):
            self._last_emit = now
            self.progressed.emit(stage, done, total)

    def run(self) -> None:  # the worker thread
        try:
            result = self._work(self.report)
        except Cancelled:
            self.cancelled.emit()
            return
        except Exception as error:  # noqa: BLE001 (every failure becomes a message)
            problem = as_app_error(error)
            if problem is None:
                log.exception("background work failed")
                problem = BUG
            else:
                log.warning("background work refused: %s", problem)
            self.failed.emit(problem)
            return
        if self._stop.is_set() and not self.committing:
            self.cancelled.emit()  # finished as Cancel was pressed: treat as stopped
        else:
            self.succeeded.emit(result)
