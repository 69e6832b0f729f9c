"""charge order details: when a charge occurred, and who ordered it from which department

Settlement systems expect per fee line the time it occurred (``fee_ocur_time``, date and
time) and the ordering department and physician, by code and name (``bilg_dept_codg``,
``bilg_dept_name``, ``bilg_dr_codg``, ``bilg_dr_name``). Five nullable columns on
``fee_line``: lines written before keep NULL there, so their row-state hashes (NULL columns
are left out) and frozen claims' hashes are unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("fee_line", sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("fee_line", sa.Column("dept_code", sa.String(length=30), nullable=True))
    op.add_column("fee_line", sa.Column("dept_name", sa.String(length=100), nullable=True))
    op.add_column("fee_line", sa.Column("physician_code", sa.String(length=30), nullable=True))
    op.add_column("fee_line", sa.Column("physician_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
