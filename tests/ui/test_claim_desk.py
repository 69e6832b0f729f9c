"""The records officer's claim desk: every claim with its derived state and amounts
(thousands separators), the filters, a partial deduction and a payment recorded through the
answer dialog (confirmed first), the correction version issued from the desk — the desk then
shows the new draft and, with older versions, the old one as partly paid. The officer lands
on the desk; other roles do not; a double-click opens the case's claims tab. The month screen
shows amounts and totals, and its gates come from the cache the second time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.clock import china_datetime
from desktop_app.db.models import Claim, ClaimAnswer
from desktop_app.documents.money import yuan
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claim_answers, claims, claims_month
from desktop_app.ui.claims.claim_desk import STATE_COLUMN, ClaimDeskPage
from desktop_app.ui.claims.claims_month import ClaimsMonthDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.main_window import DESK, HOME, MainWindow
from tests.services.test_claims import make_course
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture
OFFICER = ("ro", "孙档案员", "records_officer")
SHOTS = Path("/tmp/desk-shots")


def desk_page(ward: Ward, qtbot: QtBot) -> ClaimDeskPage:
    archive = ward.archive
    page = ClaimDeskPage(Runner(ward.engine, archive.clock, archive.officer),
                         SignedIn(archive.officer, *OFFICER))
    qtbot.addWidget(page)
    page.resize(1180, 560)
    page.show()
    loaded(qtbot)
    return page


def texts(page: ClaimDeskPage, claim_id: int) -> list[str]:
    row = next(i for i, r in enumerate(page.rows) if r.claim_id == claim_id)
    return [page.table.item(row, c).text() for c in range(page.table.columnCount())]  # type: ignore[union-attr]


def exported_april_and_may_draft(ward: Ward) -> tuple[int, int, int]:
    archive = ward.archive
    course = make_course(archive)
    april, may = course.build("2026-04"), course.build("2026-05")
    course.finalize(april)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, april)
    archive.clock.current = china_datetime(date(2026, 6, 25), 9)
    return course.case_id, april, may


def test_the_desk_records_a_deduction_and_issues_the_correction(
        ward: Ward, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    case_id, april, may = exported_april_and_may_draft(ward)
    with archive.uow(archive.officer) as u:
        claim_answers.record_submitted(u, april, date(2026, 6, 5))
    page = desk_page(ward, qtbot)
    assert [r.claim_id for r in page.rows] == [may, april]  # newest period first
    row = texts(page, april)
    fund = page.rows[1].fund
    assert row[STATE_COLUMN] == "已报送" and row[7] == yuan(fund) and "," in row[6]
    assert texts(page, may)[STATE_COLUMN] == "草稿"
    assert "合计 2 份" in page.totals.text()
    page.state.setCurrentIndex(page.state.findData("submitted"))
    loaded(qtbot)
    assert [r.claim_id for r in page.rows] == [april]
    page.state.setCurrentIndex(0)
    page.period.setCurrentIndex(page.period.findData("2026-05"))
    loaded(qtbot)
    assert [r.claim_id for r in page.rows] == [may]
    page.period.setCurrentIndex(0)
    loaded(qtbot)

    page.select_claim(may)
    assert not page.answer_button.isEnabled()  # a draft is not answered
    page.select_claim(april)
    assert page.answer_button.isEnabled() and not page.correct_button.isEnabled()
    dialog = page.record_answer()
    assert dialog is not None and dialog.isVisible()
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [
        "returned", "deduction", "paid"]
    dialog.kind.setCurrentIndex(dialog.kind.findData("deduction"))
    assert dialog.table.isVisible() and not dialog.amount.isVisible()
    line = next(ln for ln in dialog.lines if ln.coverage == "fund")
    dialog.set_deduction(line.fee_line_id, str(line.amount + 1), "超出限定频次")
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.ok_button.click()  # more than the line: refused inline, nothing saved
    loaded(qtbot)
    assert dialog.isVisible() and "超过该行剩余金额" in dialog.error.text()
    dialog.set_deduction(line.fee_line_id, "12.50", "超出限定频次")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.ok_button.click()  # asked first; "No" saves nothing
    assert "扣减 ¥12.50（超出限定频次）" in asked[-1] and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    keep_screenshot(dialog, "claim_answer_dialog.png", SHOTS)
    dialog.ok_button.click()
    loaded(qtbot)
    assert not dialog.isVisible()
    with archive.uow() as u:
        [deduction] = u.session.scalars(select(ClaimAnswer).where(ClaimAnswer.kind == "deduction")).all()
        assert (deduction.fee_line_id, deduction.amount, deduction.reason, deduction.created_by_id) == (
            line.fee_line_id, Decimal("12.50"), "超出限定频次", archive.officer)

    page.select_claim(april)
    dialog = page.record_answer()
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData("paid"))
    dialog.amount.setText("1,000.00")
    dialog.ok_button.click()
    loaded(qtbot)
    row = texts(page, april)
    assert row[STATE_COLUMN] == "部分支付" and row[8] == "12.50" and row[9] == "1,000.00"
    assert page.correct_button.isEnabled()
    keep_screenshot(page, "claim_desk_partly_paid.png", SHOTS)

    page.select_claim(april)
    page.issue_correction()
    loaded(qtbot)
    with archive.uow() as u:
        v2 = u.session.scalars(select(Claim).where(Claim.supersedes_id == april)).one()
        v2_id, reason = v2.id, v2.correction_reason or ""
    assert "超出限定频次" in reason and "12.50" in reason
    assert [r.claim_id for r in page.rows] == [may, v2_id]
    assert texts(page, v2_id)[STATE_COLUMN] == "草稿" and texts(page, v2_id)[4] == "第2版"
    page.versions.setChecked(True)
    loaded(qtbot)
    assert [r.claim_id for r in page.rows] == [may, v2_id, april]
    old = texts(page, april)
    assert old[STATE_COLUMN] == "部分支付" and old[4] == "第1版（旧）"
    keep_screenshot(page, "claim_desk_versions.png", SHOTS)
    keep_screenshot(page, "claim_desk_versions.png", tmp_path)
    with qtbot.waitSignal(page.case_requested) as requested:
        page.table.activated.emit(page.table.model().index(0, 0))
    assert requested.args == [case_id]


def test_the_records_officer_lands_on_the_claim_desk(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    case_id, april, _may = exported_april_and_may_draft(ward)
    officer = MainWindow(ward.engine, archive.clock, "测试档案", SignedIn(archive.officer, *OFFICER))
    qtbot.addWidget(officer)
    officer.show()
    loaded(qtbot)
    assert officer.sections.currentIndex() == DESK and officer.desk is not None
    assert officer.sections.currentWidget() is officer.desk
    assert april in [r.claim_id for r in officer.desk.rows]
    officer.desk.case_requested.emit(case_id)
    loaded(qtbot)
    assert officer.workspace.tabs.currentWidget() is officer.workspace.claims
    therapist = MainWindow(ward.engine, archive.clock, "测试档案",
                           SignedIn(archive.therapist, "pt", "李治疗师", "therapist"))
    qtbot.addWidget(therapist)
    loaded(qtbot)
    assert therapist.desk is None and therapist.sections.count() == 2
    assert therapist.sections.currentIndex() == HOME


def test_the_month_shows_amounts_and_reuses_the_gates(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    course = make_course(archive)
    may = course.build("2026-05")
    total = course.view(may).totals
    cache = claims_month.GateCache()

    def month() -> ClaimsMonthDialog:
        dialog = ClaimsMonthDialog(Runner(ward.engine, archive.clock, archive.officer),
                                   SignedIn(archive.officer, *OFFICER), cache=cache)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
        dialog.month.setCurrentIndex(dialog.month.findData("2026-05"))
        qtbot.waitUntil(lambda: dialog.job is None and bool(dialog.cases), timeout=60_000)
        return dialog

    first = month()
    [case] = first.cases
    cells = [first.table.item(0, c).text() for c in range(first.table.columnCount())]  # type: ignore[union-attr]
    assert cells[6:8] == [yuan(total.total), yuan(total.settlement.fund_amount)]
    assert f"申报总额 ¥{yuan(total.total)}" in first.totals.text() and "1 份申报" in first.totals.text()
    keep_screenshot(first, "claims_month_amounts.png", SHOTS)
    misses = cache.misses
    first.close()
    again = month()
    assert cache.misses == misses and cache.hits >= 1  # the gate came from the cache
    assert [c.gaps for c in again.cases] == [case.gaps]
