"""Each policy pack's rules with the articles its own text gives, and which pack applies."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop_app.domain.reference import injury_categories
from desktop_app.domain.rules import packs
from desktop_app.domain.rules.packs import PACKS, PolicyPack, pack_for
from desktop_app.domain.rules.policy import (
    BAOTOU,
    BEIJING,
    INSTITUTION,
    LUZHOU,
    NINGXIA,
    RECORDS_SPEC,
    REGULATION,
    SHANDONG,
    SPEC_2013,
    Article,
)

KNOWN = frozenset(c.code for c in injury_categories())
OWN_DOCUMENT = {"national": None, "luzhou": LUZHOU, "beijing": BEIJING, "baotou": BAOTOU,
                "shandong": SHANDONG, "ningxia": NINGXIA}
SHARED = {REGULATION, SPEC_2013, RECORDS_SPEC, INSTITUTION}


def short(articles: tuple[Article, ...]) -> set[str]:
    return {a.short for a in articles}


def facts(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {"injury_recognised": True, "employment_ended": False,
                               "insurance_transferred": False, "insurance_relation_ended": False}
    return {**base, **changes}


# pack code → (eligibility rules with the articles cited, OD accepted citing, payment methods)
TABLE = {
    "national/2011": ({"recognised": {"Work-Injury Insurance Regulations Art. 30"}},
                      "Work-Injury Insurance Regulations Art. 14(4)", {"per_item"}),
    "luzhou/2025-1": ({"recognised": {"Work-Injury Insurance Regulations Art. 30"},
                       "insurance_relation_ended": {"Luzhou Art. 4"},
                       "maintenance_grade": {"Luzhou Art. 6(3)"}},
                      None, {"per_item"}),
    "beijing/2026-1": ({"recognised": {"Beijing Art. 6"}, "employment_ended": {"Beijing Art. 6"}},
                       "Beijing Art. 6", {"per_item", "quota", "per_disease"}),
    "baotou/2025-1": ({"recognised": {"Work-Injury Insurance Regulations Art. 30"}},
                      "Work-Injury Insurance Regulations Art. 14(4)", {"per_item", "package_course"}),
    "shandong/2023-17": ({"recognised": {"Work-Injury Insurance Regulations Art. 30"}},
                         "Work-Injury Insurance Regulations Art. 14(4)",
                         {"per_item", "per_disease", "per_bed_day"}),
    "ningxia/tasklist": ({"recognised": {"Work-Injury Insurance Regulations Art. 30"}},
                         "Work-Injury Insurance Regulations Art. 14(4)",
                         {"per_item", "per_disease", "per_bed_day"}),
}


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.code)
def test_each_pack_lists_its_texts_rules(pack: PolicyPack) -> None:
    eligibility, od, methods = TABLE[pack.code]
    assert {k: short(v) for k, v in pack.eligibility.items()} == eligibility
    assert set(pack.payment_methods) == methods
    assert all(pack.payment_methods.values())  # every method on offer names its article
    # Eligibility: each listed rule refuses, citing its own article; unlisted ones do not.
    cases = {"recognised": facts(injury_recognised=False),
             "employment_ended": facts(employment_ended=True),
             "insurance_relation_ended": facts(insurance_relation_ended=True)}
    for rule, scenario in cases.items():
        found = packs.eligibility_findings(pack, **scenario)  # type: ignore[arg-type]
        if rule in eligibility:
            [error] = found
            assert all(s in error.en for s in eligibility[rule]) and not error.warning
        else:
            assert found == []
    maint = packs.eligibility_findings(pack, **facts(), stage="MAINT", disability_grade=7)  # type: ignore[arg-type]
    assert bool(maint) == ("maintenance_grade" in eligibility)
    # Occupational disease (category OD): accepted with its basis, or a warning naming the list.
    found = packs.category_findings(pack, "OD", KNOWN)
    if od is None:
        [warning] = found
        assert warning.warning and "Luzhou Art. 7" in warning.en
    else:
        assert found == [] and od in short(pack.occupational_disease)
    assert packs.category_findings(pack, "WI05", KNOWN) == []
    assert not packs.category_findings(pack, "XX", KNOWN)[0].warning


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.code)
def test_coverage_rules_and_topics_cite_articles(pack: PolicyPack) -> None:
    codes = [r.code for r in pack.coverage]
    assert codes[-1] == "fund_payable" and len(codes) == len(set(codes))
    assert all(r.articles for r in pack.coverage)
    assert set(pack.topics) == set(packs.TOPICS)
    nursing = pack.rule("nursing_during_inpatient_rehab")
    assert (nursing is not None) == (pack.region == "beijing")  # Beijing 15(4) only
    if nursing is not None:
        assert short(nursing.articles) == {"Beijing Art. 15(4)"}
    consent = pack.rule("out_of_scope_with_consent")
    assert (consent is not None) == (pack.region == "luzhou")  # Luzhou 31 only
    subsidy = pack.rule("after_one_off_subsidy")
    assert (subsidy is not None) == (pack.region == "luzhou")  # Luzhou 32(9) only


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.code)
def test_no_pack_cites_another_region(pack: PolicyPack) -> None:
    own = OWN_DOCUMENT[pack.region]
    articles: list[Article] = [a for r in pack.coverage for a in r.articles]
    articles += [a for t in pack.topics.values() for a in t]
    articles += [a for t in pack.eligibility.values() for a in t]
    articles += [a for t in pack.payment_methods.values() for a in t]
    articles += [a for c in pack.period_caps.values() for a in c.articles]
    articles += [*pack.occupational_disease, *pack.category_basis]
    assert {a.document for a in articles} <= SHARED | {own}


def test_only_beijing_caps_periods_as_the_reference_csv_says() -> None:
    assert [p.code for p in PACKS if p.period_caps] == ["beijing/2026-1"]
    caps = packs.BEIJING_2026.period_caps
    medical, vocational = (packs.period_rule(packs.BEIJING_2026, t) for t in ("medical", "vocational"))
    assert medical is not None and vocational is not None
    assert caps["medical"].max_months == int(re.match(r"(\d+) months", medical.limit_text)[1])  # type: ignore[index]
    usual, longest = map(int, re.findall(r"\d+", vocational.limit_text))
    assert (caps["vocational"].usual_days, caps["vocational"].max_days) == (usual, longest)
    assert short(caps["medical"].articles) == {"Beijing Art. 8(1)"}
    assert short(caps["vocational"].articles) == {"Beijing Art. 8(2)"}
    assert "第八条(二)" in vocational.source


@pytest.mark.parametrize(("days", "outcome"), [(60, None), (61, "warning"), (180, "warning"),
                                               (181, "stop")])
def test_vocational_period_60_usual_180_longest(days: int, outcome: str | None) -> None:
    start = date(2026, 2, 1)
    periods = [(start, date.fromordinal(start.toordinal() + days - 1))]
    found = packs.period_cap_findings(packs.BEIJING_2026, "vocational", periods)
    assert packs.period_cap_findings(packs.LUZHOU_2025, "vocational", periods) == []
    if outcome is None:
        assert found == []
    else:
        [finding] = found
        assert finding.warning == (outcome == "warning") and "Beijing Art. 8(2)" in finding.en


@pytest.mark.parametrize(("region", "on", "expected"), [
    ("luzhou", date(2025, 3, 23), "national/2011"),
    ("luzhou", date(2025, 3, 24), "luzhou/2025-1"),
    ("luzhou", date(2027, 3, 23), "luzhou/2025-1"),
    ("luzhou", date(2027, 3, 24), "national/2011"),
    ("beijing", date(2026, 1, 7), "national/2011"),
    ("beijing", date(2026, 1, 8), "beijing/2026-1"),
    ("baotou", date(2025, 6, 1), "baotou/2025-1"),
    ("shandong", date(2024, 1, 1), "shandong/2023-17"),
    ("ningxia", date(2001, 1, 1), "ningxia/tasklist"),
    ("shenzhen", date(2026, 6, 1), "national/2011"),
    ("national", date(2026, 6, 1), "national/2011"),
])
def test_pack_for_region_and_date(region: str, on: date, expected: str) -> None:
    assert pack_for(region, on).code == expected


def test_region_from_the_free_text_region() -> None:
    assert [packs.region_from_text(t) for t in ("泸州市", "北京市朝阳区", "淄博市", "深圳市", "")] == [
        "luzhou", "beijing", "shandong", "national", "national"]
