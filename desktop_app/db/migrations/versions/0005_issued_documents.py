"""issued documents: what each issued PDF printed (content hash, audit anchor, institution)

A document's audit anchor is the head of the audit chain when it was first issued; a
rebuild reads it from this table, so the same content gives the same bytes. Rows are
append-only, whoever connects: no UPDATE, no DELETE (except while a disposal destroys
the case, like 0003's signatures), no TRUNCATE on PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003 (migrations never import each other).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
MESSAGE = "issued_document rows are never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("source_type", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=60), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anchor_seq", sa.BigInteger(), nullable=False),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.Column("institution", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_issued_document_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_issued_document_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_issued_document_content_sha256")),
    )
    op.create_index(op.f("ix_issued_document_case_id"), "issued_document", ["case_id"], unique=False)
    op.create_index(op.f("ix_issued_document_doc_id"), "issued_document", ["doc_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER issued_document_append_only_update BEFORE UPDATE ON issued_document
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER issued_document_append_only_delete BEFORE DELETE ON issued_document
            WHEN NOT {DISPOSING}
            BEGIN SELECT RAISE(ABORT, '{TAG}: {MESSAGE}'); END""")
    else:
        # Functions of 0002 (append only) and 0003 (append only unless a disposal is under way).
        op.execute("CREATE TRIGGER issued_document_append_only BEFORE UPDATE OR DELETE ON issued_document "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
        op.execute("CREATE TRIGGER issued_document_no_truncate BEFORE TRUNCATE ON issued_document "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
