"""value reports and notices: the signed, versioned 康复价值评估报告及康复治疗建议 and the
written notice ending a course (Beijing Art. 14)

* ``value_report``: one row per version of a case's rehab value assessment with its treatment
  recommendation (Luzhou Arts. 13(4), 22, 30; Beijing Arts. 5, 7): assessed date, stage,
  conclusion (has value / no value), the assessment, the recommendation (modes, intended
  period, goals), the physician; ``carried_from_id`` names the earlier course's signed version
  a repeat course's draft started from. A physician signs it with a password signature.
* ``course_notice``: the written notice ending a course for non-cooperation (不配合治疗) or a
  refusal to leave (拒不出院), with the facts, the costs consequence the text states, how it was
  delivered and whether the worker signed for it; signed by the issuing physician.

Both are insert-only whoever connects: no DELETE except while a disposal destroys the case,
no TRUNCATE on PostgreSQL, and one UPDATE only — a draft becoming signed with nothing else
changed (the signature covers the rest). A correction is a new version; a signed row never
changes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0003 (migrations never import each other or the app).
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
TABLES = ("value_report", "course_notice")
SIGN_FREE = ("record_state", "version")


def _common(table: str) -> list[sa.Column[object] | sa.Constraint]:
    return [sa.Column("record_state", sa.String(length=10), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("created_by_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                    name=op.f(f"fk_{table}_created_by_id_staff_user")),
            sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                    name=op.f(f"fk_{table}_case_id_rehab_case")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def upgrade() -> None:
    op.create_table(
        "value_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("injury_id", sa.Integer(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("conclusion", sa.String(length=20), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("modes", sa.JSON(), nullable=False),
        sa.Column("setting", sa.String(length=20), nullable=True),
        sa.Column("intended_days", sa.Integer(), nullable=True),
        sa.Column("goals", sa.Text(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("physician_id", sa.Integer(), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["injury_id"], ["injury.id"],
                                name=op.f("fk_value_report_injury_id_injury")),
        sa.ForeignKeyConstraint(["physician_id"], ["staff_user.id"],
                                name=op.f("fk_value_report_physician_id_staff_user")),
        sa.ForeignKeyConstraint(["carried_from_id"], ["value_report.id"],
                                name=op.f("fk_value_report_carried_from_id_value_report")),
        sa.UniqueConstraint("case_id", "version_no", name=op.f("uq_value_report_case_id_version_no")),
        *_common("value_report"),
    )
    op.create_index(op.f("ix_value_report_case_id"), "value_report", ["case_id"], unique=False)
    op.create_index(op.f("ix_value_report_injury_id"), "value_report", ["injury_id"], unique=False)
    op.create_table(
        "course_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("pack_code", sa.String(length=40), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.Column("acknowledgement", sa.String(length=20), nullable=False),
        sa.Column("delivery_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["issued_by_id"], ["staff_user.id"],
                                name=op.f("fk_course_notice_issued_by_id_staff_user")),
        *_common("course_notice"),
    )
    op.create_index(op.f("ix_course_notice_case_id"), "course_notice", ["case_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in TABLES:
            columns = [c["name"] for c in sa.inspect(bind).get_columns(table) if c["name"] not in SIGN_FREE]
            same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in columns)
            message = f"{table} rows are never changed or deleted (a draft is only signed)"
            op.execute(f"""
                CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}
                WHEN NOT (OLD.record_state = 'draft' AND NEW.record_state = 'signed' AND {same})
                BEGIN SELECT RAISE(ABORT, '{TAG}: {message}'); END""")
            op.execute(f"""
                CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
                WHEN NOT {DISPOSING}
                BEGIN SELECT RAISE(ABORT, '{TAG}: {message}'); END""")
    else:
        op.execute(f"""
            CREATE FUNCTION rehab_guard_signed_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' AND rehab_disposing() THEN RETURN OLD; END IF;
              IF TG_OP = 'UPDATE' AND OLD.record_state = 'draft' AND NEW.record_state = 'signed'
                 AND (to_jsonb(NEW) - 'record_state' - 'version')
                     = (to_jsonb(OLD) - 'record_state' - 'version') THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION '{TAG}: % rows are never changed or deleted (a draft is only signed)',
                TG_TABLE_NAME;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION rehab_guard_signed_once()")
            # The function of 0002 (append only).
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")
