"""The desktop's figures on a large archive (issue 4's targets):

- search by ID number and by name over the patients of 1,000,000 sessions: <= 10 ms;
- opening the case with 5,000 sessions, until its first paint: <= 150 ms;
- app start to the login window: <= 1.3 x a bare PySide6 window, same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/desktop_figures.py [--sessions 1000000]

Medians of repeated runs; the archive comes from ``bench/big_archive.py`` (built once).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REHAB_DATA_DIR", tempfile.mkdtemp(prefix="rehab-bench-"))

from big_archive import BIG_CASE_NUMBER, big_archive  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from desktop_app.clock import SystemClock  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.models import RehabCase, StaffUser, Worker  # noqa: E402
from desktop_app.services.clinical.case_view import case_row  # noqa: E402
from desktop_app.services.intake.search_view import search_cases  # noqa: E402

REPEATS = 50


def median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    action()  # warm the caches, as a user's second search would
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def search_figures(url: str) -> None:
    engine = make_engine(url)
    today = SystemClock().today()
    with Session(engine) as session:
        workers = session.scalars(select(Worker).order_by(Worker.id)).all()
        sample = workers[len(workers) // 2]
        one_char = next((w.name for w in workers if len(w.name) == 1), sample.name[0])
        two_char = next(w.name for w in workers if len(w.name) == 2)
        cases = {
            "full ID number": sample.resident_id,
            "ID number, first 10 digits": sample.resident_id[:10],
            "one-character name": one_char,
            "two-character name": two_char,
            "given name only (substring)": two_char[1],
            "pinyin initials": sample.name_initials,
            "case number": f"GS2025-{sample.id:06d}",
        }
        print(f"search ({len(workers)} patients; target <= 10 ms):")
        for label, text in cases.items():
            hits = len(search_cases(session, text, today))
            ms = median_ms(lambda text=text: search_cases(session, text, today))
            print(f"  {label:30s} {text!r:22s} {hits:3d} hits  {ms:6.2f} ms")
    engine.dispose()


def open_case_figure(url: str) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.admin.sign_in import SignedIn
    from desktop_app.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    engine = make_engine(url)
    with Session(engine) as session:
        staff = session.scalars(select(StaffUser)).first()
        assert staff is not None
        user = SignedIn(staff.id, staff.username, staff.display_name, staff.role)
        big = session.scalars(select(RehabCase.id).where(
            RehabCase.case_number == BIG_CASE_NUMBER)).one()
    window = MainWindow(engine, SystemClock(), "bench", user)
    window.show()
    app.processEvents()
    with Session(engine) as session:
        row = case_row(session, big, SystemClock().today())
        assert row is not None

    def open_and_paint() -> None:
        window.show_case(row)
        window.repaint()  # a synchronous paint of the whole window
        if window.workspace.case is None:
            raise SystemExit("the case did not open: see the message above")

    ms = median_ms(open_and_paint, repeats=20)
    print(f"open the case with 5,000 sessions to first paint (target <= 150 ms): {ms:.1f} ms "
          "(overview tab)")
    for page in (window.workspace.execution, window.workspace.claims):
        window.workspace.tabs.setCurrentWidget(page)
        ms = median_ms(open_and_paint, repeats=10)
        name = window.workspace.tabs.tabText(window.workspace.tabs.indexOf(page))
        print(f"  … with the {name} tab in front: {ms:.1f} ms")
    window.close()
    engine.dispose()


BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(420, 300)
window.show()
window.repaint()
print(f"painted {time.time():.6f}", flush=True)
"""


def seconds_to_paint(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("painted "))
    return float(line.split()[1]) - started


def startup_figures(runs: int = 7) -> None:
    env = {**os.environ, "REHAB_DATA_DIR": tempfile.mkdtemp(prefix="rehab-bench-start-")}
    bare, app = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        bare.append(seconds_to_paint([sys.executable, "-c", BARE_WINDOW], env))
        app.append(seconds_to_paint([sys.executable, "-m", "desktop_app", "--startup-probe"], env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"start to first paint (median of {runs}): bare PySide6 window {b * 1000:.0f} ms, "
          f"login window {a * 1000:.0f} ms, ratio {a / b:.2f} (target <= 1.3)")


def main() -> None:
    parser = argparse.ArgumentParser(description="desktop benchmarks")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    args = parser.parse_args()
    url = big_archive(args.cases, args.sessions)
    print(f"archive: {args.cases} cases, {args.sessions} sessions ({Path(url[10:]).name})")
    startup_figures()
    search_figures(url)
    open_case_figure(url)


if __name__ == "__main__":
    main()
