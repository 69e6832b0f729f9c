"""Embedded TrueType fonts and the check of every character against their cmaps.

Some fonts silently draw nothing (or a box) for a character they lack; an archive
document must never do that with a patient's name. Every string is therefore split
into runs by the first font of the chain whose cmap has each character; a character no
font has stops the export with a message naming it (e.g. 𠮷 U+20BB7).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.errors import UserError
from desktop_app.paths import resources_dir

MAIN_FONT = "WQYMicroHei"
# Characters that are never drawn and so need no glyph: line breaks and tabs.
LAYOUT_ONLY = frozenset("\n\r\t")


@dataclass(frozen=True)
class FontFile:
    """A TrueType-outline font (or one face of a .ttc collection) to embed."""

    name: str
    path: Path
    subfont_index: int = 0


class UnsupportedCharacter(UserError):
    """A character none of the shipped fonts can draw: the export stops."""

    def __init__(self, char: str, where: str) -> None:
        code = f"U+{ord(char):04X}"
        super().__init__(
            f"字体中没有字符“{char}”（{code}），出现在“{where}”中：导出已停止，以免打印出方框或漏字。",
            f"The fonts have no glyph for “{char}” ({code}) in “{where}”: export stopped rather "
            "than print a box or drop the character.")
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
        main = self._cmaps[0]
        if all(ord(c) in main for c in text):
            return True
        self.runs(text, where)
        return False

    def runs(self, text: str, where: str = "") -> list[tuple[str, str]]:
        """``text`` as ``(font name, substring)`` runs; raises ``UnsupportedCharacter``."""
        runs: list[tuple[str, str]] = []
        for char in text:
            font = self.main if char in LAYOUT_ONLY else self.font_for(char)
            if font is None:
                raise UnsupportedCharacter(char, where or _excerpt(text, char))
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def check(self, text: str, where: str = "") -> None:
        """Raise ``UnsupportedCharacter`` for the first character no font can draw."""
        main = self._cmaps[0]
        if all(ord(c) in main or c in LAYOUT_ONLY for c in text):
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
        pdfmetrics.registerFont(tt)
        return tt


def shipped_fonts() -> list[FontFile]:
    """The fonts in resources/fonts/, main font first. WenQuanYi Micro Hei covers the
    GB 2312/GBK hanzi and Latin; a fallback font with CJK extension B (for names like
    𠮷) would be appended here once one with a suitable licence is shipped."""
    fonts = resources_dir() / "fonts"
    return [FontFile(MAIN_FONT, fonts / "wqy-microhei.ttc", 0)]


@cache
def default_chain() -> FontChain:
    return FontChain(shipped_fonts())
