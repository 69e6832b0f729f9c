"""settlement identifiers: the agency's person number and visit id of a case, and its codes

The settlement systems key a claim by the insured person's number (``psn_no`` 人员编号) and
the visit or registration id the agency gave the stay (``mdtrt_id`` 就诊ID; in Jiangsu's
工伤 networked settlement the 登记流水号 of transaction 2201), with the certificate types
(``mdtrt_cert_type`` 就诊凭证类型, ``psn_cert_type`` 人员证件类型) and the insurance type
(``insutype`` 险种类型) the agency uses. They are entered per case by the records officer
(``services.claims.settlement_ids``). Five nullable columns on ``rehab_case``: rows written
before keep NULL there, so their row-state hashes (NULL columns are left out) are unchanged;
frozen claims do not hash the case row.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rehab_case", sa.Column("agency_psn_no", sa.String(length=50), nullable=True))
    op.add_column("rehab_case", sa.Column("agency_mdtrt_id", sa.String(length=50), nullable=True))
    op.add_column("rehab_case", sa.Column("agency_mdtrt_cert_type", sa.String(length=4), nullable=True))
    op.add_column("rehab_case", sa.Column("agency_psn_cert_type", sa.String(length=4), nullable=True))
    op.add_column("rehab_case", sa.Column("agency_insutype", sa.String(length=10), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the archive's columns are never removed")
