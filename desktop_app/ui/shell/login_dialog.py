"""The sign-in dialog, and the username/password form it shares with the lock screen.

The dialog can be shown before the archive is open (``runner=None``): the app paints it
first and loads the database layer behind it, then calls ``archive_ready``. So this
module imports nothing of the database layer, nor the ``Qt`` namespace (creating its
hundred enums costs more than a bare window's whole start), nor the error classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr
from desktop_app.ui.kit.messages import error_label, set_error

if TYPE_CHECKING:
    from desktop_app.errors import AppError
    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.ui.kit.runner import Runner

SIGN_IN = QT_TR_NOOP("登录")


class CredentialsForm(QWidget):
    """Username, password, an inline error and the submit button; Enter submits.
    ``button_text`` is a label marked with ``QT_TR_NOOP``."""

    submitted = Signal(str, str)

    def __init__(self, button_text: str = SIGN_IN, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(50)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.button = QPushButton(tr(button_text))
        self.button.setObjectName("submit")
        # Enter in either field submits (returnPressed below): no default button, or a dialog
        # would submit a second time.
        self.button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(tr("用户名"), self.username)
        form.addRow(tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        button_row = QHBoxLayout()
        button_row.addStretch()
        button_row.addWidget(self.button)
        layout.addLayout(button_row)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)

    @Slot()
    def submit(self) -> None:
        if not self.username.text().strip():
            self.show_error(tr("请输入用户名。"))
            self.username.setFocus()
            return
        self.submitted.emit(self.username.text(), self.password.text())

    def show_error(self, text: str) -> None:
        set_error(self.error, text)

    def fail(self, error: AppError) -> None:
        """A refused attempt: say why, empty the password, let them try again."""
        self.show_error(pick(error.zh, error.en))
        self.password.clear()
        self.password.setFocus()

    def reset(self, username: str = "") -> None:
        self.username.setText(username)
        self.password.clear()
        self.show_error("")
        (self.password if username else self.username).setFocus()


class LoginDialog(QDialog):
    """Sign in; ``signed_in`` holds who, once accepted."""

    def __init__(self, runner: Runner | None, *, username: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: Runner | None = None
        self.signed_in: SignedIn | None = None
        self.setWindowTitle(tr("工伤康复档案 — 登录"))
        self.setMinimumWidth(420)
        title = QLabel(tr("工伤康复档案"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        subtitle = QLabel(tr("请使用本人账户登录"))
        self.form = CredentialsForm()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        self.status = QLabel(tr("正在打开档案…"))
        self.status.setObjectName("archiveStatus")
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(self.form)
        self.form.submitted.connect(self._sign_in)
        self.form.reset(username)
        self.set_hint(hint)
        self.form.button.setEnabled(False)
        if runner is not None:
            self.archive_ready(runner)

    def set_hint(self, hint: str) -> None:
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def archive_ready(self, runner: Runner) -> None:
        """The archive is open: signing in works from now on."""
        self._runner = runner.as_actor(None)
        self.status.hide()
        self.form.button.setEnabled(True)

    @Slot(str, str)
    def _sign_in(self, username: str, password: str) -> None:
        if self._runner is None:
            return  # Enter pressed while the archive is still opening
        from desktop_app.errors import AppError
        from desktop_app.services.admin.sign_in import sign_in

        result = self._runner.run(sign_in, username, password)
        if isinstance(result, AppError):
            self.form.fail(result)
            return
        self.signed_in = result
        self.accept()
