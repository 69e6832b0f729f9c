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


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """The JSON-ready canonical form of one value."""
    kind = type(value)  # the common exact types first; the same answers as the checks below
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {str(key): plain(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [plain(item) for item in value]
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


# One encoder for every call (``json.dumps`` with options builds a new one each time).
CANONICAL_ENCODER = _ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            allow_nan=False)
# Values read from the database that ``plain`` returns unchanged. A JSON column's value comes
# back from ``json.loads``: dicts with text keys, lists and scalars, already plain all the way
# down, so it is taken as it is instead of being walked again.
_STORED_AS_IS = frozenset({str, int, float, bool, type(None), dict, list})


def canonical_bytes(value: Any) -> bytes:
    return _ENCODER.encode(plain(value)).encode("utf-8")


def plain_stored(values: Mapping[Any, Any]) -> dict[str, Any]:
    """``plain`` of a row as the database returned it (column → value), the fast way: only
    the values that need a canonical form (instants, dates, decimals, bytes) are converted.
    For values read from the database the result is exactly ``plain(dict(values))``; never
    use it for values built in Python (a dict keyed by numbers would differ)."""
    return {key: value if type(value) in _STORED_AS_IS else plain(value)
            for key, value in values.items()}


def plain_hash(value: Any) -> str:
    """SHA-256 of the canonical bytes of a value that is already plain (``plain_stored``
    rows, JSON read back, text and numbers): ``content_hash`` without walking it again."""
    return hashlib.sha256(_ENCODER.encode(value).encode("utf-8")).hexdigest()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    """SHA-256 of the canonical bytes of ``value``."""
    return sha256_hex(canonical_bytes(value))
