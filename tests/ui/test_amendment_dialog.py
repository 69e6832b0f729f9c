"""更正记录: corrections as new signed versions, through the dialog (offscreen)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import Amendment, TreatmentSession
from desktop_app.ui.integrity.amendment_dialog import AmendmentDialog, changes_from
from tests.ui.ward import (
    PASSWORDS,
    Ward,
    keep_screenshot,
    loaded,
    type_chinese,
    type_into,
    ward,
)

__all__ = ["ward"]  # the fixture


def signed_sessions(ward: Ward, *, archived: bool = False) -> tuple[int, list[int]]:
    archive = ward.archive
    case_id = archive.archived_case() if archived else archive.discharged_case()
    with Session(ward.engine) as session:
        ids = list(session.scalars(select(TreatmentSession.id).where(
            TreatmentSession.case_id == case_id).order_by(TreatmentSession.id)))
    return case_id, ids


def open_dialog(qtbot: QtBot, ward: Ward, user_id: int, case_id: int,
                record: tuple[str, int]) -> AmendmentDialog:
    dialog = AmendmentDialog(ward.runner.as_actor(user_id), case_id, "张三　测试病例", record)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def signed(qtbot: QtBot, dialog: AmendmentDialog) -> int | None:
    """Submit as the button does and wait for the archive: the replacement's id, or None."""
    dialog.submit()
    loaded(qtbot)
    return dialog.replacement_id


def amendments_in(ward: Ward) -> list[Amendment]:
    with Session(ward.engine) as session:
        return list(session.scalars(select(Amendment).order_by(Amendment.id)))


def spin(dialog: AmendmentDialog, column: str) -> QSpinBox:
    editor = dialog.editors[column]
    assert isinstance(editor, QSpinBox)
    return editor


