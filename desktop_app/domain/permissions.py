"""Who may do what, to a record in which state: the one permission table.

A rule names the roles allowed and the record states in which the action is allowed.
The state is that of the record acted on; for an action on a case (adding a session,
discharging, sealing) it is the case's state. A record inside an archived or sealed
case counts as archived or sealed (``effective_state``). Actions on the archive as a
whole (managing users, backups) have no record state.

Backup and restore are not in the table: they are command-line tools for whoever holds
the database's own credentials, which already give full access.

Services call ``services.core.permissions.authorize`` before they read input or write;
a refusal is audited. Hiding buttons in the UI is a convenience, not the control.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.vocabulary import RECORD_STATES, ROLES, Action, Role, State

STATES = RECORD_STATES  # the order: a state later in it is further along
# The states a target can be in: a case is open (draft), archived or sealed; a record
# may also be signed; the archive as a whole has no state.
TARGET_STATES: dict[str, tuple[str | None, ...]] = {
    "case": (State.DRAFT, State.ARCHIVED, State.SEALED),
    "record": STATES,
    "archived_record": (State.ARCHIVED,),  # approving a correction exists only for these
    "archive": (None,),
}
ROLE_LABELS: dict[str, tuple[str, str]] = {
    Role.ADMIN: ("系统管理员", "administrator"), Role.PHYSICIAN: ("医师", "physician"),
    Role.THERAPIST: ("治疗师", "therapist"), Role.ASSISTANT: ("治疗师助理", "therapist assistant"),
    Role.RECORDS_OFFICER: ("病案/结算经办人", "records officer")}
STATE_LABELS: dict[str, tuple[str, str]] = {
    State.DRAFT: ("未签名", "draft"), State.SIGNED: ("已签名", "signed"),
    State.ARCHIVED: ("已归档", "archived"), State.SEALED: ("已封存", "sealed")}

CLINICIANS = frozenset({Role.PHYSICIAN, Role.THERAPIST, Role.ASSISTANT})
EVERYONE = frozenset(ROLES)
OPEN = frozenset({State.DRAFT})
SIGNABLE_STATES = frozenset({State.DRAFT, State.SIGNED})


@dataclass(frozen=True)
class Rule:
    zh: str
    en: str
    target: str  # case / record / archive
    roles: frozenset[str]
    states: frozenset[str | None] = frozenset({None})


def _case(zh: str, en: str, roles: frozenset[str], states: frozenset[str] = OPEN) -> Rule:
    return Rule(zh, en, "case", roles, frozenset(states))


def _record(zh: str, en: str, roles: frozenset[str], states: frozenset[str]) -> Rule:
    return Rule(zh, en, "record", roles, frozenset(states))


def _archive(zh: str, en: str, roles: frozenset[str]) -> Rule:
    return Rule(zh, en, "archive", roles)


INTAKE = frozenset({Role.RECORDS_OFFICER, Role.PHYSICIAN})
SETTLEMENT = frozenset({Role.RECORDS_OFFICER})
CLAIMABLE = frozenset({State.DRAFT, State.ARCHIVED})
PERMISSIONS: dict[str, Rule] = {
    # The case and what is added to it while it is open.
    Action.CASE_REGISTER: _archive("登记病例", "register a case", INTAKE),
    Action.CASE_OPEN: _case("查阅患者档案", "open a patient's archive", EVERYONE,
                            frozenset({State.DRAFT, State.ARCHIVED, State.SEALED})),
    Action.CASE_RECORD_APPROVAL: _case("录入核准结论", "record an approval", INTAKE),
    Action.CASE_ADMIT: _case("办理入院", "admit", INTAKE),
    Action.CASE_ATTACH: _case("添加扫描附件", "attach a scanned document",
                              INTAKE | CLINICIANS | {Role.RECORDS_OFFICER}),
    Action.PLAN_WRITE: _case("制定或修订治疗方案", "write or revise the treatment plan",
                             frozenset({Role.PHYSICIAN})),
    Action.PRESCRIPTION_WRITE: _case("开具处方", "prescribe", frozenset({Role.PHYSICIAN})),
    Action.SESSION_RECORD: _case("记录治疗", "record a session", CLINICIANS),
    Action.ASSESSMENT_RECORD: _case("录入评估", "record an assessment",
                                    frozenset({Role.PHYSICIAN, Role.THERAPIST})),
    Action.CONSENT_RECORD: _case("录入目录外项目知情同意", "record an out-of-scope consent",
                                 CLINICIANS | {Role.RECORDS_OFFICER}),
    Action.CASE_DISCHARGE: _case("办理出院", "discharge", frozenset({Role.PHYSICIAN})),
    # After discharge, open or archived (not sealed): 3/6/12-month follow-up (issue 18).
    Action.FOLLOW_UP_RECORD: _case("录入出院随访", "record a follow-up after discharge",
                                   frozenset({Role.PHYSICIAN, Role.THERAPIST, Role.RECORDS_OFFICER}),
                                   frozenset({State.DRAFT, State.ARCHIVED})),
    Action.CASE_ARCHIVE: _case("归档", "archive", frozenset({Role.RECORDS_OFFICER, Role.ADMIN})),
    Action.CASE_SEAL: _case("封存", "seal", frozenset({Role.RECORDS_OFFICER, Role.ADMIN}),
                            frozenset({State.DRAFT, State.ARCHIVED})),
    Action.CASE_DELETE: _case("删除病例", "delete a case", frozenset({Role.ADMIN})),
    Action.FEE_CHARGE: _case("计费", "charge fees", frozenset({Role.RECORDS_OFFICER}),
                             frozenset({State.DRAFT, State.ARCHIVED})),
    # Settlement claims: the case's state decides (a discharge claim is often built after
    # archiving); whether the claim itself is a draft is the service's check
    # (domain.claim_states).
    Action.CLAIM_BUILD: _case("生成结算申报", "build a settlement claim", SETTLEMENT, CLAIMABLE),
    Action.CLAIM_FINALIZE: _case("确认并冻结结算申报", "finalize (freeze) a claim", SETTLEMENT,
                                 CLAIMABLE),
    Action.CLAIM_EXPORT: _case("标记结算申报已导出", "mark a claim exported", SETTLEMENT, CLAIMABLE),
    Action.CLAIM_CORRECT: _case("更正已确认的结算申报", "correct a final claim", SETTLEMENT,
                                CLAIMABLE),
    # While the case is open: an archived case row is signed, its columns frozen (0002).
    Action.CASE_SETTLEMENT_IDS: _case("录入经办机构人员编号与就诊ID",
                                      "enter the agency's person number and visit id", SETTLEMENT),
    # The institution's monthly summary (申报汇总表): made by the records officer, signed off
    # by the records officer (经办人) and a reviewer (审核人: the administrator or another
    # records officer; the service refuses the same person twice).
    Action.CLAIM_SUMMARY: _archive("生成或导出申报汇总表", "make or export the monthly claim summary",
                                   SETTLEMENT),
    Action.CLAIM_SUMMARY_SIGN: _archive("签署申报汇总表", "sign off the monthly claim summary",
                                        frozenset({Role.RECORDS_OFFICER, Role.ADMIN})),
    Action.CLAIM_ANSWER: _case("录入经办机构对结算申报的反馈", "record the agency's answer to a claim",
                               SETTLEMENT, CLAIMABLE),
    Action.ARCHIVE_EXPORT: _case("导出病例档案", "export a case's archive",
                                 frozenset({Role.RECORDS_OFFICER, Role.ADMIN}),
                                 frozenset({State.DRAFT, State.ARCHIVED, State.SEALED})),
    Action.RETENTION_HOLD: _case("设置或解除法律保全", "place or lift a legal hold",
                                 frozenset({Role.RECORDS_OFFICER, Role.ADMIN}),
                                 frozenset({State.ARCHIVED, State.SEALED})),
    Action.RETENTION_EXTEND: _case("延长保管期限", "extend the retention period",
                                   frozenset({Role.ADMIN}), frozenset({State.ARCHIVED, State.SEALED})),
    # Signatures and corrections of single records.
    Action.RECORD_SIGN: _record("工作人员签名", "sign as staff", CLINICIANS | {Role.RECORDS_OFFICER},
                                SIGNABLE_STATES),
    Action.RECORD_COSIGN: _record("上级审核签名", "co-sign as reviewer",
                                  frozenset({Role.PHYSICIAN, Role.THERAPIST}), SIGNABLE_STATES),
    Action.RECORD_PATIENT_SIGN: _record("采集患者签名", "take the patient's signature",
                                        CLINICIANS | {Role.RECORDS_OFFICER}, SIGNABLE_STATES),
    Action.RECORD_AMEND: _record("提交更正", "amend a record",
                                 frozenset({Role.PHYSICIAN, Role.THERAPIST}),
                                 frozenset({State.SIGNED, State.ARCHIVED})),
    Action.RECORD_APPROVE_AMENDMENT: Rule("批准归档记录的更正", "approve an amendment of an "
                                          "archived record", "archived_record",
                                          frozenset({Role.ADMIN}), frozenset({State.ARCHIVED})),
    # The archive as a whole.
    Action.USER_MANAGE: _archive("管理用户", "manage users", frozenset({Role.ADMIN})),
    Action.SETTINGS_EDIT: _archive("修改机构设置", "change the institution settings",
                                   frozenset({Role.ADMIN})),
    Action.CATALOGUE_IMPORT: _archive("导入收费目录", "import a catalogue", frozenset({Role.ADMIN})),
    Action.AUDIT_VIEW: _archive("查看审计记录", "view the audit trail",
                                frozenset({Role.ADMIN, Role.RECORDS_OFFICER})),
    Action.RETENTION_REPORT: _archive("查看保管期限", "list retention",
                                      frozenset({Role.ADMIN, Role.RECORDS_OFFICER})),
    Action.DISPOSAL_PROPOSE: _archive("提出销毁鉴定", "propose a disposal",
                                      frozenset({Role.RECORDS_OFFICER, Role.ADMIN})),
    Action.DISPOSAL_APPROVE: _archive("批准销毁", "approve a disposal", frozenset({Role.ADMIN})),
    Action.DISPOSAL_WITNESS: _archive("监销签名", "witness a disposal", EVERYONE),
    Action.DISPOSAL_EXECUTE: _archive("执行销毁", "carry out a disposal",
                                      frozenset({Role.RECORDS_OFFICER, Role.ADMIN})),
    # The institution's statistics for the annual evaluation (issue 18): the screen lists
    # patients behind each figure, so it is for those who keep the archive, not the ward.
    Action.STATISTICS_VIEW: _archive("查看统计分析", "view the statistics",
                                     frozenset({Role.ADMIN, Role.RECORDS_OFFICER})),
    # The rehabilitation application and its materials (issue 19), while the case is open.
    Action.APPLICATION_RECORD: _case("录入康复申请及材料", "record the application and its materials",
                                     INTAKE),
    # Vocational rehabilitation (issue 19, item 7): the goal and the outcome, while the case is open.
    Action.VOCATIONAL_RECORD: _case("录入职业康复目标与结局", "record the vocational goal and outcome",
                                    frozenset({Role.PHYSICIAN, Role.THERAPIST})),
    # 先康复后鉴定: the physician concludes while the case is open; the summary is printed for
    # the appraisal committee by the physician or the records officer, also once archived.
    Action.APPRAISAL_CONCLUDE: _case("录入鉴定前医师结论",
                                     "record the physician's conclusion for the appraisal",
                                     frozenset({Role.PHYSICIAN})),
    Action.APPRAISAL_SUMMARY: _case("出具先康复后鉴定总结", "print the rehab-first appraisal summary",
                                    frozenset({Role.PHYSICIAN, Role.RECORDS_OFFICER}),
                                    frozenset({State.DRAFT, State.ARCHIVED})),
    # The rehab value report and the notice ending a course (issue 19): a physician writes
    # and signs them, while the case is open.
    Action.VALUE_REPORT_WRITE: _case("撰写并签署康复价值评估报告", "write and sign the rehab value report",
                                     frozenset({Role.PHYSICIAN})),
    Action.NOTICE_ISSUE: _case("签发终止康复书面通知", "issue the written notice ending the course",
                               frozenset({Role.PHYSICIAN})),
    # Transfers between institutions (issue 19): a physician's decision, who signs the transfer
    # summary's content as its 经治医师, while the case is open.
    Action.TRANSFER_RECORD: _case("录入转院（转出/转入）", "record a transfer out or in",
                                  frozenset({Role.PHYSICIAN})),
    # Expert evaluations (issue 19): recorded by a physician, while the case is open.
    Action.EXPERT_RECORD: _case("录入专家评估", "record an expert evaluation", frozenset({Role.PHYSICIAN})),
    # Assistive devices (issue 19): the physician's opinion, the filing, the fitting, and the
    # therapists' adjustments and training, while the case is open.
    Action.DEVICE_RECORD: _case("录入辅助器具配置", "record assistive devices",
                                frozenset({Role.PHYSICIAN, Role.THERAPIST, Role.RECORDS_OFFICER})),
}


def permitted(role: str | None, action: str, state: str | None = None) -> bool:
    rule = PERMISSIONS[action]
    return role in rule.roles and state in rule.states


def effective_state(record_state: str, case_state: str | None) -> str:
    """A record counts as archived or sealed once its case is."""
    if case_state is None:
        return record_state
    return max(record_state, case_state, key=STATES.index)


def refusal_text(role: str | None, action: str, state: str | None) -> tuple[str, str]:
    """Why the table refuses, in Chinese and English."""
    rule = PERMISSIONS[action]
    if role is None:
        return (f"请先登录：未登录不能{rule.zh}。", f"Sign in first: nobody signed in may {rule.en}.")
    role_zh, role_en = ROLE_LABELS.get(role, (role, role))
    if role not in rule.roles:
        return (f"{role_zh}无权{rule.zh}。", f"A {role_en} may not {rule.en}.")
    state_zh, state_en = STATE_LABELS.get(state or "", (str(state), str(state)))
    return (f"记录{state_zh}，不能{rule.zh}。", f"The record is {state_en}; cannot {rule.en}.")
