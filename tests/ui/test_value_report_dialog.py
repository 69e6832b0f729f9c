"""The value report dialog (application page) and the notice dialog (discharge page), issue 19:
a physician opens the value report of a repeat course, finds the earlier course's signed
version carried over and named, signs with a wrong password (refused inline, the draft stays
and can be signed), then signs; the notice dialog under the Luzhou pack shows that the
region's text has no such notice and keeps its form closed, under Beijing the physician
issues and signs one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import CourseNotice, RehabCase, ValueReport
from desktop_app.domain.rules.packs import pack_for
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical import value_report
from desktop_app.ui.intake.application_page import ApplicationPage
from tests.archive_fixture import ADMISSION, APPROVAL
from tests.ui.test_discharge import discharge_page
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture


def physician_application_page(ward: Ward, qtbot: QtBot) -> ApplicationPage:
    archive = ward.archive
    page = ApplicationPage(
        ward.runner.as_actor(archive.physician), SignedIn(archive.physician, "doc", "王医生", "physician")
    )
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    return page


def versions(ward: Ward, case_id: int) -> list[tuple[int, str, int | None]]:
    with Session(ward.engine) as session:
        return [
            (r.version_no, r.record_state, r.carried_from_id)
            for r in session.scalars(
                select(ValueReport).where(ValueReport.case_id == case_id).order_by(ValueReport.id)
            )
        ]


def test_the_value_report_of_a_repeat_course_starts_from_the_earlier_one(
    ward: Ward, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    a = ward.archive
    earlier_case = a.register()
    with a.uow(a.physician) as u:
        earlier_id = value_report.add_value_report(
            u,
            earlier_case,
            value_report.ValueReportInput(
                APPROVAL - timedelta(days=2),
                "STABLE",
                "has_value",
                "骨折术后膝关节功能障碍，具有康复价值。",
                "住院康复，运动疗法每日一次。",
                ("vocational",),
                "inpatient",
                45,
                "恢复原岗位工作",
            ),
        )
    with a.uow(a.physician) as u:
        value_report.sign_value_report(u, earlier_case, earlier_id, PASSWORDS["doc"])
    with a.uow(a.officer) as u:  # the repeat course on the same injury
        injury = u.session.get(RehabCase, earlier_case).injury_id  # type: ignore[union-attr]
        u.session.get(RehabCase, ward.case_id).injury_id = injury  # type: ignore[union-attr]
        u.commit()
    page = physician_application_page(ward, qtbot)
    page.load(ward.case_id)
    loaded(qtbot)
    assert "尚无评估报告版本" in page.value_note.text()
    qtbot.mouseClick(page.value_button, Qt.MouseButton.LeftButton)
    dialog = page.value_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    loaded(qtbot)
    assert "沿用同一工伤以往疗程" in dialog.carried.text() and dialog.carried.isVisible()
    assert dialog.assessment.toPlainText() == "骨折术后膝关节功能障碍，具有康复价值。"
    assert dialog.days.value() == 45 and dialog.modes["vocational"].isChecked()
    assert dialog.write_button.isEnabled() and not dialog.sign_button.isEnabled()
    dialog.assessed_on.setDate(QDate(2026, 5, 30))
    dialog.password.setText("not-my-password")
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.error.isVisible() and "密码" in dialog.error.text()
    assert versions(ward, ward.case_id) == [(1, "draft", earlier_id)]  # written, not signed
    assert dialog.sign_button.isEnabled() and dialog.versions.rowCount() == 1
    dialog.password.setText(PASSWORDS["doc"])
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert versions(ward, ward.case_id) == [(1, "signed", earlier_id)]
    assert dialog.signed == 1 and dialog.saved.isVisible() and not dialog.error.isVisible()
    assert dialog.versions.item(0, 4).text() == "已签名" and "第 1 版" in dialog.summary.text()
    keep_screenshot(dialog, "value_report_dialog.png", tmp_path)
    assert dialog.print_button.isEnabled()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.printed_path is not None and opened == [str(dialog.printed_path)]
    assert dialog.printed_path.read_bytes().startswith(b"%PDF") and "-V1" in dialog.printed_path.name
    # The next version starts from the case's own and supersedes it.
    type_chinese(dialog.recommendation, "门诊康复")
    dialog.password.setText(PASSWORDS["doc"])
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert versions(ward, ward.case_id) == [(1, "signed", earlier_id), (2, "signed", None)]
    dialog.close()
    loaded(qtbot)
    assert "当前第 2 版（已签名）" in page.value_note.text()


def test_the_notice_is_refused_under_luzhou_and_issued_under_beijing(
    ward: Ward, qtbot: QtBot, tmp_path: Path
) -> None:
    a = ward.archive
    luzhou_case = a.admitted_case()
    page = discharge_page(ward, qtbot, "physician")
    page.load(luzhou_case)
    loaded(qtbot)
    assert page.notice_button.isEnabled()
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    dialog = page.notice
    assert dialog is not None
    qtbot.waitExposed(dialog)
    loaded(qtbot)
    assert dialog.refusal.isVisible() and "未规定终止康复的书面通知" in dialog.refusal.text()
    assert not dialog.form_box.isEnabled()
    keep_screenshot(dialog, "notice_refused.png", tmp_path)
    dialog.close()

    beijing_case = a.admitted_case()
    with a.uow(a.officer) as u:
        u.session.get(RehabCase, beijing_case).policy_pack = pack_for("beijing", APPROVAL).code  # type: ignore[union-attr]
        u.commit()
    page.load(beijing_case)
    loaded(qtbot)
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    dialog = page.notice
    assert dialog is not None
    qtbot.waitExposed(dialog)
    loaded(qtbot)
    assert (
        not dialog.refusal.isVisible() and dialog.form_box.isEnabled() and "第十四条" in dialog.summary.text()
    )
    day = ADMISSION + timedelta(days=10)
    dialog.issued_on.setDate(QDate(day.year, day.month, day.day))
    dialog.reason.setCurrentIndex(dialog.reason.findData("non_cooperation"))
    dialog.acknowledgement.setCurrentIndex(dialog.acknowledgement.findData("refused"))
    type_chinese(dialog.facts, "连续三日拒绝参加运动疗法，经劝导无效。")
    dialog.password.setText(PASSWORDS["doc"])
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)  # a refusal to sign needs a note
    loaded(qtbot)
    assert dialog.error.isVisible() and "见证人" in dialog.error.text()
    type_chinese(dialog.note, "拒绝签收，护士长在场见证")
    dialog.password.setText("wrong-password")
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)  # written, not signed
    loaded(qtbot)
    assert dialog.error.isVisible() and "密码" in dialog.error.text()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "未签名"
    assert dialog.sign_button.isEnabled()
    dialog.password.setText(PASSWORDS["doc"])
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)  # the draft is signed
    loaded(qtbot)
    with Session(ward.engine) as session:
        rows = [
            (n.reason, n.record_state, n.acknowledgement)
            for n in session.scalars(select(CourseNotice).where(CourseNotice.case_id == beijing_case))
        ]
    assert rows == [("non_cooperation", "signed", "refused")]
    assert dialog.issued == 1 and dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "已签名"
    keep_screenshot(dialog, "notice_dialog.png", tmp_path)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    loaded(qtbot)
    assert dialog.printed_path is not None and dialog.printed_path.name.startswith("NOTICE-")
    dialog.close()
