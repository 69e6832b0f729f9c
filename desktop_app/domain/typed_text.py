"""Text people type or paste: full-width characters, digits, and cells a spreadsheet would
run as a formula.

Digits: ``str.isdigit()`` and ``int()`` accept far more than 0–9 (``"²".isdigit()`` is True
and ``int("²")`` fails; ``int("٦")`` is 6), and NFKC turns ① and ² into digits. The archive
accepts ASCII digits only, after turning full-width ASCII (as Chinese input methods type it)
half-width; anything else is refused naming the character and its place.

Formulas: LibreOffice and Excel run a cell that starts with ``= + - @`` (or a tab or CR) as a
formula, in a CSV and when a text cell of a workbook is edited (ENGINEERING.md). Files the
product writes neutralise such text; files it reads refuse it in text columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

ASCII_DIGITS = "0123456789"
# U+FF01..U+FF5E are the full-width forms of ASCII ! .. ~ (０-９, Ａ-Ｚ, ａ-ｚ, ．, －…).
_FULL_WIDTH = {0xFF01 + offset: 0x21 + offset for offset in range(0x5E)}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_NEGATIVE_NUMBER_START = re.compile(r"-\.?[0-9]")


def half_width(text: str) -> str:
    """Full-width ASCII forms turned into ASCII (``１２Ｘ`` → ``12X``); nothing else changes."""
    return text.translate(_FULL_WIDTH)


def shown(char: str) -> str:
    """A character as a message shows it: quoted, or its code point when it cannot be seen."""
    if char.isprintable() and not unicodedata.category(char).startswith(("Z", "M")):
        return f"“{char}”"
    return f"U+{ord(char):04X}"


def shown_en(char: str) -> str:
    """``shown`` for English messages."""
    text = shown(char)
    return f"'{char}'" if text.startswith("“") else text


def first_outside(text: str, allowed: str) -> tuple[int, str] | None:
    """``(position from 1, character)`` of the first character not in ``allowed``, or None."""
    for index, char in enumerate(text):
        if char not in allowed:
            return index + 1, char
    return None


def is_ascii_digits(text: str) -> bool:
    """Non-empty and only 0–9 (``str.isdigit`` would also take ² and ٦)."""
    return bool(text) and all(char in ASCII_DIGITS for char in text)


def ascii_int(text: str) -> int | None:
    """The whole number written with ASCII digits (full-width ones turned half-width), else None."""
    digits = half_width(text.strip())
    return int(digits) if is_ascii_digits(digits) else None


def signed_ascii_int(text: str) -> int | None:
    """As ``ascii_int``, with an optional leading minus (a count typed below zero is kept, so
    the form's check can refuse it with a message rather than silently read 0)."""
    body = half_width(text.strip())
    negative = body.startswith("-")
    value = ascii_int(body[1:] if negative else body)
    return None if value is None else (-value if negative else value)


def is_plain_number(text: str) -> bool:
    """``-12.50``, ``3``: a number a spreadsheet reads as a number, never as a formula."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def starts_like_formula(text: str) -> bool:
    """A cell read from a file that a spreadsheet would run: it starts with ``= + @``, a tab
    or CR, or ``-`` not followed by a number (``-5`` and ``-0.5`` are numbers; a lone ``-``,
    the usual "nothing here", is text to every spreadsheet)."""
    if not text.startswith(_FORMULA_START) or text == "-":
        return False
    return not (text.startswith("-") and _NEGATIVE_NUMBER_START.match(text))


def formula_problem(text: str) -> tuple[str, str] | None:
    """``(zh, en)`` saying why a text cell read from a file is refused, or None."""
    if not starts_like_formula(text):
        return None
    first = shown(text[0])
    return (f"以{first}开头，表格软件会把它当作公式执行；请删去开头的符号",
            f"starts with {shown_en(text[0])}: a spreadsheet would run it as a formula; "
            "remove the leading sign")


def needs_neutralising(text: str) -> bool:
    """A cell the product writes that a spreadsheet could run: it starts with ``= + - @``, a
    tab or CR and is neither a plain number (a negative amount stays a number) nor a lone ``-``."""
    return text.startswith(_FORMULA_START) and not is_plain_number(text) and text != "-"


def digit_hint(text: str) -> tuple[str, str]:
    """``(zh, en)`` naming the first digit that is not 0–9 (², ①, ٦…) to add to a message
    about a number, or two empty strings."""
    for index, char in enumerate(text):
        if char not in ASCII_DIGITS and (char.isdigit() or char.isnumeric()):
            return (f"（第 {index + 1} 个字符{shown(char)}不是 0–9 的数字）",
                    f" (character {index + 1} {shown_en(char)} is not a digit 0-9)")
    return "", ""


def neutral_csv(text: str) -> str:
    """The CSV cell for ``text``: a leading single quote when it could run as a formula (the
    spreadsheet then shows it as text); anything else unchanged."""
    return "'" + text if needs_neutralising(text) else text


def neutral_csv_row(row: Mapping[str, object]) -> dict[str, object]:
    """``neutral_csv`` on every text value of a row for ``csv.DictWriter``; others unchanged."""
    return {key: neutral_csv(value) if isinstance(value, str) else value for key, value in row.items()}


def control_problem(text: str) -> tuple[str, str] | None:
    """``(zh, en)`` naming the first control character (tab, line break, U+0007…) of a
    one-line field: pasted by accident, it breaks the workbook and the printed line."""
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cc":
            return (f"第 {index + 1} 个字符 {shown(char)} 是控制字符，请删去",
                    f"character {index + 1} {shown_en(char)} is a control character; remove it")
    return None
