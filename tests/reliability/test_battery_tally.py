"""The battery's table adds up what every worker recorded."""

from __future__ import annotations

import json
from pathlib import Path

from tests.battery import tally


def test_tally_adds_up_workers_and_keeps_unknown_apart(tmp_path: Path) -> None:
    rows = [{"kind": "kill", "engine": "sqlite", "attempts": 3, "survived": 3, "detected": None},
            {"kind": "kill", "engine": "sqlite", "attempts": 2, "survived": 1, "detected": None},
            {"kind": "tamper", "engine": "postgresql", "attempts": 4, "survived": None, "detected": 4}]
    (tmp_path / "1.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:2]), encoding="utf-8")
    (tmp_path / "2.jsonl").write_text(json.dumps(rows[2]), encoding="utf-8")
    assert tally(tmp_path) == {("kill", "sqlite"): [5, 4, None], ("tamper", "postgresql"): [4, None, 4]}
