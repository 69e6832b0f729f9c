"""Plans, prescriptions, sessions (execution rows) and assessments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.base import (
    Base,
    Created,
    Money,
    RecordState,
    UnitPrice,
    UtcDateTime,
    Versioned,
)


class TreatmentPlan(Base, Created, RecordState, Versioned):
    """康复治疗方案. Revising makes a new version; earlier versions stay."""

    __tablename__ = "treatment_plan"
    __table_args__ = (UniqueConstraint("case_id", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plan.id"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    goals: Mapped[str] = mapped_column(Text)
    expected_effect: Mapped[str] = mapped_column(Text)
    precautions: Mapped[str] = mapped_column(Text)
    cost_estimate: Mapped[Decimal] = mapped_column(Money())
    revision_reason: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by="PlanItem.position", cascade="all, delete-orphan"
    )


class PlanItem(Base):
    """One item of a plan: what, how often, how many times, at what estimated cost."""

    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    catalogue_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_item.id"))
    national_code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    frequency: Mapped[str] = mapped_column(String(50))
    total_count: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice())
    amount: Mapped[Decimal] = mapped_column(Money())

    plan: Mapped[TreatmentPlan] = relationship(back_populates="items")


class Prescription(Base, Created, RecordState, Versioned):
    """康复治疗处方, signed by the physician."""

    __tablename__ = "prescription"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plan.id"))
    prescriber_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    prescribed_on: Mapped[date] = mapped_column(Date)
    catalogue_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_item.id"))
    national_code: Mapped[str] = mapped_column(String(30))
    item_name: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(50))
    parameters: Mapped[str | None] = mapped_column(Text)
    assigned_therapist_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


class TreatmentSession(Base, Created, RecordState, Versioned):
    """One row of the execution sheet (康复执行单): who, when, what, how many times."""

    __tablename__ = "treatment_session"
    # A therapist's sessions of a day: the overlap check (services.rules.session_limits).
    __table_args__ = (Index("ix_treatment_session_therapist_day", "therapist_id", "session_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    prescription_id: Mapped[int | None] = mapped_column(ForeignKey("prescription.id"))
    national_code: Mapped[str] = mapped_column(String(30))
    item_name: Mapped[str] = mapped_column(String(200))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    session_date: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime())
    count: Mapped[int] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    # Set when the running total passes the approved count: billed only after review.
    over_approved_count: Mapped[bool] = mapped_column(Boolean, default=False)
    # The limits the session broke when recorded (services.rules.session_limits), and the reason
    # the user stated; the fee engine judges the billed lines again at claim time.
    limit_flags: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    limit_reason: Mapped[str | None] = mapped_column(Text)
    # Per-session parameters (migration 0016, domain.session_params), NULL when not noted:
    # such a row hashes and signs exactly as before they existed.
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    intensity: Mapped[str | None] = mapped_column(String(50))
    treated_body_part: Mapped[str | None] = mapped_column(String(100))
    reaction: Mapped[str | None] = mapped_column(String(20))
    reaction_note: Mapped[str | None] = mapped_column(Text)


ASSESSMENT_PHASES = ("pre", "mid", "post", "other")


class Assessment(Base, Created, RecordState, Versioned):
    """康复前/中/后评估 with a standard instrument; the grading scheme is stored with it."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    phase: Mapped[str] = mapped_column(String(10))
    instrument_code: Mapped[str] = mapped_column(String(30))
    assessed_on: Mapped[date] = mapped_column(Date)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    item_values: Mapped[dict[str, object]] = mapped_column(JSON)
    total: Mapped[int | None] = mapped_column(Integer)
    grading_scheme: Mapped[str | None] = mapped_column(String(200))
    grade: Mapped[str | None] = mapped_column(String(50))
    conclusion: Mapped[str | None] = mapped_column(Text)
