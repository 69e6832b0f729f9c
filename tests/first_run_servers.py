"""PostgreSQL helpers for the first-run tests: a fresh database per test on the throwaway
server, and a role that must give its password (the server trusts everyone else)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.conftest import PG_URL

PASSWORD_ROLE = "rehab_pw_probe"
ROLE_PASSWORD = "right-password-1"
HBA_LOCK_KEY = 0x7265_6861_6862  # "rehahb": PostgreSQL advisory lock, one pg_hba.conf edit at a time


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    database: str
    user: str
    password: str = ""


def _admin_engine():  # type: ignore[no-untyped-def]
    assert PG_URL
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@contextmanager
def fresh_database() -> Iterator[Server]:
    """An empty database of its own on the test server, dropped afterwards."""
    url = make_url(PG_URL)
    name = f"rehab_first_run_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield Server(url.host or "127.0.0.1", url.port or 5432, name, url.username or "postgres")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def _one_hba_edit_at_a_time() -> Iterator[None]:
    """pg_hba.conf and the role belong to the whole server, which parallel workers (pytest -n)
    share: each waits for the other's edit to be undone. The lock is taken in the ``postgres``
    database, as advisory locks are per database."""
    server = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": HBA_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": HBA_LOCK_KEY})
    finally:
        server.dispose()


@contextmanager
def password_role() -> Iterator[str]:
    """A role the server checks the password of (scram-sha-256 for it alone, on top of the
    throwaway server's trust rule); pg_hba.conf restored and the role dropped afterwards."""
    with _one_hba_edit_at_a_time():
        admin = _admin_engine()
        with admin.connect() as conn:
            hba = Path(conn.execute(text("SHOW hba_file")).scalar_one())
            conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
            conn.execute(text(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{ROLE_PASSWORD}'"))
        original = hba.read_text()
        rules = "".join(f"host all {PASSWORD_ROLE} {net} scram-sha-256\n"
                        for net in ("127.0.0.1/32", "::1/128"))
        try:
            hba.write_text(rules + original)
            _reload(admin, expect_password=True)
            yield PASSWORD_ROLE
        finally:
            hba.write_text(original)
            _reload(admin, expect_password=False)
            with admin.connect() as conn:
                conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
            admin.dispose()


def _reload(admin, *, expect_password: bool) -> None:  # type: ignore[no-untyped-def]
    """pg_reload_conf() only signals the server: try a wrong password until the server
    refuses it (rule in force) or lets it through again (rule gone)."""
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_reload_conf()"))
    probe = make_url(PG_URL).set(username=PASSWORD_ROLE, password="wrong", database="postgres")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        engine = create_engine(probe)
        try:
            with engine.connect():
                refused = False
        except OperationalError:
            refused = True
        finally:
            engine.dispose()
        if refused == expect_password:
            return
        time.sleep(0.1)
    raise AssertionError("the pg_hba.conf change was not taken up")
