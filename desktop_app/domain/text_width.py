"""How wide a text shows in a terminal or a spreadsheet: wide (CJK) characters take two
columns, so padding with ``str.ljust`` misaligns Chinese labels."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes: East Asian wide and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns (never cut)."""
    return text + " " * max(width - display_width(text), 0)
