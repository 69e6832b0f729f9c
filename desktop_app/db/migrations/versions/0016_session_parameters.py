"""session parameters: minutes treated, intensity, body part, the patient's reaction

Five nullable columns on ``treatment_session`` (``domain.session_params``), noted by the
therapist when recording. Rows written before keep NULL there, so their row-state hashes
and their signed content (NULL parameters are left out: ``signing.ADDED_LATER``) are
unchanged. ``op.add_column`` keeps the table (and its guard triggers) in place on SQLite.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("treatment_session", sa.Column("duration_minutes", sa.Integer(), nullable=True))
    op.add_column("treatment_session", sa.Column("intensity", sa.String(length=50), nullable=True))
    op.add_column("treatment_session", sa.Column("treated_body_part", sa.String(length=100), nullable=True))
    op.add_column("treatment_session", sa.Column("reaction", sa.String(length=20), nullable=True))
    op.add_column("treatment_session", sa.Column("reaction_note", sa.Text(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
