"""The rehabilitation application (工伤康复申请): the materials each region's text asks for, and
the deadline by which the deciding body answers — per pack, never a union of regions.

Each text binds only its own region (DOMAIN.md); where a text is silent there is no checklist
item and no deadline (nothing is borrowed from another region):

* Luzhou (泸市人社规〔2025〕1号): materials, Art. 13 (一)–(四) — the application form, the
  injury recognition decision, a valid diagnosis certificate with the complete medical record,
  and for a repeat application the latest rehab value assessment report (item (五), "other
  materials the committee asks for", is not a fixed item). Deadline, Art. 12: the
  committee decides 「在受理之日起20日内」, 「必要时」 extended by 20 days — calendar days
  (the text says 日, not 工作日).
* Beijing (京人社工发〔2026〕1号): Art. 7 asks for the institution's 康复治疗建议 with the
  application; the district agency answers 「自受理申请之日起4个工作日内」 — working days.
  Other materials: silent.
* Baotou, Shandong, Ningxia and the national baseline: materials and deadline silent
  (``reference/region_rules.md`` §4): no checklist, no deadline.

The deadline runs from the day the application was accepted (受理), or, until that day is
known, from the day it was submitted. Working days are Monday to Friday, minus the public
holidays and plus the make-up working days (调休) the institution lists in its settings: the
app ships no holiday calendar (the State Council publishes one each year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from desktop_app.domain.rules.policy import BAOTOU, BEIJING, LUZHOU, Article, art, cite


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    zh: str
    en: str
    articles: tuple[Article, ...]
    # Only for some applications (a repeat application): may be marked not applicable.
    conditional: bool = False


@dataclass(frozen=True)
class AnswerDeadline:
    days: int
    working_days: bool  # True: 工作日; False: calendar days (日)
    extension_days: int = 0  # the text allows this much more "when necessary" (0: none)
    articles: tuple[Article, ...] = ()
    decider_zh: str = ""
    decider_en: str = ""


@dataclass(frozen=True)
class ApplicationRules:
    """What one region's text says of the application."""

    checklist: tuple[ChecklistItem, ...] = ()
    deadline: AnswerDeadline | None = None
    checklist_basis: tuple[Article, ...] = ()  # empty: the text is silent


_LZ13 = art(LUZHOU, "第十三条", "13")
_LZ12 = art(LUZHOU, "第十二条", "12")
_BJ7 = art(BEIJING, "第七条", "7")

SILENT = ApplicationRules()
RULES: Mapping[str, ApplicationRules] = MappingProxyType({
    "luzhou/2025-1": ApplicationRules(
        checklist=(
            ChecklistItem("application_form", "《工伤康复申请表》", "rehabilitation application form",
                          (art(LUZHOU, "第十三条第（一）项", "13(1)"),)),
            ChecklistItem("recognition_decision", "工伤认定决定书", "injury recognition decision",
                          (art(LUZHOU, "第十三条第（二）项", "13(2)"),)),
            ChecklistItem("diagnosis_records", "有效的诊断证明及完整病历资料",
                          "valid diagnosis certificate and the complete medical record",
                          (art(LUZHOU, "第十三条第（三）项", "13(3)"),)),
            ChecklistItem("latest_value_report", "最近一次康复价值评估报告（多次申请时）",
                          "latest rehab value assessment report (repeat applications)",
                          (art(LUZHOU, "第十三条第（四）项", "13(4)"),), conditional=True),
        ),
        deadline=AnswerDeadline(20, False, 20, (_LZ12,), "市劳动能力鉴定委员会",
                                "the city labour-ability appraisal committee"),
        checklist_basis=(_LZ13,)),
    "beijing/2026-1": ApplicationRules(
        checklist=(
            ChecklistItem("treatment_recommendation", "工伤康复机构出具的康复治疗建议",
                          "the institution's treatment recommendation", (_BJ7,)),
        ),
        deadline=AnswerDeadline(4, True, 0, (_BJ7,), "参保区经办机构", "the district agency"),
        checklist_basis=(_BJ7,)),
})


