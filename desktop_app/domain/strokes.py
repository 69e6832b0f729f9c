"""Handwritten signatures captured on screen: strokes of points ``(x, y, t_ms)``.

The strokes are the evidence of the signing act (电子签名法 Art. 13: signing data
controlled by the signer); the minimum-ink check refuses a tap or a stray line.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence

from desktop_app.errors import FieldError

Point = Sequence[float]
Stroke = Sequence[Point]
MIN_POINTS = 12
MIN_INK_LENGTH = 120.0  # in device-independent pixels
MIN_WIDTH, MIN_HEIGHT = 40.0, 12.0
FIT_MARGIN = 8.0  # blank border kept around fitted ink, in pixels


def _segments(strokes: Sequence[Stroke]) -> list[tuple[Point, Point]]:
    return [(a, b) for stroke in strokes for a, b in zip(stroke, stroke[1:], strict=False)]


def ink_length(strokes: Sequence[Stroke]) -> float:
    return sum(math.dist(a[:2], b[:2]) for a, b in _segments(strokes))


def validate_strokes(strokes: Sequence[Stroke], *, field: str = "签名",
                     key: str = "signature") -> list[FieldError]:
    points = [p for stroke in strokes for p in stroke]
    if any(len(p) != 3 for p in points):
        return [FieldError(field, "签名数据格式错误", "Malformed signature data", key=key)]
    if any(b[2] < a[2] for a, b in _segments(strokes)):
        return [FieldError(field, "签名笔迹的时间顺序错误", "The strokes' timestamps go backwards", key=key)]
    if len(points) < MIN_POINTS or ink_length(strokes) < MIN_INK_LENGTH:
        return [FieldError(field, "签名笔迹太少，请完整书写姓名",
                           "Too little ink: please write the full name", key=key)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if max(xs) - min(xs) < MIN_WIDTH or max(ys) - min(ys) < MIN_HEIGHT:
        return [FieldError(field, "签名太小，请在签名框内完整书写", "The signature is too small", key=key)]
    return []


def fit_strokes(strokes: Sequence[Stroke], width: float, height: float,
                margin: float = FIT_MARGIN) -> list[list[tuple[float, float, float]]]:
    """The strokes moved so their ink is centred in a ``width`` × ``height`` canvas, and
    shrunk (never enlarged, both axes alike) if they do not fit inside ``margin``; the
    times are kept. A signature written on a large pad still fits the stored image."""
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return []
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    top, bottom = min(p[1] for p in points), max(p[1] for p in points)
    room_x, room_y = max(width - 2 * margin, 1.0), max(height - 2 * margin, 1.0)
    scale = min(1.0, room_x / max(right - left, 1e-9), room_y / max(bottom - top, 1e-9))
    dx = width / 2 - (left + right) / 2 * scale
    dy = height / 2 - (top + bottom) / 2 * scale
    return [[(p[0] * scale + dx, p[1] * scale + dy, p[2]) for p in stroke] for stroke in strokes]


def render_png(strokes: Sequence[Stroke], width: int = 400, height: int = 160, pen: int = 2, *,
               fit: bool = False) -> bytes:
    """The strokes drawn black on white as a greyscale PNG (no Qt needed: the demo, the
    tests and the signature pad all render the same way). With ``fit`` the ink is first
    centred and, if too large, shrunk into the canvas (``fit_strokes``); without it the
    points are drawn where they are and anything outside the canvas is cut off."""
    if fit:
        strokes = fit_strokes(strokes, width, height)
    pixels = bytearray(b"\xff" * (width * height))

    def dot(x: float, y: float) -> None:
        for dx in range(-pen // 2, pen - pen // 2):
            for dy in range(-pen // 2, pen - pen // 2):
                px, py = round(x) + dx, round(y) + dy
                if 0 <= px < width and 0 <= py < height:
                    pixels[py * width + px] = 0

    for stroke in strokes:
        if len(stroke) == 1:
            dot(stroke[0][0], stroke[0][1])
    for a, b in _segments(strokes):
        steps = max(1, int(math.dist(a[:2], b[:2]) * 2))
        for i in range(steps + 1):
            dot(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
    raw = b"".join(b"\x00" + bytes(pixels[row * width:(row + 1) * width]) for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def synthetic_strokes(seed: int, width: int = 400, height: int = 160) -> list[list[tuple[float, float, int]]]:
    """A plausible scribbled name (demo data and tests): three strokes of wavy lines."""
    strokes: list[list[tuple[float, float, int]]] = []
    t = 0
    for n in range(3):
        left = 40 + n * (width - 80) / 3
        stroke = []
        for i in range(18):
            x = left + i * 6
            y = height / 2 + math.sin((i + seed + n) * 0.9) * height / 4
            t += 12 + (seed + i) % 7
            stroke.append((round(x, 1), round(y, 1), t))
        t += 150
        strokes.append(stroke)
    return strokes
