"""What the demo archive lacks for its statistics to show every indicator, added through the
real use cases (so audited and signed like the rest): an extension on a case then discharged,
a readmission within 90 days, a claim returned and a claim with a deduction, sessions beyond the
catalogue's daily count entered and signed late. ``services.demo`` may call
``add_statistics_examples`` after it made the patients (``services.demo.generate_demo`` does;
this module does not import the demo). Return to work cannot be added here: it is recorded at discharge by the
outcome form (issue 18, deliverable 1)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.db.models import (
    Approval,
    CatalogueItem,
    Claim,
    Prescription,
    RehabCase,
    StaffUser,
    TreatmentSession,
)
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.domain.vocabulary import CaseStatus, ClaimStatus, Meaning, Role
from desktop_app.errors import AppError
from desktop_app.services.claims import claim_answers, claims
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovalInput,
    DischargeInput,
    SessionInput,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signing

ISSUER = "泸州市劳动能力鉴定委员会"


class _Ward:
    def __init__(self, engine: Engine | Connection, as_of: date, password: str) -> None:
        self.engine, self.as_of, self.password = engine, as_of, password
        self.clock = FixedClock(china_datetime(as_of, 9))
        with Session(engine) as session:
            self.staff = {role: [i for (i,) in session.execute(
                select(StaffUser.id).where(StaffUser.role == role).order_by(StaffUser.id))]
                for role in Role}

    def uow(self, role: Role) -> UnitOfWork:
        return UnitOfWork(self.engine, clock=self.clock, actor_id=self.staff[role][0])


def add_statistics_examples(engine: Engine | Connection, as_of: date, password: str) -> list[str]:
    """Add the examples (``password``: the demo staff's); what was added (one line each,
    English), what could not be (a line starting ``not added``)."""
    ward = _Ward(engine, as_of, password)
    done: list[str] = []
    for example in (_beyond_daily_count, _extension_then_discharge, _readmission, _claim_answers):
        try:
            done.append(example(ward))
        except (AppError, LookupError) as error:
            done.append(f"not added: {example.__name__}: {error}")
    return done


def _readmission(ward: _Ward) -> str:
    """A worker discharged at least 20 days ago comes back (旧伤复发) 14 days after: a new course
    of the same injury, linked to the earlier one (``intake.register_course``)."""
    with Session(ward.engine) as session:
        case = session.scalars(
            select(RehabCase).where(RehabCase.discharge_date <= ward.as_of - timedelta(days=20))
            .order_by(RehabCase.discharge_date, RehabCase.id).limit(1)).first()
        if case is None or case.discharge_date is None:
            raise LookupError("no case discharged early enough")
        relapse = intake.CourseInput(case.worker.resident_id, case.injury_id, "relapse", "RECUR",
                                     "outpatient", follows_case_id=case.id)
        first, back = case.id, case.discharge_date + timedelta(days=14)
    decided = back - timedelta(days=2)
    ward.clock.current = china_datetime(decided, 9)
    try:
        with ward.uow(Role.RECORDS_OFFICER) as uow:
            case_id = intake.register_course(uow, relapse).case_id
        with ward.uow(Role.RECORDS_OFFICER) as uow:
            intake.record_approval(uow, case_id, ApprovalInput(
                "approval", f"泸工康核〔{decided.year}〕复{case_id}号", decided, ISSUER, decided,
                decided + timedelta(days=30)))
        ward.clock.current = china_datetime(back, 9)
        with ward.uow(Role.RECORDS_OFFICER) as uow:
            intake.admit(uow, case_id, AdmissionInput(back, relapse.resident_id))
    finally:
        ward.clock.current = china_datetime(ward.as_of, 9)
    return f"case {case_id}: the worker of case {first} admitted again on {back}"


def _extension_then_discharge(ward: _Ward) -> str:
    """The longest open course gets an extension, then ends today."""
    with Session(ward.engine) as session:
        case = session.scalars(
            select(RehabCase).where(RehabCase.status == CaseStatus.ADMITTED,
                                    RehabCase.discharge_date.is_(None))
            .order_by(RehabCase.admission_date, RehabCase.id).limit(1)).first()
        if case is None:
            raise LookupError("no open case")
        last = session.scalars(select(Approval).where(Approval.case_id == case.id)
                               .order_by(Approval.period_to.desc()).limit(1)).one()
        case_id, until = case.id, last.period_to
    with ward.uow(Role.RECORDS_OFFICER) as uow:
        intake.record_approval(uow, case_id, ApprovalInput(
            "extension", f"泸工康延〔{ward.as_of.year}〕{case_id}号", ward.as_of, ISSUER,
            until + timedelta(days=1), until + timedelta(days=30)))
    with ward.uow(Role.PHYSICIAN) as uow:
        treatment.discharge(uow, case_id, DischargeInput(ward.as_of, "completed",
                                                          "延期后按计划完成（演示）", "work", "same_job"))
    return f"case {case_id}: extended, then discharged on {ward.as_of}"


def _claim_answers(ward: _Ward) -> str:
    """Two final claims exported and submitted: the agency returns one and deducts from the
    other's first line."""
    with Session(ward.engine) as session:
        finals = list(session.scalars(select(Claim.id).where(Claim.status == ClaimStatus.FINAL)
                                      .order_by(Claim.id).limit(2)))
        if len(finals) < 2:
            raise LookupError("fewer than two final claims")
        line = next(ln for ln in claims.lines_of(session, finals[1]) if ln.amount > 0)
        line_id, amount = line.id, min(line.amount, Decimal("20.00"))
    for claim_id in finals:
        with ward.uow(Role.RECORDS_OFFICER) as uow:
            claims.mark_exported(uow, claim_id)
        with ward.uow(Role.RECORDS_OFFICER) as uow:
            claim_answers.record_submitted(uow, claim_id, ward.as_of)
    with ward.uow(Role.RECORDS_OFFICER) as uow:
        claim_answers.record_returned(uow, finals[0], ward.as_of, "缺少康复效果评估报告（演示）")
    with ward.uow(Role.RECORDS_OFFICER) as uow:
        claim_answers.record_deductions(uow, finals[1], ward.as_of, [claim_answers.DeductionInput(
            line_id, amount, "超出核准项目（演示）")])
    return f"claim {finals[0]} returned, claim {finals[1]} deducted {amount}"


