"""retention and disposal: disposal requests, number sequences, and the database's part in
refusing deletion

Nothing under retention can be deleted, whoever connects. The only way rows of an
archived case leave the database is a disposal: a retention record may move to
``destroying`` only when it is not on legal hold and a disposal request covering it
carries the administrator's approval signature and two witnesses' signatures. While
a destruction is under way (inside its one transaction, invisible to others) the
guards of migration 0002 let rows be deleted; nothing else is relaxed.

Retention records are never deleted; their keep-until date only moves later; their
disposal state only moves forward (retained → destroying → destroyed).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
# Copied from 0002 (migrations never import each other).
SIGNED_TABLES = ("rehab_case", "approval", "treatment_plan", "prescription", "treatment_session",
                 "assessment", "out_of_scope_consent", "fee_line", "claim")
CASE_CHILDREN = ("approval", "treatment_plan", "prescription", "treatment_session", "assessment",
                 "out_of_scope_consent", "case_transfer", "attachment")
ITEM_TABLES = {"plan_item": ("treatment_plan", "plan_id"),
               "approved_item": ("approval", "approval_id")}
DISPOSABLE_APPEND_ONLY = ("signature", "signature_item", "amendment")
STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
DISPOSAL_RANK = "CASE {} WHEN 'retained' THEN 0 WHEN 'destroying' THEN 1 " \
                "WHEN 'destroyed' THEN 2 ELSE -9 END"
# True for anything but staying put or one step forward.
DISPOSAL_STEP = (f"({DISPOSAL_RANK.format('NEW.disposal_state')}) - "
                 f"({DISPOSAL_RANK.format('OLD.disposal_state')}) NOT IN (0, 1)")
# A request covering the retention record {0}, approved and witnessed by two people.
AUTHORISED = """EXISTS (
    SELECT 1 FROM disposal_request_item i WHERE i.retention_id = {0}
      AND EXISTS (SELECT 1 FROM signature s WHERE s.record_type = 'disposal_request'
                  AND s.record_id = i.request_id AND s.meaning = 'disposal_approves')
      AND (SELECT count(DISTINCT s.staff_user_id) FROM signature s
           WHERE s.record_type = 'disposal_request' AND s.record_id = i.request_id
             AND s.meaning = 'disposal_witness') >= 2)"""


def upgrade() -> None:
    op.create_table(
        "disposal_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("record_state", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_disposal_request_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal_request")),
    )
    op.create_table(
        "disposal_request_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("retention_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["disposal_request.id"],
                                name=op.f("fk_disposal_request_item_request_id_disposal_request")),
        sa.ForeignKeyConstraint(["retention_id"], ["retention_record.id"],
                                name=op.f("fk_disposal_request_item_retention_id_retention_record")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal_request_item")),
        sa.UniqueConstraint("request_id", "retention_id",
                            name=op.f("uq_disposal_request_item_request_id_retention_id")),
    )
    op.create_index(op.f("ix_disposal_request_item_request_id"), "disposal_request_item",
                    ["request_id"], unique=False)
    op.create_index(op.f("ix_disposal_request_item_retention_id"), "disposal_request_item",
                    ["retention_id"], unique=False)
    op.create_table(
        "number_sequence",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("last_value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_sequence")),
    )
    # Plain ADD COLUMN (no table rebuild), so 0002's triggers on this table survive.
    op.add_column("disposal_record", sa.Column("request_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _sqlite()
    else:
        _postgres()


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")


def _abort(message: str) -> str:
    return f"SELECT RAISE(ABORT, '{TAG}: {message}');"


def _sqlite() -> None:
    for table in SIGNED_TABLES:
        op.execute(f"DROP TRIGGER {table}_signed_no_delete")
        op.execute(f"""
            CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table}
            WHEN OLD.record_state <> 'draft' AND NOT {DISPOSING}
            BEGIN {_abort(f'{table} is signed or archived and cannot be deleted')} END""")
    for table in CASE_CHILDREN:
        op.execute(f"DROP TRIGGER {table}_case_closed_no_delete")
        op.execute(f"""
            CREATE TRIGGER {table}_case_closed_no_delete BEFORE DELETE ON {table}
            WHEN (SELECT record_state FROM rehab_case WHERE id = OLD.case_id)
                 IN ('archived', 'sealed') AND NOT {DISPOSING}
            BEGIN {_abort(f'the case of this {table} is archived or sealed')} END""")
    for table, (parent, key) in ITEM_TABLES.items():
        op.execute(f"DROP TRIGGER {table}_parent_signed_no_delete")
        op.execute(f"""
            CREATE TRIGGER {table}_parent_signed_no_delete BEFORE DELETE ON {table}
            WHEN (SELECT record_state FROM {parent} WHERE id = OLD.{key}) <> 'draft'
                 AND NOT {DISPOSING}
            BEGIN {_abort(f'the {parent} of this {table} is signed')} END""")
    for table in DISPOSABLE_APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_append_only_delete")
        op.execute(f"""
            CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
            WHEN NOT {DISPOSING}
            BEGIN {_abort(f'{table} rows are never changed or deleted')} END""")
    op.execute(f"""
        CREATE TRIGGER rehab_case_retained_no_delete BEFORE DELETE ON rehab_case
        WHEN EXISTS (SELECT 1 FROM retention_record WHERE record_type = 'rehab_case'
                     AND record_id = OLD.id AND disposal_state <> 'destroying')
        BEGIN {_abort('rehab_case is under retention and cannot be deleted')} END""")
    op.execute(f"""
        CREATE TRIGGER retention_record_no_delete BEFORE DELETE ON retention_record
        BEGIN {_abort('retention records are never deleted')} END""")
    fixed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in
                        ("id", "record_type", "record_id", "record_class", "retention_start"))
    op.execute(f"""
        CREATE TRIGGER retention_record_guard BEFORE UPDATE ON retention_record
        WHEN {fixed} OR NEW.retain_until < OLD.retain_until OR {DISPOSAL_STEP}
        BEGIN {_abort('retention is only ever extended, and disposal only moves forward')} END""")
    op.execute(f"""
        CREATE TRIGGER retention_record_destroy_authorised BEFORE UPDATE ON retention_record
        WHEN NEW.disposal_state = 'destroying' AND OLD.disposal_state = 'retained'
             AND (NEW.legal_hold OR NOT {AUTHORISED.format('NEW.id')})
        BEGIN {_abort('a destruction needs an approved, witnessed disposal and no legal hold')}
        END""")
    inspector = sa.inspect(op.get_bind())
    columns = [c["name"] for c in inspector.get_columns("disposal_request")
               if c["name"] not in ("record_state", "version")]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    op.execute(f"""
        CREATE TRIGGER disposal_request_signed_no_update BEFORE UPDATE ON disposal_request
        WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
        BEGIN {_abort('disposal_request is signed and cannot be changed')} END""")
    for event in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER disposal_request_no_{event.lower()}_signed_items BEFORE {event}
            ON disposal_request_item
            WHEN (SELECT record_state FROM disposal_request WHERE id = OLD.request_id) <> 'draft'
            BEGIN {_abort('the disposal request of this item is signed')} END""")
    op.execute(f"""
        CREATE TRIGGER disposal_request_no_delete BEFORE DELETE ON disposal_request
        WHEN OLD.record_state <> 'draft'
        BEGIN {_abort('disposal_request is signed and cannot be deleted')} END""")


