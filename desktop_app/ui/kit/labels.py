"""Chinese display labels for stored codes, marked for translation: show them with
``ui.kit.i18n.tr`` (the dictionaries keep the Chinese source text)."""

from desktop_app.domain.permissions import ROLE_LABELS
from desktop_app.ui.kit.i18n import QT_TR_NOOP, QT_TRANSLATE_NOOP, pick

STATUS = {
    "registered": QT_TR_NOOP("待核准"),
    "approved": QT_TR_NOOP("已核准"),
    "admitted": QT_TR_NOOP("康复中"),
    "discharged": QT_TR_NOOP("已出院"),
}
STAGE = {
    "ACUTE": QT_TR_NOOP("急性期"),
    "STABLE": QT_TR_NOOP("稳定期"),
    "MAINT": QT_TR_NOOP("维持期"),
    "RECUR": QT_TR_NOOP("旧伤复发"),
}
# The modes of rehabilitation a case or a value report names (domain.vocabulary.MODES).
MODE = {
    "early_intervention": QT_TR_NOOP("早期介入"),
    "tcm": QT_TR_NOOP("中医/蒙医"),
    "psychological": QT_TR_NOOP("心理康复"),
    "assistive_devices": QT_TR_NOOP("辅助器具配置"),
    "vocational": QT_TR_NOOP("职业康复"),
    "rehab_first": QT_TR_NOOP("先康复后鉴定"),
}
SETTING = {
    "inpatient": QT_TR_NOOP("住院"),
    "outpatient": QT_TR_NOOP("门诊"),
    "community": QT_TR_NOOP("社区"),
    "home": QT_TR_NOOP("居家"),
}
TIMELINE_KIND = {
    "injury": QT_TR_NOOP("工伤"),
    "registration": QT_TR_NOOP("登记"),
    "approval": QT_TR_NOOP("核准"),
    "admission": QT_TR_NOOP("入院"),
    "plan": QT_TR_NOOP("方案"),
    "session": QT_TR_NOOP("治疗"),
    "assessment": QT_TR_NOOP("评估"),
    "discharge": QT_TR_NOOP("出院"),
    "prescription": QT_TR_NOOP("处方"),
    "leave": QT_TR_NOOP("请假"),
    "expert": QT_TR_NOOP("专家评估"),
    "device": QT_TR_NOOP("辅助器具"),
    "value_report": QT_TR_NOOP("价值评估"),
    "notice": QT_TR_NOOP("终止通知"),
    "transfer": QT_TR_NOOP("转院"),
    "follow_up": QT_TR_NOOP("随访"),
}
# The phases share words with the case states (康复中): their own context.
PHASE = {
    "pre": QT_TRANSLATE_NOOP("phase", "康复前"),
    "mid": QT_TRANSLATE_NOOP("phase", "康复中"),
    "post": QT_TRANSLATE_NOOP("phase", "康复后"),
    "other": QT_TRANSLATE_NOOP("phase", "其他"),
}
END_REASON = {
    "completed": QT_TR_NOOP("康复计划完成"),
    "no_further_benefit": QT_TR_NOOP("无进一步康复效果"),
    "non_cooperation": QT_TR_NOOP("不配合治疗"),
    "transfer_out": QT_TR_NOOP("转出"),
    "death": QT_TR_NOOP("死亡"),
    "other": QT_TR_NOOP("其他"),
}


def role_name(role: str) -> str:
    """A staff role in the interface's language (the permission table names each role)."""
    return pick(*ROLE_LABELS.get(role, (role, role)))
