"""The statistics screen (统计分析, issue 18) on a small real archive: the report is computed
in the background and fills the table; choosing a quarter computes it again; a double-click
on a figure lists exactly the cases behind it, and opening one shows its workspace; only
administrators and records officers get the screen (and the service refuses the others);
the screen and its charts are not imported when the app starts; it fits 1280×640 and
1366×768 in Chinese and English (screenshots of the table and each chart kind)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop_app.domain.identity import make_resident_id
from desktop_app.domain.statistics.report import Period
from desktop_app.errors import AppError
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.commands import AdmissionInput, ApprovedItemInput
from desktop_app.services.intake import intake
from desktop_app.services.statistics import statistics_reads
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.main_window import CASES, MainWindow
from desktop_app.ui.statistics.statistics_dialog import LABEL_CHARS, DrillDownDialog, StatisticsDialog
from tests.archive_fixture import Archive
from tests.ui.keys import default_button, keyboard_problems
from tests.ui.test_i18n import english
from tests.ui.test_keyboard import signed_in
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["english", "ward"]  # the fixtures
ROOT = Path(__file__).resolve().parents[2]
ROLES = ("physician", "therapist", "assistant", "records_officer", "admin")
ALLOWED = {"records_officer", "admin"}


def user(ward: Ward, role: str) -> SignedIn:
    """Signed in as the archive's member of staff of ``role`` (a ``Role`` value)."""
    key = "admin" if role == "admin" else role
    return SignedIn(ward.archive.staff[key], role, role, role)


def admitted_on(archive: Archive, n: int, admission: date, stage: str = "STABLE") -> int:
    """A case of its own worker (``n``: 1–9), approved a week before ``admission`` and
    admitted that day."""
    resident = make_resident_id("510502", date(1970 + n, 1, 2), 20 + n, "M")
    approval = admission - timedelta(days=7)
    case_id = archive.register(resident_id=resident, name=f"病例{n}", stage=stage,
                               injury_date=approval - timedelta(days=40),
                               recognition_date=approval - timedelta(days=20))
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            decision_number=f"泸工康核〔{admission.year}〕{n}0号", decision_date=approval,
            period_from=approval, period_to=approval + timedelta(days=80),
            items=(ApprovedItemInput(archive.codes["运动疗法"], "运动疗法", 10),)))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(admission, resident))
    return case_id


def small_archive(archive: Archive) -> dict[str, int]:
    """2026: one discharged case (admitted 04-03, 47 days), two admitted in the first quarter
    (one acute) and one in the second; 2025: one admitted in April (last year's figure)."""
    return {"discharged": archive.discharged_case(),
            "q1": admitted_on(archive, 1, date(2026, 2, 10)),
            "q1_acute": admitted_on(archive, 2, date(2026, 3, 16), stage="ACUTE"),
            "q2": admitted_on(archive, 3, date(2026, 5, 6)),
            "last_year": admitted_on(archive, 4, date(2025, 4, 20))}


def computed(qtbot: QtBot, dialog: StatisticsDialog) -> None:
    """Wait until the report asked for last has arrived (and nothing is computed)."""
    qtbot.waitUntil(lambda: dialog.job is None and dialog.report is not None, timeout=30_000)


def figure(dialog: StatisticsDialog, key: str) -> tuple[int, str, str]:
    """The figure's row, and its value and last year's as the table shows them."""
    row = dialog.select_figure(key)
    return row, dialog.table.item(row, 2).text(), dialog.table.item(row, 3).text()


def case_numbers(ward: Ward, ids: set[int]) -> set[str]:
    from desktop_app.db.models import RehabCase

    with ward.archive.uow() as u:
        return {u.session.get(RehabCase, i).case_number for i in ids}  # type: ignore[union-attr]


