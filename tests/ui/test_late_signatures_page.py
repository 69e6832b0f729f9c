"""The claim desk shows late signatures as a warning to acknowledge; the build is refused
until the records officer acknowledges them with a reason in the dialog, then goes ahead."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, LateSignatureAck
from desktop_app.services.integrity import signing
from tests.services.test_claims import MAY_SESSIONS, PASSWORD, make_course
from tests.ui.test_claims_page import claims_in_db, officer_page
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

REASON = "治疗师外出培训，返岗后补签"


def test_late_signatures_are_acknowledged_at_the_claim_desk(ward: Ward, qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    archive = ward.archive
    course = make_course(archive)
    late = course.sessions[MAY_SESSIONS[0]]
    with archive.at(china_datetime(MAY_SESSIONS[0] + timedelta(days=3), 8)), archive.uow(
            archive.therapist) as u:
        signing.sign(u, [("treatment_session", late)], "therapist_signs",
                     signing.Signer("staff", staff_user_id=archive.therapist, password=PASSWORD))
    page = officer_page(ward, qtbot)
    page.load(course.case_id)
    loaded(qtbot)
    assert page.period.currentData() == "discharge"
    assert "延迟签名" in page.verdict.text()
    row = next(i for i, g in enumerate(page.gaps) if g.needs_acknowledgement)
    assert page.gap_table.item(row, 0).text() == "待确认"
    assert "晚3天签署" in page.gap_table.item(row, 1).text()
    assert page.acknowledge_button.isEnabled()
    keep_screenshot(page, "claims_page_late_signatures.png", tmp_path)

    page.build_button.click()  # refused by the service until acknowledged
    loaded(qtbot)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "延迟签名尚未确认" in boxes[0].text()
    for box in boxes:
        box.close()
    assert claims_in_db(ward) == []

    dialog = page.acknowledge_late()
    assert dialog is not None and dialog.isVisible()
    assert f"治疗记录 #{late}" in dialog.listing.text()
    dialog.ok_button.click()  # no reason: refused inline, the dialog stays
    loaded(qtbot)
    assert dialog.isVisible() and "原因" in dialog.error.text()
    type_chinese(dialog.reason, REASON)
    dialog.ok_button.click()
    loaded(qtbot)
    assert not dialog.isVisible()
    assert not page.acknowledge_button.isEnabled()
    assert "可以生成申报" in page.verdict.text()
    with archive.uow() as u:
        ack = u.session.scalars(select(LateSignatureAck)).one()
        assert (ack.record_id, ack.reason, ack.created_by_id) == (late, REASON, archive.officer)
        assert u.session.scalar(select(AuditEvent.id).where(
            AuditEvent.record_type == "late_signature_ack", AuditEvent.actor_id == archive.officer))

    page.build_button.click()
    loaded(qtbot)
    assert claims_in_db(ward) == [("discharge", "draft")]
