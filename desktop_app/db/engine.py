"""Engine set-up for the embedded SQLite archive and for a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from desktop_app.errors import EnvironmentProblem

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option naming how a SQLite transaction begins: "IMMEDIATE" takes the write lock
# at BEGIN, so a use case's checks and its insert see one state (units of work set it).
SQLITE_BEGIN = "sqlite_begin"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def redact_url(url: str) -> str:
    """The URL with its password hidden, for display and logs."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory or other engines)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Durability settings measured to lose nothing on kill -9 (ENGINEERING.md)."""
    # The driver would begin a transaction only before INSERT/UPDATE/DELETE, leaving a use
    # case's reads and DDL outside it: SQLAlchemy's "begin" event below begins instead.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Begin every transaction explicitly: deferred, or immediate when asked (see SQLITE_BEGIN).
    Reads, checks, DDL and writes of one transaction then succeed or fail together."""
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE"):
        raise ValueError(f"unknown SQLite begin mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")


SQLITE_BUSY_SNAPSHOT = 517  # (SQLITE_BUSY | 2 << 8): a write from a transaction that read stale data


def is_stale_snapshot(error: BaseException | None) -> bool:
    """A SQLite transaction read, another writer committed, and it then tried to write: its
    reads are out of date, so SQLite refuses at once (waiting would not help)."""
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT


def make_engine(url: str, *, echo: bool = False, pool_size: int = 5) -> Engine:
    """Create an engine with the archive's settings for its backend."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=pool_size)
    event.listen(engine, "connect", _postgresql_settings)
    return engine


def _postgresql_settings(dbapi_connection: Any, _record: object) -> None:
    """No JIT compilation: the archive's longest reads (a year's statistics, verify's batches)
    run for a second or less, and compiling them took 100–200 ms of that on the 30-year
    archive (docs/performance.md); JIT pays off only for queries of many seconds."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def environment_problem(error: BaseException) -> EnvironmentProblem | None:
    """Translate a driver or disk error into a message for people; None if it is a bug."""
    if isinstance(error, EnvironmentProblem):
        return error
    if isinstance(error, OperationalError | InterfaceError):
        detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return EnvironmentProblem(
            f"无法连接或写入数据库：{detail}",
            f"The database could not be reached or written: {detail}",
        )
    if isinstance(error, OSError):
        return EnvironmentProblem(f"文件或磁盘错误：{error}", f"File or disk error: {error}")
    return None
