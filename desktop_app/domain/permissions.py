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

ROLES = ("admin", "physician", "therapist", "assistant", "records_officer")
STATES = ("draft", "signed", "archived", "sealed")
# The states a target can be in: a case is open (draft), archived or sealed; a record
# may also be signed; the archive as a whole has no state.
TARGET_STATES: dict[str, tuple[str | None, ...]] = {
    "case": ("draft", "archived", "sealed"),
    "record": STATES,
    "archived_record": ("archived",),  # approving a correction exists only for these
    "archive": (None,),
}
ROLE_LABELS = {"admin": ("系统管理员", "administrator"), "physician": ("医师", "physician"),
               "therapist": ("治疗师", "therapist"),
               "assistant": ("治疗师助理", "therapist assistant"),
               "records_officer": ("病案/结算经办人", "records officer")}
STATE_LABELS = {"draft": ("未签名", "draft"), "signed": ("已签名", "signed"),
                "archived": ("已归档", "archived"), "sealed": ("已封存", "sealed")}

CLINICIANS = frozenset({"physician", "therapist", "assistant"})
EVERYONE = frozenset(ROLES)
OPEN = frozenset({"draft"})
SIGNABLE_STATES = frozenset({"draft", "signed"})


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


INTAKE = frozenset({"records_officer", "physician"})
SETTLEMENT = frozenset({"records_officer"})
CLAIMABLE = frozenset({"draft", "archived"})
PERMISSIONS: dict[str, Rule] = {
    # The case and what is added to it while it is open.
    "case.register": _archive("登记病例", "register a case", INTAKE),
    "case.open": _case("查阅患者档案", "open a patient's archive", EVERYONE,
                       frozenset({"draft", "archived", "sealed"})),
    "case.record_approval": _case("录入核准结论", "record an approval", INTAKE),
    "case.admit": _case("办理入院", "admit", INTAKE),
    "case.attach": _case("添加扫描附件", "attach a scanned document",
                         INTAKE | CLINICIANS | {"records_officer"}),
    "plan.write": _case("制定或修订治疗方案", "write or revise the treatment plan",
                        frozenset({"physician"})),
    "prescription.write": _case("开具处方", "prescribe", frozenset({"physician"})),
    "session.record": _case("记录治疗", "record a session", CLINICIANS),
    "assessment.record": _case("录入评估", "record an assessment",
                               frozenset({"physician", "therapist"})),
    "consent.record": _case("录入目录外项目知情同意", "record an out-of-scope consent",
                            CLINICIANS | {"records_officer"}),
    "case.discharge": _case("办理出院", "discharge", frozenset({"physician"})),
    "case.archive": _case("归档", "archive", frozenset({"records_officer", "admin"})),
    "case.seal": _case("封存", "seal", frozenset({"records_officer", "admin"}),
                       frozenset({"draft", "archived"})),
    "case.delete": _case("删除病例", "delete a case", frozenset({"admin"})),
    "fee.charge": _case("计费", "charge fees", frozenset({"records_officer"}),
                        frozenset({"draft", "archived"})),
    # Settlement claims: the case's state decides (a discharge claim is often built after
    # archiving); whether the claim itself is a draft is the service's check.
    "claim.build": _case("生成结算申报", "build a settlement claim", SETTLEMENT, CLAIMABLE),
    "claim.finalize": _case("确认并冻结结算申报", "finalize (freeze) a claim", SETTLEMENT, CLAIMABLE),
    "claim.export": _case("标记结算申报已导出", "mark a claim exported", SETTLEMENT, CLAIMABLE),
    "claim.correct": _case("更正已确认的结算申报", "correct a final claim", SETTLEMENT, CLAIMABLE),
    "archive.export": _case("导出病例档案", "export a case's archive",
                            frozenset({"records_officer", "admin"}),
                            frozenset({"draft", "archived", "sealed"})),
    "retention.hold": _case("设置或解除法律保全", "place or lift a legal hold",
                            frozenset({"records_officer", "admin"}),
                            frozenset({"archived", "sealed"})),
    "retention.extend": _case("延长保管期限", "extend the retention period",
                              frozenset({"admin"}), frozenset({"archived", "sealed"})),
    # Signatures and corrections of single records.
    "record.sign": _record("工作人员签名", "sign as staff", CLINICIANS | {"records_officer"},
                           SIGNABLE_STATES),
    "record.cosign": _record("上级审核签名", "co-sign as reviewer",
                             frozenset({"physician", "therapist"}), SIGNABLE_STATES),
    "record.patient_sign": _record("采集患者签名", "take the patient's signature",
                                   CLINICIANS | {"records_officer"}, SIGNABLE_STATES),
    "record.amend": _record("提交更正", "amend a record", frozenset({"physician", "therapist"}),
                            frozenset({"signed", "archived"})),
    "record.approve_amendment": Rule("批准归档记录的更正", "approve an amendment of an "
                                     "archived record", "archived_record", frozenset({"admin"}),
                                     frozenset({"archived"})),
    # The archive as a whole.
    "user.manage": _archive("管理用户", "manage users", frozenset({"admin"})),
    "settings.edit": _archive("修改机构设置", "change the institution settings",
                              frozenset({"admin"})),
    "catalogue.import": _archive("导入收费目录", "import a catalogue", frozenset({"admin"})),
    "audit.view": _archive("查看审计记录", "view the audit trail",
                           frozenset({"admin", "records_officer"})),
    "retention.report": _archive("查看保管期限", "list retention", frozenset({"admin",
                                                                       "records_officer"})),
    "disposal.propose": _archive("提出销毁鉴定", "propose a disposal",
                                 frozenset({"records_officer", "admin"})),
    "disposal.approve": _archive("批准销毁", "approve a disposal", frozenset({"admin"})),
    "disposal.witness": _archive("监销签名", "witness a disposal", EVERYONE),
    "disposal.execute": _archive("执行销毁", "carry out a disposal",
                                 frozenset({"records_officer", "admin"})),
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
