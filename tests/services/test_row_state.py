"""Which tables ``verify`` reconciles row by row, and that their events carry row states."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent, Base
from desktop_app.domain.row_state import RECONCILED_TABLES
from tests.archive_fixture import Archive

# Every other table, and why it is not reconciled. A new table must be put in one list.
NOT_RECONCILED = {
    "audit_event": "the chain itself",
    "attachment_blob": "keyed by its SHA-256, which verify recomputes from the content",
    "staff_user": "a salted password hash; accounts are audited, not evidence",
    "institution": "settings, first written by set-up",
    "catalogue_pack": "reference data, imported", "catalogue_item": "reference data, imported",
    "number_sequence": "counters",
}


def test_every_table_is_either_reconciled_or_listed_with_a_reason() -> None:
    tables = set(Base.metadata.tables)
    assert set(RECONCILED_TABLES) | set(NOT_RECONCILED) == tables
    assert not set(RECONCILED_TABLES) & set(NOT_RECONCILED)
    for name in RECONCILED_TABLES:
        key = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        assert key == ["id"], f"{name}: verify walks reconciled tables by an integer id"


def test_row_events_of_reconciled_tables_carry_the_row_state(archive: Archive, engine: Engine) -> None:
    archive.discharged_case()
    with Session(engine) as session:
        events = session.execute(select(AuditEvent.record_type, AuditEvent.row_sha256)
                                 .where(AuditEvent.action.in_(("create", "update")))).all()
    reconciled = [h for t, h in events if t in RECONCILED_TABLES]
    others = [h for t, h in events if t not in RECONCILED_TABLES]
    assert reconciled and all(h is not None and len(h) == 64 for h in reconciled)
    assert others and all(h is None for h in others)
