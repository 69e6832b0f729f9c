"""The reliability battery's tally: every attack or interruption a test makes is counted as
attempted, survived (the archive usable and complete afterwards) and detected (a tampering
that ``verify`` reported), and the table is printed at the end of the run.

Tests call ``battery.record("kill -9 during init", attempts=10, survived=10)``. Under
pytest-xdist each worker appends JSON lines to a folder the controller chose before the
workers started (``REHAB_BATTERY_DIR``); the controller adds them up.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

DIR_VARIABLE = "REHAB_BATTERY_DIR"


def record(kind: str, *, attempts: int, survived: int | None = None,
           detected: int | None = None, engine: str = "") -> None:
    """Count ``attempts`` of ``kind``; ``survived``/``detected`` as many as held or were found."""
    folder = os.environ.get(DIR_VARIABLE)
    if not folder:
        return  # a run without the plugin (a single test file run by hand with -p no:...)
    line = {"kind": kind, "engine": engine, "attempts": attempts,
            "survived": survived, "detected": detected}
    with open(Path(folder) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and DIR_VARIABLE not in os.environ:
        os.environ[DIR_VARIABLE] = tempfile.mkdtemp(prefix="rehab-battery-")
        config.stash[_OWN_DIR] = os.environ[DIR_VARIABLE]


_OWN_DIR = pytest.StashKey[str]()


def tally(folder: Path) -> dict[tuple[str, str], list[int | None]]:
    totals: dict[tuple[str, str], list[int | None]] = defaultdict(lambda: [0, None, None])
    for path in sorted(folder.glob("*.jsonl")):
        for text in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(text)
            total = totals[(row["kind"], row["engine"])]
            total[0] = int(total[0] or 0) + row["attempts"]
            for index, key in ((1, "survived"), (2, "detected")):
                if row[key] is not None:
                    total[index] = int(total[index] or 0) + row[key]
    return dict(totals)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    folder = config.stash.get(_OWN_DIR, None)
    if folder is None:
        return
    totals = tally(Path(folder))
    shutil.rmtree(folder, ignore_errors=True)
    if not totals:
        return
    terminalreporter.section("reliability battery")
    terminalreporter.write_line(f"{'attack / interruption':<68} {'engine':<10} {'attempts':>8} "
                                f"{'survived':>8} {'detected':>8}")
    for (kind, engine), (attempts, survived, detected) in sorted(totals.items()):
        terminalreporter.write_line(
            f"{kind:<68} {engine:<10} {attempts:>8} "
            f"{'-' if survived is None else survived:>8} {'-' if detected is None else detected:>8}")
