"""Migration 0022 (vocational goal and outcome, the physician's conclusion for the appraisal):
a case written without them hashes as at revision 0017, so every audited row state still
verifies; in an archived case the database itself refuses a change of the new columns (on
SQLite the case's guard trigger is made again over every column), in an open case it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import alembic_config
from desktop_app.db.models import RehabCase
from desktop_app.domain.row_state import row_state_hash
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive

NEW = {"vocational_goal", "vocational_goal_set_on", "vocational_outcome", "vocational_outcome_on",
       "vocational_note", "appraisal_conclusion", "appraisal_note", "appraisal_concluded_at",
       "appraisal_physician_id"}


def case_columns_at_0017(tmp_path: Path) -> set[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'at-0017.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0017")
    found = {c["name"] for c in inspect(engine).get_columns("rehab_case")}
    engine.dispose()
    return found


def test_a_case_without_them_hashes_as_at_0017(archive: Archive, engine: Engine, tmp_path: Path) -> None:
    archive.archived_case()
    old = case_columns_at_0017(tmp_path)
    assert not old & NEW and {c["name"] for c in inspect(engine).get_columns("rehab_case")} >= NEW
    with Session(engine) as session:
        for row in session.scalars(select(RehabCase)):
            columns = {c.key: getattr(row, c.key) for c in RehabCase.__table__.columns}
            assert row_state_hash(columns) == row_state_hash({k: v for k, v in columns.items() if k in old})
    assert verify_archive(engine).problems == []


@pytest.mark.parametrize("column", ["vocational_goal", "appraisal_conclusion", "return_to_work"])
def test_an_archived_case_refuses_a_change_of_them_in_the_database(
        archive: Archive, engine: Engine, column: str) -> None:
    open_case = archive.admitted_case()
    closed = archive.archived_case()
    update = text(f"UPDATE rehab_case SET {column} = 'other_employer' WHERE id = :id")
    with engine.begin() as conn:  # an open case: the services change them
        conn.execute(update, {"id": open_case})
    with pytest.raises(DBAPIError, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(update, {"id": closed})
