"""The one way from the UI to the archive.

- ``runner.run(use_case, *args)``: a write, in a unit of work as the signed-in user;
  the use case commits. The record kinds it wrote are kept in ``runner.changes``.
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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Concatenate, ParamSpec, TypeVar

from PySide6.QtWidgets import QWidget
from typing_extensions import TypeIs

from desktop_app.clock import Clock
from desktop_app.errors import AppError
from desktop_app.services.core.progress import Progress
from desktop_app.services.core.reads import Database, as_app_error, read
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.kit.messages import show_error

P = ParamSpec("P")
T = TypeVar("T")
W = TypeVar("W", bound=QWidget)


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

    def _write(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The use case in a unit of work of its own; the kinds it committed are kept."""
        with self.unit_of_work() as uow:
            result = use_case(uow, *args, **kwargs)
        self.changes.last = uow.changed
        return result

    def run(self, use_case: Callable[Concatenate[UnitOfWork, P], T], *args: P.args,
            **kwargs: P.kwargs) -> T | AppError:
        """The use case's result, or the error to show the user (a bug propagates)."""
        try:
            return self._write(use_case, *args, **kwargs)
        except Exception as error:
            return _expected(error)

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
