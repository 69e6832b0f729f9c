"""The lock screen: shows who locked the PC and nothing of any patient."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.clock import CHINA
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr
from desktop_app.ui.kit.labels import role_name
from desktop_app.ui.shell.login_dialog import SIGN_IN, CredentialsForm

UNLOCK = QT_TR_NOOP("解锁")


class LockScreen(QWidget):
    """A top-level, application-modal window: it takes input even over an open modal
    dialog, and everything else stays behind it until someone signs in."""

    submitted = Signal(str, str)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("lockScreen")
        self.setWindowTitle(tr("工伤康复档案 — 已锁定"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumSize(560, 420)
        self._locked_user: SignedIn | None = None
        heading = QLabel(tr("已锁定"))
        heading.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.who = QLabel()
        self.who.setObjectName("lockedBy")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setStyleSheet("font-size: 15px;")
        self.explanation = QLabel()
        self.explanation.setObjectName("lockExplanation")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #444;")
        self.form = CredentialsForm(UNLOCK)
        self.form.submitted.connect(self.submitted)
        self.form.username.textChanged.connect(self._username_changed)
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(520)  # a fixed width lets the wrapped text take the height it needs
        inner = QVBoxLayout(panel)
        inner.addWidget(heading)
        inner.addWidget(self.who)
        inner.addSpacing(6)
        inner.addWidget(self.explanation)
        inner.addSpacing(10)
        inner.addWidget(self.form)
        row = QHBoxLayout()  # centred without an alignment flag, so the height follows the text
        row.addStretch()
        row.addWidget(panel)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addLayout(row)
        layout.addStretch()

    def present(self, user: SignedIn, locked_at: datetime, *, parked: list[str],
                for_another_user: bool = False) -> None:
        """Fill in who locked the PC, when, and whose windows are kept on it."""
        self._locked_user = user
        self.who.setText(tr("{name}（{role}）于 {time} 锁定").format(
            name=user.display_name, role=role_name(user.role),
            time=f"{locked_at.astimezone(CHINA):%H:%M}"))
        name = user.display_name
        text = tr("{name}：输入密码，回到锁定前的样子。\n其他人员：用自己的账户登录；{name}的窗口和"
                  "未保存内容留在本机，只在其本人再次登录后显示。").format(name=name)
        if parked:
            text += "\n\n" + tr("本机还保留着以下人员的窗口：{names}").format(names=tr("、").join(parked))
        self.explanation.setText(text)
        self.form.reset("" if for_another_user else user.username)

    @Slot(str)
    def _username_changed(self, username: str) -> None:
        same = self._locked_user is not None and username.strip() == self._locked_user.username
        self.form.button.setText(tr(UNLOCK if same else SIGN_IN))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.ignore()  # only signing in leaves the lock screen; the workstation hides it
