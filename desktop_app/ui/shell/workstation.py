"""One shared ward PC: who is working at it, locking it, and handing it to someone else.

* **Lock** (idle timer, 锁定 / Ctrl+L, 切换用户): the main window shows an empty "locked" page,
  the session's other windows are hidden (modal dialogs, which would end if hidden, are
  covered instead), and the lock screen comes up. Nothing is closed or reset, so unsaved
  input stays where it was. Audited ``lock``.
* **The same user** re-enters the password: everything comes back as it was (``unlock``).
* **Another user** signs in: the previous user's session is *parked*: their windows stay
  hidden, with their unsaved input, and come back only when they sign in again (``logout``
  for them, ``login`` for the new user). Modal dialogs cannot be parked; the new user is
  asked first, and they are cancelled. See docs/decisions.md (2026-11-23, shared ward PCs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from desktop_app.errors import AppError
from desktop_app.services.admin.sign_in import (
    SignedIn,
    record_lock,
    record_sign_out,
    unlock,
)
from desktop_app.ui.kit.i18n import tr
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.idle_lock import DEFAULT_IDLE_MS, IdleWatcher
from desktop_app.ui.shell.lock_screen import LockScreen
from desktop_app.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)
Confirm = Callable[[QWidget, str], bool]
WINDOW_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog)


def ask(parent: QWidget, text: str) -> bool:
    """Yes/No question (the default ``confirm``)."""
    answer = QMessageBox.question(parent, tr("请确认"), text)
    return answer == QMessageBox.StandardButton.Yes


@dataclass
class WorkSession:
    """A signed-in user's main window and the other windows they had open."""

    user: SignedIn
    window: MainWindow
    windows: list[QWidget] = field(default_factory=list)  # hidden while locked or parked


class Cover(QWidget):
    """An opaque sheet over a window that cannot be hidden: hiding a modal dialog would end it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.covered = window
        self.setAutoFillBackground(True)
        label = QLabel(tr("已锁定"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
        return False

    @property
    def alive(self) -> bool:
        """The sheet and what it covers still exist (a message box covered while the PC was
        locked may have been closed, and deleted with this sheet, meanwhile)."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.covered)

    def remove(self) -> None:
        if not self.alive:
            return
        self.covered.removeEventFilter(self)
        self.hide()
        self.setParent(None)
        self.deleteLater()


