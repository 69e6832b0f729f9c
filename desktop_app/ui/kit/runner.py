"""The one way from the UI to the archive.

- ``runner.submit(parent, use_case, *args).then(done)``: a write, in a unit of work as the
  signed-in user, in the archive worker; the use case commits. In the UI thread afterwards
  the record kinds it wrote are kept in ``runner.changes`` and ``done(result)`` is called
  (an error is ``parent``'s message box instead). ``parent`` is disabled meanwhile, so the
  same write cannot be sent twice; a parent that goes away meanwhile loses nothing (the
  write is committed) and is not called back.
- ``runner.run(use_case, *args)``: the same, synchronous, on the calling thread; only for
  what cannot wait (see docs/architecture.md).
- ``runner.read(query, *args)``: a read in a session of its own.
- ``runner.job(use_case, *args)`` / ``runner.read_job(query, *args)``: the same, as work
  for a ``BackgroundJob`` (off the UI thread, with progress and Cancel).

``run`` and ``read`` return the result or the ``AppError`` to show; ``failed(result,
parent)`` shows it and narrows the type, so no ``assert isinstance`` is needed:

    found = self._runner.read(plan_view.plan_page, case_id)
    if failed(found, self):
        return
    self.data = found  # a PlanPage here

``fetch`` raises the ``AppError`` instead, for dialogs built around what they read (open
them with ``opened``). A bug still propagates to the crash report.

Pages read in the background, so a slow archive never freezes the window: a page keeps a
``PageReads`` and asks it ``reads.read(show, query, *args)``. The query runs in the one
read worker; ``show`` gets its typed result in the UI thread; an error is the page's message
box. Asking again (another case, a refresh) drops what an earlier, unfinished read would
have shown, and so does ``cancel()`` or the page going away. A read that takes longer than
``SHOW_LOADING_AFTER_MS`` shows "正在读取…" on the page until it arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from typing_extensions import TypeIs

from desktop_app.clock import Clock
from desktop_app.errors import AppError
from desktop_app.services.core.progress import Progress
from desktop_app.services.core.reads import Database, as_app_error, read
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.messages import show_error

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
W = TypeVar("W", bound=QWidget)
SHOW_LOADING_AFTER_MS = 300  # a quicker read shows its result without a flash of "loading"


class Changes:
    """The record kinds (tables) the last successful write committed."""

    def __init__(self) -> None:
        self.last: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Runner:
    """The archive, the clock and who is acting (None: nobody signed in yet)."""

    engine: Database
    clock: Clock
    actor_id: int | None = None
    changes: Changes = field(default_factory=Changes, compare=False)

    def as_actor(self, actor_id: int | None) -> Runner:
        return replace(self, actor_id=actor_id)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, clock=self.clock, actor_id=self.actor_id)

    def _commit(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> _Committed[T]:
        """The use case in a unit of work of its own, and the kinds it committed."""
        with self.unit_of_work() as uow:
            result = use_case(uow, *args, **kwargs)
        return _Committed(result, uow.changed)

    def _write(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``_commit``, keeping the kinds it committed."""
        committed = self._commit(use_case, *args, **kwargs)
        self.changes.last = committed.changed
        return committed.result

    def run(self, use_case: Callable[Concatenate[UnitOfWork, P], T], *args: P.args,
            **kwargs: P.kwargs) -> T | AppError:
        """Synchronous: the use case's result, or the error to show the user (a bug
        propagates). Only where a write cannot wait: pages and dialogs ``submit``."""
        try:
            return self._write(use_case, *args, **kwargs)
        except Exception as error:
            return _expected(error)

    def submit(self, parent: QWidget, use_case: Callable[Concatenate[UnitOfWork, P], T],
               *args: P.args, **kwargs: P.kwargs) -> WriteOp[T]:
        """The write in the archive worker (after whatever was asked of it before);
        ``parent`` stays disabled until the result is handed over. Say what follows with
        ``.then(done, failed)`` right away: nothing arrives before the caller returns."""
        op: WriteOp[T] = WriteOp(self, parent)
        mailbox = _mailbox()
        mailbox.pending += 1

        def work() -> None:  # the archive worker
            outcome = _outcome(partial(self._commit, use_case, *args, **kwargs), "write")
            mailbox.hand_over(partial(op._arrive, outcome))

        mailbox.pool.start(work)
        return op

    def read(self, query: Callable[Concatenate[Any, P], T], *args: P.args,
             **kwargs: P.kwargs) -> T | AppError:
        """The query's result, or the error to show (a lost database is a message)."""
        try:
            return read(self.engine, query, *args, **kwargs)
        except Exception as error:
            return _expected(error)

    def fetch(self, query: Callable[Concatenate[Any, P], T], *args: P.args,
              **kwargs: P.kwargs) -> T:
        """The query's result; an expected failure raises its ``AppError``."""
        result = self.read(query, *args, **kwargs)
        if isinstance(result, AppError):
            raise result
        return result

    def job(self, use_case: Callable[Concatenate[UnitOfWork, P], T], *args: P.args,
            **kwargs: P.kwargs) -> Callable[[Progress], T]:
        """Work for a ``BackgroundJob``: the use case in a unit of work of the job's own
        thread (never share a session across threads)."""
        return lambda _progress: self._write(use_case, *args, **kwargs)

    def progress_job(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[Progress], T]:
        """``job`` for a use case that reports progress: it gets the job's callback as
        ``progress`` (which also stops it when Cancel is pressed)."""
        return lambda progress: self._write(use_case, *args, progress=progress, **kwargs)

    def read_job(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[Progress], T]:
        """Work for a ``BackgroundJob`` that only reads; the query gets ``progress``."""
        def work(progress: Progress) -> T:
            return read(self.engine, query, *args, progress=progress, **kwargs)
        return work


