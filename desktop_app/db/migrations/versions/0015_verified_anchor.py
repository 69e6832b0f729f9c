"""verified anchors: "the archive verified clean up to chain event N (hash H) at time T"

Each clean ``verify`` records one row of ``verified_anchor`` (``services.integrity.verify``):
the chain position and hash it reached, the last signature it checked, whether it was a full
or an incremental check, and when. ``rehab-archive verify --since-anchor`` then checks only
what was added after the latest anchor, having first proved the anchor itself (its event's
hash recomputed, its own row against its audited state). Append-only whoever connects: no
UPDATE, no DELETE, no TRUNCATE on PostgreSQL. A new table: no existing row or hash changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
MESSAGE = "verified_anchor rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "verified_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_seq", sa.BigInteger(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("signature_upto", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["verified_by_id"], ["staff_user.id"],
                                name=op.f("fk_verified_anchor_verified_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_anchor")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER verified_anchor_append_only_update BEFORE UPDATE ON verified_anchor
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER verified_anchor_append_only_delete BEFORE DELETE ON verified_anchor
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # The append-only function of 0002.
        op.execute("CREATE TRIGGER verified_anchor_append_only BEFORE UPDATE OR DELETE "
                   "ON verified_anchor FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only()")
        op.execute("CREATE TRIGGER verified_anchor_no_truncate BEFORE TRUNCATE ON verified_anchor "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
