#!/usr/bin/env python3
"""Build the one-folder bundle: ``python installer/build.py`` → ``dist/rehab-desktop/``.

    python installer/build.py              build dist/rehab-desktop/ (rehab-desktop, rehab-archive)
    python installer/build.py --self-test  build, then run the bundle's --self-test offscreen
    python installer/build.py --bare       build the bare PySide6 window (bench yardstick) into
                                           build/bare/dist/bare-window/

Runs PyInstaller from the project's ``.venv`` (made by ``installer/bootstrap.py`` if missing)
and installs PyInstaller there first if it is not yet (the ``build`` extra). Standard library
only, so any ``python3`` can start it. On Windows it runs with the Python that starts it (the
project's venv; see docs/install.md), as bootstrap.py is for Debian/Ubuntu.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bootstrap import ROOT, BootstrapError, ensure_venv  # noqa: E402
from bootstrap import VENV_PYTHON as BOOTSTRAP_PYTHON  # noqa: E402

WINDOWS = os.name == "nt"
VENV_PYTHON = Path(sys.executable) if WINDOWS else BOOTSTRAP_PYTHON

SPEC = ROOT / "installer" / "rehab-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BARE_DIST = ROOT / "build" / "bare" / "dist"
PYINSTALLER = "pyinstaller>=6.10,<7"
SELF_TEST_SECONDS = 300


def bundle_executable(name: str = "rehab-desktop", dist: Path = DIST) -> Path:
    """The executable of a built bundle (``.exe`` on Windows)."""
    suffix = ".exe" if os.name == "nt" else ""
    folder = "bare-window" if name == "bare-window" else "rehab-desktop"
    return dist / folder / f"{name}{suffix}"


def ensure_pyinstaller() -> None:
    """PyInstaller in .venv: installed from the ``build`` extra when missing."""
    found = subprocess.run([str(VENV_PYTHON), "-c", "import PyInstaller"], capture_output=True,
                           check=False)
    if found.returncode == 0:
        return
    print("==> installing PyInstaller into .venv", flush=True)
    subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check",
                    "--progress-bar", "off", PYINSTALLER], check=True)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(*, bare: bool = False) -> Path:
    """Run PyInstaller on the spec; the bundle's folder."""
    dist = BARE_DIST if bare else DIST
    work = WORK.with_name("pyinstaller-bare") if bare else WORK
    env = {**os.environ, "REHAB_BUNDLE_BARE": "1" if bare else "0"}
    started = time.monotonic()
    subprocess.run([str(VENV_PYTHON), "-m", "desktop_app.ui.kit.i18n"], cwd=ROOT, check=True)
    subprocess.run([str(VENV_PYTHON), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   cwd=ROOT, env=env, check=True)
    folder = bundle_executable("bare-window" if bare else "rehab-desktop", dist).parent
    seconds = time.monotonic() - started
    print(f"==> built {folder} in {seconds:.0f} s: {folder_size(folder) / 1e6:.0f} MB", flush=True)
    return folder


def run_self_test(executable: Path) -> int:
    """The bundle's --self-test, offscreen, with a throwaway data folder."""
    import tempfile

    data = Path(tempfile.gettempdir()) / f"rehab-bundle-self-test-{os.getpid()}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REHAB_DATA_DIR": str(data)}
    env.pop("REHAB_DB_URL", None)
    print(f"==> {executable} --self-test", flush=True)
    try:
        result = subprocess.run([str(executable), "--self-test"], env=env, timeout=SELF_TEST_SECONDS,
                                check=False)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build the one-folder bundle with PyInstaller")
    parser.add_argument("--self-test", action="store_true",
                        help="run the built bundle's --self-test offscreen")
    parser.add_argument("--bare", action="store_true",
                        help="build the bare PySide6 window used by bench/bundle_startup.py")
    args = parser.parse_args(argv)
    try:
        if not WINDOWS:
            ensure_venv("")  # the app's own dependencies; PyInstaller comes next
    except BootstrapError as error:
        print(f"build: {error}\nrun `python3 installer/bootstrap.py test --no-pg` first", file=sys.stderr)
        return 1
    ensure_pyinstaller()
    try:
        folder = build(bare=args.bare)
    except subprocess.CalledProcessError as error:
        print(f"build: PyInstaller failed (exit {error.returncode})", file=sys.stderr)
        return 1
    if args.self_test and not args.bare:
        code = run_self_test(bundle_executable(dist=folder.parent))
        print(f"==> self-test {'passed' if code == 0 else f'FAILED (exit {code})'}", flush=True)
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
