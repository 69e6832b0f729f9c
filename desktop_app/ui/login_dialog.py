"""The sign-in dialog, and the username/password form it shares with the lock screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.services.sign_in import SignedIn, sign_in
from desktop_app.ui.messages import bilingual, error_label, set_error
from desktop_app.ui.runner import Runner

SIGN_IN = "登录 Sign in"


class CredentialsForm(QWidget):
    """Username, password, an inline error and the submit button; Enter submits."""

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
        self.button = QPushButton(button_text)
        self.button.setObjectName("submit")
        # Enter in either field submits (returnPressed below): no default button, or a dialog
        # would submit a second time.
        self.button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow("用户名 Username", self.username)
        form.addRow("密码 Password", self.password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignRight)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)

    @Slot()
    def submit(self) -> None:
        if not self.username.text().strip():
            self.show_error("请输入用户名。\nEnter your username.")
            self.username.setFocus()
            return
        self.submitted.emit(self.username.text(), self.password.text())

    def show_error(self, text: str) -> None:
        set_error(self.error, text)

    def fail(self, error: AppError) -> None:
        """A refused attempt: say why, empty the password, let them try again."""
        self.show_error(bilingual(error))
        self.password.clear()
        self.password.setFocus()

    def reset(self, username: str = "") -> None:
        self.username.setText(username)
        self.password.clear()
        self.show_error("")
        (self.password if username else self.username).setFocus()


class LoginDialog(QDialog):
    """Sign in; ``signed_in`` holds who, once accepted."""

    def __init__(self, runner: Runner, *, username: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner.as_actor(None)
        self.signed_in: SignedIn | None = None
        self.setWindowTitle("工伤康复档案 — 登录 Sign in")
        self.setMinimumWidth(420)
        title = QLabel("工伤康复档案")
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        subtitle = QLabel("请使用本人账户登录 · Sign in with your own account")
        self.form = CredentialsForm()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        if hint:
            self.hint = QLabel(hint)
            self.hint.setWordWrap(True)
            self.hint.setStyleSheet("color: #555;")
            layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addWidget(self.form)
        self.form.submitted.connect(self._sign_in)
        self.form.reset(username)

    @Slot(str, str)
    def _sign_in(self, username: str, password: str) -> None:
        result = self._runner.run(sign_in, username, password)
        if isinstance(result, AppError):
            self.form.fail(result)
            return
        self.signed_in = result
        self.accept()
