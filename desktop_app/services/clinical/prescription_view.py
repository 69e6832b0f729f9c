"""What the prescriptions page shows: the case's prescriptions (unsigned ones flagged),
the items of the current plan to prescribe from, and the staff who may be assigned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop_app.db.models import Prescription, RehabCase, StaffUser, TreatmentSession, Worker
from desktop_app.domain.permissions import ROLE_LABELS
from desktop_app.domain.vocabulary import Role, State
from desktop_app.services.core.lookup import current_plan, get_case, superseded

ASSIGNABLE = (Role.THERAPIST, Role.ASSISTANT)  # who may be assigned a prescription (treatment.prescribe)


@dataclass(frozen=True)
class PrescriptionRow:
    prescription_id: int
    prescribed_on: date
    item_name: str
    count: int
    frequency: str
    parameters: str
    therapist: str
    prescriber: str
    state: str
    superseded: bool
    done: int = 0  # the count of this item's sessions so far (the case's, not replaced)

    @property
    def awaiting_signature(self) -> bool:
        return self.state == State.DRAFT and not self.superseded


@dataclass(frozen=True)
class PlanItemChoice:
    national_code: str
    name: str
    frequency: str
    total_count: int


@dataclass(frozen=True)
class StaffChoice:
    staff_id: int
    label: str


@dataclass(frozen=True)
class PrescriptionPageData:
    case_number: str
    patient_name: str
    plan_version: int | None
    plan_items: tuple[PlanItemChoice, ...]
    rows: tuple[PrescriptionRow, ...]


def prescription_rows(session: Session, case_id: int) -> list[PrescriptionRow]:
    therapist, prescriber = aliased(StaffUser), aliased(StaffUser)
    replaced = set(session.scalars(superseded("prescription")))
    rows = session.execute(
        select(Prescription, therapist.display_name, prescriber.display_name)
        .outerjoin(therapist, therapist.id == Prescription.assigned_therapist_id)
        .join(prescriber, prescriber.id == Prescription.prescriber_id)
        .where(Prescription.case_id == case_id)
        .order_by(Prescription.prescribed_on, Prescription.id))
    done = dict(session.execute(
        select(TreatmentSession.national_code, func.coalesce(func.sum(TreatmentSession.count), 0))
        .where(TreatmentSession.case_id == case_id,
               TreatmentSession.id.not_in(superseded("treatment_session")))
        .group_by(TreatmentSession.national_code)).all())
    return [PrescriptionRow(p.id, p.prescribed_on, p.item_name, p.count, p.frequency,
                            p.parameters or "", t or "未指定", d, p.record_state, p.id in replaced,
                            int(done.get(p.national_code, 0)))
            for p, t, d in rows]


def prescription_page(session: Session, case_id: int) -> PrescriptionPageData:
    case: RehabCase = get_case(session, case_id)
    patient = session.scalar(select(Worker.name).where(Worker.id == case.worker_id)) or ""
    plan = current_plan(session, case_id)
    items = tuple(PlanItemChoice(i.national_code, i.name, i.frequency, i.total_count)
                  for i in plan.items) if plan else ()
    return PrescriptionPageData(case.case_number, patient, plan.version_no if plan else None, items,
                                tuple(prescription_rows(session, case_id)))


def assignable_staff(session: Session) -> list[StaffChoice]:
    """Active therapists and assistants of the institution, by name."""
    staff = session.scalars(select(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role.in_(ASSIGNABLE)).order_by(StaffUser.display_name))
    return [StaffChoice(s.id, f"{s.display_name}（{ROLE_LABELS[s.role][0]}）") for s in staff]
