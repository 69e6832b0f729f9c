"""The vocational (WAI) and psychological screening (PHQ-9, GAD-7) instruments: allowed
values, every band's boundaries, the cited source, and which direction is an improvement."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.instruments import load_instruments, preview, safety_warnings, score
from desktop_app.domain.outcome import Measure, minimal_difference, suggests_ending, trend
from desktop_app.errors import ValidationFailed

INSTRUMENTS = load_instruments()


def spread(code: str, total: int) -> dict[str, object]:
    """Values of ``code`` adding up to ``total``: each item raised in turn from its lowest
    allowed value, one allowed step at a time."""
    items = INSTRUMENTS[code].items
    chosen = {item.key: 0 for item in items}  # index into allowed
    def current() -> int:
        return sum(int(item.allowed[chosen[item.key]]) for item in items)
    while current() < total:
        for item in items:
            index = chosen[item.key]
            if index + 1 < len(item.allowed) and current() - int(item.allowed[index]) + int(
                    item.allowed[index + 1]) <= total:
                chosen[item.key] += 1
                break
        else:
            raise AssertionError(f"{code}: cannot reach {total}")
    return {item.key: item.allowed[chosen[item.key]] for item in items}


PHQ9_BANDS = [(0, "无或极轻微抑郁"), (4, "无或极轻微抑郁"), (5, "轻度抑郁"), (9, "轻度抑郁"),
              (10, "中度抑郁"), (14, "中度抑郁"), (15, "中重度抑郁"), (19, "中重度抑郁"),
              (20, "重度抑郁"), (27, "重度抑郁")]
GAD7_BANDS = [(0, "无或极轻微焦虑"), (4, "无或极轻微焦虑"), (5, "轻度焦虑"), (9, "轻度焦虑"),
              (10, "中度焦虑"), (14, "中度焦虑"), (15, "重度焦虑"), (21, "重度焦虑")]
WAI_BANDS = [(7, "差（恢复工作能力）"), (27, "差（恢复工作能力）"), (28, "中（改善工作能力）"),
             (36, "中（改善工作能力）"), (37, "良（支持工作能力）"), (43, "良（支持工作能力）"),
             (44, "优（保持工作能力）"), (49, "优（保持工作能力）")]


@pytest.mark.parametrize(("code", "total", "grade"),
                         [("PHQ9", t, g) for t, g in PHQ9_BANDS] + [("GAD7", t, g) for t, g in GAD7_BANDS]
                         + [("WAI", t, g) for t, g in WAI_BANDS])
def test_every_band_boundary(code: str, total: int, grade: str) -> None:
    values = spread(code, total)
    result = score(code, values)
    assert (result.total, result.grade_zh) == (total, grade)
    assert result.scheme == INSTRUMENTS[code].default_scheme
    assert preview(code, values).complete and preview(code, values).grade_zh == grade


def test_structures_and_sources() -> None:
    phq, gad, wai = INSTRUMENTS["PHQ9"], INSTRUMENTS["GAD7"], INSTRUMENTS["WAI"]
    assert (len(phq.items), phq.total_range) == (9, (0, 27))
    assert (len(gad.items), gad.total_range) == (7, (0, 21))
    assert (len(wai.items), wai.total_range) == (7, (7, 49))
    assert all(item.allowed == (0, 1, 2, 3) for item in (*phq.items, *gad.items))
    assert wai.item("wai3").allowed == (1, 2, 3, 4, 5, 7)  # 6 is not a WAI score
    assert wai.item("wai6").allowed == (1, 4, 7)
    assert (phq.category, gad.category, wai.category) == ("psychological", "psychological", "vocational")
    assert "Kroenke" in phq.source and "Spitzer" in gad.source and "Tuomi" in wai.source
    assert not phq.higher_is_better and not gad.higher_is_better and wai.higher_is_better


@pytest.mark.parametrize(("code", "key", "bad"), [("PHQ9", "phq9_1", 4), ("GAD7", "gad7_7", -1),
                                                  ("WAI", "wai3", 6), ("WAI", "wai6", 2),
                                                  ("WAI", "wai2", 1)])
def test_values_the_instrument_does_not_have_are_refused(code: str, key: str, bad: int) -> None:
    values = spread(code, INSTRUMENTS[code].total_range[0])  # type: ignore[index]
    values[key] = bad
    with pytest.raises(ValidationFailed) as caught:
        score(code, values)
    assert any(e.key == f"values.{key}" for e in caught.value.errors)


def test_an_unanswered_item_is_refused() -> None:
    values = spread("PHQ9", 12)
    del values["phq9_9"]
    with pytest.raises(ValidationFailed) as caught:
        score("PHQ9", values)
    assert any(e.key == "values.phq9_9" for e in caught.value.errors)
    assert not preview("PHQ9", values).complete


def phq(day: int, phase: str, total: int) -> Measure:
    return Measure(date(2026, 4, day), phase, total,
                   score("PHQ9", spread("PHQ9", total)).grade_zh, "symptom_severity")


def test_a_fall_of_a_screening_score_is_the_improvement() -> None:
    assert minimal_difference(INSTRUMENTS["PHQ9"]) == 2 and minimal_difference(INSTRUMENTS["GAD7"]) == 2
    falling = trend(INSTRUMENTS["PHQ9"], [phq(3, "pre", 16), phq(20, "mid", 11), phq(28, "post", 6)])
    assert falling.judged and not falling.no_further_benefit and falling.change == -10
    assert "降低 5 分，仍有改善" in falling.verdict_zh
    rising = trend(INSTRUMENTS["PHQ9"], [phq(3, "pre", 6), phq(20, "mid", 12)])
    assert rising.no_further_benefit and "升高 6 分" in rising.verdict_zh
    flat = trend(INSTRUMENTS["PHQ9"], [phq(3, "pre", 12), phq(20, "mid", 11)])
    assert flat.no_further_benefit and suggests_ending([flat])
    # One point down but into a milder band (10 → 9: 中度 → 轻度) is a benefit.
    better_band = trend(INSTRUMENTS["PHQ9"], [phq(3, "pre", 10), phq(20, "mid", 9)])
    assert not better_band.no_further_benefit


def test_work_ability_rises_when_better() -> None:
    def wai(day: int, total: int) -> Measure:
        return Measure(date(2026, 4, day), "mid", total,
                       score("WAI", spread("WAI", total)).grade_zh, "work_ability")
    assert not trend(INSTRUMENTS["WAI"], [wai(3, 20), wai(20, 30)]).no_further_benefit
    assert trend(INSTRUMENTS["WAI"], [wai(3, 30), wai(20, 25)]).no_further_benefit


def test_phq9_item_9_above_zero_warns_whatever_the_total() -> None:
    quiet = {f"phq9_{i}": 0 for i in range(1, 10)}
    assert safety_warnings("PHQ9", quiet) == []
    assert safety_warnings("PHQ9", {**quiet, "phq9_1": 3, "phq9_2": 3}) == []  # item 9 at 0
    warned = safety_warnings("PHQ9", {**quiet, "phq9_9": 1})  # total 1: "minimal", still warned
    assert len(warned) == 1 and warned[0].warning and warned[0].key == "values.phq9_9"
    assert "自伤" in warned[0].zh and "self-harm" in warned[0].en
    assert safety_warnings("GAD7", {f"gad7_{i}": 3 for i in range(1, 8)}) == []
