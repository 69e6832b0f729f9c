"""Declarative base, column types and mixins shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, Numeric, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC and always come back timezone-aware.

    SQLite has no time zones; PostgreSQL has. Normalising here keeps both engines alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def Money() -> Numeric[Decimal]:  # noqa: N802 - reads like a type
    """Amounts in yuan to the fen."""
    return Numeric(14, 2, asdecimal=True)


def UnitPrice() -> Numeric[Decimal]:  # noqa: N802
    """Unit prices may carry four decimals (some price lists do)."""
    return Numeric(14, 4, asdecimal=True)


def Quantity() -> Numeric[Decimal]:  # noqa: N802
    return Numeric(12, 2, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: an UPDATE of a stale copy raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.version}


class Created:
    """Who created the row and when (the audit trail has the full history)."""

    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("staff_user.id"), nullable=True)


class RecordState:
    """Integrity state of a clinical record: draft → signed → archived (→ sealed); the
    values are ``domain.vocabulary.State`` (the database layer does not import the domain)."""

    if TYPE_CHECKING:  # every record with a state is a table of its own with an integer id
        __tablename__: str
        id: Mapped[int]

    record_state: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
