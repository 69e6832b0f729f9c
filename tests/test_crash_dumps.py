"""A pytest-xdist worker that dies in native code leaves its stack at the end of the log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CRASHING = '''
import ctypes

def test_dies_in_native_code():
    ctypes.string_at(0)  # a read of address 0: the worker process segfaults

def test_lives():
    assert True
'''


def test_a_crashed_workers_stack_is_in_the_closing_summary(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.crash_dumps"]\n')
    (tmp_path / "test_crash.py").write_text(CRASHING)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "1",
                           "--max-worker-restart", "1", str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    summary = done.stdout[done.stdout.index("crash dump of worker gw0"):]
    assert done.returncode == 1
    assert "Segmentation fault" in summary and "test_dies_in_native_code" in summary
    assert "1 failed, 1 passed" in done.stdout
