"""Opening an archive that must already exist, and refusing everything else with a message.

A mistyped path must never become a new, empty archive that then "passes" every check: only
``init``, ``demo`` and the first-run wizard create one (``open_or_create``). Everything else
goes through ``open_existing``: the URL names a backend the app supports, the SQLite file
exists, is not empty, starts with SQLite's header and holds this app's schema at a revision
the app knows. The checks read through a read-only connection first, because even opening a
SQLite file with the archive's settings (``journal_mode = WAL``) rewrites its header.

Read-only opening, for commands that only read: SQLite ``mode=ro`` (``immutable=1`` on
read-only media, where the WAL's ``-shm`` file cannot be created), PostgreSQL sessions whose
transactions are read-only by default. Neither can upgrade the schema.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from desktop_app.db.engine import SQLITE_BUSY_TIMEOUT_MS, environment_problem, make_engine
from desktop_app.db.migrate import check_not_newer, head_revision, interrupted_creation
from desktop_app.errors import AppError, EnvironmentProblem, UserError

SQLITE_HEADER = b"SQLite format 3\x00"
DRIVERS = {"sqlite": ("sqlite", "sqlite+pysqlite"), "postgresql": ("postgresql", "postgresql+psycopg")}
EXAMPLES = "sqlite:///path/archive.sqlite3, postgresql+psycopg://user@host/database"
PG_READ_ONLY = "-c default_transaction_read_only=on"


def checked_url(text: str) -> URL:
    """The URL if it names a supported backend and, for SQLite, a file; ``UserError`` if not.
    A bare ``postgresql://`` uses psycopg 3, the driver the app ships."""
    try:
        url = make_url(text)
        url.port  # noqa: B018  (a port that is not a number fails here, not at connect time)
    except Exception:  # noqa: BLE001  (SQLAlchemy raises several kinds for a malformed URL)
        raise _not_a_url(text) from None
    backend = url.get_backend_name()
    if backend not in DRIVERS or url.drivername not in DRIVERS[backend]:
        raise _not_a_url(text)
    if backend == "postgresql":
        try:  # a host name the resolver cannot take ("\x80") fails here, not as a crash
            (url.host or "").encode("idna")
        except UnicodeError:
            raise _not_a_url(text, "主机名无效", "the host name is not valid") from None
        return url.set(drivername="postgresql+psycopg")
    if url.query:
        raise _not_a_url(text, "SQLite 地址不带参数", "a SQLite URL takes no options")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise UserError(f"SQLite 地址没有文件路径：{text}。请给出档案文件，例如 sqlite:///path/archive.sqlite3。",
                        f"The SQLite URL has no file path: {text}. Name the archive's file, e.g. "
                        "sqlite:///path/archive.sqlite3.")
    return url


def _not_a_url(text: str, why_zh: str = "", why_en: str = "") -> UserError:
    shown = text if "@" not in text else "…"  # never echo a password
    shown = shown if len(shown) <= 120 else shown[:120] + "…"
    zh = f"“{shown}”不是数据库地址{f'（{why_zh}）' if why_zh else ''}，例如 {EXAMPLES}。"
    en = f"“{shown}” is not a database URL{f' ({why_en})' if why_en else ''}; e.g. {EXAMPLES}."
    return UserError(zh, en)


def url_text(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def sqlite_file(url: URL) -> Path | None:
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def not_an_archive(place: object, why_zh: str, why_en: str) -> UserError:
    return UserError(f"{place} 不是本程序的档案（{why_zh}），未做任何修改。",
                     f"{place} is not an archive of this app ({why_en}); nothing was changed.")


def check_sqlite_file(path: Path) -> None:
    """Refuse a missing path, a folder, an empty file or one that is not SQLite, reading only
    its first 16 bytes."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise not_an_archive(path, "不是文件", "not a file")
        if info.st_size == 0:
            raise not_an_archive(path, "空文件，0 字节", "an empty file, 0 bytes")
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise UserError(f"档案不存在：{path}。请检查路径；新建档案请用 init。",
                        f"There is no archive at {path}. Check the path; to create a new "
                        "archive use init.") from None
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL character
        raise EnvironmentProblem(f"无法读取 {path}：{error}", f"Cannot read {path}: {error}") from error
    if header != SQLITE_HEADER:
        raise not_an_archive(path, "不是 SQLite 数据库", "not a SQLite database")


def on_read_only_media(folder: Path) -> bool:
    """True where SQLite could not create the WAL's ``-shm`` beside the file (a DVD, a
    read-only mount, a folder this user may not write)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is not None and statvfs(folder).f_flag & os.ST_RDONLY:
        return True
    return not os.access(folder, os.W_OK)


