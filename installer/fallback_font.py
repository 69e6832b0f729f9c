"""Make ``resources/fonts/rehab-han-ext-a.ttf`` and ``rehab-han-ext-b.ttf``, the fallback fonts
for the hanzi WenQuanYi Micro Hei lacks, from Debian's ``fonts-hanazono`` (20170904; GlyphWiki
Project's HanaMinA/HanaMinB):

    apt-get download fonts-hanazono && dpkg -x fonts-hanazono_*.deb hanazono
    .venv/bin/python installer/fallback_font.py hanazono/usr/share/fonts/truetype/hanazono

Each keeps only ideographs: "Rehab Han Ext B" has HanaMinB's CJK Extensions B to F, "Rehab Han
Ext A" HanaMinA's Extension A, the U+9FC4–9FFF tail of the unified block, the compatibility
ideographs and their supplement. Two files, because together they have more than the 65,535
glyphs a TrueType font can hold. Both stay TrueType-outline fonts (ReportLab embeds no
others). The Hanazono Font License allows modification without renaming; the new names keep
clear of the Reserved Font Names of the licence's OFL alternative as well. The same input
gives the same bytes (fixed timestamps).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"


class Part:
    def __init__(self, source: str, target: str, suffix: str,
                 ranges: tuple[tuple[int, int], ...]) -> None:
        self.source, self.target, self.ranges = source, target, ranges
        self.family, self.ps_name = f"Rehab Han Ext {suffix}", f"RehabHanExt{suffix}"


PARTS = (
    Part("HanaMinA.ttf", "rehab-han-ext-a.ttf", "A",
         ((0x3400, 0x4DBF), (0x9FC4, 0x9FFF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))),
    Part("HanaMinB.ttf", "rehab-han-ext-b.ttf", "B", ((0x20000, 0x2A6DF), (0x2A700, 0x2EBEF))),
)
FIXED_TIME = 3587328000  # 2017-09-04 00:00 UTC, the upstream release, in seconds since 1904
DROP_TABLES = ["vhea", "vmtx", "BASE", "FFTM", "GDEF", "GSUB", "GPOS", "fpgm", "prep", "cvt ", "gasp", "prop"]


def build(part: Part, source_dir: Path, out_dir: Path = FONTS) -> Path:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += DROP_TABLES
    options.name_IDs = []
    options.notdef_outline = True
    font = TTFont(source_dir / part.source, recalcTimestamp=False)  # keeps FIXED_TIME
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in part.ranges for c in range(first, last + 1)])
    subsetter.subset(font)
    _list_every_advance(font)
    notice = ("Copyright 2008-2017 GlyphWiki Project (http://glyphwiki.org/). Subset of "
              f"{part.source[:-4]} 2017-09-04 (Debian fonts-hanazono 20170904) made for "
              "rehab-archive by installer/fallback_font.py; Hanazono Font License, see "
              "LICENSE-rehab-han-ext.txt.")
    names = font["name"]
    names.names = []
    for name_id, text in ((0, notice), (1, part.family), (2, "Regular"),
                          (3, f"{part.ps_name}-20170904"), (4, part.family), (5, "Version 20170904"),
                          (6, part.ps_name),
                          (13, "Hanazono Font License: unlimited permission is granted to use, "
                               "copy, and distribute it, with or without modification.")):
        names.setName(text, name_id, 3, 1, 0x409)
    font["head"].created = font["head"].modified = FIXED_TIME
    font["OS/2"].fsType = 0  # installable embedding, as the sources say
    target = out_dir / part.target
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


def _list_every_advance(font: TTFont) -> None:
    """End the glyph order with an empty, unmapped glyph of advance 0, so that ``hmtx`` lists
    every glyph's advance (``numberOfHMetrics`` = glyph count). HanaMin lists one advance for
    all its glyphs; ReportLab 5.1 takes the glyphs after ``numberOfHMetrics`` as already
    scaled to 1/1000 em and writes 1000 where the font says 1024 into the subset it embeds,
    so the PDF's widths (1000) disagree with the embedded program's (977), which PDF/A
    forbids."""
    order = [*font.getGlyphOrder(), "advances.end"]
    font["glyf"].glyphs["advances.end"] = Glyph()
    font["hmtx"].metrics["advances.end"] = (0, 0)
    font.setGlyphOrder(order)
    font["glyf"].setGlyphOrder(order)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("source_dir", type=Path, help="the folder with HanaMinA.ttf and HanaMinB.ttf")
    parser.add_argument("--out-dir", type=Path, default=FONTS)
    args = parser.parse_args(argv)
    for part in PARTS:
        out = build(part, args.source_dir, args.out_dir)
        print(f"{out}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
