"""monthly summary: the institution's 申报汇总表 of a month, signed off by two people

Each row is one version of a month's summary: the canonical JSON of every frozen claim of
the month with its totals by category and payer and the month's totals, its SHA-256, and
the audit head when it was made (printed on its PDF). The records officer (经办人) and a
reviewer (审核人: the administrator or another records officer) sign it with staff
signatures over that content. Append-only whoever connects: no UPDATE, no DELETE, no
TRUNCATE on PostgreSQL; a month summarised again after a correction is a new version.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
MESSAGE = "monthly_summary rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "monthly_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("anchor_seq", sa.BigInteger(), nullable=False),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.Column("record_state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_monthly_summary_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_summary")),
        sa.UniqueConstraint("month", "version_no", name=op.f("uq_monthly_summary_month_version_no")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER monthly_summary_append_only_update BEFORE UPDATE ON monthly_summary
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER monthly_summary_append_only_delete BEFORE DELETE ON monthly_summary
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # The function of 0002 (append only).
        op.execute("CREATE TRIGGER monthly_summary_append_only BEFORE UPDATE OR DELETE "
                   "ON monthly_summary FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only()")
        op.execute("CREATE TRIGGER monthly_summary_no_truncate BEFORE TRUNCATE ON monthly_summary "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
