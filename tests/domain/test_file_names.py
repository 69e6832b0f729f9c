"""Names for what is handed to a person: readable (patient, case, document, date) and safe on
Windows — no reserved character, no trailing dot or space, no device name, bounded length."""

from __future__ import annotations

import random
from datetime import date

import pytest

from desktop_app.domain.file_names import MAX_BYTES, MAX_CHARS, human_name, is_safe_name, safe_part


def test_a_human_name_reads_patient_case_kind_and_date() -> None:
    assert human_name("张三", "GS2026-0012", "执行单", date(2026, 3, 1), suffix=".pdf") \
        == "张三_GS2026-0012_执行单_2026-03-01.pdf"
    assert human_name("张三", "GS2026-0012", "病例档案", date(2026, 3, 1)) \
        == "张三_GS2026-0012_病例档案_2026-03-01"
    assert human_name("张三", None, "", "执行单", suffix="pdf") == "张三_执行单.pdf"  # empty parts left out


@pytest.mark.parametrize(("part", "safe"), [
    ('a\\b/c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
    ("张三 ", "张三"), ("张三.", "张三"), (" .张三", "张三"),
    ("欧阳\u3000娜娜", "欧阳\u3000娜娜"),  # a space inside stays
    ("行一\n行二\t", "行一_行二"),  # control characters
    ("GS2026/0012", "GS2026_0012"), ("a//b", "a_b"),
])
def test_characters_windows_refuses_are_replaced(part: str, safe: str) -> None:
    assert safe_part(part) == safe
    assert is_safe_name(human_name(part, suffix=".pdf"))


@pytest.mark.parametrize("reserved", ["CON", "con", "NUL", "COM1", "LPT9", "aux"])
def test_device_names_are_never_a_name(reserved: str) -> None:
    name = human_name(reserved, suffix=".pdf")
    assert name.split(".")[0].upper() != reserved.upper() and is_safe_name(name)


def test_long_names_are_shortened_from_the_end_keeping_the_suffix() -> None:
    long_kind = "康复评估与效果评定报告" * 20
    name = human_name("张三", "GS2026-0012", long_kind, date(2026, 3, 1), suffix=".pdf")
    assert name.startswith("张三_GS2026-0012_康复评估") and name.endswith(".pdf")
    assert len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES
    latin = human_name("x" * 500, suffix=".zip")
    assert len(latin) == MAX_CHARS and latin.endswith(".zip")


def test_nothing_left_gives_the_fallback() -> None:
    assert human_name("", None, "///", suffix=".pdf") == "导出.pdf"
    assert human_name("...", fallback="病例档案") == "病例档案"


def test_any_text_gives_a_safe_name() -> None:
    chars = '\\/:*?"<>|. \t\n\x00\x7f' + "张三李四王五赵六" + "abcXYZ019-_" + "\u200b\u3000𠮷é"
    generator = random.Random(20)
    for _ in range(2000):
        parts = ["".join(generator.choice(chars) for _ in range(generator.randint(0, 90)))
                 for _ in range(generator.randint(1, 4))]
        name = human_name(*parts, suffix=generator.choice(("", ".pdf", ".zip")))
        assert is_safe_name(name), (parts, name)


def test_is_safe_name_refuses_what_windows_refuses() -> None:
    for bad in ("a:b.pdf", "a.", "a ", "CON.pdf", "x" * (MAX_CHARS + 1), "", "a|b"):
        assert not is_safe_name(bad), bad
