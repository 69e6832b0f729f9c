"""The signed, versioned rehab value assessment with its treatment recommendation, and the
written notice ending a course (migration 0018). Insert-only: a draft is signed once, a
signed row never changes; a correction is a new version."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, RecordState, Versioned

# conclusion: domain.vocabulary.VALUE_CONCLUSIONS; reason, delivery, acknowledgement:
# NOTICE_REASONS, NOTICE_DELIVERIES, NOTICE_ACKNOWLEDGEMENTS.


class ValueReport(Base, Created, RecordState, Versioned):
    """One version of a case's 康复价值评估报告及康复治疗建议 (Luzhou Arts. 13(4), 22, 30; Beijing
    Arts. 5, 7), signed by a physician. The latest version counts; the latest signed one is
    what is printed, archived and carried into a repeat course for the same injury."""

    __tablename__ = "value_report"
    __table_args__ = (UniqueConstraint("case_id", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    injury_id: Mapped[int] = mapped_column(ForeignKey("injury.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    assessed_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(10))
    conclusion: Mapped[str] = mapped_column(String(20))
    assessment: Mapped[str] = mapped_column(Text)
    modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    setting: Mapped[str | None] = mapped_column(String(20))
    intended_days: Mapped[int | None] = mapped_column(Integer)
    goals: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str] = mapped_column(Text)
    physician_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("value_report.id"))


class CourseNotice(Base, Created, RecordState, Versioned):
    """The written notice ending a course (Beijing Art. 14: 不配合治疗 → 书面通知终止康复治疗;
    拒不出院 → the costs after fall on the worker), signed by the issuing physician."""

    __tablename__ = "course_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(20))
    facts: Mapped[str] = mapped_column(Text)
    consequence: Mapped[str] = mapped_column(Text)  # the costs consequence as the text states it
    basis: Mapped[str] = mapped_column(Text)  # the articles cited
    pack_code: Mapped[str] = mapped_column(String(40))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    delivery: Mapped[str] = mapped_column(String(20))
    acknowledgement: Mapped[str] = mapped_column(String(20))
    delivery_note: Mapped[str | None] = mapped_column(Text)
