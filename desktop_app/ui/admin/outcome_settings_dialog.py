"""疗效判定设置: the institution's own minimal difference per instrument — the smallest
change in a total that counts as a benefit when the outcome report judges whether a
course still helps (Luzhou Art. 23). Left at 0, the default (5 % of the range) applies."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QSpinBox, QTableWidgetItem, QWidget

from desktop_app.services.admin.outcome_settings import (
    MinimalDifferenceRow,
    minimal_difference_rows,
    set_minimal_differences,
)
from desktop_app.ui.kit.forms import FormDialog, fit_columns, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.runner import Runner

HEADERS = (QT_TR_NOOP("量表"), QT_TR_NOOP("名称"), QT_TR_NOOP("分值范围"), QT_TR_NOOP("默认"),
           QT_TR_NOOP("本机构"))


class OutcomeSettingsDialog(FormDialog):
    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(tr("疗效判定设置"), tr("保存"), parent)
        self._runner = runner
        self.rows: list[MinimalDifferenceRow] = runner.fetch(minimal_difference_rows)
        self.table = record_table(tuple(headers(HEADERS)), (60, 220, 80, 60))
        self.table.setRowCount(len(self.rows))
        self.points: list[QSpinBox] = []
        for n, row in enumerate(self.rows):
            low, high = row.total_range
            for column, text in enumerate((row.code, row.name, f"{low}–{high}", str(row.default))):
                self.table.setItem(n, column, QTableWidgetItem(text))
            spin = QSpinBox()
            spin.setRange(0, high - low)
            spin.setSpecialValueText(tr("默认"))  # 0: the default applies
            spin.setValue(row.institution or 0)
            spin.setAccessibleName(row.code)
            self.table.setCellWidget(n, 4, spin)
            self.points.append(spin)
        fit_columns(self.table, range(self.table.columnCount() - 1))  # whole in English too
        self.table.setMinimumHeight(320)
        self.form.addRow(self.table)
        hint = QLabel(tr("总分变化小于最小差值视为无进一步康复效果；0 为默认（分值范围的 5%）。"))
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.setMinimumWidth(600)

    def changes(self) -> dict[str, int | None]:
        """What differs from the saved values (None: back to the default)."""
        found: dict[str, int | None] = {}
        for row, spin in zip(self.rows, self.points, strict=True):
            value = spin.value() or None
            if value != row.institution:
                found[row.code] = value
        return found

    @Slot()
    def submit(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        self._runner.submit(self, set_minimal_differences, changes).either(self.outcome)
