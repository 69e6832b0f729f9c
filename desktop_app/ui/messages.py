"""Showing the services' refusals and errors to people: a message box, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.db.engine import environment_problem
from desktop_app.errors import AppError, EnvironmentProblem

ERROR_STYLE = "color: #b00020;"


def bilingual(error: AppError) -> str:
    return f"{error.zh}\n{error.en}"


def show_error(parent: QWidget, error: AppError, title: str = "无法完成 / Not done") -> QMessageBox:
    """A window-modal message box that does not block the caller (tests can read it)."""
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


# What a service call may raise that is not a bug: the message goes to the user.
EXPECTED = (AppError, SQLAlchemyError, OSError)


def app_error(error: BaseException) -> AppError | None:
    """The bilingual error to show for ``error``; None for a bug (let it propagate)."""
    if isinstance(error, AppError):
        return error
    if isinstance(error, SQLAlchemyError | OSError):
        return environment_problem(error)
    return None