def test_the_screen_computes_recomputes_and_drills_down_to_the_cases(ward: Ward, qtbot: QtBot) -> None:
    cases = small_archive(ward.archive)
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", signed_in(ward, "records_officer"))
    qtbot.addWidget(window)
    loaded(qtbot)
    assert window.statistics_action.isVisible()
    window.statistics_action.trigger()  # 统计 → 统计分析…
    dialog = window.statistics_dialog
    assert isinstance(dialog, StatisticsDialog) and dialog.isVisible()
    computed(qtbot, dialog)
    assert dialog.report is not None and dialog.report.period == Period(2026)
    assert dialog.table.rowCount() == len(dialog.rows) >= 4
    row, value, last_year = figure(dialog, "admitted")
    assert (value, last_year) == ("4 例", "1 例")  # the discharged case and the three admitted
    assert dialog.table.item(row, 4).text() == "+3（+300.0%）"
    _row, mean_stay, _last = figure(dialog, "los_mean")
    assert mean_stay == "47 天"

    dialog.choose_period(2026, quarter=1)  # 第1季度: computed again
    computed(qtbot, dialog)
    assert dialog.report.period == Period(2026, quarter=1)
    admitted = next(f for g in dialog.report.groups for f in g.figures if f.key == "admitted")
    assert set(admitted.case_ids) == {cases["q1"], cases["q1_acute"]}
    row, value, last_year = figure(dialog, "admitted")
    assert (value, last_year) == ("2 例", "0 例")

    # A double-click (or Enter) on the figure lists exactly its cases.
    dialog.table.activated.emit(dialog.table.model().index(row, 1))
    drill = dialog.drill
    assert isinstance(drill, DrillDownDialog) and drill.isVisible()
    assert set(drill.case_ids()) == {cases["q1"], cases["q1_acute"]}
    shown = {drill.table.item(r, 0).text() for r in range(drill.table.rowCount())}
    assert shown == case_numbers(ward, {cases["q1"], cases["q1_acute"]})
    assert {drill.table.item(r, 1).text() for r in range(drill.table.rowCount())} == {"病例1", "病例2"}
    assert drill.findChild(type(dialog.stage_label), "drillSummary").text().startswith("共 2 个病例")

    # Opening a case from the list shows its workspace, as the other lists do.
    acute = drill.case_ids().index(cases["q1_acute"])
    drill.table.selectRow(acute)
    drill.open_selected()
    loaded(qtbot)
    assert window.sections.currentIndex() == CASES
    assert window.workspace.case is not None and window.workspace.case.id == cases["q1_acute"]

    # A filter narrows the figure and its cases: the acute stage only.
    dialog.stage.setCurrentIndex(dialog.stage.findData("ACUTE"))
    computed(qtbot, dialog)
    admitted = next(f for g in dialog.report.groups for f in g.figures if f.key == "admitted")
    assert admitted.case_ids == (cases["q1_acute"],)

    # The therapist filter: the one case with sessions of theirs, and the export names them.
    dialog.stage.setCurrentIndex(0)
    computed(qtbot, dialog)
    dialog.choose_period(2026)
    computed(qtbot, dialog)
    offered = {dialog.therapist.itemData(i) for i in range(1, dialog.therapist.count())}
    assert ward.archive.therapist in offered and ward.archive.officer not in offered
    dialog.therapist.setCurrentIndex(dialog.therapist.findData(ward.archive.therapist))
    computed(qtbot, dialog)
    assert dialog.report.filters.therapist == ward.archive.therapist
    assert dialog.report.filters.therapist_name == dialog.therapist.currentText()
    admitted = next(f for g in dialog.report.groups for f in g.figures if f.key == "admitted")
    assert admitted.case_ids == (cases["discharged"],)
    dialog.close()


