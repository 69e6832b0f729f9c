"""Who pays each fee line: the coverage rules, each citing the article it comes from.

Each rule is written once here: when it applies and what it says. Which rules apply, in
which class and citing which articles, is the region's pack (``domain.rules.packs``):
``classify`` tries the pack's rules in the pack's order and the first that applies
decides. The order matters where two rules could apply: the case-wide exclusions (no
approval, one-off subsidy taken) come first, then what happened after the course ended,
then the approved period, then what the charge is for, then scope (catalogue, approved
items, true records, catalogue limits, approved and planned counts).

Coverage classes:

* ``fund`` — paid by the work-injury insurance fund;
* ``self_paid`` — out of scope, used with written signed consent: the employer or the
  worker pays (only where the region's text says so: Luzhou Art. 31, which Luzhou's pack
  also applies to a catalogue item the approval does not cover, see docs/decisions.md);
* ``institution`` — borne by the institution (out of scope without consent, Luzhou Art.
  31; days after the course ended while it did not discharge, Beijing Art. 14);
* ``worker`` — borne by the worker (refused to leave after the course ended, Beijing
  Art. 14);
* ``excluded`` — the fund does not pay, for the reason given (who else pays is outside
  this claim).

Pure: the facts come in as plain dataclasses, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import periods_cover
from desktop_app.domain.rules.packs import PackRule, PolicyPack
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.vocabulary import CoverageClass, FeeCategory

COVERAGE_LABELS: dict[str, tuple[str, str]] = {
    CoverageClass.FUND: ("基金支付", "fund-payable"),
    CoverageClass.SELF_PAID: ("自付（已签字同意）", "self-paid with consent"),
    CoverageClass.INSTITUTION: ("机构承担", "borne by the institution"),
    CoverageClass.WORKER: ("职工承担", "borne by the worker"),
    CoverageClass.EXCLUDED: ("基金不予支付", "excluded")}
# What a charge is for, when that decides coverage (recorded with the charge).
CHARGE_KINDS = ("daily_necessity", "nursing", "non_injury_illness", "aggravation",
                "medical_accident")
OVERSTAY_CAUSES = ("institution", "worker_refused")


@dataclass(frozen=True)
class Consent:
    """A signed written consent to out-of-scope items (Luzhou Art. 31)."""

    consent_id: int
    codes: frozenset[str]
    signed_on: date


@dataclass(frozen=True)
class CaseFacts:
    setting: str  # inpatient / outpatient / community / home
    approved_periods: tuple[tuple[date, date], ...]  # approvals, extensions, early filings
    approved_codes: frozenset[str]  # items the approvals allow
    injured_body_parts: frozenset[str]
    course_ended_on: date | None = None  # plan completed or treatment ended
    overstay_cause: str | None = None  # why the stay went on after that (OVERSTAY_CAUSES)
    one_off_subsidy_on: date | None = None  # 一次性工伤医疗补助金 taken
    consents: tuple[Consent, ...] = ()


@dataclass(frozen=True)
class LineFacts:
    category: str  # rehab / medical / drug / bed / other
    national_code: str
    occurred_on: date
    in_catalogue: bool = True  # in the work-injury catalogues in force that day
    charge_kind: str | None = None
    body_part: str | None = None
    over_approved_count: bool = False  # a session past the approved count
    beyond_plan: bool = False  # a session past the plan's count for the item
    catalogue_limit: str | None = None  # max_per_day / max_per_course / indication broken
    record_conflict: str | None = None  # overlap / on_leave / outside_hours


@dataclass(frozen=True)
class Decision:
    coverage: CoverageClass
    rule: str
    zh: str
    en: str
    consent_id: int | None = None

    @property
    def reason(self) -> str:
        """As stored with the fee line: the reason and the articles, both languages."""
        return f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class CoverageRule:
    """A named rule, written once: when it applies and what it says. Its class and its
    articles come from the pack that lists it (``PackRule``)."""

    code: str
    zh: str
    en: str
    applies: Callable[[LineFacts, CaseFacts], bool]

    def decide(self, listed: PackRule, consent_id: int | None = None) -> Decision:
        zh, en = cite(listed.articles)
        return Decision(listed.coverage, self.code, f"{self.zh}（{zh}）", f"{self.en} ({en})",
                        consent_id)


def _after_end(line: LineFacts, case: CaseFacts) -> bool:
    return case.course_ended_on is not None and line.occurred_on > case.course_ended_on


def consent_for(line: LineFacts, case: CaseFacts) -> Consent | None:
    """The earliest signed consent covering the line's item on or before its date."""
    found = [c for c in case.consents
             if line.national_code in c.codes and c.signed_on <= line.occurred_on]
    return min(found, key=lambda c: (c.signed_on, c.consent_id)) if found else None


def _kind(kind: str) -> Callable[[LineFacts, CaseFacts], bool]:
    return lambda line, _case: line.charge_kind == kind


def _after_end_refused(line: LineFacts, case: CaseFacts) -> bool:
    return _after_end(line, case) and case.overstay_cause == "worker_refused"


def _unapproved_item(line: LineFacts, case: CaseFacts) -> bool:
    return line.category == FeeCategory.REHAB and line.national_code not in case.approved_codes