@dataclass(frozen=True)
class _Committed(Generic[T]):
    result: T
    changed: frozenset[str]


BUSY = "archiveWritesPending"  # a widget's property: writes it waits for


class WriteOp(Generic[T]):
    """A write sent to the archive worker: what to do with its result in the UI thread."""

    def __init__(self, runner: Runner, parent: QWidget) -> None:
        self._runner = runner
        self._parent = parent
        self._done: Callable[[T], object] | None = None
        self._failed: Callable[[AppError], object] | None = None
        self.finished = False
        self._focus = _hold(parent)

    def then(self, done: Callable[[T], object],
             failed: Callable[[AppError], object] | None = None) -> WriteOp[T]:
        """``done(result)`` after a commit; ``failed(error)`` instead of the message box."""
        self._done, self._failed = done, failed
        return self

    def either(self, handle: Callable[[T | AppError], object]) -> WriteOp[T]:
        """``handle(result or error)``: for callers that sort the errors themselves (a
        failed validation shown inline, a form's ``outcome``)."""
        return self.then(handle, handle)

    def _arrive(self, outcome: _Committed[T] | AppError | _Bug) -> None:
        self.finished = True
        if isinstance(outcome, _Committed):
            self._runner.changes.last = outcome.changed
        alive = shiboken6.isValid(self._parent)
        if alive:
            _release(self._parent, self._focus)
        if isinstance(outcome, _Bug):
            raise outcome.error
        if not alive:
            if isinstance(outcome, AppError):
                log.warning("a write for a closed window was refused: %s", outcome.en)
            return  # committed; nobody left to tell
        if isinstance(outcome, AppError):
            if self._failed is None:
                show_error(self._parent, outcome)
            else:
                self._failed(outcome)
        elif self._done is not None:
            self._done(outcome.result)


def _hold(parent: QWidget) -> QWidget | None:
    """Disable ``parent`` for one more write; the widget that had the focus in it."""
    focus = QApplication.focusWidget()
    inside = focus is not None and (focus is parent or parent.isAncestorOf(focus))
    pending = parent.property(BUSY)
    count = pending if isinstance(pending, int) else 0
    if count == 0:
        parent.setProperty("archiveWasEnabled", parent.isEnabled())
        parent.setEnabled(False)
    parent.setProperty(BUSY, count + 1)
    return focus if inside else None


def _release(parent: QWidget, focus: QWidget | None) -> None:
    """One write less: the last one gives ``parent`` back as it was, focus included."""
    pending = parent.property(BUSY)
    count = (pending if isinstance(pending, int) else 1) - 1
    parent.setProperty(BUSY, count)
    if count > 0:
        return
    parent.setEnabled(bool(parent.property("archiveWasEnabled")))
    if focus is not None and shiboken6.isValid(focus) and focus.isEnabled() and focus.isVisible():
        focus.setFocus()


def writing(widget: QWidget) -> bool:
    """A write sent for ``widget`` has not come back yet."""
    pending = widget.property(BUSY)
    return isinstance(pending, int) and pending > 0


def _expected(error: Exception) -> AppError:
    problem = as_app_error(error)
    if problem is None:
        raise error
    return problem


def failed(result: object, parent: QWidget) -> TypeIs[AppError]:
    """True, after showing the message box, if ``result`` is an error."""
    if isinstance(result, AppError):
        show_error(parent, result)
        return True
    return False


def opened(parent: QWidget, build: Callable[[], W]) -> W | None:
    """A dialog built by ``build`` (which may read the archive with ``fetch``), or None
    after showing why it could not be read."""
    try:
        return build()
    except Exception as error:
        show_error(parent, _expected(error))
        return None


class _Bug:
    """A read or write that failed for a reason that is no one's environment: re-raised in
    the UI thread, so it reaches the crash report as a synchronous call's bug did."""

    def __init__(self, error: Exception) -> None:
        self.error = error


