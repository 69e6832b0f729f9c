"""follow-up after discharge: what the worker said at 3, 6 and 12 months

Each contact is a row of ``follow_up`` (``services.clinical.follow_up``): the milestone in
months, the day and the way the worker was reached, their return-to-work status
(``domain.vocabulary.RETURN_TO_WORK``), satisfaction (1–5, optional) and a note.
Append-only whoever connects, as 0010's ``claim_answer``: no UPDATE; no DELETE except while a
disposal destroys the case; no TRUNCATE on PostgreSQL. A correction is a newer row for the
same case and milestone. Nothing existing changes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003 (migrations never import each other).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
MESSAGE = "follow_up rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("return_to_work", sa.String(length=30), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_follow_up_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_follow_up_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    op.create_index(op.f("ix_follow_up_case_id"), "follow_up", ["case_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER follow_up_append_only_update BEFORE UPDATE ON follow_up
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER follow_up_append_only_delete BEFORE DELETE ON follow_up
            WHEN NOT {DISPOSING}
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # Functions of 0002 (append only) and 0003 (append only unless a disposal is under way).
        op.execute("CREATE TRIGGER follow_up_append_only BEFORE UPDATE OR DELETE "
                   "ON follow_up "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
        op.execute("CREATE TRIGGER follow_up_no_truncate BEFORE TRUNCATE ON follow_up "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
