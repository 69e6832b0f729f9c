"""The physician's home: the assessments (pre, mid, post), plans, prescriptions and
extensions due in the open cases, decided by ``domain.alerts.physician_due``.

Cases have no attending physician column, so a physician sees every open case's due items
(the ward's physicians share them); a few grouped queries for all cases at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Prescription,
    SignatureItem,
    TreatmentPlan,
)
from desktop_app.domain.alerts import Alert, DueFacts, by_urgency, physician_due
from desktop_app.domain.vocabulary import State
from desktop_app.services.claims.claim_gate import mid_assessment_after_days
from desktop_app.services.clinical.worklist_view import alerts, assessment_phases, open_cases
from desktop_app.services.core.lookup import superseded
from desktop_app.services.integrity.signing import patient_side_signed


def due_facts(session: Session) -> list[DueFacts]:
    """The facts of every open case (approved, admitted, or discharged and not archived)."""
    cases = open_cases(session)
    ids = [case.id for case, *_ in cases]
    phases = assessment_phases(session, ids)
    latest = (select(TreatmentPlan.case_id, func.max(TreatmentPlan.version_no).label("v"))
              .where(TreatmentPlan.case_id.in_(ids)).group_by(TreatmentPlan.case_id).subquery())
    plans = {case_id: (plan_id, state) for case_id, plan_id, state in session.execute(
        select(TreatmentPlan.case_id, TreatmentPlan.id, TreatmentPlan.record_state)
        .join(latest, and_(latest.c.case_id == TreatmentPlan.case_id,
                           latest.c.v == TreatmentPlan.version_no)))}
    plan_ids = [plan_id for plan_id, _state in plans.values()]
    patient_signed = set(session.scalars(patient_side_signed("treatment_plan").where(
        SignatureItem.record_id.in_(plan_ids))))
    unsigned = dict(session.execute(
        select(Prescription.case_id, func.count()).where(
            Prescription.case_id.in_(ids), Prescription.record_state == State.DRAFT,
            Prescription.id.not_in(superseded("prescription")))
        .group_by(Prescription.case_id)).all())
    out = []
    for case, name, until in cases:
        plan = plans.get(case.id)
        out.append(DueFacts(
            case.id, case.case_number, name, case.status, case.record_state, case.admission_date,
            until, frozenset(phases[case.id]), has_plan=plan is not None,
            plan_unsigned=plan is not None and plan[1] == State.DRAFT,
            plan_patient_unsigned=plan is not None and plan[0] not in patient_signed,
            prescriptions_unsigned=int(unsigned.get(case.id, 0)), discharge_date=case.discharge_date))
    return out


def physician_tasks(session: Session, today: date) -> list[Alert]:
    """Every open case's due assessments, plans, prescriptions and extensions, most urgent first."""
    after = mid_assessment_after_days(session)
    return by_urgency(task for facts in due_facts(session) for task in physician_due(facts, today, after))


@dataclass(frozen=True)
class PhysicianHome:
    tasks: list[Alert]
    alerts: list[Alert]


def physician_home(session: Session, today: date) -> PhysicianHome:
    """A physician's home: what is due of them, and the alerts of every open case."""
    return PhysicianHome(physician_tasks(session, today), alerts(session, today))
