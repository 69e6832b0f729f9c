"""Each coverage rule, with the article it comes from (seeds: Baotou, Luzhou, Beijing)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain import coverage as cov

JUNE = (date(2026, 4, 1), date(2026, 6, 30))
CASE = cov.CaseFacts(setting="inpatient", approved_periods=(JUNE,),
                     approved_codes=frozenset({"RUN"}), injured_body_parts=frozenset({"右髋"}))
LINE = cov.LineFacts(category="rehab", national_code="RUN", occurred_on=date(2026, 5, 4))


def decided(line: cov.LineFacts = LINE, case: cov.CaseFacts = CASE) -> cov.Decision:
    return cov.classify(line, case)


def cites(rule: cov.CoverageRule, *shorts: str) -> bool:
    return {a.short for a in rule.articles} >= set(shorts)


def test_fund_payable_within_catalogue_and_approval_beijing_12_luzhou_29() -> None:
    d = decided()
    assert (d.coverage, d.rule) == ("fund", "fund_payable")
    assert cites(cov.FUND_PAYABLE, "Beijing Art. 12", "Luzhou Art. 29")
    assert "第十二条" in d.zh and "Beijing Art. 12" in d.en


def test_unapproved_case_excluded_luzhou_32_3_baotou_17_4() -> None:
    d = decided(case=replace(CASE, approved_periods=()))
    assert (d.coverage, d.rule) == ("excluded", "unapproved_case")
    assert cites(cov.UNAPPROVED_CASE, "Luzhou Art. 32(3)", "Baotou Art. 17(4)")
    assert "第三十二条第（三）项" in d.zh


def test_after_one_off_subsidy_excluded_luzhou_32_9() -> None:
    case = replace(CASE, one_off_subsidy_on=date(2026, 5, 4))
    assert decided(case=case).rule == "after_one_off_subsidy"
    assert decided(replace(LINE, occurred_on=date(2026, 5, 3)), case).coverage == "fund"
    assert cites(cov.ONE_OFF_SUBSIDY, "Luzhou Art. 32(9)")


def test_refused_to_leave_borne_by_worker_beijing_14_luzhou_32_7_baotou_17_3_and_23() -> None:
    case = replace(CASE, course_ended_on=date(2026, 5, 3), overstay_cause="worker_refused")
    d = decided(case=case)
    assert (d.coverage, d.rule) == ("worker", "refused_to_leave")
    assert decided(replace(LINE, occurred_on=date(2026, 5, 3)), case).coverage == "fund"
    assert cites(cov.REFUSED_TO_LEAVE, "Beijing Art. 14 para. 2", "Luzhou Art. 32(7)",
                 "Baotou Art. 17(3)", "Baotou Art. 23")


def test_not_discharged_after_the_end_borne_by_institution_beijing_14() -> None:
    case = replace(CASE, course_ended_on=date(2026, 5, 3), overstay_cause="institution")
    d = decided(case=case)
    assert (d.coverage, d.rule) == ("institution", "not_discharged_after_end")
    assert cites(cov.NOT_DISCHARGED, "Beijing Art. 14 para. 2")


def test_beyond_approved_period_excluded_luzhou_32_1_and_10_beijing_15_3() -> None:
    d = decided(replace(LINE, occurred_on=date(2026, 7, 1)))
    assert (d.coverage, d.rule) == ("excluded", "beyond_approved_period")
    assert cites(cov.BEYOND_PERIOD, "Luzhou Art. 32(1)", "Luzhou Art. 32(10)", "Beijing Art. 15(3)")


def test_extension_continues_the_period() -> None:
    case = replace(CASE, approved_periods=(JUNE, (date(2026, 7, 1), date(2026, 8, 31))))
    assert decided(replace(LINE, occurred_on=date(2026, 7, 15)), case).coverage == "fund"


def test_daily_necessities_excluded_baotou_17_1_luzhou_32_4_beijing_15_1() -> None:
    d = decided(replace(LINE, category="other", charge_kind="daily_necessity"))
    assert (d.coverage, d.rule) == ("excluded", "daily_necessities")
    assert cites(cov.DAILY_NECESSITIES, "Baotou Art. 17(1)", "Luzhou Art. 32(4)", "Beijing Art. 15(1)")


def test_nursing_during_inpatient_rehab_excluded_beijing_15_4() -> None:
    nursing = replace(LINE, category="medical", charge_kind="nursing")
    assert decided(nursing).rule == "nursing_during_inpatient_rehab"
    assert decided(nursing, replace(CASE, setting="outpatient")).coverage == "fund"
    assert cites(cov.NURSING_INPATIENT, "Beijing Art. 15(4)")


def test_non_injury_illness_excluded_luzhou_32_8_beijing_15_2() -> None:
    d = decided(replace(LINE, category="drug", charge_kind="non_injury_illness"))
    assert (d.coverage, d.rule) == ("excluded", "non_injury_illness")
    assert cites(cov.NON_INJURY_ILLNESS, "Luzhou Art. 32(8)", "Beijing Art. 15(2)")


def test_non_injured_part_excluded_baotou_17_2_luzhou_32_8_beijing_15_2() -> None:
    assert decided(replace(LINE, body_part="左肩")).rule == "non_injured_part"
    assert decided(replace(LINE, body_part="右髋")).coverage == "fund"
    assert cites(cov.NON_INJURED_PART, "Baotou Art. 17(2)", "Luzhou Art. 32(8)", "Beijing Art. 15(2)")


def test_aggravation_or_refused_treatment_excluded_luzhou_32_5_beijing_15_5() -> None:
    assert decided(replace(LINE, charge_kind="aggravation")).rule == "aggravation_or_refusal"
    assert cites(cov.AGGRAVATION, "Luzhou Art. 32(5)", "Beijing Art. 15(5)")


def test_medical_accident_excluded_luzhou_32_6() -> None:
    assert decided(replace(LINE, charge_kind="medical_accident")).rule == "medical_accident"
    assert cites(cov.MEDICAL_ACCIDENT, "Luzhou Art. 32(6)")


def test_out_of_scope_with_signed_consent_self_paid_luzhou_31() -> None:
    line = replace(LINE, category="drug", national_code="X-DRUG", in_catalogue=False)
    case = replace(CASE, consents=(cov.Consent(7, frozenset({"X-DRUG"}), date(2026, 5, 1)),))
    d = decided(line, case)
    assert (d.coverage, d.rule, d.consent_id) == ("self_paid", "out_of_scope_with_consent", 7)
    assert cites(cov.OUT_OF_SCOPE_CONSENTED, "Luzhou Art. 31")
    # a consent signed after the use does not cover it
    late = replace(CASE, consents=(cov.Consent(7, frozenset({"X-DRUG"}), date(2026, 5, 5)),))
    assert decided(line, late).coverage == "institution"


def test_out_of_scope_without_consent_borne_by_institution_luzhou_31() -> None:
    d = decided(replace(LINE, category="drug", national_code="X-DRUG", in_catalogue=False))
    assert (d.coverage, d.rule) == ("institution", "out_of_scope_without_consent")
    assert cites(cov.OUT_OF_SCOPE, "Luzhou Art. 31")


def test_rehab_item_not_approved_excluded_beijing_15_6_luzhou_29() -> None:
    assert decided(replace(LINE, national_code="OTHER")).rule == "beyond_approved_items"
    # medical and drug charges are not approved item by item
    assert decided(replace(LINE, national_code="OTHER", category="medical")).coverage == "fund"
    assert cites(cov.BEYOND_ITEMS, "Beijing Art. 15(6)", "Luzhou Art. 29")


def test_beyond_approved_count_excluded_beijing_13_and_15_6() -> None:
    assert decided(replace(LINE, over_approved_count=True)).rule == "beyond_approved_count"
    assert cites(cov.BEYOND_COUNT, "Beijing Art. 13", "Beijing Art. 15(6)")


@pytest.mark.parametrize("rule", cov.RULES, ids=lambda r: r.code)
def test_every_rule_names_a_document_article_and_class(rule: cov.CoverageRule) -> None:
    assert rule.coverage in cov.COVERAGE_CLASSES
    assert rule.articles and all(a.document.startswith("《") and "条" in a.article
                                 for a in rule.articles)
    assert len(rule.code) <= 100  # fits fee_line.coverage_rule


def test_case_exclusions_come_before_the_end_of_the_course() -> None:
    case = replace(CASE, approved_periods=(), course_ended_on=date(2026, 5, 1),
                   overstay_cause="worker_refused")
    assert decided(case=case).rule == "unapproved_case"