def test_the_last_choice_wins_and_cancel_stops(ward: Ward, qtbot: QtBot) -> None:
    small_archive(ward.archive)
    dialog = StatisticsDialog(Runner(ward.engine, ward.archive.clock, ward.archive.admin))
    qtbot.addWidget(dialog)
    dialog.show()
    computed(qtbot, dialog)
    dialog.choose_period(2026, quarter=1)
    dialog.choose_period(2026, month=5)  # while the quarter may still be computed
    computed(qtbot, dialog)
    assert dialog.report is not None and dialog.report.period == Period(2026, month=5)
    assert dialog.stage_label.text().startswith("2026年5月")
    before = dialog.report
    job = dialog.reload()
    assert job is not None and dialog.cancel_button.isEnabled()
    dialog.cancel()  # stopped at its next report (or, finished meanwhile, treated as stopped)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert dialog.stage_label.text() == "已停止"
    assert dialog.report is before and dialog.xlsx_button.isEnabled()


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_and_records_officers_get_the_screen(ward: Ward, qtbot: QtBot,
                                                                 role: str) -> None:
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", user(ward, role))
    qtbot.addWidget(window)
    loaded(qtbot)
    allowed = role in ALLOWED
    assert window.statistics_action.isVisible() is allowed
    statistics_menu = window.statistics_action.associatedObjects()[-1]
    assert statistics_menu.menuAction().isVisible() is allowed  # type: ignore[union-attr]
    # The service decides whatever the menu shows.
    result = window.runner.run(statistics_reads.report_for, Period(2026))
    assert isinstance(result, AppError) is not allowed
    drill = window.runner.run(statistics_reads.cases_behind, (ward.case_id,))
    assert isinstance(drill, AppError) is not allowed


def test_the_export_writes_the_file_or_says_why_not(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    small_archive(ward.archive)
    dialog = StatisticsDialog(Runner(ward.engine, ward.archive.clock, ward.archive.officer))
    qtbot.addWidget(dialog)
    computed(qtbot, dialog)
    assert dialog.xlsx_button.isEnabled() and dialog.pdf_button.isEnabled()
    target = tmp_path / "s.xlsx"
    job = dialog.export_to(target)
    assert job is not None and not dialog.xlsx_button.isEnabled()  # one job at a time
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    # the whole file, the screen says where, and the audit trail says who wrote what
    assert dialog.exported == target and target.stat().st_size > 0
    assert str(target) in dialog.stage_label.text()
    with ward.engine.connect() as conn:
        actor, details = conn.execute(text(
            "SELECT actor_id, details FROM audit_event WHERE action = 'export' "
            "AND record_type = 'statistics'")).one()
    details = details if isinstance(details, dict) else json.loads(details)
    assert actor == ward.archive.officer
    assert details["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    missing = tmp_path / "gone" / "s.pdf"  # no such folder: said, nothing written, nothing audited
    dialog.export_to(missing)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    boxes = [b for b in dialog.findChildren(QMessageBox, "errorMessage") if b.isVisible()]
    assert dialog.exported is None and any("文件夹不存在" in b.text() for b in boxes)
    with ward.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'export' "
                                 "AND record_type = 'statistics'")).scalar_one() == 1

STARTUP = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop_app.clock import SystemClock
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import upgrade_database
from desktop_app.services.admin import setup
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.ui.shell.main_window import MainWindow

folder = Path(sys.argv[1])
engine = make_engine(f"sqlite:///{folder / 'archive.sqlite3'}")
upgrade_database(engine, folder)
with UnitOfWork(engine, clock=SystemClock()) as u:
    setup.save_institution(u, setup.InstitutionInput(name="测试康复医院", region="泸州市"))
with UnitOfWork(engine, clock=SystemClock()) as u:
    admin = setup.add_staff(u, "admin", "管理员", "admin")
app = QApplication([])
window = MainWindow(engine, SystemClock(), "测试档案", SignedIn(admin, "admin", "管理员", "admin"))
window.show()
app.processEvents()
before = sorted(m for m in sys.modules if m.startswith("desktop_app.ui.statistics"))
window.statistics_action.trigger()
app.processEvents()
after = sorted(m for m in sys.modules if m.startswith("desktop_app.ui.statistics"))
window.statistics_dialog.stop_and_wait()
print(json.dumps({"visible": window.statistics_action.isVisible(), "before": before, "after": after,
                  "charts": "PySide6.QtCharts" in sys.modules}))
