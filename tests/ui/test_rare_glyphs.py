"""A name with a CJK Extension A/B/E character shows its glyph in the widgets, from the shipped
fallback fonts (this machine has no CJK font of its own: fc-list lists DejaVu only)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PySide6.QtGui import QColor, QImage, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.documents.fonts import FALLBACK_FONTS
from desktop_app.domain.identity import make_resident_id
from desktop_app.paths import resources_dir
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.kit.fonts import FALLBACK_FILES, fallback_families, install_cjk_font
from desktop_app.ui.shell.main_window import CASES, MainWindow
from desktop_app.ui.shell.self_check import glyph_fonts, qt_check
from tests.services.test_rare_name_export import NAME, rare
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture

pytestmark = pytest.mark.sqlite_only  # fonts, not the database


def _shipped_glyph(file: str, char: str) -> int:
    with TTFont(resources_dir() / "fonts" / file, lazy=True) as font:
        return font.getGlyphID(font.getBestCmap()[ord(char)])


def _ink(label: QLabel) -> set[tuple[int, int]]:
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    background = QColor(image.pixel(0, 0)).lightness()
    return {(x, y) for x in range(image.width()) for y in range(image.height())
            if background - QColor(image.pixel(x, y)).lightness() > 80}


def test_the_app_font_draws_rare_hanzi_from_the_shipped_fallbacks(qapp: QApplication) -> None:
    main = install_cjk_font(qapp)
    assert main is not None
    fallbacks = fallback_families()
    assert fallbacks == ["Rehab Han Ext A", "Rehab Han Ext B"]
    assert tuple(file for _, file in FALLBACK_FONTS) == FALLBACK_FILES  # the files the PDFs embed
    assert qapp.font().families() == [main, *fallbacks]
    for char, file, family in (("䶮", FALLBACK_FILES[0], "Rehab Han Ext A"),
                               ("𠮷", FALLBACK_FILES[1], "Rehab Han Ext B"),
                               ("𬌗", FALLBACK_FILES[1], "Rehab Han Ext B")):
        assert glyph_fonts(char, qapp.font()) == [family], char
        # the glyph Qt lays out is the shipped file's own glyph for the character
        layout = QTextLayout(char, qapp.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        (run,) = layout.glyphRuns()
        assert list(run.glyphIndexes()) == [_shipped_glyph(file, char)], char
    assert glyph_fonts("吉某", qapp.font()) == [main]
    assert glyph_fonts("\U00030000", qapp.font()) == [""]  # Extension G: no font has it


def test_a_label_paints_the_rare_name_not_a_box(qapp: QApplication, qtbot: QtBot) -> None:
    install_cjk_font(qapp)
    font = qapp.font()  # the application's: families main font, fallbacks
    font.setPixelSize(48)
    labels = {text: QLabel(text) for text in ("𠮷", "吉", "\U00030000")}
    for label in labels.values():
        qtbot.addWidget(label)
        label.setFont(font)
        label.resize(80, 70)
    rare, common, missing = (_ink(labels[t]) for t in ("𠮷", "吉", "\U00030000"))
    if os.environ.get("REHAB_SCREENSHOT_DIR"):
        labels["𠮷"].grab().save(str(Path(os.environ["REHAB_SCREENSHOT_DIR"]) / "extb_label.png"))
    assert len(rare) > 150  # strokes drawn
    assert rare != missing  # not the missing-glyph box (or nothing) Qt draws for U+30000
    assert rare != common  # 𠮷 (土 over 口) is not 吉 (士 over 口) drawn in its place


def test_the_self_test_checks_the_fallbacks(qapp: QApplication) -> None:
    line = qt_check(qapp)
    assert "Rehab Han Ext A" in line and "Rehab Han Ext B" in line


def test_the_case_list_shows_a_worker_named_with_extension_b(ward: Ward, qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    # 𠮷某, beside the ward's 张三 (another ID number)
    case_id = rare(ward.archive).register(resident_id=make_resident_id("510502", date(1985, 3, 8), 21, "M"))
    a = ward.archive
    window = MainWindow(ward.engine, a.clock, "测试档案", SignedIn(a.admin, "admin", "管理员", "admin"))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    window.sections.setCurrentIndex(CASES)
    loaded(qtbot)
    row = next(r for r in range(window.model.rowCount()) if window.model.row_at(r).id == case_id)
    names = [window.model.index(row, c).data() for c in range(window.model.columnCount())]
    assert NAME in names
    window.case_table.selectRow(row)
    loaded(qtbot)
    assert NAME in window.case_header.text()
    # the list and the header lay the name out with the shipped glyph, not a box
    for widget in (window.case_table, window.case_header):
        assert set(glyph_fonts(NAME, widget.font())) == {"Rehab Han Ext B", "WenQuanYi Micro Hei"}
    qtbot.wait(20)
    keep_screenshot(window, "extb_main_window.png", tmp_path)
