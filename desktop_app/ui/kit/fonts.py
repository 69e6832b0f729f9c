"""Register the shipped CJK font so Chinese renders on PCs without one."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.paths import resources_dir

log = logging.getLogger(__name__)
FONT_FILE = "wqy-microhei.ttc"


def install_cjk_font(app: QApplication) -> str | None:
    """Load the bundled font and make it the application font; return its family."""
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / FONT_FILE))
    if font_id < 0:
        log.error("could not load the bundled CJK font %s", FONT_FILE)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]
