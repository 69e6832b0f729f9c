"""Regional policy packs: the national baseline and one pack per seed region.

An institution works under **one** region's rules plus the national baseline (DOMAIN.md,
"Each text binds only its own region"; ``reference/region_rules.md``). A pack is a
versioned unit with effective dates that lists, with the articles of its own text:

* the coverage rules that apply and in which order (``domain.rules.coverage`` writes each rule
  once; a pack lists it with its own articles and, where the texts differ, its class);
* eligibility rules, disease categories, period caps, the plan signature, the mid
  assessment, the payment methods on offer, the out-of-scope consent;
* the basis cited for each topic (claim gate, limits, alerts).

A case is judged by the pack of its institution's region in force on the case's first
approval date (``pack_for``), so a later pack never re-judges a case already approved.
A region without a pack, or a date no pack covers, gets the baseline and the
institution's own settings, never another region's rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from desktop_app.domain.reference import PeriodRule, period_rules
from desktop_app.domain.rules.policy import (
    BAOTOU,
    BEIJING,
    LUZHOU,
    NINGXIA,
    REGULATION,
    SHANDONG,
    SPEC_2013,
    Article,
    art,
    cite,
    setting,
    whole,
)
from desktop_app.domain.vocabulary import CoverageClass
from desktop_app.errors import FieldError

NATIONAL = "national"
REGIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    NATIONAL: ("全国基线（无地方办法）", "national baseline (no local rules)"),
    "luzhou": ("泸州市", "Luzhou"),
    "beijing": ("北京市", "Beijing"),
    "baotou": ("包头市", "Baotou"),
    "shandong": ("山东省", "Shandong"),
    "ningxia": ("宁夏回族自治区", "Ningxia"),
})
# What a free-text 统筹地区 most likely means, for archives made before packs existed.
_REGION_HINTS = (("泸州", "luzhou"), ("北京", "beijing"), ("包头", "baotou"),
                 ("山东", "shandong"), ("济南", "shandong"), ("青岛", "shandong"),
                 ("淄博", "shandong"), ("宁夏", "ningxia"), ("银川", "ningxia"),
                 ("石嘴山", "ningxia"))

# Topics a pack cites for (claim gate, limits, alerts).
TOPICS = ("recognised", "archive", "approval", "period", "plan_signature", "mid_assessment",
          "plan_count", "catalogue_limit", "records", "idle_bed", "extension",
          "early_filing", "payment", "end_no_benefit", "end_non_cooperation", "transfer",
          "consent", "value_assessment", "identity_check", "end_notice", "evaluation")
REHAB_TYPES = ("medical", "vocational")
REHAB_TYPE_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "medical": ("医疗康复", "medical rehab"), "vocational": ("职业康复", "vocational rehab")})
# The disease category of an occupational disease (职业病, 尘肺病 included): a work injury
# under 条例 14(4); Beijing Art. 6 names it; Luzhou Art. 7's list does not.
OCCUPATIONAL_DISEASE_CATEGORY = "OD"
# Documents a pack may ask to go with a claim (``PolicyPack.claim_documents``), in package order.
CLAIM_DOCUMENT_KINDS = ("approval", "value_assessment", "prescription")
# Eligibility rules a pack may list (``PolicyPack.eligibility``), in the order checked.
ELIGIBILITY_RULES = ("recognised", "employment_ended", "insurance_relation_ended",
                     "maintenance_grade")


@dataclass(frozen=True)
class PackRule:
    """A coverage rule as one pack lists it: its class there and its articles."""

    code: str
    coverage: CoverageClass
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class PeriodCap:
    """The longest approved period of one rehab type (days), and the usual one."""

    rehab_type: str
    max_days: int | None = None
    max_months: int | None = None
    usual_days: int | None = None  # beyond it: a warning, not a stop
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True)
class PolicyPack:
    code: str  # "luzhou/2025-1": region/version
    region: str
    version: str
    name_zh: str
    name_en: str
    effective_from: date | None  # None: the text states no date
    effective_to: date | None
    coverage: tuple[PackRule, ...]
    topics: Mapping[str, tuple[Article, ...]]
    # Eligibility rules (``domain.eligibility``) the region's text states, with articles.
    eligibility: Mapping[str, tuple[Article, ...]] = field(default_factory=dict)
    # Disease categories the text lists (None: no list); categories outside the list warn.
    listed_categories: frozenset[str] | None = None
    occupational_disease: tuple[Article, ...] = ()  # included, and why
    category_basis: tuple[Article, ...] = ()  # the article listing the categories
    period_caps: Mapping[str, PeriodCap] = field(default_factory=dict)
    payment_methods: Mapping[str, tuple[Article, ...]] = field(default_factory=dict)
    plan_signature_required: bool = False
    mid_assessment_required: bool = False
    consent_makes_self_paid: bool = False
    # Documents the region's text asks for with a claim, beyond the cover sheet, the fee
    # list, the execution sheet and the plans every package carries: kind → articles
    # (kinds: ``CLAIM_DOCUMENT_KINDS``).
    claim_documents: Mapping[str, tuple[Article, ...]] = field(default_factory=dict)

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to)

    def basis(self, topic: str) -> tuple[Article, ...]:
        """The articles cited for ``topic`` under this pack."""
        return self.topics[topic]

    def rule(self, code: str) -> PackRule | None:
        return next((r for r in self.coverage if r.code == code), None)

    @property
    def label(self) -> tuple[str, str]:
        return (f"{self.name_zh}（{self.version}）", f"{self.name_en} ({self.version})")


# ----------------------------------------------------------------------------- baseline

REG_14_4 = art(REGULATION, "第十四条第（四）项", "14(4)")
REG_30 = art(REGULATION, "第三十条", "30")
REG_42_3 = art(REGULATION, "第四十二条第（三）项", "42(3)")
SPEC = whole(SPEC_2013)
OWN_ARCHIVE = setting("康复档案完整性要求", "archive completeness")
OWN_HOURS = setting("住院管理与开放时间", "ward rules and opening hours")
OWN_MID = setting("康复中评估时点", "when the mid assessment is due")
OWN_PLAN = setting("治疗方案患者签字", "patient's signature on the plan")
OWN_OUTCOME = setting("疗效判定设置", "outcome settings")
OWN_IDENTITY = setting("入院身份核验", "identity check at admission")

_BASE_COVERAGE = (
    PackRule("unapproved_case", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("after_course_end", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("beyond_approved_period", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("daily_necessities", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("non_injury_illness", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("non_injured_part", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("aggravation_or_refusal", CoverageClass.EXCLUDED, (REG_42_3,)),
    PackRule("out_of_catalogue", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("beyond_approved_items", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("record_conflict", CoverageClass.EXCLUDED, (REG_30, OWN_HOURS)),
    PackRule("beyond_catalogue_limit", CoverageClass.EXCLUDED, (SPEC, REG_30)),
    PackRule("beyond_approved_count", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("beyond_plan", CoverageClass.EXCLUDED, (REG_30,)),
    PackRule("fund_payable", CoverageClass.FUND, (REG_30,)),
)
_BASE_TOPICS = {
    "recognised": (REG_30,), "archive": (OWN_ARCHIVE,), "approval": (REG_30,),
    "period": (REG_30,), "plan_signature": (OWN_PLAN,), "mid_assessment": (OWN_MID,),
    "plan_count": (REG_30,), "catalogue_limit": (SPEC, REG_30), "records": (OWN_HOURS,),
    "idle_bed": (OWN_HOURS,), "extension": (REG_30,), "early_filing": (), "payment": (REG_30,),
    "end_no_benefit": (OWN_OUTCOME,), "end_non_cooperation": (REG_42_3,), "transfer": (),
    "consent": (), "value_assessment": (), "identity_check": (OWN_IDENTITY,), "end_notice": (),
    # the agency's yearly evaluation of the institution and its cost monitoring: what the
    # statistics report answers to (none in the national regulation)
    "evaluation": (),
}


def _with(rules: tuple[PackRule, ...], **replace: PackRule | None) -> tuple[PackRule, ...]:
    """``rules`` with some replaced (by code) or dropped (None); new ones come in ``extra``."""
    out = []
    for rule in rules:
        if rule.code in replace:
            new = replace[rule.code]
            if new is not None:
                out.append(new)
        else:
            out.append(rule)
    return tuple(out)


def _insert(rules: tuple[PackRule, ...], before: str, *new: PackRule) -> tuple[PackRule, ...]:
    at = next(i for i, r in enumerate(rules) if r.code == before)
    return (*rules[:at], *new, *rules[at:])


BASELINE = PolicyPack(
    code="national/2011", region=NATIONAL, version="2011",
    name_zh="全国基线", name_en="National baseline",
    effective_from=None, effective_to=None, coverage=_BASE_COVERAGE,
    topics=MappingProxyType(_BASE_TOPICS),
    eligibility=MappingProxyType({"recognised": (REG_30,)}),
    occupational_disease=(REG_14_4,),
    payment_methods=MappingProxyType({"per_item": (REG_30,)}),
)

# ----------------------------------------------------------------------------- Luzhou


def _lz(zh: str, number: str) -> Article:
    return art(LUZHOU, zh, number)


LZ_4, LZ_6_3, LZ_7, LZ_8 = (_lz("第四条", "4"), _lz("第六条第（三）项", "6(3)"),
                            _lz("第七条", "7"), _lz("第八条", "8"))
LZ_9, LZ_21, LZ_28, LZ_29 = (_lz("第九条", "9"), _lz("第二十一条", "21"),
                             _lz("第二十八条", "28"), _lz("第二十九条", "29"))
LZ_30, LZ_31 = _lz("第三十条", "30"), _lz("第三十一条", "31")


def _lz32(item: str, number: int) -> Article:
    return _lz(f"第三十二条第（{item}）项", f"32({number})")


LUZHOU_2025 = PolicyPack(
    code="luzhou/2025-1", region="luzhou", version="泸市人社规〔2025〕1号",
    name_zh="泸州市工伤康复管理暂行办法", name_en="Luzhou interim measures",
    # Art. 35: in force from 2025-03-24 for two years.
    effective_from=date(2025, 3, 24), effective_to=date(2027, 3, 23),
    coverage=(
        PackRule("unapproved_case", CoverageClass.EXCLUDED, (_lz32("三", 3),)),
        PackRule("after_one_off_subsidy", CoverageClass.EXCLUDED, (_lz32("九", 9),)),
        PackRule("refused_to_leave", CoverageClass.WORKER, (_lz32("七", 7),)),
        PackRule("after_course_end", CoverageClass.EXCLUDED, (_lz32("十", 10),)),
        PackRule("beyond_approved_period", CoverageClass.EXCLUDED, (_lz32("一", 1), _lz32("十", 10))),
        PackRule("daily_necessities", CoverageClass.EXCLUDED, (_lz32("四", 4),)),
        PackRule("non_injury_illness", CoverageClass.EXCLUDED, (_lz32("八", 8),)),
        PackRule("non_injured_part", CoverageClass.EXCLUDED, (REG_30,)),
        PackRule("aggravation_or_refusal", CoverageClass.EXCLUDED, (_lz32("五", 5),)),
        PackRule("medical_accident", CoverageClass.EXCLUDED, (_lz32("六", 6),)),
        PackRule("out_of_scope_with_consent", CoverageClass.SELF_PAID, (LZ_31,)),
        PackRule("out_of_scope_without_consent", CoverageClass.INSTITUTION, (LZ_31,)),
        # Art. 31's 「超出范围」 covers items Art. 29 leaves unconfirmed (docs/decisions.md).
        PackRule("unapproved_item_with_consent", CoverageClass.SELF_PAID, (LZ_29, LZ_31)),
        PackRule("beyond_approved_items", CoverageClass.INSTITUTION, (LZ_29, LZ_31)),
        PackRule("record_conflict", CoverageClass.EXCLUDED, (LZ_29,)),
        PackRule("beyond_catalogue_limit", CoverageClass.EXCLUDED, (LZ_9, LZ_29)),
        PackRule("beyond_approved_count", CoverageClass.EXCLUDED, (LZ_29,)),
        PackRule("beyond_plan", CoverageClass.EXCLUDED, (_lz32("一", 1),)),
        PackRule("fund_payable", CoverageClass.FUND, (LZ_9, LZ_29)),
    ),
    topics=MappingProxyType({
        "recognised": (REG_30,), "archive": (LZ_21, LZ_29), "approval": (LZ_29, _lz32("三", 3)),
        "period": (_lz32("一", 1), _lz32("十", 10)), "plan_signature": (LZ_21,),
        "mid_assessment": (LZ_21, OWN_MID), "plan_count": (_lz32("一", 1), LZ_29),
        "catalogue_limit": (LZ_9, LZ_29), "records": (LZ_21, LZ_29), "idle_bed": (LZ_29, OWN_HOURS),
        "extension": (LZ_8,), "early_filing": (), "payment": (LZ_28,),
        "end_no_benefit": (_lz("第二十三条", "23"),), "end_non_cooperation": (REG_42_3,),
        "transfer": (_lz("第二十四条", "24"),), "consent": (LZ_31,),
        "evaluation": (_lz("第二十七条", "27"), _lz("第三十三条", "33")),
        "value_assessment": (_lz("第十三条第（四）项", "13(4)"), _lz("第二十二条", "22")),
        "identity_check": (OWN_IDENTITY,), "end_notice": (),
    }),
    eligibility=MappingProxyType({"recognised": (REG_30,), "insurance_relation_ended": (LZ_4,),
                                  "maintenance_grade": (LZ_6_3,)}),
    listed_categories=frozenset({f"WI0{n}" for n in range(1, 10)}),
    category_basis=(LZ_7,),
    occupational_disease=(),
    payment_methods=MappingProxyType({"per_item": (LZ_28,)}),
    plan_signature_required=True, mid_assessment_required=True, consent_makes_self_paid=True,
    # Art. 30: 确认结论书, 康复价值评估报告 and the 康复病历, whose prescriptions are its orders.
    claim_documents=MappingProxyType({"approval": (LZ_30,), "value_assessment": (LZ_30,),
                                      "prescription": (LZ_30,)}),
)
LUZHOU_CATEGORIES_BASIS = (LZ_7,)

# ----------------------------------------------------------------------------- Beijing


def _bj(zh: str, number: str) -> Article:
    return art(BEIJING, zh, number)


BJ_6, BJ_7, BJ_10, BJ_11 = (_bj("第六条", "6"), _bj("第七条", "7"), _bj("第十条", "10"),
                            _bj("第十一条", "11"))
BJ_8_1, BJ_8_2 = _bj("第八条第（一）项", "8(1)"), _bj("第八条第（二）项", "8(2)")
BJ_14_1 = _bj("第十四条第一款", "14 para. 1")
BJ_12, BJ_13, BJ_14_2 = _bj("第十二条", "12"), _bj("第十三条", "13"), _bj("第十四条第二款", "14 para. 2")
BJ_16_1, BJ_16_2 = _bj("第十六条第（一）项", "16(1)"), _bj("第十六条第（二）项", "16(2)")


def _bj15(item: str, number: int) -> Article:
    return _bj(f"第十五条第（{item}）项", f"15({number})")


BEIJING_2026 = PolicyPack(
    code="beijing/2026-1", region="beijing", version="京人社工发〔2026〕1号",
    name_zh="北京市工伤康复管理暂行办法", name_en="Beijing interim measures",
    effective_from=date(2026, 1, 8), effective_to=None,  # Art. 30: in force on issue
    coverage=(
        PackRule("unapproved_case", CoverageClass.EXCLUDED, (BJ_7, _bj15("六", 6))),
        PackRule("refused_to_leave", CoverageClass.WORKER, (BJ_14_2,)),
        PackRule("not_discharged_after_end", CoverageClass.INSTITUTION, (BJ_14_2,)),
        PackRule("beyond_approved_period", CoverageClass.EXCLUDED, (_bj15("三", 3),)),
        PackRule("daily_necessities", CoverageClass.EXCLUDED, (_bj15("一", 1),)),
        PackRule("nursing_during_inpatient_rehab", CoverageClass.EXCLUDED, (_bj15("四", 4),)),
        PackRule("non_injury_illness", CoverageClass.EXCLUDED, (_bj15("二", 2),)),
        PackRule("non_injured_part", CoverageClass.EXCLUDED, (REG_30,)),
        PackRule("aggravation_or_refusal", CoverageClass.EXCLUDED, (_bj15("五", 5),)),
        PackRule("out_of_catalogue", CoverageClass.EXCLUDED, (BJ_12, BJ_13)),
        PackRule("beyond_approved_items", CoverageClass.EXCLUDED, (_bj15("六", 6),)),
        PackRule("record_conflict", CoverageClass.EXCLUDED, (BJ_13,)),
        PackRule("beyond_catalogue_limit", CoverageClass.EXCLUDED, (BJ_12, BJ_13)),
        PackRule("beyond_approved_count", CoverageClass.EXCLUDED, (BJ_13, _bj15("六", 6))),
        PackRule("beyond_plan", CoverageClass.EXCLUDED, (BJ_13,)),
        PackRule("fund_payable", CoverageClass.FUND, (BJ_12,)),
    ),
    topics=MappingProxyType({
        "recognised": (BJ_6,), "archive": (BJ_11, BJ_13), "approval": (BJ_7, _bj15("六", 6)),
        "period": (_bj15("三", 3),), "plan_signature": (BJ_10,), "mid_assessment": (OWN_MID,),
        "plan_count": (BJ_13,), "catalogue_limit": (BJ_12, BJ_13), "records": (BJ_13,),
        "idle_bed": (BJ_13,), "extension": (), "early_filing": (), "payment": (BJ_16_1, BJ_16_2),
        "end_no_benefit": (OWN_OUTCOME,), "end_non_cooperation": (BJ_14_1,),
        "transfer": (), "consent": (), "value_assessment": (_bj("第五条", "5"), BJ_7),
        "identity_check": (BJ_10, BJ_13), "end_notice": (BJ_14_1,),
        "evaluation": (_bj("第十八条", "18"),),
    }),
    eligibility=MappingProxyType({"recognised": (BJ_6,), "employment_ended": (BJ_6,)}),
    occupational_disease=(BJ_6,),
    period_caps=MappingProxyType({
        "medical": PeriodCap("medical", max_months=12, articles=(BJ_8_1,)),
        "vocational": PeriodCap("vocational", max_days=180, usual_days=60, articles=(BJ_8_2,)),
    }),
    payment_methods=MappingProxyType({"per_item": (BJ_16_1,), "quota": (BJ_16_2,),
                                      "per_disease": (BJ_16_2,)}),
)

# ----------------------------------------------------------------------------- Baotou


def _bt(zh: str, number: str) -> Article:
    return art(BAOTOU, zh, number)


BT_8, BT_19, BT_21, BT_23 = (_bt("第八条", "8"), _bt("第十九条", "19"), _bt("第二十一条", "21"),
                             _bt("第二十三条", "23"))


def _bt17(item: str, number: int) -> Article:
    return _bt(f"第十七条第（{item}）项", f"17({number})")


BAOTOU_2025 = PolicyPack(
    code="baotou/2025-1", region="baotou", version="2025",
    name_zh="包头市工伤康复实施办法（试行）", name_en="Baotou implementing measures",
    effective_from=date(2025, 3, 11), effective_to=None,  # Art. 26: in force on issue
    coverage=_insert(_with(
        _BASE_COVERAGE,
        unapproved_case=PackRule("unapproved_case", CoverageClass.EXCLUDED, (_bt17("四", 4),)),
        beyond_approved_period=PackRule("beyond_approved_period", CoverageClass.EXCLUDED, (_bt17("四", 4),)),
        daily_necessities=PackRule("daily_necessities", CoverageClass.EXCLUDED, (_bt17("一", 1),)),
        non_injured_part=PackRule("non_injured_part", CoverageClass.EXCLUDED, (_bt17("二", 2),)),
        beyond_approved_items=PackRule("beyond_approved_items", CoverageClass.EXCLUDED, (_bt17("四", 4),)),
        record_conflict=PackRule("record_conflict", CoverageClass.EXCLUDED, (BT_21, REG_30)),
        beyond_approved_count=PackRule("beyond_approved_count", CoverageClass.EXCLUDED, (_bt17("四", 4),)),
    ), "after_course_end", PackRule("refused_to_leave", CoverageClass.WORKER, (_bt17("三", 3), BT_23))),
    topics=MappingProxyType({
        **_BASE_TOPICS, "archive": (BT_21, OWN_ARCHIVE), "approval": (_bt17("四", 4),),
        "period": (_bt17("四", 4),), "records": (BT_21,), "early_filing": (BT_8,),
        "evaluation": (_bt("第七条", "7"), _bt("第十八条", "18")),
    }),
    eligibility=MappingProxyType({"recognised": (REG_30,)}),
    occupational_disease=(REG_14_4,),
    payment_methods=MappingProxyType({"per_item": (REG_30,), "package_course": (BT_19,)}),
)

# ----------------------------------------------------------------------------- Shandong

SD_3_5 = art(SHANDONG, "三、（五）", "§三(五)")
SD_4_10 = art(SHANDONG, "四、（十）", "§四(十)")

SHANDONG_2023 = PolicyPack(
    code="shandong/2023-17", region="shandong", version="鲁人社发〔2023〕17号",
    name_zh="山东省推进工伤康复高质量发展实施意见", name_en="Shandong implementing opinions",
    effective_from=date(2023, 12, 20), effective_to=None,
    coverage=_with(_BASE_COVERAGE,
                   fund_payable=PackRule("fund_payable", CoverageClass.FUND, (SD_3_5, REG_30))),
    topics=MappingProxyType({**_BASE_TOPICS, "payment": (SD_4_10,),
                             "value_assessment": (art(SHANDONG, "二、（三）", "§二(三)"),),
                             "evaluation": (art(SHANDONG, "四、（九）", "§四(九)"), SD_4_10)}),
    eligibility=MappingProxyType({"recognised": (REG_30,)}),
    occupational_disease=(REG_14_4,),
    payment_methods=MappingProxyType({"per_item": (SD_4_10,), "per_disease": (SD_4_10,),
                                      "per_bed_day": (SD_4_10,)}),
)

# ----------------------------------------------------------------------------- Ningxia

NX_2 = art(NINGXIA, "序号2", "No. 2")
NX_11 = art(NINGXIA, "序号11", "No. 11")

NINGXIA_LIST = PolicyPack(
    code="ningxia/tasklist", region="ningxia", version="任务清单",
    name_zh="宁夏工伤康复事业高质量发展工作任务清单", name_en="Ningxia task list",
    effective_from=None, effective_to=None,  # the file states no date
    coverage=_with(_BASE_COVERAGE,
                   fund_payable=PackRule("fund_payable", CoverageClass.FUND, (NX_2, REG_30))),
    topics=MappingProxyType({**_BASE_TOPICS, "payment": (NX_11,),
                             "transfer": (art(NINGXIA, "序号9", "No. 9"),),
                             "evaluation": (art(NINGXIA, "序号10", "No. 10"), NX_11)}),
    eligibility=MappingProxyType({"recognised": (REG_30,)}),
    occupational_disease=(REG_14_4,),
    payment_methods=MappingProxyType({"per_item": (NX_11,), "per_disease": (NX_11,),
                                      "per_bed_day": (NX_11,)}),
)

PACKS: tuple[PolicyPack, ...] = (BASELINE, LUZHOU_2025, BEIJING_2026, BAOTOU_2025,
                                 SHANDONG_2023, NINGXIA_LIST)
PACKS_BY_CODE: Mapping[str, PolicyPack] = MappingProxyType({p.code: p for p in PACKS})


def pack_for(region: str, on: date) -> PolicyPack:
    """The region's pack in force on ``on``, or the baseline."""
    found = [p for p in PACKS if p.region == region and region != NATIONAL and p.in_force(on)]
    return found[-1] if found else BASELINE


