"""File and folder names for what is handed to a person: the patient, the case number, the
kind of document in Chinese and the date (``张三_GS2026-0012_执行单_2026-03-01.pdf``) instead of
machine names like ``EXEC-…-1033.pdf``.

Names are safe on Windows, where archives are opened: none of ``\\ / : * ? " < > |`` or control
characters, no trailing dot or space, not a reserved device name (CON, NUL, COM1…), and
bounded in length — in characters (Windows paths) and in UTF-8 bytes (a Chinese character
takes three; most file systems allow 255 bytes a name). The machine names inside packages
(documents/…, manifests) stay as they are: checks and manifests rely on them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

FORBIDDEN = '\\/:*?"<>|'
REPLACEMENT = "_"
SEPARATOR = "_"
MAX_CHARS = 100  # the name, suffix included: room for the folder it goes in (MAX_PATH 260)
MAX_BYTES = 200  # UTF-8 bytes, below the 255 of NTFS, ext4, APFS
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                      *(f"LPT{n}" for n in range(1, 10))})
_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]")
_RUNS = re.compile(r"_{2,}")


def safe_part(text: str) -> str:
    """One part of a name with every character Windows refuses made ``_`` (spaces kept
    inside, runs of ``_`` collapsed, leading and trailing spaces, dots and ``_`` removed)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(REPLACEMENT if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                   for c in text)
    text = _RUNS.sub(REPLACEMENT, _UNSAFE.sub(REPLACEMENT, text))
    return text.strip(" ._\u3000")


def _shorten(stem: str, chars: int, size: int) -> str:
    while stem and (len(stem) > chars or len(stem.encode("utf-8")) > size):
        stem = stem[:-1]
    return stem.rstrip(" ._")


def human_name(*parts: str | date | None, suffix: str = "", fallback: str = "导出") -> str:
    """``parts`` (empty ones left out) joined by ``_`` with ``suffix`` (".pdf", "" for a
    folder), safe on Windows and at most MAX_CHARS characters and MAX_BYTES bytes; when
    too long the last parts are shortened first, so patient and case stay readable."""
    texts = [safe_part(p.isoformat() if isinstance(p, date) else p) for p in parts if p]
    texts = [t for t in texts if t] or [fallback]
    suffix = safe_part(suffix)
    suffix = f".{suffix.lstrip('.')}" if suffix else ""
    chars, size = MAX_CHARS - len(suffix), MAX_BYTES - len(suffix.encode("utf-8"))
    stem = SEPARATOR.join(texts)
    if len(stem) > chars or len(stem.encode("utf-8")) > size:
        kept: list[str] = []
        for text in texts:
            room_chars = chars - len(SEPARATOR.join(kept)) - (len(SEPARATOR) if kept else 0)
            room_bytes = size - len(SEPARATOR.join(kept).encode("utf-8")) - (1 if kept else 0)
            part = _shorten(text, room_chars, room_bytes)
            if not part:
                break
            kept.append(part)
        stem = SEPARATOR.join(kept) or _shorten(fallback, chars, size)
    if stem.split(".")[0].upper() in RESERVED:
        stem = f"{REPLACEMENT}{stem}"
    return stem + suffix


def is_safe_name(name: str) -> bool:
    """What ``human_name`` promises, for tests and for names read back."""
    return (bool(name) and not _UNSAFE.search(name) and name[-1] not in " ."
            and len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES
            and name.split(".")[0].upper() not in RESERVED)
