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
