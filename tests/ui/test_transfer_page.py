"""The transfer page (issue 19 item 3): a transfer out of the city without the agency's consent
is refused inline in the form (Luzhou Art. 24) and writes nothing; with the consent it is
saved, the case shows as transferred out and the summary can be saved as a PDF; the execution
of a session after that day is refused; a transfer in with the earlier institution's summary
and its used counts shows the counts continued (40 approved, 25 used before, 15 remaining)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import CaseTransfer
from desktop_app.domain.identity import make_resident_id
from desktop_app.errors import ValidationFailed
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.clinical.case_view import case_row
from desktop_app.ui.clinical.transfer_page import TransferPage
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.case_table_model import status_text
from desktop_app.ui.shell.case_workspace import header_lines
from tests.archive_fixture import ADMISSION
from tests.services.test_session_limits import admitted, record, session_at
from tests.ui.ward import Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def physician_page(ward: Ward, qtbot: QtBot) -> TransferPage:
    archive = ward.archive
    page = TransferPage(Runner(ward.engine, archive.clock, archive.physician),
                        SignedIn(archive.physician, "doc", "王医生", "physician"))
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    return page


def cells(table: object, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[attr-defined]


def test_transfer_out_refused_without_consent_then_recorded(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    case_id = admitted(archive, resident_id=make_resident_id("510502", date(1980, 1, 2), 11, "M"),
                       name="李四", number="7")
    page = physician_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    assert "第二十四条" in page.rule.text() and page.standing.text() == "未转院"
    assert page.out_button.isEnabled() and not page.save_button.isEnabled()
    dialog = page.open_out_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_chinese(dialog.institution, "成都市第二康复医院")
    type_chinese(dialog.reason, "需要专科康复条件")
    dialog.day.setDate(QDate(2026, 5, 10))
    dialog.outside.setChecked(True)
    dialog.ok_button.click()
    loaded(qtbot)
    assert dialog.isVisible() and "经办机构同意" in dialog.error.text()
    assert dialog.consent_number.property("invalid") is True
    keep_screenshot(dialog, "transfer_out_refused.png", tmp_path)
    with archive.uow() as u:
        assert u.session.scalars(select(CaseTransfer)).all() == []
    type_chinese(dialog.consent_number, "泸人社康转〔2026〕8号")
    dialog.has_consent_date.setChecked(True)
    dialog.consent_date.setDate(QDate(2026, 5, 8))
    dialog.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None and dialog.transferred is not None
    assert dialog.transferred.summary.pdf.startswith(b"%PDF")
    assert page.standing.text().startswith("已转出：2026-05-10 转往 成都市第二康复医院")
    assert cells(page.transfers, 0)[:4] == ["转出", "2026-05-10", "成都市第二康复医院",
                                           "泸人社康转〔2026〕8号（2026-05-08）"]
    assert not page.out_button.isEnabled() and page.save_button.isEnabled()
    keep_screenshot(page, "transfer_page.png", tmp_path)
    with archive.uow() as u:  # the case list and the header say so (a derived state)
        row = case_row(u.session, case_id, archive.clock.today())
    assert row is not None and row.transferred_out_on == date(2026, 5, 10) and row.status == "admitted"
    assert status_text(row) == "已转出" and header_lines(row)[0].endswith("已转出")
    target = tmp_path / "小结.pdf"
    page.save_summary(target)
    loaded(qtbot)
    qtbot.waitUntil(lambda: page.saved == target)
    assert target.read_bytes() == dialog.transferred.summary.pdf
    try:  # the execution of a session after the transfer day is refused
        record(archive, case_id, session_at(archive, date(2026, 5, 11), 9))
        raise AssertionError("a session after the transfer out was recorded")
    except ValidationFailed as refused:
        assert "已于 2026-05-10 转出" in refused.errors[0].zh


def test_transfer_in_with_summary_and_used_counts(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    other = make_resident_id("510502", date(1980, 1, 2), 11, "M")
    case_id = admitted(archive, approved=40, resident_id=other, name="李四", number="8")
    record(archive, case_id, session_at(archive, ADMISSION + timedelta(days=1), 9, count=2))
    page = physician_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    dialog = page.open_in_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_chinese(dialog.institution, "泸县人民医院康复科")
    dialog.day.setDate(QDate(2026, 4, 3))
    dialog.spins[0].setValue(25)
    dialog.ok_button.click()  # no summary attached
    loaded(qtbot)
    assert dialog.isVisible() and "转院小结" in dialog.error.text()
    scan = tmp_path / "转院小结.pdf"
    scan.write_bytes(PDF)
    dialog.summary.add_paths([scan])
    keep_screenshot(dialog, "transfer_in_dialog.png", tmp_path)
    dialog.ok_button.click()
    loaded(qtbot)
    assert page.dialog is None
    assert page.standing.text().startswith("转入病例：2026-04-03 自 泸县人民医院康复科 转入")
    assert cells(page.counts, 0)[1:] == ["运动疗法", "40", "25", "2", "13"]
    assert cells(page.transfers, 0)[5] == "转院小结.pdf；运动疗法 25"
