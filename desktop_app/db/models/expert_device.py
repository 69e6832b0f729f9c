"""Expert evaluations (专家评估) and assistive-device records (辅助器具): append-only rows
(migration 0021), never changed; a correction is a newer row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, Quantity, UnitPrice

# supports: domain.rules.expert_devices.CARE_KINDS; device_record.kind: DEVICE_KINDS.
DEVICE_KINDS = ("opinion", "filing", "fitting", "adjustment", "training")


class ExpertEvaluation(Base, Created):
    """An evaluation by members of the rehab expert pool (Baotou Arts. 9, 10, 13, 19): when,
    by whom (names and titles), which care it supports, the signed opinion's scan; recorded
    by a physician (``created_by_id``)."""

    __tablename__ = "expert_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    evaluated_on: Mapped[date] = mapped_column(Date)
    experts: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"name", "title"}]
    supports: Mapped[list[str]] = mapped_column(JSON)  # the care it supports (may be empty)
    conclusion: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class DeviceRecord(Base, Created):
    """One step of an assistive device's course: the opinion (配置意见: which device), its
    filing with the agency (备案 number and date), the fitting (supplier, quantity, price;
    the fee line where the pack pays), adjustments and training sessions (therapist).
    Every step but the opinion names its opinion (``opinion_id``)."""

    __tablename__ = "device_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("device_record.id"), index=True)
    done_on: Mapped[date] = mapped_column(Date)
    device_code: Mapped[str | None] = mapped_column(String(40))
    device_name: Mapped[str | None] = mapped_column(String(200))
    filing_number: Mapped[str | None] = mapped_column(String(80))
    supplier: Mapped[str | None] = mapped_column(String(200))
    quantity: Mapped[Decimal | None] = mapped_column(Quantity())
    unit_price: Mapped[Decimal | None] = mapped_column(UnitPrice())
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # physician / therapist
    fee_line_id: Mapped[int | None] = mapped_column(ForeignKey("fee_line.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    note: Mapped[str | None] = mapped_column(Text)
