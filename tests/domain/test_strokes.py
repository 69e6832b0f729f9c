"""Handwriting strokes: the minimum-ink check and the plain-Python PNG render."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest

from desktop_app.domain.strokes import (
    FIT_MARGIN,
    fit_strokes,
    render_png,
    synthetic_strokes,
    validate_strokes,
)


def decode(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the grey pixels of a PNG written by ``render_png``."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", data[:8])
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    rows = [raw[r * (width + 1) + 1:(r + 1) * (width + 1)] for r in range(height)]
    assert all(raw[r * (width + 1)] == 0 for r in range(height))  # filter type "none"
    return width, height, b"".join(rows)


def ink_box(png: bytes) -> tuple[int, int, int, int]:
    """Left, top, right, bottom of the black pixels."""
    width, height, pixels = decode(png)
    black = [(i % width, i // width) for i, value in enumerate(pixels) if value == 0]
    assert black, "no ink drawn"
    xs, ys = [x for x, _ in black], [y for _, y in black]
    return min(xs), min(ys), max(xs), max(ys)


# Hashes of the images the first integrity slice stored: fitting must not change them.
GOLDEN = {
    1: "39163561d032765a88407cec2380245d0ea7369cdea6556b1b0e45a7bdcd0021",
    2: "52ebd25b252aa5dcc496d6fb2f42a3ca158532b51c28c78189e104427ac7b9cb",
    9: "430f21b9de597172754e4928ad1fb42b66a92f19dc627be892ebfb9a5ff15a74",
}


@pytest.mark.parametrize("seed", sorted(GOLDEN))
def test_default_render_is_unchanged(seed: int) -> None:
    assert hashlib.sha256(render_png(synthetic_strokes(seed))).hexdigest() == GOLDEN[seed]


def test_a_written_name_passes_and_a_tap_or_a_tiny_scribble_does_not() -> None:
    assert validate_strokes(synthetic_strokes(1)) == []
    tap = [[(10.0, 10.0, 0)]]
    assert "笔迹太少" in validate_strokes(tap)[0].zh
    tiny = [[(10.0 + (i % 2) * 30, 10.0 + (i % 2) * 5, i * 10) for i in range(20)]]
    assert "太小" in validate_strokes(tiny)[0].zh
    backwards = [[(0.0, 0.0, 50), (100.0, 40.0, 10)]]
    assert "时间顺序" in validate_strokes(backwards)[0].zh
    assert "格式" in validate_strokes([[(0.0, 0.0)]])[0].zh


def test_fit_centres_ink_that_fits_and_keeps_its_size_and_times() -> None:
    strokes = [[(10.0, 10.0, 0), (110.0, 50.0, 40)]]
    fitted = fit_strokes(strokes, 400, 160)
    assert fitted == [[(150.0, 60.0, 0), (250.0, 100.0, 40)]]
    assert validate_strokes(fitted) == validate_strokes(strokes)


def test_ink_from_a_large_pad_is_shrunk_into_the_image() -> None:
    # A name written across a 900 x 300 pad, far outside the 400 x 160 image.
    wide = synthetic_strokes(4, width=900, height=300)
    cut = ink_box(render_png(wide))
    assert cut[2] == 399, "without fit the ink runs off the right edge"
    left, top, right, bottom = ink_box(render_png(wide, fit=True))
    assert left >= FIT_MARGIN - 2 and right <= 400 - FIT_MARGIN + 1
    assert top >= 0 and bottom <= 160 - 1
    assert abs((left + right) / 2 - 200) <= 2
    assert right - left > 300, "shrunk only as far as needed"


def test_fit_never_enlarges_and_handles_edge_cases() -> None:
    small = [[(500.0, 500.0, 0), (540.0, 512.0, 30)]]
    left, top, right, bottom = ink_box(render_png(small, fit=True))
    assert 38 <= right - left <= 42 and 10 <= bottom - top <= 14
    assert fit_strokes([], 400, 160) == []
    assert fit_strokes([[(3.0, 4.0, 0)]], 400, 160) == [[(200.0, 80.0, 0)]]
