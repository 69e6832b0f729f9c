"""row state hashes: each audit event of a row change carries the hash of the row after it

* ``audit_event.row_sha256``: SHA-256 of the row's canonical state once the change was
  flushed (``domain.row_state``); ``verify`` recomputes every protected row's hash and
  compares it with the latest event for that row, so a change made with the triggers off
  is found. Events written before this revision have none (their chain hash is unchanged:
  the field enters an event's chain payload only when it is set).
* an index of events by record, newest last, for that comparison.

SQLite's column-listing trigger ``audit_event_chain_once`` is made again so the new column
cannot be changed once written (PostgreSQL's guard compares whole rows).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# As in 0002, with the new column.
EVENT_COLUMNS = ("id", "occurred_at", "actor_id", "action", "record_type", "record_id",
                 "case_id", "details", "row_sha256")


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("row_sha256", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_event_record", "audit_event", ["record_type", "record_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        unchanged = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in EVENT_COLUMNS)
        op.execute("DROP TRIGGER audit_event_chain_once")
        op.execute(f"""
            CREATE TRIGGER audit_event_chain_once BEFORE UPDATE ON audit_event
            WHEN OLD.hash IS NOT NULL OR OLD.chain_seq IS NOT NULL OR {unchanged}
            BEGIN SELECT RAISE(ABORT, '{TAG}: audit events are only ever chained, once'); END""")


def downgrade() -> None:
    raise NotImplementedError("the archive is never downgraded")
