"""A case's timeline entries (``services.clinical.case_view.case_timeline``) worded in the
interface's language: a title and a detail per entry, from the stored values."""

from __future__ import annotations

from desktop_app.services.clinical.case_view import TimelineEntry
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
}


def _worded(values: dict[str, str]) -> dict[str, str]:
    """Stored codes in the values as words."""
    words = dict(values)
    if "method" in words:
        words["method"] = tr(METHODS[words["method"]]) if words["method"] in METHODS else "—"
    if "phase" in words:
        words["phase"] = tr_in("phase", PHASE.get(words["phase"], words["phase"]))
    if "reason" in words:
        words["reason"] = tr(END_REASON.get(words["reason"], words["reason"] or "—"))
    return words


def timeline_text(entry: TimelineEntry) -> tuple[str, str]:
    """The entry's title and detail."""
    title, detail = TEXTS.get(entry.event, (entry.event, ""))
    words = _worded(entry.values)
    return tr(title).format(**words).strip(), tr(detail).format(**words).strip()
