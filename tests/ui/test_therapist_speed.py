"""Issue 20, a therapist's speed, at the screens: the session's parameters in the recording
form, 记录多项 (several items for one patient, all or none), the prescription counts
coloured at 80 % and 100 % with words beside the colour, and 打印今日治疗单 on the home screen."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.clock import CHINA, FixedClock, china_datetime
from desktop_app.db.models import TreatmentSession
from desktop_app.domain.session_params import LEVEL_COLOURS
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.ui.clinical.count_marks import mark_count_cell
from desktop_app.ui.clinical.execution_sheet import ExecutionSheetPage
from desktop_app.ui.clinical.prescriptions import COUNT_COLUMN, PrescriptionsPage
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.home_view import HomeView
from tests.services.test_session_parameters import prescribed_case
from tests.services.test_worklist_search import TODAY
from tests.ui.test_claims_export import opened
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["opened", "ward"]  # the fixtures
ORANGE, RED = QColor(LEVEL_COLOURS["near"]), QColor(LEVEL_COLOURS["full"])


def sheet(ward: Ward, qtbot: QtBot) -> ExecutionSheetPage:
    archive = ward.archive
    page = ExecutionSheetPage(Runner(ward.engine, archive.clock, archive.therapist),
                              SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    return page


def stored(ward: Ward) -> list[tuple[str, int, str, str, int | None, str | None, str | None]]:
    with ward.archive.uow() as u:
        return [(r.item_name, r.count, f"{r.started_at.astimezone(CHINA):%H:%M}",
                 f"{r.ended_at.astimezone(CHINA):%H:%M}", r.duration_minutes, r.treated_body_part,
                 r.reaction)
                for r in u.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id))]


def test_several_items_for_one_patient_in_one_step(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id = prescribed_case(ward.archive)
    page = sheet(ward, qtbot)
    page.load(case_id, "张三")
    loaded(qtbot)
    assert page.item.count() == 2 and "已做/处方 0/10" in page.item.itemText(0)

    dialog = page.open_several()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    first, second = dialog.rows
    assert first.tick.isChecked() and second.tick.isChecked()  # both assigned to this therapist
    first.params.duration.setValue(20)
    type_chinese(first.params.body_part, "右膝")
    first.params.reaction.setCurrentIndex(first.params.reaction.findData("fatigue"))
    second.params.duration.setValue(25)
    second.count.setValue(6)  # 6 of 5 prescribed: beyond the prescription, needs a reason
    # Ending now (09:00, the fixture clock): 08:15–08:35 and 08:35–09:00.
    assert dialog.start.time() == QTime(8, 15)
    assert "08:35–09:00" in dialog.slots.text()
    keep_screenshot(dialog, "several_sessions.png", tmp_path)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert stored(ward) == []  # all or none: the first item is not recorded either
    assert dialog.isVisible() and "【作业疗法】" in dialog.error.text()
    assert dialog.reason.isVisible()

    second.count.setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.several_dialog is None  # closed once recorded
    assert stored(ward) == [("运动疗法", 1, "08:15", "08:35", 20, "右膝", "fatigue"),
                            ("作业疗法", 1, "08:35", "09:00", 25, None, None)]
    assert page.model.rowCount() == 2
    assert page.model.index(0, 2).data() == "运动疗法 · 20 分钟；右膝；轻度疲劳"
    assert "已做/处方 1/10" in page.item.itemText(0)


def test_the_form_records_the_parameters_and_refuses_a_bad_duration(ward: Ward, qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    case_id = prescribed_case(ward.archive)
    page = sheet(ward, qtbot)
    page.load(case_id, "张三")
    loaded(qtbot)
    page.params.duration.setValue(45)  # the slot is 08:30–09:00
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert stored(ward) == [] and "治疗时长" in page.form_error.text()
    page.params.duration.setValue(30)
    type_chinese(page.params.intensity, "中等")
    page.params.reaction.setCurrentIndex(page.params.reaction.findData("other"))
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert stored(ward) == [] and "反应为“其他”时须说明" in page.form_error.text()
    type_chinese(page.params.note, "头晕")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert stored(ward) == [("运动疗法", 1, "08:30", "09:00", 30, None, "other")]
    assert page.params.duration.value() == 0 and page.params.note.text() == ""  # cleared for the next
    keep_screenshot(page, "execution_sheet_parameters.png", tmp_path)


def test_counts_are_coloured_with_words_beside_the_colour(ward: Ward, qtbot: QtBot, opened: list[str],
                                                          tmp_path: Path) -> None:
    archive = ward.archive
    case_id = prescribed_case(archive)  # 作业疗法: 5 prescribed
    ot = archive.codes["作业疗法"]
    for n in range(4):  # 4 of 5: 80 %
        start = china_datetime(TODAY - timedelta(days=n + 1), 14)
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, case_id, archive.session(
                TODAY, national_code=ot, started_at=start, ended_at=start + timedelta(minutes=30)))
    view = HomeView(Runner(ward.engine, FixedClock(china_datetime(TODAY, 12)), archive.therapist),
                    archive.therapist, "therapist")
    qtbot.addWidget(view)
    view.resize(1280, 640)
    view.show()
    loaded(qtbot)
    counts = {view.work.item(r, 3).text(): view.work.item(r, 7) for r in range(view.work.rowCount())}
    assert counts["运动疗法"].text() == "0/10"
    assert counts["作业疗法"].text() == "4/5 ▲"
    assert counts["作业疗法"].foreground().color() == ORANGE
    assert "将满，剩 1 次" in counts["作业疗法"].toolTip()
    keep_screenshot(view, "home_counts.png", tmp_path)

    prescriptions = PrescriptionsPage(ward.runner.as_actor(archive.physician),
                                      SignedIn(archive.physician, "doc", "王医生", "physician"))
    qtbot.addWidget(prescriptions)
    prescriptions.load(case_id)
    loaded(qtbot)
    shown = {prescriptions.model.index(r, 1).data(): prescriptions.model.index(r, COUNT_COLUMN)
             for r in range(prescriptions.model.rowCount())}
    assert shown["作业疗法"].data() == "4/5 ▲" and shown["运动疗法"].data() == "0/10"
    assert shown["作业疗法"].data(Qt.ItemDataRole.ForegroundRole) == ORANGE
    assert "将满" in shown["作业疗法"].data(Qt.ItemDataRole.ToolTipRole)
    assert shown["运动疗法"].data(Qt.ItemDataRole.ForegroundRole) is None

    cell = QTableWidgetItem()
    mark_count_cell(cell, 63, 40)
    assert (cell.text(), cell.foreground().color()) == ("63/40 ■", RED)
    assert "已满，超 23 次" in cell.toolTip()

    qtbot.mouseClick(view.daily_sheet, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.daily_sheet.printed is not None, timeout=20_000)
    assert view.daily_sheet.printed is not None and view.daily_sheet.printed.patients == 1
    assert opened and opened[-1].endswith("治疗单-李治疗师-2026-06-01.pdf")
    text = subprocess.run(["pdftotext", "-layout", opened[-1], "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "张三" in text and "4/5" in text and "1 将满" in text
