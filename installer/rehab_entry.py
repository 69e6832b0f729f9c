"""Entry point of the bundled app (PyInstaller runs this script).

One program, two executables built from it: ``rehab-desktop`` (the desktop app; a
windowed program on Windows) and ``rehab-archive`` (the command line; a console program).
``rehab-desktop --cli ARGS`` runs the command line too; ``rehab-archive --self-test`` runs the
app's self-test from the console (a windowed program has no console to print to on Windows).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    console = Path(sys.executable).stem.lower() == "rehab-archive"
    if (console and args[:1] != ["--self-test"]) or args[:1] == ["--cli"]:
        from desktop_app.cli import main as cli

        return cli(args[1:] if args[:1] == ["--cli"] else args)
    from desktop_app.app import main as app

    return app(args)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a month's export starts worker processes (services/claims/month_batch)
    sys.exit(main())
