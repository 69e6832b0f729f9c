"""Where a crashed pytest-xdist worker's last words go.

A worker that dies (a segfault in native code, an abort) is reported by xdist only as
"worker crashed", and the traceback pytest's faulthandler writes to the worker's stderr
scrolls away far above the end of a long run. Here each worker writes its faulthandler
dump to a file of the run's own folder, and the controller prints any non-empty dump in
its closing summary, where the end of the log shows it.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

import pytest

FOLDER_VARIABLE = "REHAB_CRASH_DUMPS"
SHOWN_LINES = 40  # of the crashing thread's stack
_dump: IO[str] | None = None


@pytest.hookimpl(trylast=True)  # after pytest's own faulthandler plugin, which points it at stderr
def pytest_configure(config: pytest.Config) -> None:
    global _dump
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:  # the controller: one folder for the run, inherited by the workers
        os.environ[FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="rehab-crash-dumps-")
        return
    folder = os.environ.get(FOLDER_VARIABLE)
    if folder and Path(folder).is_dir():
        _dump = open(Path(folder) / f"{worker}.log", "w", encoding="utf-8")  # noqa: SIM115 (the process's life)
        faulthandler.enable(_dump, all_threads=True)


def dumps(folder: Path) -> dict[str, str]:
    """The non-empty dumps in ``folder`` by worker name."""
    return {p.stem: p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(folder.glob("*.log")) if p.stat().st_size}


def essentials(dump: str) -> list[str]:
    """The error line and the crashing thread's stack (the other threads' come before it)."""
    lines = dump.splitlines()
    current = next((i for i, line in enumerate(lines) if line.startswith("Current thread")), None)
    if current is None:
        return lines[-SHOWN_LINES:]
    return [*lines[:2], *lines[current:current + SHOWN_LINES]]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    folder = os.environ.get(FOLDER_VARIABLE)
    if os.environ.get("PYTEST_XDIST_WORKER") is not None or not folder:
        return
    for worker, text in dumps(Path(folder)).items():
        terminalreporter.section(f"crash dump of worker {worker}", sep="=", red=True)
        for line in essentials(text):
            terminalreporter.line(line)
    shutil.rmtree(folder, ignore_errors=True)
