"""Intake: register worker, employer, injury and case; approvals; admission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pypinyin import Style, lazy_pinyin
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

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
from desktop_app.db.models.case import MODES, SETTINGS, STAGES
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
from desktop_app.errors import ConcurrencyConflict, FieldError, UserError, raise_if_blocking
from desktop_app.services.attachments import attachment_errors, store_attachment
from desktop_app.services.commands import (
    AdmissionInput,
    ApprovalInput,
    EligibilityFacts,
    RegistrationInput,
)
from desktop_app.services.lookup import approvals, get_case
from desktop_app.services.numbering import next_case_id, next_case_number
from desktop_app.services.permissions import authorize, authorize_case
from desktop_app.services.queries import CHECK_METHODS
from desktop_app.services.uow import UnitOfWork

MAINTENANCE_MAX_GRADE = 4  # 维持期: grades 1–4 only (Luzhou Art. 6(3))


@dataclass(frozen=True)
class Registered:
    case_id: int
    case_number: str
    worker_id: int
    warnings: tuple[FieldError, ...]


def name_initials(name: str) -> str:
    """Pinyin initials for search: 张三丰 → zsf."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def _required(value: str | None, field: str, zh: str, en: str) -> list[FieldError]:
    if value is None or not value.strip():
        return [FieldError(field, f"{zh}不能为空", f"{en} is required")]
    return []


def eligibility_errors(facts: EligibilityFacts) -> list[FieldError]:
    errors = []
    if not facts.injury_recognised:
        errors.append(FieldError("工伤认定", "未经工伤认定，不能申请工伤康复（北京第六条）",
                                 "The injury is not recognised as a work injury "
                                 "(Beijing Art. 6)"))
    if facts.employment_ended and not facts.insurance_transferred:
        errors.append(FieldError("劳动关系", "与用人单位已终止劳动关系且未转移工伤保险关系，"
                                 "不属于工伤康复对象（北京第六条）",
                                 "Employment with the injury employer ended and insurance was "
                                 "not transferred (Beijing Art. 6)"))
    if facts.insurance_relation_ended:
        errors.append(FieldError("工伤保险关系", "工伤保险关系已终止，不属于工伤康复对象（泸州第四条）",
                                 "The work-injury insurance relation has ended (Luzhou Art. 4)"))
    return errors


