"""Register the shipped CJK fonts so Chinese renders on PCs without one.

WenQuanYi Micro Hei is the application font; the HanaMin subsets (the same files the
documents embed, ``documents/fonts.py``) follow it in the font's family list, so a name with
a rare character (䶮, 𠮷 U+20BB7, 𬌗 U+2C317) draws its glyph and not a box whatever the PC has.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.paths import resources_dir

log = logging.getLogger(__name__)
FONT_FILE = "wqy-microhei.ttc"
# CJK Extension A (and U+9FC4–9FFF, compatibility ideographs), then Extensions B–F.
FALLBACK_FILES = ("rehab-han-ext-a.ttf", "rehab-han-ext-b.ttf")


_loaded: dict[str, int] = {}  # file -> Qt's font id: each file is read once per process


def _load(file: str) -> str | None:
    font_id = _loaded.get(file, -1)
    if font_id < 0 or not QFontDatabase.applicationFontFamilies(font_id):
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / file))
        if font_id < 0:
            log.error("could not load the bundled font %s", file)
            return None
        _loaded[file] = font_id
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def fallback_families() -> list[str]:
    """The families of the fallback fonts that loaded (registering them, once per process)."""
    return [family for family in map(_load, FALLBACK_FILES) if family is not None]


def install_cjk_font(app: QApplication) -> str | None:
    """Load the bundled fonts and make the main one, with its fallbacks, the application font;
    return the main family."""
    main = _load(FONT_FILE)
    if main is None:
        return None
    fallbacks = fallback_families()
    # Widgets that ask for the main family by name (QFont(family)) fall back too.
    QFont.insertSubstitutions(main, fallbacks)
    font = QFont(main)
    font.setFamilies([main, *fallbacks])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return main
