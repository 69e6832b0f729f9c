"""The first start of the demo (issue 20): how long from launching the app until the progress
dialog is painted, against a bare PySide6 window painted in the same run (the floor).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=.:bench .venv/bin/python bench/first_start.py [--runs 5]

Each run starts ``python -m desktop_app --demo`` with an empty data folder (so the demo is made
from nothing, the schema first), waits for the app's ``progress <time>`` line (printed when
``REHAB_PROGRESS_PROBE`` is set, after the dialog was shown and painted) and stops the app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_figures import BARE_WINDOW, seconds_to_paint  # noqa: E402

from desktop_app.app import PROGRESS_PROBE  # noqa: E402

TARGET_S = 1.0


def seconds_to_progress() -> float:
    folder = tempfile.mkdtemp(prefix="rehab-first-start-")
    env = {**os.environ, "REHAB_DATA_DIR": folder, PROGRESS_PROBE: "1"}
    started = time.time()
    app = subprocess.Popen([sys.executable, "-m", "desktop_app", "--demo"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert app.stdout is not None
        for line in app.stdout:
            if line.startswith("progress "):
                return float(line.split()[1]) - started
        raise SystemExit("the app ended without showing its progress")
    finally:
        app.kill()
        app.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    bare, progress = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        bare.append(seconds_to_paint([sys.executable, "-c", BARE_WINDOW], dict(os.environ)))
        progress.append(seconds_to_progress())
    b, p = statistics.median(bare), statistics.median(progress)
    print(f"first start of the demo, launch to its progress painted (median of {runs}): {p:.2f} s "
          f"(target <= {TARGET_S:.1f} s: {'met' if p <= TARGET_S else 'MISSED'}); floor, a bare "
          f"PySide6 window painted: {b:.2f} s; ratio {p / b:.2f}; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