def rules_for(pack_code: str) -> ApplicationRules:
    """The application rules of the pack (the text it was built from); silent: none."""
    return RULES.get(pack_code, SILENT)


def add_working_days(start: date, days: int, holidays: Iterable[date] = (),
                     workdays: Iterable[date] = ()) -> date:
    """The ``days``-th working day after ``start`` (Mon–Fri, minus ``holidays``, plus the
    make-up ``workdays``)."""
    off, on = set(holidays), set(workdays)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if day in on or (day.weekday() < 5 and day not in off):
            counted += 1
    return day


def answer_due(deadline: AnswerDeadline, start: date, holidays: Iterable[date] = (),
               workdays: Iterable[date] = (), *, extended: bool = False) -> date:
    """The last day the deciding body may answer, counted from ``start`` (受理; the day
    itself not counted); ``extended``: with the extension the text allows."""
    days = deadline.days + (deadline.extension_days if extended else 0)
    if deadline.working_days:
        return add_working_days(start, days, holidays, workdays)
    return start + timedelta(days=days)


def deadline_text(deadline: AnswerDeadline | None) -> tuple[str, str]:
    """The rule in words, with its articles (zh, en)."""
    if deadline is None:
        return ("本地区办法未规定答复期限", "the region's text sets no answer deadline")
    basis_zh, basis_en = cite(deadline.articles)
    unit_zh, unit_en = ("个工作日", "working days") if deadline.working_days else ("日", "calendar days")
    more_zh = f"，必要时可延长 {deadline.extension_days} 日" if deadline.extension_days else ""
    more_en = f", extendable by {deadline.extension_days} when necessary" if deadline.extension_days else ""
    return (f"{deadline.decider_zh}自受理之日起 {deadline.days} {unit_zh}内答复{more_zh}（{basis_zh}）",
            f"{deadline.decider_en} answers within {deadline.days} {unit_en} of acceptance{more_en} "
            f"({basis_en})")


# The agreement (协议) with the agency: warned 90 and 30 days before it ends, urgent once
# ended; a claim dated after its end is refused (the agreement term: Baotou Art. 5 one
# year, Luzhou Art. 19 two years; costs at a non-agreement institution are not paid,
# Luzhou Art. 32(2), Beijing Art. 15(3)).
AGREEMENT_WARNINGS = (90, 30)
# What each region's own text says of costs outside an agreement, cited by the claim gate's
# refusal of a claim dated after the agreement's end (other texts: nothing is cited).
AGREEMENT_BASIS: Mapping[str, tuple[Article, ...]] = MappingProxyType({
    "luzhou/2025-1": (art(LUZHOU, "第十九条", "19"), art(LUZHOU, "第三十二条第（二）项", "32(2)")),
    "beijing/2026-1": (art(BEIJING, "第十五条第（三）项", "15(3)"),),
    "baotou/2025-1": (art(BAOTOU, "第五条", "5"),),
})


def agreement_warning(valid_to: date | None, today: date) -> tuple[str, str, str, str] | None:
    """(kind, severity, zh, en) of the agreement's end, or None (far off or not set)."""
    if valid_to is None:
        return None
    left = (valid_to - today).days
    if left < 0:
        return ("agreement_ended", "urgent",
                f"本机构工伤康复服务协议已于 {valid_to} 到期，到期后的费用不能申报",
                f"The institution's agreement with the agency ended on {valid_to}: "
                "costs after it cannot be claimed")
    for days in sorted(AGREEMENT_WARNINGS):
        if left <= days:
            return (f"agreement_ends_{days}", "warning",
                    f"本机构工伤康复服务协议 {left} 天后到期（{valid_to}），请及时续签",
                    f"The institution's agreement with the agency ends in {left} day(s) "
                    f"({valid_to}): renew it in time")
    return None
