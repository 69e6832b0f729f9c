"""The discharge page: the post assessment and every record awaiting a signature are
listed; the physician discharges (bad input inline, nothing saved); archiving is a second,
confirmed step that the service refuses while anything is unsigned, and that locks the
case once everything is signed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.db.models import Assessment, Institution, RehabCase, RetentionRecord
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.integrity import signing
from desktop_app.ui.clinical.discharge import DischargePage
from tests.archive_fixture import ADMISSION
from tests.services.test_assessment_view import stalled_case
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

USERS = {"physician": ("doc", "王医生"), "records_officer": ("ro", "孙档案员")}


def discharge_page(ward: Ward, qtbot: QtBot, role: str) -> DischargePage:
    user_id = ward.archive.physician if role == "physician" else ward.archive.officer
    username, name = USERS[role]
    page = DischargePage(ward.runner.as_actor(user_id), SignedIn(user_id, username, name, role))
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    return page


def choose_outcome(page: DischargePage, destination: str, work: str, satisfaction: int | None = None) -> None:
    page.destination.setCurrentIndex(page.destination.findData(destination))
    page.work.setCurrentIndex(page.work.findData(work))
    page.satisfaction.setCurrentIndex(page.satisfaction.findData(satisfaction) if satisfaction else 0)


def case_state(ward: Ward, case_id: int) -> tuple[str, str, str | None]:
    with Session(ward.engine) as session:
        case = session.get(RehabCase, case_id)
        assert case is not None
        return case.status, case.record_state, case.end_reason


def messages(widget: QWidget) -> list[str]:
    return [b.text() for b in widget.findChildren(QMessageBox)
            if b.isVisible() and b.objectName() == "errorMessage"]


def confirm_archive(qtbot: QtBot, page: DischargePage) -> None:
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.confirm is not None and page.confirm_archive_button is not None
    qtbot.waitExposed(page.confirm)
    assert "归档病例" in page.confirm.text()
    qtbot.mouseClick(page.confirm_archive_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)


def test_pending_signatures_block_archiving_until_signed(ward: Ward, qtbot: QtBot,
                                                         tmp_path: Path) -> None:
    archive = ward.archive
    case_id, assessment_ids = stalled_case(archive)
    session_id = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    doctor = discharge_page(ward, qtbot, "physician")
    doctor.load(case_id)
    loaded(qtbot)
    assert "康复中" in doctor.state.text() and "张三" in doctor.state.text()
    assert "康复后评估 2 次" in doctor.post.text() and "待签名" in doctor.post.text()
    assert doctor.suggestion.isVisible()  # BI and BBS have stalled
    assert doctor.pending_note.text() == "待签名记录 7 项（归档前须全部签名）"
    kinds = [doctor.pending.item(r, 0).text() for r in range(doctor.pending.rowCount())]
    assert kinds == ["治疗方案", "治疗记录", "评估", "评估", "评估", "评估", "评估"]
    assert "康复前评估" in doctor.pending.item(2, 1).text()
    assert "待签名" in doctor.pending.item(0, 2).text()
    assert doctor.discharge_button.isEnabled() and not doctor.archive_button.isEnabled()

    doctor.reason.setCurrentIndex(doctor.reason.findData("no_further_benefit"))
    loaded(qtbot)
    day = ADMISSION + timedelta(days=38)
    doctor.discharge_date.setDate(QDate(day.year, day.month, day.day))
    type_chinese(doctor.note, "评估无进一步改善")
    choose_outcome(doctor, "other_institution", "not_working", 3)
    keep_screenshot(doctor, "discharge.png", tmp_path)
    qtbot.keyClick(doctor.note, Qt.Key.Key_Return)  # Enter discharges
    loaded(qtbot)
    assert case_state(ward, case_id) == ("discharged", "draft", "no_further_benefit")
    assert doctor.outcome.isVisible() and "已办理出院" in doctor.outcome.text()
    assert "已出院" in doctor.state.text() and not doctor.discharge_button.isEnabled()
    assert "去向：转其他医疗/康复机构" in doctor.state.text() and "就业状况：未就业" in doctor.state.text()
    with Session(ward.engine) as session:
        case = session.get(RehabCase, case_id)
        assert case is not None and (case.discharge_destination, case.return_to_work,
                                     case.discharge_satisfaction) == ("other_institution", "not_working", 3)

    officer = discharge_page(ward, qtbot, "records_officer")
    officer.load(case_id)
    loaded(qtbot)
    assert officer.archive_button.isEnabled() and not officer.discharge_button.isEnabled()
    confirm_archive(qtbot, officer)
    shown = messages(officer)
    assert shown and "尚有未签名的记录" in shown[0]
    assert case_state(ward, case_id)[1] == "draft"
    with Session(ward.engine) as session:
        assert session.scalars(select(RetentionRecord)).all() == []
        plan = current_plan(session, case_id)
        assert plan is not None
        plan_id = plan.id

    archive.sign_as_patient([("treatment_plan", plan_id)])
    archive.sign_as_patient([("treatment_session", session_id)])
    archive.sign_as_therapist([session_id])  # 实施人签名 too, or the case cannot be archived
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("assessment", i) for i in assessment_ids], "assessor_signs",
                     signing.Signer("staff", staff_user_id=archive.physician, password=PASSWORDS["doc"]))
        loaded(qtbot)
    for box in officer.findChildren(QMessageBox):
        box.close()
    officer.load(case_id)
    loaded(qtbot)
    assert officer.pending_note.text().startswith("没有待签名的记录") and not officer.pending.isVisible()
    confirm_archive(qtbot, officer)
    assert messages(officer) == []
    assert case_state(ward, case_id) == ("discharged", "archived", "no_further_benefit")
    with Session(ward.engine) as session:
        record = session.scalars(select(RetentionRecord)).one()
        assert record.record_id == case_id and record.retention_start == day
        assert record.retain_until.year - day.year >= 30
    assert officer.archive_result.isVisible() and "已归档" in officer.archive_result.text()
    assert "已归档" in officer.state.text() and not officer.archive_button.isEnabled()


def test_bad_discharge_date_inline_and_nothing_saved_then_warned_without_post(
        ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.admitted_case()
    page = discharge_page(ward, qtbot, "physician")
    page.load(case_id)
    loaded(qtbot)
    assert "缺少康复后评估" in page.post.text() and not page.suggestion.isVisible()
    before = ADMISSION - timedelta(days=1)
    page.discharge_date.setDate(QDate(before.year, before.month, before.day))
    qtbot.mouseClick(page.discharge_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.form_error.isVisible() and "出院" in page.form_error.text()
    assert case_state(ward, case_id) == ("admitted", "draft", None)
    assert page.discharge_date.property("invalid") is True
    # Where the worker goes and their work status are chosen, never defaulted.
    assert page.destination.property("invalid") is True and page.work.property("invalid") is True
    assert "出院去向" in page.form_error.text() and "就业状况" in page.form_error.text()
    choose_outcome(page, "home", "same_job")
    page.reason.setCurrentIndex(page.reason.findData("non_cooperation"))
    loaded(qtbot)
    # Luzhou has no written-notice rule: the national regulation's Art. 42(3), no Beijing text
    note = page.reason_note.text()
    assert page.reason_note.isVisible() and "第四十二条" in note
    assert "北京" not in note and "书面通知" not in note
    page.discharge_date.setDate(QDate(2026, 5, 20))
    qtbot.mouseClick(page.discharge_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert case_state(ward, case_id) == ("discharged", "draft", "non_cooperation")
    assert not page.form_error.isVisible()
    assert "尚无康复后评估" in page.outcome.text()  # the service's warning, shown
    with Session(ward.engine) as session:
        assert session.scalars(select(Assessment)).all() == []


def test_cancelling_the_confirmation_archives_nothing(ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.discharged_case()  # everything signed
    page = discharge_page(ward, qtbot, "records_officer")
    page.load(case_id)
    loaded(qtbot)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.confirm is not None
    page.confirm.reject()
    assert case_state(ward, case_id)[1] == "draft"
    confirm_archive(qtbot, page)
    assert case_state(ward, case_id)[1] == "archived"


def test_non_cooperation_needs_a_written_notice_only_under_beijing(ward: Ward, qtbot: QtBot) -> None:
    with Session(ward.engine) as session, session.begin():  # before the case is approved
        session.execute(update(Institution).values(policy_region="beijing"))
    case_id = ward.archive.admitted_case()
    page = discharge_page(ward, qtbot, "physician")
    page.load(case_id)
    loaded(qtbot)
    page.reason.setCurrentIndex(page.reason.findData("non_cooperation"))
    loaded(qtbot)
    note = page.reason_note.text()
    assert "书面通知" in note and "北京市工伤康复管理暂行办法" in note and "第十四条第一款" in note
    assert "泸州" not in note
    page.reason.setCurrentIndex(page.reason.findData("no_further_benefit"))
    loaded(qtbot)
    assert "泸州" not in page.reason_note.text()  # Beijing is silent: the institution's setting
