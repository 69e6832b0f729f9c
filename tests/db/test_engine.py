"""Storage settings and behaviour shared by both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.db.engine import redact_url
from desktop_app.db.models import CatalogueItem, CataloguePack, Institution, StaffUser


def test_sqlite_durability_pragmas(engine: Engine, db_kind: str) -> None:
    if db_kind != "sqlite":
        assert engine.dialect.name == "postgresql"
        return
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_postgresql_connections_do_not_jit_compile(engine: Engine, db_kind: str) -> None:
    """JIT compiling cost 100-200 ms of each one-second read on the 30-year archive."""
    if db_kind != "postgresql":
        assert engine.dialect.name == "sqlite"
        return
    with engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
        conn.rollback()
    with engine.connect() as conn:  # a connection back from the pool keeps it
        assert conn.execute(text("SHOW jit")).scalar() == "off"


def test_timestamps_come_back_aware_utc(engine: Engine) -> None:
    shanghai = timezone(timedelta(hours=8))
    with Session(engine) as session:
        session.add(StaffUser(username="u", display_name="用户", role="therapist",
                              created_at=datetime(2026, 5, 1, 8, 0, tzinfo=shanghai)))
        session.commit()
    with Session(engine) as session:
        stored = session.scalars(select(StaffUser.created_at)).one()
    assert stored == datetime(2026, 5, 1, 0, 0, tzinfo=UTC)
    assert stored.tzinfo is not None


def test_naive_timestamps_are_rejected(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(StaffUser(username="u", display_name="用户", role="therapist",
                              created_at=datetime(2026, 5, 1, 8, 0)))
        with pytest.raises(Exception, match="naive"):
            session.commit()


def test_prices_are_exact_decimals(engine: Engine) -> None:
    with Session(engine) as session:
        pack = CataloguePack(region="r", version="v", name="n", effective_from=date(2026, 1, 1),
                             source="s", file_sha256="0" * 64,
                             created_at=datetime(2026, 1, 1, tzinfo=UTC))
        pack.items.append(CatalogueItem(national_code="1", name="x", unit="次",
                                        price=Decimal("0.1235"), category="rehab"))
        session.add(pack)
        session.commit()
    with Session(engine) as session:
        price = session.scalars(select(CatalogueItem.price)).one()
    assert price == Decimal("0.1235") and isinstance(price, Decimal)


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(StaffUser(username="u", display_name="用户", role="therapist",
                              supervisor_id=999, created_at=datetime(2026, 1, 1, tzinfo=UTC)))
        with pytest.raises(IntegrityError):
            session.commit()


def test_json_settings_round_trip(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Institution(name="院", region="泸州市", settings={"空闲锁定分钟": 10}))
        session.commit()
    with Session(engine) as session:
        assert session.scalars(select(Institution.settings)).one() == {"空闲锁定分钟": 10}


def test_password_is_hidden_in_displayed_urls() -> None:
    shown = redact_url("postgresql+psycopg://rehab:s3cret@db.example:5432/archive")
    assert "s3cret" not in shown and "rehab" in shown and "db.example" in shown
