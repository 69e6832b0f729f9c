"""Screenshots of the desktop's main screens on the demo archive, for docs/screenshots/.

    xvfb-run -a .venv/bin/python docs/screenshots/capture.py [--out docs/screenshots]

At 125 % / 200 %: QT_SCALE_FACTOR=1.25 (or 2) with a virtual screen that big, e.g.
``xvfb-run -a -s "-screen 0 3200x2000x24" env QT_SCALE_FACTOR=2 .venv/bin/python
docs/screenshots/capture.py --size 1280x640 --prefix scale200 --out /tmp/shots``.

Runs under a real X server (Xvfb), as on a ward PC: a fresh demo archive (50 patients,
seed 1, as of 2026-11-20), signed in as the demo therapist, physician and records
officer; the home screen, the case list, every page of an admitted case, and the intake
dialog. Files are named ``xvfb_*.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("REHAB_DATA_DIR", tempfile.mkdtemp(prefix="rehab-shots-"))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from desktop_app.clock import CHINA, FixedClock  # noqa: E402
from desktop_app.db.engine import make_engine  # noqa: E402
from desktop_app.db.migrate import upgrade_database  # noqa: E402
from desktop_app.db.models import RehabCase, StaffUser  # noqa: E402
from desktop_app.services.admin.sign_in import SignedIn  # noqa: E402
from desktop_app.services.demo import generate_demo  # noqa: E402
from desktop_app.ui.kit.fonts import install_cjk_font  # noqa: E402
from desktop_app.ui.shell.main_window import CASES, MainWindow  # noqa: E402

AS_OF = date(2026, 11, 20)
SIZE = (1366, 768)  # the commonest ward-PC screen


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


PAGES = ("overview", "sessions", "approval", "plan", "prescriptions", "assessments", "outcome",
         "consent", "discharge", "claims")  # the case pages in tab order, for file names


def save(app: QApplication, widget: QWidget, out: Path, name: str, prefix: str = "xvfb") -> None:
    settle(app)
    path = out / f"{prefix}_{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--size", default="x".join(map(str, SIZE)),
                        help="the main window in logical pixels, e.g. 1280x640 (with QT_SCALE_FACTOR=2)")
    parser.add_argument("--prefix", default="xvfb", help="file names: PREFIX_*.png")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    app = QApplication(sys.argv[:1])
    install_cjk_font(app)
    database = Path(os.environ["REHAB_DATA_DIR"]) / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    upgrade_database(engine, database.parent)
    generate_demo(engine, 50, 1, as_of=AS_OF)
    clock = FixedClock(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 10, tzinfo=CHINA))

    def window(username: str) -> MainWindow:
        with Session(engine) as session:
            staff = session.scalars(select(StaffUser).where(StaffUser.username == username)).one()
            user = SignedIn(staff.id, staff.username, staff.display_name, staff.role)
        shown = MainWindow(engine, clock, "演示档案", user)
        shown.resize(*size)
        shown.show()
        return shown

    with Session(engine) as session:
        admitted = session.scalars(select(RehabCase.id).where(RehabCase.status == "admitted")
                                   .order_by(RehabCase.id)).first()
    assert admitted is not None, "the demo has no admitted case"

    therapist = window("pt_zhang")
    save(app, therapist, args.out, "home_therapist", args.prefix)
    doctor = window("doc_wang")
    doctor.open_case(admitted)
    assert doctor.sections.currentIndex() == CASES
    tabs = doctor.workspace.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        name = PAGES[index] if index < len(PAGES) else f"page{index}"  # not the tab's words
        save(app, doctor, args.out, f"case_{index:02d}_{name}", args.prefix)
    office = window("ro_sun")
    actions: list[tuple[str, Callable[[], None]]] = [("new_case", office.new_case_action.trigger)]
    for name, trigger in actions:
        trigger()
        settle(app)
        dialog = app.activeModalWidget() or app.activeWindow()
        assert dialog is not None and dialog is not office, name
        save(app, dialog, args.out, f"dialog_{name}", args.prefix)
        dialog.close()
    engine.dispose()


if __name__ == "__main__":
    main()
