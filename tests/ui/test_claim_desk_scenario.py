"""Issue 17's scenario, as a records officer works it through the screens: bed-days, two drug
orders and an examination entered for an inpatient; a HIS charge file with one bad row
refused whole (the row named, nothing imported), fixed and imported; the charges signed off;
the April claim built, previewed as a watermarked draft, frozen and exported; the agency's
answer recorded on the claim desk (submitted, a partial deduction, the rest paid); the
correction version issued — and the desk showing each state with amounts that add up to
the charges and sessions entered."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import CatalogueItem, Claim, FeeLine
from desktop_app.documents.bagit import check_bag
from desktop_app.documents.money import yuan
from desktop_app.documents.page import DRAFT_WATERMARK
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.claims.charge_import_dialog import ChargeImportDialog
from desktop_app.ui.claims.claim_desk import STATE_COLUMN, ClaimDeskPage
from desktop_app.ui.kit.runner import Runner
from tests.services.test_claims import APRIL_SESSIONS, make_course
from tests.ui.test_charges_page import DRUG, XRAY, enter
from tests.ui.test_charges_page import officer_page as charges_page
from tests.ui.test_claims_export import EXPORT_TIMEOUT, opened, run_export
from tests.ui.test_claims_page import officer_page as claims_page
from tests.ui.ward import PASSWORDS, Ward, keep_screenshot, loaded, ward

__all__ = ["opened", "ward"]  # the fixtures
BED = "演示床位费（康复病房普通床位）"
DEDUCTED = Decimal("60.00")  # the agency deducts the examination


def price(ward: Ward, name: str) -> Decimal:
    with ward.archive.uow() as u:
        return u.session.scalars(select(CatalogueItem.price).where(CatalogueItem.name == name)).one()


def desk_cells(page: ClaimDeskPage, claim_id: int) -> list[str]:
    row = next(i for i, r in enumerate(page.rows) if r.claim_id == claim_id)
    return [page.table.item(row, c).text() for c in range(page.table.columnCount())]  # type: ignore[union-attr]


def test_from_charges_to_the_agencys_deduction_and_the_correction(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    course = make_course(archive, charges=False)  # sessions and assessments, signed; no charge yet
    case_id = course.case_id
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    # 1. Charges: bed-days to the end of April, two drug orders, an examination.
    charges = charges_page(ward, qtbot)
    charges.load(case_id)
    loaded(qtbot)
    charges.through.setDate(QDate(2026, 4, 30))
    charges.bed_button.click()
    loaded(qtbot)
    bed_days = charges.table.rowCount()
    assert bed_days == (date(2026, 4, 30) - date(2026, 4, 3)).days + 1  # admission day in
    enter(charges, qtbot, archive.codes[DRUG], date(2026, 4, 10), "2", time=True, dept="康复医学科",
          physician="王医生").ok_button.click()
    loaded(qtbot)
    enter(charges, qtbot, archive.codes[DRUG], date(2026, 4, 17), "1").ok_button.click()
    loaded(qtbot)
    enter(charges, qtbot, archive.codes[XRAY], date(2026, 4, 12), "1", dept="放射科").ok_button.click()
    loaded(qtbot)
    assert charges.table.rowCount() == bed_days + 3

    # 2. A HIS export with one bad row (a price that is not the catalogue's): nothing imported.
    his = tmp_path / "his.csv"
    his.write_bytes(("发生日期,项目编码,费用类别,数量,单价,开单医师\n"
                     f"2026-04-20,{archive.codes[DRUG]},drug,3,15.80,刘医生\n"
                     f"2026-04-21,{archive.codes[DRUG]},drug,1,16.80,刘医生\n").encode("gbk"))
    charges.import_button.click()
    importer = charges.dialog
    assert isinstance(importer, ChargeImportDialog)
    importer.path.setText(str(his))
    importer.import_button.click()
    loaded(qtbot)
    assert importer.report is not None and not importer.report.ok
    assert importer.table.rowCount() == 1 and importer.table.item(0, 0).text().startswith("第3行")
    assert charges.table.rowCount() == bed_days + 3  # nothing imported
    his.write_bytes(his.read_bytes().replace(b"16.80", b"15.80"))
    importer.import_button.click()
    loaded(qtbot)
    assert importer.report is not None and importer.report.ok
    importer.reject()
    loaded(qtbot)
    assert charges.table.rowCount() == bed_days + 5
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (PASSWORDS["ro"], True))
    charges.sign_button.click()
    loaded(qtbot)
    assert "未经录入人签名确认 0 笔" in charges.summary.text()
    entered = (bed_days * price(ward, BED) + (2 + 1 + 3 + 1) * price(ward, DRUG)
               + price(ward, XRAY))

    # 3. The April claim: built, previewed as a draft, frozen, exported.
    claims = claims_page(ward, qtbot)
    claims.load(case_id)
    loaded(qtbot)
    claims.period.setCurrentIndex(claims.period.findData("2026-04"))
    loaded(qtbot)
    claims.build_button.click()
    loaded(qtbot)
    claims.claim_table.selectRow(0)
    draft = claims.selected_claim()
    assert draft is not None and draft.status == "draft"
    with archive.uow() as u:
        sessions_billed = u.session.scalar(select(func.sum(FeeLine.amount)).where(
            FeeLine.claim_id == draft.claim_id, FeeLine.session_id.is_not(None)))
        session_lines = u.session.scalar(select(func.count()).select_from(FeeLine).where(
            FeeLine.claim_id == draft.claim_id, FeeLine.session_id.is_not(None)))
    assert session_lines == len(APRIL_SESSIONS)
    assert draft.total == entered + sessions_billed
    claims.preview_button.click()
    qtbot.waitUntil(lambda: claims.preview_path is not None, timeout=EXPORT_TIMEOUT)
    loaded(qtbot)
    assert claims.preview_path is not None and "草稿预览" in claims.preview_path.name
    text = subprocess.run(["pdftotext", "-raw", str(claims.preview_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "".join(DRAFT_WATERMARK.split()) in "".join(text.split())
    claims.claim_table.selectRow(0)
    claims.finalize_button.click()
    loaded(qtbot)
    claims.claim_table.selectRow(0)
    frozen = claims.selected_claim()
    assert frozen is not None and frozen.status == "final"
    dialog = claims.export()
    assert dialog is not None
    package = run_export(qtbot, dialog, tmp_path / "out")
    assert check_bag(package.zip_path).ok

    # 4. The claim desk: exported → submitted → a deduction → the rest paid; the correction.
    archive.clock.current = china_datetime(date(2026, 6, 25), 9)
    desk = ClaimDeskPage(Runner(ward.engine, archive.clock, archive.officer),
                         SignedIn(archive.officer, "ro", "孙档案员", "records_officer"))
    qtbot.addWidget(desk)
    desk.resize(1180, 560)
    desk.show()
    loaded(qtbot)
    april = frozen.claim_id
    cells = desk_cells(desk, april)
    assert cells[STATE_COLUMN] == "已导出" and cells[6] == yuan(entered + sessions_billed)
    assert "," in cells[6]  # thousands separated
    fund = next(r.fund for r in desk.rows if r.claim_id == april)

    def answer(kind: str) -> None:
        desk.select_claim(april)
        dialog = desk.record_answer()
        assert dialog is not None
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        if kind == "deduction":
            with archive.uow() as u:
                xray = u.session.scalars(select(FeeLine.id).where(
                    FeeLine.claim_id == april, FeeLine.name == XRAY)).one()
            dialog.set_deduction(xray, str(DEDUCTED), "检查无医嘱依据")
        dialog.ok_button.click()
        loaded(qtbot)
        assert not dialog.isVisible(), dialog.error.text()

    answer("submitted")
    assert desk_cells(desk, april)[STATE_COLUMN] == "已报送"
    answer("deduction")
    cells = desk_cells(desk, april)
    assert cells[8] == yuan(DEDUCTED) and cells[9] == ""  # nothing paid yet
    answer("paid")  # the amount offered is what is still due: the fund's share less the deduction
    cells = desk_cells(desk, april)
    assert cells[STATE_COLUMN] == "已支付" and cells[9] == yuan(fund - DEDUCTED)
    keep_screenshot(desk, "claim_desk_scenario.png", tmp_path)

    desk.select_claim(april)
    assert desk.correct_button.isEnabled()
    desk.issue_correction()
    loaded(qtbot)
    with archive.uow() as u:
        v2 = u.session.scalars(select(Claim.id).where(Claim.supersedes_id == april)).one()
    assert [r.claim_id for r in desk.rows] == [v2]
    assert desk_cells(desk, v2)[STATE_COLUMN] == "草稿" and desk_cells(desk, v2)[4] == "第2版"
    desk.versions.setChecked(True)
    loaded(qtbot)
    old = desk_cells(desk, april)
    assert old[STATE_COLUMN] == "已支付" and old[6] == yuan(entered + sessions_billed)
    assert (old[8], old[9]) == (yuan(DEDUCTED), yuan(fund - DEDUCTED))