class _Mailbox(QObject):
    """The one archive worker and the way back from it: what a read found or a write did
    is emitted from the worker and handed over in the UI thread. Reads and writes share
    the one thread, so they happen in the order asked: writes one at a time, and a read
    asked after a write sees it. Owned by the application, so it outlives every page that
    may still be waiting for it."""

    arrived = Signal(object)
    NAME = "archiveReads"

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.setObjectName(self.NAME)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one worker: reads and writes in the order asked
        self.pending = 0  # asked, not yet handed over (UI thread only)
        self.arrived.connect(self._deliver)

    @Slot(object)
    def _deliver(self, delivery: Callable[[], None]) -> None:
        self.pending -= 1
        delivery()

    def hand_over(self, delivery: Callable[[], None]) -> None:
        """From the worker: ``delivery`` to run in the UI thread. When the application has
        quit meanwhile (a read still running as the window closed, a screenshot taken and
        the app gone), this mailbox is deleted with it and there is no one to show it to:
        the result is dropped, not raised in the worker as an unhandled error."""
        try:
            self.arrived.emit(delivery)
        except RuntimeError:  # "Signal source has been deleted": the application is gone
            log.info("a background result arrived after the application quit; dropped")


_orphan_mailbox: list[_Mailbox] = []  # only when no application exists (never in the app)


def _mailbox() -> _Mailbox:
    app = QCoreApplication.instance()
    if app is None:
        if not _orphan_mailbox:
            _orphan_mailbox.append(_Mailbox(None))
        return _orphan_mailbox[0]
    found = app.findChild(_Mailbox, _Mailbox.NAME)
    return found if isinstance(found, _Mailbox) else _Mailbox(app)


def archive_idle() -> bool:
    """No page read or write is queued, running or waiting to be handed over (tests wait
    for this)."""
    return _mailbox().pending == 0


class PageReads(QObject):
    """A page's reads in the background (see the module docstring). Each ``read`` makes
    the earlier ones of this object stale; a page with two independent reads keeps two."""

    def __init__(self, runner: Runner, page: QWidget) -> None:
        super().__init__(page)
        self.runner = runner
        self._page = page
        self.generation = 0  # read in the worker thread too: a stale read is not started
        self.loading = False
        self._after: list[Callable[[], None]] = []
        self.label = QLabel(tr("正在读取…"), page)
        self.label.setObjectName("loading")
        self.label.setStyleSheet("background: #fff8c4; border: 1px solid #c9b400; padding: 2px 6px;")
        self.label.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_LOADING_AFTER_MS)
        self._timer.timeout.connect(self._show_loading)

    def read(self, show: Callable[[T], None], query: Callable[Concatenate[Any, P], T],
             *args: P.args, **kwargs: P.kwargs) -> None:
        """``query(session, *args)`` in the read worker, then ``show(result)`` here unless
        the page asked again meanwhile."""
        self.generation += 1
        generation = self.generation
        self.loading = True
        self._timer.start()
        mailbox = _mailbox()
        mailbox.pending += 1
        engine = self.runner.engine

        def work() -> None:  # the read worker
            if generation != self.generation:
                outcome: object = None  # asked again before this one began: not read
            else:
                outcome = _outcome(partial(read, engine, query, *args, **kwargs), "page read")
            mailbox.hand_over(partial(self._arrive, generation, show, outcome))

        mailbox.pool.start(work)

    def cancel(self) -> None:
        """Whatever is still being read is not shown (the case was closed or switched)."""
        self.generation += 1
        self._done()
        self._after.clear()

    def after_shown(self, call: Callable[[], None]) -> None:
        """``call()`` once what is being read is shown (now, if nothing is): selecting a
        row of a page that is still reading."""
        if self.loading:
            self._after.append(call)
        else:
            call()

    def _arrive(self, generation: int, show: Callable[[Any], None], outcome: object) -> None:
        if isinstance(outcome, _Bug):
            raise outcome.error
        if not shiboken6.isValid(self) or generation != self.generation:
            return  # the page went away, or asked again: this result is stale
        self._done()
        after, self._after = self._after, []
        if isinstance(outcome, AppError):
            show_error(self._page, outcome)
            return
        show(outcome)
        for call in after:
            call()

    def _done(self) -> None:
        self.loading = False
        self._timer.stop()
        self.label.hide()

    @Slot()
    def _show_loading(self) -> None:
        self.label.adjustSize()
        self.label.move(max(0, self._page.width() - self.label.width() - 8), 4)
        self.label.raise_()
        self.label.show()


def _outcome(work: Callable[[], T], what: str) -> T | AppError | _Bug:
    """What the worker hands back: the result, the message to show, or the bug."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 (sorted here, raised in the UI thread if a bug)
        problem = as_app_error(error)
        if problem is None:
            log.exception("%s failed", what)
            return _Bug(error)
        return problem
