"""A case's timeline entries (``services.clinical.case_view.case_timeline``) worded in the
interface's language: a title and a detail per entry, from the stored values."""

from __future__ import annotations

from desktop_app.services.clinical.case_view import TimelineEntry
from desktop_app.ui.clinical.follow_up_dialog import METHOD as CONTACT
from desktop_app.ui.clinical.follow_up_dialog import WORK_STATUS
from desktop_app.ui.clinical.notice_dialog import REASON as NOTICE_REASON
from desktop_app.ui.clinical.value_report_dialog import CONCLUSION
from desktop_app.ui.intake.admission_dialog import METHODS
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr, tr_in
from desktop_app.ui.kit.labels import END_REASON, PHASE

APPROVAL_DETAIL = QT_TR_NOOP("{body}；期限 {start} 至 {end}")
# event → (title, detail); "{…}" are the entry's values.
TEXTS = {
    "injury": (QT_TR_NOOP("受伤"), "{body_parts}"),
    "recognition": (QT_TR_NOOP("工伤认定"), "{number}"),
    "registration": (QT_TR_NOOP("康复登记"), "{case_number}"),
    "approval": (QT_TR_NOOP("核准 {number}"), APPROVAL_DETAIL),
    "extension": (QT_TR_NOOP("延期核准 {number}"), APPROVAL_DETAIL),
    "early_filing": (QT_TR_NOOP("早期介入备案 {number}"), APPROVAL_DETAIL),
    "admission": (QT_TR_NOOP("入院"), QT_TR_NOOP("身份核验：{method}")),
    "plan": (QT_TR_NOOP("治疗方案 第{version}版"),
             QT_TR_NOOP("{start} 至 {end}；{items} 项；预计费用 ¥{cost}")),
    "sessions": (QT_TR_NOOP("治疗 {rows} 项次（共 {total} 次）"), "{names}"),
    "assessment": (QT_TR_NOOP("{phase}评估 {instrument}"), QT_TR_NOOP("总分 {total} {grade}")),
    "discharge": (QT_TR_NOOP("出院"), QT_TR_NOOP("结束原因：{reason}")),
    "prescription": (QT_TR_NOOP("处方 {item}"), QT_TR_NOOP("{count} 次；{frequency}")),
    "leave": (QT_TR_NOOP("请假"), QT_TR_NOOP("{start} 至 {end}；{why}")),
    "expert_evaluation": (QT_TR_NOOP("专家评估"), QT_TR_NOOP("{experts}：{conclusion}")),
    "device_opinion": (QT_TR_NOOP("辅助器具配置意见"), "{device}"),
    "device_filing": (QT_TR_NOOP("辅助器具备案 {number}"), "{device}"),
    "device_fitting": (QT_TR_NOOP("配置辅助器具"), "{device}"),
    "device_adjustment": (QT_TR_NOOP("辅助器具调整"), "{device}"),
    "device_training": (QT_TR_NOOP("辅助器具使用训练"), "{device}"),
    "value_report": (QT_TR_NOOP("康复价值评估"), "{conclusion}"),
    "course_notice": (QT_TR_NOOP("终止康复治疗通知"), "{notice_reason}"),
    "transfer_out": (QT_TR_NOOP("转出"), QT_TR_NOOP("转往 {institution}；{why}")),
    "transfer_in": (QT_TR_NOOP("转入"), QT_TR_NOOP("来自 {institution}；{why}")),
    "follow_up": (QT_TR_NOOP("出院后随访"), QT_TR_NOOP("{contact}；{work}")),
}
FREE_TEXT = ("why", "conclusion", "experts")  # written by people: kept short in one row
FREE_TEXT_SHOWN = 40


def _worded(values: dict[str, str]) -> dict[str, str]:
    """Stored codes in the values as words."""
    words = dict(values)
    if "method" in words:
        words["method"] = tr(METHODS[words["method"]]) if words["method"] in METHODS else "—"
    if "phase" in words:
        words["phase"] = tr_in("phase", PHASE.get(words["phase"], words["phase"]))
    if "reason" in words:
        words["reason"] = tr(END_REASON.get(words["reason"], words["reason"] or "—"))
    for key, labels in (("contact", CONTACT), ("work", WORK_STATUS), ("notice_reason", NOTICE_REASON),
                        ("conclusion", CONCLUSION)):
        if words.get(key) in labels:
            words[key] = tr(labels[words[key]])
    for key in FREE_TEXT:
        text = " ".join((words.get(key) or "").split())
        if key in words:
            words[key] = text if len(text) <= FREE_TEXT_SHOWN else text[:FREE_TEXT_SHOWN - 1] + "…"
    return words


def timeline_text(entry: TimelineEntry) -> tuple[str, str]:
    """The entry's title and detail."""
    title, detail = TEXTS.get(entry.event, (entry.event, ""))
    words = _worded(entry.values)
    return tr(title).format(**words).strip(), tr(detail).format(**words).strip()
