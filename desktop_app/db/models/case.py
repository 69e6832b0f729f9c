"""The rehabilitation case (一次工伤康复) and its approvals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.base import Base, Created, RecordState, UtcDateTime, Versioned
from desktop_app.db.models.people import Injury, Worker


class RehabCase(Base, Created, RecordState, Versioned):
    """One approved course of rehabilitation at this institution."""

    __tablename__ = "rehab_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(30), unique=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    injury_id: Mapped[int] = mapped_column(ForeignKey("injury.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    status: Mapped[str] = mapped_column(String(20), index=True, default="registered")  # CaseStatus
    stage: Mapped[str] = mapped_column(String(10))
    setting: Mapped[str] = mapped_column(String(20))
    modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Facts checked for eligibility (Beijing Art. 6, Luzhou Art. 4), as recorded at intake.
    eligibility: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    rehab_value_assessment: Mapped[str | None] = mapped_column(Text)
    rehab_value_date: Mapped[date | None] = mapped_column(Date)
    treatment_recommendation: Mapped[str | None] = mapped_column(Text)
    payment_method: Mapped[str] = mapped_column(String(20), default="per_item")
    payment_rate: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    admission_date: Mapped[date | None] = mapped_column(Date)
    admitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    identity_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    identity_check_method: Mapped[str | None] = mapped_column(String(30))
    bed_number: Mapped[str | None] = mapped_column(String(20))
    discharge_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(30))
    end_note: Mapped[str | None] = mapped_column(Text)
    # Where the worker went and whether they returned to work, as known at discharge
    # (domain.vocabulary DISCHARGE_DESTINATIONS, RETURN_TO_WORK), and their satisfaction
    # 1–5 where the region asks for it (migration 0013).
    discharge_destination: Mapped[str | None] = mapped_column(String(30))
    return_to_work: Mapped[str | None] = mapped_column(String(30))
    discharge_satisfaction: Mapped[int | None] = mapped_column(Integer)
    # The day the course ended (plan completed or treatment stopped) when the stay went
    # on after it, and why: costs after it fall on the institution or the worker
    # (Beijing Art. 14 para. 2; domain.rules.coverage.OVERSTAY_CAUSES).
    course_ended_on: Mapped[date | None] = mapped_column(Date)
    overstay_cause: Mapped[str | None] = mapped_column(String(20))
    # Vocational rehabilitation (migration 0022): the goal set at its start
    # (domain.vocabulary.VOCATIONAL_GOALS) and the outcome at its end (RETURN_TO_WORK), which
    # the return-to-work statistics count; the physician's conclusion for the labour-capacity
    # appraisal (APPRAISAL_CONCLUSIONS) printed on the 先康复后鉴定 summary. The physician is a
    # staff_user id (no foreign key: added by a plain ADD COLUMN, see the migration).
    vocational_goal: Mapped[str | None] = mapped_column(String(30))
    vocational_goal_set_on: Mapped[date | None] = mapped_column(Date)
    vocational_outcome: Mapped[str | None] = mapped_column(String(30))
    vocational_outcome_on: Mapped[date | None] = mapped_column(Date)
    vocational_note: Mapped[str | None] = mapped_column(Text)
    appraisal_conclusion: Mapped[str | None] = mapped_column(String(30))
    appraisal_note: Mapped[str | None] = mapped_column(Text)
    appraisal_concluded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    appraisal_physician_id: Mapped[int | None] = mapped_column(Integer)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    seal_reason: Mapped[str | None] = mapped_column(Text)
    # The policy pack the case is judged by (domain.rules.packs): the one in force on its first
    # approval date, recorded then so a later pack never re-judges it.
    policy_pack: Mapped[str | None] = mapped_column(String(40))
    # The agency's keys for the case in its settlement system (psn_no, mdtrt_id) and the
    # codes it uses (mdtrt_cert_type, psn_cert_type, insutype): services.claims.settlement_ids.
    agency_psn_no: Mapped[str | None] = mapped_column(String(50))
    agency_mdtrt_id: Mapped[str | None] = mapped_column(String(50))
    agency_mdtrt_cert_type: Mapped[str | None] = mapped_column(String(4))
    agency_psn_cert_type: Mapped[str | None] = mapped_column(String(4))
    agency_insutype: Mapped[str | None] = mapped_column(String(10))
    # A repeat course of the same injury (旧伤复发, a repeat application): the earlier case it
    # follows and why (domain.vocabulary COURSE_REASONS; migration 0020). NULL: a first course.
    previous_case_id: Mapped[int | None] = mapped_column(ForeignKey("rehab_case.id"))
    course_reason: Mapped[str | None] = mapped_column(String(30))

    worker: Mapped[Worker] = relationship()
    injury: Mapped[Injury] = relationship()
    approvals: Mapped[list[Approval]] = relationship(
        back_populates="case", order_by="Approval.decision_date"
    )


class Approval(Base, Created, RecordState, Versioned):
    """核准/确认结论, an extension of it, or an early-intervention filing (备案)."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # approval / extension / early_filing
    rehab_type: Mapped[str] = mapped_column(String(20), default="medical",
                                            server_default="medical")  # domain.rules.packs.REHAB_TYPES
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date] = mapped_column(Date)
    issuing_body: Mapped[str] = mapped_column(String(200))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    # The application (工伤康复申请) this approval answers (migration 0017; None: not recorded).
    application_id: Mapped[int | None] = mapped_column(ForeignKey("rehab_application.id"))

    case: Mapped[RehabCase] = relationship(back_populates="approvals")
    items: Mapped[list[ApprovedItem]] = relationship(
        back_populates="approval", cascade="all, delete-orphan"
    )


class ApprovedItem(Base):
    """An item the approval allows, with its approved count (None: not limited)."""

    __tablename__ = "approved_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_id: Mapped[int] = mapped_column(ForeignKey("approval.id"), index=True)
    national_code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    approved_count: Mapped[int | None] = mapped_column(Integer)

    approval: Mapped[Approval] = relationship(back_populates="items")


class InpatientLeave(Base, Created):
    """Days an inpatient was on leave (请假): no session is recorded and no bed-day is the
    fund's; a day with neither a session nor leave nor a stated reason is an idle bed day."""

    __tablename__ = "inpatient_leave"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    leave_from: Mapped[date] = mapped_column(Date)
    leave_to: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)


class CaseTransfer(Base, Created):
    """Transfer of a case in from, or out to, another institution (Luzhou Art. 24)."""

    __tablename__ = "case_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # in / out
    other_institution: Mapped[str] = mapped_column(String(200))
    transfer_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    # Migration 0019 (issue 19): append-only from then on. Whether the destination lies outside
    # the region the pack speaks of (Luzhou Art. 24: 本市外; Ningxia No. 9: 外省), the agency's
    # consent or filing (同意 / 转院备案) number and date, and for a transfer in the earlier
    # institution's summary (an attachment of the case).
    outside_region: Mapped[bool | None] = mapped_column(Boolean)
    consent_number: Mapped[str | None] = mapped_column(String(60))
    consent_date: Mapped[date | None] = mapped_column(Date)
    summary_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class TransferUsedCount(Base, Created):
    """A transfer in: the sessions of one approved item (national code) the earlier institution
    already gave (migration 0019, append-only). They are deducted from what the approval still
    allows here (``lookup.approved_counts``)."""

    __tablename__ = "transfer_used_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("case_transfer.id"), index=True)
    national_code: Mapped[str] = mapped_column(String(40))
    used_count: Mapped[int] = mapped_column(Integer)
