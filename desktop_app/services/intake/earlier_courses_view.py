"""The courses of one injury (旧伤复发, repeat applications): what the intake dialog offers when
a worker already registered comes back, and the earlier courses a case shows. Pure reads:
plain rows, never ORM objects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Approval,
    ApprovedItem,
    Diagnosis,
    Employer,
    Injury,
    RehabCase,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.identity import normalise_resident_id
from desktop_app.domain.vocabulary import CLOSED_CASE_STATES, CaseStatus
from desktop_app.services.core.lookup import get_case, superseded


@dataclass(frozen=True)
class ItemUse:
    """One item of a course: the units of its current sessions and what was approved."""

    national_code: str
    name: str
    used: int
    approved: int | None  # None: no count approved (or not approved at all)


@dataclass(frozen=True)
class Course:
    """One course (case) of an injury."""

    case_id: int
    case_number: str
    stage: str
    setting: str
    status: str
    record_state: str
    course_reason: str | None  # COURSE_REASONS; None: the first course (or not linked)
    previous_case_id: int | None
    registered_on: date
    admission_date: date | None
    discharge_date: date | None
    end_reason: str | None
    return_to_work: str | None  # at discharge (RETURN_TO_WORK)
    items: tuple[ItemUse, ...]

    @property
    def open(self) -> bool:
        return self.status != CaseStatus.DISCHARGED and self.record_state not in CLOSED_CASE_STATES

    @property
    def sessions(self) -> int:
        return sum(i.used for i in self.items)


@dataclass(frozen=True)
class InjuryChoice:
    """An injury of a worker already registered, as the intake dialog offers it for a new
    course: its facts (shown read-only) and its latest course (the one a new course follows,
    whose value assessment and recommendation it starts from)."""

    injury_id: int
    worker_name: str
    recognition_number: str
    recognition_date: date
    injury_date: date
    injured_body_parts: tuple[str, ...]
    disease_category: str
    occupational_disease: bool
    disability_grade: int | None
    diagnoses: tuple[tuple[str, str], ...]  # (ICD code, name), the main one first
    employer_name: str
    employer_credit_code: str
    latest_case_id: int | None
    latest_case_number: str | None
    open_case_number: str | None  # a course still open: no new one can start
    rehab_value_assessment: str | None  # the latest course's
    treatment_recommendation: str | None


def _item_uses(session: Session, case_ids: list[int]) -> dict[int, list[ItemUse]]:
    if not case_ids:
        return {}
    used: dict[tuple[int, str], tuple[str, int]] = {}
    for case_id, code, name, units in session.execute(
            select(TreatmentSession.case_id, TreatmentSession.national_code,
                   func.min(TreatmentSession.item_name), func.sum(TreatmentSession.count))
            .where(TreatmentSession.case_id.in_(case_ids),
                   TreatmentSession.id.not_in(superseded("treatment_session")))
            .group_by(TreatmentSession.case_id, TreatmentSession.national_code)):
        used[(case_id, code)] = (name, int(units or 0))
    approved: dict[tuple[int, str], tuple[str, int | None]] = {}
    for case_id, code, name, count in session.execute(
            select(Approval.case_id, ApprovedItem.national_code, func.min(ApprovedItem.name),
                   func.sum(ApprovedItem.approved_count))
            .join(Approval, Approval.id == ApprovedItem.approval_id)
            .where(Approval.case_id.in_(case_ids), Approval.kind != "early_filing",
                   Approval.id.not_in(superseded("approval")))
            .group_by(Approval.case_id, ApprovedItem.national_code)):
        approved[(case_id, code)] = (name, int(count) if count is not None else None)
    out: dict[int, list[ItemUse]] = defaultdict(list)
    for key in sorted(used.keys() | approved.keys()):
        name, units = used.get(key, ("", 0))
        approved_name, count = approved.get(key, ("", None))
        out[key[0]].append(ItemUse(key[1], name or approved_name, units, count))
    return out


def _courses(session: Session, *where: object) -> list[Course]:
    cases = list(session.scalars(select(RehabCase).where(*where)  # type: ignore[arg-type]
                                 .order_by(RehabCase.created_at, RehabCase.id)))
    uses = _item_uses(session, [c.id for c in cases])
    return [Course(c.id, c.case_number, c.stage, c.setting, c.status, c.record_state,
                   c.course_reason, c.previous_case_id, c.created_at.astimezone(CHINA).date(),
                   c.admission_date, c.discharge_date, c.end_reason, c.return_to_work,
                   tuple(uses.get(c.id, ())))
            for c in cases]


def injury_courses(session: Session, injury_id: int) -> list[Course]:
    """Every course of an injury, oldest first."""
    return _courses(session, RehabCase.injury_id == injury_id)


def case_courses(session: Session, case_id: int) -> list[Course]:
    """Every course of the injury the case treats (the case among them), oldest first."""
    return injury_courses(session, get_case(session, case_id).injury_id)


def earlier_courses(session: Session, case_id: int) -> list[Course]:
    """The courses of the same injury registered before this case, newest first."""
    courses = case_courses(session, case_id)
    position = next(i for i, c in enumerate(courses) if c.case_id == case_id)
    return list(reversed(courses[:position]))


def worker_injuries(session: Session, resident_id: str) -> list[InjuryChoice]:
    """The injuries of the worker with this ID number (none for an unknown or partial number),
    the newest injury first."""
    number = normalise_resident_id(resident_id)
    if len(number) != 18:
        return []
    worker = session.scalars(select(Worker).where(Worker.resident_id == number)).first()
    if worker is None:
        return []
    injuries = list(session.scalars(select(Injury).where(Injury.worker_id == worker.id)
                                    .order_by(Injury.injury_date.desc(), Injury.id.desc())))
    out: list[InjuryChoice] = []
    for injury in injuries:
        cases = list(session.scalars(select(RehabCase).where(RehabCase.injury_id == injury.id)
                                     .order_by(RehabCase.created_at, RehabCase.id)))
        latest = cases[-1] if cases else None
        still_open = next((c for c in cases if c.status != CaseStatus.DISCHARGED
                           and c.record_state not in CLOSED_CASE_STATES), None)
        employer = session.get(Employer, injury.employer_id) if injury.employer_id else None
        diagnoses = session.execute(select(Diagnosis.icd_code, Diagnosis.icd_name)
                                    .where(Diagnosis.injury_id == injury.id)
                                    .order_by(Diagnosis.position)).all()
        out.append(InjuryChoice(
            injury.id, worker.name, injury.recognition_number, injury.recognition_date,
            injury.injury_date, tuple(injury.injured_body_parts), injury.disease_category,
            injury.occupational_disease, injury.disability_grade,
            tuple((code, name) for code, name in diagnoses),
            employer.name if employer else "", (employer.credit_code or "") if employer else "",
            latest.id if latest else None, latest.case_number if latest else None,
            still_open.case_number if still_open else None,
            latest.rehab_value_assessment if latest else None,
            latest.treatment_recommendation if latest else None))
    return out
