"""Resident ID numbers and credit codes: known vectors and properties over generated numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.identity import (
    CREDIT_ALPHABET,
    CREDIT_POSITIONS,
    make_credit_code,
    make_resident_id,
    mask_resident_id,
    normalise_credit_code,
    normalise_resident_id,
    parse_resident_id,
    validate_credit_code,
    validate_resident_id,
)
from desktop_app.domain.reference import province_codes

TODAY = date(2026, 11, 23)
VALID = "11010519491231002X"

areas = st.sampled_from(sorted(province_codes())).flatmap(
    lambda p: st.integers(0, 9999).map(lambda n: f"{p}{n:04d}"))
births = st.dates(date(1900, 1, 1), TODAY)
sexes = st.sampled_from(["M", "F"])


def test_published_vector_is_valid() -> None:
    assert validate_resident_id(VALID, today=TODAY) == []
    info = parse_resident_id(VALID)
    assert (info.province_code, info.birth_date, info.sex) == ("11", date(1949, 12, 31), "F")


@given(areas, births, st.integers(0, 499), sexes)
def test_generated_numbers_are_valid_and_parse_back(area: str, born: date, seq: int, sex: str) -> None:
    number = make_resident_id(area, born, seq, sex)
    assert len(number) == 18
    assert validate_resident_id(number, today=TODAY) == []
    info = parse_resident_id(number)
    assert info.birth_date == born and info.sex == sex and info.province_code == area[:2]


@given(areas, births, st.integers(0, 499), sexes, st.integers(0, 17), st.integers(1, 9))
def test_any_single_digit_change_is_caught(area: str, born: date, seq: int, sex: str,
                                           position: int, delta: int) -> None:
    number = make_resident_id(area, born, seq, sex)
    char = number[position]
    changed = "0" if char == "X" else str((int(char) + delta) % 10)
    tampered = number[:position] + changed + number[position + 1:]
    assert validate_resident_id(tampered, today=TODAY) != []


def test_wrong_check_character_names_the_field_and_the_fix() -> None:
    errors = validate_resident_id("110105194912310021", today=TODAY)
    assert [e.key for e in errors] == ["resident_id"]
    assert "校验" in errors[0].zh and "X" in errors[0].zh and "check" in errors[0].en
    assert not errors[0].warning


@pytest.mark.parametrize(("number", "words"), [
    ("", "不能为空"),
    ("110105491231002", "15位"),
    ("1101051949123100", "18位"),
    ("11010519491231002Y", "第 18 位“Y”不是数字或 X"),
    ("99010519491231002X", "省级"),
    ("110105194902300023", "出生日期"),  # 30 February
    ("110105" + "20270101" + "0011", "出生日期"),  # born after today
])
def test_bad_numbers_are_refused_with_a_reason(number: str, words: str) -> None:
    errors = validate_resident_id(number, today=TODAY)
    assert errors and all(not e.warning for e in errors)
    assert any(words in e.zh for e in errors), errors
    assert all(e.en for e in errors)


def test_input_method_forms_are_normalised() -> None:
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert normalise_resident_id(full_width) == VALID
    assert normalise_resident_id(" 110105 19491231 002x ") == VALID
    assert validate_resident_id(full_width, today=TODAY) == []


def test_masking_keeps_six_and_four() -> None:
    assert mask_resident_id(VALID) == "110105********002X"


def test_published_credit_code_is_valid() -> None:
    assert validate_credit_code("91310110666007217T") == []


first17s = st.tuples(*(st.sampled_from(allowed) for positions, allowed, _, _ in CREDIT_POSITIONS
                       for _ in positions)).map(lambda chars: "".join(chars[:17]))


@given(first17s)
def test_generated_credit_codes_are_valid(first17: str) -> None:
    code = make_credit_code(first17)
    assert validate_credit_code(code) == []


@given(first17s, st.integers(0, 16), st.integers(1, 30))
def test_credit_code_changes_only_warn(first17: str, position: int, delta: int) -> None:
    code = make_credit_code(first17)
    index = CREDIT_ALPHABET.index(code[position])
    tampered = code[:position] + CREDIT_ALPHABET[(index + delta) % 31] + code[position + 1:]
    errors = validate_credit_code(tampered)
    assert errors and all(e.warning for e in errors)
    assert "校验" in errors[0].zh or f"第 {position + 1} 位" in errors[0].zh


def test_credit_code_with_letters_it_never_uses_warns() -> None:
    errors = validate_credit_code("91310110666007217I")
    assert errors[0].warning and "I" in errors[0].zh


def test_credit_code_too_long_to_store_blocks() -> None:
    errors = validate_credit_code("91310110666007217TT")
    assert errors and not errors[0].warning


# ----------------------------------------------------------------------------- issue 15: digits


@pytest.mark.parametrize(("number", "position", "char"), [
    ("1101051949123100①X", 17, "“①”"),  # int("①") raised ValueError
    ("11010519491231002²", 18, "“²”"),  # "²".isdigit() is True
    ("64010419730825٦٦٨9", 15, "“٦”"),  # int("٦") is 6: a second worker
    ("1101051949123100\x002X", 17, "U+0000"),  # a control character
    ("110105194912310X2X", 16, "“X”"),  # X only last
])
def test_other_digits_are_refused_naming_the_character(number: str, position: int, char: str) -> None:
    (error,) = validate_resident_id(number, today=TODAY)
    assert not error.warning and error.key == "resident_id"
    assert f"第 {position} 位{char}" in error.zh
    assert f"character {position} " in error.en


def test_full_width_letters_and_digits_are_normalised_but_nothing_else() -> None:
    assert normalise_resident_id("１１０１０５１９４９１２３１００２Ｘ") == VALID
    assert normalise_resident_id("1101051949123100②X") == "1101051949123100②X"  # not NFKC
    with pytest.raises(ValueError):
        parse_resident_id("64010419730825٦٦٨9")


@pytest.mark.parametrize("value", [VALID, "110105194912310021", "91310110666007217T"])
def test_normalising_leaves_valid_ascii_numbers_alone(value: str) -> None:
    assert normalise_resident_id(value) == value and normalise_credit_code(value) == value


# ----------------------------------------------------------------------------- issue 15: credit codes


@pytest.mark.parametrize(("position", "char", "words"), [
    (1, "I", "登记管理部门码"),   # department code: the alphabet
    (2, "O", "机构类别码"),       # category code: the alphabet
    (3, "A", "行政区划码"),       # area code: digits only
    (8, "B", "行政区划码"),
    (9, "Z", "主体标识码"),       # organisation code: the alphabet
    (16, "S", "主体标识码"),
    (17, "A", "主体标识码校验位"),  # its check digit: 0-9 or X
    (18, "V", "校验码"),          # the check character: the alphabet
])
def test_each_position_class_warns_naming_position_and_part(position: int, char: str,
                                                            words: str) -> None:
    code = "91310110666007217T"
    tampered = code[:position - 1] + char + code[position:]
    (error,) = validate_credit_code(tampered)
    assert error.warning and f"第 {position} 位“{char}”" in error.zh and words in error.zh
    assert f"character {position} '{char}'" in error.en


def test_credit_code_letters_allowed_where_the_standard_allows_them() -> None:
    assert validate_credit_code(make_credit_code("12510500MB158321X")) == []
    assert validate_credit_code("９１３１０１１０６６６００７２１７ｔ") == []


@pytest.mark.parametrize(("code", "position", "shown"), [
    ("9131011066600721①T", 17, "“①”"),
    ("91310110666٠07217T", 12, "“٠”"),
    ("913101106660072\x0717T", 16, "U+0007"),
    ("91310110666007217字", 18, "“字”"),
])
def test_credit_code_with_characters_no_code_has_blocks(code: str, position: int, shown: str) -> None:
    (error,) = validate_credit_code(code)
    assert not error.warning and f"第 {position} 位{shown}" in error.zh
