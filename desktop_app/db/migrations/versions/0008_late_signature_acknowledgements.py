"""late signature acknowledgements: the records officer's reason for a signature given late

A signature given later than the institution's limit after the event it signs, or after
the case's discharge, is a gate warning the records officer acknowledges with a reason
before a claim is built (``services.claims.late_signatures``). Each acknowledgement is a
row of ``late_signature_ack``: append-only whoever connects (no UPDATE; no DELETE except
while a disposal destroys the case, as 0005's issued documents; no TRUNCATE on
PostgreSQL). Nothing existing changes: delays are computed from stored times.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003 (migrations never import each other).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
MESSAGE = "late_signature_ack rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "late_signature_ack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("delay_days", sa.Integer(), nullable=False),
        sa.Column("after_discharge", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_late_signature_ack_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["signature_id"], ["signature.id"],
                                name=op.f("fk_late_signature_ack_signature_id_signature")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_late_signature_ack_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_late_signature_ack")),
        sa.UniqueConstraint("signature_id", "record_type", "record_id",
                            name=op.f("uq_late_signature_ack_signature_id_record_type_record_id")),
    )
    op.create_index(op.f("ix_late_signature_ack_case_id"), "late_signature_ack", ["case_id"],
                    unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER late_signature_ack_append_only_update BEFORE UPDATE ON late_signature_ack
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER late_signature_ack_append_only_delete BEFORE DELETE ON late_signature_ack
            WHEN NOT {DISPOSING}
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # Functions of 0002 (append only) and 0003 (append only unless a disposal is under way).
        op.execute("CREATE TRIGGER late_signature_ack_append_only BEFORE UPDATE OR DELETE "
                   "ON late_signature_ack "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
        op.execute("CREATE TRIGGER late_signature_ack_no_truncate BEFORE TRUNCATE ON late_signature_ack "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
