"""Embedded TrueType fonts and the check of every character against their cmaps.

Some fonts silently draw nothing (or a box) for a character they lack; an archive
document must never do that with a patient's name. Every string is therefore split
into runs by the first font of the chain whose cmap has each character (WenQuanYi Micro
Hei, then the HanaMin subsets for CJK Extensions A–F: 䶮, 𠮷 U+20BB7, 𬌗 U+2C317); a
character no font has (Extension G, U+30000…) stops the export with a message naming it."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.documents.font_subset import SubsetMaker
from desktop_app.errors import UserError
from desktop_app.paths import resources_dir

MAIN_FONT = "WQYMicroHei"
# The fallbacks, in the order tried after the main font: HanaMin subsets with the hanzi
# WenQuanYi lacks (installer/fallback_font.py; resources/fonts/LICENSE-rehab-han-ext.txt).
FALLBACK_FONTS = (("RehabHanExtA", "rehab-han-ext-a.ttf"),  # Ext A, U+9FC4–9FFF, compatibility
                  ("RehabHanExtB", "rehab-han-ext-b.ttf"))  # Ext B–F (𠮷 U+20BB7, 𬌗 U+2C317)
# Characters that are never drawn and so need no glyph: line breaks and tabs.
LAYOUT_ONLY = frozenset("\n\r\t")


@dataclass(frozen=True)
class FontFile:
    """A TrueType-outline font (or one face of a .ttc collection) to embed."""

    name: str
    path: Path
    subfont_index: int = 0


class UnsupportedCharacter(UserError):
    """Characters none of the shipped fonts can draw: the export stops, naming each of them
    (``char``/``codepoint``: the first; ``chars``: all of them in the text checked)."""

    def __init__(self, char: str, where: str, others: str = "") -> None:
        self.chars = "".join(dict.fromkeys(char + others))
        named_zh = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in self.chars)
        named_en = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in self.chars)
        super().__init__(
            f"随附的字体（文泉驿微米黑及花园明朝扩展字体）中都没有字符{named_zh}，出现在“{where}”中："
            "导出已停止，以免打印出方框或漏字。",
            f"None of the shipped fonts (WenQuanYi Micro Hei and the HanaMin extension fonts) has a "
            f"glyph for {named_en} in “{where}”: export stopped rather than print a box or drop "
            "the character.")
        self.char = char
        self.codepoint = ord(char)


class FontChain:
    """The main font first, then fallbacks; each registered with ReportLab once."""

    def __init__(self, files: Sequence[FontFile]) -> None:
        if not files:
            raise ValueError("a font chain needs at least one font")
        self.files = tuple(files)
        self.names = tuple(f.name for f in files)
        self._cmaps = tuple(frozenset(_register(f).face.charToGlyph) for f in files)
        # The main font's characters (and with the layout ones) as sets of strings, so a whole
        # text is checked by one ``issuperset`` (in C) before any character-by-character work:
        # almost every text needs no fallback font, and each is checked more than once (the
        # builder's input, then each paragraph and string drawn).
        self._main_chars = frozenset(map(chr, self._cmaps[0]))
        self._main_or_layout = self._main_chars | LAYOUT_ONLY

    @property
    def main(self) -> str:
        return self.names[0]

    def font_for(self, char: str) -> str | None:
        """The first font of the chain that has a glyph for ``char``."""
        code = ord(char)
        for name, cmap in zip(self.names, self._cmaps, strict=True):
            if code in cmap:
                return name
        return None

    def single_font(self, text: str, where: str = "") -> bool:
        """True if the main font draws all of ``text``; raises if no font can."""
        if self._main_chars.issuperset(text):
            return True
        self.runs(text, where)
        return False

    def runs(self, text: str, where: str = "") -> list[tuple[str, str]]:
        """``text`` as ``(font name, substring)`` runs; raises ``UnsupportedCharacter``."""
        if self._main_or_layout.issuperset(text):
            return [(self.main, text)] if text else []
        runs: list[tuple[str, str]] = []
        for char in text:
            font = self.main if char in LAYOUT_ONLY else self.font_for(char)
            if font is None:
                others = "".join(c for c in text if c not in LAYOUT_ONLY and self.font_for(c) is None)
                raise UnsupportedCharacter(char, where or _excerpt(text, char), others)
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def check(self, text: str, where: str = "") -> None:
        """Raise ``UnsupportedCharacter`` for the first character no font can draw."""
        if self._main_or_layout.issuperset(text):
            return
        self.runs(text, where)

    def markup(self, text: str, where: str = "") -> str:
        """Paragraph markup for plain ``text``: escaped, fallback runs in their own font."""
        runs = self.runs(text, where)
        return "".join(escape(part) if font == self.main else f'<font face="{font}">{escape(part)}</font>'
                       for font, part in runs).replace("\n", "<br/>")


def _excerpt(text: str, char: str, width: int = 12) -> str:
    at = text.index(char)
    start = max(0, at - width)
    return ("…" if start else "") + text[start:at + width] + ("…" if at + width < len(text) else "")


_lock = threading.Lock()
_BMP_ONLY_CMAP = ttfonts.makeToUnicodeCMap
_ASTRAL_ENTRY = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16_hex(match: re.Match[str]) -> str:
    code = int(match.group(2), 16) - 0x10000
    return f"{match.group(1)}<{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16BE surrogate
    pairs, as ISO 32000-1 §9.10.3 requires: ReportLab writes ``<20BB7>`` for 𠮷, which readers
    take as U+20BB (₻), so a text search for the patient's name would not find it."""
    return _ASTRAL_ENTRY.sub(_utf16_hex, _BMP_ONLY_CMAP(fontname, subset))


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # ReportLab looks the helper up at each embedding


