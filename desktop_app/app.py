"""The one place the desktop app is wired together.

Logging and the crash hook, QApplication and the bundled font, the database
(upgraded after a backup), and the main window.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from desktop_app.paths import data_dir, default_database_url, subdir

log = logging.getLogger("desktop_app")
DEMO_PATIENTS = 50
DEMO_SEED = 1


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rehab-desktop", description="工伤康复档案")
    parser.add_argument("--db", help="数据库 URL / database URL")
    parser.add_argument("--demo", action="store_true",
                        help="打开演示档案（首次自动生成）/ open the demo archive (created on first use)")
    parser.add_argument("--screenshot", type=Path,
                        help="保存主窗口截图后退出 / save a screenshot of the main window and exit")
    return parser.parse_args(argv)


def _setup_logging() -> Path:
    log_file = subdir("logs") / "app.log"
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(log_file, encoding="utf-8"), logging.StreamHandler()],
    )
    return log_file


def _database_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    if args.demo:
        return f"sqlite:///{data_dir() / 'demo-archive.sqlite3'}"
    return default_database_url()


def _open_archive(url: str, demo: bool):  # type: ignore[no-untyped-def]
    """Engine on an up-to-date schema; the demo archive is generated on first use."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from desktop_app.db.engine import make_engine
    from desktop_app.db.migrate import upgrade_database
    from desktop_app.db.models import RehabCase

    engine = make_engine(url)
    backup = upgrade_database(engine, subdir("backups"))
    if backup:
        log.info("backup before upgrade: %s", backup)
    if demo:
        with Session(engine) as session:
            empty = not session.scalar(select(func.count()).select_from(RehabCase))
        if empty:
            from desktop_app.services.demo import generate_demo

            log.info("generating the demo archive (%d patients)", DEMO_PATIENTS)
            generate_demo(engine, DEMO_PATIENTS, DEMO_SEED)
    return engine


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    log_file = _setup_logging()

    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.errors import AppError
    from desktop_app.ui.fonts import install_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("工伤康复档案")
    install_cjk_font(app)  # type: ignore[arg-type]

    def crash_hook(kind: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        log.critical("unhandled error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        QMessageBox.critical(None, "程序错误", "程序遇到意外错误，已记录到日志：\n"
                             f"{log_file}\n\nAn unexpected error was logged.")

    sys.excepthook = crash_hook
    from desktop_app.db.engine import environment_problem

    try:
        engine = _open_archive(_database_url(args), args.demo)
    except Exception as error:
        problem = error if isinstance(error, AppError) else environment_problem(error)
        if problem is None:
            raise
        log.error("cannot open the archive: %s", problem)
        QMessageBox.critical(None, "无法打开档案", f"{problem.zh}\n\n{problem.en}")
        return 1

    from desktop_app.clock import SystemClock
    from desktop_app.db.engine import redact_url
    from desktop_app.ui.main_window import MainWindow

    label = "演示档案" if args.demo else redact_url(str(engine.url))
    window = MainWindow(engine, SystemClock(), label)
    window.show()
    window.select_first_case()
    if args.screenshot:
        app.processEvents()
        window.grab().save(str(args.screenshot))
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
