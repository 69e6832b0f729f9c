"""Engine set-up for the embedded SQLite archive and for a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from desktop_app.errors import EnvironmentProblem

SQLITE_BUSY_TIMEOUT_MS = 10_000


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
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


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
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=pool_size)


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
