"""The indicators of the institution's annual evaluation, computed from plain rows.

Each function counts one period and returns :class:`Figure`s whose ``case_ids`` are the
cases behind the figure. ``build_groups`` counts the period and the same period a year
before and puts last year's value beside each figure. Definitions, the rule that places a
case in a period and the text asking for each indicator: ``docs/statistics.md``.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.claim_states import AnswerKind
from desktop_app.domain.reference import FEE_CATEGORY_LABELS, injury_categories
from desktop_app.domain.rules.limits import LIMIT_LABELS
from desktop_app.domain.rules.packs import REGIONS
from desktop_app.domain.statistics.report import Figure, Filters, Group, Number, Period, Series
from desktop_app.domain.statistics.rows import (
    AssessmentRow,
    CaseRow,
    CostRow,
    StatsRows,
)
from desktop_app.domain.vocabulary import (
    END_REASON_ZH,
    END_REASONS,
    RETURNED_TO_WORK,
    SETTING_ZH,
    SETTINGS,
    STAGE_ZH,
    STAGES,
    CoverageClass,
)
from desktop_app.domain.vocational import goal_met

READMISSION_DAYS = 90
LOS_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (1, 14, "1–14天"), (15, 30, "15–30天"), (31, 60, "31–60天"), (61, 90, "61–90天"),
    (91, 180, "91–180天"), (181, None, "180天以上"))
PAYER_ZH: Mapping[str, str] = {
    CoverageClass.FUND: "工伤保险基金", CoverageClass.SELF_PAID: "个人自付（知情同意）",
    CoverageClass.INSTITUTION: "协议机构承担", CoverageClass.WORKER: "职工个人承担",
    CoverageClass.EXCLUDED: "不予支付", CoverageClass.PENDING: "待审核（未申报）"}
PAYER_EN: Mapping[str, str] = {
    CoverageClass.FUND: "work-injury fund", CoverageClass.SELF_PAID: "self-paid (consent)",
    CoverageClass.INSTITUTION: "institution", CoverageClass.WORKER: "worker",
    CoverageClass.EXCLUDED: "not paid", CoverageClass.PENDING: "pending (not claimed)"}
CENT = Decimal("0.01")
NO_FILTERS = Filters()  # every case


# ---- helpers ---------------------------------------------------------------------------------

def in_period(day: date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``share`` of the values
    at or below it (P90 of 1…10 is 9)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered) - 1e-9))
    return float(ordered[rank - 1])


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def share(part: int, whole: int) -> float | None:
    """A percentage, one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ids(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))


def figure(key: str, zh: str, en: str, value: Number | None, unit: tuple[str, str] = ("", ""),
           case_ids: Iterable[int] = ()) -> Figure:
    return Figure(key, zh, en, value, unit[0], unit[1], case_ids=ids(case_ids))


CASES, DAYS, YUAN, PERCENT, TIMES = ("例", "cases"), ("天", "days"), ("元", "yuan"), ("%", "%"), \
    ("次", "sessions")


def selected(rows: StatsRows, filters: Filters) -> dict[int, CaseRow]:
    """The cases the filters keep, by id: with a therapist, the cases with a session of theirs
    (in any period: a case they treated last year is still theirs when it is discharged)."""
    treated = None if filters.therapist is None else {
        s.case_id for s in rows.sessions if s.therapist_id == filters.therapist}
    return {c.case_id: c for c in rows.cases
            if (filters.stage is None or c.stage == filters.stage)
            and (filters.setting is None or c.setting == filters.setting)
            and (filters.category is None or c.category == filters.category)
            and (treated is None or c.case_id in treated)}


def admitted(cases: Mapping[int, CaseRow], period: Period) -> list[CaseRow]:
    return [c for c in cases.values() if in_period(c.admission, period)]


def discharged(cases: Mapping[int, CaseRow], period: Period) -> list[CaseRow]:
    return [c for c in cases.values() if in_period(c.discharge, period)]


def region_label(code: str) -> tuple[str, str]:
    return REGIONS.get(code, (code, code))


# ---- volumes ---------------------------------------------------------------------------------

