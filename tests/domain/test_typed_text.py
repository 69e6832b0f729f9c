"""typed_text: the boundaries of full-width, digits and formula-like text."""

from __future__ import annotations

import pytest

from desktop_app.domain.typed_text import (
    ascii_int,
    half_width,
    needs_neutralising,
    neutral_csv,
    neutral_csv_row,
    shown,
    starts_like_formula,
)


def test_half_width_covers_full_width_ascii_only() -> None:
    assert half_width("０１９ＡＺａｚ．－＝～") == "019AZaz.-=~"
    assert half_width("①²٦　") == "①²٦　"  # circled, superscript, Arabic-Indic, U+3000 unchanged


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("１２", 12), (" 7 ", 7), ("²", None),
                                             ("٦", None), ("①", None), ("", None), ("-1", None)])
def test_ascii_int(text: str, value: int | None) -> None:
    assert ascii_int(text) == value


@pytest.mark.parametrize(("text", "out"), [
    ("-35.00", "-35.00"), ("-1", "-1"), ("0", "0"), ("-", "-"), ("运动疗法", "运动疗法"), ("", ""),
    ("=1", "'=1"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@A", "'@A"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-x", "'-x"), ("--1", "'--1"),
])
def test_neutral_csv(text: str, out: str) -> None:
    assert neutral_csv(text) == out and needs_neutralising(text) == (out != text)


@pytest.mark.parametrize(("text", "refused"), [
    ("=1", True), ("+1", True), ("@x", True), ("-x", True), ("\t=", True), ("-5℃", False),
    ("-0.5", False), ("-.5", False), ("-", False), ("a=b", False), ("", False)])
def test_starts_like_formula(text: str, refused: bool) -> None:
    assert starts_like_formula(text) is refused


def test_rows_keep_non_text_values() -> None:
    assert neutral_csv_row({"a": "=1", "b": 3, "c": None}) == {"a": "'=1", "b": 3, "c": None}


def test_invisible_characters_are_shown_by_code_point() -> None:
    assert [shown(c) for c in "①\x00\u3000\u0301"] == ["“①”", "U+0000", "U+3000", "U+0301"]


def test_a_count_typed_in_a_table_cell_reads_ascii_digits_only() -> None:
    from desktop_app.domain.typed_text import signed_ascii_int

    assert [signed_ascii_int(t) for t in ("12", "１２", "-3", " 4 ", "²", "٦", "-", "", "1²")] == [
        12, 12, -3, 4, None, None, None, None, None]
