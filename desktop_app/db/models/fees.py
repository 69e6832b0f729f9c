"""Catalogue packs, fee lines, out-of-scope consent and claims."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.base import (
    Base,
    Created,
    Money,
    Quantity,
    RecordState,
    UnitPrice,
    UtcDateTime,
    Versioned,
)

# The values of category, coverage and status: domain.vocabulary (FeeCategory, CoverageClass,
# ClaimStatus); the database layer does not import the domain.


class CataloguePack(Base, Created):
    """A regional, versioned catalogue (national base + local changes + prices)."""

    __tablename__ = "catalogue_pack"
    __table_args__ = (UniqueConstraint("region", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(50))
    version: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    items: Mapped[list[CatalogueItem]] = relationship(back_populates="pack")


class CatalogueItem(Base):
    """An item of a pack, keyed by national code within the pack."""

    __tablename__ = "catalogue_item"
    __table_args__ = (UniqueConstraint("pack_id", "national_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("catalogue_pack.id"), index=True)
    national_code: Mapped[str] = mapped_column(String(30), index=True)
    local_code: Mapped[str | None] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    price: Mapped[Decimal] = mapped_column(UnitPrice())
    category: Mapped[str] = mapped_column(String(10))
    max_per_day: Mapped[int | None] = mapped_column(Integer)
    max_per_course: Mapped[int | None] = mapped_column(Integer)
    indication: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    pack: Mapped[CataloguePack] = relationship(back_populates="items")


class Claim(Base, Created, RecordState, Versioned):
    """A settlement claim for a case and period: draft → final (frozen) → exported."""

    __tablename__ = "claim"
    __table_args__ = (UniqueConstraint("case_id", "period", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    period: Mapped[str] = mapped_column(String(20))  # YYYY-MM or "discharge"
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    frozen_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    frozen_sha256: Mapped[str | None] = mapped_column(String(64))
    totals: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    correction_reason: Mapped[str | None] = mapped_column(Text)  # for versions after the first


class FeeLine(Base, Created, RecordState, Versioned):
    """One charge. Amounts are Decimal; the coverage rule names its article."""

    __tablename__ = "fee_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    catalogue_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_item.id"))
    price_version: Mapped[str] = mapped_column(String(120))  # "<region>/<pack version>"
    national_code: Mapped[str] = mapped_column(String(30))
    local_code: Mapped[str | None] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice())
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    amount: Mapped[Decimal] = mapped_column(Money())
    category: Mapped[str] = mapped_column(String(10))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    coverage: Mapped[str] = mapped_column(String(20), default="pending")
    coverage_reason: Mapped[str | None] = mapped_column(Text)
    coverage_rule: Mapped[str | None] = mapped_column(String(100))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("fee_line.id"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("out_of_scope_consent.id"))
    # What the charge is for when that decides coverage (domain.rules.coverage.CHARGE_KINDS),
    # and the body part treated when recorded (non-injured parts are not paid).
    charge_kind: Mapped[str | None] = mapped_column(String(30))
    body_part: Mapped[str | None] = mapped_column(String(50))
    # When it occurred (the day is ``occurred_on``) and who ordered it, for the settlement
    # systems' fee_ocur_time / bilg_dept_* / bilg_dr_* (NULL on lines written before 0009).
    occurred_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    dept_code: Mapped[str | None] = mapped_column(String(30))
    dept_name: Mapped[str | None] = mapped_column(String(100))
    physician_code: Mapped[str | None] = mapped_column(String(30))
    physician_name: Mapped[str | None] = mapped_column(String(100))


class OutOfScopeConsent(Base, Created, RecordState, Versioned):
    """Written consent to out-of-scope items, then self-paid (Luzhou Art. 31)."""

    __tablename__ = "out_of_scope_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    amount: Mapped[Decimal] = mapped_column(Money())
    signer_kind: Mapped[str] = mapped_column(String(20))  # employer / worker / relative
    signer_name: Mapped[str] = mapped_column(String(100))
    signed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
