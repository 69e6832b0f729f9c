"""A scoring form generated from an instrument definition (``domain.instruments``).

Every item gets one input offering only the values the instrument allows: a combo box
of the allowed values (with "not testable" where the instrument has it), or for long
integer ranges (VAS in mm, Fugl-Meyer subscales) a spin box bounded to the range. The
first entry, "—", means not scored. Instruments graded per muscle or joint (MMT, MAS)
get rows of a free name and a grade from the instrument's grades.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.domain.instruments import Instrument, Item, Value
from desktop_app.ui.kit.i18n import tr

NOT_SCORED = "—"
LONG_RANGE = 15  # more integer values than this: a spin box instead of a list
OPEN_ROWS = 4


def _is_range(allowed: tuple[Value, ...]) -> bool:
    ints = [v for v in allowed if isinstance(v, int)]
    return (len(ints) == len(allowed) > LONG_RANGE
            and ints == list(range(ints[0], ints[-1] + 1)))


def value_input(item: Item, not_testable: str | None, labels: Mapping[str, str] | None = None) -> QWidget:
    """The input for one item: only the allowed values (and "not scored"), each with what it
    means where the scale names it (``labels``: PHQ-9's 0 完全不会 … 3 几乎每天)."""
    if _is_range(item.allowed):
        spin = QSpinBox()
        low, high = int(item.allowed[0]), int(item.allowed[-1])
        spin.setRange(low - 1, high)  # the value below the range means "not scored"
        spin.setSpecialValueText(NOT_SCORED)
        spin.setValue(low - 1)
        spin.setAccessibleName(item.zh)
        return spin
    combo = QComboBox()
    combo.addItem(NOT_SCORED, None)
    for value in item.allowed:
        meaning = (labels or {}).get(str(value))
        combo.addItem(f"{value} {meaning}" if meaning else str(value), value)
    if not_testable is not None:
        combo.addItem(tr("{code}（不能检查）").format(code=not_testable), not_testable)
    combo.setAccessibleName(item.zh)
    return combo


def input_value(widget: QWidget) -> object | None:
    """The value chosen in an item's input; None when not scored."""
    if isinstance(widget, QSpinBox):
        return None if widget.value() == widget.minimum() else widget.value()
    assert isinstance(widget, QComboBox)
    return widget.currentData()


class InstrumentForm(QWidget):
    """``values()`` gives what is scored; ``edited`` after any change."""

    edited = Signal()

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.inputs: dict[str, QWidget] = {}  # item key → input
        self.named: dict[str, QWidget] = {}  # the key of an error ("values.feeding") → input
        self.open_rows: list[tuple[QLineEdit, QComboBox]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.add_row_button: QPushButton | None = None
        if instrument.open_grades:
            self._build_open()
        else:
            self._build_items()

    # ----------------------------------------------------------------- building

    def _items(self) -> list[tuple[Item, str]]:
        """Items in order, each alternative right after the item it replaces."""
        entries = []
        for item in self.instrument.items:
            entries.append((item, item.zh + ("" if item.required else tr("（选填）"))))
            alternative = self.instrument.alternatives.get(item.key)
            if alternative is not None:
                entries.append((alternative, tr("或：{item}").format(item=alternative.zh)))
        return entries

    def _build_items(self) -> None:
        entries = self._items()
        columns = 2 if len(entries) > 8 else 1
        per_column = -(-len(entries) // columns)
        for index, (item, label) in enumerate(entries):
            widget = value_input(item, self.instrument.not_testable, self.instrument.value_labels)
            self._connect(widget)
            self.inputs[item.key] = widget
            self.named[f"values.{item.key}"] = widget
            column, row = divmod(index, per_column)
            caption = QLabel(f"{index + 1}. {label}")
            caption.setBuddy(widget)
            self.grid.addWidget(caption, row, column * 2)
            self.grid.addWidget(widget, row, column * 2 + 1)
        for column in range(columns):
            self.grid.setColumnStretch(column * 2 + 1, 1)
        self.grid.setRowStretch(per_column, 1)  # items stay together at the top

    def _build_open(self) -> None:
        self.grid.addWidget(QLabel(tr("部位 / 肌群（如：右股四头肌）")), 0, 0)
        self.grid.addWidget(QLabel(tr("分级")), 0, 1)
        for _ in range(OPEN_ROWS):
            self.add_open_row()
        self.add_row_button = QPushButton(tr("增加一行"))
        self.add_row_button.clicked.connect(self.add_open_row)
        self.grid.addWidget(self.add_row_button, 999, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setRowStretch(1000, 1)

    def add_open_row(self) -> None:
        name = QLineEdit()
        name.setPlaceholderText(tr("部位或肌群"))
        grade = QComboBox()
        grade.addItem(NOT_SCORED, None)
        for value in self.instrument.open_grades:
            grade.addItem(value, value)
        for widget in (name, grade):
            self._connect(widget)
        row = len(self.open_rows) + 1
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(grade, row, 1)
        self.open_rows.append((name, grade))
        self.edited.emit()

    def _connect(self, widget: QWidget) -> None:
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self.edited)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.edited)

    # ----------------------------------------------------------------- values

    def values(self) -> dict[str, object]:
        if self.instrument.open_grades:
            return {name.text().strip(): grade.currentData() for name, grade in self.open_rows
                    if name.text().strip() and grade.currentData() is not None}
        found = {key: input_value(widget) for key, widget in self.inputs.items()}
        return {key: value for key, value in found.items() if value is not None}

    def fields(self) -> list[QWidget]:
        """The inputs in tab order."""
        if self.instrument.open_grades:
            chain: list[QWidget] = [w for row in self.open_rows for w in row]
            return [*chain, self.add_row_button] if self.add_row_button else chain
        return list(self.inputs.values())

    def clear(self) -> None:
        for widget in self.fields():
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, QSpinBox):
                widget.setValue(widget.minimum())
            elif isinstance(widget, QLineEdit):
                widget.clear()
