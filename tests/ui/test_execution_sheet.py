"""The execution sheet page: record from the prescription in two actions, rows awaiting
the patient's signature in red, and the day's sessions signed at once on the pad — or,
without a pad, on a printed signing page whose scan is attached."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import Attachment, RehabCase, Signature, TreatmentSession
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import leave, treatment
from desktop_app.ui.clinical.execution_sheet import AWAITING, ExecutionSheetPage
from desktop_app.ui.kit.runner import Runner
from tests.archive_fixture import ADMISSION
from tests.services.test_worklist_search import TODAY, prescribed_case
from tests.ui.test_claims_export import opened
from tests.ui.test_signature_pad import NAME, draw
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["opened", "ward"]  # the fixtures


def sheet(ward: Ward, qtbot: QtBot, user_id: int, username: str, role: str) -> ExecutionSheetPage:
    runner = Runner(ward.engine, ward.archive.clock, user_id)
    page = ExecutionSheetPage(runner, SignedIn(user_id, username, username, role))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def sessions(ward: Ward) -> list[tuple[int, int | None, int, str]]:
    """(count, prescription, therapist, state) of every session."""
    with ward.archive.uow() as u:
        return [(r.count, r.prescription_id, r.therapist_id, r.record_state) for r in
                u.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id))]


def test_record_two_sessions_and_the_patient_signs_the_day(ward: Ward, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    assert page.item.currentData().prescription_id == prescription_id
    assert (page.start.time(), page.end.time()) == (QTime(8, 30), QTime(9, 0))  # clock: 09:00

    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # the second action
    loaded(qtbot)
    page.start.setTime(QTime(7, 0))
    page.end.setTime(QTime(7, 30))
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # the catalogue: 2 a day
    loaded(qtbot)
    rows = sessions(ward)
    assert rows == [
        (1, prescription_id, archive.therapist, "draft"), (1, prescription_id, archive.therapist, "draft")]
    assert page.model.rowCount() == 2
    assert page.model.index(0, 5).data() == page.model.index(0, 6).data() == "待签名"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == AWAITING
    assert "待患者签名 2 条" in page.note.text()
    qtbot.wait(20)  # let the layout take the new button text
    keep_screenshot(page, "execution_sheet.png", tmp_path)

    qtbot.mouseClick(page.sign_today, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and dialog.summary.count() == 2
    qtbot.waitExposed(dialog)
    draw(qtbot, dialog.pad, NAME)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert [state for *_, state in sessions(ward)] == ["signed", "signed"]
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Signature).where(
            Signature.meaning == "patient_confirms_sessions")) == 1
    with archive.uow() as u:
        patient = u.session.scalars(select(Signature.id).where(
            Signature.meaning == "patient_confirms_sessions")).one()
    assert [page.model.index(r, 6).data() for r in range(2)] == [f"张三 签名 #{patient}"] * 2
    # still red: the therapist who performed them has not signed yet (实施人签名)
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == AWAITING
    assert "待患者签名 0 条" in page.note.text()
    assert page.sign_mine.text().endswith("（2）")

    qtbot.mouseClick(page.sign_mine, Qt.MouseButton.LeftButton)  # the day at once
    staff = page.staff_dialog
    assert staff is not None and staff.summary.count() == 2
    qtbot.waitExposed(staff)
    staff.password.setText("wrong-pass-1")
    qtbot.mouseClick(staff.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert staff.isVisible() and "密码不正确" in staff.error.text()
    staff.password.setText(PASSWORDS["pt"])
    qtbot.mouseClick(staff.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    with archive.uow() as u:
        therapist = u.session.scalars(select(Signature).where(
            Signature.meaning == "therapist_signs")).one()
        assert therapist.staff_user_id == archive.therapist and therapist.method == "password"
        therapist_id = therapist.id
    assert [page.model.index(r, 5).data() for r in range(2)] == [f"李治疗师 签名 #{therapist_id}"] * 2
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.sign_mine.text().endswith("（0）")


def test_the_therapist_signs_while_recording(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    assert not page.record_password.isEnabled()
    page.sign_on_record.setChecked(True)
    assert page.record_password.isEnabled()
    page.record_password.setText("wrong-pass-1")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert sessions(ward) == []  # a wrong password records nothing
    assert "密码不正确" in page.form_error.text() and page.record_password.text() == ""
    page.record_password.setText(PASSWORDS["pt"])
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert sessions(ward) == [(1, prescription_id, archive.therapist, "signed")]
    with archive.uow() as u:
        signature = u.session.scalars(select(Signature).where(
            Signature.meaning == "therapist_signs")).one()
        assert signature.staff_user_id == archive.therapist
        signature_id = signature.id
    assert page.model.index(0, 5).data() == f"李治疗师 签名 #{signature_id}"
    assert page.model.index(0, 6).data() == "待签名"  # the patient signs next, at the bedside
    assert page.record_password.text() == ""


def test_bad_times_are_shown_inline_and_nothing_is_saved(ward: Ward, qtbot: QtBot) -> None:
    case_id, prescription_id = prescribed_case(ward.archive)
    page = sheet(ward, qtbot, ward.archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    page.start.setTime(QTime(8, 0))
    page.end.setTime(QTime(7, 0))
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "结束时间须晚于开始时间" in page.form_error.text() and page.form_error.isVisible()
    page.start.setTime(QTime(9, 30))
    page.end.setTime(QTime(10, 0))  # after the clock's 09:00
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "未来" in page.form_error.text()
    assert sessions(ward) == []


def test_nothing_to_sign_says_so(ward: Ward, qtbot: QtBot) -> None:
    case_id, prescription_id = prescribed_case(ward.archive)
    page = sheet(ward, qtbot, ward.archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.sign_today, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "没有待患者签名" in boxes[0].text()
    assert page.dialog is None


def test_a_records_officer_cannot_record_sessions(ward: Ward, qtbot: QtBot) -> None:
    case_id, _ = prescribed_case(ward.archive)
    page = sheet(ward, qtbot, ward.archive.officer, "ro", "records_officer")
    page.load(case_id, "张三")
    loaded(qtbot)
    assert not page.record_button.isEnabled()


def test_without_a_pad_the_signed_page_is_printed_then_its_scan_signs_it(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str]) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    for start in (7, 8):
        page.start.setTime(QTime(start, 0))
        page.end.setTime(QTime(start, 30))
        qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
        loaded(qtbot)
    first, second = (row.session_id for row in page.model.rows)
    page.table.selectRow(0)  # only the first is on this page

    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)  # issued off the UI thread
    loaded(qtbot)
    qtbot.waitUntil(lambda: page.printed_path is not None, timeout=30_000)
    assert page.printed_path is not None and opened == [str(page.printed_path)]
    assert page.printed_path.read_bytes().startswith(b"%PDF-")
    with archive.uow() as u:  # a name for a person: patient, case, what it is, the day
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        expected = f"{case.worker.name}_{case.case_number}_患者签字页_2026-06-01.pdf"
    assert page.printed_path.name == expected

    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and dialog.paper and not dialog.pad.isVisible()
    assert dialog.summary.count() == 1 and dialog.summary.item(0).text().startswith(f"#{first}　")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # no scan chosen yet
    loaded(qtbot)
    assert dialog.message.isVisible() and "扫描件" in dialog.message.text()
    not_a_scan = tmp_path / "notes.txt"
    not_a_scan.write_text("签了", encoding="utf-8")
    dialog.choose_scan(not_a_scan)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.isVisible() and "PDF" in dialog.message.text()
    scan = tmp_path / "签字页.pdf"
    scan.write_bytes(b"%PDF-1.7\n% the page the patient signed\n%%EOF\n")
    dialog.choose_scan(scan)
    assert dialog.scan_file.text() == "签字页.pdf"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)

    assert [state for *_, state in sessions(ward)] == ["signed", "draft"]
    with archive.uow() as u:
        signature = u.session.scalars(select(Signature).where(
            Signature.meaning == "patient_confirms_sessions")).one()
        attachment = u.session.get(Attachment, signature.attachment_id)
        assert signature.method == "scan" and attachment is not None
        assert (attachment.case_id, attachment.kind, attachment.filename) == \
            (case_id, "signed_sheet_scan", "签字页.pdf")
        scan_signature = signature.id
    assert page.model.index(0, 6).data() == f"张三 签名 #{scan_signature}"
    assert page.model.index(1, 6).data() == "待签名"
    assert page.paper_session_ids() == [second]  # nothing selected now awaits: today's rest


def test_a_warning_near_the_prescriptions_count_is_shown(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)  # 10 prescribed, 10 planned
    for n in range(7):
        archive.record_session(case_id, ADMISSION + timedelta(days=n + 3))
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    assert not page.warnings.isVisible()
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert len(sessions(ward)) == 8
    assert page.warnings.isVisible() and not page.form_error.isVisible()
    assert "已做 8/10 次：已达方案次数的 80% 以上" in page.warnings.text()
    assert "泸州" in page.warnings.text() and "北京" not in page.warnings.text()


def test_beyond_the_daily_count_the_page_asks_for_a_reason_and_records_with_it(
        ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    for hour in (7, 8):  # the demo catalogue allows 运动疗法 twice a day
        start = china_datetime(TODAY, hour)
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, case_id, archive.session(
                TODAY, started_at=start, ended_at=start + timedelta(minutes=20)))
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # 08:30–09:00
    loaded(qtbot)
    dialog = page.reason_dialog
    assert dialog is not None and dialog.isVisible()
    assert "超出目录每日限次" in dialog.labelText() and "第九条" in dialog.labelText()
    assert len(sessions(ward)) == 2, "nothing is written before a reason is stated"
    dialog.setTextValue("医嘱加强训练")
    dialog.accept()
    loaded(qtbot)
    assert page.reason_dialog is None
    with archive.uow() as u:
        row = u.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id.desc())).first()
        assert row is not None
        assert (row.limit_flags, row.limit_reason) == (["max_per_day"], "医嘱加强训练")
    assert "不由工伤保险基金支付" in page.warnings.text()
    assert page.model.rowCount() == 3


def test_no_reason_no_record(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    for hour in (7, 8):
        start = china_datetime(TODAY, hour)
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, case_id, archive.session(
                TODAY, started_at=start, ended_at=start + timedelta(minutes=20)))
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.reason_dialog is not None
    page.reason_dialog.reject()
    assert page.reason_dialog is None and len(sessions(ward)) == 2
    assert "超出目录每日限次" in page.form_error.text()


@pytest.mark.parametrize("conflict", ["therapist_busy", "on_leave"])
def test_a_conflict_is_refused_inline_with_the_article_and_no_reason_is_asked(
        ward: Ward, qtbot: QtBot, conflict: str) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    if conflict == "therapist_busy":  # the therapist treats another patient at 08:30
        other = archive.admitted_case()
        start = china_datetime(TODAY, 8) + timedelta(minutes=30)
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, other, archive.session(
                TODAY, started_at=start, ended_at=start + timedelta(minutes=30)))
        expected = "治疗师同一时段另有治疗"
    else:
        with archive.uow(archive.therapist) as u:
            leave.record_leave(u, case_id, TODAY, TODAY, "回家处理家事")
        expected = "患者当日请假"
    before = len(sessions(ward))
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # 08:30–09:00
    loaded(qtbot)
    assert page.reason_dialog is None, "a reason never lifts a conflict"
    assert page.form_error.isVisible() and expected in page.form_error.text()
    assert "泸州" in page.form_error.text() and "北京" not in page.form_error.text()
    assert len(sessions(ward)) == before


def test_leave_is_recorded_from_the_sheet_and_refused_on_a_day_with_sessions(
        ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # a session today
    loaded(qtbot)
    dialog = page.record_leave()
    assert dialog is not None and "尚无请假记录" in dialog.recorded.text()
    type_chinese(dialog.reason, "回家处理家事")
    dialog.ok_button.click()
    loaded(qtbot)
    assert dialog.isVisible() and "已有治疗记录" in dialog.error.text()  # today has a session
    dialog.leave_from.setDate(dialog.leave_from.date().addDays(1))
    dialog.leave_to.setDate(dialog.leave_to.date().addDays(2))
    with qtbot.waitSignal(dialog.accepted):  # closes once the leave is written
        dialog.ok_button.click()
    loaded(qtbot)
    with archive.uow() as u:
        rows = leave.list_leave(u.session, case_id)
    assert [(r.days, r.reason) for r in rows] == [(2, "回家处理家事")]


def test_the_supervisor_cosigns_the_assistants_sessions_of_the_day(ward: Ward, qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    start = china_datetime(TODAY, 7)
    with archive.uow(archive.assistant) as u:  # the assistant 赵助理 treats at 07:00
        session_id = treatment.record_session(u, case_id, archive.session(
            TODAY, therapist_id=archive.assistant, prescription_id=prescription_id,
            started_at=start, ended_at=start + timedelta(minutes=30))).id
    assistant_page = sheet(ward, qtbot, archive.assistant, "pta", "assistant")
    assistant_page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    assert not assistant_page.cosign_button.isVisible()  # an assistant co-signs nothing

    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    assert page.model.rows[0].session_id == session_id
    assert page.model.index(0, 5).data() == "待签名"
    assert page.cosign_button.isVisible() and page.cosign_button.text().endswith("（1）")
    qtbot.wait(20)  # let the layout take the new button text
    keep_screenshot(page, "execution_sheet_cosign.png", tmp_path)

    qtbot.mouseClick(page.cosign_button, Qt.MouseButton.LeftButton)
    staff = page.staff_dialog
    assert staff is not None and staff.summary.count() == 1
    assert "赵助理" in staff.summary.item(0).text() and "审核" in staff.meaning.text()
    qtbot.waitExposed(staff)
    staff.password.setText("wrong-pass-1")
    qtbot.mouseClick(staff.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert staff.isVisible() and "密码不正确" in staff.error.text()
    with archive.uow() as u:  # nothing signed
        assert u.session.scalar(select(func.count()).select_from(Signature).where(
            Signature.meaning == "reviewer_cosigns")) == 0
    assert page.model.index(0, 5).data() == "待签名"

    staff.password.setText(PASSWORDS["pt"])
    qtbot.mouseClick(staff.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.staff_dialog is None  # closed once signed
    with archive.uow() as u:
        cosignature = u.session.scalars(select(Signature).where(
            Signature.meaning == "reviewer_cosigns")).one()
        assert cosignature.staff_user_id == archive.therapist and cosignature.method == "password"
        cosignature_id = cosignature.id
    assert page.model.index(0, 5).data() == f"李治疗师（审核） 签名 #{cosignature_id}"
    assert page.awaiting_cosign == [] and not page.cosign_button.isVisible()


def test_the_signing_dialog_warns_of_sessions_signed_beyond_the_limit(ward: Ward, qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    archive = ward.archive
    case_id, prescription_id = prescribed_case(archive)
    old = archive.record_session(case_id, TODAY - timedelta(days=2))  # 2 days ago, unsigned
    page = sheet(ward, qtbot, archive.therapist, "pt", "therapist")
    page.load(case_id, "张三", prescription_id)
    loaded(qtbot)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # today, 08:30–09:00
    loaded(qtbot)
    old_row, today_row = page.model.rows
    assert (old_row.session_id, today_row.day) == (old, TODAY)

    qtbot.mouseClick(page.sign_today, Qt.MouseButton.LeftButton)  # today's only: in time
    loaded(qtbot)
    assert page.dialog is not None and not page.dialog.late.isVisible()
    page.dialog.reject()
    page.dialog = None

    page.table.selectAll()
    qtbot.mouseClick(page.sign_selected, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and dialog.summary.count() == 2
    qtbot.waitExposed(dialog)
    warning = dialog.late.text()
    assert dialog.late.isVisible() and "超过签署时限" in warning
    assert f"治疗记录 #{old}" in warning and f"#{today_row.session_id}" not in warning
    assert "晚2天签署" in warning and "超过时限（当日）" in warning
    keep_screenshot(dialog, "signature_dialog_late.png", tmp_path)
    draw(qtbot, dialog.pad, NAME)  # signing is still allowed: the claim gate asks why
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    with archive.uow() as u:
        signature = u.session.scalars(select(Signature).where(
            Signature.meaning == "patient_confirms_sessions")).one()
        signature_id = signature.id
    assert [page.model.index(r, 6).data() for r in range(2)] == [f"张三 签名 #{signature_id}"] * 2
