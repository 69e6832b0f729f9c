"""The diagnosis picker's example list: valid, unique codes of the injury chapter."""

from __future__ import annotations

from desktop_app.domain.icd import in_injury_chapter, validate_icd10
from desktop_app.domain.reference import icd10_examples


def test_every_example_is_a_valid_injury_code_once() -> None:
    codes = [entry.code for entry in icd10_examples()]
    assert len(codes) == len(set(codes)) >= 30
    assert all(validate_icd10(code) == [] and in_injury_chapter(code) for code in codes)
    assert all(entry.name_zh and entry.source for entry in icd10_examples())
    assert {e.code: e.name_zh for e in icd10_examples()}["S72.0"] == "股骨颈骨折"