def _beyond_daily_count(ward: _Ward) -> str:
    """An open case's item given beyond the catalogue's daily count three days ago (with the
    reason), entered today and signed today by the therapist and the patient: late."""
    with Session(ward.engine) as session:
        row = session.execute(
            select(TreatmentSession.case_id, TreatmentSession.session_date, TreatmentSession.national_code,
                   TreatmentSession.prescription_id, TreatmentSession.therapist_id, CatalogueItem.max_per_day)
            .join(RehabCase, RehabCase.id == TreatmentSession.case_id)
            .join(Prescription, Prescription.id == TreatmentSession.prescription_id)
            .join(CatalogueItem, CatalogueItem.id == Prescription.catalogue_item_id)
            .where(CatalogueItem.max_per_day.is_not(None), RehabCase.discharge_date.is_(None),
                   TreatmentSession.session_date <= ward.as_of - timedelta(days=3))
            .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id).limit(1)).first()
        if row is None:
            raise LookupError("no session of an item with a daily count")
        case_id, day, code, prescription, therapist, most = row
        given = len(session.scalars(select(TreatmentSession.id).where(
            TreatmentSession.case_id == case_id, TreatmentSession.session_date == day,
            TreatmentSession.national_code == code)).all())
        case = session.get(RehabCase, case_id)
        assert case is not None
        name = case.worker.name
    ids = []
    for n in range((most or 0) - given + 1):  # the ward's lunch hour: nobody is booked
        start = china_datetime(day, 12, 0) + timedelta(minutes=30 * n)
        with ward.uow(Role.THERAPIST) as uow:
            ids.append(treatment.record_session(uow, case_id, SessionInput(
                code, therapist, start, start + timedelta(minutes=25), prescription_id=prescription,
                limit_reason="患者要求加练，医师同意；超出目录每日限次，不由基金支付（演示补录）")).id)
    records = [("treatment_session", i) for i in ids]
    with UnitOfWork(ward.engine, clock=ward.clock, actor_id=therapist) as uow:
        signing.sign(uow, records, Meaning.THERAPIST_SIGNS, signing.Signer(
            "staff", staff_user_id=therapist, password=ward.password))
    strokes = synthetic_strokes(case_id + 300)
    with ward.uow(Role.THERAPIST) as uow:
        signing.sign(uow, records, "patient_confirms_sessions", signing.Signer("patient", name),
                     handwriting=signing.Handwriting(strokes, render_png(strokes),
                                                     device="演示数据（合成笔迹）"))
    return f"case {case_id}: {len(ids)} sessions beyond the daily count on {day}, signed late on {ward.as_of}"
