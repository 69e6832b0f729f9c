"""A prescription's count "used/approved" as the screens show it: orange from 80 %, red at
100 % (``domain.session_params.count_level``), and in words too — a marker in the text and
the full sentence as a tooltip — for whoever cannot tell the colours apart. One helper for
the worklist, the execution sheet and the prescriptions page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from desktop_app.domain.session_params import FULL, LEVEL_COLOURS, NEAR, count_level, count_marker
from desktop_app.ui.kit.i18n import pick, tr

MARKS = {NEAR: "▲", FULL: "■"}  # shapes beside the colour: they print and read in grey too


def count_text(used: int, approved: int) -> str:
    """"63/40 ■" at or beyond 100 %, "33/40 ▲" from 80 %, "12/40" below."""
    mark = MARKS.get(count_level(used, approved))
    return f"{used}/{approved} {mark}" if mark else f"{used}/{approved}"


def count_colour(used: int, approved: int) -> QColor | None:
    colour = LEVEL_COLOURS.get(count_level(used, approved))
    return QColor(colour) if colour else None


def count_tooltip(used: int, approved: int) -> str:
    """"已做 63 次，处方 40 次：已满，超 23 次" ("" below 80 %)."""
    zh, en = count_marker(used, approved)
    if not zh:
        return ""
    return tr("已做 {used} 次，处方 {approved} 次：{level}").format(
        used=used, approved=approved, level=pick(zh, en))


def mark_count_cell(item: QTableWidgetItem | None, used: int, approved: int) -> None:
    """Show a table cell's count with its level: the text, the colour and the tooltip."""
    if item is None:
        return
    item.setText(count_text(used, approved))
    colour = count_colour(used, approved)
    if colour is not None:
        item.setForeground(QBrush(colour))
        item.setToolTip(count_tooltip(used, approved))


def mark_combo_entry(combo: QComboBox, index: int, used: int, approved: int) -> None:
    """Colour one entry of a drop-down by its count's level, with the words as its tooltip."""
    colour = count_colour(used, approved)
    if colour is not None:
        combo.setItemData(index, QBrush(colour), Qt.ItemDataRole.ForegroundRole)
        combo.setItemData(index, count_tooltip(used, approved), Qt.ItemDataRole.ToolTipRole)
