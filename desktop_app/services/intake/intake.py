"""Intake: register worker, employer, injury and case; approvals; admission."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pypinyin import Style, lazy_pinyin
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Approval,
    ApprovedItem,
    Diagnosis,
    Employer,
    Injury,
    Institution,
    RehabCase,
    Worker,
)
from desktop_app.domain.dates import CaseDates, validate_case_dates
from desktop_app.domain.grades import validate_disability_grade
from desktop_app.domain.icd import main_diagnosis_warnings, normalise_icd10, validate_icd10
from desktop_app.domain.identity import (
    normalise_credit_code,
    normalise_resident_id,
    parse_resident_id,
    validate_credit_code,
    validate_resident_id,
)
from desktop_app.domain.reference import injury_categories
from desktop_app.domain.rules.expert_devices import care_of_rehab_type
from desktop_app.domain.rules.packs import (
    BASELINE,
    OCCUPATIONAL_DISEASE_CATEGORY,
    REHAB_TYPES,
    PolicyPack,
    category_findings,
    eligibility_findings,
    pack_by_code,
    period_cap_findings,
    period_rule,
)
from desktop_app.domain.rules.policy import Article, cite
from desktop_app.domain.typed_text import control_problem
from desktop_app.domain.vocabulary import (
    CLOSED_CASE_STATES,
    COURSE_REASONS,
    MODES,
    SETTINGS,
    STAGES,
    Action,
    CaseStatus,
)
from desktop_app.errors import ConcurrencyConflict, FieldError, UserError, raise_if_blocking
from desktop_app.services.clinical import expert
from desktop_app.services.clinical.case_view import CHECK_METHODS
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovalInput,
    AttachmentInput,
    EligibilityFacts,
    RegistrationInput,
)
from desktop_app.services.core.locks import lock_case
from desktop_app.services.core.lookup import approvals, get_case
from desktop_app.services.core.numbering import next_case_id, next_case_number
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.intake.application import linked_application_errors
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.rules.region import (
    case_pack,
    current_pack,
    first_approval_date,
    fix_case_pack,
)


@dataclass(frozen=True)
class Registered:
    case_id: int
    case_number: str
    worker_id: int
    warnings: tuple[FieldError, ...]


def name_initials(name: str) -> str:
    """Pinyin initials for search: 张三丰 → zsf."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def _required(value: str | None, field: str, zh: str, en: str, key: str) -> list[FieldError]:
    if value is None or not value.strip():
        return [FieldError(field, f"{zh}不能为空", f"{en} is required", key=key)]
    problem = control_problem(value.strip())
    if problem is not None:
        return [FieldError(field, f"{zh}{problem[0]}", f"{en}: {problem[1]}", key=key)]
    return []


def eligibility_errors(facts: EligibilityFacts, pack: PolicyPack = BASELINE, *,
                       stage: str | None = None,
                       disability_grade: int | None = None) -> list[FieldError]:
    """Only the eligibility rules ``pack`` lists apply, each citing its own articles
    (employment ended: Beijing Art. 6; insurance relation ended: Luzhou Art. 4; the
    maintenance stage for grades 1–4: Luzhou Art. 6(3))."""
    return eligibility_findings(
        pack, injury_recognised=facts.injury_recognised,
        employment_ended=facts.employment_ended, insurance_transferred=facts.insurance_transferred,
        insurance_relation_ended=facts.insurance_relation_ended, stage=stage,
        disability_grade=disability_grade)


def is_occupational_disease(inp: RegistrationInput) -> bool:
    """The OD category implies an occupational disease (its diagnosis is not chapter XIX)."""
    return inp.occupational_disease or inp.disease_category == OCCUPATIONAL_DISEASE_CATEGORY


