"""The institution and its staff."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, UtcDateTime, Versioned


class Institution(Base, Versioned):
    """The rehabilitation institution and its agreement with the agency (协议)."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    region: Mapped[str] = mapped_column(String(50))
    agreement_number: Mapped[str | None] = mapped_column(String(100))
    agreement_valid_from: Mapped[date | None] = mapped_column(Date)
    agreement_valid_to: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    settings: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # The region whose policy pack applies (domain.rules.packs.REGIONS); set at first run and
    # changed only by an administrator with a reason (services.rules.region).
    policy_region: Mapped[str] = mapped_column(String(20), default="national",
                                               server_default="national")


class StaffUser(Base, Versioned):
    """A member of staff. Each operator has a unique identity (电子病历应用管理规范)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # domain.vocabulary.Role
    licence_number: Mapped[str | None] = mapped_column(String(50))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
