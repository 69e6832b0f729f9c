"""The shipped reference data loads as typed values that keep their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain import reference
from desktop_app.errors import EnvironmentProblem


def test_nine_injury_categories_and_occupational_disease_with_sources() -> None:
    categories = reference.injury_categories()
    assert [c.code for c in categories] == [f"WI{i:02d}" for i in range(1, 10)] + ["OD"]
    assert categories[0].name_zh == "颅脑损伤"
    assert categories[8].name_zh == "烧伤"
    assert all("泸市人社规〔2025〕1号" in c.source for c in categories[:9])
    assert "第十四条第（四）项" in categories[9].source
    assert "京人社工发〔2026〕1号 第六条" in categories[9].source


def test_four_rehab_stages_with_sources() -> None:
    stages = reference.rehab_stages()
    assert [s.name_zh for s in stages] == ["急性期", "稳定期", "维持期", "旧伤复发"]
    assert [s.code for s in stages] == ["ACUTE", "STABLE", "MAINT", "RECUR"]
    assert all(s.source.startswith("泸市人社规〔2025〕1号 第六条") for s in stages)
    assert all(s.definition for s in stages)


def test_period_rules_resolve_ditto_sources() -> None:
    rules = reference.period_rules()
    beijing = [r for r in rules if r.region == "北京"]
    assert {r.period_type for r in beijing} == {"医疗康复期", "职业康复期"}
    assert beijing[0].limit_text == "12 months"
    shenzhen = [r for r in rules if r.region == "深圳"]
    assert len(shenzhen) == 3
    assert all(r.source.startswith("https://hrss.sz.gov.cn/") for r in shenzhen)
    assert all(r.source not in {"same", "同上"} for r in rules)


def test_disability_grades() -> None:
    grades = reference.disability_grades()
    assert [g.grade for g in grades] == list(range(1, 11))
    assert grades[0].lump_sum_months_of_own_wage == 27
    assert grades[0].monthly_allowance_pct_of_own_wage == 90
    assert grades[6].monthly_allowance_pct_of_own_wage is None
    assert [g.total_loss_of_work_capacity for g in grades] == [True] * 4 + [False] * 6
    assert grades[1].source == grades[0].source  # "同上" resolved
    assert all(g.source for g in grades)


def test_code_tables() -> None:
    types = reference.code_table("med_chrgitm_type")
    assert len(types) == 14
    assert types[0].code == "01" and types[0].name_zh == "床位费"
    assert all(t.source == "jdzwq/MediModel b.1.05" for t in types)
    levels = {c.code: c for c in reference.code_table("chrgitm_lv")}
    assert levels["04"].note.startswith("LOCAL")
    assert "gend" in reference.code_table_fields()
    with pytest.raises(KeyError):
        reference.code_table("no_such_field")


def test_province_codes_are_a_fresh_dict() -> None:
    provinces = reference.province_codes()
    assert provinces["11"] == "北京"
    assert provinces["64"] == "宁夏"
    provinces["11"] = "changed"
    assert reference.province_codes()["11"] == "北京"


def test_fee_categories() -> None:
    assert dict(reference.FEE_CATEGORY_LABELS) == {
        "rehab": "康复项目",
        "medical": "医疗项目",
        "drug": "药品",
        "bed": "床位",
        "other": "其他",
    }
    assert set(reference.FEE_CATEGORY_LABELS_EN) == set(reference.FEE_CATEGORY_LABELS)


def test_values_are_frozen() -> None:
    with pytest.raises(AttributeError):
        reference.injury_categories()[0].code = "X"  # type: ignore[misc]


def test_missing_resources_are_an_environment_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REHAB_RESOURCES", str(tmp_path))
    reference.clear_cache()
    try:
        with pytest.raises(EnvironmentProblem):
            reference.injury_categories()
    finally:
        monkeypatch.undo()
        reference.clear_cache()
    assert len(reference.injury_categories()) == 10
