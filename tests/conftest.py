"""Shared fixtures. Database tests run on SQLite and, when configured, on PostgreSQL.

``REHAB_TEST_PG_URL`` points at a throwaway PostgreSQL server (``installer/bootstrap.py
test`` starts one). With ``REHAB_REQUIRE_PG=1`` a missing server is an error, never a skip.
A test marked ``sqlite_only`` runs on SQLite alone: its subject does not exist on PostgreSQL
(layout, keys, language, where Qt is the subject; SQLite's own locking, page limit or
read-only files) — never a skip counted as a pass.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TEST_DATA_DIR = tempfile.mkdtemp(prefix="rehab-test-data-")  # removed when the run ends
os.environ["REHAB_DATA_DIR"] = TEST_DATA_DIR

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from desktop_app.clock import CHINA, FixedClock  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import head_revision, upgrade_database  # noqa: E402
from desktop_app.db.models import Base  # noqa: E402
from desktop_app.services.admin import accounts  # noqa: E402
from desktop_app.services.core.uow import UnitOfWork  # noqa: E402

pytest_plugins = ["tests.battery", "tests.crash_dumps"]  # the battery's table; crashed workers' dumps

PG_URL = os.environ.get("REHAB_TEST_PG_URL")  # the server under test (and its database)
ENGINES = ["sqlite"] + (["postgresql"] if PG_URL else [])
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1… under pytest -n


@cache
def worker_pg_url() -> str:
    """The PostgreSQL database this process empties and fills: ``REHAB_TEST_PG_URL`` itself,
    or under pytest-xdist one per worker, ``<its name>_<worker>`` (created when missing and
    kept for the next run), so that parallel workers never share a database."""
    assert PG_URL
    if not XDIST_WORKER:
        return PG_URL
    url = make_url(PG_URL)
    name = f"{url.database}_{XDIST_WORKER}"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("REHAB_REQUIRE_PG") == "1" and not PG_URL:
        raise pytest.UsageError("REHAB_REQUIRE_PG=1 but REHAB_TEST_PG_URL is not set")


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Not pytest_unconfigure: an xdist worker may be stopped before it gets there.
    shutil.rmtree(TEST_DATA_DIR, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def temporary_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What the code under test puts in the system's temp folder (a PDF handed to the viewer,
    an export folder) goes to one folder of the run, removed at its end, not left in /tmp."""
    folder = tmp_path_factory.mktemp("tempfile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(folder))
        yield
    shutil.rmtree(folder, ignore_errors=True)


def pytest_report_header(config: pytest.Config) -> str:
    return "database engines under test: " + ", ".join(ENGINES)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_kind" in metafunc.fixturenames:
        qt_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("db_kind", ["sqlite"] if qt_only else ENGINES, scope="session")


# The cheapest argon2id the library accepts: the production parameters cost most of a second a
# hash (and as much a check) on a 2-core PC. tests/services/test_passwords.py checks that the
# app itself keeps hashing with accounts.PRODUCTION_HASHER.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """New staff passwords hashed with ``TEST_HASHER`` for the whole run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "password_hasher", TEST_HASHER)
        yield


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    """The interface translations (.ts → .qm) compiled once for the run, not once per English
    test (lrelease takes seconds for them all), and only when a .qm is missing or older than
    its .ts (``bootstrap.py test`` has just compiled them)."""
    from desktop_app.ui.kit import i18n  # Qt: only for the tests that ask

    def stale(ts: Path) -> bool:
        qm = ts.with_suffix(".qm")
        return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime

    if any(stale(ts) for ts in (i18n.resources_dir() / "i18n").glob("*/*.ts")):
        i18n.compile_translations()


def reset_postgres_schema(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, db_kind: str) -> str:
    """A database at the head schema, made once per engine."""
    if db_kind == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = worker_pg_url()
        reset_postgres_schema(url)
    engine = make_engine(url)
    upgrade_database(engine, tmp_path_factory.mktemp("backups"))
    engine.dispose()
    return url


@pytest.fixture
def db_url(migrated_template: str, db_kind: str, tmp_path: Path) -> str:
    """A fresh, empty, migrated database for one test."""
    return fresh_database(migrated_template, db_kind, tmp_path)


def fresh_database(migrated_template: str, db_kind: str, folder: Path) -> str:
    """An empty database at the head schema: a copy of the SQLite template in ``folder``, or
    this process's PostgreSQL database (``worker_pg_url``) emptied."""
    if db_kind == "sqlite":
        source = Path(migrated_template.removeprefix("sqlite:///"))
        target = folder / "archive.sqlite3"
        shutil.copy(source, target)
        return f"sqlite:///{target}"
    engine = make_engine(migrated_template)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        # The archive's triggers refuse TRUNCATE; a superuser in replica mode skips them.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE alembic_version SET version_num = :head"),
                     {"head": head_revision()})
    engine.dispose()
    return migrated_template


@pytest.fixture(scope="module", autouse=True)
def settled_heap() -> None:
    """Freeze what is alive when a test module starts (imports, the Qt application, fonts and
    reference data once loaded) out of the garbage collector's reach, so that the full
    ``gc.collect()`` after each test (``engine``) walks only what the module's tests made:
    ~0.02 s instead of ~0.2 s a test. A frozen object is still freed when its last reference
    goes; only a reference cycle among frozen objects stays until the run ends."""
    gc.collect()
    gc.freeze()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    gc.collect()  # a connection still held by a finished test's garbage goes back now, named
    engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 1, 9, 0, tzinfo=CHINA))


@pytest.fixture
def uow(engine: Engine, clock: FixedClock) -> Callable[..., UnitOfWork]:
    """Factory: ``uow(actor_id=None)`` → a new unit of work on the test database."""

    def make(actor_id: int | None = None) -> UnitOfWork:
        return UnitOfWork(engine, clock=clock, actor_id=actor_id)

    return make


TODAY = date(2026, 6, 1)


def without_guards(engine: Engine, *statements: str, restore: bool = True, **params: object) -> None:
    """Run raw SQL as an attacker with full database access would: the triggers off for
    this one transaction (SQLite: dropped and, unless ``restore=False``, made again from
    their own text afterwards; PostgreSQL: replica mode), so nothing in the schema shows it."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
            saved = triggers.all()
            for name, _ in saved:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            conn.execute(text(statement), params)
        if engine.dialect.name == "sqlite" and restore:
            for _, sql in saved:
                conn.exec_driver_sql(sql)


from tests.archive_fixture import archive  # noqa: E402,F401  (a fixture for every folder)
