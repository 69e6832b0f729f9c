"""Progress reports from long services to whoever shows them (the CLI shows nothing, the
desktop a progress bar with Cancel).

A service calls ``progress(stage, done, total)`` (``total`` 0 when unknown) at points where
stopping is harmless: the caller's callback may raise there to stop the work, and the unit
of work then rolls back. Right before a point of no return (files written, then the commit)
the service reports ``COMMITTING``: a stop asked for before that still stops; one asked for
after it waits for the next ordinary report, so what was committed is reported as done.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
COMMITTING = "committing"


def no_progress(_stage: str, _done: int, _total: int) -> None:
    return None
