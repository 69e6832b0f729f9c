"""discharge outcome: where the worker went, whether they returned to work, satisfaction

Three nullable columns on ``rehab_case``, set at discharge (``services.clinical.treatment
.discharge``) and read by the statistics (return-to-work rate, ``domain.statistics``):
``discharge_destination`` (``domain.vocabulary.DISCHARGE_DESTINATIONS``), ``return_to_work``
(``RETURN_TO_WORK``) and ``discharge_satisfaction`` (1–5, where the region asks for it).
Rows written before keep NULL there, so their row-state hashes (NULL columns are left out)
are unchanged; frozen claims do not hash the case row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rehab_case", sa.Column("discharge_destination", sa.String(length=30), nullable=True))
    op.add_column("rehab_case", sa.Column("return_to_work", sa.String(length=30), nullable=True))
    op.add_column("rehab_case", sa.Column("discharge_satisfaction", sa.Integer(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
