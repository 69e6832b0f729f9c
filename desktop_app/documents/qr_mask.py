"""The QR code's mask, chosen as ReportLab chooses it, at a fraction of the cost.

ReportLab's encoder tries the eight masks and keeps the one with the fewest penalty
points (ISO/IEC 18004 §7.8.3), scoring each with list comprehensions over every module:
about 16 ms a code, a sixth of a month's export (one code per document). This module
scores the same rules, with ReportLab's exact arithmetic, on rows and columns held as
strings and bit masks, so the mask picked, and so the code drawn, is the same
(tests/documents/test_qr_mask.py compares them on many payloads).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from reportlab.graphics.barcode.qrencoder import QRCode

RUN = re.compile(r"0{5,}|1{5,}")
# ReportLab looks for this one orientation only, and in rows only: its column pass
# compares tuples with a list, which never match, so columns score nothing.
FINDER_LIKE = "10111010000"


def _runs(lines: Sequence[str]) -> int:
    """Rule 1 as ReportLab counts it: a run of n ≥ 5 equal modules costs n − 2."""
    return sum(m.end() - m.start() - 2 for line in lines for m in RUN.finditer(line))


def _blocks(rows: Sequence[int], width: int) -> int:
    """Rule 2: 3 points for every 2×2 block of one colour (blocks may overlap)."""
    pairs = (1 << (width - 1)) - 1  # bit j: modules j and j + 1 of a row
    score = 0
    for upper, lower in itertools.pairwise(rows):
        vertical = ~(upper ^ lower)  # same colour above and below
        block = vertical & (vertical >> 1) & ~(upper ^ (upper >> 1)) & pairs
        score += 3 * block.bit_count()
    return score


def _finder_like(lines: Sequence[str]) -> int:
    """Rule 3 as ReportLab scans it: 40 points a match starting before the last 11
    modules, the scan resuming after each match."""
    score = 0
    for line in lines:
        last = len(line) - len(FINDER_LIKE)
        j = line.find(FINDER_LIKE)
        while 0 <= j < last:
            score += 40
            j = line.find(FINDER_LIKE, j + len(FINDER_LIKE))
    return score


def penalty(modules: Sequence[Sequence[bool]]) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` of a finished matrix."""
    size = len(modules)
    rows = ["".join("1" if m else "0" for m in row) for row in modules]
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    bits = [int(row[::-1], 2) for row in rows]  # bit j is module j
    dark = sum(row.count("1") for row in rows)
    balance = 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return (_runs(rows) + _runs(columns) + _blocks(bits, size)
            + _finder_like(rows) + balance)


def make(code: QRCode) -> None:
    """Encode ``code`` with the mask ReportLab's ``QRCode.make`` would pick."""
    if code.version is None:
        code.version = code.calculate_version()
    best, best_score = 0, None
    for mask in range(8):
        code.makeImpl(True, mask)
        score = penalty(code.modules)
        if best_score is None or score < best_score:
            best, best_score = mask, score
    code.makeImpl(False, best)