def _by(prefix: str, verb: tuple[str, str], cases: Sequence[CaseRow], attribute: str,
        codes: Sequence[str], labels: Callable[[str], tuple[str, str]],
        dimension: tuple[str, str]) -> list[Figure]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for c in cases:
        grouped[getattr(c, attribute)].append(c.case_id)
    return [figure(f"{prefix}_{attribute}_{code}", f"{verb[0]}（{dimension[0]}：{labels(code)[0]}）",
                   f"{verb[1]} ({dimension[1]}: {labels(code)[1]})", len(grouped.get(code, ())), CASES,
                   grouped.get(code, ())) for code in codes]


def category_label(code: str) -> tuple[str, str]:
    """A disease category as a reader knows it: ``WI05 脊髓损伤`` (the reference data names
    the categories in Chinese only, so the English label is the code)."""
    names = {kind.code: kind.name_zh for kind in injury_categories()}
    return (f"{code} {names[code]}" if code in names else code), code


def volume_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Cases admitted (by admission date) and discharged (by discharge date), in all and by
    stage, setting, disease category and region pack."""
    everyone = rows.cases
    categories = sorted({c.category for c in everyone})
    regions = sorted({c.region for c in everyone})
    out: list[Figure] = []
    for prefix, verb, chosen in (("admitted", ("入院", "admitted"), admitted(cases, period)),
                                 ("discharged", ("出院", "discharged"), discharged(cases, period))):
        out.append(figure(f"{prefix}", f"{verb[0]}病例数", f"cases {verb[1]}", len(chosen), CASES,
                          (c.case_id for c in chosen)))
        out += _by(prefix, verb, chosen, "stage", STAGES, lambda k: (STAGE_ZH.get(k, k), k),
                   ("分期", "stage"))
        out += _by(prefix, verb, chosen, "setting", SETTINGS, lambda k: (SETTING_ZH.get(k, k), k),
                   ("方式", "setting"))
        out += _by(prefix, verb, chosen, "category", categories, category_label, ("病种", "category"))
        out += _by(prefix, verb, chosen, "region", regions, region_label, ("地区政策", "region pack"))
    return out


# ---- length of stay ---------------------------------------------------------------------------

def los_figures(cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Length of stay of the cases discharged in the period (admission known)."""
    stays = [(c.case_id, c.length_of_stay) for c in discharged(cases, period) if c.length_of_stay]
    values = [float(v) for _, v in stays if v is not None]
    behind = [i for i, _ in stays]
    p90 = percentile(values, 0.9)
    return [
        figure("los_mean", "平均住院（康复）天数", "mean length of stay", mean(values), DAYS, behind),
        figure("los_median", "住院天数中位数", "median length of stay", median(values), DAYS, behind),
        figure("los_p90", "住院天数第90百分位", "length of stay, 90th percentile", p90, DAYS,
               [i for i, v in stays if p90 is not None and v is not None and v >= p90]),
    ]


def los_distribution(cases: Mapping[int, CaseRow], period: Period) -> list[tuple[str, Number]]:
    counts = Counter[str]()
    for c in discharged(cases, period):
        los = c.length_of_stay
        if los is None:
            continue
        for low, high, label in LOS_BUCKETS:
            if los >= low and (high is None or los <= high):
                counts[label] += 1
    return [(label, counts[label]) for _, _, label in LOS_BUCKETS]


# ---- costs ------------------------------------------------------------------------------------

def cost_per_case(costs: Iterable[CostRow], case_ids: Iterable[int]) -> dict[int, Decimal]:
    """Every fee line of each case, whatever its date, added up."""
    wanted = set(case_ids)
    totals: dict[int, Decimal] = {i: Decimal(0) for i in wanted}
    for row in costs:
        if row.case_id in wanted:
            totals[row.case_id] += row.amount
    return totals


