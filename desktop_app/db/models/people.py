"""The injured worker, the employer, the injury and its diagnoses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.base import Base, Created, UtcDateTime, Versioned


class Employer(Base, Created, Versioned):
    """用人单位."""

    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    insurance_region: Mapped[str | None] = mapped_column(String(50))


class Worker(Base, Created, Versioned):
    """工伤职工. The social-security number is the ID number by law."""

    __tablename__ = "worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    name_initials: Mapped[str] = mapped_column(String(50), index=True, default="")
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    resident_id: Mapped[str] = mapped_column(String(18), unique=True)
    social_security_card: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(300))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), index=True)
    # employed / ended / transferred (insurance moved with the worker)
    employment_status: Mapped[str] = mapped_column(String(20), default="employed")
    # active / ended (Luzhou Art. 4 excludes workers whose insurance relation ended)
    insurance_status: Mapped[str] = mapped_column(String(20), default="active")
    relative_name: Mapped[str | None] = mapped_column(String(100))
    relative_relation: Mapped[str | None] = mapped_column(String(50))
    relative_phone: Mapped[str | None] = mapped_column(String(50))

    employer: Mapped[Employer | None] = relationship()


class Injury(Base, Created, Versioned):
    """工伤: the recognised injury a case treats."""

    __tablename__ = "injury"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))
    recognition_number: Mapped[str] = mapped_column(String(100))
    recognition_date: Mapped[date] = mapped_column(Date)
    injury_date: Mapped[date] = mapped_column(Date)
    injured_body_parts: Mapped[list[str]] = mapped_column(JSON, default=list)
    disease_category: Mapped[str] = mapped_column(String(10))
    occupational_disease: Mapped[bool] = mapped_column(Boolean, default=False)
    disability_grade: Mapped[int | None] = mapped_column(Integer)
    disability_appraisal_date: Mapped[date | None] = mapped_column(Date)
    one_off_medical_subsidy_date: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

    worker: Mapped[Worker] = relationship()
    diagnoses: Mapped[list[Diagnosis]] = relationship(
        back_populates="injury", order_by="Diagnosis.position", cascade="all, delete-orphan"
    )


class Diagnosis(Base):
    """An ICD-10 diagnosis with the code list it came from. Position 0 is the main one."""

    __tablename__ = "diagnosis"
    __table_args__ = (UniqueConstraint("injury_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    injury_id: Mapped[int] = mapped_column(ForeignKey("injury.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    icd_code: Mapped[str] = mapped_column(String(30))
    icd_name: Mapped[str] = mapped_column(String(200))
    code_list_version: Mapped[str] = mapped_column(String(50))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())

    injury: Mapped[Injury] = relationship(back_populates="diagnoses")
