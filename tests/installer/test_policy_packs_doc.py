"""docs/policy_packs.md is the packs as the app applies them (regenerated, never hand-edited)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop_app.domain.rules.packs import PACKS

ROOT = Path(__file__).resolve().parents[2]


def test_policy_packs_doc_matches_the_packs() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "installer" / "policy_packs_doc.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text = (ROOT / "docs" / "policy_packs.md").read_text(encoding="utf-8")
    assert all(f"`{pack.code}`" in text for pack in PACKS)
