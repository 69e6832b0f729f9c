"""policy packs and limits: the institution's region, the pack a case is judged by, the
approval's rehab type, session limit flags with the stated reason, inpatient leave

* ``institution.policy_region``: the region whose pack applies (``domain.packs``),
  filled from the free-text 统筹地区 of archives made before packs existed;
* ``rehab_case.policy_pack``: the pack in force on the case's first approval date,
  recorded then, so a later pack never re-judges the case (filled here for cases already
  approved, from the region and the packs' dates as they stood when this was written);
* ``approval.rehab_type``: medical or vocational (the period caps differ, Beijing Art. 8);
* ``treatment_session.limit_flags`` / ``limit_reason``: the limits a session broke when it
  was recorded, and the reason the user stated (a session beyond the plan needs one);
* ``inpatient_leave``: days an inpatient was on leave (no session, no bed-day billed);
* an index of each therapist's sessions by day, for the overlap check.

SQLite's column-listing guard triggers on the changed signed tables are made again so the
new columns are guarded too (PostgreSQL's compare whole rows). New columns are added with
``ADD COLUMN``, never a table rebuild, which would drop the triggers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TAG = "REHAB_IMMUTABLE"
# Copied from 0002 (migrations never import each other or the app).
STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
DISPOSING = "EXISTS (SELECT 1 FROM retention_record WHERE disposal_state = 'destroying')"
SIGNED_FREE = {"rehab_case": ("record_state", "version", "sealed_at", "seal_reason"),
               "approval": ("record_state", "version"),
               "treatment_session": ("record_state", "version")}
# As in domain.packs._REGION_HINTS when this was written.
REGION_HINTS = (("泸州", "luzhou"), ("北京", "beijing"), ("包头", "baotou"), ("山东", "shandong"),
                ("济南", "shandong"), ("青岛", "shandong"), ("淄博", "shandong"),
                ("宁夏", "ningxia"), ("银川", "ningxia"), ("石嘴山", "ningxia"))
# As in domain.packs when this was written: region → (pack code, first day, last day).
PACKS = {"luzhou": ("luzhou/2025-1", date(2025, 3, 24), date(2027, 3, 23)),
         "beijing": ("beijing/2026-1", date(2026, 1, 8), None),
         "baotou": ("baotou/2025-1", date(2025, 3, 11), None),
         "shandong": ("shandong/2023-17", date(2023, 12, 20), None),
         "ningxia": ("ningxia/tasklist", None, None)}
BASELINE = "national/2011"


def _pack(region: str, approved_on: date) -> str:
    code, first, last = PACKS.get(region, (BASELINE, None, None))
    in_force = (first is None or first <= approved_on) and (last is None or approved_on <= last)
    return code if in_force else BASELINE


def upgrade() -> None:
    op.add_column("institution", sa.Column("policy_region", sa.String(length=20),
                                           nullable=False, server_default="national"))
    op.add_column("rehab_case", sa.Column("policy_pack", sa.String(length=40), nullable=True))
    op.add_column("approval", sa.Column("rehab_type", sa.String(length=20), nullable=False,
                                        server_default="medical"))
    op.add_column("treatment_session", sa.Column("limit_flags", sa.JSON(), nullable=True))
    op.add_column("treatment_session", sa.Column("limit_reason", sa.Text(), nullable=True))
    op.create_table(
        "inpatient_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("leave_from", sa.Date(), nullable=False),
        sa.Column("leave_to", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["rehab_case.id"],
                                name=op.f("fk_inpatient_leave_case_id_rehab_case")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_inpatient_leave_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inpatient_leave")),
    )
    op.create_index(op.f("ix_inpatient_leave_case_id"), "inpatient_leave", ["case_id"], unique=False)
    op.create_index("ix_treatment_session_therapist_day", "treatment_session",
                    ["therapist_id", "session_date"], unique=False)
    bind = op.get_bind()
    institution = sa.table("institution", sa.column("id", sa.Integer),
                           sa.column("region", sa.String), sa.column("policy_region", sa.String))
    region = "national"
    for row in bind.execute(sa.select(institution.c.id, institution.c.region)).all():
        region = next((code for hint, code in REGION_HINTS if hint in (row.region or "")),
                      "national")
        bind.execute(institution.update().where(institution.c.id == row.id)
                     .values(policy_region=region))
    case = sa.table("rehab_case", sa.column("id", sa.Integer), sa.column("policy_pack", sa.String))
    approval = sa.table("approval", sa.column("case_id", sa.Integer),
                        sa.column("decision_date", sa.Date))
    first = sa.select(approval.c.case_id, sa.func.min(approval.c.decision_date)).group_by(
        approval.c.case_id)
    postgres = bind.dialect.name == "postgresql"
    if postgres:  # the new column of archived cases, inside this migration's transaction only
        op.execute("ALTER TABLE rehab_case DISABLE TRIGGER rehab_case_signed")
    for case_id, approved_on in bind.execute(first).all():
        if isinstance(approved_on, str):  # SQLite without type processing in a bare select
            approved_on = date.fromisoformat(approved_on)
        bind.execute(case.update().where(case.c.id == case_id)
                     .values(policy_pack=_pack(region, approved_on)))
    if postgres:
        op.execute("ALTER TABLE rehab_case ENABLE TRIGGER rehab_case_signed")
    if bind.dialect.name == "sqlite":
        _sqlite_guards(bind)
    else:
        op.execute("CREATE TRIGGER inpatient_leave_case_closed BEFORE INSERT OR UPDATE OR DELETE "
                   "ON inpatient_leave FOR EACH ROW EXECUTE FUNCTION rehab_guard_case_closed()")


def downgrade() -> None:
    raise NotImplementedError("the archive's schema only moves forward")


def _abort(message: str) -> str:
    return f"SELECT RAISE(ABORT, '{TAG}: {message}');"


def _sqlite_guards(bind: sa.engine.Connection) -> None:
    inspector = sa.inspect(bind)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    for table, free in SIGNED_FREE.items():
        columns = [c["name"] for c in inspector.get_columns(table) if c["name"] not in free]
        changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
        op.execute(f"DROP TRIGGER {table}_signed_no_update")
        op.execute(f"""
            CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table}
            WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
            BEGIN {_abort(f'{table} is signed or archived and cannot be changed')} END""")
    closed = "(SELECT record_state FROM rehab_case WHERE id = OLD.case_id) IN ('archived', 'sealed')"
    for event, when in (("UPDATE", closed), ("DELETE", f"{closed} AND NOT {DISPOSING}")):
        op.execute(f"""
            CREATE TRIGGER inpatient_leave_case_closed_no_{event.lower()} BEFORE {event}
            ON inpatient_leave WHEN {when}
            BEGIN {_abort('the case of this inpatient_leave is archived or sealed')} END""")
    op.execute(f"""
        CREATE TRIGGER inpatient_leave_case_sealed_no_insert BEFORE INSERT ON inpatient_leave
        WHEN (SELECT record_state FROM rehab_case WHERE id = NEW.case_id) = 'sealed'
        BEGIN {_abort('the case of this inpatient_leave is sealed')} END""")
