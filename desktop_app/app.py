"""The one place the desktop app is wired together.

Logging and the crash hook, QApplication and the bundled font, the database
(upgraded after a backup), the first administrator if there is none, sign-in, and the
workstation (main window, lock screen, idle lock).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop_app.paths import DEMO_FILE, data_dir, default_database_url, subdir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy import Engine

    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.ui.kit.runner import Runner
    from desktop_app.ui.shell.login_dialog import LoginDialog

log = logging.getLogger("desktop_app")
DEMO_PATIENTS = 50
DEMO_SEED = 1
PROGRESS_PROBE = "REHAB_PROGRESS_PROBE"  # set: print when the demo's progress dialog is painted
DEMO_ADMIN = "admin"  # the demo's administrator; every demo account has the demo password
DEFAULT_LOCK_MINUTES = 10


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rehab-desktop", description="工伤康复档案")
    parser.add_argument("--db", help="数据库 URL / database URL")
    parser.add_argument("--demo", action="store_true",
                        help="打开演示档案（首次自动生成）/ open the demo archive (created on first use)")
    parser.add_argument("--screenshot", type=Path,
                        help="保存主窗口截图后退出 / save a screenshot of the main window and exit")
    parser.add_argument("--user", metavar="USERNAME",
                        help="不弹出登录窗口，以此用户登录（需 --password-env；演示档案可省略）"
                             " / sign in without the dialog (needs --password-env, except on the demo)")
    parser.add_argument("--password-env", metavar="VAR",
                        help="从此环境变量读取 --user 的密码 / read --user's password from this "
                             "environment variable")
    parser.add_argument("--lang", choices=("zh_CN", "en"),
                        help="界面语言（默认中文）/ interface language (default Chinese)")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--self-test", action="store_true",
                        help="自检：在临时档案上迁移、生成演示病例、生成 PDF、核验后退出（不触及现有档案）"
                             " / check this installation on a temporary archive and exit")
    parser.add_argument("--lock-minutes", type=float,
                        # a string default goes through `type`: a bad variable is a usage error
                        default=os.environ.get("REHAB_LOCK_MINUTES", str(DEFAULT_LOCK_MINUTES)),
                        help="无操作多少分钟后锁定（默认 10，或 REHAB_LOCK_MINUTES）/ lock after this "
                             "many idle minutes (default 10, or REHAB_LOCK_MINUTES)")
    args = parser.parse_args(argv)
    if args.password_env and not args.user:
        parser.error("--password-env 需要 --user / --password-env needs --user")
    if args.user and not (args.password_env or args.demo):
        parser.error("--user 需要 --password-env / --user needs --password-env")
    if args.screenshot and not (args.user or args.demo):
        parser.error("--screenshot 需要 --user 和 --password-env（或 --demo）"
                     " / --screenshot needs --user and --password-env (or --demo)")
    if args.lock_minutes <= 0:
        parser.error("--lock-minutes 必须大于 0 / --lock-minutes must be positive")
    return args


def _setup_logging() -> Path:
    """Everything from INFO up to the log file; only warnings and errors to the terminal
    (the schema upgrade's INFO lines are for the log, not for the person starting the app)."""
    log_file = subdir("logs") / "app.log"
    terminal = logging.StreamHandler()
    terminal.setLevel(logging.WARNING)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(log_file, encoding="utf-8"), terminal],
    )
    return log_file


def _database_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    if args.demo:
        return f"sqlite:///{data_dir() / DEMO_FILE}"
    return default_database_url()


def _open_archive(url: str, demo: bool, parent: QWidget | None = None) -> Engine:
    """Engine on an up-to-date schema; the demo archive is generated on first use. Any other
    archive must exist already (the first-run wizard creates one when asked): a mistyped path
    or a file that is not an archive is refused with a message, never made into a new archive.
    A demo made now is made behind the progress dialog from its first step (creating the
    schema takes a second or two before the patients are written)."""
    if demo and parent is not None and _new_file(url):
        opened: list[Engine] = []
        _with_progress(parent, lambda progress: opened.append(_prepared(url, demo, progress)))
        return opened[0]
    return _prepared(url, demo, None, parent)


def _new_file(url: str) -> bool:
    """A SQLite archive (``sqlite:///path``, as the demo's is) whose file does not exist yet;
    told without loading SQLAlchemy, so that the progress shows at once."""
    prefix = "sqlite:///"
    return url.startswith(prefix) and not Path(url[len(prefix):].split("?")[0]).exists()


