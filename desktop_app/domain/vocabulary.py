"""The archive's vocabulary: every state and kind the database stores, as ``StrEnum``s.

Each member *is* the text stored in the database and hashed into signatures, claims and
the audit chain (a ``StrEnum`` is a ``str``: ``State.DRAFT == "draft"``, it formats,
hashes and serialises to JSON exactly as ``"draft"``). The values must therefore never
change; tests/domain/test_vocabulary.py holds them against the models and against hashes
computed before the enums existed. A value read back from the database is a plain
``str``, which compares equal to its member.

The lists that used to be written in several places are defined once here:
``RECORD_STATES``, ``CASE_STATUSES``, ``FEE_CATEGORIES``, ``COVERAGE`` (stored values,
``pending`` included) and ``COVERAGE_CLASSES`` (who pays, once decided), ``ROLES``,
``SIGNER_KINDS`` and ``PATIENT_SIDE``.

Plain Python: no database, no Qt.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """The integrity state of a record (``record_state``): draft → signed → archived
    (→ sealed). The order is the order of the members (``RECORD_STATES``)."""

    DRAFT = "draft"
    SIGNED = "signed"
    ARCHIVED = "archived"
    SEALED = "sealed"


class CaseStatus(StrEnum):
    """Where a case stands in its course (``rehab_case.status``)."""

    REGISTERED = "registered"
    APPROVED = "approved"
    ADMITTED = "admitted"
    DISCHARGED = "discharged"


class ClaimStatus(StrEnum):
    """A settlement claim's status (``claim.status``): draft → final (frozen) → exported;
    which moves are allowed is ``domain.claim_states``."""

    DRAFT = "draft"
    FINAL = "final"
    EXPORTED = "exported"


class FeeCategory(StrEnum):
    """The category of a catalogue item and of a fee line (``category``)."""

    REHAB = "rehab"
    MEDICAL = "medical"
    DRUG = "drug"
    BED = "bed"
    OTHER = "other"


class CoverageClass(StrEnum):
    """Who pays a fee line (``fee_line.coverage``; ``domain.rules.coverage`` decides).
    ``PENDING`` is stored until a claim decides; the others are the payers."""

    FUND = "fund"
    SELF_PAID = "self_paid"
    INSTITUTION = "institution"
    WORKER = "worker"
    EXCLUDED = "excluded"
    PENDING = "pending"


class SignerKind(StrEnum):
    """Who signed (``signature.signer_kind``): a member of staff, the patient or someone
    signing for them, or the employer's representative (out-of-scope consents only)."""

    STAFF = "staff"
    PATIENT = "patient"
    LEGAL_REP = "legal_rep"
    AUTHORISED = "authorised"
    RELATIVE = "relative"
    EMPLOYER = "employer"


class ConsentSigner(StrEnum):
    """Who gave an out-of-scope consent (``out_of_scope_consent.signer_kind``; Luzhou
    Art. 31: the employer, the worker or a close relative)."""

    EMPLOYER = "employer"
    WORKER = "worker"
    RELATIVE = "relative"


class Meaning(StrEnum):
    """What a signature means (``signature.meaning``)."""

    PATIENT_CONFIRMS_PLAN = "patient_confirms_plan"
    PATIENT_CONFIRMS_SESSIONS = "patient_confirms_sessions"
    PATIENT_CONSENTS = "patient_consents"
    PHYSICIAN_SIGNS = "physician_signs"
    THERAPIST_SIGNS = "therapist_signs"
    ASSESSOR_SIGNS = "assessor_signs"
    REVIEWER_COSIGNS = "reviewer_cosigns"
    OFFICER_SIGNS = "officer_signs"
    DISPOSAL_APPROVES = "disposal_approves"
    DISPOSAL_WITNESS = "disposal_witness"
    AMENDER_SIGNS = "amender_signs"
    AMENDMENT_APPROVES = "amendment_approves"
    SUMMARY_PREPARES = "summary_prepares"  # 申报汇总表: the records officer's sign-off (经办人)
    SUMMARY_REVIEWS = "summary_reviews"  # 申报汇总表: the reviewer's sign-off (审核人)


class Role(StrEnum):
    """A member of staff's role (``staff_user.role``)."""

    ADMIN = "admin"
    PHYSICIAN = "physician"
    THERAPIST = "therapist"
    ASSISTANT = "assistant"
    RECORDS_OFFICER = "records_officer"


