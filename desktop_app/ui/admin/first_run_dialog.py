"""First run: the archive has no administrator yet, so the first one is created here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError, ValidationFailed
from desktop_app.services.admin.accounts import MIN_PASSWORD_LENGTH
from desktop_app.services.admin.sign_in import SignedIn, confirmation_errors, create_first_administrator
from desktop_app.ui.kit.forms import inline_error
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.messages import error_label, set_error
from desktop_app.ui.kit.runner import Runner


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder or tr("至少{count}个字符").format(count=MIN_PASSWORD_LENGTH))
    return field


def passwords_refused(password: QLineEdit, again: QLineEdit, error: QLabel) -> bool:
    """Check a new password typed twice before anything is sent; say why inline."""
    problems = confirmation_errors(password.text(), again.text())
    if problems:
        set_error(error, inline_error(ValidationFailed(problems)))
    return bool(problems)


class FirstRunDialog(QDialog):
    """Username, name and password (twice) of the first administrator. Nothing is written
    until 创建 (Create) succeeds; cancelling leaves the archive as it was."""

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner.as_actor(None)
        self.created: SignedIn | None = None
        self.setWindowTitle(tr("工伤康复档案 — 创建系统管理员"))
        self.setMinimumWidth(480)
        intro = QLabel(tr("这是一个新档案，还没有系统管理员。请创建管理员账户；其他工作人员由管理员在"
                          "“用户管理”中添加。"))
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setMaxLength(50)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.password = password_field()
        self.again = password_field(tr("再次输入"))
        form = QFormLayout()
        form.addRow(tr("用户名"), self.username)
        form.addRow(tr("姓名"), self.display_name)
        form.addRow(tr("密码"), self.password)
        form.addRow(tr("确认密码"), self.again)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("创建"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons, alignment=Qt.AlignmentFlag.AlignRight)

    @Slot()
    def _create(self) -> None:
        if passwords_refused(self.password, self.again, self.error):
            return
        result = self._runner.run(create_first_administrator, self.username.text(),
                                  self.display_name.text(), self.password.text())
        if isinstance(result, AppError):
            set_error(self.error, inline_error(result))
            return
        self.created = result
        self.accept()
