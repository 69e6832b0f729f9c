"""Schema upgrades with Alembic: back up first, refuse a database from a newer app."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from desktop_app.db.engine import redact_url, sqlite_path
from desktop_app.db.pg_tools import pg_tool, run_pg_tool
from desktop_app.errors import EnvironmentProblem, SchemaTooNew

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(migrations: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    return cfg


def head_revision(migrations: Path = MIGRATIONS) -> str:
    head = ScriptDirectory.from_config(alembic_config(migrations)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions(migrations: Path = MIGRATIONS) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(migrations))
    return {rev.revision for rev in script.walk_revisions()}


# What a database without a schema version holds (``unversioned_state``).
EMPTY, INTERRUPTED, HOLDS_RECORDS, FOREIGN = "empty", "interrupted", "holds_records", "foreign"
# Tables whose rows mean people's work is in the file: never dropped without a version.
_RECORD_TABLES = ("audit_event", "rehab_case")


def unversioned_state(conn: Connection) -> str:
    """Classify a database without a schema version: ``EMPTY`` (a new file), ``INTERRUPTED``
    (only this app's tables, none holding an audit event or a case: a creation killed before
    its commit by an older version of the app), ``HOLDS_RECORDS`` or ``FOREIGN``."""
    from desktop_app.db.models import Base

    tables = set(inspect(conn).get_table_names()) - {"sqlite_sequence"}
    if not tables:
        return EMPTY
    if not tables <= set(Base.metadata.tables) | {"alembic_version"}:
        return FOREIGN
    for table in _RECORD_TABLES:
        if table in tables and conn.scalar(text(f"SELECT count(*) FROM {table}")):
            return HOLDS_RECORDS
    return INTERRUPTED


def _refuse_unversioned(state: str) -> None:
    if state == INTERRUPTED:
        raise EnvironmentProblem(
            "该档案在创建时被中断（有数据表但没有结构版本，且没有任何记录）。请运行 init 重新创建；"
            "未做任何修改。",
            "The archive's creation was interrupted (tables but no schema version, and no "
            "records). Run init to create it again. Nothing was changed.")
    if state == HOLDS_RECORDS:
        raise EnvironmentProblem(
            "该数据库有病例或审计记录，却没有结构版本，不会自动修复；请保留该文件，从最近的备份恢复"
            "（restore），或联系技术支持。未做任何修改。",
            "The database holds cases or audit events but no schema version; it is not repaired "
            "automatically. Keep the file, restore the latest backup (restore) or call support. "
            "Nothing was changed.")
    raise EnvironmentProblem(
        "该数据库已有数据表但没有结构版本，不是本程序的档案，未做任何修改。",
        "The database has tables but no schema version: it is not an archive of this "
        "app. Nothing was changed.",
    )


def check_not_newer(engine: Engine, migrations: Path = MIGRATIONS) -> str | None:
    """Return the current revision; raise if the app does not know it, or if the database
    has tables but no version (an interrupted creation: ``upgrade_database`` recreates it)."""
    current = current_revision(engine)
    if current is None and _has_tables(engine):
        with engine.connect() as conn:
            _refuse_unversioned(unversioned_state(conn))
    if current is not None and current not in known_revisions(migrations):
        raise SchemaTooNew(
            f"数据库由更新版本的程序写入（结构版本 {current}），请升级本程序后再打开。",
            f"The database was written by a newer version of the app (schema {current}); "
            "please upgrade the app before opening it.",
        )
    return current


def upgrade_database(
    engine: Engine,
    backup_dir: Path,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    migrations: Path = MIGRATIONS,
) -> Path | None:
    """Bring the schema to head in one transaction: a kill leaves the old schema (or no
    schema) in place, never a half. A file left by an interrupted creation (``INTERRUPTED``)
    is emptied and created again in that same transaction. Returns the backup made first,
    if one was needed."""
    if interrupted_creation(engine):
        current = None
        log.warning("database %s: an interrupted creation is created again", redact_url(str(engine.url)))
    else:
        current = check_not_newer(engine, migrations)
    head = head_revision(migrations)
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_before_upgrade(engine, backup_dir, now())
    with engine.begin() as conn:
        if current is None and MigrationContext.configure(conn).get_current_revision() is None \
                and unversioned_state(conn) == INTERRUPTED:
            _drop_all(conn)
        cfg = alembic_config(migrations)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s upgraded %s -> %s", redact_url(str(engine.url)), current, head)
    return backup


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def interrupted_creation(engine: Engine) -> bool:
    """A SQLite file with this app's tables, no schema version and no records. Only SQLite:
    on PostgreSQL a creation was always one transaction, and its trigger functions would
    outlive dropped tables."""
    if engine.dialect.name != "sqlite" or current_revision(engine) is not None:
        return False
    with engine.connect() as conn:
        return unversioned_state(conn) == INTERRUPTED


def _drop_all(conn: Connection) -> None:
    """Drop the empty tables (their triggers and indexes go with them) of an interrupted creation."""
    found = MetaData()
    found.reflect(conn)
    found.drop_all(conn)


def backup_before_upgrade(engine: Engine, backup_dir: Path, at: datetime) -> Path:
    """Copy the whole database aside before its schema changes."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = at.strftime("%Y%m%dT%H%M%SZ")
    url = engine.url.render_as_string(hide_password=False)
    path = sqlite_path(url)
    if path is not None:
        target = backup_dir / f"pre-upgrade-{stamp}.sqlite3"
        _sqlite_online_backup(path, target)
        return target
    if engine.url.get_backend_name() == "sqlite":
        raise EnvironmentProblem("内存数据库无法备份。", "An in-memory database cannot be backed up.")
    return _pg_dump(engine, backup_dir / f"pre-upgrade-{stamp}.dump")


def _sqlite_online_backup(source: Path, target: Path) -> None:
    """Copied under a hidden partial name and renamed once whole: a copy killed half-way is
    never taken for a backup (it is replaced by the next one of that name, or ignored)."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(partial)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
    with partial.open("rb+") as copy:
        os.fsync(copy.fileno())
    os.replace(partial, target)


def _pg_dump(engine: Engine, target: Path) -> Path:
    run_pg_tool(engine, [pg_tool("pg_dump"), "--format=custom", f"--file={target}"],
                "升级数据库前的备份", "backup before the upgrade")
    return target