class Action(StrEnum):
    """What the permission table (``domain.permissions.PERMISSIONS``) rules on; the value
    is also written into the audit trail of a refusal."""

    # The case and what is added to it while it is open.
    CASE_REGISTER = "case.register"
    CASE_OPEN = "case.open"
    CASE_RECORD_APPROVAL = "case.record_approval"
    CASE_ADMIT = "case.admit"
    CASE_ATTACH = "case.attach"
    PLAN_WRITE = "plan.write"
    PRESCRIPTION_WRITE = "prescription.write"
    SESSION_RECORD = "session.record"
    ASSESSMENT_RECORD = "assessment.record"
    CONSENT_RECORD = "consent.record"
    CASE_DISCHARGE = "case.discharge"
    FOLLOW_UP_RECORD = "follow_up.record"  # 出院后随访 at 3/6/12 months
    CASE_ARCHIVE = "case.archive"
    CASE_SEAL = "case.seal"
    CASE_DELETE = "case.delete"
    FEE_CHARGE = "fee.charge"
    # Settlement claims.
    CLAIM_BUILD = "claim.build"
    CLAIM_FINALIZE = "claim.finalize"
    CLAIM_EXPORT = "claim.export"
    CLAIM_CORRECT = "claim.correct"
    CASE_SETTLEMENT_IDS = "case.settlement_ids"  # the agency's person number and visit id
    CLAIM_SUMMARY = "claim.summary"  # the month's 申报汇总表: make a version, export it
    CLAIM_SUMMARY_SIGN = "claim.summary_sign"  # sign it off (经办人 or 审核人)
    CLAIM_ANSWER = "claim.answer"  # the agency's answer: submitted, returned, deduction, paid
    ARCHIVE_EXPORT = "archive.export"
    RETENTION_HOLD = "retention.hold"
    RETENTION_EXTEND = "retention.extend"
    # Signatures and corrections of single records.
    RECORD_SIGN = "record.sign"
    RECORD_COSIGN = "record.cosign"
    RECORD_PATIENT_SIGN = "record.patient_sign"
    RECORD_AMEND = "record.amend"
    RECORD_APPROVE_AMENDMENT = "record.approve_amendment"
    # The archive as a whole.
    USER_MANAGE = "user.manage"
    SETTINGS_EDIT = "settings.edit"
    CATALOGUE_IMPORT = "catalogue.import"
    AUDIT_VIEW = "audit.view"
    RETENTION_REPORT = "retention.report"
    DISPOSAL_PROPOSE = "disposal.propose"
    DISPOSAL_APPROVE = "disposal.approve"
    DISPOSAL_WITNESS = "disposal.witness"
    DISPOSAL_EXECUTE = "disposal.execute"
    STATISTICS_VIEW = "statistics.view"  # the statistics screen (issue 18): figures and their cases
    APPLICATION_RECORD = "application.record"  # 工伤康复申请 and its materials checklist (issue 19)
    VOCATIONAL_RECORD = "vocational.record"  # vocational goal and outcome (issue 19, item 7)
    APPRAISAL_CONCLUDE = "appraisal.conclude"  # 先康复后鉴定: the physician's conclusion
    APPRAISAL_SUMMARY = "appraisal.summary"  # 先康复后鉴定: the summary PDF for the committee
    VALUE_REPORT_WRITE = "value_report.write"  # 康复价值评估报告及康复治疗建议: write and sign (issue 19)
    NOTICE_ISSUE = "notice.issue"  # the written notice ending a course (Beijing Art. 14; issue 19)
    TRANSFER_RECORD = "transfer.record"  # 转院: transfer out / in between institutions (issue 19)
    EXPERT_RECORD = "expert.record"  # 专家评估 before the care that needs it (issue 19)
    DEVICE_RECORD = "device.record"  # 辅助器具: opinion, filing, fitting, adjustment, training (issue 19)


# The rehabilitation application (issue 19): who applied (Luzhou Art. 12, Beijing Art. 7) and
# what became of a materials item (``application_item.status``).
APPLICANTS = ("employer", "worker", "relative")
APPLICANT_ZH: dict[str, str] = {"employer": "用人单位", "worker": "工伤职工本人", "relative": "近亲属"}
APPLICATION_ITEM_STATUSES = ("attached", "not_applicable")

