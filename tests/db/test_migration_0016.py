"""Migration 0016 (session parameters) on an archive signed before it: a session recorded
without parameters has exactly the signed content and row-state hash of its columns at
revision 0015, so every signature and every audited row state still verifies."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import alembic_config
from desktop_app.db.models import TreatmentSession
from desktop_app.domain.canonical import content_hash
from desktop_app.domain.row_state import row_state_hash
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import Archive

NEW = {"duration_minutes", "intensity", "treated_body_part", "reaction", "reaction_note"}


def session_columns_at_0015(tmp_path: Path) -> set[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'at-0015.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0015")
    found = {c["name"] for c in inspect(engine).get_columns("treatment_session")}
    engine.dispose()
    return found


def test_a_session_without_parameters_signs_and_hashes_as_at_0015(archive: Archive, engine: Engine,
                                                                    tmp_path: Path) -> None:
    archive.archived_case()  # sessions signed by the therapist and the patient, then archived
    old = session_columns_at_0015(tmp_path)
    assert not old & NEW
    with Session(engine) as session:
        rows = list(session.scalars(select(TreatmentSession)))
        assert rows
        for row in rows:
            columns = {c.key: getattr(row, c.key) for c in TreatmentSession.__table__.columns}
            at_0015 = {k: v for k, v in columns.items() if k in old}
            assert signing.record_hash(session, "treatment_session", row.id) == content_hash(
                signing.content_of("treatment_session", row.id, at_0015))
            assert row_state_hash(columns) == row_state_hash(at_0015)
    assert verify_archive(engine).problems == []
