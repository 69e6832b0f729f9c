"""The QR code's module matrix, exactly as ReportLab's encoder makes it, at a fraction of the cost.

Every document prints a QR code, and ReportLab's encoder spent 5–8 ms on it: the
Reed–Solomon generator polynomial rebuilt for every code, the codewords computed with
polynomial objects, the matrix laid out again for each of the eight masks it tries and
each trial scored over lists of booleans. This module makes the same code (ISO/IEC 18004,
level M) with ReportLab's decisions where it has any: its choice of mode and version
(``QRCode.addData``, ``calculate_version``), its block table, its placement of the data
modules and of the function patterns (taken once per version from ReportLab's own
layout), and its mask choice, scored with ReportLab's arithmetic (``QRUtil.getLostPoint``,
quirks included). What it does itself: the data bits of byte mode, the error correction
codewords (a table of the generator's multiples per length, built once), and the masks and
scores on the whole matrix as one integer (a bit per module), so a code costs well under a
millisecond. tests/documents/test_qr_mask.py compares the matrices with ReportLab's on many
payloads.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.graphics.barcode.qrencoder import (
    QR,
    QR8bitByte,
    QRBitBuffer,
    QRCode,
    QRErrorCorrectLevel,
    QRRSBlock,
    QRUtil,
)

LEVEL = QRErrorCorrectLevel.M
MODE_BYTE = 0b0100
PAD = (0xEC, 0x11)  # the pad codewords, alternating
# ReportLab looks for this one orientation only, and in rows only: its column pass
# compares tuples with a list, which never match, so columns score nothing.
FINDER_LIKE = "10111010000"

# GF(256) with the QR code's polynomial x⁸ + x⁴ + x³ + x² + 1: powers of α and their logarithms.
_EXP = [0] * 510
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _EXP[_power + 255] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D


def _times(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


@cache
def _ec_table(length: int) -> tuple[int, ...]:
    """For each byte f, f times the generator polynomial of ``length`` error correction
    codewords (∏ (x − αⁱ), i < length) without its leading 1, packed big-endian: one
    step of the division is then a shift and an XOR."""
    generator = [1]
    for i in range(length):
        product = [*generator, 0]
        for j, coefficient in enumerate(generator):
            product[j + 1] ^= _times(coefficient, _EXP[i])
        generator = product
    return tuple(int.from_bytes(bytes(_times(f, c) for c in generator[1:]), "big") for f in range(256))


def _ec_codewords(data: bytes, length: int) -> bytes:
    """The remainder of data(x)·x^length divided by the generator: the block's error correction."""
    table = _ec_table(length)
    top, keep = 8 * (length - 1), (1 << 8 * length) - 1
    rest = 0
    for byte in data:
        rest = ((rest << 8) & keep) ^ table[byte ^ (rest >> top)]
    return rest.to_bytes(length, "big")


@dataclass(frozen=True)
class _Layout:
    """One version's matrix, each part a bit per module, row by row (the first module the
    highest bit)."""

    version: int
    size: int  # modules a side
    blocks: tuple[tuple[int, int], ...]  # (data, error correction) codewords of each block
    # The codewords' bits (the data codewords, then each block's error correction) → the
    # matrix's characters: ReportLab's interleaving and placement, a '0' where no data goes.
    place: Callable[[str], tuple[str, ...]]
    trial: int  # the function patterns as ReportLab scores a mask (no format bits)
    final: tuple[int, ...]  # the function patterns with each mask's format (and version) bits
    masks: tuple[int, ...]  # each mask on the data modules
    after_first_column: int  # the modules with one to their left
    after_first_row: int  # the modules with one above
    finder_starts: int  # the modules where ReportLab's rule 3 looks for a finder-like run

    @property
    def capacity(self) -> int:
        return sum(data for data, _ in self.blocks)


@cache
def _layout(version: int) -> _Layout:
    """Read from ReportLab's own layout of an empty code, once per version: the data
    modules in its placement order, its function patterns with and without format bits."""
    code = QRCode(version, LEVEL)
    code.makeImpl(True, 0)
    n = code.getModuleCount()
    blocks = tuple((b.dataCount, b.totalCount - b.dataCount) for b in QRRSBlock.getRSBlocks(version, LEVEL))
    positions = [(row, col) for col, row in code.dataPosIterator()]
    data = set(positions)
    bit_of = [8 * sum(d + e for d, e in blocks)] * (n * n)  # the '0' after the codewords' bits
    for bit, (row, col) in zip(_interleaved(blocks), positions, strict=False):  # the rest are
        bit_of[row * n + col] = bit  # remainder bits, left light (then masked)

    def function_modules() -> int:
        return _bits(lambda row, col: bool(code.modules[row][col]) and (row, col) not in data, n)

    trial = function_modules()
    final = []
    for mask in range(8):
        code.makeImpl(False, mask)
        final.append(function_modules())
    masks = tuple(_mask_bits(QRUtil.getMask(mask), data, n) for mask in range(8))
    return _Layout(version, n, blocks, operator.itemgetter(*bit_of), trial, tuple(final), masks,
                   _bits(lambda row, col: col > 0, n), _bits(lambda row, col: row > 0, n),
                   _bits(lambda row, col: col < n - len(FINDER_LIKE), n))