class Workstation(QObject):
    """Sessions on this PC: the current one, those parked, the lock screen, the idle timer."""

    def __init__(self, runner: Runner, archive_label: str, user: SignedIn, *,
                 idle_ms: int = DEFAULT_IDLE_MS, confirm: Confirm = ask) -> None:
        super().__init__()
        self._runner = runner.as_actor(None)
        self._label = archive_label
        self.confirm = confirm
        self.parked: dict[int, WorkSession] = {}
        self._covers: list[Cover] = []
        self.lock_screen = LockScreen()
        self.lock_screen.submitted.connect(self._at_lock_screen)
        self.idle = IdleWatcher(idle_ms, self)
        self.idle.idle.connect(self._idle)
        self.current = self._new_session(user)

    # --- sessions ----------------------------------------------------------------------------

    @property
    def user(self) -> SignedIn:
        return self.current.user

    @property
    def window(self) -> MainWindow:
        return self.current.window

    @property
    def locked(self) -> bool:
        return self.current.window.locked

    def start(self) -> None:
        self.window.show()
        self.idle.start()

    def _new_session(self, user: SignedIn) -> WorkSession:
        window = MainWindow(self._runner.engine, self._runner.clock, self._label, user)
        window.lock_requested.connect(self.lock)
        window.switch_user_requested.connect(self.switch_user)
        window.may_close = self._may_close
        return WorkSession(user, window)

    def _as_current(self) -> Runner:
        return self._runner.as_actor(self.user.user_id)

    def _audit(self, service: Callable[..., None], **kwargs: object) -> None:
        """Lock and sign-out events: a failure to record them is logged, never blocking."""
        result = self._as_current().run(service, **kwargs)
        if isinstance(result, AppError):
            log.warning("could not audit %s: %s", service.__name__, result)

    # --- locking -----------------------------------------------------------------------------

    @Slot()
    def _idle(self) -> None:
        self.lock(idle=True)

    @Slot()
    def switch_user(self) -> None:
        """Lock, with the lock screen ready for another user's name."""
        self.lock(for_another_user=True)

    @Slot()
    def lock(self, *, idle: bool = False, for_another_user: bool = False) -> None:
        if not self.locked:
            self.idle.stop()
            self._audit(record_lock, idle=idle)
            while (popup := QApplication.activePopupWidget()) is not None:
                popup.close()
            for window in self._open_windows():
                if window.windowModality() != Qt.WindowModality.NonModal:
                    self._covers.append(Cover(window))
                else:
                    window.hide()
                    self.current.windows.append(window)
            self.window.set_locked(True)
        self.lock_screen.present(self.user, self._runner.clock.now(),
                                 parked=[s.user.display_name for s in self.parked.values()],
                                 for_another_user=for_another_user)
        self.lock_screen.setGeometry(self.window.geometry())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.activateWindow()

    def _open_windows(self) -> list[QWidget]:
        """The current session's visible windows other than its main window: those opened
        from it, and any window without a parent (nobody else could have opened it)."""
        return [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowType() in WINDOW_TYPES
                and w is not self.lock_screen and not isinstance(w, MainWindow)
                and self._owner(w) in (None, self.window)]

    @staticmethod
    def _owner(window: QWidget) -> QWidget | None:
        """The main window a window was opened from (through dialogs opened from dialogs)."""
        parent = window.parentWidget()
        while parent is not None and not isinstance(parent, MainWindow):
            parent = parent.parentWidget()
        return parent

    @Slot(str, str)
    def _at_lock_screen(self, username: str, password: str) -> None:
        someone_else = username.strip() != self.user.username
        if someone_else and self._covers and not self.confirm(self.lock_screen, tr(
                "{name}还有未关闭的对话框，换人登录时只能取消，其中未保存的内容会丢失（其他窗口会保留）。"
                "继续？").format(name=self.user.display_name)):
            return
        # Checking a password is slow on purpose: in the archive worker, the lock screen
        # disabled meanwhile (a second Enter is not a second attempt).
        self._as_current().submit(self.lock_screen, unlock, username, password).either(
            self._unlocked)

    def _unlocked(self, result: SignedIn | AppError) -> None:
        if isinstance(result, AppError):
            self.lock_screen.form.fail(result)
            return
        if result.user_id == self.user.user_id:
            self._resume()
        else:
            self._hand_over(result)

    def _resume(self) -> None:
        """The same user is back: everything as it was."""
        self.lock_screen.hide()
        for cover in self._covers:
            cover.remove()
        self._covers.clear()
        for window in self.current.windows:
            window.show()
        self.current.windows.clear()
        self.window.set_locked(False)
        self.window.activateWindow()
        self.idle.start()

    def _hand_over(self, user: SignedIn) -> None:
        """Another user takes the PC: park the previous session, start or resume theirs."""
        previous = self.current
        for cover in self._covers:
            if not cover.alive:
                continue  # closed and deleted while the PC was locked
            cover.remove()
            if isinstance(cover.covered, QDialog):
                cover.covered.reject()
            else:
                cover.covered.close()
        self._covers.clear()
        self._audit(record_sign_out, reason="switch_user")
        previous.window.hide()
        if previous.windows:
            self.parked[previous.user.user_id] = previous
        else:  # nothing unsaved to keep
            previous.window.may_close = lambda: True
            previous.window.close()
            previous.window.deleteLater()
        parked = self.parked.pop(user.user_id, None)
        self.current = parked or self._new_session(user)
        self.window.show()
        self._resume()
        kept = self._parked_names()
        if kept:
            self.window.statusBar().showMessage(
                tr("本机保留着{names}未完成的窗口，只在其本人登录后显示。").format(names=kept))

    def _parked_names(self) -> str:
        return tr("、").join(s.user.display_name for s in self.parked.values())

    # --- quitting ----------------------------------------------------------------------------

    def _may_close(self) -> bool:
        """Closing the current main window quits: warn if other users' windows are kept."""
        if self.locked:
            return False  # sign in first; the lock screen stays
        kept = self._parked_names()
        if kept and not self.confirm(self.window, tr(
                "本机还保留着{names}的窗口，退出会丢弃其中未保存的内容。仍要退出？").format(names=kept)):
            return False
        self.idle.stop()
        self._audit(record_sign_out, reason="quit")
        for session in self.parked.values():
            for window in session.windows:
                window.close()
            session.window.may_close = lambda: True
            session.window.close()
        self.parked.clear()
        self.lock_screen.hide()
        return True
