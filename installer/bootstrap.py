#!/usr/bin/env python3
"""Set up the project on a Debian/Ubuntu machine, then launch the app or run the tests.

    python3 installer/bootstrap.py app [--demo] [app args...]
    python3 installer/bootstrap.py test [--no-pg] [pytest args...]   (pytest -n <cores> unless -n given)

Standard library only: this runs before any virtual environment exists. It installs the
system packages Qt (and, for the tests, PostgreSQL and poppler) need, creates ``.venv/``
next to ``pyproject.toml``, installs the project into it (again only when
``pyproject.toml`` changed), and then launches the app or runs the checks (ruff,
lint-imports, mypy) and pytest — the latter on SQLite and on a throwaway PostgreSQL
server on 127.0.0.1 that is removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_BIN = VENV / "bin"
VENV_PYTHON = VENV_BIN / "python"
STAMP = VENV / ".bootstrap-pyproject.sha256"
PG_DATABASE = "rehab_test"

QT_OFFSCREEN_PACKAGES = [
    "libegl1", "libgl1", "libx11-6", "libdbus-1-3", "libfontconfig1", "libglib2.0-0", "libxkbcommon0",
]
QT_X11_PACKAGES = [  # Qt's xcb platform, for a machine with a display
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "libxkbcommon-x11-0",
    "libxcb-util1",
]
# poppler-utils: pdffonts/pdftoppm/pdfsig; PDFBox Preflight (and the Java it runs on) checks the PDFs a
# second way; openssl: `openssl ts -verify` checks the RFC 3161 timestamps independently;
# zbar-tools: zbarimg scans the printed QR codes.
TEST_PACKAGES = ["postgresql", "poppler-utils", "default-jre-headless", "libpdfbox2-java",
                 "libactivation-java", "libjaxb-api-java", "openssl", "zbar-tools"]


VERBOSE = False  # -v: every command's own output (pip, apt, the translations)


CLI_HINT = "    the command line on the demo archive: .venv/bin/rehab-archive --demo info"


class BootstrapError(Exception):
    """A setup step failed; the message says which and what to do."""


def step(message: str) -> None:
    """Print a progress line."""
    print(f"==> {message}", flush=True)


def warn(message: str) -> None:
    """Print a note on stderr."""
    print(f"bootstrap: {message}", file=sys.stderr, flush=True)


def is_root() -> bool:
    """True when running as root (POSIX only)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def run(cmd: Sequence[str | Path], *, env: dict[str, str] | None = None, cwd: Path | None = None,
        what: str | None = None) -> None:
    """Run a setup command; raise BootstrapError if it fails. Its output is shown with
    ``-v``, otherwise only when it fails."""
    result = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, check=False,
                            capture_output=not VERBOSE, text=True)
    if result.returncode != 0:
        shown = "" if VERBOSE else ((result.stdout or "") + (result.stderr or ""))[-4000:]
        raise BootstrapError(f"{what or cmd[0]} failed (exit {result.returncode}): "
                             + " ".join(str(c) for c in cmd) + (f"\n{shown}" if shown else ""))


def run_child(cmd: Sequence[str | Path], *, env: dict[str, str] | None = None) -> int:
    """Run a long-lived command (ruff, pytest) and return its exit code.

    Ctrl-C reaches the child too (same process group): let it finish its own
    shutdown and report, then re-raise KeyboardInterrupt so cleanup runs.
    """
    interrupted = False
    proc = subprocess.Popen([str(c) for c in cmd], env=env, cwd=ROOT)
    try:
        while True:
            try:
                code = proc.wait()
                break
            except KeyboardInterrupt:
                interrupted = True
    except BaseException:
        proc.terminate()
        proc.wait()
        raise
    if interrupted:
        raise KeyboardInterrupt
    return code


# --- system packages -------------------------------------------------------------------------------


def package_installed(name: str) -> bool:
    """Whether dpkg reports the package as installed."""
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name],
                            capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip().endswith(" installed")


def venv_support_packages() -> list[str]:
    """Debian's python3 has no ensurepip (so no ``-m venv``) without python3-venv."""
    if VENV_PYTHON.exists():
        return []
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return [f"python3.{sys.version_info.minor}-venv"]
    return []


