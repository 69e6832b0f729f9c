"""Noticing that nobody has touched the app for a while (shared ward PCs lock themselves).

``IdleWatcher`` is an application-wide event filter: every key press, click, mouse move,
wheel turn, touch or input-method commit restarts a single-shot timer; when it runs out the
watcher emits ``idle`` (the workstation then locks the session, see ``ui/shell/workstation.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

DEFAULT_IDLE_MINUTES = 10
DEFAULT_IDLE_MS = DEFAULT_IDLE_MINUTES * 60_000

ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod, QEvent.Type.ShortcutOverride,
})


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without user input, while watching."""

    idle = Signal()

    def __init__(self, timeout_ms: int = DEFAULT_IDLE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if timeout_ms <= 0:
            raise ValueError("timeout_ms must be positive")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._installed = False

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Watch from now (after sign-in or unlock)."""
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked, or when closing)."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start()  # restarts the countdown
        return False
