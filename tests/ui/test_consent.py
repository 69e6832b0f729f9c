"""The out-of-scope consent page: items outside the approval with their amount, who
consents, saved and signed on the pad (the worker, or the employer's representative);
unsigned ones stand out; bad input is said inline and nothing is saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Attachment, OutOfScopeConsent, Signature
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.clinical.consent import AWAITING, ConsentPage
from tests.ui.test_signature_pad import NAME, draw
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, type_into, ward

__all__ = ["ward"]  # the fixture


def page_for(ward: Ward, qtbot: QtBot, user_id: int, role: str) -> ConsentPage:
    page = ConsentPage(ward.runner.as_actor(user_id), SignedIn(user_id, role, role, role))
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    return page


def consents(ward: Ward) -> list[tuple[Decimal, str, str, str]]:
    with Session(ward.engine) as session:
        return [(c.amount, c.signer_kind, c.signer_name, c.record_state)
                for c in session.scalars(select(OutOfScopeConsent).order_by(OutOfScopeConsent.id))]


def signatures(ward: Ward) -> list[tuple[str, str, str | None, str]]:
    with Session(ward.engine) as session:
        return [(s.signer_kind, s.signer_name, s.relationship_to_patient, s.meaning)
                for s in session.scalars(select(Signature).order_by(Signature.id))]


def sign_on_pad(qtbot: QtBot, page: ConsentPage) -> None:
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    draw(qtbot, dialog.pad, NAME)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)


def test_consent_captured_and_signed_by_the_worker_then_the_employer(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    names = [page.results.item(n).text() for n in range(page.results.count())]
    assert not any(n.startswith(("运动疗法", "作业疗法")) for n in names)  # approved: not offered
    type_into(qtbot, page.search, "tsphgn", enter=True)  # 徒手平衡功能检查, 65.50
    loaded(qtbot)
    page.set_count(0, 3)
    type_into(qtbot, page.other_code, "X-DRUG-1")
    type_chinese(page.other_name, "目录外营养药")
    type_chinese(page.other_unit, "盒")
    type_into(qtbot, page.other_price, "28.35")
    qtbot.mouseClick(page.add_other_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    page.set_count(1, 2)
    # hand-computed: 65.50 × 3 + 28.35 × 2 = 196.50 + 56.70
    assert page.amount.text() == "金额合计：¥253.20"
    assert page.kind.currentData() == "worker" and page.name.text() == "张三"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert consents(ward) == [(Decimal("253.20"), "worker", "张三", "draft")]
    dialog = page.dialog
    assert dialog is not None and dialog.fixed_signer.text() == "张三（患者本人）"
    assert "¥253.20" in dialog.summary.item(0).text() and "目录外营养药" in dialog.summary.item(0).text()
    sign_on_pad(qtbot, page)
    assert consents(ward)[0][-1] == "signed"
    assert signatures(ward) == [("patient", "张三", None, "patient_consents")]
    assert page.list.item(0, 4).text() == "张三（手写）"

    # The employer's representative: saved, the pad put aside, signed later from the list.
    type_into(qtbot, page.search, "340200001", enter=True)
    loaded(qtbot)
    page.kind.setCurrentIndex(page.kind.findData("employer"))
    loaded(qtbot)
    assert page.name.text() == "" and page.relationship.isVisible() and not page.proof.isVisible()
    type_chinese(page.name, "李经理")
    type_chinese(page.relationship, "人事经办人")
    page.set_count(0, 2)
    qtbot.wait(20)  # let the form take the rows shown for this signer
    keep_screenshot(page, "consent.png", tmp_path)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None
    page.dialog.reject()
    assert [c[1:] for c in consents(ward)] == [("worker", "张三", "signed"),
                                               ("employer", "李经理", "draft")]
    assert page.list.item(1, 4).text() == "待签名"
    assert page.list.item(1, 0).foreground().color() == AWAITING
    page.list.selectRow(1)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None and page.dialog.fixed_signer.text() == "李经理（人事经办人）"
    sign_on_pad(qtbot, page)
    assert consents(ward)[1][-1] == "signed"
    assert signatures(ward)[1] == ("employer", "李经理", "人事经办人", "patient_consents")


def test_bad_consents_are_refused_inline_and_nothing_is_saved(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # no items
    loaded(qtbot)
    assert "请至少选择一个" in page.form_error.text() and page.form_error.isVisible()

    type_into(qtbot, page.search, "tsphgn", enter=True)
    loaded(qtbot)
    page.set_count(0, 0)
    page.kind.setCurrentIndex(page.kind.findData("relative"))
    loaded(qtbot)
    page.name.clear()
    page.relationship.clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    text = page.form_error.text()
    assert "数量须为正整数" in text and "请填写签署人姓名" in text and "与职工的关系" in text
    assert "近亲属代签须写明原因" in text
    type_into(qtbot, page.other_price, "abc")
    qtbot.mouseClick(page.add_other_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert "单价须为金额" in page.form_error.text()
    assert consents(ward) == [] and page.dialog is None


def test_a_role_that_may_not_record_consents(ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.admitted_case()
    page = page_for(ward, qtbot, ward.archive.admin, "admin")
    page.load(case_id)
    loaded(qtbot)
    assert not page.save_button.isEnabled() and not page.sign_button.isEnabled()


def test_a_consent_signed_on_paper_is_signed_by_its_scan(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()
    page = page_for(ward, qtbot, archive.physician, "physician")
    page.load(case_id)
    loaded(qtbot)
    type_into(qtbot, page.search, "tsphgn", enter=True)
    loaded(qtbot)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert page.dialog is not None
    page.dialog.reject()  # no pad on this PC
    page.list.selectRow(0)
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    dialog = page.dialog
    assert dialog is not None and dialog.paper and dialog.name_edit.text() == "张三"
    scan = tmp_path / "同意书.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0JFIF" + bytes(64))
    dialog.choose_scan(scan)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert consents(ward)[0][-1] == "signed"
    assert page.list.item(0, 4).text() == "张三（扫描件）"
    with Session(ward.engine) as session:
        kind = session.scalars(select(Attachment.kind).join(
            Signature, Signature.attachment_id == Attachment.id)).one()
    assert kind == "signed_consent_scan"
