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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop_app.clock import CHINA
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

# Urgency (紧急 / 注意 / 提示): what must be done first. URGENT: money or a rule is already
# lost or about to be (the approved period over, a count used up or exceeded); WARNING: due
# now or soon (7 days or less, a signature or assessment missing); NOTICE: to plan for (14
# days ahead, a follow-up, archiving). OK: a system check that is fine (the administrator's
# system-health list only).
URGENT, WARNING, NOTICE, OK = "urgent", "warning", "notice", "ok"
LEVELS = (URGENT, WARNING, NOTICE, OK)
RANK = {level: rank for rank, level in enumerate(LEVELS)}


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
    """One line of a home list: an alert of a case, a task, or a system check.

    ``on`` is the day it concerns (a deadline, a due day, the first idle day; None: no
    particular day); ``opens`` names the screen behind a line without a case (``case_id``
    0): ``institution``, ``verify``… (the shell decides what each opens)."""

    kind: str
    severity: str
    case_id: int
    case_number: str
    patient_name: str
    zh: str
    en: str
    on: date | None = None
    opens: str | None = None


def by_urgency(alerts: Iterable[Alert]) -> list[Alert]:
    """Most urgent first; within a level the earliest day first (a line without a day after
    those with one), then by case number: what to do first is on top."""
    return sorted(alerts, key=lambda a: (RANK[a.severity], a.on is None, a.on or date.min,
                                         a.case_number, a.kind))


Found = tuple[str, str, str, str, date | None]  # kind, severity, zh, en, day


def case_alerts(facts: CaseFacts, today: date, mid_assessment_after_days: int) -> list[Alert]:
    """Every alert of one case, most severe first."""
    found: list[Found] = []
    found += _period(facts, today)
    if facts.status == CaseStatus.ADMITTED:
        found += _mid_assessment(facts, today, mid_assessment_after_days)
        found += _counts(facts)
        found += _plan_counts(facts)
        found += _idle_bed(facts)
    if facts.unsigned_sessions:
        found.append(("unsigned_sessions", WARNING,
                      f"{facts.unsigned_sessions} 条治疗记录待患者签名",
                      f"{facts.unsigned_sessions} session(s) await the patient's signature", None))
    if facts.status == CaseStatus.DISCHARGED and facts.record_state not in CLOSED_CASE_STATES:
        found.append(("not_archived", NOTICE, "已出院，尚未归档", "Discharged but not archived yet",
                      facts.discharge_date))
    if facts.status == CaseStatus.DISCHARGED and facts.record_state != State.SEALED:
        found += _follow_ups(facts, today)
    return by_urgency(Alert(kind, severity, facts.case_id, facts.case_number, facts.patient_name,
                            zh, en, on) for kind, severity, zh, en, on in found)


def _period(facts: CaseFacts, today: date) -> list[Found]:
    if facts.status not in ACTIVE or facts.approved_until is None:
        return []
    until = facts.approved_until
    left = (until - today).days
    if left < 0:
        return [("period_ended", URGENT, f"核准期限已于 {until} 届满",
                 f"The approved period ended on {until}", until)]
    for days, severity in zip(sorted(PERIOD_WARNINGS), (WARNING, NOTICE), strict=True):
        if left <= days:
            return [(f"period_ends_{days}", severity,
                     f"核准期限 {left} 天后届满（{until}）",
                     f"The approved period ends in {left} day(s) ({until})", until)]
    return []


def _mid_assessment(facts: CaseFacts, today: date, after_days: int) -> list[Found]:
    if facts.admission_date is None or "mid" in facts.phases_assessed:
        return []
    stay = (today - facts.admission_date).days
    if stay < after_days:
        return []
    return [("mid_assessment_due", WARNING, f"住院已 {stay} 天，应做康复中评估",
             f"{stay} days since admission: the mid-term assessment is due",
             facts.admission_date + timedelta(days=after_days))]


