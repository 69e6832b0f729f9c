"""The prescriptions page: a physician prescribes an item of the plan for a therapist and
signs it with their password (a wrong one is said inline and signs nothing); unsigned
prescriptions stand out; bad input is said inline and nothing is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Prescription, Signature
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.clinical.prescriptions import AWAITING, PrescriptionsPage
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def page_for(ward: Ward, qtbot: QtBot, user_id: int, role: str) -> PrescriptionsPage:
    page = PrescriptionsPage(ward.runner.as_actor(user_id), SignedIn(user_id, role, "王医生", role))
    qtbot.addWidget(page)
    page.resize(1100, 520)
    page.show()
    return page


def prescriptions(ward: Ward) -> list[tuple[str, int, str, str | None, int | None, str]]:
    with Session(ward.engine) as session:
        return [(p.item_name, p.count, p.frequency, p.parameters, p.assigned_therapist_id,
                 p.record_state)
                for p in session.scalars(select(Prescription).order_by(Prescription.id))]


def signature_count(ward: Ward) -> int:
    with Session(ward.engine) as session:
        return len(list(session.scalars(select(Signature.id))))


def test_prescribe_and_sign_with_the_password(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()  # plan: 运动疗法 每日1次 ×10
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    assert page.item.currentText().startswith("运动疗法")
    assert (page.count.value(), page.frequency.text()) == (10, "每日1次")  # from the plan
    page.count.setValue(8)
    type_chinese(page.parameters, "下肢肌力训练，每次30分钟")
    page.therapist.setCurrentIndex(page.therapist.findData(archive.therapist))
    loaded(qtbot)
    assert page.therapist.currentText() == "李治疗师（治疗师）"
    qtbot.keyClick(page.frequency, Qt.Key.Key_Return)  # Enter submits
    loaded(qtbot)
    assert prescriptions(ward) == [("运动疗法", 8, "每日1次", "下肢肌力训练，每次30分钟",
                                    archive.therapist, "draft")]
    dialog = page.dialog
    assert dialog is not None and "8 次" in dialog.summary.item(0).text()
    qtbot.waitExposed(dialog)
    assert page.model.index(0, 7).data() == "待医师签名"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == AWAITING

    type_into(qtbot, dialog.password, "wrong-password", enter=True)
    loaded(qtbot)
    assert dialog.isVisible() and "密码不正确" in dialog.error.text()
    assert prescriptions(ward)[0][-1] == "draft" and signature_count(ward) == 0
    assert len(ward.events("sign_failed")) == 1

    with qtbot.waitSignal(dialog.accepted):  # closes once signed
        type_into(qtbot, dialog.password, PASSWORDS["doc"], enter=True)
    loaded(qtbot)
    assert page.dialog is None
    assert prescriptions(ward)[0][-1] == "signed" and signature_count(ward) == 1
    assert page.model.index(0, 7).data() == "已签名"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    # A second one left unsigned stands out, and is signed later from the list.
    page.count.setValue(2)
    qtbot.mouseClick(page.prescribe_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None
    page.dialog.reject()
    assert [p[-1] for p in prescriptions(ward)] == ["signed", "draft"]
    assert "待医师签名 1 张" in page.note.text()
    assert page.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) == AWAITING
    keep_screenshot(page, "prescriptions.png", tmp_path)
    page.table.selectRow(1)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None
    type_into(qtbot, page.dialog.password, PASSWORDS["doc"], enter=True)
    loaded(qtbot)
    assert [p[-1] for p in prescriptions(ward)] == ["signed", "signed"]
    assert "待医师签名 0 张" in page.note.text()


def test_bad_prescriptions_are_refused_inline_and_nothing_is_saved(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    page.count.setValue(0)
    page.frequency.clear()
    qtbot.mouseClick(page.prescribe_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "次数须为正整数" in page.form_error.text() and page.form_error.isVisible()
    assert "次数：次数须为正整数" in page.form_error.text().splitlines()  # one line per field, named
    assert prescriptions(ward) == [] and page.dialog is None

    page.load(ward.case_id)  # registered only: no plan to prescribe from
    loaded(qtbot)
    qtbot.mouseClick(page.prescribe_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "请先制定治疗方案" in page.form_error.text()
    assert prescriptions(ward) == []


def test_a_therapist_sees_the_list_but_cannot_prescribe(ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.admitted_case()
    page = page_for(ward, qtbot, ward.archive.therapist, "therapist")
    page.load(case_id)
    loaded(qtbot)
    assert not page.prescribe_button.isEnabled() and not page.sign_button.isEnabled()
    page.sign_selected()  # even if reached: nothing selected, said so
    assert [b for b in page.findChildren(QMessageBox) if b.isVisible()]
