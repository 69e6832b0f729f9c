"""The application page (issue 19): record an application (a future date is refused inline),
tick the Luzhou checklist (not applicable without a reason is refused inline, then with one;
an item attached from the archive), see the deadline and the overdue answer, and record the
approval answering it; the claims page shows the refusal of a claim after the agreement ended,
and the home screen's alerts the agreement's end."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import ApplicationItem, Approval, Claim, RehabApplication
from desktop_app.services.admin import setup
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.records.attachments import add_attachment
from desktop_app.ui.claims.claims_page import ClaimsPage
from desktop_app.ui.intake.application_page import ApplicationPage
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.home_view import HomeView
from tests.services.test_claims import make_course
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def officer_page(ward: Ward, qtbot: QtBot) -> ApplicationPage:
    archive = ward.archive
    page = ApplicationPage(Runner(ward.engine, archive.clock, archive.officer),
                           SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    return page


def cells(table: object, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]


def test_record_an_application_tick_its_materials_and_answer_it(ward: Ward, qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    archive = ward.archive
    with archive.uow(archive.officer) as u:
        scan = add_attachment(u, ward.case_id, AttachmentInput("申请表.pdf", PDF, "application_material"))
    page = officer_page(ward, qtbot)
    page.load(ward.case_id)
    loaded(qtbot)
    assert "20 日" in page.rule.text() and "泸州" in page.rule.text()
    assert "《工伤康复申请表》" in page.rule.text() and page.add_button.isEnabled()
    assert page.applications.rowCount() == 0 and not page.mark_button.isEnabled()

    dialog = page.open_application_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.submitted.setDate(QDate(2026, 6, 2))  # tomorrow
    type_chinese(dialog.body, "泸州市劳动能力鉴定委员会")
    dialog.ok_button.click()
    loaded(qtbot)
    assert dialog.isVisible() and "申请日期不能晚于今天" in dialog.error.text()
    assert dialog.submitted.property("invalid") is True
    with archive.uow() as u:
        assert u.session.scalar(select(RehabApplication.id)) is None
    dialog.submitted.setDate(QDate(2026, 3, 25))
    dialog.has_accepted.setChecked(True)
    dialog.accepted_date.setDate(QDate(2026, 3, 27))
    keep_screenshot(dialog, "application_dialog.png", tmp_path)
    dialog.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None  # saved and closed
    assert cells(page.applications, 0)[:5] == ["2026-03-25", "2026-03-27", "用人单位",
                                              "泸州市劳动能力鉴定委员会", "2026-04-16（可延至 2026-05-06）"]
    assert cells(page.applications, 0)[5] == "已逾期，尚未答复"  # today is 2026-06-01
    assert [cells(page.checklist, r)[1] for r in range(4)] == ["未提交"] * 4

    page.checklist.selectRow(3)  # the latest value report: not applicable
    item_dialog = page.open_item_dialog()
    assert item_dialog is not None
    qtbot.waitExposed(item_dialog)
    item_dialog.status.setCurrentIndex(item_dialog.status.findData("not_applicable"))
    item_dialog.ok_button.click()
    loaded(qtbot)
    assert item_dialog.isVisible() and "须说明原因" in item_dialog.error.text()
    assert item_dialog.reason.property("invalid") is True
    type_chinese(item_dialog.reason, "首次申请")
    item_dialog.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None
    assert cells(page.checklist, 3)[1:3] == ["不适用", "首次申请"]

    page.checklist.selectRow(0)  # the application form: attached from the archive
    item_dialog = page.open_item_dialog()
    assert item_dialog is not None
    item_dialog.existing.setCurrentIndex(item_dialog.existing.findData(scan))
    keep_screenshot(item_dialog, "application_item_dialog.png", tmp_path)
    item_dialog.ok_button.click()
    loaded(qtbot)
    assert cells(page.checklist, 0)[1:3] == ["已附", f"#{scan} 申请表.pdf"]
    with archive.uow() as u:
        assert len(u.session.scalars(select(ApplicationItem)).all()) == 2
    keep_screenshot(page, "application_page.png", tmp_path)

    answer = page.open_answer_dialog()
    assert answer is not None
    qtbot.waitExposed(answer)
    assert answer.body.text() == "泸州市劳动能力鉴定委员会"
    type_chinese(answer.number, "泸工康核〔2026〕9号")
    answer.decision_date.setDate(QDate(2026, 4, 10))
    answer.period_from.setDate(QDate(2026, 4, 10))
    answer.period_to.setDate(QDate(2026, 6, 30))
    answer.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None
    with archive.uow() as u:
        linked = u.session.scalars(select(Approval.application_id)).one()
        application_id = u.session.scalars(select(RehabApplication.id)).one()
    assert linked == application_id
    assert cells(page.applications, 0)[5] == "已核准：泸工康核〔2026〕9号（2026-04-10）"
    assert not page.answer_button.isEnabled()


def set_agreement(ward: Ward, valid_to: date) -> None:
    with ward.archive.uow(ward.archive.admin) as u:
        setup.save_institution(u, setup.InstitutionInput(
            name="测试康复医院", region="泸州市", agreement_number="LZGS-XY-2025-007",
            agreement_valid_from=date(2025, 1, 1), agreement_valid_to=valid_to))


def test_a_claim_after_the_agreement_is_refused_on_screen(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    course = make_course(archive)
    set_agreement(ward, date(2026, 4, 30))
    page = ClaimsPage(Runner(ward.engine, archive.clock, archive.officer),
                      SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    page.load(course.case_id)
    loaded(qtbot)
    assert page.period.currentData() == "discharge"
    texts = [page.gap_table.item(r, 1).text() for r in range(page.gap_table.rowCount())]
    assert any("协议（LZGS-XY-2025-007）已于 2026-04-30 到期" in t for t in texts), texts
    page.build_button.click()
    loaded(qtbot)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "协议" in boxes[0].text() and "2026-04-30" in boxes[0].text()
    with archive.uow() as u:
        assert u.session.scalar(select(Claim.id)) is None


def test_the_home_screen_warns_of_the_agreement_s_end(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    set_agreement(ward, archive.clock.today() + timedelta(days=20))
    home = HomeView(Runner(ward.engine, archive.clock), archive.officer, "records_officer")
    qtbot.addWidget(home)
    loaded(qtbot)
    texts = [" ".join(cells(home.alerts, r)) for r in range(home.alerts.rowCount())]
    assert any("协议 20 天后到期" in t and "测试康复医院" in t for t in texts), texts
