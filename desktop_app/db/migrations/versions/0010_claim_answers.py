"""claim answers: what the agency did with a claim (submitted, returned, deductions, paid)

Each answer is a row of ``claim_answer`` (``services.claims.claim_answers``): append-only
whoever connects (no UPDATE; no DELETE except while a disposal destroys the case, as 0008's
acknowledgements; no TRUNCATE on PostgreSQL). The claim's desk state is derived from its
status and its answers (``domain.claim_states.desk_state``); nothing existing changes, so
every frozen claim still hashes as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003 (migrations never import each other).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
MESSAGE = "claim_answer rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "claim_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("fee_line_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("fk_claim_answer_claim_id_claim")),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_claim_answer_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["fee_line_id"], ["fee_line.id"],
                                name=op.f("fk_claim_answer_fee_line_id_fee_line")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_claim_answer_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_answer")),
    )
    op.create_index(op.f("ix_claim_answer_claim_id"), "claim_answer", ["claim_id"], unique=False)
    op.create_index(op.f("ix_claim_answer_case_id"), "claim_answer", ["case_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER claim_answer_append_only_update BEFORE UPDATE ON claim_answer
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER claim_answer_append_only_delete BEFORE DELETE ON claim_answer
            WHEN NOT {DISPOSING}
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # Functions of 0002 (append only) and 0003 (append only unless a disposal is under way).
        op.execute("CREATE TRIGGER claim_answer_append_only BEFORE UPDATE OR DELETE "
                   "ON claim_answer "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
        op.execute("CREATE TRIGGER claim_answer_no_truncate BEFORE TRUNCATE ON claim_answer "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
