"""Reading the archive for a screen, and the errors people see instead of a traceback.

``read`` runs a query (a function taking a session first) in a session of its own that
never commits. ``as_app_error`` is the one place that decides which failures are the
environment's (a lost database, a full disk: a message) and which are bugs (None: let
them propagate). The UI reaches the archive only through these and ``UnitOfWork``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop_app.db.engine import environment_problem
from desktop_app.errors import AppError

# The archive as the screens hold it: an opaque handle they pass back to the services.
Database = Engine

P = ParamSpec("P")
T = TypeVar("T")


def read(engine: Database, query: Callable[Concatenate[Session, P], T], *args: P.args,
         **kwargs: P.kwargs) -> T:
    """``query(session, *args)`` in a session of its own, rolled back at the end."""
    with Session(engine) as session:
        return query(session, *args, **kwargs)


def as_app_error(error: BaseException) -> AppError | None:
    """The bilingual error to show for ``error``; None for a bug."""
    if isinstance(error, AppError):
        return error
    if isinstance(error, SQLAlchemyError | OSError):
        return environment_problem(error)  # a lost connection, a locked or full disk
    return None
