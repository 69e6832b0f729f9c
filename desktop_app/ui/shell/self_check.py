"""The Qt step of ``--self-test``: platform plugin, the shipped font, a window painted."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication

from desktop_app.ui.kit.fonts import install_cjk_font
from desktop_app.ui.shell.login_dialog import LoginDialog

SAMPLE = "工伤康复档案"
MIN_COLOURS = 3  # a painted dialog has text, background and frames


def qt_check(app: QApplication) -> str:
    """Load the font, paint the sign-in window off screen, check it has Chinese glyphs."""
    family = install_cjk_font(app)
    if family is None:
        raise RuntimeError("the shipped CJK font did not load")
    if not _has_glyphs(family):
        raise RuntimeError(f"font {family} lacks Chinese glyphs")
    dialog = LoginDialog(None)
    image = dialog.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    dialog.deleteLater()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    if image.isNull() or len(colours) < MIN_COLOURS:
        raise RuntimeError(f"the window painted {len(colours)} colours")
    return f"platform {app.platformName()}, font {family}, window {image.width()}x{image.height()}"


def _has_glyphs(family: str) -> bool:
    metrics = QFontMetrics(QFont(family))
    return all(metrics.inFontUcs4(ord(ch)) for ch in SAMPLE)