def pack_by_code(code: str) -> PolicyPack:
    try:
        return PACKS_BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown policy pack {code!r}") from None


def region_from_text(text: str) -> str:
    """The pack region a free-text 统筹地区 names, or the baseline."""
    for hint, region in _REGION_HINTS:
        if re.search(hint, text or ""):
            return region
    return NATIONAL


# ----------------------------------------------------------------------------- rules by pack
# Pure functions so the intake service, the CLI and the UI get the same answer; each message
# cites only the pack's own articles (``cite``), never another region's.


def _cited(articles: tuple[Article, ...]) -> tuple[str, str]:
    """" （…）" / " (…)" after a message, or nothing when the pack cites nothing."""
    if not articles:
        return "", ""
    zh, en = cite(articles)
    return f"（{zh}）", f" ({en})"


MAINTENANCE_MAX_GRADE = 4  # 维持期: grades 1–4 (Luzhou Art. 6(3))
# The reference CSV's names (``rehab_period_rules.csv``) of a pack's region and rehab type.
_CSV_REGION = {"beijing": "北京", "luzhou": "泸州"}
_CSV_PERIOD = {"medical": "医疗康复期", "vocational": "职业康复期"}


def period_rule(pack: PolicyPack, rehab_type: str) -> PeriodRule | None:
    """The published limit (``resources/reference/rehab_period_rules.csv``) of the pack's
    region for the rehab type, if the file has one."""
    region, period = _CSV_REGION.get(pack.region), _CSV_PERIOD.get(rehab_type)
    return next((r for r in period_rules() if r.region == region and r.period_type == period),
                None)