def ensure_system_packages(packages: Sequence[str]) -> None:
    """Install missing Debian packages (as root), or say how to and stop."""
    if shutil.which("dpkg-query") is None:
        warn("not a Debian/Ubuntu system: not checking system packages; install the equivalents of "
             + " ".join(packages) + " yourself")
        return
    step("checking system packages")
    missing = [name for name in dict.fromkeys(packages) if not package_installed(name)]
    if not missing:
        return
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if not is_root():
        raise BootstrapError(
            "missing system packages: " + " ".join(missing) + "\nrun as root:\n"
            "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive " + " ".join(install))
    step("installing system packages: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-q"], env=env, what="apt-get update")  # output only with -v
    run([install[0], "-q", *install[1:]], env=env, what="apt-get install")


# --- virtual environment ---------------------------------------------------------------------------


def pyproject_digest() -> str:
    """sha256 of pyproject.toml: the venv is reinstalled when it changes."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def create_venv() -> None:
    """Create .venv (replacing a broken one) and upgrade its pip."""
    if VENV.exists():
        warn(f"{VENV} has no working python; recreating it")
        shutil.rmtree(VENV)
    step(f"creating the virtual environment {VENV}")
    run([sys.executable, "-m", "venv", VENV], what="python3 -m venv")
    step("upgrading pip")
    run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"],
        what="pip upgrade")


def installed_stamp() -> tuple[str, str]:
    """(pyproject digest, extras) of the last install, or empty strings."""
    if not STAMP.exists():
        return "", ""
    digest, _, extras = STAMP.read_text().strip().partition(" ")
    return digest, extras


def ensure_venv(extras: str) -> None:
    """Make sure .venv exists and holds the project as pyproject.toml now describes it, with
    ``extras`` ("" for the app alone, "test" for the tests and their tools); an install
    with the test tools serves the app too."""
    if not VENV_PYTHON.exists():
        create_venv()
    digest = pyproject_digest()
    had_digest, had_extras = installed_stamp()
    if had_digest == digest and (had_extras == extras or had_extras == "test"):
        step(f"virtual environment up to date ({VENV.relative_to(ROOT)}/)")
        return
    target = f".[{extras}]" if extras else "."
    step(f"installing {'the project and its test tools' if extras else 'the app'} into .venv "
         f"(pip install -e '{target}'; a few minutes the first time)")
    run([VENV_PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off",
         *([] if VERBOSE else ["--quiet"]), "-e", target], cwd=ROOT, what="pip install")
    STAMP.write_text(f"{digest} {extras}".strip() + "\n")


def setup(packages: Sequence[str], extras: str) -> None:
    """System packages first (python3-venv may be among them), then the venv, then the
    interface translations compiled (Qt Linguist .ts -> .qm)."""
    ensure_system_packages([*venv_support_packages(), *packages])
    ensure_venv(extras)
    step("compiling the interface translations (resources/i18n)")
    run([VENV_PYTHON, "-m", "desktop_app.ui.kit.i18n"], cwd=ROOT, what="translations")


# --- app -------------------------------------------------------------------------------------------


def no_display() -> bool:
    """No X or Wayland display, and Qt was not told to go without one."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    return os.environ.get("QT_QPA_PLATFORM", "") not in ("offscreen", "minimal", "vnc")


NO_DISPLAY_ADVICE = """\
没有显示器：应用需要一个屏幕来显示窗口。/ No display: the app needs a screen to show its window.
  - 在桌面上运行此命令（或通过 ssh -X 连接）。/ Run this command on a desktop (or over ssh -X).
  - 或者把窗口画成图片 / or draw the window into a picture:
      python3 installer/bootstrap.py app --demo --screenshot demo.png
  - 命令行工具不需要屏幕 / the command line needs no screen:
      .venv/bin/rehab-archive --demo info"""


def wants_screenshot(app_args: Sequence[str]) -> bool:
    return any(a == "--screenshot" or a.startswith("--screenshot=") for a in app_args)


def command_app(app_args: list[str]) -> int:
    """Set up, then replace this process by the app. Without a display the window cannot be
    shown: a ``--screenshot`` is drawn offscreen, anything else is refused with advice
    (before, the app started on an invisible virtual display and seemed to hang)."""
    headless = no_display()
    if headless and not wants_screenshot(app_args):
        print(NO_DISPLAY_ADVICE, file=sys.stderr, flush=True)
        return 2
    setup([*QT_OFFSCREEN_PACKAGES, *([] if headless else QT_X11_PACKAGES)], extras="")
    command = [str(VENV_BIN / "rehab-desktop"), *app_args]
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        step("no display: drawing the window offscreen for the screenshot")
    if "--demo" in app_args:
        print(CLI_HINT, flush=True)
    step("starting: " + " ".join(command))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
    return 1  # not reached


