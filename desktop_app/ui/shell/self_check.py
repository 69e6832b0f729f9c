"""The Qt step of ``--self-test``: platform plugin, the shipped font, a window painted."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QImage, QTextLayout
from PySide6.QtWidgets import QApplication

from desktop_app.ui.kit.fonts import FALLBACK_FILES, fallback_families, install_cjk_font
from desktop_app.ui.shell.login_dialog import LoginDialog

SAMPLE = "工伤康复档案"
RARE = "䶮𠮷𬌗"  # CJK Extensions A, B and E: drawn by the fallback fonts
MIN_COLOURS = 3  # a painted dialog has text, background and frames


def qt_check(app: QApplication) -> str:
    """Load the font, paint the sign-in window off screen, check it has Chinese glyphs."""
    family = install_cjk_font(app)
    if family is None:
        raise RuntimeError("the shipped CJK font did not load")
    if not _has_glyphs(family):
        raise RuntimeError(f"font {family} lacks Chinese glyphs")
    fallbacks = fallback_families()
    if len(fallbacks) != len(FALLBACK_FILES):
        raise RuntimeError(f"fallback fonts loaded: {fallbacks}, expected {len(FALLBACK_FILES)}")
    missing = [ch for ch in RARE if not glyph_fonts(ch, app.font())[0]]
    if missing:
        raise RuntimeError(f"no glyph for {''.join(missing)} in the application font or its fallbacks")
    dialog = LoginDialog(None)
    image = dialog.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    dialog.deleteLater()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    if image.isNull() or len(colours) < MIN_COLOURS:
        raise RuntimeError(f"the window painted {len(colours)} colours")
    fonts = " + ".join([family, *fallbacks])
    ok = _qt_speaks_chinese(app)
    return (f"platform {app.platformName()}, font {fonts}, window {image.width()}x{image.height()}, "
            f"Qt's own buttons {ok}")


def _qt_speaks_chinese(app: QApplication) -> str:
    """Qt's own Chinese (the bundle must carry qtbase_zh_CN): the OK button says 确定."""
    from PySide6.QtCore import QCoreApplication

    from desktop_app.ui.kit.i18n import SOURCE_LANGUAGE, install_language

    install_language(app, SOURCE_LANGUAGE)
    ok = QCoreApplication.translate("QPlatformTheme", "OK")
    if "确定" not in ok:
        raise RuntimeError(f"Qt's own strings are not in Chinese (OK is {ok!r}): qtbase_zh_CN missing")
    return ok


def _has_glyphs(family: str) -> bool:
    metrics = QFontMetrics(QFont(family))
    return all(metrics.inFontUcs4(ord(ch)) for ch in SAMPLE)


def glyph_fonts(text: str, font: QFont) -> list[str]:
    """The family of each run of ``text`` as Qt lays it out in ``font`` (fallbacks included);
    ``[""]`` if a glyph is missing (Qt's glyph 0, the box)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    if not runs or any(0 in run.glyphIndexes() for run in runs):
        return [""]
    return [run.rawFont().familyName() for run in runs]