def eligibility_findings(pack: PolicyPack, *, injury_recognised: bool, employment_ended: bool,
                         insurance_transferred: bool, insurance_relation_ended: bool,
                         stage: str | None = None, disability_grade: int | None = None
                         ) -> list[FieldError]:
    """The eligibility rules the pack lists, each citing its own articles; a rule another
    region's text states is not applied (DOMAIN.md "Each text binds only its own region")."""
    rules = pack.eligibility
    errors: list[FieldError] = []
    if "recognised" in rules and not injury_recognised:
        zh, en = _cited(rules["recognised"])
        errors.append(FieldError("工伤认定", f"未经工伤认定，不能申请工伤康复{zh}",
                                 f"The injury is not recognised as a work injury{en}",
                                 key="injury_recognised"))
    if "employment_ended" in rules and employment_ended and not insurance_transferred:
        zh, en = _cited(rules["employment_ended"])
        errors.append(FieldError("劳动关系", "与原工伤发生时所在单位已解除或终止劳动关系且未办理"
                                 f"工伤保险关系转移，不属于工伤康复对象{zh}",
                                 "Employment with the employer of the injury ended and the "
                                 f"insurance relation was not transferred{en}", key="employment_relation"))
    if "insurance_relation_ended" in rules and insurance_relation_ended:
        zh, en = _cited(rules["insurance_relation_ended"])
        errors.append(FieldError("工伤保险关系", f"已终止工伤保险关系，不适用本地区工伤康复办法{zh}",
                                 f"The work-injury insurance relation has ended{en}",
                                 key="insurance_relation"))
    if "maintenance_grade" in rules and stage == "MAINT" and (
            disability_grade is None or disability_grade > MAINTENANCE_MAX_GRADE):
        zh, en = _cited(rules["maintenance_grade"])
        errors.append(FieldError("康复阶段", f"维持期仅适用于伤残1-4级（完全丧失劳动能力）{zh}",
                                 f"The maintenance stage is for disability grades 1-4 only{en}", key="stage"))
    return errors


