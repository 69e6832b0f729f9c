"""Worklist alerts: what needs someone's attention in a case, decided from plain facts.

The thresholds: the approved period's end is announced 14 and 7 days ahead (an
extension needs a new approval before it ends, Luzhou Art. 8; costs beyond it are not
paid, Luzhou Art. 32(1)(10), Beijing Art. 15(3)); counts are flagged from 80 % of the
approved count; the mid-term assessment (康复中评估, Luzhou Art. 21) is due once the
stay passes the institution's setting. The plan's and each prescription's counts are
flagged from 80 %, at the count and beyond it; an inpatient day with no session, no
leave and not a rest day (挂床, ``domain.rules.limits.idle_days``) is flagged with the article of
the case's pack (``CaseFacts.bases``: the citation per topic, computed by the caller so
this module stays free of the database and of any one region).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.rules.limits import share_warning
from desktop_app.domain.vocabulary import (
    ACTIVE_CASE_STATUSES,
    CLOSED_CASE_STATES,
    FOLLOW_UP_MONTHS,
    CaseStatus,
    State,
)

PERIOD_WARNINGS = (14, 7)
COUNT_WARNING_SHARE = 0.8
ACTIVE = ACTIVE_CASE_STATUSES

# Severity: what must be done today first.
URGENT, WARNING, NOTICE = "urgent", "warning", "notice"


@dataclass(frozen=True)
class ItemCount:
    national_code: str
    name: str
    done: int
    approved: int | None  # None: no limit in the approval
    planned: int | None = None  # the current plan's count (None: not in the plan)


@dataclass(frozen=True)
class PrescriptionCount:
    prescription_id: int
    name: str
    done: int
    prescribed: int


IDLE_DAYS_SHOWN = 5  # the alert names the first few idle days


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    case_number: str
    patient_name: str
    status: str
    record_state: str
    admission_date: date | None
    approved_until: date | None
    phases_assessed: frozenset[str] = frozenset()
    unsigned_sessions: int = 0
    counts: tuple[ItemCount, ...] = field(default_factory=tuple)
    prescriptions: tuple[PrescriptionCount, ...] = ()
    idle_bed_days: tuple[date, ...] = ()
    # The case pack's citation (zh, en) per topic: "plan_count", "idle_bed".
    bases: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Follow-up after discharge: the discharge day and the milestones (months) recorded.
    discharge_date: date | None = None
    follow_ups_recorded: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Alert:
    kind: str
    severity: str
    case_id: int
    case_number: str
    patient_name: str
    zh: str
    en: str


def case_alerts(facts: CaseFacts, today: date, mid_assessment_after_days: int) -> list[Alert]:
    """Every alert of one case, most severe first."""
    found: list[tuple[str, str, str, str]] = []
    found += _period(facts, today)
    if facts.status == CaseStatus.ADMITTED:
        found += _mid_assessment(facts, today, mid_assessment_after_days)
        found += _counts(facts)
        found += _plan_counts(facts)
        found += _idle_bed(facts)
    if facts.unsigned_sessions:
        found.append(("unsigned_sessions", WARNING,
                      f"{facts.unsigned_sessions} 条治疗记录待患者签名",
                      f"{facts.unsigned_sessions} session(s) await the patient's signature"))
    if facts.status == CaseStatus.DISCHARGED and facts.record_state not in CLOSED_CASE_STATES:
        found.append(("not_archived", NOTICE, "已出院，尚未归档", "Discharged but not archived yet"))
    if facts.status == CaseStatus.DISCHARGED and facts.record_state != State.SEALED:
        found += _follow_ups(facts, today)
    order = {URGENT: 0, WARNING: 1, NOTICE: 2}
    found.sort(key=lambda f: order[f[1]])
    return [Alert(kind, severity, facts.case_id, facts.case_number, facts.patient_name, zh, en)
            for kind, severity, zh, en in found]


def _period(facts: CaseFacts, today: date) -> list[tuple[str, str, str, str]]:
    if facts.status not in ACTIVE or facts.approved_until is None:
        return []
    left = (facts.approved_until - today).days
    if left < 0:
        return [("period_ended", URGENT, f"核准期限已于 {facts.approved_until} 届满",
                 f"The approved period ended on {facts.approved_until}")]
    for days, severity in zip(sorted(PERIOD_WARNINGS), (URGENT, WARNING), strict=True):
        if left <= days:
            return [(f"period_ends_{days}", severity,
                     f"核准期限 {left} 天后届满（{facts.approved_until}）",
                     f"The approved period ends in {left} day(s) ({facts.approved_until})")]
    return []


def _mid_assessment(facts: CaseFacts, today: date, after_days: int) -> list[tuple[str, str, str, str]]:
    if facts.admission_date is None or "mid" in facts.phases_assessed:
        return []
    stay = (today - facts.admission_date).days
    if stay < after_days:
        return []
    return [("mid_assessment_due", WARNING, f"住院已 {stay} 天，应做康复中评估",
             f"{stay} days since admission: the mid-term assessment is due")]


def _counts(facts: CaseFacts) -> list[tuple[str, str, str, str]]:
    found = []
    for item in facts.counts:
        if item.approved is None or item.approved <= 0:
            continue
        if item.done > item.approved:
            found.append(("count_exceeded", URGENT,
                          f"{item.name} 已做 {item.done} 次，超过核准的 {item.approved} 次",
                          f"{item.name}: {item.done} done, beyond the {item.approved} approved"))
        elif item.done >= COUNT_WARNING_SHARE * item.approved:
            found.append(("count_near", NOTICE,
                          f"{item.name} 已做 {item.done}/{item.approved} 次",
                          f"{item.name}: {item.done} of {item.approved} approved done"))
    return found


def _basis(facts: CaseFacts, topic: str) -> tuple[str, str]:
    zh, en = facts.bases.get(topic, ("", ""))
    return (f"（{zh}）" if zh else "", f" ({en})" if en else "")


def _plan_counts(facts: CaseFacts) -> list[tuple[str, str, str, str]]:
    """The plan's count of each item and each prescription's count: near, at, beyond."""
    zh_basis, en_basis = _basis(facts, "plan_count")
    severity = {"near": NOTICE, "at": WARNING, "beyond": URGENT}
    words = {"near": ("已达{whose}次数的 80%", "past 80 % of {whose_en} count"),
             "at": ("已达{whose}次数", "{whose_en} count reached"),
             "beyond": ("超出{whose}次数", "beyond {whose_en} count")}
    entries = [("plan", item.name, item.done, item.planned, "方案", "the plan's")
               for item in facts.counts]
    entries += [("prescription", p.name, p.done, p.prescribed, f"处方 #{p.prescription_id} ",
                 f"prescription #{p.prescription_id}'s") for p in facts.prescriptions]
    found = []
    for kind, name, done, limit, whose, whose_en in entries:
        share = share_warning(done, limit)
        if share is None:
            continue
        zh, en = words[share]
        found.append((f"{kind}_count_{share}", severity[share],
                      f"{name} 已做 {done}/{limit} 次：{zh.format(whose=whose)}{zh_basis}",
                      f"{name}: {done} of {limit} done: {en.format(whose_en=whose_en)}{en_basis}"))
    return found


def _idle_bed(facts: CaseFacts) -> list[tuple[str, str, str, str]]:
    if not facts.idle_bed_days:
        return []
    zh_basis, en_basis = _basis(facts, "idle_bed")
    days = facts.idle_bed_days
    shown = "、".join(str(d) for d in days[:IDLE_DAYS_SHOWN]) + ("等" if len(days) > IDLE_DAYS_SHOWN else "")
    shown_en = ", ".join(str(d) for d in days[:IDLE_DAYS_SHOWN]) + (
        " …" if len(days) > IDLE_DAYS_SHOWN else "")
    return [("idle_bed", WARNING,
             f"{len(days)} 个住院日无治疗、未请假（挂床）：{shown}{zh_basis}",
             f"{len(days)} inpatient day(s) with no session and no leave (idle bed): "
             f"{shown_en}{en_basis}")]


# Follow-up after discharge (出院随访) at 3, 6 and 12 months. A milestone's alert shows from
# its due day until a follow-up is recorded for it, or until the next milestone is due (a
# 3-month call is not asked for any more once the 6-month one is due); the 12-month one
# until 18 months after discharge. Recording a late follow-up stays possible.
FOLLOW_UP_LAST_MONTH = 18


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it has no such day
    (31 Jan + 3 months → 30 Apr)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def follow_up_due(discharge_date: date, months: int) -> date:
    """The day the ``months`` follow-up falls due."""
    return add_months(discharge_date, months)


def follow_ups_asked(discharge_date: date, recorded: frozenset[int], today: date) -> list[tuple[int, date]]:
    """The milestones (months, due day) whose follow-up is due today and not recorded."""
    ends = (*FOLLOW_UP_MONTHS[1:], FOLLOW_UP_LAST_MONTH)
    return [(months, follow_up_due(discharge_date, months))
            for months, until in zip(FOLLOW_UP_MONTHS, ends, strict=True)
            if months not in recorded
            and follow_up_due(discharge_date, months) <= today < follow_up_due(discharge_date, until)]


def _follow_ups(facts: CaseFacts, today: date) -> list[tuple[str, str, str, str]]:
    if facts.discharge_date is None:
        return []
    return [(f"follow_up_due_{months}", NOTICE,
             f"出院 {months} 个月随访已到期（{due}），尚未记录",
             f"The {months}-month follow-up after discharge is due ({due}) and not recorded yet")
            for months, due in follow_ups_asked(facts.discharge_date, facts.follow_ups_recorded, today)]
