"""an index on the session a fee line bills

"Is this session charged?" is asked by every claim gate, the month listing, the export and
the bed-day charging, as a correlated NOT EXISTS on ``fee_line.session_id``
(``services.core.lookup.uncharged``). Without an index each question scans every fee line of
the archive: a line per session, millions after years.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_fee_line_session_id", "fee_line", ["session_id"])


def downgrade() -> None:
    raise NotImplementedError("the archive's indexes are never removed")