def archive_on_read_only_media(text: str) -> bool:
    """A SQLite archive whose folder cannot be written (a DVD): nothing may be written to it,
    not even a backup's own audit event."""
    path = sqlite_file(checked_url(text))
    return path is not None and path.parent.is_dir() and on_read_only_media(path.resolve().parent)


def sqlite_read_url(path: Path) -> URL:
    """A ``mode=ro`` URI for the file, ``immutable=1`` on read-only media. ``immutable``
    tells SQLite that nobody changes the file, so it is used only where nobody can."""
    mode = "mode=ro&immutable=1" if on_read_only_media(path.resolve().parent) else "mode=ro"
    return URL.create("sqlite+pysqlite", database=f"{path.resolve().as_uri()}?{mode}",
                      query={"uri": "true"})


def _read_only_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def read_only_engine(url: URL) -> Engine:
    """An engine that cannot write: SQLite ``mode=ro``, PostgreSQL read-only transactions."""
    path = sqlite_file(url)
    if path is not None:
        engine = create_engine(sqlite_read_url(path), poolclass=NullPool)
        event.listen(engine, "connect", _read_only_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"options": PG_READ_ONLY})


def _revision(reader: Engine, place: str) -> str:
    """The archive's schema revision, through the read-only engine; refuse a database that
    holds nothing of the archive, or was written by a newer app."""
    revision = check_not_newer(reader)
    if revision is None:
        raise not_an_archive(place, "其中没有档案的数据表", "it holds none of the archive's tables")
    return revision


def open_existing(text: str, *, read_only: bool, need_head: bool = False) -> Engine:
    """An engine on an archive that exists: read-only (never upgraded), or with the archive's
    settings for a command that writes (the caller upgrades it). ``need_head``: an older schema
    is refused with the advice to run ``init``, for readers whose queries need the current one."""
    url = checked_url(text)
    path = sqlite_file(url)
    if path is not None:
        check_sqlite_file(path)
    place = str(path) if path is not None else url.render_as_string(hide_password=True)
    reader = read_only_engine(url)
    try:
        revision = _revision(reader, place)
    except BaseException:
        reader.dispose()
        raise
    if need_head and revision != head_revision():
        reader.dispose()
        raise UserError(
            f"档案的结构版本较旧（{revision}），此命令只读、不升级；"
            "请先运行 rehab-archive init 升级（升级前自动备份）。",
            f"The archive's schema is older ({revision}); this command only reads and does not "
            "upgrade it. Run `rehab-archive init` first (it backs the archive up before upgrading).")
    if read_only:
        return reader
    reader.dispose()
    return make_engine(url_text(url))


def open_or_create(text: str) -> Engine:
    """An engine for ``init``/``demo``: a new archive where there is no file, or an existing
    one; an existing file that is not SQLite or some other database is refused before the
    archive's settings touch it. A file of 0 bytes, or with this app's tables but no schema
    version and no records, is what a killed creation leaves: it is created (again)."""
    url = checked_url(text)
    path = sqlite_file(url)
    if path is not None and (path.exists() or path.is_symlink()):
        if path.is_file() and not path.is_symlink() and path.stat().st_size == 0:
            return make_engine(url_text(url))  # a creation killed before SQLite wrote a page
        check_sqlite_file(path)
        reader = read_only_engine(url)
        try:
            if not interrupted_creation(reader):  # that one upgrade_database creates again
                check_not_newer(reader)
        finally:
            reader.dispose()
    return make_engine(url_text(url))


def is_disk_full(error: BaseException) -> bool:
    text = str(error).lower()
    return (isinstance(error, OSError) and error.errno == errno.ENOSPC) or any(
        words in text for words in ("no space left", "disk is full", "disk full"))


def problem_of(error: BaseException) -> AppError | None:
    """A message for people about ``error`` (a driver, disk or raw ``sqlite3`` error), or None
    for a bug."""
    if isinstance(error, AppError):
        return error
    if is_disk_full(error):
        return EnvironmentProblem(f"磁盘已满：{error}", f"The disk is full: {error}")
    if isinstance(error, sqlite3.Error):
        return EnvironmentProblem(f"数据库文件错误：{error}", f"Database file error: {error}")
    return environment_problem(error)