# The rehab value report (issue 19): its conclusion; the notice ending a course (Beijing Art.
# 14): why, how it reached the worker, and whether they signed for it.
VALUE_CONCLUSIONS = ("has_value", "no_value")
VALUE_CONCLUSION_ZH: dict[str, str] = {"has_value": "具有康复价值", "no_value": "不具有康复价值"}
NOTICE_REASONS = ("non_cooperation", "refused_to_leave")
NOTICE_REASON_ZH: dict[str, str] = {"non_cooperation": "不配合治疗", "refused_to_leave": "拒不出院"}
NOTICE_DELIVERIES = ("in_person", "post", "relative")
NOTICE_DELIVERY_ZH: dict[str, str] = {"in_person": "当面送达", "post": "邮寄送达", "relative": "交近亲属转交"}
NOTICE_ACKNOWLEDGEMENTS = ("signed", "refused", "absent")
NOTICE_ACK_ZH: dict[str, str] = {"signed": "本人签收", "refused": "拒绝签收（已注明）",
                                 "absent": "未当面签收"}

# The lists, each written once (tuples of members, in the order shown to people).
RECORD_STATES: tuple[State, ...] = tuple(State)
CASE_STATUSES: tuple[CaseStatus, ...] = tuple(CaseStatus)
CLAIM_STATUSES: tuple[ClaimStatus, ...] = tuple(ClaimStatus)
FEE_CATEGORIES: tuple[FeeCategory, ...] = tuple(FeeCategory)
COVERAGE: tuple[CoverageClass, ...] = tuple(CoverageClass)  # as stored, pending included
COVERAGE_CLASSES: tuple[CoverageClass, ...] = tuple(
    c for c in CoverageClass if c is not CoverageClass.PENDING)  # the payers, once decided
ROLES: tuple[Role, ...] = tuple(Role)
# Signs as or for the patient (a legal representative, someone authorised, a relative).
PATIENT_SIDE: tuple[SignerKind, ...] = (SignerKind.PATIENT, SignerKind.LEGAL_REP,
                                        SignerKind.AUTHORISED, SignerKind.RELATIVE)
SIGNER_KINDS: tuple[SignerKind, ...] = tuple(SignerKind)
CLOSED_CASE_STATES = frozenset({State.ARCHIVED, State.SEALED})  # a case no longer open
# A case in its approved period: approved, or admitted and treated.
ACTIVE_CASE_STATUSES: tuple[CaseStatus, ...] = (CaseStatus.APPROVED, CaseStatus.ADMITTED)


# The case's coded answers (stored as text in rehab_case).
STAGES = ("ACUTE", "STABLE", "MAINT", "RECUR")
SETTINGS = ("inpatient", "outpatient", "community", "home")
MODES = ("early_intervention", "tcm", "psychological", "assistive_devices", "vocational",
         "rehab_first")
END_REASONS = ("completed", "no_further_benefit", "non_cooperation", "transfer_out", "death",
               "other")
# Where the worker went at discharge, and their work status (at discharge and at each
# follow-up): the return-to-work statistics count these (docs/statistics.md).
DISCHARGE_DESTINATIONS = ("home", "work", "other_institution", "care_facility", "death", "other")
RETURN_TO_WORK = ("same_job", "other_job_same_employer", "other_employer", "not_working",
                  "vocational_training", "unknown")
RETURNED_TO_WORK = frozenset({"same_job", "other_job_same_employer", "other_employer"})
# Vocational rehabilitation (issue 19): the goal set at its start, in RETURN_TO_WORK's words
# (the same job, an adapted job at the same employer, another job, vocational training);
# its outcome at the end is a RETURN_TO_WORK code. The physician's conclusion for the
# labour-capacity appraisal committee (先康复后鉴定): stable and ready, or not yet.
VOCATIONAL_GOALS = ("same_job", "other_job_same_employer", "other_employer", "vocational_training")
VOCATIONAL_GOAL_ZH: dict[str, str] = {
    "same_job": "重返原岗位", "other_job_same_employer": "原单位调整/适配岗位",
    "other_employer": "转换工作（其他单位就业）", "vocational_training": "接受职业培训"}
APPRAISAL_CONCLUSIONS = ("stable_ready", "not_stable")
APPRAISAL_CONCLUSION_ZH: dict[str, str] = {
    "stable_ready": "伤情相对稳定，可以申请劳动能力鉴定", "not_stable": "伤情尚未稳定，暂不宜鉴定"}
# Follow-up after discharge (``follow_up``): the milestones in months, how the worker was reached.
FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_METHODS = ("phone", "visit", "letter", "other")
APPROVAL_KINDS = ("approval", "extension", "early_filing")
PHASES = ("pre", "mid", "post", "other")
# The period of a claim made at discharge (``claim.period``; other claims name a month).
DISCHARGE_PERIOD = "discharge"


