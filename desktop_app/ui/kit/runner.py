"""Calling a service from the UI: a unit of work as the signed-in user, and the error to
show instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.clock import Clock
from desktop_app.db.engine import environment_problem
from desktop_app.errors import AppError
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.kit.messages import show_error

# What a service call may raise that is not a bug: the message goes to the user.
EXPECTED = (AppError, SQLAlchemyError, OSError)


def app_error(error: BaseException) -> AppError | None:
    """The bilingual error to show for ``error``; None for a bug (let it propagate)."""
    if isinstance(error, AppError):
        return error
    if isinstance(error, SQLAlchemyError | OSError):
        return environment_problem(error)
    return None


P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Runner:
    """The archive, the clock and who is acting (None: nobody signed in yet)."""

    engine: Engine
    clock: Clock
    actor_id: int | None = None

    def as_actor(self, actor_id: int | None) -> Runner:
        return replace(self, actor_id=actor_id)

    def run(self, service: Callable[Concatenate[UnitOfWork, P], T], *args: P.args,
            **kwargs: P.kwargs) -> T | AppError:
        """The service's result, or the error to show the user (a bug propagates)."""
        try:
            with UnitOfWork(self.engine, clock=self.clock, actor_id=self.actor_id) as uow:
                return service(uow, *args, **kwargs)
        except EXPECTED as error:
            problem = app_error(error)
            if problem is None:
                raise
            return problem


def failed(parent: QWidget, result: object) -> bool:
    """True, after showing the message box, if ``result`` is an error."""
    if isinstance(result, AppError):
        show_error(parent, result)
        return True
    return False
