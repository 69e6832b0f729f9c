"""A file handed to a person is written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.errors import EnvironmentProblem
from desktop_app.services.core.files import write_whole


def test_written_whole_and_replacing_an_older_file(tmp_path: Path) -> None:
    target = tmp_path / "统计.xlsx"
    target.write_bytes(b"old")
    write_whole(target, b"new content")
    assert target.read_bytes() == b"new content" and [p.name for p in tmp_path.iterdir()] == ["统计.xlsx"]


def test_a_refusal_before_placing_leaves_neither_file_nor_partial(tmp_path: Path) -> None:
    target = tmp_path / "s.pdf"
    seen: list[bytes] = []

    def refuse() -> None:
        seen.append((tmp_path / ".s.pdf.partial").read_bytes())  # on disk, under its hidden name
        raise PermissionError("not allowed")  # an OSError: reported as the disk's problem

    with pytest.raises(EnvironmentProblem, match="s.pdf"):
        write_whole(target, b"%PDF-", refuse)
    assert seen == [b"%PDF-"] and list(tmp_path.iterdir()) == []

    def lost() -> None:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        write_whole(target, b"%PDF-", lost)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_message_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        write_whole(tmp_path / "gone" / "s.xlsx", b"x")
    assert "无法写入" in caught.value.zh and "Cannot write" in caught.value.en