def _prepared(url: str, demo: bool, progress: Callable[[int, int], None] | None,
              parent: QWidget | None = None) -> Engine:
    """Open (the demo: create) the archive, bring its schema up to date and generate the demo
    when it is empty: with ``progress`` in the caller's thread, else behind a progress dialog
    over ``parent`` when there is one."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from desktop_app.db.migrate import upgrade_database
    from desktop_app.db.models import RehabCase
    from desktop_app.db.opening import open_existing, open_or_create

    engine = open_or_create(url) if demo else open_existing(url, read_only=False)
    backup = upgrade_database(engine, subdir("backups"))
    if backup:
        log.info("backup before upgrade: %s", backup)
    if demo:
        with Session(engine) as session:
            empty = not session.scalar(select(func.count()).select_from(RehabCase))
        if empty:
            from desktop_app.services.demo import generate_demo

            log.info("generating the demo archive (%d patients)", DEMO_PATIENTS)
            if progress is not None or parent is None:
                generate_demo(engine, DEMO_PATIENTS, DEMO_SEED, progress=progress,
                              statistics_examples=True)
            else:
                _with_progress(parent, lambda step: generate_demo(
                    engine, DEMO_PATIENTS, DEMO_SEED, progress=step, statistics_examples=True))
    return engine


def _with_progress(parent: QWidget, work: Callable[[Callable[[int, int], None]], object]) -> None:
    """Run ``work`` in a thread behind a progress dialog: the demo takes most of a minute,
    and the window must stay painted and show how far it is (it cannot be cancelled; the
    demo is one transaction, so closing the app mid-way leaves nothing)."""
    import threading

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QProgressDialog

    done, failure = [0, 1], []  # patients written, of; an error of the thread

    def report(n: int, total: int) -> None:
        done[:] = [n, total]

    def run() -> None:
        try:
            work(report)
        except BaseException as error:  # re-raised on the UI thread
            failure.append(error)

    dialog = QProgressDialog("正在生成演示档案……\nGenerating the demo archive…", "", 0, 0, parent)
    dialog.setWindowTitle("演示档案 / Demo archive")
    dialog.setCancelButton(None)  # no Cancel
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(380)
    thread = threading.Thread(target=run, name="demo", daemon=True)
    loop = QEventLoop()

    def tick() -> None:
        if done[0]:
            dialog.setRange(0, done[1])
            dialog.setValue(done[0])
            dialog.setLabelText(f"正在生成演示档案：{done[0]}/{done[1]} 位病人……\n"
                                f"Generating the demo archive: patient {done[0]} of {done[1]}…")
        if not thread.is_alive():
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    dialog.show()
    if os.environ.get(PROGRESS_PROBE):  # bench/first_start.py: when the progress was painted
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        print(f"progress {time.time():.6f}", flush=True)
    thread.start()
    timer.start(100)
    loop.exec()
    timer.stop()
    dialog.close()
    if failure:
        raise failure[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    if args.self_test:
        return _self_test()
    log_file = _setup_logging()
    if args.screenshot and _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen

    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.ui.kit.fonts import install_cjk_font
    from desktop_app.ui.kit.gui_collector import GuiThreadCollector

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("工伤康复档案")
    GuiThreadCollector(app)  # background reads must never finalize Qt objects
    install_cjk_font(app)  # type: ignore[arg-type]
    from desktop_app.ui.kit.i18n import chosen_language, install_language

    install_language(app, chosen_language(args.lang))

    def crash_hook(kind: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        import traceback

        log.critical("unhandled error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        running = QApplication.instance()
        if running is None or QThread.currentThread() is not running.thread():
            return  # no window may be made now: quitting, or a worker thread; the log has it
        QMessageBox.critical(None, "程序错误", "程序遇到意外错误，已记录到日志：\n"
                             f"{log_file}\n\nAn unexpected error was logged.")

    sys.excepthook = crash_hook
    interactive = not (args.user or args.screenshot)
    login = _show_login_window(args) if interactive else None
    if args.startup_probe:  # bench/desktop_figures.py: the time of the first paint
        import gc

        print(f"painted {time.time():.6f} database-layer-loaded={'sqlalchemy' in sys.modules}"
              f" gc-automatic={gc.isenabled()}", flush=True)
        return 0
    if login is not None and _new_pc(args) and not _first_run(login):
        return 0  # the wizard was cancelled: nothing was created
    # The database layer loads behind the painted window; the screens after the archive is
    # open (a new demo shows its progress first: importing the screens takes a second or two).
    from desktop_app.errors import AppError

    try:
        engine = _open_archive(_database_url(args), args.demo, parent=login)
    except Exception as error:
        from desktop_app.db.engine import environment_problem

        problem = error if isinstance(error, AppError) else environment_problem(error)
        if problem is None:
            raise
        log.error("cannot open the archive: %s", problem)
        QMessageBox.critical(login, "无法打开档案", f"{problem.zh}\n\n{problem.en}")
        return 1
    from desktop_app.clock import SystemClock
    from desktop_app.db.engine import redact_url
    from desktop_app.ui.kit.runner import Runner
    from desktop_app.ui.shell.workstation import Workstation

    runner = Runner(engine, SystemClock())
    user = _interactive_sign_in(args, runner, login) if login is not None else (
        _non_interactive_sign_in(args, runner))
    if isinstance(user, int):
        return user
    label = "演示档案" if args.demo else redact_url(str(engine.url))
    workstation = Workstation(runner, label, user, idle_ms=round(args.lock_minutes * 60_000))
    workstation.start()
    if args.screenshot:
        workstation.window.select_first_case()
        app.processEvents()
        workstation.window.grab().save(str(args.screenshot))
        return 0
    return app.exec()


def _no_display() -> bool:
    """No X or Wayland display, and Qt was not told which platform to use."""
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def _self_test() -> int:
    """``--self-test``: offscreen, with a throwaway data folder, so the user's archive and
    settings are never touched. 0 when every step passed."""
    import tempfile

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="rehab-self-test-data-") as folder:
        os.environ["REHAB_DATA_DIR"] = folder
        os.environ.pop("REHAB_DB_URL", None)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        from desktop_app.self_test import run_self_test
        from desktop_app.ui.shell.self_check import qt_check

        report = run_self_test([("Qt window", lambda: qt_check(app))])  # type: ignore[arg-type]
    return 0 if report.ok else 1


def _new_pc(args: argparse.Namespace) -> bool:
    """No archive chosen yet: no --db, --demo or REHAB_DB_URL, no local configuration and no
    embedded archive. (Checked without the database layer.)"""
    from desktop_app.paths import config_path, configured_database_url, embedded_database_path

    return not (args.db or args.demo or configured_database_url() or config_path().exists()
                or embedded_database_path().exists())


def _first_run(login: LoginDialog) -> bool:
    """The first-run wizard in place of the sign-in window; False when cancelled."""
    from desktop_app.ui.admin.first_run_wizard import FirstRunWizard

    login.hide()
    wizard = FirstRunWizard()
    if not wizard.exec() or wizard.finished_run is None:
        return False
    log.info("first run: archive %s created or joined", wizard.finished_run.label)
    if wizard.finished_run.administrator:
        login.form.reset(wizard.finished_run.administrator)
    login.show()
    return True


def _demo_password() -> str:
    from desktop_app.services.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _non_interactive_sign_in(args: argparse.Namespace, runner: Runner) -> SignedIn | int:
    """``--user`` with the password from ``--password-env``; on the demo archive the demo
    administrator and the published demo password by default. An exit code on failure."""
    from desktop_app.errors import AppError
    from desktop_app.services.admin.sign_in import sign_in

    username = args.user or DEMO_ADMIN
    password = os.environ.get(args.password_env) if args.password_env else _demo_password()
    if password is None:
        print(f"环境变量 {args.password_env} 未设置 / {args.password_env} is not set",
              file=sys.stderr)
        return 2
    result = runner.run(sign_in, username, password)
    if isinstance(result, AppError):
        log.error("sign-in as %s refused: %s", username, result.en)
        print(f"{result.zh}\n{result.en}", file=sys.stderr)
        return 1
    return result


def _show_login_window(args: argparse.Namespace) -> LoginDialog:
    """The sign-in window, painted before the database layer is imported."""
    from desktop_app.ui.shell.login_dialog import LoginDialog

    login = LoginDialog(None, username=DEMO_ADMIN if args.demo else "")
    login.show()
    login.repaint()
    return login


def _interactive_sign_in(args: argparse.Namespace, runner: Runner,
                         login: LoginDialog) -> SignedIn | int:
    """The first administrator if the archive has none, then sign-in in the window shown
    at start. 0 when cancelled."""
    from desktop_app.services.admin.sign_in import needs_first_administrator
    from desktop_app.ui.admin.first_run_dialog import FirstRunDialog

    if needs_first_administrator(runner.engine):
        login.hide()
        first = FirstRunDialog(runner)
        if not first.exec() or first.created is None:
            return 0
        login.form.reset(first.created.username)
    if args.demo:
        login.set_hint(f"演示档案：所有演示账户（如 admin 系统管理员、pt_zhang 治疗师）的密码都是 "
                       f"{_demo_password()}，仅用于演示。\nDemo archive: every demo account's "
                       f"password is {_demo_password()} (demo only).")
    login.archive_ready(runner)
    if not login.exec() or login.signed_in is None:
        return 0
    return login.signed_in


if __name__ == "__main__":
    sys.exit(main())