def _mask_bits(flips: Callable[[int, int], object], data: set[tuple[int, int]], n: int) -> int:
    """The data modules a mask inverts."""
    return _bits(lambda row, col: (row, col) in data and bool(flips(row, col)), n)


def _interleaved(blocks: Sequence[tuple[int, int]]) -> list[int]:
    """Where each bit of the interleaved codewords is in the codewords' bits as ``_codewords``
    orders them (all data, then each block's error correction): the data codewords taken one
    from each block in turn, then the error correction codewords alike (ISO/IEC 18004 §7.6)."""
    order: list[int] = []
    at = 0
    for sizes in ([data for data, _ in blocks], [ec for _, ec in blocks]):
        starts = [at + sum(sizes[:b]) for b in range(len(sizes))]
        order += [start + i for i in range(max(sizes)) for start, size in zip(starts, sizes, strict=True)
                  if i < size]
        at += sum(sizes)
    return [8 * byte + bit for byte in order for bit in range(8)]


def _bits(dark: Callable[[int, int], bool], n: int) -> int:
    """The modules ``dark`` says are dark, as bits by rows."""
    return int("".join("1" if dark(r, c) else "0" for r in range(n) for c in range(n)), 2)


def _data_codewords(segments: Sequence[QR], version: int, capacity: int) -> bytes:
    """The data codewords as ReportLab's ``createData`` makes them: each segment's mode,
    length and data; a terminator of four zero bits if there is room; zero bits to the byte;
    pad codewords. Byte mode (what a document's payload uses) is packed here directly; other
    modes are written by ReportLab's segment writer."""
    if all(isinstance(s, QR8bitByte) for s in segments):
        value = length = 0
        for segment in segments:
            data, count_bits = bytes(segment.data), segment.getLengthBits(version)
            value = (((value << 4 | MODE_BYTE) << count_bits | len(data)) << 8 * len(data)
                     | int.from_bytes(data, "big"))
            length += 4 + count_bits + 8 * len(data)
    else:
        buffer = QRBitBuffer()
        for segment in segments:
            segment.write(buffer, version)
        length = buffer.getLengthInBits()
        value = int.from_bytes(bytes(buffer.buffer), "big") >> (8 * len(buffer.buffer) - length)
    if length > capacity * 8:
        raise ValueError(f"code length overflow. ({length} > {capacity * 8})")
    if length + 4 <= capacity * 8:
        value, length = value << 4, length + 4
    value, length = value << (-length % 8), length + (-length % 8)
    data = value.to_bytes(length // 8, "big")
    return data + bytes(PAD[i % 2] for i in range(capacity - len(data)))


def _codewords(data: bytes, layout: _Layout) -> bytes:
    """The data codewords followed by each block's error correction codewords."""
    ecs, at = [], 0
    for count, ec in layout.blocks:
        ecs.append(_ec_codewords(data[at:at + count], ec))
        at += count
    return data + b"".join(ecs)


def _score(modules: int, layout: _Layout) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` of a trial matrix, on all its modules at once."""
    n = layout.size
    same_left = ~(modules ^ (modules >> 1)) & layout.after_first_column  # as the module to the left
    same_above = ~(modules ^ (modules >> n)) & layout.after_first_row  # as the module above
    # Rule 1: a run of k ≥ 5 modules of one colour in a row or a column costs k − 2: a run
    # holds k − 4 windows of 4 equal neighbour pairs, and the first window adds the other 2.
    score = 0
    for same, step in ((same_left, 1), (same_above, n)):
        windows = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step)
        score += windows.bit_count() + 2 * (windows & ~(windows >> step)).bit_count()
    # Rule 2: 3 points for every 2×2 block of one colour (blocks may overlap).
    score += 3 * (same_left & (same_left >> n) & same_above).bit_count()
    # Rule 3, as ReportLab scans: 40 points a finder-like run in a row, starting before its
    # last 11 modules (the run cannot overlap itself, so each is counted once).
    starts = layout.finder_starts
    for i, colour in enumerate(FINDER_LIKE):
        starts &= (modules << i) if colour == "1" else ~(modules << i)
    score += 40 * starts.bit_count()
    # Rule 4: 10 points for every 5 % the dark modules are away from half.
    return score + 10 * (abs(100 * modules.bit_count() // (n * n) - 50) // 5)


def matrix(payload: str) -> list[str]:
    """The rows of the level-M QR code ReportLab makes of ``payload`` ('1' a dark module),
    without the quiet zone."""
    code = QRCode(None, LEVEL)
    code.addData(payload)  # ReportLab's choice of mode
    layout = _layout(code.calculate_version())
    codewords = _codewords(_data_codewords(code.dataList, layout.version, layout.capacity), layout)
    bits = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b") + "0"
    data = int("".join(layout.place(bits)), 2)
    best, best_score = 0, -1
    for mask, flips in enumerate(layout.masks):
        score = _score((data ^ flips) | layout.trial, layout)
        if best_score < 0 or score < best_score:  # the first of equal scores, as ReportLab
            best, best_score = mask, score
    n = layout.size
    text = format((data ^ layout.masks[best]) | layout.final[best], f"0{n * n}b")
    return [text[i:i + n] for i in range(0, n * n, n)]


def penalty(modules: Sequence[Sequence[bool]]) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` of a matrix given as rows of booleans (for tests)."""
    bits = int("".join("1" if m else "0" for row in modules for m in row), 2)
    return _score(bits, _layout((len(modules) - 17) // 4))