def cost_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Costs by fee date (category, payer, share paid by the fund) and per discharged case
    and per day of stay (every line of the cases discharged in the period)."""
    in_window = [r for r in rows.costs if r.case_id in cases and in_period(r.day, period)]
    total = sum((r.amount for r in in_window), Decimal(0))
    out = [figure("cost_total", "费用总额（按费用发生月）", "costs (by month incurred)", money(total), YUAN,
                  (r.case_id for r in in_window))]
    for category, label in FEE_CATEGORY_LABELS.items():
        part = [r for r in in_window if r.category == category]
        out.append(figure(f"cost_category_{category}", f"费用：{label}", f"costs: {category}",
                          money(sum((r.amount for r in part), Decimal(0))), YUAN,
                          (r.case_id for r in part)))
    for payer in CoverageClass:
        part = [r for r in in_window if r.payer == payer]
        out.append(figure(f"cost_payer_{payer}", f"支付方：{PAYER_ZH[payer]}", f"payer: {PAYER_EN[payer]}",
                          money(sum((r.amount for r in part), Decimal(0))), YUAN,
                          (r.case_id for r in part)))
    decided = [r for r in in_window if r.payer != CoverageClass.PENDING]
    decided_total = sum((r.amount for r in decided), Decimal(0))
    fund = [r for r in decided if r.payer == CoverageClass.FUND]
    fund_total = sum((r.amount for r in fund), Decimal(0))
    out.append(figure("fund_share", "基金支付占比（已审核费用）", "share paid by the fund (decided costs)",
                      round(float(100 * fund_total / decided_total), 1) if decided_total else None,
                      PERCENT, (r.case_id for r in fund)))
    gone = [c for c in discharged(cases, period) if c.length_of_stay]
    per_case = cost_per_case(rows.costs, (c.case_id for c in gone))
    spent = sum(per_case.values(), Decimal(0))
    days = sum(c.length_of_stay or 0 for c in gone)
    out.append(figure("cost_per_case", "次均费用（出院病例）", "cost per discharged case",
                      money(spent / len(gone)) if gone else None, YUAN, per_case))
    out.append(figure("cost_per_day", "日均费用（出院病例）", "cost per day of stay (discharged cases)",
                      money(spent / days) if days else None, YUAN, per_case))
    by_category: dict[str, list[int]] = defaultdict(list)
    for c in gone:
        by_category[c.category].append(c.case_id)
    for category in sorted(by_category):
        chosen = by_category[category]
        amount = sum((per_case[i] for i in chosen), Decimal(0))
        out.append(figure(f"cost_per_case_{category}", f"次均费用（病种 {category_label(category)[0]}）",
                          f"cost per discharged case ({category})", money(amount / len(chosen)), YUAN,
                          chosen))
    return out


# ---- sessions ---------------------------------------------------------------------------------

def session_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period,
                    filters: Filters) -> list[Figure]:
    """Sessions (current records) dated in the period: per therapist, per treatment day and
    per therapist-day."""
    chosen = [s for s in rows.sessions if s.case_id in cases and in_period(s.day, period)
              and (filters.therapist is None or s.therapist_id == filters.therapist)]
    total = sum(s.sessions for s in chosen)
    therapists: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    per_therapist = Counter[int]()
    for s in chosen:
        therapists[s.therapist_id].append(s.case_id)
        names[s.therapist_id] = s.therapist_name
        per_therapist[s.therapist_id] += s.sessions
    worked = [w for w in rows.work_days if in_period(w.day, period)
              and (filters.stage is None or w.stage == filters.stage)
              and (filters.setting is None or w.setting == filters.setting)
              and (filters.category is None or w.category == filters.category)
              and (filters.therapist is None or w.therapist_id == filters.therapist)]
    days = {w.day for w in worked}
    therapist_days = {(w.therapist_id, w.day) for w in worked}
    behind = [s.case_id for s in chosen]
    out = [
        figure("sessions", "治疗次数", "sessions", total, TIMES, behind),
        figure("sessions_per_therapist", "人均治疗次数（每名治疗师）", "sessions per therapist",
               round(total / len(therapists), 1) if therapists else None, TIMES, behind),
        figure("sessions_per_day", "日均治疗次数（有治疗的日子）", "sessions per treatment day",
               round(total / len(days), 1) if days else None, TIMES, behind),
        figure("sessions_per_therapist_day", "治疗师日均治疗次数", "sessions per therapist per working day",
               round(total / len(therapist_days), 1) if therapist_days else None, TIMES, behind)]
    for therapist in sorted(therapists, key=lambda t: (-per_therapist[t], t)):
        out.append(figure(f"sessions_therapist_{therapist}", f"治疗次数：{names[therapist]}",
                          f"sessions: {names[therapist]}", per_therapist[therapist], TIMES,
                          therapists[therapist]))
    return out


# ---- outcomes ---------------------------------------------------------------------------------

def changes(assessments: Iterable[AssessmentRow], case_ids: Iterable[int]
            ) -> dict[str, dict[int, int]]:
    """Per instrument, per case: latest total − baseline total, the baseline being the first
    pre-treatment assessment (else the first), the latest the last one (as
    ``domain.outcome.trend``); only cases with two totals."""
    wanted = set(case_ids)
    history: dict[tuple[str, int], list[AssessmentRow]] = defaultdict(list)
    for a in assessments:
        if a.case_id in wanted and a.total is not None:
            history[(a.instrument, a.case_id)].append(a)
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for (instrument, case_id), measures in history.items():
        if len(measures) < 2:
            continue
        measures.sort(key=lambda a: (a.day, a.assessment_id))
        baseline = next((m for m in measures if m.phase == "pre"), measures[0])
        latest = measures[-1]
        if latest is baseline:
            continue
        assert latest.total is not None and baseline.total is not None
        out[instrument][case_id] = latest.total - baseline.total
    return out


def improved_cases(rows: StatsRows, case_ids: Iterable[int]) -> set[int]:
    """Cases with at least one instrument whose change reaches its minimal difference."""
    found: set[int] = set()
    for instrument, by_case in changes(rows.assessments, case_ids).items():
        minimal = rows.minimal_difference.get(instrument)
        if minimal is not None:
            found |= {i for i, change in by_case.items() if rows.reached(instrument, change, minimal)}
    return found


def outcome_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Cases discharged in the period: improvement per instrument, end reasons, return to
    work, readmission within 90 days, extensions."""
    gone = discharged(cases, period)
    gone_ids = [c.case_id for c in gone]
    out: list[Figure] = []
    for instrument, by_case in sorted(changes(rows.assessments, gone_ids).items()):
        minimal = rows.minimal_difference.get(instrument)
        values = [float(v) for v in by_case.values()]
        out.append(figure(f"improvement_{instrument}_mean", f"{instrument} 平均改善（出院-入院）",
                          f"{instrument} mean change (post − pre)", mean(values), ("分", "points"), by_case))
        if minimal is not None:
            reached = [i for i, v in by_case.items() if rows.reached(instrument, v, minimal)]
            out.append(figure(f"improvement_{instrument}_reached",
                              f"{instrument} 达到最小差值（{minimal}分）占比",
                              f"{instrument} share reaching the minimal difference ({minimal})",
                              share(len(reached), len(by_case)), PERCENT, reached))
    reasons = Counter(c.end_reason for c in gone)
    for reason in END_REASONS:
        out.append(figure(f"end_reason_{reason}", f"结束原因：{END_REASON_ZH[reason]}",
                          f"end reason: {reason}",
                          reasons.get(reason, 0), CASES, (c.case_id for c in gone if c.end_reason == reason)))
    known = [c for c in gone if c.return_to_work is not None and c.return_to_work != "unknown"]
    back = [c.case_id for c in known if c.return_to_work in RETURNED_TO_WORK]
    out.append(figure("return_to_work_rate", "重返工作率（出院病例中就业状况已知者）",
                      "return-to-work rate (discharged cases with a known status)",
                      share(len(back), len(known)), PERCENT, back))
    out.append(figure("return_to_work_known", "就业状况已知的出院病例",
                      "discharged cases with a known work status",
                      len(known), CASES, (c.case_id for c in known)))
    # Vocational rehabilitation (issue 19): discharged cases with a vocational goal whose latest
    # known status reached it (domain.vocational.goal_met), of those with a known status.
    judged = [(c.case_id, met) for c in gone
              if (met := goal_met(c.vocational_goal, c.return_to_work)) is not None]
    out.append(figure("vocational_goal_met", "职业康复目标达成率（有职业康复目标且就业状况已知者）",
                      "vocational goal reached (cases with a vocational goal and a known status)",
                      share(sum(1 for _, met in judged if met), len(judged)), PERCENT,
                      (case_id for case_id, met in judged if met)))
    readmitted = readmissions(rows.cases, gone)
    out.append(figure("readmission_90", "90天内再入院率", "readmission within 90 days",
                      share(len(readmitted), len(gone)), PERCENT, readmitted))
    extended = [c.case_id for c in gone if c.extensions]
    out.append(figure("extensions_per_case", "例均延期次数", "extensions per case",
                      round(sum(c.extensions for c in gone) / len(gone), 2) if gone else None,
                      ("次", "extensions"), extended))
    return out


