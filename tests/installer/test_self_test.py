"""``--self-test`` from source: every step passes on a working installation, and a broken
one (resources missing) exits non-zero naming the step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SELF_TEST_SECONDS = 180


def self_test(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REHAB_DATA_DIR": str(tmp_path / "data"),
           **extra}
    return subprocess.run([sys.executable, "-m", "desktop_app", "--self-test"], env=env,
                          capture_output=True, text=True, timeout=SELF_TEST_SECONDS, check=False)


def test_self_test_passes_and_leaves_the_data_folder_alone(tmp_path: Path) -> None:
    result = self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in ("resources", "Qt window", "migrations", "demo archive", "PDF (execution sheet)",
                 "PDF signature", "verify"):
        assert any(line.startswith(f"ok   {step} (") for line in lines), (step, result.stdout)
    assert "PDF/A-3b" in result.stdout and "通过 passed" in lines[-1]
    assert not (tmp_path / "data").exists()  # a throwaway data folder was used instead


def test_a_broken_installation_fails_the_self_test(tmp_path: Path) -> None:
    empty = tmp_path / "no-resources"
    empty.mkdir()
    result = self_test(tmp_path, REHAB_RESOURCES=str(empty))
    assert result.returncode == 1
    assert "FAIL resources: FileNotFoundError" in result.stdout
    assert "失败 / " in result.stdout.splitlines()[-1]