def category_findings(pack: PolicyPack, category: str, known: frozenset[str]
                      ) -> list[FieldError]:
    """The disease category under the pack: unknown codes are refused; a category outside
    the list the pack's text gives (Luzhou Art. 7) is a warning, not a refusal: the list's
    closedness is unstated and the appraisal committee decides (docs/decisions.md)."""
    if category not in known:
        return [FieldError("疾病类别", f"未知的疾病类别：{category}",
                           f"Unknown disease category: {category}", key="disease_category")]
    if pack.listed_categories is not None and category not in pack.listed_categories:
        zh, en = _cited(pack.category_basis)
        return [FieldError("疾病类别", f"该疾病类别不在本地区列明的工伤康复病种内{zh}，"
                           "是否准予康复由劳动能力鉴定委员会确认",
                           f"This category is not among the region's listed rehab disease "
                           f"categories{en}; the appraisal committee decides", warning=True,
                           key="disease_category")]
    return []


def occupational_disease_basis(pack: PolicyPack) -> tuple[Article, ...]:
    """Why an occupational disease is a rehab case under the pack (empty: the text's list
    leaves it out, see ``category_findings``)."""
    return pack.occupational_disease


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


@dataclass(frozen=True)
class CapLimit:
    """A cap in days, counted from the first approved day of the rehab type."""

    max_days: int | None
    usual_days: int | None


