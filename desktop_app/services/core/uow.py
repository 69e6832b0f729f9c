"""Unit of work: one database session and transaction per use case.

Services receive a ``UnitOfWork``, do their checks, add rows and ``commit()``. If
anything raises before the commit, ``__exit__`` rolls back, so bad input writes nothing.
The acting staff member and the clock travel with the unit of work so that every
row written can be audited in the same transaction (see ``services.core.audit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.clock import Clock, SystemClock
from desktop_app.db.engine import is_stale_snapshot
from desktop_app.errors import ConcurrencyConflict, EnvironmentProblem
from desktop_app.services.core import audit, audit_chain, guards


def _changed_meanwhile() -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "记录已被他人修改，请刷新后重试。",
        "The record was changed by someone else; reload it and try again.",
    )


class UnitOfWork:
    def __init__(
        self,
        engine: Engine | Connection,
        *,
        clock: Clock | None = None,
        actor_id: int | None = None,
    ) -> None:
        self.engine = engine  # a Connection: its transaction holds every commit (the demo)
        # On a Connection each unit of work is a SAVEPOINT: its commit keeps its part, its
        # rollback undoes only that part, and the connection's transaction commits them all.
        self._factory = sessionmaker(bind=engine, expire_on_commit=False,
                                     join_transaction_mode="create_savepoint")
        self.clock: Clock = clock or SystemClock()
        self.actor_id = actor_id
        self._session: Session | None = None
        self.changed: frozenset[str] = frozenset()  # record kinds (tables) its commits wrote
        self.use_case_depth = 0  # use cases (``atomic`` blocks) running in it: the outermost commits
        self._before_commit: list[Callable[[Session], Callable[[], None]]] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside a 'with' block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._factory()
        audit.attach(self._session, clock=self.clock, actor_id=self.actor_id)
        guards.attach(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        self._before_commit.clear()
        try:
            if session.in_transaction():
                session.rollback()
        finally:
            session.close()
            self._session = None
        refused = guards.refusal_from_database(exc)
        if refused is not None:
            raise refused from exc
        if is_stale_snapshot(exc):
            raise _changed_meanwhile() from exc
        if isinstance(exc, OperationalError):  # a flush inside a use case, as commit reports it
            raise _not_written(exc) from exc

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Steps that land together or not at all (a use case, or several called by one):
        a commit inside only flushes, and the outermost block commits once at its end."""
        self.use_case_depth += 1
        try:
            yield
        finally:
            self.use_case_depth -= 1
        self.commit()

    def before_commit(self, step: Callable[[Session], Callable[[], None]]) -> None:
        """``step`` runs at the next commit, after the last flush and the chaining, in the
        transaction; what it returns runs once that commit has succeeded (never if it fails)."""
        self._before_commit.append(step)

    def commit(self) -> None:
        session = self.session
        if self.use_case_depth:  # inside a use case: its outermost block commits
            session.flush()
            return
        if not (session.in_transaction() or session.new or session.dirty or session.deleted):
            return  # nothing read or written since the last commit
        on_sqlite = session.get_bind().dialect.name == "sqlite"
        # Chain inside this very transaction, last, just before the commit. SQLite's
        # writers are serialised already. PostgreSQL only tries the chain lock: if another
        # writer is chaining, it (or the next commit) takes these events too, and no
        # writer ever waits for the chain (docs/decisions.md).
        steps, self._before_commit = self._before_commit, []  # dropped if this commit fails
        try:
            session.flush()
            audit_chain.chain_pending(session, wait=on_sqlite)
            after = [step(session) for step in steps]
            session.commit()
        except StaleDataError as error:
            session.rollback()
            raise _changed_meanwhile() from error
        except OperationalError as error:
            if session.in_transaction():
                session.rollback()
            if is_stale_snapshot(error):
                raise _changed_meanwhile() from error
            raise _not_written(error) from error
        self.changed = self.changed | audit.changed_kinds(session)
        audit.changed_kinds(session).clear()
        for done in after:
            done()


def _not_written(error: OperationalError) -> EnvironmentProblem:
    """A write the database refused for its own reasons (a full disk, a read-only file)."""
    return EnvironmentProblem(f"数据库无法写入：{error.orig}",
                              f"The database could not be written: {error.orig}")
