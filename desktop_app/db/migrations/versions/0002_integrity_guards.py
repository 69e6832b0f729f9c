"""integrity guards: audit chain position, signature items, database triggers

Signed records, signatures, amendments and audit events become unchangeable in the
database itself, whoever connects: a trigger refuses the UPDATE or DELETE. What a
signed record may still change is its state (draft → signed → archived → sealed,
never back) and its optimistic-lock version; claims also their status, cases also
their seal. Rows of an archived or sealed case cannot be changed or deleted, and
nothing can be added to a sealed case.

The SQLite triggers list each table's columns as they are at this revision. A later
migration that adds a column to one of these tables must recreate its triggers
(``create_guards`` below is copied into that migration, never imported).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
# Signed tables → the columns that may still change once signed.
SIGNED_TABLES = {
    "rehab_case": ("record_state", "version", "sealed_at", "seal_reason"),
    "approval": ("record_state", "version"),
    "treatment_plan": ("record_state", "version"),
    "prescription": ("record_state", "version"),
    "treatment_session": ("record_state", "version"),
    "assessment": ("record_state", "version"),
    "out_of_scope_consent": ("record_state", "version"),
    "fee_line": ("record_state", "version"),
    "claim": ("record_state", "version", "status"),
}
# Clinical rows frozen with their case once it is archived or sealed.
CASE_CHILDREN = ("approval", "treatment_plan", "prescription", "treatment_session", "assessment",
                 "out_of_scope_consent", "case_transfer", "attachment")
# Child rows frozen with their signed parent: table → (parent table, foreign key).
ITEM_TABLES = {"plan_item": ("treatment_plan", "plan_id"),
               "approved_item": ("approval", "approval_id")}
APPEND_ONLY = ("signature", "signature_item", "amendment", "disposal_record")
TAG = "REHAB_IMMUTABLE"


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_chain_seq"), ["chain_seq"])
    op.create_table(
        "signature_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["signature_id"], ["signature.id"],
                                name=op.f("fk_signature_item_signature_id_signature")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_item")),
        sa.UniqueConstraint("signature_id", "record_type", "record_id",
                            name=op.f("uq_signature_item_signature_id_record_type_record_id")),
    )
    with op.batch_alter_table("signature_item", schema=None) as batch_op:
        batch_op.create_index("ix_signature_item_record", ["record_type", "record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signature_item_signature_id"), ["signature_id"],
                              unique=False)
    create_guards()


def downgrade() -> None:
    raise NotImplementedError("the archive's integrity guards are never removed")


def create_guards() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_guards(bind)
    else:
        _postgres_guards()


# ----------------------------------------------------------------------------- SQLite


def _abort(message: str) -> str:
    return f"SELECT RAISE(ABORT, '{TAG}: {message}');"


def _sqlite_guards(bind: sa.engine.Connection) -> None:
    inspector = sa.inspect(bind)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    for table, free in SIGNED_TABLES.items():
        columns = [c["name"] for c in inspector.get_columns(table) if c["name"] not in free]
        changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
        op.execute(f"""
            CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table}
            WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
            BEGIN {_abort(f'{table} is signed or archived and cannot be changed')} END""")
        op.execute(f"""
            CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table}
            WHEN OLD.record_state <> 'draft'
            BEGIN {_abort(f'{table} is signed or archived and cannot be deleted')} END""")
    for table in CASE_CHILDREN:
        closed = "(SELECT record_state FROM rehab_case WHERE id = OLD.case_id) IN ('archived', 'sealed')"
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER {table}_case_closed_no_{event.lower()} BEFORE {event} ON {table}
                WHEN {closed}
                BEGIN {_abort(f'the case of this {table} is archived or sealed')} END""")
        op.execute(f"""
            CREATE TRIGGER {table}_case_sealed_no_insert BEFORE INSERT ON {table}
            WHEN (SELECT record_state FROM rehab_case WHERE id = NEW.case_id) = 'sealed'
            BEGIN {_abort(f'the case of this {table} is sealed')} END""")
    for table, (parent, key) in ITEM_TABLES.items():
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            op.execute(f"""
                CREATE TRIGGER {table}_parent_signed_no_{event.lower()} BEFORE {event} ON {table}
                WHEN (SELECT record_state FROM {parent} WHERE id = {row}.{key}) <> 'draft'
                BEGIN {_abort(f'the {parent} of this {table} is signed')} END""")
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER {table}_append_only_{event.lower()} BEFORE {event} ON {table}
                BEGIN {_abort(f'{table} rows are never changed or deleted')} END""")
    op.execute(f"""
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN {_abort('audit events are never deleted')} END""")
    unchanged = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in
                            ("id", "occurred_at", "actor_id", "action", "record_type", "record_id",
                             "case_id", "details"))
    op.execute(f"""
        CREATE TRIGGER audit_event_chain_once BEFORE UPDATE ON audit_event
        WHEN OLD.hash IS NOT NULL OR OLD.chain_seq IS NOT NULL OR {unchanged}
        BEGIN {_abort('audit events are only ever chained, once')} END""")
    op.execute(f"""
        CREATE TRIGGER attachment_blob_no_update BEFORE UPDATE ON attachment_blob
        WHEN NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size
             OR (NEW.content IS NOT NULL AND NEW.content IS NOT OLD.content)
        BEGIN {_abort('attachment content is never changed')} END""")


# ----------------------------------------------------------------------------- PostgreSQL


def _postgres_guards() -> None:
    # A function, not an inline CASE: PL/pgSQL reads an IF condition up to the first THEN.
    op.execute(f"""
        CREATE FUNCTION rehab_state_rank(state text) RETURNS integer
        LANGUAGE sql IMMUTABLE AS $$ SELECT {STATE_RANK.format('state')} $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_signed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.record_state <> 'draft' THEN
            IF TG_OP = 'DELETE' THEN
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
        CREATE FUNCTION rehab_guard_case_closed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE state text;
        BEGIN
          IF TG_OP = 'INSERT' THEN
            SELECT record_state INTO state FROM rehab_case WHERE id = NEW.case_id;
            IF state = 'sealed' THEN
              RAISE EXCEPTION '{TAG}: the case of this % is sealed', TG_TABLE_NAME;
            END IF;
            RETURN NEW;
          END IF;
          SELECT record_state INTO state FROM rehab_case WHERE id = OLD.case_id;
          IF state IN ('archived', 'sealed') THEN
            RAISE EXCEPTION '{TAG}: the case of this % is archived or sealed', TG_TABLE_NAME;
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_item() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE state text; parent_id integer;
        BEGIN
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
        CREATE FUNCTION rehab_guard_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '{TAG}: % rows are never changed or deleted', TG_TABLE_NAME;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_audit_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{TAG}: audit events are never deleted';
          END IF;
          IF OLD.hash IS NOT NULL OR OLD.chain_seq IS NOT NULL
             OR (to_jsonb(NEW) - ARRAY['chain_seq', 'prev_hash', 'hash'])
                IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['chain_seq', 'prev_hash', 'hash']) THEN
            RAISE EXCEPTION '{TAG}: audit events are only ever chained, once';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE FUNCTION rehab_guard_blob() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.size IS DISTINCT FROM OLD.size
             OR (NEW.content IS NOT NULL AND NEW.content IS DISTINCT FROM OLD.content) THEN
            RAISE EXCEPTION '{TAG}: attachment content is never changed';
          END IF;
          RETURN NEW;
        END $$""")
    for table, free in SIGNED_TABLES.items():
        args = ", ".join(f"'{c}'" for c in free)
        op.execute(f"CREATE TRIGGER {table}_signed BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION rehab_guard_signed({args})")
    for table in CASE_CHILDREN:
        op.execute(f"CREATE TRIGGER {table}_case_closed BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_case_closed()")
    for table, (parent, key) in ITEM_TABLES.items():
        op.execute(f"CREATE TRIGGER {table}_parent_signed BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION rehab_guard_item('{parent}', '{key}')")
    for table in (*APPEND_ONLY, *SIGNED_TABLES, "audit_event", "attachment_blob", "plan_item",
                  "approved_item"):
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION rehab_guard_append_only()")
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION rehab_guard_append_only()")
    op.execute("CREATE TRIGGER audit_event_chain_once BEFORE UPDATE OR DELETE ON audit_event "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_audit_event()")
    op.execute("CREATE TRIGGER attachment_blob_content BEFORE UPDATE ON attachment_blob "
               "FOR EACH ROW EXECUTE FUNCTION rehab_guard_blob()")
