"""applications: the rehabilitation application (工伤康复申请), its materials checklist, and the
approval that answers it

* ``rehab_application``: when the application was submitted and accepted (受理: the answer
  deadline runs from it), by whom, to which body, under which pack's rules
  (``domain.rules.application``: Luzhou Arts. 12–13, Beijing Art. 7);
* ``application_item``: each materials item attached (a scan in the archive) or marked not
  applicable with a reason; the latest row of an item counts;
* ``approval.application_id`` (nullable): the application an approval answers.

Both new tables are append-only whoever connects, as 0014's ``follow_up``: no UPDATE; no
DELETE except while a disposal destroys the case; no TRUNCATE on PostgreSQL. The new approval
column is guarded with the rest of a signed approval: SQLite's column-listing trigger is made
again with it (as 0006 does; PostgreSQL's compares whole rows). Rows written before keep NULL,
so their row-state hashes (NULL columns left out) and signatures are unchanged.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0002/0003/0006 (migrations never import each other or the app).
STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
APPROVAL_SIGNED_FREE = ("record_state", "version")
TABLES = ("rehab_application", "application_item")


def _created(table: str) -> list[sa.Column[object] | sa.Constraint]:
    return [sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("created_by_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                    name=op.f(f"fk_{table}_created_by_id_staff_user")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def upgrade() -> None:
    op.create_table(
        "rehab_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("applicant", sa.String(length=20), nullable=False),
        sa.Column("submitted_to", sa.String(length=200), nullable=False),
        sa.Column("pack_code", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_rehab_application_case_id_rehab_case")),
        *_created("rehab_application"),
    )
    op.create_index(op.f("ix_rehab_application_case_id"), "rehab_application", ["case_id"],
                    unique=False)
    op.create_table(
        "application_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_application_item_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["application_id"], ["rehab_application.id"],
                                name=op.f("fk_application_item_application_id_rehab_application")),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_application_item_attachment_id_attachment")),
        *_created("application_item"),
    )
    op.create_index(op.f("ix_application_item_case_id"), "application_item", ["case_id"],
                    unique=False)
    op.create_index(op.f("ix_application_item_application_id"), "application_item",
                    ["application_id"], unique=False)
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # ADD COLUMN, never a table rebuild (which would drop the guard triggers); SQLite
        # takes a REFERENCES clause on an added column whose default is NULL.
        op.execute("ALTER TABLE approval ADD COLUMN application_id INTEGER "
                   "REFERENCES rehab_application (id)")
    else:
        op.add_column("approval", sa.Column("application_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_approval_application_id_rehab_application"), "approval",
                              "rehab_application", ["application_id"], ["id"])
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
    if sqlite:
        _sqlite_approval_guard(bind)


def _sqlite_approval_guard(bind: sa.engine.Connection) -> None:
    """0006's ``approval_signed_no_update``, made again so it lists the new column too."""
    columns = [c["name"] for c in sa.inspect(bind).get_columns("approval")
               if c["name"] not in APPROVAL_SIGNED_FREE]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    op.execute("DROP TRIGGER approval_signed_no_update")
    op.execute(f"""
            CREATE TRIGGER approval_signed_no_update BEFORE UPDATE ON approval
            WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
            BEGIN SELECT RAISE(ABORT, '{TAG}: approval is signed or archived and cannot be changed'); END""")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
