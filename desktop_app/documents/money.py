"""Amounts as printed: yuan to the fen, never through float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def yuan(amount: Decimal | int) -> str:
    """``Decimal("1234.5")`` → ``"1,234.50"``."""
    return f"{Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP):,}"


def quantity(count: Decimal | int) -> str:
    """A count without trailing zeros: ``Decimal("2.000")`` → ``"2"``, ``Decimal("-1.5")`` → ``"-1.5"``."""
    text = format(Decimal(count).normalize(), "f")
    return "0" if text in ("-0", "0") else text