def _counts(facts: CaseFacts) -> list[Found]:
    """The approved counts: beyond and used up are urgent (nothing more is paid), from
    80 % a warning."""
    found: list[Found] = []
    for item in facts.counts:
        if item.approved is None or item.approved <= 0:
            continue
        if item.done > item.approved:
            found.append(("count_exceeded", URGENT,
                          f"{item.name} 已做 {item.done} 次，超过核准的 {item.approved} 次",
                          f"{item.name}: {item.done} done, beyond the {item.approved} approved", None))
        elif item.done == item.approved:
            found.append(("count_used_up", URGENT,
                          f"{item.name} 已做 {item.done}/{item.approved} 次：核准次数已用完",
                          f"{item.name}: {item.done} of {item.approved} done: the approved count "
                          "is used up", None))
        elif item.done >= COUNT_WARNING_SHARE * item.approved:
            found.append(("count_near", WARNING,
                          f"{item.name} 已做 {item.done}/{item.approved} 次",
                          f"{item.name}: {item.done} of {item.approved} approved done", None))
    return found


def _basis(facts: CaseFacts, topic: str) -> tuple[str, str]:
    zh, en = facts.bases.get(topic, ("", ""))
    return (f"（{zh}）" if zh else "", f" ({en})" if en else "")


def _plan_counts(facts: CaseFacts) -> list[Found]:
    """The plan's count of each item and each prescription's count: near (a warning), at
    and beyond (urgent: the count is used up)."""
    zh_basis, en_basis = _basis(facts, "plan_count")
    severity = {"near": WARNING, "at": URGENT, "beyond": URGENT}
    words = {"near": ("已达{whose}次数的 80%", "past 80 % of {whose_en} count"),
             "at": ("已达{whose}次数", "{whose_en} count reached"),
             "beyond": ("超出{whose}次数", "beyond {whose_en} count")}
    entries = [("plan", item.name, item.done, item.planned, "方案", "the plan's")
               for item in facts.counts]
    entries += [("prescription", p.name, p.done, p.prescribed, f"处方 #{p.prescription_id} ",
                 f"prescription #{p.prescription_id}'s") for p in facts.prescriptions]
    found: list[Found] = []
    for kind, name, done, limit, whose, whose_en in entries:
        share = share_warning(done, limit)
        if share is None:
            continue
        zh, en = words[share]
        found.append((f"{kind}_count_{share}", severity[share],
                      f"{name} 已做 {done}/{limit} 次：{zh.format(whose=whose)}{zh_basis}",
                      f"{name}: {done} of {limit} done: {en.format(whose_en=whose_en)}{en_basis}",
                      None))
    return found


def _idle_bed(facts: CaseFacts) -> list[Found]:
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
             f"{shown_en}{en_basis}", days[0])]


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


def _follow_ups(facts: CaseFacts, today: date) -> list[Found]:
    if facts.discharge_date is None:
        return []
    return [(f"follow_up_due_{months}", NOTICE,
             f"出院 {months} 个月随访已到期（{due}），尚未记录",
             f"The {months}-month follow-up after discharge is due ({due}) and not recorded yet", due)
            for months, due in follow_ups_asked(facts.discharge_date, facts.follow_ups_recorded, today)]


# --- the physician's home: assessments and plans due ---------------------------------------

POST_ASSESSMENT_DAYS = 7  # the post assessment (康复后评估) is asked for a week before the period ends


@dataclass(frozen=True)
class DueFacts:
    """What a physician's home reads of one open case."""

    case_id: int
    case_number: str
    patient_name: str
    status: str
    record_state: str
    admission_date: date | None
    approved_until: date | None
    phases_assessed: frozenset[str] = frozenset()
    has_plan: bool = False
    plan_unsigned: bool = False  # the current plan's version is not signed yet
    plan_patient_unsigned: bool = False  # signed by staff, not yet by the patient side
    prescriptions_unsigned: int = 0  # current prescriptions not signed yet
    discharge_date: date | None = None


