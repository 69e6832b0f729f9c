"""transfers between institutions (转院, issue 19 item 3)

* ``case_transfer`` (written by nothing until now) gets nullable columns: ``outside_region``
  (the destination lies outside the region the pack speaks of: Luzhou Art. 24 本市外,
  Ningxia No. 9 外省), ``consent_number`` and ``consent_date`` (the agency's consent or the
  transfer filing, 同意 / 转院备案), ``summary_attachment_id`` (a transfer in: the earlier
  institution's summary, an attachment of the case);
* ``transfer_used_count``: for a transfer in, the sessions of each approved item (national
  code) the earlier institution already gave — deducted from what the approval allows here.

Both tables are append-only from now on whoever connects (as 0017's tables): no UPDATE; no
DELETE except while a disposal destroys the case; no TRUNCATE on PostgreSQL. The existing
``case_transfer`` guards of 0002 (closed case) stay as they were: they list no columns.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003/0017 (migrations never import each other or the app).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
TABLES = ("case_transfer", "transfer_used_count")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for column in (sa.Column("outside_region", sa.Boolean(), nullable=True),
                   sa.Column("consent_number", sa.String(length=60), nullable=True),
                   sa.Column("consent_date", sa.Date(), nullable=True)):
        op.add_column("case_transfer", column)
    if sqlite:
        # ADD COLUMN, never a table rebuild (which would drop the guard triggers).
        op.execute("ALTER TABLE case_transfer ADD COLUMN summary_attachment_id INTEGER "
                   "REFERENCES attachment (id)")
    else:
        op.add_column("case_transfer", sa.Column("summary_attachment_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_case_transfer_summary_attachment_id_attachment"),
                              "case_transfer", "attachment", ["summary_attachment_id"], ["id"])
    op.create_table(
        "transfer_used_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("national_code", sa.String(length=40), nullable=False),
        sa.Column("used_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_transfer_used_count_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["transfer_id"], ["case_transfer.id"],
                                name=op.f("fk_transfer_used_count_transfer_id_case_transfer")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_transfer_used_count_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_used_count")),
    )
    op.create_index(op.f("ix_transfer_used_count_case_id"), "transfer_used_count", ["case_id"],
                    unique=False)
    op.create_index(op.f("ix_transfer_used_count_transfer_id"), "transfer_used_count",
                    ["transfer_id"], unique=False)
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
