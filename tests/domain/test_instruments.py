"""Assessment instruments: allowed values, totals and grades from the shipped definitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.instruments import Instrument, load_instruments, score
from desktop_app.errors import ValidationFailed

INSTRUMENTS = load_instruments()


def test_all_fourteen_instruments_load() -> None:
    assert set(INSTRUMENTS) == {"BI", "MBI", "FIM", "FMA", "MMT", "MAS", "GCS", "BBS", "MMSE",
                                "VAS_NRS", "Brunnstrom", "PHQ9", "GAD7", "WAI"}
    assert len(INSTRUMENTS["BI"].items) == 10 and len(INSTRUMENTS["BBS"].items) == 14
    assert len(INSTRUMENTS["FIM"].items) == 18
    assert INSTRUMENTS["MAS"].open_grades == ("0", "1", "1+", "2", "3", "4")


def values_for(instrument: Instrument) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({i.key: st.sampled_from(i.allowed) for i in instrument.items})


@pytest.mark.parametrize("code", ["BI", "MBI", "FIM", "BBS", "GCS", "MMSE"])
@given(data=st.data())
def test_any_allowed_values_score_within_range(code: str, data: st.DataObject) -> None:
    instrument = INSTRUMENTS[code]
    values = data.draw(values_for(instrument))
    result = score(code, values)
    assert result.total == sum(values.values())  # type: ignore[arg-type]
    low, high = instrument.total_range or (0, 0)
    assert low <= result.total <= high
    if instrument.default_scheme:
        assert result.grade_zh is not None and result.scheme == instrument.default_scheme


@pytest.mark.parametrize("code", ["BI", "MBI", "FIM", "BBS", "GCS", "MMSE", "FMA"])
@given(data=st.data())
def test_a_value_outside_the_allowed_set_is_refused(code: str, data: st.DataObject) -> None:
    instrument = INSTRUMENTS[code]
    values = {i.key: i.allowed[0] for i in instrument.items}
    item = data.draw(st.sampled_from(instrument.items))
    bad = data.draw(st.integers(-50, 300).filter(lambda v: v not in item.allowed))
    values[item.key] = bad
    with pytest.raises(ValidationFailed) as caught:
        score(code, values)
    assert any(e.key == f"values.{item.key}" for e in caught.value.errors)
    assert str(bad) in caught.value.zh


@pytest.mark.parametrize(("total_items", "grade"), [(0, "重度依赖"), (8, "重度依赖"),
                                                    (9, "中度依赖"), (12, "中度依赖"),
                                                    (13, "轻度依赖"), (19, "轻度依赖"),
                                                    (20, "无需依赖")])
def test_barthel_grades(total_items: int, grade: str) -> None:
    # Raise items in order, one 5-point step at a time: total = 5 × steps (40 → 重度, 45 → 中度).
    values: dict[str, object] = {}
    steps = total_items
    for item in INSTRUMENTS["BI"].items:
        take = min(steps, len(item.allowed) - 1)
        values[item.key] = item.allowed[take]
        steps -= take
    result = score("BI", values)
    assert result.grade_zh == grade, result


def test_other_grading_scheme_is_stored_with_the_result() -> None:
    schemes = list(INSTRUMENTS["BI"].schemes)
    values = {i.key: i.allowed[0] for i in INSTRUMENTS["BI"].items}
    result = score("BI", values, scheme=schemes[1])
    assert result.scheme == schemes[1] and result.grade_zh == "完全依赖"
    with pytest.raises(ValidationFailed):
        score("BI", values, scheme="no such scheme")


def test_missing_and_unknown_items_are_refused() -> None:
    values = {i.key: i.allowed[0] for i in INSTRUMENTS["BI"].items}
    del values["stairs"]
    values["flying"] = 5
    with pytest.raises(ValidationFailed) as caught:
        score("BI", values)
    named = {(e.key, e.field) for e in caught.value.errors}
    assert named == {("values.stairs", "BI·上下楼梯"), ("values", "BI·flying")}


def test_booleans_are_not_scores() -> None:
    values: dict[str, object] = {i.key: i.allowed[0] for i in INSTRUMENTS["BBS"].items}
    values["b01"] = True
    with pytest.raises(ValidationFailed):
        score("BBS", values)


def test_modified_barthel_wheelchair_replaces_walking() -> None:
    base = {i.key: i.allowed[-1] for i in INSTRUMENTS["MBI"].items if i.key != "ambulation"}
    assert score("MBI", base | {"wheelchair": 5}).total == 90
    with pytest.raises(ValidationFailed):
        score("MBI", base | {"wheelchair": 5, "ambulation": 15})
    with pytest.raises(ValidationFailed):
        score("MBI", base | {"wheelchair": 15})


def test_gcs_components_and_not_testable() -> None:
    assert score("GCS", {"E": 2, "V": 3, "M": 4}).grade_zh == "中度"
    assert score("GCS", {"E": 4, "V": 5, "M": 6}).grade_zh == "轻度"
    result = score("GCS", {"E": 2, "V": "NT", "M": 4})
    assert result.total is None and result.grade_zh is None
    with pytest.raises(ValidationFailed):
        score("GCS", {"E": 5, "V": 3, "M": 4})


def test_muscle_grades_per_muscle() -> None:
    assert score("MMT", {"右股四头肌": "3+", "左肱二头肌": "5"}).total is None
    with pytest.raises(ValidationFailed):
        score("MMT", {"右股四头肌": "6"})
    assert score("MAS", {"右肘屈肌": "1+"}).total is None
    with pytest.raises(ValidationFailed):
        score("MAS", {"右肘屈肌": "2+"})
    with pytest.raises(ValidationFailed):
        score("MAS", {})


def test_mmse_grade_depends_on_the_education_scheme() -> None:
    values = {i.key: i.allowed[-1] for i in INSTRUMENTS["MMSE"].items}
    values["d1"] = 0  # 20 points in all
    schemes = list(INSTRUMENTS["MMSE"].schemes)
    assert score("MMSE", values).grade_zh is None  # no education level, no grade
    grades = [score("MMSE", values, scheme=s).grade_zh for s in schemes]
    assert grades == ["正常", "认知功能障碍", "认知功能障碍"]


def test_partial_instruments_need_one_value() -> None:
    assert score("VAS_NRS", {"NRS": 7}).total is None
    assert score("Brunnstrom", {"upper_limb": "III", "hand": "II"}).total is None
    assert score("FMA", {"motor_UE": 40}).total == 40
    for code in ("VAS_NRS", "Brunnstrom", "FMA"):
        with pytest.raises(ValidationFailed):
            score(code, {})
    with pytest.raises(ValidationFailed):
        score("Brunnstrom", {"hand": "VII"})
    with pytest.raises(ValidationFailed):
        score("FMA", {"motor_UE": 67})


def test_unknown_instrument() -> None:
    with pytest.raises(ValidationFailed):
        score("XYZ", {})