def physician_due(facts: DueFacts, today: date, mid_assessment_after_days: int) -> list[Alert]:
    """The assessments (pre, mid, post), plans, prescriptions and extensions a physician
    has to see to in one case, most urgent first."""
    found: list[Found] = []
    until = facts.approved_until
    left = (until - today).days if until is not None else None
    if facts.status == CaseStatus.ADMITTED:
        if "pre" not in facts.phases_assessed:
            found.append(("pre_assessment_due", WARNING, "入院后尚无康复前评估",
                          "No pre-rehabilitation assessment since admission", facts.admission_date))
        found += _mid_assessment(CaseFacts(facts.case_id, facts.case_number, facts.patient_name,
                                           facts.status, facts.record_state, facts.admission_date,
                                           until, facts.phases_assessed),
                                 today, mid_assessment_after_days)
        if left is not None and left <= POST_ASSESSMENT_DAYS and "post" not in facts.phases_assessed:
            found.append(("post_assessment_due", URGENT, f"核准期限已于 {until} 届满，尚无康复后评估",
                          f"The approved period ended on {until} without a post-rehabilitation "
                          "assessment", until) if left < 0 else
                         ("post_assessment_due", WARNING, f"核准期限 {until} 届满前应做康复后评估",
                          f"The post-rehabilitation assessment is due before the period ends ({until})",
                          until))
        if not facts.has_plan:
            found.append(("plan_missing", WARNING, "尚无康复方案", "No treatment plan yet",
                          facts.admission_date))
        elif facts.plan_unsigned:
            found.append(("plan_to_sign", WARNING, "康复方案待签名", "The treatment plan awaits signing",
                          None))
        elif facts.plan_patient_unsigned:
            found.append(("plan_patient_sign", WARNING, "康复方案待患者签名",
                          "The treatment plan awaits the patient's signature", None))
        if facts.prescriptions_unsigned:
            found.append(("prescription_to_sign", WARNING,
                          f"{facts.prescriptions_unsigned} 张处方待签名",
                          f"{facts.prescriptions_unsigned} prescription(s) await signing", None))
    if facts.status in ACTIVE and until is not None and left is not None and left <= max(PERIOD_WARNINGS):
        if left < 0:
            found.append(("extension_overdue", URGENT,
                          f"核准期限已于 {until} 届满：继续治疗须有延期核准",
                          f"The approved period ended on {until}: further treatment needs an "
                          "approved extension", until))
        else:
            found.append(("extension_due", WARNING if left <= min(PERIOD_WARNINGS) else NOTICE,
                          f"核准期限 {left} 天后届满（{until}）：如需继续治疗，请申请延期",
                          f"The approved period ends in {left} day(s) ({until}): apply for an "
                          "extension if treatment should go on", until))
    if (facts.status == CaseStatus.DISCHARGED and facts.record_state not in CLOSED_CASE_STATES
            and "post" not in facts.phases_assessed):
        found.append(("post_assessment_missing", WARNING, "已出院，尚无康复后评估",
                      "Discharged without a post-rehabilitation assessment", facts.discharge_date))
    return by_urgency(Alert(kind, severity, facts.case_id, facts.case_number, facts.patient_name,
                            zh, en, on) for kind, severity, zh, en, on in found)


# --- the administrator's home: the system's health ------------------------------------------

BACKUP_WARN_DAYS, BACKUP_URGENT_DAYS = 7, 30  # days since the last backup
VERIFY_WARN_DAYS = 31  # days since the last clean check
AGREEMENT_DAYS = (30, 90)  # the agreement's end: a warning 30 days ahead, a notice 90
DISK_URGENT_BYTES, DISK_WARN_BYTES = 1 << 30, 5 << 30  # free space: under 1 GiB, under 5 GiB


@dataclass(frozen=True)
class HealthFacts:
    """What the administrator's home reads of the system."""

    last_backup_at: datetime | None
    last_verified_at: datetime | None  # the latest clean check recorded (a verified anchor)
    verified_mode: str | None  # full / incremental
    events_since_verified: int  # audit events chained after it (not yet checked)
    disk_free: int | None  # bytes free where the archive lives (None: not known here)
    disk_place: str  # that place, for people
    agreement_number: str | None
    agreement_valid_to: date | None
    late_signatures: int  # late signatures on the records of open (not archived) cases