def test_a_therapist_corrects_a_session_and_the_original_stays_visible(
        qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    case_id, (first, second) = signed_sessions(ward)
    dialog = open_dialog(qtbot, ward, ward.archive.therapist, case_id,
                         ("treatment_session", second))
    assert dialog.current == ("treatment_session", second)
    assert dialog.record.count() == 2 and not dialog.approver_box.isVisible()
    assert set(dialog.editors) == {"count", "ended_at", "location", "notes"}  # nothing FIXED
    assert spin(dialog, "count").value() == 1 and spin(dialog, "ended_at").value() == 30
    spin(dialog, "count").setValue(2)
    spin(dialog, "ended_at").setValue(45)
    type_chinese(dialog.reason, "实际做了两次，时长记录有误")
    type_into(qtbot, dialog.password, PASSWORDS["pt"])
    replacement = signed(qtbot, dialog)

    assert replacement is not None and not dialog.error.isVisible()
    [link] = amendments_in(ward)
    assert (link.original_id, link.replacement_id, link.created_by_id) == (
        second, replacement, ward.archive.therapist)
    assert link.reason == "实际做了两次，时长记录有误" and link.approved_by_id is None
    with Session(ward.engine) as session:
        old, new = session.get(TreatmentSession, second), session.get(TreatmentSession, replacement)
        assert old is not None and new is not None
        assert (old.count, new.count, new.record_state) == (1, 2, "signed")
        assert new.ended_at - new.started_at == timedelta(minutes=45)
    # The chain: the original stays, marked superseded; the form now edits the new version.
    assert dialog.current == ("treatment_session", replacement)
    assert dialog.versions.rowCount() == 2
    assert dialog.versions.item(0, 1).text().startswith("已被更正")
    assert dialog.versions.item(1, 1).text().startswith("现行")
    assert dialog.versions.item(1, 2).text() == "2"
    assert "已签名保存更正版本" in dialog.saved.text()
    assert dialog.password.text() == "" and dialog.reason.toPlainText() == ""
    qtbot.wait(50)
    keep_screenshot(dialog, "amendment_dialog_signed.png", tmp_path)


def test_missing_reason_or_wrong_password_is_inline_and_nothing_is_saved(
        qtbot: QtBot, ward: Ward) -> None:
    case_id, (first, _) = signed_sessions(ward)
    dialog = open_dialog(qtbot, ward, ward.archive.therapist, case_id,
                         ("treatment_session", first))
    spin(dialog, "count").setValue(3)
    type_into(qtbot, dialog.password, PASSWORDS["pt"])
    assert signed(qtbot, dialog) is None
    assert dialog.error.isVisible() and "更正原因不能为空" in dialog.error.text()
    assert "required" not in dialog.error.text()  # inline errors in the interface's language only
    type_chinese(dialog.reason, "次数有误")
    type_into(qtbot, dialog.password, "wrong-password")
    assert signed(qtbot, dialog) is None
    assert "本人密码不正确" in dialog.error.text()
    assert dialog.findChild(QMessageBox) is None
    assert amendments_in(ward) == []
    with Session(ward.engine) as session:
        assert session.scalar(select(func.count()).select_from(TreatmentSession)) == 2


def test_an_archived_record_needs_the_administrator_on_the_spot(
        qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    case_id, (first, _) = signed_sessions(ward, archived=True)
    dialog = open_dialog(qtbot, ward, ward.archive.therapist, case_id,
                         ("treatment_session", first))
    assert dialog.approver_box.isVisible()
    type_chinese(dialog.editors["notes"], "补记：患者诉疼痛")  # type: ignore[arg-type]
    type_chinese(dialog.reason, "漏记患者主诉")
    type_into(qtbot, dialog.password, PASSWORDS["pt"])
    type_into(qtbot, dialog.approver, "doc")  # a physician is no approver
    type_into(qtbot, dialog.approver_password, PASSWORDS["doc"])
    qtbot.wait(50)
    keep_screenshot(dialog, "amendment_dialog.png", tmp_path)
    assert signed(qtbot, dialog) is None
    box = dialog.findChild(QMessageBox)
    assert box is not None and "管理员" in box.text() and "administrator" in box.text()
    box.close()
    assert amendments_in(ward) == []
    assert ward.events("denied")[-1].details["action"] == "record.approve_amendment"

    type_into(qtbot, dialog.approver, "admin")
    type_into(qtbot, dialog.approver_password, PASSWORDS["admin"])
    replacement = signed(qtbot, dialog)
    assert replacement is not None
    [link] = amendments_in(ward)
    assert link.approved_by_id == ward.archive.admin and link.replacement_id == replacement
    assert dialog.versions.item(1, dialog.versions.columnCount() - 1).text() == "管理员"


def test_a_record_officer_may_not_amend(qtbot: QtBot, ward: Ward) -> None:
    case_id, (first, _) = signed_sessions(ward)
    dialog = open_dialog(qtbot, ward, ward.archive.officer, case_id, ("treatment_session", first))
    spin(dialog, "count").setValue(2)
    type_chinese(dialog.reason, "次数有误")
    type_into(qtbot, dialog.password, PASSWORDS["ro"])
    assert signed(qtbot, dialog) is None
    assert dialog.findChild(QMessageBox) is not None and amendments_in(ward) == []
    assert ward.events("denied")[-1].details["action"] == "record.amend"


def test_unreadable_values_are_named_and_unchanged_ones_left_out() -> None:
    start = datetime(2026, 4, 4, 10, tzinfo=CHINA)
    assessment = {"total": 60, "grade": "轻度依赖", "conclusion": None}
    changes, errors = changes_from(assessment, {"total": "六十", "grade": "轻度依赖",
                                                "conclusion": ""})
    assert changes == {} and [e.key for e in errors] == ["total"]
    changes, errors = changes_from(assessment, {"total": "", "grade": "中度依赖",
                                                "conclusion": "好转"})
    assert errors == [] and changes == {"total": None, "grade": "中度依赖", "conclusion": "好转"}
    consent = {"amount": Decimal("120.00"), "signer_name": "张三", "note": None}
    changes, errors = changes_from(consent, {"amount": "12.345", "signer_name": " ",
                                             "note": ""})
    assert [e.key for e in errors] == ["amount", "signer_name"]
    session = {"count": 1, "started_at": start, "ended_at": start + timedelta(minutes=30)}
    changes, errors = changes_from(session, {"count": "1", "ended_at": "40"})
    assert errors == [] and changes == {"ended_at": start + timedelta(minutes=40)}
