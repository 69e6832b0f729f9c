"""``bootstrap.py test`` runs pytest on one xdist worker per core unless the arguments choose."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BOOTSTRAP = Path(__file__).resolve().parents[2] / "installer" / "bootstrap.py"


def load_bootstrap() -> ModuleType:
    """installer/bootstrap.py is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("bootstrap_under_test", BOOTSTRAP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bootstrap = load_bootstrap()


@pytest.mark.parametrize("cores, workers", [(1, None), (2, "2"), (8, "4")])
def test_one_worker_per_core_at_most_four(cores: int, workers: str | None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bootstrap.os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    args = bootstrap.with_workers(["-k", "english", "tests/ui"])
    assert args == (["-k", "english", "tests/ui"] if workers is None else
                    ["-n", workers, "-k", "english", "tests/ui"])


@pytest.mark.parametrize("chosen", [["-n", "0"], ["-n0"], ["-nauto"], ["--numprocesses=3"],
                                    ["-p", "no:xdist"], ["-pno:xdist"], ["--pdb"], ["--trace"]])
def test_the_users_choice_is_kept(chosen: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bootstrap.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert bootstrap.with_workers([*chosen, "-q"]) == [*chosen, "-q"]


def test_without_a_display_the_app_is_refused_with_advice(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """No display and no screenshot asked: advice and exit 2, before anything is installed
    (before, the app started on an invisible virtual display and seemed to hang)."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(bootstrap, "setup", lambda *a, **k: pytest.fail("nothing is installed"))
    assert bootstrap.command_app(["--demo"]) == 2
    err = capsys.readouterr().err
    assert "没有显示器" in err and "--screenshot demo.png" in err and "rehab-archive --demo info" in err
    assert bootstrap.wants_screenshot(["--demo", "--screenshot", "x.png"])
    assert bootstrap.wants_screenshot(["--screenshot=x.png"]) and not bootstrap.wants_screenshot(["--demo"])
    monkeypatch.setenv("DISPLAY", ":1")
    assert not bootstrap.no_display()


def test_the_app_installs_without_test_tools_and_the_tests_add_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``app`` installs ``.``, ``test`` installs ``.[test]``; an install with the test tools
    serves the app; a changed pyproject.toml installs again."""
    stamp = tmp_path / "stamp"
    monkeypatch.setattr(bootstrap, "STAMP", stamp)
    monkeypatch.setattr(bootstrap, "VENV", tmp_path)
    monkeypatch.setattr(bootstrap, "VENV_PYTHON", Path(sys.executable))
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(bootstrap, "pyproject_digest", lambda: "d1")
    installs: list[str] = []
    monkeypatch.setattr(bootstrap, "run", lambda cmd, **_: installs.append(str(cmd[-1])))
    bootstrap.ensure_venv("")
    bootstrap.ensure_venv("")
    bootstrap.ensure_venv("test")
    bootstrap.ensure_venv("")  # the test install serves the app
    monkeypatch.setattr(bootstrap, "pyproject_digest", lambda: "d2")
    bootstrap.ensure_venv("")
    assert installs == [".", ".[test]", "."]
    assert stamp.read_text() == "d2\n"
