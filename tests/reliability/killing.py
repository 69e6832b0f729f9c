"""Helpers for killing work with SIGKILL: a forked child runs the operation (the command line's
own ``main``, or a script), the parent kills it after a delay, or the child kills itself after
its n-th SQL statement. Forking skips the interpreter's start-up, so a kill lands inside the
operation, and keeps the battery within its time budget.

The parent must hold no database connection when it forks (``dispose`` its engines first):
a child must never use, nor close, a connection it inherited."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from desktop_app.db.engine import make_engine

FORK = multiprocessing.get_context("fork")
RUN_LIMIT_S = 120.0  # no operation of the battery takes this long: a hang fails the test


@dataclass(frozen=True)
class Outcome:
    killed: bool  # SIGKILL ended it before it finished
    exitcode: int | None
    seconds: float


def _cli(argv: Sequence[str]) -> None:
    from desktop_app.cli.main import main

    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)  # the command's report is not the test's output; errors still show
    os._exit(main(list(argv)))


def run_cli(argv: Sequence[str], kill_after: float | None = None) -> Outcome:
    """``rehab-archive argv`` in a forked child, killed after ``kill_after`` seconds."""
    return run_child(_cli, (list(argv),), kill_after)


def run_child(target: Callable[..., None], args: tuple[object, ...],
              kill_after: float | None = None) -> Outcome:
    started = time.monotonic()
    child = FORK.Process(target=target, args=args)
    child.start()
    child.join(RUN_LIMIT_S if kill_after is None else kill_after)
    if child.is_alive():
        if kill_after is None:  # a hang: end it, then fail
            child.kill()
            child.join()
            raise AssertionError(f"{target.__name__}{args} did not finish in {RUN_LIMIT_S} s")
        child.kill()
        child.join(RUN_LIMIT_S)
    assert child.exitcode is not None
    return Outcome(child.exitcode == -signal.SIGKILL, child.exitcode, time.monotonic() - started)


def kill_after_statements(engine: Engine, count: int) -> None:
    """SIGKILL this very process when ``engine`` has run ``count`` statements."""
    seen = [0]

    def after(*_args: object) -> None:
        seen[0] += 1
        if seen[0] >= count:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(engine, "after_cursor_execute", after)


@contextmanager
def opened(url: str) -> Iterator[Engine]:
    """An engine for checks between kills, disposed before the next fork."""
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def fresh_pg_database(url: str) -> str:
    """``url``'s database, empty: created when missing (and kept for the next run), otherwise
    its schema dropped and created again (much faster than a new database)."""
    parsed = make_url(url)
    assert parsed.database
    server = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
    try:
        with server.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name"), {"name": parsed.database})
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                           {"name": parsed.database}) is None:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
                return url
    finally:
        server.dispose()
    with opened(url) as engine, engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return url


def pg_url(base: str, suffix: str) -> str:
    """A database beside ``base`` named ``<base's name>_<suffix>``."""
    parsed = make_url(base)
    return parsed.set(database=f"{parsed.database}_{suffix}").render_as_string(hide_password=False)
