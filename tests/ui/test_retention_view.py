"""保管与销毁: the retention report, holds, extensions, sealing, and the disposal workflow
carried out in 2056 (offscreen)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import DisposalRecord, DisposalRequest, RehabCase, Signature
from desktop_app.services.records.retention import retention_of
from desktop_app.ui.kit.forms import FormDialog
from desktop_app.ui.records.disposal_view import (
    CarryOutDialog,
    DisposalDialog,
    WitnessDialog,
)
from desktop_app.ui.records.retention_view import ExtendDialog, RetentionDialog, SealDialog
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def retention_dialog(qtbot: QtBot, ward: Ward, user_id: int, role: str) -> RetentionDialog:
    dialog = RetentionDialog(ward.runner.as_actor(user_id), role)
    qtbot.addWidget(dialog)
    assert dialog.reload()
    dialog.show()
    return dialog


def stored(ward: Ward, case_id: int):  # type: ignore[no-untyped-def]
    with Session(ward.engine) as session:
        record = retention_of(session, case_id)
        case = session.get(RehabCase, case_id)
        assert record is not None and case is not None
        return record, case.record_state


def test_hold_extend_and_seal_with_reasons(qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    case_id = ward.archive.archived_case()
    officer = retention_dialog(qtbot, ward, ward.archive.officer, "records_officer")
    assert officer.table.rowCount() == 1 and not officer.extend_button.isVisible()
    officer.filter_status("expired")
    assert officer.table.rowCount() == 0
    officer.filter_status("retained")
    assert officer.table.rowCount() == 1
    officer.table.selectRow(0)

    hold = officer.toggle_hold()
    assert hold is not None
    hold.submit()
    loaded(qtbot)
    assert "保全原因不能为空" in hold.error.text() and hold.isVisible()
    assert stored(ward, case_id)[0].legal_hold is False
    type_chinese(hold.reason, "工伤待遇争议诉讼")  # type: ignore[attr-defined]
    hold.submit()
    loaded(qtbot)
    assert hold.result() == FormDialog.DialogCode.Accepted
    record, _ = stored(ward, case_id)
    assert record.legal_hold and record.hold_reason == "工伤待遇争议诉讼"
    assert officer.table.rowCount() == 0  # no longer "retained"
    officer.filter_status("held")
    assert officer.table.rowCount() == 1 and officer.table.item(0, 6).text() == "工伤待遇争议诉讼"
    officer.table.selectRow(0)
    assert officer.hold_button.text().startswith("解除保全")
    officer.filter_status(None)
    officer.table.selectRow(0)
    qtbot.wait(50)
    keep_screenshot(officer, "retention_view.png", tmp_path)

    admin = retention_dialog(qtbot, ward, ward.archive.admin, "admin")
    admin.table.selectRow(0)
    extend = admin.extend()
    assert isinstance(extend, ExtendDialog)
    extend.until.setDate(QDate(2050, 1, 1))
    type_chinese(extend.reason, "诉讼未结")
    extend.submit()
    loaded(qtbot)
    assert "保管期限只能延长" in extend.error.text() and "only be extended" not in extend.error.text()
    assert stored(ward, case_id)[0].retain_until == date(2056, 5, 20)
    extend.until.setDate(QDate(2066, 5, 20))
    extend.submit()
    loaded(qtbot)
    assert stored(ward, case_id)[0].retain_until == date(2066, 5, 20)
    assert admin.table.item(0, 4).text() == "2066-05-20"

    admin.table.selectRow(0)
    seal = admin.seal()
    assert isinstance(seal, SealDialog) and not seal.ok_button.isEnabled()
    type_chinese(seal.reason, "医疗纠纷，法院调取病历")
    seal.submit()  # not confirmed: nothing happens
    assert stored(ward, case_id)[1] == "archived"
    seal.confirm.setChecked(True)
    assert seal.ok_button.isEnabled()
    seal.ok_button.click()
    loaded(qtbot)
    assert stored(ward, case_id)[1] == "sealed"


def test_a_physician_cannot_read_the_report(qtbot: QtBot, ward: Ward) -> None:
    dialog = RetentionDialog(ward.runner.as_actor(ward.archive.physician), "physician")
    qtbot.addWidget(dialog)
    assert not dialog.reload()
    assert dialog.findChild(QMessageBox) is not None
    assert ward.events("denied")[-1].details["action"] == "retention.report"


def witness(qtbot: QtBot, dialog: DisposalDialog, username: str, password: str) -> WitnessDialog:
    form = dialog.witness()
    assert isinstance(form, WitnessDialog)
    type_into(qtbot, form.username, username)
    type_into(qtbot, form.password, password)
    form.submit()
    loaded(qtbot)
    return form


def test_disposal_in_2056_from_proposal_to_the_disposal_record(
        qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    case_id = ward.archive.archived_case()
    with Session(ward.engine) as session:
        number = session.get(RehabCase, case_id).case_number  # type: ignore[union-attr]
    ward.archive.clock.current = datetime(2056, 7, 1, 9, 0, tzinfo=CHINA)
    retention = retention_dialog(qtbot, ward, ward.archive.admin, "admin")
    retention.filter_status("expired")
    assert retention.table.rowCount() == 1
    dialog = retention.open_disposal()
    assert isinstance(dialog, DisposalDialog)
    assert [r.case_number for r in dialog.eligible_rows] == [number]

    dialog.check_all_eligible()
    dialog.propose()
    assert not dialog.isEnabled()  # until the archive answers
    loaded(qtbot)
    assert dialog.isEnabled() and dialog.proposed_id is None  # no appraisal note
    assert "鉴定意见不能为空" in dialog.propose_error.text()
    with Session(ward.engine) as session:
        assert session.scalar(select(func.count()).select_from(DisposalRequest)) == 0
    type_chinese(dialog.note, "保管期满，经鉴定小组鉴定无继续保存价值")
    dialog.propose()
    loaded(qtbot)
    request_id = dialog.proposed_id
    assert request_id is not None and dialog.selected_request() is not None
    assert dialog.approve_button.isEnabled() and not dialog.witness_button.isEnabled()

    approve = dialog.approve()
    assert approve is not None
    type_into(qtbot, approve.password, PASSWORDS["admin"])  # type: ignore[attr-defined]
    approve.submit()
    loaded(qtbot)
    assert approve.result() == FormDialog.DialogCode.Accepted
    assert dialog.witness_button.isEnabled()

    form = witness(qtbot, dialog, "nobody", "whatever-1")
    assert "用户名或密码错误" in form.error.text()
    form.reject()
    form = witness(qtbot, dialog, "ro", "wrong-password")
    assert "密码不正确" in form.error.text()
    form.reject()
    form = witness(qtbot, dialog, "admin", PASSWORDS["admin"])  # the approver may not witness
    box = form.findChild(QMessageBox)
    assert box is not None and "批准人以外" in box.text()
    form.reject()
    with Session(ward.engine) as session:
        assert session.scalar(select(func.count()).select_from(Signature).where(
            Signature.meaning == "disposal_witness")) == 0
    for username in ("ro", "doc"):
        form = witness(qtbot, dialog, username, PASSWORDS[username])
        assert form.result() == FormDialog.DialogCode.Accepted
    with Session(ward.engine) as session:
        signers = set(session.scalars(select(Signature.staff_user_id).where(
            Signature.meaning == "disposal_witness")))
    assert signers == {ward.archive.officer, ward.archive.physician}
    assert dialog.carry_out_button.isEnabled()

    carry = dialog.carry_out()
    assert isinstance(carry, CarryOutDialog) and not carry.ok_button.isEnabled()
    carry.confirm.setChecked(True)
    carry.ok_button.click()
    loaded(qtbot)
    assert carry.disposal_id is not None
    with Session(ward.engine) as session:
        record = session.get(DisposalRecord, carry.disposal_id)
        assert record is not None and record.request_id == request_id
        assert record.destroyed_on == date(2056, 7, 1) and len(record.witnesses) == 2
        assert session.get(RehabCase, case_id) is None
        digest = record.items[0]["sha256"]
    dialog.select_request(request_id)
    text = dialog.record.toPlainText()
    assert f"校验值 {digest}" in text and "treatment_session: 2 行" in text
    assert "孙档案员" in text and "王医生" in text
    assert dialog.request_table.item(0, 6).text().startswith("已销毁")
    assert dialog.request_table.item(0, 2).text() == number
    assert dialog.eligible.rowCount() == 0
    qtbot.wait(50)
    keep_screenshot(dialog, "disposal_view.png", tmp_path)
    dialog.close()
    retention.filter_status("destroyed")
    assert retention.table.rowCount() == 1
    assert retention.table.item(0, 5).foreground().color() == Qt.GlobalColor.gray
