"""Canonical serialisation: the exact bytes a signature or a hash chain is computed over.

The same content must give the same bytes on every PC, engine and Python version for
30 years, so the form is fixed here and never changes: JSON with sorted keys, no
spaces, UTF-8 (not ASCII-escaped); dates as ``YYYY-MM-DD``; instants as UTC
``YYYY-MM-DDTHH:MM:SS.ffffffZ``; decimals as plain strings without exponent or trailing
zeros beyond the stored scale (``Decimal("12.50")`` → ``"12.5"``); bytes as their
SHA-256 (content is hashed, never inlined). Floats (only ever inside JSON columns) use
JSON's shortest round-trip form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """The JSON-ready canonical form of one value."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite decimal: {value}")
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: instants must be timezone-aware")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"no canonical form for {type(value).__name__}")


def canonical_bytes(value: Any) -> bytes:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    """SHA-256 of the canonical bytes of ``value``."""
    return sha256_hex(canonical_bytes(value))
