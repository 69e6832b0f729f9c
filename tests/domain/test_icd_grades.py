"""ICD-10 format, the injury-chapter warning and disability grades."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.grades import total_loss_of_work_capacity, validate_disability_grade
from desktop_app.domain.icd import (
    in_injury_chapter,
    main_diagnosis_warnings,
    normalise_icd10,
    validate_icd10,
)


@pytest.mark.parametrize("code", ["S72.001", "E14.900x001", "T22.2", "S06", "s72.001", "M54.5",
                                  "S83.500 ", "e14.900X001"])
def test_valid_codes(code: str) -> None:
    assert validate_icd10(code) == []


@pytest.mark.parametrize("code", ["", "S7", "72.001", "SS2.001", "S72.", "S72.00001x1",
                                  "S72-001", "中72.001"])
def test_invalid_codes_name_the_field(code: str) -> None:
    errors = validate_icd10(code, field="诊断1编码", key="diagnosis.1.code")
    assert errors and errors[0].key == "diagnosis.1.code" and not errors[0].warning


def test_extension_marker_stays_lower_case() -> None:
    assert normalise_icd10(" e14.900X001 ") == "E14.900x001"
    assert normalise_icd10("s72.001") == "S72.001"


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(0, 99), st.integers(0, 999))
def test_generated_codes_validate(letter: str, category: int, sub: int) -> None:
    assert validate_icd10(f"{letter}{category:02d}.{sub:03d}") == []


def test_injury_chapter() -> None:
    assert in_injury_chapter("S00.0") and in_injury_chapter("T98.3") and in_injury_chapter("S72.001")
    assert not in_injury_chapter("R99") and not in_injury_chapter("T99")


def test_main_diagnosis_outside_the_injury_chapter_warns_unless_occupational() -> None:
    warnings = main_diagnosis_warnings("J60.x00", occupational_disease=False)
    assert warnings == [] or warnings[0].warning  # J60.x00 is not even a valid format: no warning
    warnings = main_diagnosis_warnings("J60.000", occupational_disease=False)
    assert len(warnings) == 1 and warnings[0].warning and "S00–T98" in warnings[0].zh
    assert main_diagnosis_warnings("J60.000", occupational_disease=True) == []
    assert main_diagnosis_warnings("S72.001", occupational_disease=False) == []


@given(st.integers(1, 10))
def test_grades_one_to_ten_are_valid(grade: int) -> None:
    assert validate_disability_grade(grade) == []
    assert total_loss_of_work_capacity(grade) == (grade <= 4)


@pytest.mark.parametrize("grade", [0, 11, -1, True, 2.0, "3"])
def test_other_grades_are_refused(grade: object) -> None:
    errors = validate_disability_grade(grade)
    assert errors and "1至10" in errors[0].zh and "1 to 10" in errors[0].en


def test_no_grade_yet_is_allowed() -> None:
    assert validate_disability_grade(None) == []
    assert not total_loss_of_work_capacity(None)


def test_full_width_icd_codes_are_read_and_other_digits_named() -> None:
    """Issue 15: full-width as input methods type it is read; other digits are named."""
    from desktop_app.domain.icd import normalise_icd10

    assert normalise_icd10("Ｓ７２．００１") == "S72.001" and validate_icd10("ｓ７２．００１") == []
    (error,) = validate_icd10("S7٢.001")
    assert "第 3 位“٢”" in error.zh and "character 3 '٢'" in error.en