def _registration_errors(inp: RegistrationInput, today: date,
                         pack: PolicyPack = BASELINE) -> list[FieldError]:
    errors: list[FieldError] = []
    errors += _required(inp.name, "姓名", "姓名", "Name", "name")
    errors += validate_resident_id(inp.resident_id, today=today)
    errors += _required(inp.employer.name, "用人单位", "用人单位名称", "Employer name", "employer")
    if inp.employer.credit_code:
        errors += validate_credit_code(inp.employer.credit_code)
    errors += _required(inp.recognition_number, "工伤认定决定书编号", "工伤认定决定书编号",
                        "Recognition decision number", "recognition_number")
    errors += validate_case_dates(
        CaseDates(injury_date=inp.injury_date, recognition_date=inp.recognition_date),
        today=today,
    )
    if not inp.injured_body_parts:
        errors.append(FieldError("受伤部位", "至少填写一个受伤部位",
                                 "At least one injured body part is required", key="body_parts"))
    if not inp.diagnoses:
        errors.append(FieldError("诊断", "至少填写一个诊断", "At least one diagnosis is required",
                                 key="diagnosis"))
    for position, diagnosis in enumerate(inp.diagnoses):
        errors += validate_icd10(diagnosis.icd_code, field=f"诊断{position + 1}编码",
                                 key=f"diagnosis.{position + 1}.code")
        errors += _required(diagnosis.icd_name, f"诊断{position + 1}名称", "诊断名称",
                            "Diagnosis name", f"diagnosis.{position + 1}.name")
    if inp.diagnoses:
        errors += main_diagnosis_warnings(inp.diagnoses[0].icd_code, is_occupational_disease(inp))
    errors += category_findings(pack, inp.disease_category,
                                frozenset(c.code for c in injury_categories()))
    errors += _choice(inp.stage, STAGES, "康复阶段", "stage", "stage")
    errors += _choice(inp.setting, SETTINGS, "康复形式", "setting", "setting")
    for mode in inp.modes:
        errors += _choice(mode, MODES, "康复模式", "mode", "modes")
    errors += validate_disability_grade(inp.disability_grade)
    errors += eligibility_errors(inp.eligibility, pack, stage=inp.stage,
                                 disability_grade=inp.disability_grade)
    for position, material in enumerate(inp.materials):
        errors += attachment_errors(material, f"申请材料{position + 1}", f"materials.{position + 1}")
    return errors


def _choice(value: str, allowed: tuple[str, ...], field: str, en: str, key: str) -> list[FieldError]:
    if value in allowed:
        return []
    return [FieldError(field, f"无效的取值：{value}", f"Invalid {en}: {value}", key=key)]


@use_case(Action.CASE_REGISTER)
def register_case(uow: UnitOfWork, inp: RegistrationInput) -> Registered:
    """Register the worker (or reuse them by ID number), employer, injury and a new case."""
    session = uow.session
    today = uow.clock.today()
    # Not yet approved: judged by the pack in force today (the case's own pack is fixed at
    # its first approval, services.rules.region.fix_case_pack).
    warnings = raise_if_blocking(_registration_errors(inp, today, current_pack(session, today)))
    institution = session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先设置本机构信息。", "Set up the institution first.")
    resident_id = normalise_resident_id(inp.resident_id)
    worker = session.scalars(select(Worker).where(Worker.resident_id == resident_id)).first()
    if worker is not None and worker.name != inp.name.strip():
        raise_if_blocking([FieldError(
            "姓名", f"该身份证号已登记为“{worker.name}”，与填写的姓名不符",
            "This ID number is registered under another name", key="name")])
    employer = _find_or_add_employer(uow, inp)
    session.flush()  # the employer's id goes on the injury
    if worker is None:
        info = parse_resident_id(resident_id)
        worker = Worker(
            name=inp.name.strip(), name_initials=name_initials(inp.name.strip()),
            sex=info.sex, birth_date=info.birth_date, resident_id=resident_id,
            social_security_card=inp.social_security_card, phone=inp.phone,
            address=inp.address, employer=employer, created_at=uow.clock.now(),
            created_by_id=uow.actor_id, relative_name=inp.relative_name,
            relative_relation=inp.relative_relation, relative_phone=inp.relative_phone,
            employment_status=_employment_status(inp.eligibility),
            insurance_status="active",
        )
        session.add(worker)
    injury = Injury(
        worker=worker, employer_id=employer.id, recognition_number=inp.recognition_number.strip(),
        recognition_date=inp.recognition_date, injury_date=inp.injury_date,
        injured_body_parts=list(inp.injured_body_parts), disease_category=inp.disease_category,
        occupational_disease=is_occupational_disease(inp), disability_grade=inp.disability_grade,
        created_at=uow.clock.now(), created_by_id=uow.actor_id,
    )
    for position, diagnosis in enumerate(inp.diagnoses):
        injury.diagnoses.append(Diagnosis(
            position=position, icd_code=normalise_icd10(diagnosis.icd_code),
            icd_name=diagnosis.icd_name.strip(), code_list_version=diagnosis.code_list_version,
            recorded_at=uow.clock.now()))
    session.add(injury)
    session.flush()
    case = _open_case(uow, inp, injury, institution.id)
    return Registered(case.id, case.case_number, worker.id, tuple(warnings))


