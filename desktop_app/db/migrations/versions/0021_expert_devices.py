"""expert evaluations and assistive devices (issue 19 items 5 and 6)

* ``expert_evaluation``: an evaluation by members of the rehab expert pool (Baotou Arts. 9,
  10, 13, 19): date, experts with their titles, the care it supports, the conclusion and the
  signed opinion's scan; the pack's gate refuses approvals and prescriptions of that care
  without one dated on or before (``domain.rules.expert_devices``);
* ``device_record``: an assistive device's opinion, filing with the agency, fitting (with the
  fee line where the pack pays), adjustments and training sessions.

Both are append-only whoever connects, as 0017's tables: no UPDATE; no DELETE except while a
disposal destroys the case; no TRUNCATE on PostgreSQL. No existing table changes.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003/0017 (migrations never import each other or the app).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
TABLES = ("expert_evaluation", "device_record")


def _created(table: str) -> list[sa.Column[object] | sa.Constraint]:
    return [sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("created_by_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                    name=op.f(f"fk_{table}_created_by_id_staff_user")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def upgrade() -> None:
    op.create_table(
        "expert_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("experts", sa.JSON(), nullable=False),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_expert_evaluation_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_expert_evaluation_attachment_id_attachment")),
        *_created("expert_evaluation"),
    )
    op.create_index(op.f("ix_expert_evaluation_case_id"), "expert_evaluation", ["case_id"],
                    unique=False)
    op.create_table(
        "device_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("opinion_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("device_code", sa.String(length=40), nullable=True),
        sa.Column("device_name", sa.String(length=200), nullable=True),
        sa.Column("filing_number", sa.String(length=80), nullable=True),
        sa.Column("supplier", sa.String(length=200), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("fee_line_id", sa.Integer(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_device_record_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["opinion_id"], ["device_record.id"],
                                name=op.f("fk_device_record_opinion_id_device_record")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"],
                                name=op.f("fk_device_record_staff_id_staff_user")),
        sa.ForeignKeyConstraint(["fee_line_id"], ["fee_line.id"],
                                name=op.f("fk_device_record_fee_line_id_fee_line")),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_device_record_attachment_id_attachment")),
        *_created("device_record"),
    )
    op.create_index(op.f("ix_device_record_case_id"), "device_record", ["case_id"], unique=False)
    op.create_index(op.f("ix_device_record_opinion_id"), "device_record", ["opinion_id"],
                    unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        message = f"{table} rows are never changed or deleted"
        if sqlite:
            op.execute(f"""
                CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{TAG}: {message}'); END""")
            op.execute(f"""
                CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
                WHEN NOT {DISPOSING}
                BEGIN SELECT RAISE(ABORT, '{TAG}: {message}'); END""")
        else:
            # Functions of 0002 (append only) and 0003 (append only unless a disposal is under way).
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
