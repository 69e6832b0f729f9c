"""Words for people (issue 20, item 6): the export dialog says 完整性校验包 and 数字签名, starts
in the user's Documents folder and remembers their choice, and delivers the binder in a
folder named for the patient, the case and the day; the assessment page names grading
schemes and items in Chinese and starts a new form on the phase that is due; the score
chart plots instruments of different ranges as percentages of their range."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.clock import CHINA
from desktop_app.domain.assessment_phase import PhaseFacts, due_phase
from desktop_app.domain.file_names import is_safe_name
from desktop_app.paths import read_preferences
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.assessment_view import ScoreSeries
from desktop_app.ui.clinical.assessments import AssessmentsPage
from desktop_app.ui.clinical.chart_scale import needs_percent, percent_of_range
from desktop_app.ui.clinical.score_chart import ScoreChart
from desktop_app.ui.kit.fonts import install_cjk_font
from desktop_app.ui.records.package_export import (
    FOLDERS,
    ExportDialog,
    binder_export_dialog,
    documents_folder,
    export_folder,
)
from tests.archive_fixture import ADMISSION, PERIOD_TO
from tests.services.test_assessment_view import assess, bbs, bi_values
from tests.ui.test_claims_export import final_claim, run_export
from tests.ui.test_claims_page import officer_page
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


# ------------------------------------------------------------------- the score chart

def two_instruments() -> list[ScoreSeries]:
    """BI 56 of 0–100 and BBS 50 of 0–56: raw, the better balance would sit lower."""
    return [ScoreSeries("BI", "BI Barthel指数", ((date(2026, 4, 3), 40), (date(2026, 5, 3), 56))),
            ScoreSeries("BBS", "BBS Berg平衡量表", ((date(2026, 4, 3), 30), (date(2026, 5, 3), 50)))]


def test_percent_of_range() -> None:
    assert percent_of_range(28, 0, 56) == 50 and percent_of_range(56, 0, 56) == 100
    assert percent_of_range(9, 3, 15) == 50  # GCS starts at 3
    assert percent_of_range(5, 5, 5) == 0
    assert needs_percent([(0, 100), (0, 56)]) and not needs_percent([(0, 100), (0, 100)])


def test_instruments_of_different_ranges_are_plotted_as_percent_of_range(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    install_cjk_font(qapp)  # the screenshot shows Chinese, not boxes
    chart = ScoreChart()
    qtbot.addWidget(chart)
    chart.resize(760, 380)
    chart.set_series(two_instruments())
    chart.show()
    frame = chart.frame()
    assert frame is not None and chart.percent
    assert (frame.y_axis.low, frame.y_axis.high) == (0, 100)  # not BI's raw 0–56 of the data
    points = chart.plot_points()
    bi_last, bbs_last = points["BI"][-1], points["BBS"][-1]
    # BBS 50/56 = 89 % sits above BI 56/100 (a raw axis put it below: 50 < 56).
    assert bbs_last.y() < bi_last.y()
    height = frame.plot.height()
    assert abs(bi_last.y() - (frame.plot.bottom() - height * 0.56)) < 0.5
    assert abs(bbs_last.y() - (frame.plot.bottom() - height * 50 / 56)) < 0.5
    assert chart.legend_label(chart.series[1]) == "BBS Berg平衡量表（0–56 分）"
    assert chart.y_title() == "占量表分值范围 %"
    tip = chart.tip_at(bbs_last + QPointF(2, -1))
    assert tip is not None and "总分 50" in tip and "0–56 分" in tip and "89%" in tip
    assert chart.tip_at(QPointF(1, 1)) is None
    keep_screenshot(chart, "score_chart_percent.png", tmp_path)


def test_one_instrument_keeps_its_raw_totals(qtbot: QtBot) -> None:
    chart = ScoreChart()
    qtbot.addWidget(chart)
    chart.resize(600, 320)
    chart.set_series(two_instruments()[:1])
    frame = chart.frame()
    assert frame is not None and not chart.percent and chart.y_title() == "总分"
    assert chart.legend_label(chart.series[0]) == "BI Barthel指数"
    tip = chart.tip_at(chart.plot_points()["BI"][0])
    assert tip is not None and "总分 40" in tip and "%" not in tip


# ---------------------------------------------------------------- the assessment page

def assessment_page(ward: Ward, qtbot: QtBot, case_id: int) -> AssessmentsPage:
    archive = ward.archive
    page = AssessmentsPage(ward.runner.as_actor(archive.physician),
                           SignedIn(archive.physician, "doc", "王医生", "physician"))
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.load(case_id)
    loaded(qtbot)
    return page


def choose_instrument(page: AssessmentsPage, code: str) -> None:
    page.instrument.setCurrentIndex(page.instrument.findData(code))


def test_due_phase_rules() -> None:
    today = date(2026, 6, 1)
    open_course = PhaseFacts(ADMISSION, PERIOD_TO)
    assert due_phase(set(), open_course, today) == "pre"
    assert due_phase({"pre"}, open_course, today) == "mid"
    assert due_phase({"pre", "mid"}, open_course, today) == "mid"  # not 康复前 again
    assert due_phase({"pre", "mid"}, open_course, PERIOD_TO - timedelta(days=5)) == "post"
    assert due_phase({"pre"}, PhaseFacts(ADMISSION, PERIOD_TO, discharge_date=today), today) == "post"
    assert due_phase({"pre"}, PhaseFacts(ADMISSION, PERIOD_TO, course_ended_on=today), today) == "post"
    assert due_phase(set(), PhaseFacts(None, PERIOD_TO), PERIOD_TO) == "pre"  # not admitted yet


def test_the_form_starts_on_the_phase_that_is_due(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    page = assessment_page(ward, qtbot, case_id)
    assert page.code == "BI" and page.phase.currentData() == "pre"  # nothing yet
    assess(archive, case_id, "pre", ADMISSION, "BI", bi_values(40))
    assess(archive, case_id, "mid", ADMISSION + timedelta(days=20), "BI", bi_values(60))
    page.reload()
    loaded(qtbot)
    assert page.phase.currentData() == "mid"  # pre and mid exist: not 康复前 again
    choose_instrument(page, "BBS")
    assert page.phase.currentData() == "pre"  # BBS has no baseline yet
    choose_instrument(page, "BI")
    assert page.phase.currentData() == "mid"
    # The assessor's own choice stays while they switch instruments.
    page.phase.setCurrentIndex(page.phase.findData("other"))
    choose_instrument(page, "BBS")
    page.reload()
    loaded(qtbot)
    assert page.phase.currentData() == "other"
    # The approved period's last week: the discharge assessment is due.
    archive.clock.current = datetime(2026, 6, 26, 9, 0, tzinfo=CHINA)
    page.load(case_id)
    loaded(qtbot)
    assert page.phase.currentData() == "post"


def test_schemes_and_items_are_named_in_chinese(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    assess(archive, case_id, "pre", ADMISSION, "BI", bi_values(40))
    assess(archive, case_id, "pre", ADMISSION, "BBS", bbs(30))
    page = assessment_page(ward, qtbot, case_id)
    choose_instrument(page, "BI")
    schemes = [page.scheme.itemText(i) for i in range(page.scheme.count())]
    assert schemes[0].startswith("护理依赖程度") and "五级分法（教科书）" in schemes
    assert not [s for s in schemes if set(LATIN_WORD.findall(s)) - {"WS", "Barthel"}]
    assert page.scheme.currentData().startswith("nursing_dependency")  # stored as before
    choose_instrument(page, "BBS")
    assert page.scheme.currentText() == "跌倒风险" and page.scheme.currentData() == "fall_risk"
    tip = page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "进食 10" in tip and "feeding" not in tip
    assert "护理依赖程度" in tip and "nursing_dependency" not in tip
    choose_instrument(page, "BI")
    keep_screenshot(page, "assessments_scheme_names.png", tmp_path)


# ------------------------------------------------------------------ the export dialog

@pytest.fixture
def own_preferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_the_export_dialog_speaks_plainly_and_starts_in_documents(
        ward: Ward, qtbot: QtBot, own_preferences: Path, tmp_path: Path) -> None:
    case_id = ward.archive.archived_case()
    dialog = binder_export_dialog(ward.runner.as_actor(ward.archive.officer), case_id, "张三", None)
    qtbot.addWidget(dialog)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert dialog.folder.text() == (documents or str(Path.home())) == str(documents_folder())
    assert "rehab" not in dialog.folder.text().lower()  # not the app's hidden data folder
    words = " ".join(w.text() for w in dialog.findChildren(type(dialog.sign))) + " ".join(
        label.text() for label in dialog.findChildren(type(dialog.stage)))
    assert "数字签名" in dialog.sign.text() and "完整性校验包" in words
    assert not re.search(r"BagIt|PAdES|SHA|哈希", words)
    dialog.show()
    keep_screenshot(dialog, "export_dialog_words.png", tmp_path)


@pytest.mark.sqlite_only  # what the dialog names and remembers, not the database
def test_the_binder_is_delivered_in_a_folder_named_for_people_and_the_folder_is_remembered(
        ward: Ward, qtbot: QtBot, own_preferences: Path) -> None:
    archive = ward.archive
    case_id = archive.archived_case()
    runner = ward.runner.as_actor(archive.officer)
    dialog = binder_export_dialog(runner, case_id, "张三", None)
    qtbot.addWidget(dialog)
    chosen = own_preferences / "给档案室"
    chosen.mkdir()
    result = run_export(qtbot, dialog, chosen)
    folder = result.folder.parent
    today = archive.clock.today().isoformat()
    assert folder.parent == chosen and is_safe_name(folder.name)
    assert re.fullmatch(rf"{archive.patient_name()}_GS\d{{4}}-\d+_病例档案_{today}", folder.name), folder.name
    assert result.zip_path.parent == folder and result.name.startswith("archive-")  # machine name inside
    assert read_preferences()[FOLDERS] == {str(archive.officer): str(chosen)}
    again = binder_export_dialog(runner, case_id, "张三", None)
    qtbot.addWidget(again)
    assert again.folder.text() == str(chosen) == str(export_folder(archive.officer))
    other = binder_export_dialog(ward.runner.as_actor(archive.admin), case_id, "张三", None)
    qtbot.addWidget(other)
    assert other.folder.text() == str(documents_folder())  # per user
    assert isinstance(other, ExportDialog)


@pytest.mark.sqlite_only  # the delivered folder's name, not the database
def test_a_claim_is_delivered_in_a_folder_named_for_people(ward: Ward, qtbot: QtBot,
                                                           own_preferences: Path) -> None:
    case_id, claim_id = final_claim(ward)
    page = officer_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    dialog = page.export()
    assert dialog is not None and "完整性校验包" in dialog.findChildren(QLabel)[0].text()
    result = run_export(qtbot, dialog, own_preferences / "out")
    assert result.folder.parent.parent == own_preferences / "out"
    assert re.fullmatch(r"张三_GS\d{4}-\d+_结算申报_2026-04", result.folder.parent.name), result.folder
    assert "结算申报" not in result.name  # the package inside keeps its machine name