def _postgres() -> None:
    op.execute(f"""
        CREATE FUNCTION rehab_disposing() RETURNS boolean LANGUAGE sql STABLE AS $$
          SELECT {DISPOSING} $$""")
    # 0002's guards, now letting a destruction under way delete rows.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION rehab_guard_signed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.record_state <> 'draft' THEN
            IF TG_OP = 'DELETE' THEN
              IF rehab_disposing() THEN RETURN OLD; END IF;
              RAISE EXCEPTION '{TAG}: % is signed or archived and cannot be deleted', TG_TABLE_NAME;
            END IF;
            IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV)
               OR rehab_state_rank(NEW.record_state) < rehab_state_rank(OLD.record_state) THEN
              RAISE EXCEPTION '{TAG}: % is signed or archived and cannot be changed', TG_TABLE_NAME;
            END IF;
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION rehab_guard_case_closed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE state text;
        BEGIN
          IF TG_OP = 'INSERT' THEN
            SELECT record_state INTO state FROM rehab_case WHERE id = NEW.case_id;
            IF state = 'sealed' THEN
              RAISE EXCEPTION '{TAG}: the case of this % is sealed', TG_TABLE_NAME;
            END IF;
            RETURN NEW;
          END IF;
          IF TG_OP = 'DELETE' AND rehab_disposing() THEN RETURN OLD; END IF;
          SELECT record_state INTO state FROM rehab_case WHERE id = OLD.case_id;
          IF state IN ('archived', 'sealed') THEN
            RAISE EXCEPTION '{TAG}: the case of this % is archived or sealed', TG_TABLE_NAME;
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION rehab_guard_item() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE state text; parent_id integer;
        BEGIN
          IF TG_OP = 'DELETE' AND rehab_disposing() THEN RETURN OLD; END IF;
          IF TG_OP = 'INSERT' THEN
            parent_id := (to_jsonb(NEW) ->> TG_ARGV[1])::integer;
          ELSE
            parent_id := (to_jsonb(OLD) ->> TG_ARGV[1])::integer;
          END IF;
          EXECUTE format('SELECT record_state FROM %I WHERE id = $1', TG_ARGV[0])
            INTO state USING parent_id;
          IF state <> 'draft' THEN
            RAISE EXCEPTION '{TAG}: the % of this % is signed', TG_ARGV[0], TG_TABLE_NAME;
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_append_only_disposable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' AND rehab_disposing() THEN RETURN OLD; END IF;
          RAISE EXCEPTION '{TAG}: % rows are never changed or deleted', TG_TABLE_NAME;
        END $$""")
    for table in DISPOSABLE_APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only_disposable()")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_case_retained() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM retention_record WHERE record_type = 'rehab_case'
                     AND record_id = OLD.id AND disposal_state <> 'destroying') THEN
            RAISE EXCEPTION '{TAG}: rehab_case is under retention and cannot be deleted';
          END IF;
          RETURN OLD;
        END $$""")
    op.execute("CREATE TRIGGER rehab_case_retained BEFORE DELETE ON rehab_case "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_case_retained()")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_retention() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{TAG}: retention records are never deleted';
          END IF;
          IF (NEW.id, NEW.record_type, NEW.record_id, NEW.record_class, NEW.retention_start)
               IS DISTINCT FROM
             (OLD.id, OLD.record_type, OLD.record_id, OLD.record_class, OLD.retention_start)
             OR NEW.retain_until < OLD.retain_until OR {DISPOSAL_STEP} THEN
            RAISE EXCEPTION '{TAG}: retention is only ever extended, and disposal only moves forward';
          END IF;
          IF NEW.disposal_state = 'destroying' AND OLD.disposal_state = 'retained'
             AND (NEW.legal_hold OR NOT {AUTHORISED.format('NEW.id')}) THEN
            RAISE EXCEPTION '{TAG}: a destruction needs an approved, witnessed disposal and no legal hold';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER retention_record_guard BEFORE UPDATE OR DELETE ON retention_record "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_retention()")
    op.execute("CREATE TRIGGER disposal_request_signed BEFORE UPDATE OR DELETE ON disposal_request "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_signed('record_state', 'version')")
    op.execute("CREATE TRIGGER disposal_request_item_parent_signed BEFORE UPDATE OR DELETE "
               "ON disposal_request_item FOR EACH ROW "
               "EXECUTE FUNCTION rehab_guard_item('disposal_request', 'request_id')")
    for table in ("retention_record", "disposal_request", "disposal_request_item"):
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")