def _register(font: FontFile) -> TTFont:
    """Register once per process; ReportLab's registry is global."""
    with _lock:
        try:
            existing = pdfmetrics.getFont(font.name)
        except KeyError:
            existing = None
        if isinstance(existing, TTFont):
            return existing
        tt = TTFont(font.name, str(font.path), subfontIndex=font.subfont_index)
        _keep_tables(tt.face)
        if tt.face.get_table_pos("glyf")[1] <= KEEP_TABLES_UP_TO:  # its glyphs kept: subsets made faster
            tt.face.makeSubset = SubsetMaker(tt.face).make
        pdfmetrics.registerFont(tt)
        return tt


KEEP_TABLES_UP_TO = 8 << 20  # bytes: not the Ext B fallback's 29 MB 'glyf', for rare names only


def _keep_tables(face: ttfonts.TTFontFile) -> None:
    """ReportLab copies the tables it needs out of the font file for every subset it embeds
    (``makeSubset``): the main font's 'glyf' (3.5 MB) and 'post' (0.5 MB) every document,
    0.35 of a subset's 0.9 ms. Copied once and kept, they are shared: ReportLab only reads them."""
    kept: dict[str, bytes] = {}
    read = face.get_table

    def get_table(tag: str) -> bytes:
        table = kept.get(tag)
        if table is None:
            table = read(tag)
            if len(table) <= KEEP_TABLES_UP_TO:
                kept[tag] = table
        return table

    face.get_table = get_table


def shipped_fonts() -> list[FontFile]:
    """The fonts in resources/fonts/, main font first. WenQuanYi Micro Hei covers the
    GB 2312/GBK hanzi and Latin; the fallbacks cover CJK Extensions A to F (names like 𠮷)
    and the compatibility ideographs. Not covered: Extensions G and later (U+30000…)."""
    fonts = resources_dir() / "fonts"
    return [FontFile(MAIN_FONT, fonts / "wqy-microhei.ttc", 0),
            *(FontFile(name, fonts / file) for name, file in FALLBACK_FONTS)]


@cache
def default_chain() -> FontChain:
    return FontChain(shipped_fonts())


# Drawn by a stamp besides the text given: the date (digits, "-") and whatever ASCII a name has.
STAMP_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F))


def stamp_font(chain: FontChain, base: Path, text: str, cache_dir: Path) -> Path:
    """A single TrueType file that draws all of ``text``, for a signature stamp (pyHanko's
    engine takes one font). ``base`` is the main font as a .ttf; when ``text`` needs a
    fallback (a signer named 𠮷某), the answer is a small font made of the base's glyphs for
    ``text`` and the fallbacks' glyphs for the rest, scaled to the base's units per em,
    cached in ``cache_dir`` by its character set. Raises ``UnsupportedCharacter`` for a
    character no font has."""
    grouped: dict[str, str] = {}
    for font, part in chain.runs(text.replace("\n", ""), "签章"):
        grouped[font] = grouped.get(font, "") + part
    extra = {font: "".join(sorted(set(part))) for font, part in grouped.items() if font != chain.main}
    if not extra:
        return base
    import hashlib  # noqa: PLC0415 - only a stamp with a rare character needs these

    from fontTools.merge import Merger  # noqa: PLC0415

    chars = "".join(sorted(set(STAMP_ALWAYS + grouped.get(chain.main, ""))))
    key = "\0".join([base.name, chars, *(f"{font}:{part}" for font, part in sorted(extra.items()))])
    target = cache_dir / f"stamp-{hashlib.sha256(key.encode()).hexdigest()[:16]}.ttf"
    if target.exists():
        return target
    files = {f.name: f for f in chain.files}
    head, upem = _stamp_part(base, 0, chars, None)
    tails = [_stamp_part(files[name].path, files[name].subfont_index, part, upem)[0]
             for name, part in extra.items()]
    merged = Merger().merge([head, *tails])
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    merged.save(str(tmp))
    tmp.replace(target)
    return target


def _stamp_part(path: Path, index: int, chars: str, upem: int | None) -> tuple[io.BytesIO, int]:
    """``chars``' glyphs of one font (face ``index`` of a .ttc), without layout tables or hints,
    scaled to ``upem`` units per em if given; and its units per em."""
    from fontTools import subset  # noqa: PLC0415
    from fontTools.ttLib import TTFont as FtFont  # noqa: PLC0415
    from fontTools.ttLib.scaleUpem import scale_upem  # noqa: PLC0415

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "BASE", "gasp", "prop", "FFTM"]
    with FtFont(str(path), fontNumber=index if path.suffix == ".ttc" else -1) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars])
        subsetter.subset(font)
        if upem is not None and font["head"].unitsPerEm != upem:
            scale_upem(font, upem)
        out = io.BytesIO()
        font.save(out)
        out.seek(0)
        return out, int(font["head"].unitsPerEm)
