"""The assessments page: a scoring form generated from the instrument definition (only
allowed values offered), the total and grade computed live, bad input refused inline with
nothing saved, and the assessor signing each saved assessment with their password."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Assessment, Signature
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.clinical.assessments import AWAITING, AssessmentsPage
from desktop_app.ui.clinical.outcome_report import OutcomeReportPage
from tests.archive_fixture import ADMISSION
from tests.services.test_assessment_view import bi_values
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def page_for(ward: Ward, qtbot: QtBot, role: str = "physician") -> AssessmentsPage:
    archive = ward.archive
    user_id = archive.physician if role == "physician" else archive.officer
    user = SignedIn(user_id, "doc" if role == "physician" else "ro", "王医生", role)
    page = AssessmentsPage(ward.runner.as_actor(user_id), user)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def fill(page: AssessmentsPage, values: dict[str, object]) -> None:
    assert page.items is not None
    for key, value in values.items():
        widget = page.items.inputs[key]
        if isinstance(widget, QSpinBox):
            widget.setValue(int(value))  # type: ignore[call-overload]
        else:
            assert isinstance(widget, QComboBox)
            choose(widget, value)


def stored(ward: Ward) -> list[tuple[str, str, date, int | None, str | None, str, str | None]]:
    with Session(ward.engine) as session:
        return [(a.phase, a.instrument_code, a.assessed_on, a.total, a.grade, a.record_state,
                 a.conclusion) for a in session.scalars(select(Assessment).order_by(Assessment.id))]


def enter_assessment(ward: Ward, qtbot: QtBot, page: AssessmentsPage, phase: str, day: date,
                     total: int, conclusion: str) -> None:
    choose(page.phase, phase)
    page.assessed_on.setDate(QDate(day.year, day.month, day.day))
    fill(page, bi_values(total))
    type_chinese(page.conclusion, conclusion)
    qtbot.keyClick(page.conclusion, Qt.Key.Key_Return)  # Enter saves
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and "评估" in dialog.summary.item(0).text()
    qtbot.waitExposed(dialog)
    assert dialog.meaning.text() == "评估人签名"
    type_into(qtbot, dialog.password, PASSWORDS["doc"], enter=True)
    loaded(qtbot)


def test_pre_and_post_through_the_generated_form_and_the_assessor_signs(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id = ward.archive.admitted_case()
    page = page_for(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    assert page.code == "BI" and page.items is not None
    feeding = page.items.inputs["feeding"]
    assert isinstance(feeding, QComboBox)
    assert [feeding.itemData(i) for i in range(feeding.count())] == [None, 0, 5, 10]  # only these
    assert len(page.items.inputs) == 10

    # Incomplete: said inline, nothing saved.
    choose(page.phase, "pre")
    page.assessed_on.setDate(QDate(ADMISSION.year, ADMISSION.month, ADMISSION.day))
    fill(page, {"feeding": 5, "bathing": 0})
    assert page.live.text() == "小计 5（8 项未评）"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.form_error.isVisible() and "此项未评分" in page.form_error.text()
    assert page.dialog is None and stored(ward) == []
    assert page.items.inputs["grooming"].property("invalid") is True  # unscored items outlined
    assert page.items.inputs["feeding"].property("invalid") is False

    # A value the instrument does not allow (the form never offers it; forged here): the
    # service refuses it too.
    fill(page, bi_values(40))
    feeding.addItem("7", 7)
    choose(feeding, 7)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "“7”不是允许的分值" in page.form_error.text()
    assert stored(ward) == []
    feeding.removeItem(feeding.count() - 1)

    page.items.clear()
    fill(page, bi_values(40))
    assert page.live.text() == "总分 40　分级 重度依赖"
    page.items.clear()
    enter_assessment(ward, qtbot, page, "pre", ADMISSION, 40, "日常生活重度依赖")
    assert not page.form_error.isVisible() and feeding.property("invalid") is False
    post_day = ADMISSION + timedelta(days=40)
    choose(page.phase, "post")
    page.assessed_on.setDate(QDate(post_day.year, post_day.month, post_day.day))
    fill(page, bi_values(70))
    assert page.live.text() == "总分 70　分级 轻度依赖"
    qtbot.wait(20)  # let the layout drop the hidden error line
    keep_screenshot(page, "assessments.png", tmp_path)
    page.items.clear()
    enter_assessment(ward, qtbot, page, "post", post_day, 70, "轻度依赖，可出院")

    assert stored(ward) == [
        ("pre", "BI", ADMISSION, 40, "重度依赖", "signed", "日常生活重度依赖"),
        ("post", "BI", post_day, 70, "轻度依赖", "signed", "轻度依赖，可出院")]
    with Session(ward.engine) as session:
        signatures = session.scalars(select(Signature)).all()
        assert [(s.meaning, s.staff_user_id, s.method) for s in signatures] == [
            ("assessor_signs", ward.archive.physician, "password")] * 2
    assert page.model.rowCount() == 2
    assert [page.model.index(r, 6).data() for r in range(2)] == ["已签名", "已签名"]
    assert page.model.index(1, 3).data() == "70" and page.model.index(1, 4).data() == "轻度依赖"
    assert page.note.text() == "共 2 次评估；待签名 0 次"

    report = OutcomeReportPage(ward.runner.as_actor(ward.archive.physician),
                               SignedIn(ward.archive.physician, "doc", "王医生", "physician"))
    qtbot.addWidget(report)
    report.resize(1000, 600)
    report.show()
    report.load(case_id)
    loaded(qtbot)
    cells = [report.table.item(0, c).text() for c in range(6)]
    assert cells[1:] == ["40", "—", "70", "+30", "重度依赖 → 轻度依赖"]
    assert [len(points) for points in report.chart.plot_points().values()] == [2]
    assert not report.notice.isVisible()  # still improving


def test_an_unsigned_assessment_stands_out_and_is_signed_later(ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.admitted_case()
    page = page_for(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    fill(page, bi_values(50))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None
    page.dialog.reject()  # not now
    assert page.model.index(0, 6).data() == "待签名"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == AWAITING
    with Session(ward.engine) as session:
        assessment_id = session.scalars(select(Assessment.id)).one()
    page.table.clearSelection()
    page.select_record("assessment", assessment_id)  # as a claim gap opens it
    assert page.selected_ids() == [assessment_id]
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.password, "wrong-password", enter=True)
    loaded(qtbot)
    assert dialog.isVisible() and [row[5] for row in stored(ward)] == ["draft"]
    type_into(qtbot, dialog.password, PASSWORDS["doc"], enter=True)
    loaded(qtbot)
    assert [row[5] for row in stored(ward)] == ["signed"]
    assert page.model.index(0, 6).data() == "已签名"


def test_long_ranges_are_bounded_spin_boxes_and_per_muscle_grades_offer_only_the_grades(
        ward: Ward, qtbot: QtBot) -> None:
    page = page_for(ward, qtbot)
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    choose(page.instrument, "FMA")
    assert page.items is not None
    upper = page.items.inputs["motor_UE"]
    assert isinstance(upper, QSpinBox) and (upper.minimum(), upper.maximum()) == (-1, 66)
    assert upper.text() == "—"
    upper.selectAll()
    qtbot.keyClicks(upper, "99")
    assert upper.value() <= 66  # the spin box takes no value beyond the subscale
    choose(page.instrument, "MAS")
    assert page.items.open_rows and page.items.add_row_button is not None
    _, grade = page.items.open_rows[0]
    assert [grade.itemText(i) for i in range(grade.count())] == ["—", "0", "1", "1+", "2", "3", "4"]
    choose(page.instrument, "MMSE")
    assert page.scheme.currentData() is None and page.scheme.count() == 4  # education first
    choose(page.instrument, "GCS")
    verbal = page.items.inputs["V"]
    assert isinstance(verbal, QComboBox) and verbal.itemData(verbal.count() - 1) == "NT"


def test_a_records_officer_cannot_record(ward: Ward, qtbot: QtBot) -> None:
    page = page_for(ward, qtbot, role="records_officer")
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    assert not page.save_button.isEnabled()
    fill(page, bi_values(50))
    qtbot.keyClick(page.conclusion, Qt.Key.Key_Return)
    loaded(qtbot)
    assert stored(ward) == []
