"""repeat courses: a new course of an existing injury names the earlier case it follows

Two nullable columns on ``rehab_case``, written when the case is registered
(``services.intake.intake.register_course``) and never changed afterwards:
``previous_case_id`` (the earlier course of the same injury the new one follows) and
``course_reason`` (``domain.vocabulary.COURSE_REASONS``: relapse / repeat_application / other).
Rows written before keep NULL there, so their row-state hashes (NULL columns are left out) are
unchanged; frozen claims do not hash the case row.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN, never a table rebuild (which would drop the guard triggers); SQLite
        # takes a REFERENCES clause on an added column whose default is NULL.
        op.execute("ALTER TABLE rehab_case ADD COLUMN previous_case_id INTEGER "
                   "REFERENCES rehab_case (id)")
    else:
        op.add_column("rehab_case", sa.Column("previous_case_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_rehab_case_previous_case_id_rehab_case"), "rehab_case",
                              "rehab_case", ["previous_case_id"], ["id"])
    op.add_column("rehab_case", sa.Column("course_reason", sa.String(length=30), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
