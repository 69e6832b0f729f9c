"""Python's garbage collection on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate past the threshold. When
that is a background read, a collection there can finalize a dropped dialog's Qt objects
off the GUI thread, and Qt crashes (a segfault CI met in a page test). So the app turns
automatic collection off and collects here, from a timer on the GUI thread: each
generation when its count has passed the threshold Python itself would use, younger
generations first, as the interpreter would. Worker processes (spawned) keep the default.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 500


class GuiThreadCollector(QObject):
    """Owns the collection while it lives; ``stop`` hands it back to the interpreter."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the generations whose counts passed their thresholds; how many were."""
        counts = gc.get_count()
        due = 0
        for generation, threshold in enumerate(self._thresholds):
            if threshold <= 0 or counts[generation] <= threshold:
                break  # an older generation is only examined after the younger one was
            due = generation + 1
        if due:
            gc.collect(due - 1)
        return due

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