"""


@pytest.mark.sqlite_only
def test_the_screen_and_its_charts_are_imported_only_when_opened(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", STARTUP, str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, check=True, timeout=120)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["visible"] is True
    assert found["before"] == []  # the main window is built and shown without them
    assert {"desktop_app.ui.statistics.statistics_dialog",
            "desktop_app.ui.statistics.charts"} <= set(found["after"])
    assert found["charts"] is False  # drawn with QPainter, no QtCharts


# ------------------------------------------------------------------ layout and screenshots

SCREENS = {"1280": QSize(1280, 640), "1366": QSize(1366, 768)}


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> str:
    if request.param == "en":
        request.getfixturevalue("english")
    return str(request.param)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("screen", SCREENS)
def test_the_screen_fits_and_shows_each_chart(ward: Ward, qtbot: QtBot, tmp_path: Path, language: str,
                                              screen: str) -> None:
    small_archive(ward.archive)
    size = SCREENS[screen]
    dialog = StatisticsDialog(Runner(ward.engine, ward.archive.clock, ward.archive.officer))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    computed(qtbot, dialog)
    assert dialog.minimumSizeHint().boundedTo(size) == dialog.minimumSizeHint(), dialog.minimumSizeHint()
    dialog.resize(size)
    assert dialog.size().boundedTo(size) == dialog.size()
    # Every column of numbers whole, heading and contents (a long name is elided, whole in
    # its tooltip).
    header = dialog.table.horizontalHeader()
    cut = [c for c in range(header.count() - 1) if c not in LABEL_CHARS
           and max(header.sectionSizeHint(c), dialog.table.sizeHintForColumn(c)) > header.sectionSize(c)]
    assert cut == []
    qtbot.wait(10)
    assert dialog.table.horizontalScrollBar().maximum() == 0  # every column in view
    kinds: dict[str, str] = {}
    assert dialog.report is not None
    for group in dialog.report.groups:  # the first chart of each kind, wherever it is
        for chart in group.series:
            if chart.kind in kinds:
                continue
            dialog.select_figure(group.figures[0].key)
            dialog.show_chart(chart.key)
            qtbot.wait(10)
            shown = dialog.series_shown()
            assert shown == chart
            marks = dialog.chart.marks()
            assert len(marks["this"]) == len(shown.points)  # every point of this period drawn
            assert all(dialog.chart.rect().contains(box.toRect().center()) for box in marks["this"])
            kinds[shown.kind] = chart.key
            keep_screenshot(dialog, f"statistics_{shown.kind}_{language}_{screen}.png", tmp_path)
    assert set(kinds) == {"trend", "comparison", "distribution"}
    # The drill-down list fits too.
    drill = dialog.drill_down(dialog.rows[dialog.select_figure("admitted")][1])
    assert drill is not None
    qtbot.waitExposed(drill)
    assert drill.minimumSizeHint().boundedTo(size) == drill.minimumSizeHint()
    keep_screenshot(drill, f"statistics_drill_{language}_{screen}.png", tmp_path)
    drill.close()
    dialog.close()


@pytest.mark.sqlite_only
def test_the_screen_in_reading_order_and_escape_closes(ward: Ward, qtbot: QtBot) -> None:
    small_archive(ward.archive)
    dialog = StatisticsDialog(Runner(ward.engine, ward.archive.clock, ward.archive.officer))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    computed(qtbot, dialog)
    assert keyboard_problems(dialog) == []
    drill = dialog.drill_down(dialog.rows[dialog.select_figure("admitted")][1])
    assert drill is not None
    qtbot.waitExposed(drill)
    assert keyboard_problems(drill) == []
    assert default_button(drill) is drill.open_button  # Enter opens the selected case
    for window in (drill, dialog):
        with qtbot.waitSignal(window.finished, timeout=1000):
            QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
        assert not window.isVisible()
