"""The charge page: bed-days up to a date, two drugs and an examination entered through the
dialog (item looked up by code), a HIS file with one bad row refused whole (the row named
in the dialog, nothing imported), the fixed file imported, a reversal with its reason,
and the sign-off with the password; the tab only for those who charge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import FeeLine
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import charge_signing
from desktop_app.services.clinical.case_view import list_cases
from desktop_app.ui.claims.charge_dialog import ChargeDialog
from desktop_app.ui.claims.charge_import_dialog import ChargeImportDialog
from desktop_app.ui.claims.charges_page import ChargesPage
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.case_workspace import CaseWorkspace, tab_title
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, type_chinese, ward

__all__ = ["ward"]  # the fixture

DRUG = "演示药品（布洛芬缓释胶囊 0.3g×20粒）"
XRAY = "演示检查（X线摄影 单部位）"


def lines(ward: Ward) -> int:
    with ward.archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(FeeLine)) or 0


def officer_page(ward: Ward, qtbot: QtBot) -> ChargesPage:
    archive = ward.archive
    page = ChargesPage(Runner(ward.engine, archive.clock, archive.officer),
                       SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(page)
    page.resize(1180, 620)
    page.show()
    return page


def enter(page: ChargesPage, qtbot: QtBot, code: str, day: date, qty: str, *, time: bool = False,
          dept: str = "", physician: str = "") -> ChargeDialog:
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ChargeDialog)
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClicks(dialog.code, code)
    dialog.code.editingFinished.emit()
    dialog.quantity.setText(qty)
    dialog.use_time.setChecked(time)
    if dept:
        type_chinese(dialog.dept_name, dept)
    if physician:
        type_chinese(dialog.physician_name, physician)
    return dialog


def test_enter_import_reverse_and_sign_off(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    case_id = archive.admitted_case()  # admitted 2026-04-03
    page = officer_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    assert page.table.rowCount() == 0

    page.through.setDate(QDate(2026, 4, 6))
    page.bed_button.click()
    loaded(qtbot)
    assert page.table.rowCount() == 4 and "新计床日 4 天" in page.notice.text()
    assert page.table.item(0, 0).text() == "2026-04-03" and page.table.item(0, 8).text() == "床位"

    drug, xray = archive.codes[DRUG], archive.codes[XRAY]
    dialog = enter(page, qtbot, drug, date(2026, 4, 10), "2", time=True, dept="康复医学科",
                   physician="王医生")
    assert "布洛芬" in dialog.item_label.text() and "¥15.80" in dialog.item_label.text()
    assert dialog.category.currentData() == "drug"
    qtbot.waitUntil(lambda: dialog.item_label.height() > dialog.quantity.height())  # two lines laid out
    keep_screenshot(dialog, "charge_dialog.png", tmp_path)
    dialog.ok_button.click()
    loaded(qtbot)
    assert dialog.result() == ChargeDialog.DialogCode.Accepted and dialog.line_id
    enter(page, qtbot, drug, date(2026, 4, 11), "1").ok_button.click()
    loaded(qtbot)
    refused = enter(page, qtbot, "NOPE", date(2026, 4, 11), "1")
    assert "无有效的目录项目" in refused.item_label.text()
    refused.ok_button.click()
    loaded(qtbot)
    assert "NOPE" in refused.error.text() and refused.isVisible()
    refused.reject()
    enter(page, qtbot, xray, date(2026, 4, 12), "1", dept="放射科").ok_button.click()
    loaded(qtbot)
    assert page.table.rowCount() == 7 and lines(ward) == 7
    row = next(r for r in range(7) if page.table.item(r, 2).text() == drug)
    assert page.table.item(row, 3).text().startswith("演示药品") and page.table.item(row, 7).text() == "31.60"
    assert page.table.item(row, 9).text() == "康复医学科" and page.table.item(row, 10).text() == "王医生"
    assert page.table.item(row, 1).text() == "08:00" and page.table.item(row, 12).text() == "未确认"

    bad = tmp_path / "his.csv"
    bad.write_bytes(("发生日期,项目编码,费用类别,数量,单价,开单医师\n"
                     f"2026-04-13,{drug},drug,3,15.80,刘医生\n"
                     f"2026-04-14,{drug},drug,1,99.00,刘医生\n").encode("gbk"))
    page.import_button.click()
    importer = page.dialog
    assert isinstance(importer, ChargeImportDialog)
    importer.path.setText(str(bad))
    importer.import_button.click()
    loaded(qtbot)
    assert importer.report is not None and not importer.report.ok
    assert importer.table.rowCount() == 1 and importer.table.item(0, 0).text().startswith("第3行")
    assert "99.00" in importer.table.item(0, 1).text() and "未导入任何费用" in importer.status.text()
    keep_screenshot(importer, "charge_import_refused.png", tmp_path)
    assert lines(ward) == 7
    bad.write_bytes(bad.read_bytes().replace(b"99.00", b"15.80"))
    importer.import_button.click()
    loaded(qtbot)
    assert importer.report is not None and importer.report.ok and importer.table.rowCount() == 0
    assert "已导入 2 笔" in importer.status.text() and lines(ward) == 9
    importer.reject()
    loaded(qtbot)
    assert page.table.rowCount() == 9

    page.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("录入数量错误", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert page.reverse_button.isEnabled()
    page.reverse_button.click()
    loaded(qtbot)
    assert page.table.rowCount() == 10
    texts = [page.table.item(r, 13).text() for r in range(10)]
    assert any(t.startswith("冲销 #") and "录入数量错误" in t for t in texts)
    assert "¥" in page.summary.text() and "未经录入人签名确认 10 笔" in page.summary.text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong", True))
    page.sign_button.click()
    loaded(qtbot)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "密码不正确" in boxes[0].text()
    boxes[0].close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSWORDS["ro"], True))
    page.sign_button.click()
    loaded(qtbot)
    assert "未经录入人签名确认 0 笔" in page.summary.text()
    assert {page.table.item(r, 12).text() for r in range(10)} == {"孙档案员"}
    with archive.uow() as u:
        assert charge_signing.unsigned_entries(u.session, case_id) == []
    keep_screenshot(page, "charges_page.png", tmp_path)


def test_the_tab_is_there_for_those_who_charge_only(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    with archive.uow() as u:
        row = next(r for r in list_cases(u.session, archive.clock.today()) if r.id == ward.case_id)
    shown = {}
    for user, role in ((SignedIn(archive.officer, "ro", "孙档案员", "records_officer"), "ro"),
                       (SignedIn(archive.therapist, "pt", "李治疗师", "therapist"), "pt")):
        workspace = CaseWorkspace(Runner(ward.engine, archive.clock, user.user_id), user)
        qtbot.addWidget(workspace)
        workspace.show_case(row)
        loaded(qtbot)
        shown[role] = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert tab_title("charges") in shown["ro"] and tab_title("charges") not in shown["pt"]
    assert shown["ro"].index(tab_title("charges")) == shown["ro"].index(tab_title("claims")) + 1
