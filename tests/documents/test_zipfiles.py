"""Deterministic zips: the same entries give the same bytes; compressed formats are stored."""

from __future__ import annotations

import io
import zipfile

from desktop_app.documents.zipfiles import deterministic_zip, read_zip


def _entries() -> dict[str, bytes]:
    text = ("工伤康复执行单 " * 400).encode("utf-8")
    return {"b/content.json": text, "a/doc.PDF": b"%PDF-1.7\n" + text, "c/claim.xlsx": text,
            "d/fee_detail.csv": text}


def test_same_entries_same_bytes_and_round_trip() -> None:
    entries = _entries()
    first, second = deterministic_zip(entries), deterministic_zip(dict(reversed(entries.items())))
    assert first == second
    assert read_zip(first) == entries


def test_compressed_formats_are_stored_and_text_is_deflated() -> None:
    with zipfile.ZipFile(io.BytesIO(deterministic_zip(_entries()))) as archive:
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
        sizes = {info.filename: info.compress_size for info in archive.infolist()}
    assert kinds == {"a/doc.PDF": zipfile.ZIP_STORED, "b/content.json": zipfile.ZIP_DEFLATED,
                     "c/claim.xlsx": zipfile.ZIP_STORED, "d/fee_detail.csv": zipfile.ZIP_DEFLATED}
    assert sizes["b/content.json"] < len(_entries()["b/content.json"]) // 10
