"""The TrueType program ReportLab embeds for each subset of a font, made with what every
subset shares kept per font.

ReportLab's ``TTFontFile.makeSubset`` finds the components of composite glyphs by seeking in
the font file and reading two bytes at a time, and unpacks each glyph's header again to copy
it: most of the 3 ms a subset costs, and a claim's seven documents embed about a dozen
subsets. ``SubsetMaker`` reads each glyph's components once per process and otherwise
builds the same tables in the same way, so the program is byte for byte ReportLab's
(``tests/documents/test_font_subset.py`` compares them over thousands of subsets). It is
used for the fonts whose tables ``fonts`` keeps in memory (the main font), not for the
large fallbacks that print a rare name now and then.
"""

from __future__ import annotations

from contextlib import suppress
from struct import pack, unpack_from
from typing import Any

from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFontMaker,
)

COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # tables a subset takes as they are, if present


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2:]


class SubsetMaker:
    """``make(subset)``: what ``face.makeSubset(subset)`` returns, for one font face."""

    def __init__(self, face: Any) -> None:
        self.face = face
        self.glyf: bytes = face.get_table("glyf")
        self.positions: list[int] = face.glyphPos
        # glyph → ((offset of a component's glyph index in the glyph's data, that index), …)
        self._components: dict[int, tuple[tuple[int, int], ...]] = {}

    def components(self, glyph: int) -> tuple[tuple[int, int], ...]:
        """A composite glyph's components (none for a simple or empty glyph), read once."""
        known = self._components.get(glyph)
        if known is not None:
            return known
        start = self.positions[glyph]
        found: list[tuple[int, int]] = []
        if self.positions[glyph + 1] > start and unpack_from(">h", self.glyf, start)[0] < 0:
            at = 10  # after the glyph's header: number of contours and bounding box
            flags = GF_MORE_COMPONENTS
            while flags & GF_MORE_COMPONENTS:
                flags, component = unpack_from(">HH", self.glyf, start + at)
                found.append((at + 2, component))
                at += 4 + (4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2)
                if flags & GF_WE_HAVE_A_SCALE:
                    at += 2
                elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
                    at += 4
                elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
                    at += 8
        result = self._components[glyph] = tuple(found)
        return result

    def make(self, subset: list[int]) -> bytes:
        face, positions = self.face, self.positions
        glyph_map = [0]  # new glyph index → the font's
        glyph_set = {0: 0}  # the font's glyph index → new
        code_to_glyph: dict[int, int] = {}
        for code in subset:
            glyph = face.charToGlyph.get(code, 0)
            if glyph not in glyph_set:
                glyph_set[glyph] = len(glyph_map)
                glyph_map.append(glyph)
            code_to_glyph[code] = glyph_set[glyph]
        n = 0
        while n < len(glyph_map):  # the components of composite glyphs come too
            for _offset, component in self.components(glyph_map[n]):
                if component not in glyph_set:
                    glyph_set[component] = len(glyph_map)
                    glyph_map.append(component)
            n += 1

        output = TTFontMaker()
        for tag in COPIED:
            with suppress(KeyError):  # cvt, fpgm and prep are optional
                output.add(tag, face.get_table(tag))
        output.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)
        count = len(glyph_map)
        metrics: list[int] = []
        for glyph in glyph_map:
            advance, bearing = face.hmetrics[glyph]
            metrics += (int(advance), int(bearing))
        last = len(metrics) - 2  # trailing glyphs of one advance keep only their bearing
        while last and metrics[last] == metrics[last - 2]:
            last -= 2
        last += 2
        metrics = metrics[:last] + metrics[last + 1::2]
        output.add("hmtx", pack(f">{len(metrics)}H", *metrics))
        output.add("hhea", _set_ushort(face.get_table("hhea"), 34, last >> 1))
        output.add("maxp", _set_ushort(face.get_table("maxp"), 4, count))
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset),
                *map(code_to_glyph.get, subset)]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        offsets = []
        parts = []
        at = 0
        glyf = self.glyf
        for glyph in glyph_map:
            offsets.append(at)
            start = positions[glyph]
            length = positions[glyph + 1] - start
            data = glyf[start:start + length]
            if length > 2:
                for offset, component in self.components(glyph):
                    data = _set_ushort(data, offset, glyph_set[component])
            parts.append(data)
            at += length
            if at % 4:
                parts.append(b"\0" * (4 - at % 4))
                at += 4 - at % 4
        offsets.append(at)
        output.add("glyf", b"".join(parts))
        long_offsets = (at + 1) >> 1 > 0xFFFF
        loca = offsets if long_offsets else [offset >> 1 for offset in offsets]
        output.add("loca", pack(f">{len(loca)}{'L' if long_offsets else 'H'}", *loca))
        output.add("head", _set_ushort(face.get_table("head"), 50, 1 if long_offsets else 0))
        result: bytes = output.makeStream()
        return result