def cap_limit(cap: PeriodCap, first_day: date) -> CapLimit:
    """The cap in days; a cap in months counts calendar months from ``first_day``."""
    max_days = cap.max_days
    if cap.max_months is not None:
        max_days = (_add_months(first_day, cap.max_months) - first_day).days
    return CapLimit(max_days, cap.usual_days)


def period_cap_findings(pack: PolicyPack, rehab_type: str,
                        periods: list[tuple[date, date]], limit_text: tuple[str, str] = ("", "")
                        ) -> list[FieldError]:
    """The approved days of one rehab type (its approvals and extensions, the new one
    included) against the pack's cap: beyond the usual length a warning, beyond the longest
    a stop. ``limit_text`` is the published limit as the reference CSV states it."""
    cap = pack.period_caps.get(rehab_type)
    if cap is None or not periods:
        return []
    days = sum((end - start).days + 1 for start, end in periods)
    limit = cap_limit(cap, min(start for start, _ in periods))
    zh_cite, en_cite = _cited(cap.articles)
    kind_zh, kind_en = REHAB_TYPE_NAMES[rehab_type]
    text_zh = f"：{limit_text[0]}" if limit_text[0] else ""
    text_en = f": {limit_text[1]}" if limit_text[1] else ""
    if limit.max_days is not None and days > limit.max_days:
        return [FieldError("核准期限", f"{kind_zh}期累计 {days} 天，超过最长期限 {limit.max_days} 天"
                           f"{text_zh}{zh_cite}",
                           f"The {kind_en} period totals {days} days, beyond the longest "
                           f"{limit.max_days} days{text_en}{en_cite}", key="approval_period")]
    if limit.usual_days is not None and days > limit.usual_days:
        return [FieldError("核准期限", f"{kind_zh}期累计 {days} 天，超过一般期限 {limit.usual_days} 天"
                           f"{text_zh}{zh_cite}，请确认",
                           f"The {kind_en} period totals {days} days, beyond the usual "
                           f"{limit.usual_days} days{text_en}{en_cite}; please confirm",
                           warning=True, key="approval_period")]
    return []
