"""Migration 0020 (repeat courses) on an archive written before it: a case with no link keeps
the row-state hash of its columns at revision 0017 (NULL columns are left out), so every audited
row state still verifies; the link is a foreign key to the earlier case on both engines, added
without rebuilding the table (its guard triggers stay)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import alembic_config
from desktop_app.db.models import RehabCase
from desktop_app.domain.row_state import row_state_hash
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive

NEW = {"previous_case_id", "course_reason"}


def case_columns_at_0017(tmp_path: Path) -> set[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'at-0017.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0017")
    found = {c["name"] for c in inspect(engine).get_columns("rehab_case")}
    engine.dispose()
    return found


def test_a_case_without_a_link_hashes_as_at_0017(archive: Archive, engine: Engine,
                                                 tmp_path: Path) -> None:
    archive.archived_case()
    old = case_columns_at_0017(tmp_path)
    assert not old & NEW and {c["name"] for c in inspect(engine).get_columns("rehab_case")} >= NEW
    with Session(engine) as session:
        (row,) = session.scalars(select(RehabCase))
        columns = {c.key: getattr(row, c.key) for c in RehabCase.__table__.columns}
        assert columns["previous_case_id"] is None and columns["course_reason"] is None
        assert row_state_hash(columns) == row_state_hash({k: v for k, v in columns.items() if k in old})
    links = [fk for fk in inspect(engine).get_foreign_keys("rehab_case")
             if fk["constrained_columns"] == ["previous_case_id"]]
    assert [(fk["referred_table"], fk["referred_columns"]) for fk in links] == [("rehab_case", ["id"])]
    assert verify_archive(engine).problems == []
