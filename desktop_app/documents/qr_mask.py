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

from reportlab.graphics.barcode.qrencoder import QRCode, QRUtil

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


# (version, mask) → the data modules whose colour mask 0 and that mask set differently.
_FLIPS: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}


def _flips(code: QRCode, mask: int) -> tuple[tuple[int, int], ...]:
    key = (code.version, mask)
    if key not in _FLIPS:
        first, other = QRUtil.getMask(0), QRUtil.getMask(mask)
        _FLIPS[key] = tuple((row, col) for col, row in code.dataPosIterator()
                            if bool(first(row, col)) != bool(other(row, col)))
    return _FLIPS[key]


def make(code: QRCode) -> None:
    """Encode ``code`` with the mask ReportLab's ``QRCode.make`` would pick. ReportLab
    lays the code out again for each of the eight masks it tries; in that trial layout only
    the data modules depend on the mask (each is its bit XOR the mask's function there;
    the format and version bits are left blank), so each mask's trial is the first one
    with the modules where the two masks differ flipped."""
    if code.version is None:
        code.version = code.calculate_version()
    code.makeImpl(True, 0)
    first = [list(row) for row in code.modules]
    best, best_score = 0, penalty(first)
    for mask in range(1, 8):
        modules = [list(row) for row in first]
        for row, col in _flips(code, mask):
            modules[row][col] = not modules[row][col]
        score = penalty(modules)
        if score < best_score:
            best, best_score = mask, score
    code.makeImpl(False, best)
