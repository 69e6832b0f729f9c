"""Coverage per pack: every rule each pack lists, with its class and the articles of that
pack's own text; and the same line under two packs gets the two texts' answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.rules import coverage as cov
from desktop_app.domain.rules import packs as P
from desktop_app.domain.vocabulary import COVERAGE_CLASSES

JUNE = (date(2026, 4, 1), date(2026, 6, 30))
CASE = cov.CaseFacts(setting="inpatient", approved_periods=(JUNE,),
                     approved_codes=frozenset({"RUN"}), injured_body_parts=frozenset({"右髋"}))
LINE = cov.LineFacts(category="rehab", national_code="RUN", occurred_on=date(2026, 5, 4))
ENDED = date(2026, 5, 3)


def _consent(code: str) -> tuple[cov.Consent, ...]:
    return (cov.Consent(7, frozenset({code}), date(2026, 5, 1)),)


# One scenario per rule: the facts that make that rule (and no earlier one) apply.
SCENARIOS: dict[str, tuple[cov.LineFacts, cov.CaseFacts]] = {
    "unapproved_case": (LINE, replace(CASE, approved_periods=())),
    "after_one_off_subsidy": (LINE, replace(CASE, one_off_subsidy_on=LINE.occurred_on)),
    "refused_to_leave": (LINE, replace(CASE, course_ended_on=ENDED,
                                       overstay_cause="worker_refused")),
    "not_discharged_after_end": (LINE, replace(CASE, course_ended_on=ENDED,
                                               overstay_cause="institution")),
    "after_course_end": (LINE, replace(CASE, course_ended_on=ENDED, overstay_cause="institution")),
    "beyond_approved_period": (replace(LINE, occurred_on=date(2026, 7, 1)), CASE),
    "daily_necessities": (replace(LINE, category="other", charge_kind="daily_necessity"), CASE),
    "nursing_during_inpatient_rehab": (replace(LINE, category="medical", charge_kind="nursing"),
                                       CASE),
    "non_injury_illness": (replace(LINE, category="drug", charge_kind="non_injury_illness"), CASE),
    "non_injured_part": (replace(LINE, body_part="左肩"), CASE),
    "aggravation_or_refusal": (replace(LINE, charge_kind="aggravation"), CASE),
    "medical_accident": (replace(LINE, charge_kind="medical_accident"), CASE),
    "out_of_scope_with_consent": (
        replace(LINE, category="drug", national_code="X-DRUG", in_catalogue=False),
        replace(CASE, consents=_consent("X-DRUG"))),
    "out_of_scope_without_consent": (
        replace(LINE, category="drug", national_code="X-DRUG", in_catalogue=False), CASE),
    "out_of_catalogue": (
        replace(LINE, category="drug", national_code="X-DRUG", in_catalogue=False), CASE),
    "unapproved_item_with_consent": (replace(LINE, national_code="OTHER"),
                                     replace(CASE, consents=_consent("OTHER"))),
    "beyond_approved_items": (replace(LINE, national_code="OTHER"), CASE),
    "record_conflict": (replace(LINE, record_conflict="patient_overlap"), CASE),
    "beyond_catalogue_limit": (replace(LINE, catalogue_limit="max_per_day"), CASE),
    "beyond_approved_count": (replace(LINE, over_approved_count=True), CASE),
    "beyond_plan": (replace(LINE, beyond_plan=True), CASE),
    "fund_payable": (LINE, CASE),
}

REG, SPEC = "Work-Injury Insurance Regulations Art. 30", "MOHRSS 2013 No. 30"
BASE = {
    "unapproved_case": ("excluded", (REG,)), "after_course_end": ("excluded", (REG,)),
    "beyond_approved_period": ("excluded", (REG,)), "daily_necessities": ("excluded", (REG,)),
    "non_injury_illness": ("excluded", (REG,)), "non_injured_part": ("excluded", (REG,)),
    "aggravation_or_refusal": ("excluded", ("Work-Injury Insurance Regulations Art. 42(3)",)),
    "out_of_catalogue": ("excluded", (REG,)), "beyond_approved_items": ("excluded", (REG,)),
    "record_conflict": ("excluded", (REG, "Institution setting: ward rules and opening hours")),
    "beyond_catalogue_limit": ("excluded", (SPEC, REG)),
    "beyond_approved_count": ("excluded", (REG,)), "beyond_plan": ("excluded", (REG,)),
    "fund_payable": ("fund", (REG,)),
}
LZ = {
    "unapproved_case": ("excluded", ("Luzhou Art. 32(3)",)),
    "after_one_off_subsidy": ("excluded", ("Luzhou Art. 32(9)",)),
    "refused_to_leave": ("worker", ("Luzhou Art. 32(7)",)),
    "after_course_end": ("excluded", ("Luzhou Art. 32(10)",)),
    "beyond_approved_period": ("excluded", ("Luzhou Art. 32(1)", "Luzhou Art. 32(10)")),
    "daily_necessities": ("excluded", ("Luzhou Art. 32(4)",)),
    "non_injury_illness": ("excluded", ("Luzhou Art. 32(8)",)),
    "non_injured_part": ("excluded", (REG,)),
    "aggravation_or_refusal": ("excluded", ("Luzhou Art. 32(5)",)),
    "medical_accident": ("excluded", ("Luzhou Art. 32(6)",)),
    "out_of_scope_with_consent": ("self_paid", ("Luzhou Art. 31",)),
    "out_of_scope_without_consent": ("institution", ("Luzhou Art. 31",)),
    "unapproved_item_with_consent": ("self_paid", ("Luzhou Art. 29", "Luzhou Art. 31")),
    "beyond_approved_items": ("institution", ("Luzhou Art. 29", "Luzhou Art. 31")),
    "record_conflict": ("excluded", ("Luzhou Art. 29",)),
    "beyond_catalogue_limit": ("excluded", ("Luzhou Art. 9", "Luzhou Art. 29")),
    "beyond_approved_count": ("excluded", ("Luzhou Art. 29",)),
    "beyond_plan": ("excluded", ("Luzhou Art. 32(1)",)),
    "fund_payable": ("fund", ("Luzhou Art. 9", "Luzhou Art. 29")),
}
BJ = {
    "unapproved_case": ("excluded", ("Beijing Art. 7", "Beijing Art. 15(6)")),
    "refused_to_leave": ("worker", ("Beijing Art. 14 para. 2",)),
    "not_discharged_after_end": ("institution", ("Beijing Art. 14 para. 2",)),
    "beyond_approved_period": ("excluded", ("Beijing Art. 15(3)",)),
    "daily_necessities": ("excluded", ("Beijing Art. 15(1)",)),
    "nursing_during_inpatient_rehab": ("excluded", ("Beijing Art. 15(4)",)),
    "non_injury_illness": ("excluded", ("Beijing Art. 15(2)",)),
    "non_injured_part": ("excluded", (REG,)),
    "aggravation_or_refusal": ("excluded", ("Beijing Art. 15(5)",)),
    "out_of_catalogue": ("excluded", ("Beijing Art. 12", "Beijing Art. 13")),
    "beyond_approved_items": ("excluded", ("Beijing Art. 15(6)",)),
    "record_conflict": ("excluded", ("Beijing Art. 13",)),
    "beyond_catalogue_limit": ("excluded", ("Beijing Art. 12", "Beijing Art. 13")),
    "beyond_approved_count": ("excluded", ("Beijing Art. 13", "Beijing Art. 15(6)")),
    "beyond_plan": ("excluded", ("Beijing Art. 13",)),
    "fund_payable": ("fund", ("Beijing Art. 12",)),
}
BT = {**BASE,
      "unapproved_case": ("excluded", ("Baotou Art. 17(4)",)),
      "refused_to_leave": ("worker", ("Baotou Art. 17(3)", "Baotou Art. 23")),
      "beyond_approved_period": ("excluded", ("Baotou Art. 17(4)",)),
      "daily_necessities": ("excluded", ("Baotou Art. 17(1)",)),
      "non_injured_part": ("excluded", ("Baotou Art. 17(2)",)),
      "beyond_approved_items": ("excluded", ("Baotou Art. 17(4)",)),
      "record_conflict": ("excluded", ("Baotou Art. 21", REG)),
      "beyond_approved_count": ("excluded", ("Baotou Art. 17(4)",))}
SD = {**BASE, "fund_payable": ("fund", ("Shandong §三(五)", REG))}
NX = {**BASE, "fund_payable": ("fund", ("Ningxia No. 2", REG))}
# By pack code (packs hold mappings, so they are not hashable).
EXPECTED = {P.BASELINE.code: BASE, P.LUZHOU_2025.code: LZ, P.BEIJING_2026.code: BJ,
            P.BAOTOU_2025.code: BT, P.SHANDONG_2023.code: SD, P.NINGXIA_LIST.code: NX}
PACK_CODES = list(EXPECTED)
CASES = [(pack, code) for pack, table in EXPECTED.items() for code in table]
REGION_NAMES = ("Luzhou", "Beijing", "Baotou", "Shandong", "Ningxia")
OWN = {P.LUZHOU_2025.code: "Luzhou", P.BEIJING_2026.code: "Beijing",
       P.BAOTOU_2025.code: "Baotou", P.SHANDONG_2023.code: "Shandong",
       P.NINGXIA_LIST.code: "Ningxia", P.BASELINE.code: None}


def decided(pack: P.PolicyPack, line: cov.LineFacts = LINE,
            case: cov.CaseFacts = CASE) -> cov.Decision:
    return cov.classify(line, case, pack)


@pytest.mark.parametrize("code", PACK_CODES)
def test_the_table_lists_exactly_the_packs_rules(code: str) -> None:
    pack = P.pack_by_code(code)
    assert {r.code for r in pack.coverage} == set(EXPECTED[code])
    assert pack.coverage[-1].code == "fund_payable"


@pytest.mark.parametrize(("pack_code", "code"), CASES)
def test_each_rule_of_each_pack_with_its_class_and_articles(pack_code: str, code: str) -> None:
    pack = P.pack_by_code(pack_code)
    coverage, shorts = EXPECTED[pack_code][code]
    d = decided(pack, *SCENARIOS[code])
    assert (d.rule, d.coverage) == (code, coverage)
    assert all(s in d.en for s in shorts), d.en
    others = [name for name in REGION_NAMES if name != OWN[pack_code]]
    assert not any(name in d.en for name in others), d.en  # never another region's text
    zh_docs = {a.document for r in pack.coverage for a in r.articles}
    assert any(doc in d.zh for doc in zh_docs)


def test_nursing_during_inpatient_rehab_beijing_15_4_but_fund_in_luzhou() -> None:
    nursing = SCENARIOS["nursing_during_inpatient_rehab"][0]
    bj, lz = decided(P.BEIJING_2026, nursing), decided(P.LUZHOU_2025, nursing)
    assert (bj.coverage, bj.rule) == ("excluded", "nursing_during_inpatient_rehab")
    assert "Beijing Art. 15(4)" in bj.en
    assert (lz.coverage, lz.rule) == ("fund", "fund_payable") and "Beijing" not in lz.en
    # outpatient nursing is not the inpatient rule, even in Beijing
    assert decided(P.BEIJING_2026, nursing, replace(CASE, setting="outpatient")).coverage == "fund"


def test_out_of_scope_with_consent_self_paid_in_luzhou_31_excluded_in_beijing_12_13() -> None:
    line, case = SCENARIOS["out_of_scope_with_consent"]
    lz, bj = decided(P.LUZHOU_2025, line, case), decided(P.BEIJING_2026, line, case)
    assert (lz.coverage, lz.consent_id) == ("self_paid", 7) and "Luzhou Art. 31" in lz.en
    assert (bj.coverage, bj.rule, bj.consent_id) == ("excluded", "out_of_catalogue", None)
    assert "Beijing Art. 12" in bj.en and "Beijing Art. 13" in bj.en
    # a consent signed after the use does not cover it
    late = replace(case, consents=(cov.Consent(7, frozenset({"X-DRUG"}), date(2026, 5, 5)),))
    assert decided(P.LUZHOU_2025, line, late).coverage == "institution"


def test_refused_to_leave_worker_under_beijing_14_and_luzhou_32_7() -> None:
    line, case = SCENARIOS["refused_to_leave"]
    bj, lz = decided(P.BEIJING_2026, line, case), decided(P.LUZHOU_2025, line, case)
    assert bj.coverage == lz.coverage == "worker"
    assert "Beijing Art. 14 para. 2" in bj.en and "Luzhou Art. 32(7)" in lz.en
    # the course's last day is still the fund's
    assert decided(P.LUZHOU_2025, replace(line, occurred_on=ENDED), case).coverage == "fund"


def test_after_the_course_end_institution_under_beijing_14_excluded_under_luzhou_32_10() -> None:
    line, case = SCENARIOS["not_discharged_after_end"]
    bj, lz = decided(P.BEIJING_2026, line, case), decided(P.LUZHOU_2025, line, case)
    assert (bj.coverage, bj.rule) == ("institution", "not_discharged_after_end")
    assert (lz.coverage, lz.rule) == ("excluded", "after_course_end")
    assert "Beijing Art. 14 para. 2" in bj.en and "Luzhou Art. 32(10)" in lz.en


def test_luzhou_consent_decides_an_unapproved_catalogue_item_29_31() -> None:
    line, consented = SCENARIOS["unapproved_item_with_consent"]
    d = decided(P.LUZHOU_2025, line, consented)
    assert (d.coverage, d.rule, d.consent_id) == ("self_paid", "unapproved_item_with_consent", 7)
    assert decided(P.LUZHOU_2025, line).coverage == "institution"
    # Beijing has no consent rule: the item is beyond the approval, whatever was signed
    assert decided(P.BEIJING_2026, line, consented).coverage == "excluded"
    # medical and drug charges are not approved item by item
    assert decided(P.LUZHOU_2025, replace(line, category="medical")).coverage == "fund"


@pytest.mark.parametrize("pack_code", PACK_CODES)
@pytest.mark.parametrize("limit", ["beyond_plan", "beyond_approved_count",
                                   "beyond_catalogue_limit", "record_conflict"])
def test_limits_are_never_fund_even_with_a_consent(pack_code: str, limit: str) -> None:
    line, _case = SCENARIOS[limit]
    d = decided(P.pack_by_code(pack_code), line, replace(CASE, consents=_consent("RUN")))
    assert (d.coverage, d.rule) == ("excluded", limit)


def test_case_exclusions_come_before_the_end_of_the_course() -> None:
    case = replace(CASE, approved_periods=(), course_ended_on=ENDED,
                   overstay_cause="worker_refused")
    for code in EXPECTED:
        assert decided(P.pack_by_code(code), case=case).rule == "unapproved_case"


def test_extension_continues_the_period() -> None:
    case = replace(CASE, approved_periods=(JUNE, (date(2026, 7, 1), date(2026, 8, 31))))
    assert decided(P.LUZHOU_2025, replace(LINE, occurred_on=date(2026, 7, 15)), case).coverage \
        == "fund"


def test_every_listed_rule_exists_and_fits_the_column() -> None:
    for code in EXPECTED:
        for listed in P.pack_by_code(code).coverage:
            assert listed.code in cov.RULES_BY_CODE and len(listed.code) <= 100
            assert listed.coverage in COVERAGE_CLASSES and listed.articles