def readmissions(everyone: Iterable[CaseRow], gone: Iterable[CaseRow]) -> list[int]:
    """The discharged cases whose worker was admitted again within ``READMISSION_DAYS`` days
    after the discharge (0 to 90 days): by a later course linked to the case (a repeat course
    of the same injury names the case it follows, ``previous_case_id``), or by another case of
    the worker linked to none (a first course; cases registered before the link existed). A
    course linked to another case is that case's readmission, not this one's."""
    by_worker: dict[int, list[CaseRow]] = defaultdict(list)
    for c in everyone:
        if c.admission is not None:
            by_worker[c.worker_id].append(c)
    found = []
    for c in gone:
        assert c.discharge is not None
        for other in by_worker.get(c.worker_id, ()):
            assert other.admission is not None
            follows = other.previous_case_id in (None, c.case_id)
            if other.case_id != c.case_id and follows \
                    and 0 <= (other.admission - c.discharge).days <= READMISSION_DAYS:
                found.append(c.case_id)
                break
    return found


# ---- claims, signatures, limits ---------------------------------------------------------------

def claim_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """The agency's answers dated in the period: returns and deductions."""
    answers = [a for a in rows.answers if a.case_id in cases and in_period(a.day, period)]
    returned = [a for a in answers if a.kind == AnswerKind.RETURNED]
    deducted = [a for a in answers if a.kind == AnswerKind.DEDUCTION]
    paid = [a for a in answers if a.kind == AnswerKind.PAID]
    return [
        figure("claims_returned", "被退回的结算申报", "claims returned", len({a.claim_id for a in returned}),
               ("份", "claims"), (a.case_id for a in returned)),
        figure("deductions", "扣款笔数", "deductions", len(deducted), ("笔", "deductions"),
               (a.case_id for a in deducted)),
        figure("deduction_amount", "扣款金额", "amount deducted",
               money(sum((a.amount or Decimal(0) for a in deducted), Decimal(0))), YUAN,
               (a.case_id for a in deducted)),
        figure("paid_amount", "经办机构已支付", "amount paid by the agency",
               money(sum((a.amount or Decimal(0) for a in paid), Decimal(0))), YUAN,
               (a.case_id for a in paid)),
    ]


