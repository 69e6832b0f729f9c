"""Pieces the dialogs share: a small form (fields, an inline error, OK/Cancel; ``submit``
does the work), a read-only table of records, where a dialog's messages go.

Validation problems (``ValidationFailed``) are shown inline in the form; refusals and
other errors as a message box. Used by user administration, audit, retention, disposal.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QTableView,
    QTableWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationFailed
from desktop_app.ui.kit.i18n import pick, tr
from desktop_app.ui.kit.messages import error_label, field_error_line, set_error, show_error


class FormDialog(QDialog):
    def __init__(self, title: str, ok_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        raise NotImplementedError

    def outcome(self, result: object) -> bool:
        """Validation problems inline; refusals and other errors as a message box."""
        if isinstance(result, ValidationFailed):
            set_error(self.error, inline_error(result))
            return False
        if isinstance(result, AppError):
            show_error(self, result)
            return False
        self.accept()
        return True


def inline_error(error: AppError) -> str:
    """An error shown in a form, in the interface's language: a failed validation one line
    per field (named in that language when the form marked the name); one without a field
    as its own message."""
    if isinstance(error, ValidationFailed) and error.errors:
        blocking = [e for e in error.errors if not e.warning] or error.errors
        return "\n".join(field_error_line(e) for e in blocking)
    return pick(error.zh, error.en)


def record_table(headers: tuple[str, ...], widths: tuple[int, ...]) -> QTableWidget:
    """Rows of records: read-only, one row selected at a time, the last column stretched;
    Tab leaves the table (the arrow keys move in it)."""
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def fit_columns(view: QTableView | QTreeView, columns: Iterable[int]) -> None:
    """Widen (never narrow) ``columns`` to their heading and contents, so nothing is cut
    off in a longer language or at a larger font; the views measure at most 1,000 rows."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    for column in columns:
        wanted = max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
        if wanted > header.sectionSize(column):
            header.resizeSection(column, wanted)


def message_parent(dialog: QWidget) -> QWidget:
    """Where a message box goes: the dialog once shown, its parent before that."""
    parent = dialog.parentWidget()
    return dialog if dialog.isVisible() or parent is None else parent


def selected_index(table: QTableWidget, count: int) -> int | None:
    """The selected row of ``table`` if it is one of the ``count`` rows shown."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows and 0 <= rows[0].row() < count else None
