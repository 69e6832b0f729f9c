"""Payment methods and the fen: Decimal only, ROUND_HALF_UP once per line or settlement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.rules.payment_methods import (
    Stay,
    bed_days,
    courses_ending,
    line_amount,
    parse_terms,
    settle,
)

STAY = Stay(date(2026, 4, 3), date(2026, 5, 20), ((date(2026, 4, 1), date(2026, 6, 30)),),
            disease_category="WI05")


def test_line_amount_rounds_half_up_to_the_fen() -> None:
    assert line_amount(Decimal("0.125"), Decimal(1)) == Decimal("0.13")
    assert line_amount(Decimal("33.3333"), Decimal(3)) == Decimal("100.00")
    assert line_amount(Decimal("12.345"), Decimal("-1")) == Decimal("-12.35")  # reversals mirror


def test_bed_days_count_admission_not_discharge_and_only_approved_days() -> None:
    assert bed_days(STAY, date(2026, 4, 1), date(2026, 4, 30)) == 28  # 3rd..30th
    assert bed_days(STAY, date(2026, 5, 1), date(2026, 5, 31)) == 19  # 1st..19th
    short = Stay(STAY.admission, STAY.discharge, ((date(2026, 4, 1), date(2026, 5, 10)),))
    assert bed_days(short, date(2026, 5, 1), date(2026, 5, 31)) == 10
    ended = Stay(STAY.admission, STAY.discharge, STAY.approved_periods, date(2026, 5, 15))
    assert bed_days(ended, date(2026, 5, 1), date(2026, 5, 31)) == 15


def test_courses_are_paid_when_they_end_and_the_last_at_discharge() -> None:
    # 28-day courses from 4-3: 4-3..4-30, 5-1..5-28 cut short by the discharge on 5-20
    assert courses_ending(STAY, 28, date(2026, 4, 1), date(2026, 4, 30)) == 1
    assert courses_ending(STAY, 28, date(2026, 5, 1), date(2026, 5, 31)) == 1
    assert courses_ending(STAY, 28, STAY.admission, date(2026, 5, 20)) == 2


def test_settlements_under_each_method() -> None:
    items = Decimal("1234.56")
    per_item = settle(parse_terms("per_item", {})[0], STAY, date(2026, 4, 1), date(2026, 4, 30),
                      final=False, items_fund_amount=items)
    assert per_item.fund_amount == items and per_item.difference == 0
    terms, errors = parse_terms("per_bed_day", {"rate": "320.005"})
    assert errors == [] and terms.rate == Decimal("320.01")
    bed = settle(terms, STAY, date(2026, 4, 1), date(2026, 4, 30), final=False, items_fund_amount=items)
    assert bed.units == 28 and bed.fund_amount == Decimal("8960.28")
    assert bed.difference == Decimal("8960.28") - items
    disease = parse_terms("per_disease", {"quotas": {"WI05": "18000"}})[0]
    assert settle(disease, STAY, date(2026, 4, 1), date(2026, 4, 30), final=False,
                  items_fund_amount=items).fund_amount == 0
    assert settle(disease, STAY, STAY.admission, date(2026, 5, 20), final=True,
                  items_fund_amount=items).fund_amount == Decimal("18000.00")
    package = parse_terms("package_course", {"rate": "9000", "course_days": 28})[0]
    assert settle(package, STAY, STAY.admission, date(2026, 5, 20), final=True,
                  items_fund_amount=items).fund_amount == Decimal("18000.00")


def test_bad_terms_are_refused_bilingually() -> None:
    assert parse_terms("per_head", {})[1][0].en.startswith("Payment method not supported")
    assert parse_terms("per_bed_day", {})[1]
    assert parse_terms("per_bed_day", {"rate": 320.5})[1]  # a float is refused
    assert parse_terms("package_course", {"rate": "1"})[1]


def test_only_the_packs_methods_with_its_article() -> None:
    from desktop_app.domain.rules import packs
    from desktop_app.domain.rules.payment_methods import pack_method_errors, terms_text

    assert pack_method_errors(packs.LUZHOU_2025, "per_item") == []
    [refused] = pack_method_errors(packs.LUZHOU_2025, "quota")
    assert "Luzhou Art. 28" in refused.en and "第二十八条" in refused.zh and not refused.warning
    assert pack_method_errors(packs.BEIJING_2026, "quota") == []
    assert pack_method_errors(packs.BAOTOU_2025, "package_course") == []
    assert "Baotou" not in pack_method_errors(packs.BEIJING_2026, "package_course")[0].en
    terms, _ = parse_terms("package_course", {"rate": "9000.00", "course_days": 28})
    assert terms_text(terms, packs.BAOTOU_2025) == (
        "按疗程打包，费率 9000.00 元，每疗程 28 天（《包头市工伤康复实施办法（试行）》第十九条）",
        "package per course, rate 9000.00, 28-day course (Baotou Art. 19)")
