"""claims: course end and overstay cause, charge kind and body part, correction reason;
the database's part in freezing claims

A claim is born a draft. Its status only moves forward (draft → final → exported), and
it is final exactly when it is frozen (record state past draft); it can only be frozen
with its hash and after every one of its lines. A line can neither join nor leave a
frozen claim. Together with 0002 (a frozen claim and its frozen lines cannot change
except their state and the claim's status), nothing of a sent claim changes: a
correction is a new claim version with reversal lines.

0002's SQLite triggers list the guarded columns; the tables that gain columns here
(rehab_case, fee_line, claim) get their update trigger recreated with the new list
(PostgreSQL's compare whole rows and need nothing).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0002 (migrations never import each other).
STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
STATUS_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'final' THEN 1 WHEN 'exported' THEN 2 ELSE -1 END"
FORWARD = "a claim only moves forward (draft, final, exported) and is final when frozen"
RECREATED = {"rehab_case": ("record_state", "version", "sealed_at", "seal_reason"),
             "fee_line": ("record_state", "version"),
             "claim": ("record_state", "version", "status")}


def upgrade() -> None:
    op.add_column("rehab_case", sa.Column("course_ended_on", sa.Date(), nullable=True))
    op.add_column("rehab_case", sa.Column("overstay_cause", sa.String(length=20), nullable=True))
    op.add_column("fee_line", sa.Column("charge_kind", sa.String(length=30), nullable=True))
    op.add_column("fee_line", sa.Column("body_part", sa.String(length=50), nullable=True))
    op.add_column("claim", sa.Column("correction_reason", sa.Text(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite(bind)
    else:
        _postgres()


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")


def _abort(message: str) -> str:
    return f"SELECT RAISE(ABORT, '{TAG}: {message}');"


def _sqlite(bind: sa.engine.Connection) -> None:
    inspector = sa.inspect(bind)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    for table, free in RECREATED.items():
        columns = [c["name"] for c in inspector.get_columns(table) if c["name"] not in free]
        changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
        op.execute(f"DROP TRIGGER {table}_signed_no_update")
        op.execute(f"""
            CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table}
            WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
            BEGIN {_abort(f'{table} is signed or archived and cannot be changed')} END""")
    op.execute(f"""
        CREATE TRIGGER claim_born_draft BEFORE INSERT ON claim
        WHEN NEW.status <> 'draft' OR NEW.record_state <> 'draft'
        BEGIN {_abort('a claim is created as a draft')} END""")
    op.execute(f"""
        CREATE TRIGGER claim_status_forward BEFORE UPDATE ON claim
        WHEN {STATUS_RANK.format('NEW.status')} < {STATUS_RANK.format('OLD.status')}
             OR {STATUS_RANK.format('NEW.status')} < 0
             OR (NEW.status <> 'draft') <> (NEW.record_state <> 'draft')
        BEGIN {_abort(FORWARD)} END""")
    op.execute(f"""
        CREATE TRIGGER claim_frozen_whole BEFORE UPDATE ON claim
        WHEN OLD.record_state = 'draft' AND NEW.record_state <> 'draft'
             AND (NEW.frozen_sha256 IS NULL OR NEW.frozen_at IS NULL OR EXISTS (
                  SELECT 1 FROM fee_line WHERE claim_id = NEW.id AND record_state = 'draft'))
        BEGIN {_abort('a claim is frozen with its hash, after all its lines')} END""")
    frozen = "(SELECT record_state FROM claim WHERE id = {}) <> 'draft'"
    op.execute(f"""
        CREATE TRIGGER fee_line_frozen_claim_no_insert BEFORE INSERT ON fee_line
        WHEN NEW.claim_id IS NOT NULL AND {frozen.format('NEW.claim_id')}
        BEGIN {_abort('nothing is added to a frozen claim')} END""")
    op.execute(f"""
        CREATE TRIGGER fee_line_frozen_claim_no_move BEFORE UPDATE ON fee_line
        WHEN NEW.claim_id IS NOT OLD.claim_id
             AND ((NEW.claim_id IS NOT NULL AND {frozen.format('NEW.claim_id')})
                  OR (OLD.claim_id IS NOT NULL AND {frozen.format('OLD.claim_id')}))
        BEGIN {_abort('a line neither joins nor leaves a frozen claim')} END""")


def _postgres() -> None:
    op.execute(f"""
        CREATE FUNCTION rehab_status_rank(status text) RETURNS integer
        LANGUAGE sql IMMUTABLE AS $$ SELECT {STATUS_RANK.format('status')} $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.status <> 'draft' OR NEW.record_state <> 'draft' THEN
              RAISE EXCEPTION '{TAG}: a claim is created as a draft';
            END IF;
            RETURN NEW;
          END IF;
          IF rehab_status_rank(NEW.status) < rehab_status_rank(OLD.status)
             OR rehab_status_rank(NEW.status) < 0
             OR (NEW.status <> 'draft') IS DISTINCT FROM (NEW.record_state <> 'draft') THEN
            RAISE EXCEPTION '{TAG}: {FORWARD}';
          END IF;
          IF OLD.record_state = 'draft' AND NEW.record_state <> 'draft'
             AND (NEW.frozen_sha256 IS NULL OR NEW.frozen_at IS NULL OR EXISTS (
                  SELECT 1 FROM fee_line WHERE claim_id = NEW.id AND record_state = 'draft')) THEN
            RAISE EXCEPTION '{TAG}: a claim is frozen with its hash, after all its lines';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_fee_line_claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.claim_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM claim WHERE id = NEW.claim_id AND record_state <> 'draft') THEN
              RAISE EXCEPTION '{TAG}: nothing is added to a frozen claim';
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.claim_id IS DISTINCT FROM OLD.claim_id AND EXISTS (
              SELECT 1 FROM claim WHERE id IN (NEW.claim_id, OLD.claim_id)
                AND record_state <> 'draft') THEN
            RAISE EXCEPTION '{TAG}: a line neither joins nor leaves a frozen claim';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER claim_lifecycle BEFORE INSERT OR UPDATE ON claim "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_claim()")
    op.execute("CREATE TRIGGER fee_line_frozen_claim BEFORE INSERT OR UPDATE ON fee_line "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_fee_line_claim()")
