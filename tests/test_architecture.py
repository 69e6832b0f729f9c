"""Only the Qt layer (``ui/``) and the app wiring (``app.py``) may import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
QT_ALLOWED = {PACKAGE / "app.py"}


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(n == "PySide6" or n.startswith(("PySide6.", "shiboken6")) for n in names):
            lines.append(node.lineno)
    return lines


def test_no_qt_outside_the_ui_layer() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in QT_ALLOWED or (PACKAGE / "ui") in path.parents:
            continue
        offenders += [f"{path.relative_to(PACKAGE)}:{line}" for line in qt_imports(path)]
    assert offenders == []


def test_the_check_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtWidgets import QWidget\nimport PySide6\n")
    assert qt_imports(sample) == [2, 3]


def test_domain_imports_no_database_or_qt() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in source, path
        assert not qt_imports(path), path