# Chinese labels: what a document prints for a stored code. Documents are printed in
# Chinese whatever the interface language, so a code word (draft, discharge, pre…) never
# appears in them: every state or kind printed goes through one of these
# (tests/services/test_document_words.py reads every document of a binder for code words).
STATE_ZH: dict[str, str] = {State.DRAFT: "草稿", State.SIGNED: "已签名", State.ARCHIVED: "已归档",
                            State.SEALED: "已封存"}
CLAIM_STATUS_ZH: dict[str, str] = {ClaimStatus.DRAFT: "草稿", ClaimStatus.FINAL: "已确认",
                                   ClaimStatus.EXPORTED: "已导出"}
PHASE_ZH: dict[str, str] = {"pre": "康复前", "mid": "康复中", "post": "康复后", "other": "其他"}
APPROVAL_KIND_ZH: dict[str, str] = {"approval": "核准（确认）", "extension": "延期核准",
                                    "early_filing": "早期介入备案"}
DISCHARGE_DESTINATION_ZH: dict[str, str] = {
    "home": "回家休养", "work": "返回工作岗位", "other_institution": "转其他医疗/康复机构",
    "care_facility": "转养护机构", "death": "死亡", "other": "其他"}
RETURN_TO_WORK_ZH: dict[str, str] = {
    "same_job": "原单位原岗位", "other_job_same_employer": "原单位其他岗位",
    "other_employer": "其他单位就业", "not_working": "未就业", "vocational_training": "职业培训中",
    "unknown": "不详"}
FOLLOW_UP_METHOD_ZH: dict[str, str] = {"phone": "电话", "visit": "上门/来院", "letter": "信函",
                                       "other": "其他"}
STAGE_ZH: dict[str, str] = {"ACUTE": "急性期", "STABLE": "稳定期", "MAINT": "维持期", "RECUR": "旧伤复发"}
SETTING_ZH: dict[str, str] = {"inpatient": "住院", "outpatient": "门诊", "community": "社区", "home": "居家"}
MODE_ZH: dict[str, str] = {"early_intervention": "早期介入", "tcm": "中医/蒙医", "psychological": "心理康复",
                           "assistive_devices": "辅助器具配置", "vocational": "职业康复",
                           "rehab_first": "先康复后鉴定"}
END_REASON_ZH: dict[str, str] = {"completed": "康复计划完成", "no_further_benefit": "无进一步康复效果",
                                 "non_cooperation": "不配合治疗", "transfer_out": "转出", "death": "死亡",
                                 "other": "其他"}


def zh(labels: dict[str, str], code: str | None, empty: str = "—") -> str:
    """The Chinese label of ``code``; a code without one is printed as 未知 (never as the
    code word itself), nothing as ``empty``."""
    if not code:
        return empty
    return labels.get(code, "未知")


def code_words() -> frozenset[str]:
    """Every ASCII word a stored state or kind is made of (``self_paid`` → self, paid):
    none of them may appear in a document's text."""
    codes: list[str] = [m.value for enum in (State, CaseStatus, ClaimStatus, FeeCategory, CoverageClass,
                                             SignerKind, ConsentSigner, Meaning, Role)
                        for m in enum]
    codes += [*STAGES, *SETTINGS, *MODES, *END_REASONS, *APPROVAL_KINDS, *PHASES, DISCHARGE_PERIOD]
    codes += [*APPLICANTS, *APPLICATION_ITEM_STATUSES, *VALUE_CONCLUSIONS, *NOTICE_REASONS,
              *NOTICE_DELIVERIES, *NOTICE_ACKNOWLEDGEMENTS, *DISCHARGE_DESTINATIONS, *RETURN_TO_WORK,
              *VOCATIONAL_GOALS, *APPRAISAL_CONCLUSIONS, *FOLLOW_UP_METHODS, *COURSE_REASONS]
    return frozenset(w for code in codes for w in code.lower().replace(".", "_").split("_") if len(w) > 2)


# Why a repeat course of the same injury was opened (rehab_case.course_reason, migration 0020):
# an old-injury relapse (旧伤复发, stage RECUR), a repeat application, or another reason.
COURSE_REASONS = ("relapse", "repeat_application", "other")
COURSE_REASON_ZH: dict[str, str] = {"relapse": "旧伤复发", "repeat_application": "再次申请康复",
                                    "other": "其他"}