def _open_case(uow: UnitOfWork, inp: RegistrationInput | CourseInput, injury: Injury,
               institution_id: int, *, previous_case_id: int | None = None,
               course_reason: str | None = None) -> RehabCase:
    """The new case of ``injury`` (a first course, or one following ``previous_case_id``)
    with its application materials; a case number taken meanwhile is a conflict to retry."""
    session = uow.session
    case = RehabCase(
        id=next_case_id(session), case_number=next_case_number(session, uow.clock.today().year),
        worker_id=injury.worker_id, injury=injury,
        institution_id=institution_id, status=CaseStatus.REGISTERED, stage=inp.stage,
        setting=inp.setting, modes=list(inp.modes),
        eligibility=_facts_dict(inp.eligibility),
        rehab_value_assessment=inp.rehab_value_assessment,
        rehab_value_date=inp.rehab_value_date,
        treatment_recommendation=inp.treatment_recommendation,
        payment_method=inp.payment_method, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
        previous_case_id=previous_case_id, course_reason=course_reason,
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError as error:
        raise ConcurrencyConflict("病例号冲突，请重试。",
                                  "Case number clash; please try again.") from error
    for material in inp.materials:
        store_attachment(uow, case.id, material)
    return case


# ---- a new course of an existing injury (旧伤复发, a repeat application) ------------------


@dataclass(frozen=True)
class CourseInput:
    """A new course of an injury already registered: no second injury row; the case names
    the earlier course it follows (``follows_case_id``, by default the injury's latest) and
    why (``reason``: ``domain.vocabulary.COURSE_REASONS``; a relapse is stage RECUR)."""

    resident_id: str  # the worker at the desk: the injury must be theirs
    injury_id: int
    reason: str
    stage: str
    setting: str
    follows_case_id: int | None = None
    modes: tuple[str, ...] = ()
    eligibility: EligibilityFacts = field(default_factory=EligibilityFacts)
    rehab_value_assessment: str | None = None
    rehab_value_date: date | None = None
    treatment_recommendation: str | None = None
    payment_method: str = "per_item"
    materials: tuple[AttachmentInput, ...] = ()


def injury_cases(session: Session, injury_id: int) -> list[RehabCase]:
    """The courses of an injury, oldest first."""
    return list(session.scalars(select(RehabCase).where(RehabCase.injury_id == injury_id)
                                .order_by(RehabCase.created_at, RehabCase.id)))


def is_open(case: RehabCase) -> bool:
    """A course not yet ended: not discharged (an archived or sealed case is closed too)."""
    return case.status != CaseStatus.DISCHARGED and case.record_state not in CLOSED_CASE_STATES


def _course_errors(inp: CourseInput, injury: Injury, courses: list[RehabCase],
                   follows: RehabCase | None, today: date, pack: PolicyPack) -> list[FieldError]:
    errors: list[FieldError] = []
    if injury.worker.resident_id != normalise_resident_id(inp.resident_id):
        errors.append(FieldError("工伤", "该工伤属于另一名职工，不能为本职工开始新的疗程",
                                 "This injury belongs to another worker; no course can start "
                                 "on it for this worker", key="injury"))
    if inp.follows_case_id is not None and follows is None:
        errors.append(FieldError("前次病例", "所接续的病例不是该工伤的疗程",
                                 "The case to follow is not a course of this injury",
                                 key="follows_case"))
    for course in courses:
        if is_open(course):
            errors.append(FieldError(
                "前次病例", f"该工伤的病例 {course.case_number} 尚未出院（结束），不能开始新的疗程",
                f"Case {course.case_number} of this injury is still open (not discharged); "
                "a new course cannot start", key="follows_case"))
    errors += _choice(inp.reason, COURSE_REASONS, "疗程原因", "course reason", "course_reason")
    if inp.reason == "relapse" and inp.stage != "RECUR":
        errors.append(FieldError("康复阶段", "旧伤复发的疗程，康复阶段应为“旧伤复发”",
                                 "A relapse course is in the stage 'old-injury relapse' (RECUR)",
                                 key="stage"))
    errors += _choice(inp.stage, STAGES, "康复阶段", "stage", "stage")
    errors += _choice(inp.setting, SETTINGS, "康复形式", "setting", "setting")
    for mode in inp.modes:
        errors += _choice(mode, MODES, "康复模式", "mode", "modes")
    errors += eligibility_errors(inp.eligibility, pack, stage=inp.stage,
                                 disability_grade=injury.disability_grade)
    for position, material in enumerate(inp.materials):
        errors += attachment_errors(material, f"申请材料{position + 1}", f"materials.{position + 1}")
    return errors


@use_case(Action.CASE_REGISTER)
def register_course(uow: UnitOfWork, inp: CourseInput) -> Registered:
    """Open a new course (a new case) on an injury already registered, linked to the earlier
    course it follows. Refused while a course of the injury is still open, and for an injury
    of another worker."""
    session = uow.session
    today = uow.clock.today()
    injury = session.get(Injury, inp.injury_id)
    if injury is None:
        raise UserError(f"没有编号为 {inp.injury_id} 的工伤记录。",
                        f"There is no injury record {inp.injury_id}.")
    courses = injury_cases(session, injury.id)
    if courses:  # two desks opening a course of the same worker at once: one waits
        lock_case(uow, courses[-1].id)
        courses = injury_cases(session, injury.id)
    follows = (next((c for c in courses if c.id == inp.follows_case_id), None)
               if inp.follows_case_id is not None else (courses[-1] if courses else None))
    warnings = raise_if_blocking(_course_errors(inp, injury, courses, follows, today,
                                                current_pack(session, today)))
    institution = session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先设置本机构信息。", "Set up the institution first.")
    case = _open_case(uow, inp, injury, institution.id,
                      previous_case_id=follows.id if follows else None, course_reason=inp.reason)
    return Registered(case.id, case.case_number, injury.worker_id, tuple(warnings))


def _employment_status(facts: EligibilityFacts) -> str:
    if facts.employment_ended:
        return "transferred" if facts.insurance_transferred else "ended"
    return "employed"


def _facts_dict(facts: EligibilityFacts) -> dict[str, object]:
    return {
        "injury_recognised": facts.injury_recognised,
        "employment_ended": facts.employment_ended,
        "insurance_transferred": facts.insurance_transferred,
        "insurance_relation_ended": facts.insurance_relation_ended,
    }


def _find_or_add_employer(uow: UnitOfWork, inp: RegistrationInput) -> Employer:
    data = inp.employer
    query = select(Employer)
    if data.credit_code:
        query = query.where(Employer.credit_code == normalise_credit_code(data.credit_code))
    else:
        query = query.where(Employer.name == data.name.strip())
    found = uow.session.scalars(query.limit(1)).first()
    if found is not None:
        return found
    employer = Employer(
        name=data.name.strip(), credit_code=(normalise_credit_code(data.credit_code) or None),
        address=data.address, contact_name=data.contact_name, phone=data.phone,
        insurance_region=data.insurance_region, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    uow.session.add(employer)
    return employer


APPROVAL_KINDS = ("approval", "extension", "early_filing")


@dataclass(frozen=True)
class ApprovalRecorded:
    """What ``enter_approval`` wrote and the warnings the user should see (a vocational
    period beyond the usual 60 days under Beijing Art. 8(2), a category outside a list…)."""

    approval_id: int
    warnings: tuple[FieldError, ...]
    pack_code: str  # the pack the case is judged by


def approval_pack(session: Session, case: RehabCase, decision_date: date) -> PolicyPack:
    """The pack an approval dated ``decision_date`` is judged by: the case's recorded pack,
    else the one in force on its first approval date (this one, if it is the first)."""
    if case.policy_pack:
        return pack_by_code(case.policy_pack)
    first = first_approval_date(session, case.id)
    return current_pack(session, min(first, decision_date) if first else decision_date)


def _cited(articles: tuple[Article, ...]) -> tuple[str, str]:
    """" （…）" / " (…)" after a message: the pack's own articles, or nothing."""
    if not articles:
        return "", ""
    zh, en = cite(articles)
    return f"（{zh}）", f" ({en})"


def _approval_rule_errors(pack: PolicyPack, case: RehabCase, existing: list[Approval],
                          inp: ApprovalInput) -> list[FieldError]:
    """Kind, extension, early filing and the period caps, under the case's pack only."""
    errors: list[FieldError] = []
    if inp.kind == "extension" and not existing:
        zh, en = _cited(pack.basis("extension"))
        errors.append(FieldError("核准类型", f"延期须在已有核准之后{zh}",
                                 f"An extension needs an earlier approval{en}", key="approval_kind"))
    if inp.kind == "extension" and existing:
        last_end = max(a.period_to for a in existing)
        if inp.period_from <= last_end:
            errors.append(FieldError("核准期限", "延期期限须从原核准期满之后开始",
                                     "An extension must start after the approved period",
                                     key="approval_period"))
    if inp.kind == "early_filing" and "early_intervention" not in case.modes:
        basis = pack.basis("early_filing")
        zh, en = _cited(basis) if basis else ("（本地区办法未规定备案，按本机构规定）",
                                              " (the region's text is silent on filings: the "
                                              "institution's rule)")
        errors.append(FieldError("核准类型", f"仅早期介入病例可先备案{zh}",
                                 f"Only early-intervention cases may start on a filing{en}",
                                 key="approval_kind"))
    if inp.rehab_type not in REHAB_TYPES:
        errors.append(FieldError("康复类型", f"无效的康复类型：{inp.rehab_type}",
                                 f"Invalid rehab type: {inp.rehab_type}", key="rehab_type"))
    elif inp.period_from <= inp.period_to:
        periods = [(a.period_from, a.period_to) for a in existing
                   if a.rehab_type == inp.rehab_type and a.kind in ("approval", "extension")]
        if inp.kind in ("approval", "extension"):
            periods.append((inp.period_from, inp.period_to))
            rule = period_rule(pack, inp.rehab_type)
            text = (rule.note, rule.limit_text) if rule else ("", "")
            errors += period_cap_findings(pack, inp.rehab_type, periods, text)
    return errors


def record_approval(uow: UnitOfWork, case_id: int, inp: ApprovalInput) -> int:
    """Record an approval (核准), an extension, or an early-intervention filing (备案);
    the id. ``enter_approval`` also returns the warnings."""
    return enter_approval(uow, case_id, inp).approval_id


@use_case(Action.CASE_RECORD_APPROVAL, case="case_id", locks_case=True)
def enter_approval(uow: UnitOfWork, case_id: int, inp: ApprovalInput) -> ApprovalRecorded:
    """Record an approval, extension or filing, judged by the case's pack (period caps,
    Beijing Art. 8); the case records that pack on its first approval."""
    session = uow.session
    case = get_case(session, case_id)
    today = uow.clock.today()
    existing = approvals(session, case_id)
    errors: list[FieldError] = []
    errors += _choice(inp.kind, APPROVAL_KINDS, "核准类型", "approval kind", "approval_kind")
    errors += _required(inp.decision_number, "核准文号", "核准（确认）文号", "Decision number",
                        "decision_number")
    errors += _required(inp.issuing_body, "核准机构", "核准机构", "Issuing body", "issuing_body")
    errors += validate_case_dates(
        # No admission date here: an extension is decided after admission (admit() checks
        # that the first approval precedes it).
        CaseDates(injury_date=case.injury.injury_date, recognition_date=case.injury.recognition_date,
                  approval_date=inp.decision_date, approved_from=inp.period_from,
                  approved_to=inp.period_to),
        today=today,
    )
    pack = approval_pack(session, case, inp.decision_date)
    errors += _approval_rule_errors(pack, case, list(existing), inp)
    errors += expert.gate_errors(session, case, care_of_rehab_type(inp.rehab_type), inp.decision_date,
                                 what=("核准", "approval"), key="rehab_type", pack=pack)  # issue 19
    for index, item in enumerate(inp.items):
        errors += _required(item.national_code, f"核准项目{index + 1}", "项目编码", "Item code",
                            f"items.{index + 1}.code")
        if item.approved_count is not None and item.approved_count < 1:
            errors.append(FieldError(f"核准项目{index + 1}", "核准次数须为正整数",
                                     "The approved count must be a positive whole number",
                                     key=f"items.{index + 1}.count"))
    if inp.decision_scan is not None:
        errors += attachment_errors(inp.decision_scan, "结论书扫描件", "decision_scan")
    errors += linked_application_errors(session, case.id, inp.application_id)
    warnings = raise_if_blocking(errors)
    scan = store_attachment(uow, case.id, inp.decision_scan) if inp.decision_scan else None
    approval = Approval(
        case_id=case.id, kind=inp.kind, decision_number=inp.decision_number.strip(),
        decision_date=inp.decision_date, issuing_body=inp.issuing_body.strip(),
        period_from=inp.period_from, period_to=inp.period_to, notes=inp.notes,
        rehab_type=inp.rehab_type,
        created_at=uow.clock.now(), created_by_id=uow.actor_id,
        attachment_id=scan.id if scan else None, application_id=inp.application_id,
        items=[ApprovedItem(national_code=i.national_code.strip(), name=i.name,
                            approved_count=i.approved_count) for i in inp.items],
    )
    session.add(approval)
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.APPROVED
    session.flush()
    pack = fix_case_pack(session, case)
    session.flush()
    return ApprovalRecorded(approval.id, tuple(warnings), pack.code)


@use_case(Action.CASE_ADMIT, case="case_id")
def admit(uow: UnitOfWork, case_id: int, inp: AdmissionInput) -> None:
    """Admit with an identity check: the ID number re-entered or read must match."""
    session = uow.session
    case = get_case(session, case_id)
    errors: list[FieldError] = []
    if case.status != CaseStatus.APPROVED:
        errors.append(FieldError("状态", "只有已核准（或已备案）且未入院的病例才能办理入院",
                                 "Only an approved case that is not yet admitted can be admitted",
                                 key="status"))
    if inp.check_method not in CHECK_METHODS:
        errors.append(FieldError("核验方式", f"未知的身份核验方式：{inp.check_method}",
                                 f"Unknown identity check method: {inp.check_method}", key="check_method"))
    entered = normalise_resident_id(inp.resident_id_entered)
    if not entered:
        errors.append(FieldError("身份核验", "请重新录入或读取身份证号以核验身份",
                                 "Re-enter or read the ID number to check the identity",
                                 key="identity_check"))
    elif entered != case.worker.resident_id:
        zh, en = _cited(case_pack(session, case, uow.clock.today()).basis("records"))
        errors.append(FieldError("身份核验", f"核验的身份证号与登记的不一致，疑似冒名{zh}",
                                 "The ID number checked does not match the registered worker"
                                 f"{en}", key="identity_check"))
    existing = approvals(session, case_id)
    first = min((a.decision_date for a in existing), default=None)
    errors += validate_case_dates(
        CaseDates(injury_date=case.injury.injury_date, approval_date=first,
                  admission_date=inp.admission_date),
        today=uow.clock.today(),
    )
    if existing and not any(a.period_from <= inp.admission_date <= a.period_to
                            for a in existing):
        errors.append(FieldError("入院日期", "入院日期不在核准期限内",
                                 "The admission date is outside the approved period", key="admission_date"))
    raise_if_blocking(errors)
    case.status = CaseStatus.ADMITTED
    case.admission_date = inp.admission_date
    case.admitted_by_id = uow.actor_id
    case.identity_checked_at = uow.clock.now()
    case.identity_check_method = inp.check_method
    case.bed_number = inp.bed_number
