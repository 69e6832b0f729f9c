"""The Qt binding itself must not crash under many calls (PySide6 6.12.0 on Python 3.11
lost a reference to None on every call returning nothing and aborted the interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys

LOOP = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for _ in range(100_000):
    widget.setEnabled(True)
print("survived")
"""


def test_many_void_calls_do_not_abort_the_interpreter() -> None:
    result = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True,
                            timeout=120, env=dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
