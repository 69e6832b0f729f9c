"""Start-up of the bundled app: start to the painted login window vs a bundled bare PySide6
window built with the same PyInstaller options (target ratio <= 1.3), in the same run.

    python installer/build.py && python installer/build.py --bare
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bundle_startup.py [--runs 9]

Each run starts a fresh process (interleaved, so both see the same machine); the time is
from just before the start to the "painted" line each prints after its first paint.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "installer"))
from build import BARE_DIST, bundle_executable, folder_size  # noqa: E402
from desktop_figures import seconds_to_paint  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app, bare = bundle_executable(), bundle_executable("bare-window", BARE_DIST)
    for executable in (app, bare):
        if not executable.exists():
            print(f"{executable} missing: run installer/build.py (and --bare) first", file=sys.stderr)
            return 1
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "REHAB_DATA_DIR": tempfile.mkdtemp(prefix="rehab-bench-bundle-")}
    seconds_to_paint([str(bare)], env)  # first start reads the files from disk: not counted
    seconds_to_paint([str(app), "--startup-probe"], env)
    bare_times, app_times = [], []
    for _ in range(args.runs):
        bare_times.append(seconds_to_paint([str(bare)], env))
        app_times.append(seconds_to_paint([str(app), "--startup-probe"], env))
    b, a = statistics.median(bare_times), statistics.median(app_times)
    print(f"bundles: app {folder_size(app.parent) / 1e6:.0f} MB, bare window "
          f"{folder_size(bare.parent) / 1e6:.0f} MB")
    print(f"start to first paint (median of {args.runs}, {env['QT_QPA_PLATFORM']}): bundled bare "
          f"PySide6 window {b * 1000:.0f} ms, bundled app's login window {a * 1000:.0f} ms, "
          f"ratio {a / b:.2f} (target <= 1.3)")
    return 0 if a / b <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