def _day(moment: datetime) -> date:
    """The China-local day of a stored instant (aware UTC)."""
    return moment.astimezone(CHINA).date()


def _gib(count: int) -> str:
    return f"{count / (1 << 30):,.1f} GB"


def health_alerts(facts: HealthFacts, today: date) -> list[Alert]:
    """One line per check, each with its level (``OK`` when fine), most urgent first."""
    lines: list[tuple[str, str, str, str, str, str, date | None, str | None]] = []
    # kind, level, title zh, title en, zh, en, day, screen
    if facts.last_backup_at is None:
        lines.append(("backup", URGENT, "最近备份", "Last backup", "尚无备份记录",
                      "No backup recorded", None, "backup"))
    else:
        day = _day(facts.last_backup_at)
        age = (today - day).days
        level = URGENT if age > BACKUP_URGENT_DAYS else WARNING if age > BACKUP_WARN_DAYS else OK
        lines.append(("backup", level, "最近备份", "Last backup", f"{day}（{age} 天前）",
                      f"{day} ({age} day(s) ago)", day, "backup"))
    if facts.last_verified_at is None:
        lines.append(("verify", WARNING, "最近校验", "Last check", "尚无通过的校验记录",
                      "No passed check recorded", None, "verify"))
    else:
        day = _day(facts.last_verified_at)
        age = (today - day).days
        mode_zh = "完整校验" if facts.verified_mode == "full" else "增量校验"
        mode_en = "full check" if facts.verified_mode == "full" else "incremental check"
        since = facts.events_since_verified
        since_zh = f"；其后新增审计事件 {since:,} 条" if since else ""
        since_en = f"; {since:,} audit event(s) since" if since else ""
        lines.append(("verify", WARNING if age > VERIFY_WARN_DAYS else OK, "最近校验", "Last check",
                      f"{day} {mode_zh}通过（{age} 天前）{since_zh}",
                      f"{day}, {mode_en} passed ({age} day(s) ago){since_en}", day, "verify"))
    if facts.disk_free is None:
        lines.append(("disk", NOTICE, "磁盘空间", "Disk space", f"{facts.disk_place}：本机无法查看",
                      f"{facts.disk_place}: not visible from this PC", None, None))
    else:
        free = facts.disk_free
        level = URGENT if free < DISK_URGENT_BYTES else WARNING if free < DISK_WARN_BYTES else OK
        lines.append(("disk", level, "磁盘空间", "Disk space", f"{facts.disk_place}：可用 {_gib(free)}",
                      f"{facts.disk_place}: {_gib(free)} free", None, None))
    until = facts.agreement_valid_to
    if until is None:
        lines.append(("agreement", WARNING, "协议有效期", "Agreement", "未填写协议有效期",
                      "The agreement's end date is not entered", None, "institution"))
    else:
        left = (until - today).days
        number = f"{facts.agreement_number} " if facts.agreement_number else ""
        if left < 0:
            level, zh, en = URGENT, f"协议 {number}已于 {until} 到期", f"Agreement {number}expired on {until}"
        else:
            level = WARNING if left <= AGREEMENT_DAYS[0] else NOTICE if left <= AGREEMENT_DAYS[1] else OK
            zh = f"协议 {number}有效至 {until}（剩 {left} 天）"
            en = f"Agreement {number}valid to {until} ({left} day(s) left)"
        lines.append(("agreement", level, "协议有效期", "Agreement", zh, en, until, "institution"))
    late = facts.late_signatures
    lines.append(("late_signatures", WARNING if late else OK, "延迟签名", "Late signatures",
                  f"未归档病例中有 {late:,} 个签名超过签署时限" if late else "未归档病例中没有延迟签名",
                  f"{late:,} signature(s) beyond the limit in cases not archived" if late
                  else "No late signatures in cases not archived", None, None))
    return by_urgency(Alert(kind, level, 0, "", "", f"{title_zh}：{zh}", f"{title_en}: {en}", day, screen)
                      for kind, level, title_zh, title_en, zh, en, day, screen in lines)
