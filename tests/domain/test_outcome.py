"""When the latest assessments show no further benefit (Luzhou Art. 23) and the change
over the course per instrument."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.outcome import (
    Measure,
    grade_change_text,
    minimal_difference,
    suggests_ending,
    trend,
)

INSTRUMENTS = load_instruments()
BI_SCHEME = INSTRUMENTS["BI"].default_scheme


def bi(day: int, phase: str, total: int, grade: str) -> Measure:
    return Measure(date(2026, 4, day), phase, total, grade, BI_SCHEME)


@pytest.mark.parametrize(("code", "expected"), [
    ("BI", 5), ("MBI", 5), ("FIM", 6), ("FMA", 12), ("BBS", 3), ("MMSE", 2), ("GCS", 1),
    ("MMT", None), ("MAS", None), ("VAS_NRS", None), ("Brunnstrom", None)])
def test_minimal_difference_is_five_percent_of_the_range(code: str, expected: int | None) -> None:
    assert minimal_difference(INSTRUMENTS[code]) == expected


def test_an_institution_sets_its_own_minimal_difference() -> None:
    assert minimal_difference(INSTRUMENTS["FIM"], {"FIM": 22}) == 22
    assert minimal_difference(INSTRUMENTS["FIM"], {"FIM": 0, "BI": 10}) == 6  # nonsense ignored


def test_still_improving_is_not_an_end() -> None:
    history = [bi(3, "pre", 40, "重度依赖"), bi(20, "mid", 60, "中度依赖"), bi(28, "post", 70, "轻度依赖")]
    result = trend(INSTRUMENTS["BI"], history)
    assert (result.judged, result.no_further_benefit, result.change) == (True, False, 30)
    assert result.baseline.total == 40 and result.latest.total == 70
    assert "仍有改善" in result.verdict_zh
    assert grade_change_text(result.baseline, result.latest) == "重度依赖 → 轻度依赖"
    assert not suggests_ending([result])


def test_a_change_below_the_minimal_difference_without_a_better_grade_is_no_further_benefit() -> None:
    history = [bi(3, "pre", 40, "重度依赖"), bi(20, "mid", 65, "轻度依赖"), bi(28, "mid", 65, "轻度依赖")]
    result = trend(INSTRUMENTS["BI"], history)
    assert result.judged and result.no_further_benefit
    assert "小于最小差值 5 分" in result.verdict_zh and result.change == 25
    assert suggests_ending([result])


def test_a_fall_is_no_further_benefit() -> None:
    result = trend(INSTRUMENTS["BI"], [bi(3, "pre", 70, "轻度依赖"), bi(20, "mid", 60, "中度依赖")])
    assert result.no_further_benefit and "下降 10 分" in result.verdict_zh


def test_a_better_grade_is_a_benefit_even_when_the_step_is_small() -> None:
    bbs = INSTRUMENTS["BBS"]
    history = [Measure(date(2026, 4, 3), "pre", 38, "中跌倒风险(辅助步行)", "fall_risk"),
               Measure(date(2026, 4, 20), "mid", 40, "中跌倒风险(辅助步行)", "fall_risk"),
               Measure(date(2026, 4, 28), "post", 41, "低跌倒风险", "fall_risk")]
    assert minimal_difference(bbs) == 3
    result = trend(bbs, history)
    assert not result.no_further_benefit
    same_grade = trend(bbs, history[:2])
    assert same_grade.no_further_benefit  # +2 < 3, same band


def test_one_assessment_or_no_total_is_not_judged_and_never_suggests_an_end() -> None:
    single = trend(INSTRUMENTS["BI"], [bi(3, "pre", 40, "重度依赖")])
    pain = trend(INSTRUMENTS["VAS_NRS"], [Measure(date(2026, 4, 3), "pre", None, None),
                                          Measure(date(2026, 4, 9), "mid", None, None)])
    assert not single.judged and single.change == 0 and "仅一次" in single.verdict_zh
    assert not pain.judged and pain.change is None and "无总分" in pain.verdict_zh
    assert not suggests_ending([single, pain])
    assert not suggests_ending([])


def test_every_judged_instrument_must_have_stalled() -> None:
    stalled = trend(INSTRUMENTS["BI"], [bi(3, "pre", 60, "中度依赖"), bi(20, "mid", 60, "中度依赖")])
    gcs = INSTRUMENTS["GCS"]
    improving = trend(gcs, [Measure(date(2026, 4, 3), "pre", 9, "中度", "severity"),
                            Measure(date(2026, 4, 20), "mid", 11, "中度", "severity")])
    assert stalled.no_further_benefit and not improving.no_further_benefit
    assert not suggests_ending([stalled, improving])
    with pytest.raises(ValueError):
        trend(gcs, [])
