"""Issue 4's whole path through the widgets of the main window, on the three kinds of ward
PC: intake → approval → admission (records officer) → plan signed by the patient on the
pad, prescription signed by the physician, pre assessment → ten sessions recorded from
the therapist's worklist, each day signed by the patient → mid and post assessments →
discharge (physician) → archived (records officer). Chinese is typed the way an input
method commits it. Each screen's refusals of bad input are tested with that screen
(tests/ui/test_intake.py, test_plan_editor.py, …); here every step must succeed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import (
    Assessment,
    Prescription,
    RehabCase,
    RetentionRecord,
    Signature,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.intake.admission_dialog import AdmissionDialog
from desktop_app.ui.intake.approval_page import ApprovalDialog
from desktop_app.ui.intake.intake_dialog import IntakeDialog
from desktop_app.ui.shell.case_workspace import EXECUTION
from desktop_app.ui.shell.main_window import CASES, MainWindow
from tests.ui.test_assessments import enter_assessment
from tests.ui.test_discharge import confirm_archive
from tests.ui.test_intake import NEW_ID, PDF, fill_intake
from tests.ui.test_plan_editor import pick, write_texts
from tests.ui.test_signature_pad import NAME, draw
from tests.ui.ward import PASSWORDS, Ward, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture

SESSION_DAYS = [date(2026, 5, 26) + timedelta(days=n) for n in range(10)]


def at(ward: Ward, day: date, hour: int) -> None:
    ward.archive.clock.current = china_datetime(day, hour)


def window_for(ward: Ward, qtbot: QtBot, role: str) -> MainWindow:
    archive = ward.archive
    user_id, username, name = {
        "records_officer": (archive.officer, "ro", "孙档案员"),
        "physician": (archive.physician, "doc", "王医生"),
        "therapist": (archive.therapist, "pt", "李治疗师")}[role]
    window = MainWindow(ward.engine, archive.clock, "测试档案", SignedIn(user_id, username, name, role))
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    return window


def count(ward: Ward, model: type, *where: object) -> int:
    with ward.archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def patient_signs(qtbot: QtBot, dialog: object) -> None:
    assert dialog is not None
    qtbot.waitExposed(dialog)  # type: ignore[arg-type]
    draw(qtbot, dialog.pad, NAME)  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    loaded(qtbot)


def test_the_whole_path_through_the_widgets(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive

    # ---- records officer: intake, approval, admission ------------------------------
    at(ward, date(2026, 5, 20), 10)
    office = window_for(ward, qtbot, "records_officer")
    office.new_case_action.trigger()
    loaded(qtbot)
    [intake] = [d for d in office.findChildren(IntakeDialog) if d.isVisible()]
    fill_intake(qtbot, intake, tmp_path)
    with qtbot.waitSignal(intake.case_created) as created:
        qtbot.mouseClick(intake.save_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    case_id = created.args[0]
    assert office.sections.currentIndex() == CASES and "李建国" in office.case_header.text()

    approvals = office.workspace.approvals
    assert office.workspace.tabs.currentWidget() is approvals
    qtbot.mouseClick(approvals.add_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    approval = approvals.dialog
    assert isinstance(approval, ApprovalDialog)
    qtbot.waitExposed(approval)
    type_chinese(approval.number, "泸工康核〔2026〕37号")
    approval.body.clear()
    type_chinese(approval.body, "泸州市劳动能力鉴定委员会")
    approval.decision_date.setDate(QDate(2026, 5, 20))
    approval.period_from.setDate(QDate(2026, 5, 21))
    approval.period_to.setDate(QDate(2026, 8, 20))
    approval.item.setCurrentIndex(approval.item.findText("运动疗法", Qt.MatchFlag.MatchStartsWith))
    loaded(qtbot)
    approval.count.setValue(30)
    qtbot.mouseClick(approval.add_item_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    decision = tmp_path / "工伤康复确认结论书.pdf"
    decision.write_bytes(PDF + b"decision")
    approval.scan.add_paths([decision])
    with qtbot.waitSignal(approvals.changed):
        qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    assert "已核准" in office.case_header.text()

    at(ward, date(2026, 5, 25), 9)
    office.admit_action.trigger()
    loaded(qtbot)
    [admission] = [d for d in office.findChildren(AdmissionDialog) if d.isVisible()]
    qtbot.keyClicks(admission.resident_id, NEW_ID)  # the ID card read again at the desk
    qtbot.keyClicks(admission.bed, "3-12")
    admission.admission_date.setDate(QDate(2026, 5, 25))
    with qtbot.waitSignal(admission.admitted):
        qtbot.mouseClick(admission.ok_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    assert "康复中" in office.case_header.text()

    # ---- physician: plan signed by the patient, prescription, pre assessment -----------
    at(ward, date(2026, 5, 25), 10)
    doctor = window_for(ward, qtbot, "physician")
    doctor.open_case(case_id)
    loaded(qtbot)
    plan = doctor.workspace.plan
    doctor.workspace.tabs.setCurrentWidget(plan)
    loaded(qtbot)
    pick(qtbot, plan, "ydlf", "运动疗法")
    write_texts(plan)
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert plan.sign_button.isEnabled(), plan.form_error.text()
    qtbot.mouseClick(plan.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    patient_signs(qtbot, plan.dialog)
    assert count(ward, TreatmentPlan, TreatmentPlan.record_state == "signed") == 1

    prescriptions = doctor.workspace.prescriptions
    doctor.workspace.tabs.setCurrentWidget(prescriptions)
    loaded(qtbot)
    assert prescriptions.item.currentText().startswith("运动疗法")
    prescriptions.count.setValue(10)
    type_chinese(prescriptions.parameters, "下肢肌力训练，每次30分钟")
    prescriptions.therapist.setCurrentIndex(prescriptions.therapist.findData(archive.therapist))
    loaded(qtbot)
    qtbot.mouseClick(prescriptions.prescribe_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert prescriptions.dialog is not None
    qtbot.waitExposed(prescriptions.dialog)
    type_into(qtbot, prescriptions.dialog.password, PASSWORDS["doc"], enter=True)
    loaded(qtbot)
    assert count(ward, Prescription, Prescription.record_state == "signed") == 1

    assessments = doctor.workspace.assessments
    doctor.workspace.tabs.setCurrentWidget(assessments)
    loaded(qtbot)
    enter_assessment(ward, qtbot, assessments, "pre", date(2026, 5, 25), 40, "日常生活重度依赖")

    # ---- therapist: ten sessions from the worklist, each signed by the therapist as it is
    # recorded; the patient signs each day ------------------------------------------------
    therapist = window_for(ward, qtbot, "therapist")
    for day in SESSION_DAYS:
        at(ward, day, 11)
        therapist.home.reload()
        loaded(qtbot)
        work = therapist.home.work
        assert work.rowCount() == 1 and work.item(0, 1).text() == "李建国"
        work.setCurrentCell(0, 1)
        loaded(qtbot)
        qtbot.keyClick(work, Qt.Key.Key_Return)  # 1: open the work item
        loaded(qtbot)
        sheet = therapist.workspace.execution
        assert therapist.workspace.tabs.currentIndex() == EXECUTION
        sheet.sign_on_record.setChecked(True)  # 实施人签名 as the session is recorded
        sheet.record_password.setText(PASSWORDS["pt"])
        qtbot.mouseClick(sheet.record_button, Qt.MouseButton.LeftButton)  # 2: record and sign
        loaded(qtbot)
        assert not sheet.form_error.text(), sheet.form_error.text()
        qtbot.mouseClick(sheet.sign_today, Qt.MouseButton.LeftButton)  # the patient signs
        loaded(qtbot)
        patient_signs(qtbot, sheet.dialog)
        if day == date(2026, 5, 30):  # ---- physician: mid assessment
            doctor.open_case(case_id)
            loaded(qtbot)
            doctor.workspace.tabs.setCurrentWidget(assessments)
            loaded(qtbot)
            enter_assessment(ward, qtbot, assessments, "mid", day, 55, "较前改善")
    assert count(ward, TreatmentSession, TreatmentSession.record_state == "signed") == 10
    assert therapist.workspace.execution.model.rowCount() == 10

    # ---- physician: post assessment and discharge ---------------------------------------
    at(ward, date(2026, 6, 5), 10)
    doctor.open_case(case_id)
    loaded(qtbot)
    doctor.workspace.tabs.setCurrentWidget(assessments)
    loaded(qtbot)
    enter_assessment(ward, qtbot, assessments, "post", date(2026, 6, 5), 70, "轻度依赖，可出院")
    discharge = doctor.workspace.discharge
    doctor.workspace.tabs.setCurrentWidget(discharge)
    loaded(qtbot)
    assert "没有待签名的记录" in discharge.pending_note.text()
    discharge.reason.setCurrentIndex(discharge.reason.findData("completed"))
    loaded(qtbot)
    discharge.discharge_date.setDate(QDate(2026, 6, 5))
    type_chinese(discharge.note, "康复计划完成")
    discharge.destination.setCurrentIndex(discharge.destination.findData("work"))
    discharge.work.setCurrentIndex(discharge.work.findData("same_job"))
    qtbot.mouseClick(discharge.discharge_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "已出院" in doctor.case_header.text()

    # ---- records officer: archive ------------------------------------------------------
    office.open_case(case_id)
    loaded(qtbot)
    office.workspace.tabs.setCurrentWidget(office.workspace.discharge)
    loaded(qtbot)
    confirm_archive(qtbot, office.workspace.discharge)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.status, case.record_state, case.discharge_date) == (
            "discharged", "archived", date(2026, 6, 5))
        record = u.session.scalars(select(RetentionRecord).where(
            RetentionRecord.record_id == case_id)).one()
        assert record.retain_until.year >= 2056
        phases = sorted(u.session.scalars(select(Assessment.phase).where(
            Assessment.case_id == case_id, Assessment.record_state == "signed")))
        assert phases == ["mid", "post", "pre"]
        patient = u.session.scalars(select(func.count()).select_from(Signature).where(
            Signature.meaning == "patient_confirms_sessions")).one()
        assert patient == 10  # one signature a day
        assert u.session.scalars(select(func.count()).select_from(Signature).where(
            Signature.meaning == "therapist_signs")).one() == 10  # one per session, at recording