# --- throwaway PostgreSQL --------------------------------------------------------------------------


@dataclass
class PgServer:
    """A running throwaway cluster."""

    bin_dir: Path
    base: Path
    port: int

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{PG_DATABASE}"


def postgres_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb."""
    candidates = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in path.parent.name.split(".") if part.isdigit())

    if not candidates:
        raise BootstrapError("no PostgreSQL server in /usr/lib/postgresql/*/bin "
                             "(Debian package postgresql); or run `test --no-pg`")
    return max(candidates, key=version)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_postgres(cmd: Sequence[str | Path]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if is_root() else []
    return [*prefix, *(str(c) for c in cmd)]


def quiet_run(cmd: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output (shown only if it matters)."""
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False,
                          start_new_session=True)


def init_cluster(bin_dir: Path, base: Path) -> None:
    """initdb with a UTF-8 C locale, or with no locale where C.UTF-8 is missing."""
    data = base / "data"
    common = [bin_dir / "initdb", "-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8"]
    result = quiet_run(as_postgres([*common, "--locale=C.UTF-8"]), base)
    if result.returncode != 0:
        warn("initdb with --locale=C.UTF-8 failed; retrying with --no-locale")
        shutil.rmtree(data, ignore_errors=True)
        result = quiet_run(as_postgres([*common, "--no-locale"]), base)
    if result.returncode != 0:
        raise BootstrapError("initdb failed:\n" + result.stdout + result.stderr)


def start_server(server: PgServer) -> None:
    """pg_ctl start on 127.0.0.1, socket in the temp dir, fsync off; then create the test database."""
    options = (f"-c listen_addresses=127.0.0.1 -p {server.port} -k {server.base} -c fsync=off")
    result = quiet_run(as_postgres([server.bin_dir / "pg_ctl", "-D", server.data, "-o", options,
                                    "-l", server.base / "log", "-w", "start"]), server.base)
    if result.returncode != 0:
        log = server.base / "log"
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        raise BootstrapError("pg_ctl start failed:\n" + result.stdout + result.stderr + tail)
    result = quiet_run([str(server.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port),
                        "-U", "postgres", PG_DATABASE], server.base)
    if result.returncode != 0:
        raise BootstrapError("createdb failed:\n" + result.stdout + result.stderr)


