"""The lock screen, and the sign-in for another user (切换用户): both show nothing of any
patient and keep the current user's windows and unsaved input where they were.

* **Locked** (idle timer, 锁定 / Ctrl+L): 已锁定, who locked it and when; the user who locked
  it unlocks (解锁) with their password, anyone else may sign in instead.
* **Switch user** (切换用户): 切换用户, an empty username for the next user to sign in (登录);
  the current user's work is kept on the PC until they sign in again (their own password
  brings it back at once).
"""

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
LOCKED_TITLE, SWITCH_TITLE = QT_TR_NOOP("已锁定"), QT_TR_NOOP("切换用户")


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
        self.switching = False  # 切换用户 rather than a lock
        self.heading = heading = QLabel(tr(LOCKED_TITLE))
        heading.setObjectName("lockHeading")
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
        """Fill in who locked the PC (or handed it over: ``for_another_user``), when, and
        whose windows are kept on it."""
        self._locked_user = user
        self.switching = for_another_user
        title = SWITCH_TITLE if for_another_user else LOCKED_TITLE
        self.setWindowTitle(tr("工伤康复档案 — {state}").format(state=tr(title)))
        self.heading.setText(tr(title))
        name, time = user.display_name, f"{locked_at.astimezone(CHINA):%H:%M}"
        if for_another_user:
            self.who.setText(tr("{name}（{role}）于 {time} 让出本机").format(
                name=name, role=role_name(user.role), time=time))
            text = tr("请下一位人员用自己的账户登录。\n{name}的窗口和未保存内容留在本机，只在其本人"
                      "再次登录后显示；{name}本人输入自己的用户名和密码即可回来。").format(name=name)
        else:
            self.who.setText(tr("{name}（{role}）于 {time} 锁定").format(
                name=name, role=role_name(user.role), time=time))
            text = tr("{name}：输入密码，回到锁定前的样子。\n其他人员：用自己的账户登录；{name}的窗口和"
                      "未保存内容留在本机，只在其本人再次登录后显示。").format(name=name)
        if parked:
            text += "\n\n" + tr("本机还保留着以下人员的窗口：{names}").format(names=tr("、").join(parked))
        self.explanation.setText(text)
        self.form.reset("" if for_another_user else user.username)
        self._username_changed(self.form.username.text())

    @Slot(str)
    def _username_changed(self, username: str) -> None:
        """解锁 for the user who locked the PC; 登录 for anyone else, and always when the PC
        was handed over (切换用户)."""
        same = self._locked_user is not None and username.strip() == self._locked_user.username
        self.form.button.setText(tr(UNLOCK if same and not self.switching else SIGN_IN))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.ignore()  # only signing in leaves the lock screen; the workstation hides it
