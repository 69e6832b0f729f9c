"""Showing the services' refusals and errors to people: a message box, never a traceback.

Pure Qt: the login window imports it before the database layer is loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

if TYPE_CHECKING:
    from desktop_app.errors import AppError, FieldError

ERROR_STYLE = "color: #b00020;"


def bilingual(error: AppError) -> str:
    return f"{error.zh}\n{error.en}"


def show_error(parent: QWidget, error: AppError, title: str = "无法完成 / Not done") -> QMessageBox:
    """A window-modal message box that does not block the caller (tests can read it)."""
    from desktop_app.errors import EnvironmentProblem

    icon = (QMessageBox.Icon.Critical if isinstance(error, EnvironmentProblem)
            else QMessageBox.Icon.Warning)
    box = QMessageBox(icon, title, bilingual(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    box.open()
    return box


def error_label() -> QLabel:
    """The label a form shows its errors in, inline."""
    label = QLabel()
    label.setObjectName("formError")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def field_error_line(error: FieldError) -> str:
    """One error as a line in the interface's language; the field's name is translated
    when a form marked it (``QT_TR_NOOP``) as a key of its fields."""
    from desktop_app.ui.kit.i18n import pick, tr

    return pick(f"{error.field}：{error.zh}", f"{tr(error.field)}: {error.en}")