def _registration_errors(inp: RegistrationInput, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    errors += _required(inp.name, "姓名", "姓名", "Name")
    errors += validate_resident_id(inp.resident_id, today=today)
    errors += _required(inp.employer.name, "用人单位", "用人单位名称", "Employer name")
    if inp.employer.credit_code:
        errors += validate_credit_code(inp.employer.credit_code)
    errors += _required(inp.recognition_number, "工伤认定决定书编号", "工伤认定决定书编号",
                        "Recognition decision number")
    errors += validate_case_dates(
        CaseDates(injury_date=inp.injury_date, recognition_date=inp.recognition_date),
        today=today,
    )
    if not inp.injured_body_parts:
        errors.append(FieldError("受伤部位", "至少填写一个受伤部位",
                                 "At least one injured body part is required"))
    if not inp.diagnoses:
        errors.append(FieldError("诊断", "至少填写一个诊断", "At least one diagnosis is required"))
    for position, diagnosis in enumerate(inp.diagnoses):
        errors += validate_icd10(diagnosis.icd_code, field=f"诊断{position + 1}编码")
        errors += _required(diagnosis.icd_name, f"诊断{position + 1}名称", "诊断名称",
                            "Diagnosis name")
    if inp.diagnoses:
        errors += main_diagnosis_warnings(inp.diagnoses[0].icd_code, inp.occupational_disease)
    if inp.disease_category not in {c.code for c in injury_categories()}:
        errors.append(FieldError("疾病类别", f"未知的疾病类别：{inp.disease_category}",
                                 f"Unknown disease category: {inp.disease_category}"))
    errors += _choice(inp.stage, STAGES, "康复阶段", "stage")
    errors += _choice(inp.setting, SETTINGS, "康复形式", "setting")
    for mode in inp.modes:
        errors += _choice(mode, MODES, "康复模式", "mode")
    errors += validate_disability_grade(inp.disability_grade)
    if inp.stage == "MAINT" and (
        inp.disability_grade is None or inp.disability_grade > MAINTENANCE_MAX_GRADE
    ):
        errors.append(FieldError("康复阶段", "维持期仅适用于伤残1-4级（泸州第六条）",
                                 "The maintenance stage is for disability grades 1-4 only "
                                 "(Luzhou Art. 6)"))
    errors += eligibility_errors(inp.eligibility)
    for position, material in enumerate(inp.materials):
        errors += attachment_errors(material, f"申请材料{position + 1}")
    return errors


def _choice(value: str, allowed: tuple[str, ...], field: str, en: str) -> list[FieldError]:
    if value in allowed:
        return []
    return [FieldError(field, f"无效的取值：{value}", f"Invalid {en}: {value}")]


def register_case(uow: UnitOfWork, inp: RegistrationInput) -> Registered:
    """Register the worker (or reuse them by ID number), employer, injury and a new case."""
    session = uow.session
    authorize(uow, "case.register")
    today = uow.clock.today()
    warnings = raise_if_blocking(_registration_errors(inp, today))
    institution = session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先设置本机构信息。", "Set up the institution first.")
    resident_id = normalise_resident_id(inp.resident_id)
    worker = session.scalars(select(Worker).where(Worker.resident_id == resident_id)).first()
    if worker is not None and worker.name != inp.name.strip():
        raise_if_blocking([FieldError(
            "姓名", f"该身份证号已登记为“{worker.name}”，与填写的姓名不符",
            "This ID number is registered under another name")])
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
        occupational_disease=inp.occupational_disease, disability_grade=inp.disability_grade,
        created_at=uow.clock.now(), created_by_id=uow.actor_id,
    )
    for position, diagnosis in enumerate(inp.diagnoses):
        injury.diagnoses.append(Diagnosis(
            position=position, icd_code=normalise_icd10(diagnosis.icd_code),
            icd_name=diagnosis.icd_name.strip(), code_list_version=diagnosis.code_list_version,
            recorded_at=uow.clock.now()))
    session.add(injury)
    session.flush()
    case = RehabCase(
        id=next_case_id(session), case_number=next_case_number(session, today.year),
        worker_id=worker.id, injury=injury,
        institution_id=institution.id, status="registered", stage=inp.stage,
        setting=inp.setting, modes=list(inp.modes),
        eligibility=_facts_dict(inp.eligibility),
        rehab_value_assessment=inp.rehab_value_assessment,
        rehab_value_date=inp.rehab_value_date,
        treatment_recommendation=inp.treatment_recommendation,
        payment_method=inp.payment_method, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError as error:
        raise ConcurrencyConflict("病例号冲突，请重试。",
                                  "Case number clash; please try again.") from error
    for material in inp.materials:
        store_attachment(uow, case.id, material)
    uow.commit()
    return Registered(case.id, case.case_number, worker.id, tuple(warnings))


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


def record_approval(uow: UnitOfWork, case_id: int, inp: ApprovalInput) -> int:
    """Record an approval (核准), an extension, or an early-intervention filing (备案)."""
    session = uow.session
    case = get_case(session, case_id)
    authorize_case(uow, "case.record_approval", case)
    today = uow.clock.today()
    existing = approvals(session, case_id)
    errors: list[FieldError] = []
    errors += _choice(inp.kind, APPROVAL_KINDS, "核准类型", "approval kind")
    errors += _required(inp.decision_number, "核准文号", "核准（确认）文号", "Decision number")
    errors += _required(inp.issuing_body, "核准机构", "核准机构", "Issuing body")
    errors += validate_case_dates(
        # No admission date here: an extension is decided after admission (admit() checks
        # that the first approval precedes it).
        CaseDates(injury_date=case.injury.injury_date, recognition_date=case.injury.recognition_date,
                  approval_date=inp.decision_date, approved_from=inp.period_from,
                  approved_to=inp.period_to),
        today=today,
    )
    if inp.kind == "extension" and not existing:
        errors.append(FieldError("核准类型", "延期须在已有核准之后（泸州第八条）",
                                 "An extension needs an earlier approval (Luzhou Art. 8)"))
    if inp.kind == "extension" and existing:
        last_end = max(a.period_to for a in existing)
        if inp.period_from <= last_end:
            errors.append(FieldError("核准期限", "延期期限须从原核准期满之后开始",
                                     "An extension must start after the approved period"))
    if inp.kind == "early_filing" and "early_intervention" not in case.modes:
        errors.append(FieldError("核准类型", "仅早期介入病例可先备案（包头第八条）",
                                 "Only early-intervention cases may start on a filing "
                                 "(Baotou Art. 8)"))
    for index, item in enumerate(inp.items):
        errors += _required(item.national_code, f"核准项目{index + 1}", "项目编码", "Item code")
        if item.approved_count is not None and item.approved_count < 1:
            errors.append(FieldError(f"核准项目{index + 1}", "核准次数须为正整数",
                                     "The approved count must be a positive whole number"))
    if inp.decision_scan is not None:
        errors += attachment_errors(inp.decision_scan, "结论书扫描件")
    raise_if_blocking(errors)
    scan = store_attachment(uow, case.id, inp.decision_scan) if inp.decision_scan else None
    approval = Approval(
        case_id=case.id, kind=inp.kind, decision_number=inp.decision_number.strip(),
        decision_date=inp.decision_date, issuing_body=inp.issuing_body.strip(),
        period_from=inp.period_from, period_to=inp.period_to, notes=inp.notes,
        created_at=uow.clock.now(), created_by_id=uow.actor_id,
        attachment_id=scan.id if scan else None,
        items=[ApprovedItem(national_code=i.national_code.strip(), name=i.name,
                            approved_count=i.approved_count) for i in inp.items],
    )
    session.add(approval)
    if case.status == "registered":
        case.status = "approved"
    session.flush()
    uow.commit()
    return approval.id


def admit(uow: UnitOfWork, case_id: int, inp: AdmissionInput) -> None:
    """Admit with an identity check: the ID number re-entered or read must match."""
    session = uow.session
    case = get_case(session, case_id)
    authorize_case(uow, "case.admit", case)
    errors: list[FieldError] = []
    if case.status != "approved":
        errors.append(FieldError("状态", "只有已核准（或已备案）且未入院的病例才能办理入院",
                                 "Only an approved case that is not yet admitted can be admitted"))
    if inp.check_method not in CHECK_METHODS:
        errors.append(FieldError("核验方式", f"未知的身份核验方式：{inp.check_method}",
                                 f"Unknown identity check method: {inp.check_method}"))
    entered = normalise_resident_id(inp.resident_id_entered)
    if not entered:
        errors.append(FieldError("身份核验", "请重新录入或读取身份证号以核验身份",
                                 "Re-enter or read the ID number to check the identity"))
    elif entered != case.worker.resident_id:
        errors.append(FieldError("身份核验", "核验的身份证号与登记的不一致，疑似冒名（北京第十条、第十三条）",
                                 "The ID number checked does not match the registered worker "
                                 "(Beijing Arts. 10, 13)"))
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
                                 "The admission date is outside the approved period"))
    raise_if_blocking(errors)
    case.status = "admitted"
    case.admission_date = inp.admission_date
    case.admitted_by_id = uow.actor_id
    case.identity_checked_at = uow.clock.now()
    case.identity_check_method = inp.check_method
    case.bed_number = inp.bed_number
    uow.commit()
