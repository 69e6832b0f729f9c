"""The staff signature dialog: the signed-in physician re-enters their password; a wrong
one is said inline, audited, and signs nothing; the right one signs what was shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Prescription, Signature
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import PrescriptionInput
from desktop_app.ui.integrity.staff_signature import StaffSignatureDialog, open_staff_signature, sign_as_staff
from tests.archive_fixture import ADMISSION
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_into, ward

__all__ = ["ward"]  # the fixture

DOCTOR = "doc"


def draft_prescription(ward: Ward) -> tuple[int, int]:
    archive = ward.archive
    case_id = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        prescription_id = treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 10, "每日1次", ADMISSION, archive.physician,
            assigned_therapist_id=archive.therapist, parameters="30分钟")).id
    return case_id, prescription_id


def state(ward: Ward, prescription_id: int) -> str:
    with Session(ward.engine) as session:
        row = session.get(Prescription, prescription_id)
        assert row is not None
        return row.record_state


def signatures(ward: Ward) -> list[tuple[str, int | None, str]]:
    with Session(ward.engine) as session:
        return [(s.meaning, s.staff_user_id, s.method)
                for s in session.scalars(select(Signature).order_by(Signature.id))]


def doctor(ward: Ward) -> SignedIn:
    return SignedIn(ward.archive.physician, DOCTOR, "王医生", "physician")


def test_wrong_password_inline_and_audited_then_the_right_one_signs(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id, prescription_id = draft_prescription(ward)
    parent = QWidget()
    qtbot.addWidget(parent)
    done: list[int] = []
    runner = ward.runner.as_actor(ward.archive.physician)
    dialog = open_staff_signature(parent, runner, doctor(ward), [("prescription", prescription_id)],
                                  "physician_signs", done.append)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.summary.count() == 1
    line = dialog.summary.item(0).text()
    assert "运动疗法" in line and "10 次" in line and "李治疗师" in line and "30分钟" in line
    assert "张三" in dialog.heading.text() and dialog.meaning.text() == "医师签名"
    assert "王医生" in dialog.signer.text()
    keep_screenshot(dialog, "staff_signature.png", tmp_path)

    type_into(qtbot, dialog.password, "wrong-password", enter=True)  # Enter signs
    loaded(qtbot)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "密码不正确" in dialog.error.text() and "not correct" not in dialog.error.text()  # one language
    assert dialog.password.text() == ""
    assert state(ward, prescription_id) == "draft" and signatures(ward) == [] and done == []
    failed = ward.events("sign_failed")
    assert [(e.actor_id, e.record_type, e.record_id, e.case_id, e.details["reason"]) for e in failed] \
        == [(ward.archive.physician, "prescription", prescription_id, case_id, "wrong_password")]

    type_into(qtbot, dialog.password, PASSWORDS[DOCTOR])
    with qtbot.waitSignal(dialog.accepted):  # closes once signed
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert state(ward, prescription_id) == "signed"
    assert signatures(ward) == [("physician_signs", ward.archive.physician, "password")]
    assert len(done) == 1 and dialog.signature_id == done[0]


def test_sign_as_staff_blocks_and_says_whether_it_signed(ward: Ward, qtbot: QtBot) -> None:
    _, prescription_id = draft_prescription(ward)
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = ward.runner.as_actor(ward.archive.physician)

    def cancel() -> None:
        for dialog in parent.findChildren(StaffSignatureDialog):
            dialog.reject()

    QTimer.singleShot(50, cancel)
    assert sign_as_staff(parent, runner, doctor(ward), [("prescription", prescription_id)],
                         "physician_signs") is False
    assert state(ward, prescription_id) == "draft"

    def sign() -> None:
        for dialog in parent.findChildren(StaffSignatureDialog):
            if dialog.isVisible():
                dialog.password.setText(PASSWORDS[DOCTOR])
                dialog.sign_button.click()

    QTimer.singleShot(50, sign)
    assert sign_as_staff(parent, runner, doctor(ward), [("prescription", prescription_id)],
                         "physician_signs") is True
    assert state(ward, prescription_id) == "signed"


def test_a_role_that_may_not_sign_gets_a_message_and_nothing_is_signed(
        ward: Ward, qtbot: QtBot) -> None:
    _, prescription_id = draft_prescription(ward)
    parent = QWidget()
    qtbot.addWidget(parent)
    admin = SignedIn(ward.archive.admin, "admin", "管理员", "admin")
    dialog = open_staff_signature(parent, ward.runner.as_actor(ward.archive.admin), admin,
                                  [("prescription", prescription_id)], "physician_signs",
                                  lambda _id: None)
    assert dialog is not None
    with qtbot.waitSignal(dialog.rejected):  # closed, the refusal shown on the parent
        type_into(qtbot, dialog.password, PASSWORDS["admin"], enter=True)
    loaded(qtbot)
    boxes = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "无权" in boxes[0].text()
    assert state(ward, prescription_id) == "draft" and signatures(ward) == []


def test_every_signature_meaning_has_its_marked_label() -> None:
    from desktop_app.services.integrity.signing import MEANINGS
    from desktop_app.ui.clinical.signature_dialog import MEANING_LABELS

    assert MEANING_LABELS == MEANINGS  # the same Chinese words, marked for translation