def signature_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Signatures on sessions and assessments whose event falls in the period."""
    out: list[Figure] = []
    for staff, side, side_en in ((False, "患者", "patient"), (True, "医务人员", "staff")):
        chosen = [s for s in rows.signatures
                  if s.staff is staff and s.case_id in cases and in_period(s.day, period)]
        late = [s for s in chosen if s.late]
        counted = sum(s.signatures for s in chosen)
        delay = sum(s.delay_days * s.signatures for s in chosen)
        key = "staff" if staff else "patient"
        out += [
            figure(f"signature_delay_{key}_mean", f"{side}签名平均延迟", f"{side_en} signature mean delay",
                   round(delay / counted, 2) if counted else None, DAYS, (s.case_id for s in late)),
            figure(f"signature_late_{key}", f"{side}签名超出时限占比", f"{side_en} signatures past the limit",
                   share(sum(s.signatures for s in late), counted), PERCENT, (s.case_id for s in late)),
            figure(f"signature_late_{key}_count", f"{side}签名超出时限次数",
                   f"{side_en} signatures past the limit (number)", sum(s.signatures for s in late),
                   ("次", "signatures"), (s.case_id for s in late))]
    return out


def limit_figures(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period) -> list[Figure]:
    """Sessions dated in the period on which recording found a limit broken (the region
    pack's and the catalogue's limits, ``domain.rules.limits.judge``)."""
    chosen = [r for r in rows.limits if r.case_id in cases and in_period(r.day, period)]
    out = [figure("limit_sessions", "触发限制提示的治疗次数", "sessions with a limit warning",
                  len({r.session_id for r in chosen}), TIMES, (r.case_id for r in chosen))]
    for flag, (zh, en) in LIMIT_LABELS.items():
        part = [r for r in chosen if r.flag == flag]
        out.append(figure(f"limit_{flag}", f"限制提示：{zh}", f"limit warning: {en}",
                          len({r.session_id for r in part}), TIMES, (r.case_id for r in part)))
    return out


# ---- the report -------------------------------------------------------------------------------

GROUPS: tuple[tuple[str, str, str, Callable[..., list[Figure]]], ...] = (
    ("volume", "病例数量", "cases", lambda rows, cases, period: volume_figures(rows, cases, period)),
    ("stay", "住院天数", "length of stay", lambda rows, cases, period: los_figures(cases, period)),
    ("cost", "费用", "costs", cost_figures),
    ("sessions", "治疗量", "sessions", session_figures),  # takes the filters
    ("outcome", "康复效果与转归", "outcomes", outcome_figures),
    ("claims", "结算审核", "claim answers", claim_figures),
    ("signatures", "签署时效", "signature delays", signature_figures),
    ("limits", "限制提示（地区政策与目录）", "limit warnings (region pack, catalogue)", limit_figures),
)


def months_of(period: Period) -> list[tuple[int, int]]:
    first = period.start.month
    last = period.end.month
    return [(period.year, m) for m in range(first, last + 1)]


def trend_points(rows: StatsRows, cases: Mapping[int, CaseRow], period: Period, what: str
                 ) -> tuple[tuple[str, Number], ...]:
    points: list[tuple[str, Number]] = []
    for year, month in months_of(period):
        one = Period(year, month=month)
        label = f"{month}月"
        if what == "admitted":
            points.append((label, len(admitted(cases, one))))
        elif what == "discharged":
            points.append((label, len(discharged(cases, one))))
        else:
            points.append((label, money(sum((r.amount for r in rows.costs if r.case_id in cases
                                              and r.year == year and r.month == month), Decimal(0)))))
    return tuple(points)


COMPARED = ("admitted", "discharged", "los_mean", "cost_per_case", "return_to_work_rate", "fund_share")


def build_groups(rows: StatsRows, period: Period, filters: Filters = NO_FILTERS) -> tuple[Group, ...]:
    """Every indicator for ``period``, each with the same period a year before."""
    cases = selected(rows, filters)
    before = period.last_year()
    groups = []
    for key, zh, en, compute in GROUPS:
        more = (filters,) if compute is session_figures else ()
        now = compute(rows, cases, period, *more)
        then = {f.key: f.value for f in compute(rows, cases, before, *more)}
        groups.append(Group(key, zh, en, tuple(replace(f, last_year=then.get(f.key)) for f in now)))
    by_key = {f.key: f for g in groups for f in g.figures}
    series = {
        "volume": (Series("trend_admitted", "每月入院病例", "cases admitted by month", "trend",
                          trend_points(rows, cases, period, "admitted"),
                          trend_points(rows, cases, before, "admitted")),
                   Series("trend_discharged", "每月出院病例", "cases discharged by month", "trend",
                          trend_points(rows, cases, period, "discharged"),
                          trend_points(rows, cases, before, "discharged")),
                   Series("comparison", "与上年同期比较", "compared with last year", "comparison",
                          tuple((by_key[k].label_zh, by_key[k].value or 0) for k in COMPARED),
                          tuple((by_key[k].label_zh, by_key[k].last_year or 0) for k in COMPARED))),
        "stay": (Series("los_distribution", "住院天数分布（出院病例）", "length of stay (discharged cases)",
                        "distribution", tuple(los_distribution(cases, period)),
                        tuple(los_distribution(cases, before))),),
        "cost": (Series("trend_cost", "每月费用", "costs by month", "trend",
                        trend_points(rows, cases, period, "cost"),
                        trend_points(rows, cases, before, "cost")),),
    }
    return tuple(replace(g, series=series.get(g.key, ())) for g in groups)
