"""The clinical path after admission: plans, prescriptions, sessions, assessments, discharge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Assessment,
    PlanItem,
    Prescription,
    RehabCase,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.db.models.treatment import ASSESSMENT_PHASES
from desktop_app.domain.dates import CaseDates, periods_cover, validate_case_dates
from desktop_app.domain.instruments import load_instruments, safety_warnings, score, validate_values
from desktop_app.domain.rules.expert_devices import care_of_item
from desktop_app.domain.rules.payment_methods import line_amount
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.session_params import parameter_errors
from desktop_app.domain.vocabulary import END_REASONS, Action, CaseStatus, Role
from desktop_app.errors import FieldError, UserError, ValidationFailed, raise_if_blocking
from desktop_app.services.clinical import expert
from desktop_app.services.clinical.follow_up import discharge_outcome_errors
from desktop_app.services.clinical.notice import missing_notice_errors
from desktop_app.services.core.commands import (
    AssessmentInput,
    DischargeInput,
    PlanInput,
    PrescriptionInput,
    SessionInput,
)
from desktop_app.services.core.locks import lock_staff
from desktop_app.services.core.lookup import (
    approved_counts,
    approved_periods,
    catalogue_item_in_force,
    current_plan,
    get_case,
    in_approved_period,
    superseded,
    transfer_out_date,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.rules.region import case_pack
from desktop_app.services.rules.session_limits import candidate_findings


@dataclass(frozen=True)
class Recorded:
    """Id of the row written and the warnings the user should see."""

    id: int
    warnings: tuple[FieldError, ...] = ()


def _require_admitted(case: RehabCase) -> None:
    if case.status != CaseStatus.ADMITTED:
        raise UserError(
            f"病例 {case.case_number} 未在康复中（当前状态：{case.status}）。",
            f"Case {case.case_number} is not in treatment (status: {case.status}).",
        )


def _plan_errors(uow: UnitOfWork, case: RehabCase, inp: PlanInput) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.period_from > inp.period_to:
        errors.append(FieldError("方案期限", "开始日期不能晚于结束日期",
                                 "The start date cannot be after the end date", key="plan_period"))
    elif not periods_cover(approved_periods(uow.session, case.id), inp.period_from,
                              inp.period_to):
        zh, en = cite(case_pack(uow.session, case).basis("period"))
        errors.append(FieldError("方案期限", f"方案期限须在核准期限内（{zh}）",
                                 f"The plan period must lie within the approved period ({en})",
                                 key="plan_period"))
    for label, key, value in (("康复目标", "goals", inp.goals),
                              ("预期效果", "expected_effect", inp.expected_effect),
                              ("注意事项", "precautions", inp.precautions)):
        if not value.strip():
            errors.append(FieldError(label, f"{label}不能为空", f"{label} is required", key=key))
    if not inp.items:
        errors.append(FieldError("治疗项目", "方案至少包含一个项目",
                                 "The plan needs at least one item", key="items"))
    approved = approved_counts(uow.session, case.id)
    seen: set[str] = set()
    for index, item in enumerate(inp.items):
        field, key = f"项目{index + 1}", f"items.{index + 1}"
        if item.national_code in seen:
            errors.append(FieldError(field, "项目重复", "Duplicate item", key=key))
        seen.add(item.national_code)
        if item.national_code not in approved:
            errors.append(FieldError(field, f"项目 {item.national_code} 不在核准项目内",
                                     f"Item {item.national_code} is not among the approved "
                                     "items", key=key))
        if item.total_count < 1:
            errors.append(FieldError(field, "次数须为正整数",
                                     "The count must be a positive whole number", key=key))
        if not item.frequency.strip():
            errors.append(FieldError(field, "频次不能为空", "The frequency is required", key=key))
        if catalogue_item_in_force(uow.session, item.national_code, inp.period_from) is None:
            errors.append(FieldError(field, f"目录中没有在 {inp.period_from} 有效的项目 "
                                     f"{item.national_code}",
                                     f"No catalogue item {item.national_code} in force on "
                                     f"{inp.period_from}", key=key))
    return errors


def _build_plan(uow: UnitOfWork, case: RehabCase, inp: PlanInput, version_no: int) -> TreatmentPlan:
    plan = TreatmentPlan(
        case_id=case.id, version_no=version_no, period_from=inp.period_from,
        period_to=inp.period_to, goals=inp.goals.strip(),
        expected_effect=inp.expected_effect.strip(), precautions=inp.precautions.strip(),
        cost_estimate=Decimal("0"), created_at=uow.clock.now(), created_by_id=uow.actor_id,
    )
    total = Decimal("0")
    for position, item in enumerate(inp.items):
        catalogue = catalogue_item_in_force(uow.session, item.national_code, inp.period_from)
        assert catalogue is not None  # checked in _plan_errors
        amount = line_amount(catalogue.price, Decimal(item.total_count))
        total += amount
        plan.items.append(PlanItem(
            position=position, catalogue_item_id=catalogue.id,
            national_code=item.national_code, name=catalogue.name, unit=catalogue.unit,
            frequency=item.frequency.strip(), total_count=item.total_count,
            unit_price=catalogue.price, amount=amount))
    plan.cost_estimate = total
    return plan


@use_case(Action.PLAN_WRITE, case="case_id", locks_case=True)
def create_plan(uow: UnitOfWork, case_id: int, inp: PlanInput) -> Recorded:
    """First version of the treatment plan; items must be approved and in the catalogue."""
    case = get_case(uow.session, case_id)
    if current_plan(uow.session, case_id) is not None:
        raise UserError("已有治疗方案，请使用“修订方案”。",
                        "A plan already exists; revise it instead.")
    raise_if_blocking(_plan_errors(uow, case, inp))
    plan = _build_plan(uow, case, inp, 1)
    uow.session.add(plan)
    uow.session.flush()
    return Recorded(plan.id)


@use_case(Action.PLAN_WRITE, case="case_id", locks_case=True)
def revise_plan(uow: UnitOfWork, case_id: int, inp: PlanInput, reason: str) -> Recorded:
    """A revision is a new version; the previous one stays as it was."""
    case = get_case(uow.session, case_id)
    previous = current_plan(uow.session, case_id)
    if previous is None:
        raise UserError("尚无治疗方案可修订。", "There is no plan to revise.")
    errors = _plan_errors(uow, case, inp)
    if not reason.strip():
        errors.append(FieldError("修订原因", "修订原因不能为空", "A reason for the revision is required",
                                 key="revision_reason"))
    raise_if_blocking(errors)
    plan = _build_plan(uow, case, inp, previous.version_no + 1)
    plan.supersedes_id = previous.id
    plan.revision_reason = reason.strip()
    uow.session.add(plan)
    uow.session.flush()
    return Recorded(plan.id)


def _plan_item(uow: UnitOfWork, case_id: int, national_code: str) -> PlanItem | None:
    return _item_of(current_plan(uow.session, case_id), national_code)


def _item_of(plan: TreatmentPlan | None, national_code: str) -> PlanItem | None:
    if plan is None:
        return None
    return next((i for i in plan.items if i.national_code == national_code), None)


def _staff(uow: UnitOfWork, staff_id: int, field: str, roles: tuple[str, ...],
           key: str) -> list[FieldError]:
    staff = uow.session.get(StaffUser, staff_id)
    if staff is None or not staff.active:
        return [FieldError(field, "工作人员不存在或已停用", "Unknown or inactive staff member", key=key)]
    if staff.role not in roles:
        return [FieldError(field, f"{staff.display_name} 的角色不能执行此操作",
                           f"{staff.display_name}'s role cannot do this", key=key)]
    return []


@use_case(Action.PRESCRIPTION_WRITE, case="case_id", locks_case=True)
def prescribe(uow: UnitOfWork, case_id: int, inp: PrescriptionInput) -> Recorded:
    """A physician's prescription for an item of the current plan."""
    case = get_case(uow.session, case_id)
    _require_admitted(case)
    errors = _staff(uow, inp.prescriber_id, "处方医师", (Role.PHYSICIAN,), "prescriber")
    if inp.assigned_therapist_id is not None:
        errors += _staff(uow, inp.assigned_therapist_id, "治疗师", (Role.THERAPIST, Role.ASSISTANT),
                         "assigned_therapist")
    item = _plan_item(uow, case_id, inp.national_code)
    if item is None:
        errors.append(FieldError("处方项目", f"项目 {inp.national_code} 不在当前治疗方案内",
                                 f"Item {inp.national_code} is not in the current plan",
                                 key="prescription_item"))
    if inp.count < 1:
        errors.append(FieldError("次数", "次数须为正整数", "The count must be a positive number",
                                 key="count"))
    if item is not None:  # issue 19: care the pack gives only after an expert evaluation
        errors += expert.gate_errors(uow.session, case, care_of_item(item.national_code, item.name),
                                     inp.prescribed_on, what=("处方", "prescription"),
                                     key="prescription_item")
    errors += validate_case_dates(CaseDates(admission_date=case.admission_date,
                                            session_dates=(inp.prescribed_on,),
                                            session_field="处方日期", session_key="prescribed_on"),
                                  today=uow.clock.today())
    raise_if_blocking(errors)
    assert item is not None
    prescription = Prescription(
        case_id=case.id, plan_id=item.plan_id, prescriber_id=inp.prescriber_id,
        prescribed_on=inp.prescribed_on, catalogue_item_id=item.catalogue_item_id,
        national_code=item.national_code, item_name=item.name, count=inp.count,
        frequency=inp.frequency.strip(), parameters=inp.parameters,
        assigned_therapist_id=inp.assigned_therapist_id, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    uow.session.add(prescription)
    uow.session.flush()
    return Recorded(prescription.id)


def sessions_done(uow: UnitOfWork, case_id: int, national_code: str) -> int:
    return uow.session.scalar(
        select(func.coalesce(func.sum(TreatmentSession.count), 0)).where(
            TreatmentSession.case_id == case_id,
            TreatmentSession.national_code == national_code,
            TreatmentSession.id.not_in(superseded("treatment_session")),
        )
    ) or 0


@use_case(Action.SESSION_RECORD, case="case_id", locks_case=True)
def record_session(uow: UnitOfWork, case_id: int, inp: SessionInput) -> Recorded:
    """One execution-sheet row, judged by the case's pack (``session_limits``) before
    anything is written. Outside the approved period or plan, or in conflict with another
    session or a day of leave, is refused; beyond a count or a catalogue limit, or outside
    the opening hours, is refused unless a reason is stated, then recorded with the limits
    it broke (never billed to the fund); near and at a count, a warning. The case is locked
    (``locks_case``) and the therapist too: the counts and overlaps read here are the ones the
    insert lands on, whoever else is recording."""
    lock_staff(uow, inp.therapist_id)
    case = get_case(uow.session, case_id)
    _require_admitted(case)
    day = inp.started_at.astimezone(CHINA).date()
    errors = _staff(uow, inp.therapist_id, "治疗师",
                    (Role.THERAPIST, Role.ASSISTANT, Role.PHYSICIAN), "therapist")
    if inp.ended_at <= inp.started_at:
        errors.append(FieldError("结束时间", "结束时间须晚于开始时间",
                                 "The end time must be after the start time", key="ended_at"))
    if inp.ended_at > uow.clock.now():
        errors.append(FieldError("结束时间", "不能记录未来的治疗", "A session cannot be in the future",
                                 key="ended_at"))
    if inp.count < 1:
        errors.append(FieldError("次数", "次数须为正整数", "The count must be a positive number",
                                 key="count"))
    errors += validate_case_dates(
        CaseDates(admission_date=case.admission_date, session_dates=(day,)),
        today=uow.clock.today())
    if not in_approved_period(uow.session, case_id, day):
        zh, en = cite(case_pack(uow.session, case).basis("period"))
        errors.append(FieldError("治疗日期", f"{day} 不在核准期限内，费用不予支付（{zh}）",
                                 f"{day} is outside the approved period; costs are not paid "
                                 f"({en})", key="session_date"))
    transferred = transfer_out_date(uow.session, case_id)
    if transferred is not None and day > transferred:  # issue 19: the course went on elsewhere
        errors.append(FieldError("治疗日期", f"本病例已于 {transferred} 转出，不能记录其后的治疗",
                                 f"The case was transferred out on {transferred}; no session "
                                 "after that day can be recorded", key="session_date"))
    plan = current_plan(uow.session, case_id)
    item = _item_of(plan, inp.national_code)
    if item is None:
        errors.append(FieldError("治疗项目", f"项目 {inp.national_code} 不在当前治疗方案内",
                                 f"Item {inp.national_code} is not in the current plan", key="item"))
    prescription = None
    if inp.prescription_id is not None:
        prescription = uow.session.get(Prescription, inp.prescription_id)
        if prescription is None or prescription.case_id != case_id or (
            prescription.national_code != inp.national_code
        ):
            errors.append(FieldError("处方", "处方与本病例或项目不符",
                                     "The prescription does not match this case or item", key="prescription"))
    params = inp.parameters.cleaned()
    errors += parameter_errors(params, inp.started_at, inp.ended_at)
    raise_if_blocking(errors)
    assert item is not None
    found = candidate_findings(
        uow.session, case, inp.national_code, inp.started_at, inp.ended_at, inp.count,
        inp.therapist_id, item_name=item.name, prescription_id=inp.prescription_id,
        prescribed=prescription.count if prescription is not None else None,
        reason=inp.limit_reason, plan=plan)
    raise_if_blocking([*found.errors, *found.warnings])
    row = TreatmentSession(
        case_id=case_id, prescription_id=inp.prescription_id, national_code=inp.national_code,
        item_name=item.name, therapist_id=inp.therapist_id, session_date=day,
        started_at=inp.started_at, ended_at=inp.ended_at, count=inp.count,
        location=inp.location, notes=inp.notes,
        over_approved_count="over_approved_count" in found.flags,
        limit_flags=list(found.flags),
        limit_reason=(inp.limit_reason or "").strip() or None if found.flags else None,
        duration_minutes=params.duration_minutes, intensity=params.intensity,
        treated_body_part=params.body_part, reaction=params.reaction,
        reaction_note=params.reaction_note,
        created_at=uow.clock.now(), created_by_id=uow.actor_id,
    )
    uow.session.add(row)
    uow.session.flush()
    return Recorded(row.id, found.warnings)


@dataclass(frozen=True)
class RecordedSeveral:
    """The sessions written, in the order given, and the warnings of each (prefixed by its item)."""

    ids: tuple[int, ...]
    warnings: tuple[FieldError, ...] = ()


@use_case(Action.SESSION_RECORD, case="case_id", locks_case=True)
def record_sessions(uow: UnitOfWork, case_id: int, inputs: Sequence[SessionInput]) -> RecordedSeveral:
    """Several items for one patient in one step: each one is ``record_session`` (the same
    checks, the same audit, in order, so a later item's counts and overlaps see the earlier
    ones), in ONE transaction — all are recorded or none. A refusal names the item it is for."""
    if not inputs:
        raise UserError("请至少选择一个项目。", "Choose at least one item.")
    codes = [i.national_code for i in inputs]
    if len(set(codes)) != len(codes):
        raise UserError("同一项目在一次记录中只能出现一次；同一项目多次请填写次数。",
                        "An item appears only once in one step; give its count instead.")
    ids: list[int] = []
    warnings: list[FieldError] = []
    for inp in inputs:
        try:
            recorded = record_session(uow, case_id, inp)
        except ValidationFailed as refused:
            raise ValidationFailed([_for_item(e, inp.national_code, uow, case_id)
                                    for e in refused.errors]) from refused
        ids.append(recorded.id)
        warnings += [_for_item(w, inp.national_code, uow, case_id) for w in recorded.warnings]
    return RecordedSeveral(tuple(ids), tuple(warnings))


def _for_item(error: FieldError, national_code: str, uow: UnitOfWork, case_id: int) -> FieldError:
    """The message prefixed with the item's name, so a refusal among several says which."""
    item = _plan_item(uow, case_id, national_code)
    name = item.name if item is not None else national_code
    return replace(error, zh=f"【{name}】{error.zh}", en=f"[{name}] {error.en}")


@use_case(Action.ASSESSMENT_RECORD, case="case_id")
def record_assessment(uow: UnitOfWork, case_id: int, inp: AssessmentInput) -> Recorded:
    """An assessment scored against its instrument definition."""
    case = get_case(uow.session, case_id)
    errors: list[FieldError] = []
    if inp.phase not in ASSESSMENT_PHASES:
        errors.append(FieldError("评估阶段", f"无效的评估阶段：{inp.phase}",
                                 f"Invalid assessment phase: {inp.phase}", key="phase"))
    instrument = load_instruments().get(inp.instrument_code)
    if instrument is None:
        errors.append(FieldError("评估量表", f"未知的量表：{inp.instrument_code}",
                                 f"Unknown instrument: {inp.instrument_code}", key="instrument"))
    else:
        errors += validate_values(instrument, inp.values, inp.grading_scheme)
    errors += _staff(uow, inp.assessor_id, "评估人", (Role.PHYSICIAN, Role.THERAPIST), "assessor")
    errors += validate_case_dates(
        CaseDates(injury_date=case.injury.injury_date, discharge_date=case.discharge_date,
                  session_dates=(inp.assessed_on,), session_field="评估日期",
                  session_key="assessed_on"),
        today=uow.clock.today())
    raise_if_blocking(errors)
    result = score(inp.instrument_code, inp.values, scheme=inp.grading_scheme)
    row = Assessment(
        case_id=case_id, phase=inp.phase, instrument_code=inp.instrument_code,
        assessed_on=inp.assessed_on, assessor_id=inp.assessor_id,
        item_values=dict(inp.values), total=result.total, grading_scheme=result.scheme,
        grade=result.grade_zh, conclusion=inp.conclusion, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    uow.session.add(row)
    uow.session.flush()
    return Recorded(row.id, tuple(safety_warnings(inp.instrument_code, inp.values)))


@use_case(Action.CASE_DISCHARGE, case="case_id", locks_case=True)
def discharge(uow: UnitOfWork, case_id: int, inp: DischargeInput) -> Recorded:
    """End the course: the date must follow admission and every session."""
    case = get_case(uow.session, case_id)
    _require_admitted(case)
    errors: list[FieldError] = []
    if inp.end_reason not in END_REASONS:
        errors.append(FieldError("结束原因", f"无效的结束原因：{inp.end_reason}",
                                 f"Invalid end reason: {inp.end_reason}", key="end_reason"))
    errors += discharge_outcome_errors(inp.destination, inp.return_to_work, inp.satisfaction)
    if inp.end_reason == "non_cooperation":  # Beijing Art. 14: the written notice first
        errors += missing_notice_errors(uow.session, case, "non_cooperation", "结束原因", "end_reason")
    last_session = uow.session.scalar(
        select(func.max(TreatmentSession.session_date)).where(TreatmentSession.case_id == case_id))
    session_days = (last_session,) if last_session else ()
    errors += validate_case_dates(
        CaseDates(admission_date=case.admission_date, session_dates=session_days,
                  session_field="最后治疗日期", session_key="last_session_date",
                  discharge_date=inp.discharge_date),
        today=uow.clock.today())
    raise_if_blocking(errors)
    warnings: list[FieldError] = []
    has_post = uow.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.case_id == case_id, Assessment.phase == "post"))
    if not has_post and inp.end_reason != "death":
        warnings.append(FieldError("康复后评估", "尚无康复后评估，结算前须补齐",
                                   "No post-rehabilitation assessment yet; needed before the "
                                   "claim", warning=True, key="post_assessment"))
    case.status = CaseStatus.DISCHARGED
    case.discharge_date = inp.discharge_date
    case.end_reason = inp.end_reason
    case.end_note = inp.note
    case.discharge_destination = inp.destination
    case.return_to_work = inp.return_to_work
    case.discharge_satisfaction = inp.satisfaction
    return Recorded(case.id, tuple(warnings))
