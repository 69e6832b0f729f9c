"""Who pays each fee line: the coverage rules, each citing the article it comes from.

``classify`` tries the rules in ``RULES`` order and the first that applies decides;
a line no rule catches is fund-payable. The order matters where two rules could apply:
the case-wide exclusions (no approval, one-off subsidy taken) come first, then what
happened after the course ended (the worker or the institution pays, Beijing Art. 14),
then the approved period, then what the charge is for, then scope (catalogue,
approved items and counts).

Coverage classes:

* ``fund`` — paid by the work-injury insurance fund;
* ``self_paid`` — out of scope, used with written signed consent: the employer or the
  worker pays (Luzhou Art. 31);
* ``institution`` — borne by the institution (out of scope without consent; days after
  the course ended while it did not discharge);
* ``worker`` — borne by the worker (refused to leave after the course ended);
* ``excluded`` — the fund does not pay, for the reason given (who else pays is outside
  this claim).

Pure: the facts come in as plain dataclasses, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import periods_cover
from desktop_app.domain.policy import BAOTOU, BEIJING, LUZHOU, Article, art, cite

COVERAGE_CLASSES = ("fund", "self_paid", "institution", "worker", "excluded")
COVERAGE_LABELS = {"fund": ("基金支付", "fund-payable"), "self_paid": ("自付（已签字同意）",
                                                                    "self-paid with consent"),
                   "institution": ("机构承担", "borne by the institution"),
                   "worker": ("职工承担", "borne by the worker"),
                   "excluded": ("基金不予支付", "excluded")}
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


@dataclass(frozen=True)
class Decision:
    coverage: str
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
    """A named rule: when it applies, the class it gives and the articles it rests on."""

    code: str
    coverage: str
    zh: str
    en: str
    articles: tuple[Article, ...]
    applies: Callable[[LineFacts, CaseFacts], bool]

    def decide(self, consent_id: int | None = None) -> Decision:
        zh, en = cite(self.articles)
        return Decision(self.coverage, self.code, f"{self.zh}（{zh}）", f"{self.en} ({en})",
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


UNAPPROVED_CASE = CoverageRule(
    "unapproved_case", "excluded", "未经工伤康复确认（核准）的病例", "case not approved for rehabilitation",
    (art(LUZHOU, "第三十二条第（三）项", "32(3)"), art(BAOTOU, "第十七条第（四）项", "17(4)")),
    lambda line, case: not case.approved_periods)
ONE_OFF_SUBSIDY = CoverageRule(
    "after_one_off_subsidy", "excluded", "已领取一次性工伤医疗补助金",
    "after the one-off work-injury medical subsidy was taken",
    (art(LUZHOU, "第三十二条第（九）项", "32(9)"),),
    lambda line, case: case.one_off_subsidy_on is not None
    and line.occurred_on >= case.one_off_subsidy_on)
REFUSED_TO_LEAVE = CoverageRule(
    "refused_to_leave", "worker", "康复结束后职工拒不出院",
    "the worker refused to leave after the course ended",
    (art(BEIJING, "第十四条第二款", "14 para. 2"), art(LUZHOU, "第三十二条第（七）项", "32(7)"),
     art(BAOTOU, "第十七条第（三）项", "17(3)"), art(BAOTOU, "第二十三条", "23")),
    lambda line, case: _after_end(line, case) and case.overstay_cause == "worker_refused")
NOT_DISCHARGED = CoverageRule(
    "not_discharged_after_end", "institution", "康复结束后机构未及时办理出院",
    "the institution did not discharge after the course ended",
    (art(BEIJING, "第十四条第二款", "14 para. 2"),),
    _after_end)
BEYOND_PERIOD = CoverageRule(
    "beyond_approved_period", "excluded", "超出核准的工伤康复期", "beyond the approved rehabilitation period",
    (art(LUZHOU, "第三十二条第（一）项", "32(1)"), art(LUZHOU, "第三十二条第（十）项", "32(10)"),
     art(BEIJING, "第十五条第（三）项", "15(3)")),
    lambda line, case: not periods_cover(list(case.approved_periods), line.occurred_on,
                                         line.occurred_on))
DAILY_NECESSITIES = CoverageRule(
    "daily_necessities", "excluded", "生活用品费用", "daily necessities",
    (art(BAOTOU, "第十七条第（一）项", "17(1)"), art(LUZHOU, "第三十二条第（四）项", "32(4)"),
     art(BEIJING, "第十五条第（一）项", "15(1)")),
    _kind("daily_necessity"))
NURSING_INPATIENT = CoverageRule(
    "nursing_during_inpatient_rehab", "excluded", "住院康复期间的护理费用",
    "nursing fees during inpatient rehabilitation",
    (art(BEIJING, "第十五条第（四）项", "15(4)"),),
    lambda line, case: line.charge_kind == "nursing" and case.setting == "inpatient")
NON_INJURY_ILLNESS = CoverageRule(
    "non_injury_illness", "excluded", "治疗非工伤引发的疾病",
    "treatment of an illness not caused by the injury",
    (art(LUZHOU, "第三十二条第（八）项", "32(8)"), art(BEIJING, "第十五条第（二）项", "15(2)")),
    _kind("non_injury_illness"))
NON_INJURED_PART = CoverageRule(
    "non_injured_part", "excluded", "治疗非工伤部位", "treatment of a part not injured at work",
    (art(BAOTOU, "第十七条第（二）项", "17(2)"), art(LUZHOU, "第三十二条第（八）项", "32(8)"),
     art(BEIJING, "第十五条第（二）项", "15(2)")),
    lambda line, case: bool(line.body_part) and line.body_part not in case.injured_body_parts)
AGGRAVATION = CoverageRule(
    "aggravation_or_refusal", "excluded", "故意加重伤情或拒绝合理治疗而增加的费用",
    "caused by deliberately aggravating the injury or refusing reasonable treatment",
    (art(LUZHOU, "第三十二条第（五）项", "32(5)"), art(BEIJING, "第十五条第（五）项", "15(5)")),
    _kind("aggravation"))
MEDICAL_ACCIDENT = CoverageRule(
    "medical_accident", "excluded", "因医疗事故发生的费用", "caused by a medical accident",
    (art(LUZHOU, "第三十二条第（六）项", "32(6)"),),
    _kind("medical_accident"))
OUT_OF_SCOPE_CONSENTED = CoverageRule(
    "out_of_scope_with_consent", "self_paid", "超出目录范围，已书面签字同意，自负",
    "out of scope, with written signed consent: self-paid",
    (art(LUZHOU, "第三十一条", "31"),),
    lambda line, case: not line.in_catalogue and consent_for(line, case) is not None)
OUT_OF_SCOPE = CoverageRule(
    "out_of_scope_without_consent", "institution", "超出目录范围且未经书面同意，由机构承担",
    "out of scope without written consent: borne by the institution",
    (art(LUZHOU, "第三十一条", "31"),),
    lambda line, case: not line.in_catalogue)
BEYOND_ITEMS = CoverageRule(
    "beyond_approved_items", "excluded", "超出核准的康复项目", "a rehabilitation item not approved",
    (art(BEIJING, "第十五条第（六）项", "15(6)"), art(LUZHOU, "第二十九条", "29")),
    lambda line, case: line.category == "rehab" and line.national_code not in case.approved_codes)
BEYOND_COUNT = CoverageRule(
    "beyond_approved_count", "excluded", "超出核准的次数", "beyond the approved count",
    (art(BEIJING, "第十三条", "13"), art(BEIJING, "第十五条第（六）项", "15(6)"),
     art(LUZHOU, "第三十二条第（一）项", "32(1)")),
    lambda line, case: line.over_approved_count)
FUND_PAYABLE = CoverageRule(
    "fund_payable", "fund", "符合工伤保险目录和核准范围，基金支付",
    "within the catalogues and the approval: paid by the fund",
    (art(BEIJING, "第十二条", "12"), art(LUZHOU, "第二十九条", "29")),
    lambda line, case: True)

RULES: tuple[CoverageRule, ...] = (
    UNAPPROVED_CASE, ONE_OFF_SUBSIDY, REFUSED_TO_LEAVE, NOT_DISCHARGED, BEYOND_PERIOD,
    DAILY_NECESSITIES, NURSING_INPATIENT, NON_INJURY_ILLNESS, NON_INJURED_PART, AGGRAVATION,
    MEDICAL_ACCIDENT, OUT_OF_SCOPE_CONSENTED, OUT_OF_SCOPE, BEYOND_ITEMS, BEYOND_COUNT,
    FUND_PAYABLE,
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def classify(line: LineFacts, case: CaseFacts) -> Decision:
    """The coverage of one line: the first rule that applies."""
    for rule in RULES:
        if rule.applies(line, case):
            consent = consent_for(line, case) if rule is OUT_OF_SCOPE_CONSENTED else None
            return rule.decide(consent.consent_id if consent else None)
    raise AssertionError("FUND_PAYABLE always applies")  # pragma: no cover