def stop_server(server: PgServer) -> None:
    """pg_ctl stop -m fast; complain (but go on) if it fails."""
    if not (server.data / "postmaster.pid").exists():
        return
    step("stopping the throwaway PostgreSQL server")
    pid = postmaster_pid(server.data)
    result = quiet_run(as_postgres([server.bin_dir / "pg_ctl", "-D", server.data, "-m", "fast",
                                    "-w", "stop"]), server.base)
    if result.returncode != 0:
        warn("pg_ctl stop failed:\n" + result.stdout + result.stderr)
    # pg_ctl returns once the pid file is gone; give init a moment to reap the postmaster too.
    deadline = time.monotonic() + 5
    while pid and Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def postmaster_pid(data: Path) -> int | None:
    """The server's process id from postmaster.pid, if readable."""
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def throwaway_postgres() -> Iterator[PgServer]:
    """A PostgreSQL cluster in a temp dir for the duration of the block; always removed."""
    bin_dir = postgres_bin_dir()
    # Short path under /tmp: the socket path must fit in 107 bytes and the postgres user must reach it.
    base = Path(tempfile.mkdtemp(prefix="rehab-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    server = PgServer(bin_dir, base, free_port())
    try:
        if is_root():
            shutil.chown(base, user="postgres", group="postgres")
        step(f"starting a throwaway PostgreSQL ({bin_dir.parent.name}) on 127.0.0.1:{server.port} "
             f"in {base}")
        init_cluster(bin_dir, base)
        start_server(server)
        yield server
    finally:
        # Ctrl-C during cleanup must not leave the server behind.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop_server(server)
            shutil.rmtree(base, ignore_errors=True)
            if base.exists():
                warn(f"could not remove {base}")
        finally:
            signal.signal(signal.SIGINT, previous)


# --- tests -----------------------------------------------------------------------------------------


def pytest_environment(pg_url: str | None) -> dict[str, str]:
    """The environment for pytest: offscreen Qt, and the PostgreSQL server when there is one."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("REHAB_TEST_PG_URL", None)
    env.pop("REHAB_REQUIRE_PG", None)
    if pg_url:
        env["REHAB_TEST_PG_URL"] = pg_url
        env["REHAB_REQUIRE_PG"] = "1"
    return env


MAX_WORKERS = 4  # each pytest worker holds Qt, a demo archive and a database of its own


def with_workers(pytest_args: list[str]) -> list[str]:
    """``-n <cores>`` (pytest-xdist, at most MAX_WORKERS) in front of the user's arguments,
    unless they choose themselves (``-n 0``, ``--numprocesses``, ``-p no:xdist``) or debug
    (``--pdb``, ``--trace``: one process), or this PC has one core."""
    chosen = any(arg.startswith(("-n", "--numprocesses", "--pdb", "--trace")) or arg.endswith("no:xdist")
                 for arg in pytest_args)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = min(cores, MAX_WORKERS)
    return pytest_args if chosen or workers < 2 else ["-n", str(workers), *pytest_args]


CHECKS: tuple[tuple[str, list[str]], ...] = (
    ("ruff", ["ruff", "check", "."]),
    ("imports", ["lint-imports"]),  # the layers and contexts of pyproject.toml
    ("mypy", ["mypy"]),  # [tool.mypy]: desktop_app type-checks
)


def run_checks_and_pytest(pytest_args: list[str], pg_url: str | None) -> dict[str, int]:
    """The checks first (a failure does not stop the others or pytest), then pytest; each
    one's exit code, by name."""
    codes: dict[str, int] = {}
    for name, command in CHECKS:
        step(" ".join(command))
        codes[name] = run_child([VENV_BIN / command[0], *command[1:]])
    pytest_args = with_workers(pytest_args)
    step("pytest " + " ".join(pytest_args))
    codes["pytest"] = run_child([VENV_PYTHON, "-m", "pytest", *pytest_args],
                                env=pytest_environment(pg_url))
    return codes


def summarize(engines: str, codes: dict[str, int], seconds: float) -> int:
    """Print the closing summary and return the exit code for the whole run: pytest's if it
    failed, else 1 if a check failed."""
    failed_checks = any(code != 0 for name, code in codes.items() if name != "pytest")
    final = codes["pytest"] if codes["pytest"] != 0 else (1 if failed_checks else 0)
    print(flush=True)
    step(f"summary ({seconds:.0f} s)")
    print(f"    engines tested: {engines}")
    for name, code in codes.items():
        print(f"    {name + ':':9}{'passed' if code == 0 else f'FAILED (exit {code})'}")
    print(f"    result: {'OK' if final == 0 else 'FAILED'} (exit {final})", flush=True)
    return final


def command_test(no_pg: bool, pytest_args: list[str]) -> int:
    """Set up, then the checks and pytest on SQLite and (unless no_pg) a throwaway PostgreSQL."""
    started = time.monotonic()
    setup([*QT_OFFSCREEN_PACKAGES, *([] if no_pg else TEST_PACKAGES)], extras="test")
    if no_pg:
        codes = run_checks_and_pytest(pytest_args, None)
        engines = "sqlite (PostgreSQL skipped: --no-pg)"
    else:
        with throwaway_postgres() as server:
            codes = run_checks_and_pytest(pytest_args, server.url)
        engines = "sqlite, postgresql"
    return summarize(engines, codes, time.monotonic() - started)


# --- command line ----------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    """bootstrap.py {app,test}; unknown arguments go to the app or to pytest."""
    main = argparse.ArgumentParser(
        prog="bootstrap.py", description="Set up the project, then launch the app or run the tests.",
        epilog="Arguments not listed here are passed on to the app or to pytest.")
    main.add_argument("-v", "--verbose", action="store_true",
                      help="show the output of apt, pip and the other setup steps "
                      "(before the command: bootstrap.py -v test; after it, -v goes to pytest)")
    commands = main.add_subparsers(dest="command", required=True, metavar="{app,test}")
    commands.add_parser("app", allow_abbrev=False, help="set up and launch the desktop app (e.g. app --demo)")
    test = commands.add_parser("test", allow_abbrev=False,
                               help="set up and run ruff and pytest (SQLite and PostgreSQL)")
    test.add_argument("--no-pg", action="store_true", help="SQLite only: no PostgreSQL server")
    return main


def terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (a CI time-out, say): unwind so the PostgreSQL server is stopped."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args, rest = parser().parse_known_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    signal.signal(signal.SIGTERM, terminate)
    try:
        if args.command == "app":
            return command_app(rest)
        return command_test(args.no_pg, rest)
    except BootstrapError as error:
        print(f"bootstrap: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbootstrap: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
