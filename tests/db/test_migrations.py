"""Alembic migrations: from empty to head, model and migrations agree, newer schemas refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import (
    MIGRATIONS,
    current_revision,
    head_revision,
    upgrade_database,
)
from desktop_app.db.models import Base
from desktop_app.errors import EnvironmentProblem, SchemaTooNew
from tests.conftest import reset_postgres_schema


@pytest.fixture
def empty_engine(db_kind: str, tmp_path: Path, engine: Engine, db_url: str):  # type: ignore[no-untyped-def]
    """An engine on a database with no tables at all."""
    if db_kind == "sqlite":
        empty = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield empty
        empty.dispose()
        return
    engine.dispose()
    reset_postgres_schema(db_url)  # this process's PostgreSQL test database
    empty = make_engine(db_url)
    try:
        yield empty
    finally:
        empty.dispose()
        # Leave the shared test database at head for the tests that follow.
        reset_postgres_schema(db_url)
        restore = make_engine(db_url)
        upgrade_database(restore, tmp_path / "restore-backups")
        restore.dispose()


def test_upgrade_from_empty_reaches_head_without_a_backup(empty_engine: Engine,
                                                           tmp_path: Path) -> None:
    backup = upgrade_database(empty_engine, tmp_path / "backups")
    assert backup is None  # nothing to back up in an empty database
    assert current_revision(empty_engine) == head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_model_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_at_head_does_nothing(engine: Engine, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    assert upgrade_database(engine, backups) is None
    assert not backups.exists() or not list(backups.iterdir())


def test_database_from_a_newer_app_is_refused(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(SchemaTooNew) as caught:
        upgrade_database(engine, tmp_path)
    assert "更新版本" in caught.value.zh and "newer version" in caught.value.en


PROBE_REVISION = '''
import sqlalchemy as sa
from alembic import op

revision = "9999_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer, primary_key=True))
'''


def test_upgrade_makes_a_backup_first(engine: Engine, db_kind: str, tmp_path: Path) -> None:
    """An archive one revision behind is copied aside, then upgraded."""
    if db_kind == "postgresql" and shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed to back up PostgreSQL before an upgrade")
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    (migrations / "versions" / "9999_probe.py").write_text(
        PROBE_REVISION.format(head=head_revision()))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO institution (name, region, settings, version) "
                          "VALUES ('旧机构', '泸州市', '{}', 1)"))
    backups = tmp_path / "backups"
    try:
        backup = upgrade_database(engine, backups, migrations=migrations)
        assert backup is not None and backup.parent == backups and backup.stat().st_size > 0
        assert current_revision(engine) == "9999_probe"
        assert "upgrade_probe" in inspect(engine).get_table_names()
        if db_kind == "sqlite":
            copy = make_engine(f"sqlite:///{backup}")
            with copy.connect() as conn:
                assert conn.execute(text("SELECT name FROM institution")).scalar() == "旧机构"
                assert current_revision(copy) == head_revision()
            assert "upgrade_probe" not in inspect(copy).get_table_names()
            copy.dispose()
        else:
            listing = subprocess.run(["pg_restore", "--list", str(backup)], capture_output=True,
                                     text=True, check=True).stdout
            assert "institution" in listing and "upgrade_probe" not in listing
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS upgrade_probe"))
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{head_revision()}'"))


def test_foreign_tables_without_a_version_are_left_alone(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE something_else (id INTEGER)"))
    with pytest.raises(EnvironmentProblem):
        upgrade_database(engine, tmp_path / "backups")
    assert inspect(engine).get_table_names() == ["something_else"]
    engine.dispose()


def test_the_orm_guard_allows_exactly_what_the_triggers_allow() -> None:
    """guards.MUTABLE_AFTER_SIGNING repeats migration 0002's list on purpose (migrations
    never import app code); they must agree."""
    import importlib.util

    from desktop_app.services.core import guards

    path = (Path(__file__).parents[2] / "desktop_app" / "db" / "migrations" / "versions"
            / "0002_integrity_guards.py")
    spec = importlib.util.spec_from_file_location("m0002", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for table, free in module.SIGNED_TABLES.items():
        assert guards.MUTABLE_AFTER_SIGNING.get(table, guards.DEFAULT_MUTABLE) == frozenset(free)
