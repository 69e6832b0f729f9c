"""The builder input's check reads the same strings ``as_content`` gives, and still names the
first field (in the input's order) that holds a character no font draws."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest

from desktop_app.documents import engine
from desktop_app.documents.fonts import UnsupportedCharacter, default_chain
from desktop_app.documents.identity import as_content
from desktop_app.domain.canonical import canonical_bytes
from tests.documents import samples

INPUTS = [samples.plan(), samples.execution_sheet(), samples.assessment(), samples.claim_cover(),
          samples.fee_list(), samples.archive_list(), samples.prescription(), samples.approval(),
          samples.value_report(), samples.notice(), samples.transfer_summary()]


def strings_of_content(data: Any) -> list[str]:
    """The strings as the field-by-field check meets them (after ``as_content``)."""
    data = as_content(data)
    if isinstance(data, str):
        return [data]
    if isinstance(data, Mapping):
        return [s for value in data.values() for s in strings_of_content(value)]
    if isinstance(data, list | tuple):
        return [s for value in data for s in strings_of_content(value)]
    return []


@pytest.mark.parametrize("data", INPUTS, ids=lambda d: type(d).__name__)
def test_the_same_strings_as_as_content(data: Any) -> None:
    expected = strings_of_content(data)
    assert len(expected) > 5
    assert sorted(engine._strings(data)) == sorted(expected)
    engine.check_content(default_chain(), data)  # all drawable


def test_the_first_field_with_an_undrawable_character_is_named() -> None:
    data = samples.fee_list(5)
    lines = [dataclasses.replace(line, name=line.name + "\U00031350") if i in (2, 4) else line
             for i, line in enumerate(data.lines)]
    with pytest.raises(UnsupportedCharacter) as caught:
        engine.check_content(default_chain(), dataclasses.replace(data, lines=lines))
    assert "lines[3].name" in caught.value.zh


@pytest.mark.parametrize("data", INPUTS, ids=lambda d: type(d).__name__)
def test_as_content_is_asdict_without_the_copy(data: Any) -> None:
    """The content a document's SHA-256 covers is what ``dataclasses.asdict`` gives."""
    assert as_content(data) == dataclasses.asdict(data)
    assert canonical_bytes(as_content(data)) == canonical_bytes(dataclasses.asdict(data))
