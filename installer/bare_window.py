"""A bare PySide6 window: the yardstick for the bundled app's start-up (bench/bundle_startup.py)."""

import sys
import time

from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(420, 300)
window.show()
window.repaint()
print(f"painted {time.time():.6f}", flush=True)
