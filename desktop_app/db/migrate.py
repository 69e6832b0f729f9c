"""Schema upgrades with Alembic: back up first, refuse a database from a newer app."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

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


def check_not_newer(engine: Engine, migrations: Path = MIGRATIONS) -> str | None:
    """Return the current revision; raise if the app does not know it."""
    current = current_revision(engine)
    if current is None and _has_tables(engine):
        raise EnvironmentProblem(
            "该数据库已有数据表但没有结构版本，不是本程序的档案，未做任何修改。",
            "The database has tables but no schema version: it is not an archive of this "
            "app. Nothing was changed.",
        )
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
    """Bring the schema to head. Returns the backup made first, if one was needed."""
    current = check_not_newer(engine, migrations)
    head = head_revision(migrations)
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_before_upgrade(engine, backup_dir, now())
    with engine.begin() as conn:
        cfg = alembic_config(migrations)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s upgraded %s -> %s", redact_url(str(engine.url)), current, head)
    return backup


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


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
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_dump(engine: Engine, target: Path) -> Path:
    run_pg_tool(engine, [pg_tool("pg_dump"), "--format=custom", f"--file={target}"],
                "升级数据库前的备份", "backup before the upgrade")
    return target
