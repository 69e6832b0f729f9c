"""vocational goal and outcome, and the physician's conclusion for the appraisal committee

Nullable columns on ``rehab_case`` (issue 19, item 7):

* ``vocational_goal`` (``domain.vocabulary.VOCATIONAL_GOALS``: the same job, an adapted job
  at the same employer, another job, vocational training) and ``vocational_goal_set_on``,
  set at the start of vocational rehabilitation;
* ``vocational_outcome`` (``RETURN_TO_WORK``), ``vocational_outcome_on`` and
  ``vocational_note``, recorded at its end; the return-to-work statistics count it
  (``services.clinical.follow_up_view.latest_return_to_work``);
* ``appraisal_conclusion`` (``APPRAISAL_CONCLUSIONS``: stable and ready for the labour-capacity
  appraisal, or not yet), ``appraisal_note``, ``appraisal_concluded_at`` and
  ``appraisal_physician_id``: the physician's conclusion printed on the 先康复后鉴定 summary.

On SQLite ``rehab_case_signed_no_update`` (0002) lists the columns it guards; it is made
again here so it lists every column but the ones a closed case may still change — the new
ones and those added by 0012/0013, which it had missed — as PostgreSQL's trigger (the whole
row) always has. Rows written before keep NULL there, so their row-state hashes (NULL columns are left out)
are unchanged; frozen claims do not hash the case row.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (as 0013): a batch rebuild on SQLite would drop the case's guard triggers.
    # The physician's id is a staff_user id without a foreign key for the same reason.
    bind = op.get_bind()
    for name, kind in (("vocational_goal", sa.String(length=30)), ("vocational_goal_set_on", sa.Date()),
                       ("vocational_outcome", sa.String(length=30)), ("vocational_outcome_on", sa.Date()),
                       ("vocational_note", sa.Text()), ("appraisal_conclusion", sa.String(length=30)),
                       ("appraisal_note", sa.Text()), ("appraisal_concluded_at", sa.DateTime(timezone=True)),
                       ("appraisal_physician_id", sa.Integer())):
        op.add_column("rehab_case", sa.Column(name, kind, nullable=True))
    if bind.dialect.name == "sqlite":
        _sqlite_case_guard(bind)


# Copied from 0002 (migrations never import each other).
STATE_RANK = "CASE {} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 WHEN 'archived' THEN 2 " \
             "WHEN 'sealed' THEN 3 ELSE -1 END"
CASE_FREE = ("record_state", "version", "sealed_at", "seal_reason")  # 0002's SIGNED_TABLES
TAG = "REHAB_IMMUTABLE"


def _sqlite_case_guard(bind: sa.engine.Connection) -> None:
    """0002's ``rehab_case_signed_no_update``, made again over every column of the case."""
    columns = [c["name"] for c in sa.inspect(bind).get_columns("rehab_case")
               if c["name"] not in CASE_FREE]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
    backwards = f"{STATE_RANK.format('NEW.record_state')} < {STATE_RANK.format('OLD.record_state')}"
    message = f"{TAG}: rehab_case is signed or archived and cannot be changed"
    op.execute("DROP TRIGGER rehab_case_signed_no_update")
    op.execute(f"""
            CREATE TRIGGER rehab_case_signed_no_update BEFORE UPDATE ON rehab_case
            WHEN OLD.record_state <> 'draft' AND ({changed} OR {backwards})
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