def _out_of_scope(line: LineFacts, _case: CaseFacts) -> bool:
    return not line.in_catalogue


RULES: tuple[CoverageRule, ...] = (
    CoverageRule("unapproved_case", "未经工伤康复确认（核准）的病例", "case not approved for rehabilitation",
                 lambda line, case: not case.approved_periods),
    CoverageRule("after_one_off_subsidy", "已领取一次性工伤医疗补助金",
                 "after the one-off work-injury medical subsidy was taken",
                 lambda line, case: case.one_off_subsidy_on is not None
                 and line.occurred_on >= case.one_off_subsidy_on),
    CoverageRule("refused_to_leave", "康复结束后职工拒不出院",
                 "the worker refused to leave after the course ended", _after_end_refused),
    CoverageRule("not_discharged_after_end", "康复结束后机构未及时办理出院",
                 "the institution did not discharge after the course ended", _after_end),
    CoverageRule("after_course_end", "工伤康复结束后发生的费用", "incurred after the course ended",
                 _after_end),
    CoverageRule("beyond_approved_period", "超出核准的工伤康复期",
                 "beyond the approved rehabilitation period",
                 lambda line, case: not periods_cover(list(case.approved_periods),
                                                      line.occurred_on, line.occurred_on)),
    CoverageRule("daily_necessities", "生活用品费用", "daily necessities", _kind("daily_necessity")),
    CoverageRule("nursing_during_inpatient_rehab", "住院康复期间的护理费用",
                 "nursing fees during inpatient rehabilitation",
                 lambda line, case: line.charge_kind == "nursing" and case.setting == "inpatient"),
    CoverageRule("non_injury_illness", "治疗非工伤引发的疾病",
                 "treatment of an illness not caused by the injury", _kind("non_injury_illness")),
    CoverageRule("non_injured_part", "治疗非工伤部位", "treatment of a part not injured at work",
                 lambda line, case: bool(line.body_part)
                 and line.body_part not in case.injured_body_parts),
    CoverageRule("aggravation_or_refusal", "故意加重伤情或拒绝合理治疗而增加的费用",
                 "caused by deliberately aggravating the injury or refusing reasonable treatment",
                 _kind("aggravation")),
    CoverageRule("medical_accident", "因医疗事故发生的费用", "caused by a medical accident",
                 _kind("medical_accident")),
    CoverageRule("out_of_scope_with_consent", "超出目录范围，已书面签字同意，自负",
                 "out of scope, with written signed consent: self-paid",
                 lambda line, case: not line.in_catalogue and consent_for(line, case) is not None),
    CoverageRule("out_of_scope_without_consent", "超出目录范围且未经书面同意，由机构承担",
                 "out of scope without written consent: borne by the institution", _out_of_scope),
    CoverageRule("out_of_catalogue", "不在工伤保险目录内，基金不予支付",
                 "not in the work-injury catalogues: not paid by the fund", _out_of_scope),
    CoverageRule("unapproved_item_with_consent", "未经确认的康复项目，已书面签字同意，自负",
                 "a rehabilitation item not approved, with written signed consent: self-paid",
                 lambda line, case: _unapproved_item(line, case)
                 and consent_for(line, case) is not None),
    CoverageRule("beyond_approved_items", "超出核准的康复项目", "a rehabilitation item not approved",
                 _unapproved_item),
    CoverageRule("record_conflict", "治疗记录冲突（时间重叠、请假日或开放时间外），不予支付",
                 "conflicting record (overlapping, on a leave day or outside opening hours): "
                 "not paid", lambda line, case: line.record_conflict is not None),
    CoverageRule("beyond_catalogue_limit", "超出目录规定的每日/每疗程次数或适应症",
                 "beyond the catalogue's daily or per-course count, or outside its indication",
                 lambda line, case: line.catalogue_limit is not None),
    CoverageRule("beyond_approved_count", "超出核准的次数", "beyond the approved count",
                 lambda line, case: line.over_approved_count),
    CoverageRule("beyond_plan", "超出治疗方案的次数", "beyond the treatment plan's count",
                 lambda line, case: line.beyond_plan),
    CoverageRule("fund_payable", "符合工伤保险目录和核准范围，基金支付",
                 "within the catalogues and the approval: paid by the fund",
                 lambda line, case: True),
)
# Rules that apply only with a signed consent: the decision names it.
CONSENTED = frozenset({"out_of_scope_with_consent", "unapproved_item_with_consent"})
RULES_BY_CODE = {rule.code: rule for rule in RULES}
RULE_ORDER = {rule.code: position for position, rule in enumerate(RULES)}


def classify(line: LineFacts, case: CaseFacts, pack: PolicyPack) -> Decision:
    """The coverage of one line under ``pack``: the first of its rules that applies."""
    for listed in pack.coverage:
        rule = RULES_BY_CODE[listed.code]
        if rule.applies(line, case):
            consent = consent_for(line, case) if rule.code in CONSENTED else None
            return rule.decide(listed, consent.consent_id if consent else None)
    raise AssertionError(f"{pack.code}: fund_payable must close the list")  # pragma: no cover
