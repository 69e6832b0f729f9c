"""The claim page: the gate shown before building, a gap opening its record, the build
refused while a session is unsigned, then built and frozen after the patient signs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import Claim, RehabCase
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import list_cases
from desktop_app.ui.claims.claims_page import ClaimsPage
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.case_workspace import EXECUTION, CaseWorkspace
from tests.services.test_claims import MAY_SESSIONS, make_course
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture


def officer_page(ward: Ward, qtbot: QtBot) -> ClaimsPage:
    archive = ward.archive
    page = ClaimsPage(Runner(ward.engine, archive.clock, archive.officer),
                      SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    return page


def claims_in_db(ward: Ward) -> list[tuple[str, str]]:
    with ward.archive.uow() as u:
        return [(c.period, c.status) for c in u.session.scalars(select(Claim).order_by(Claim.id))]


def test_gate_then_build_and_finalize(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    course = make_course(archive, sign_all=False)
    unsigned = course.sessions[MAY_SESSIONS[-1]]
    page = officer_page(ward, qtbot)
    page.load(course.case_id)
    loaded(qtbot)
    assert page.period.currentData() == "discharge" and page.period.findData("2026-04") > 0
    assert "阻断" in page.verdict.text()
    assert [(g.record_type, g.record_id) for g in page.gaps if g.blocking] == [
        ("treatment_session", unsigned)]
    assert "未经患者签字确认" in page.gap_table.item(0, 1).text()
    keep_screenshot(page, "claims_page.png", tmp_path)
    with qtbot.waitSignal(page.open_record) as opened:
        page.gap_table.activated.emit(page.gap_table.model().index(0, 1))
        loaded(qtbot)
    assert opened.args == ["treatment_session", unsigned]

    page.build_button.click()  # refused by the service: nothing written
    loaded(qtbot)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "档案不完整" in boxes[0].text()
    assert claims_in_db(ward) == []

    archive.sign_as_patient([("treatment_session", unsigned)])
    page.check()
    loaded(qtbot)
    assert "可以生成申报" in page.verdict.text()
    page.build_button.click()
    loaded(qtbot)
    assert claims_in_db(ward) == [("discharge", "draft")]
    assert page.claim_table.rowCount() == 1 and page.finalize_button.isEnabled()
    assert page.claims[0].total == Decimal("2479.10")  # tests/services/test_claims.py's example
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.finalize_button.click()
    loaded(qtbot)
    assert claims_in_db(ward) == [("discharge", "final")]
    page.claim_table.selectRow(0)
    assert "冻结校验值" in page.detail.text() and not page.finalize_button.isEnabled()
    assert page.correct_button.isEnabled()


def test_the_workspace_opens_the_record_of_a_gap(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    course = make_course(archive, sign_all=False)
    unsigned = course.sessions[MAY_SESSIONS[-1]]
    workspace = CaseWorkspace(Runner(ward.engine, archive.clock, archive.officer),
                              SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(workspace)
    with archive.uow() as u:
        [row] = list_cases(u.session, archive.clock.today(), matching=RehabCase.id == course.case_id)
    workspace.show_case(row)
    loaded(qtbot)
    workspace.tabs.setCurrentWidget(workspace.claims)
    loaded(qtbot)
    workspace.claims.gap_table.activated.emit(workspace.claims.gap_table.model().index(0, 0))
    loaded(qtbot)
    assert workspace.tabs.currentIndex() == EXECUTION
    selected = workspace.execution.table.selectionModel().selectedRows()
    assert [workspace.execution.model.rows[i.row()].session_id for i in selected] == [unsigned]
    assert workspace.claims.build_button.isEnabled() is not False  # officers build


def test_a_therapist_sees_the_gate_but_cannot_build(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    course = make_course(archive)
    page = ClaimsPage(Runner(ward.engine, archive.clock, archive.therapist),
                      SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(page)
    page.load(course.case_id)
    loaded(qtbot)
    assert "可以生成申报" in page.verdict.text()
    assert not page.build_button.isEnabled()


def test_terms_and_course_end_dialogs(ward: Ward, qtbot: QtBot) -> None:
    """The page shows the pack and terms; the terms dialog offers only the pack's methods;
    the course-end dialog records the end and the subsidy date through the services."""
    archive = ward.archive
    course = make_course(archive)
    page = officer_page(ward, qtbot)
    page.load(course.case_id)
    loaded(qtbot)
    assert "泸州市工伤康复管理暂行办法" in page.terms_label.text()
    assert "第二十八条" in page.terms_label.text()
    dialog = page.edit_terms()
    assert dialog is not None
    methods = [dialog.method.itemData(i) for i in range(dialog.method.count())]
    assert methods == ["per_item"]  # Luzhou Art. 28
    dialog.rate.setText("320.00")
    dialog.save()  # per item takes no rate: stored without one
    loaded(qtbot)
    with archive.uow() as u:
        case = u.session.get(RehabCase, course.case_id)
        assert case is not None and case.payment_method == "per_item"

    from desktop_app.ui.claims.case_terms_dialog import CourseEndDialog
    from desktop_app.ui.intake.fields import set_date

    # the course end is the physician's (like the discharge)
    ends = CourseEndDialog(Runner(ward.engine, archive.clock, archive.physician), course.case_id)
    qtbot.addWidget(ends)
    set_date(ends.ended_on, archive.clock.today())  # not before the discharge: refused
    ends.save_course_end()
    loaded(qtbot)
    shown = [b.text() for b in ends.findChildren(QMessageBox) if b.isVisible()]
    assert shown and "须早于出院日期" in shown[-1]
    set_date(ends.ended_on, MAY_SESSIONS[0])
    ends.cause.setCurrentIndex(ends.cause.findData("worker_refused"))
    loaded(qtbot)
    ends.save_course_end()
    loaded(qtbot)
    # the subsidy date is the records officer's, from the claims page
    subsidy = page.edit_course_end()
    assert subsidy is not None
    set_date(subsidy.subsidy_on, MAY_SESSIONS[-1])
    subsidy.save_subsidy()
    loaded(qtbot)
    with archive.uow() as u:
        case = u.session.get(RehabCase, course.case_id)
        assert case is not None
        assert (case.course_ended_on, case.overstay_cause) == (MAY_SESSIONS[0], "worker_refused")
        assert case.injury.one_off_medical_subsidy_date == MAY_SESSIONS[-1]
