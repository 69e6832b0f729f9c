"""申报汇总表 from the month dialog: made in the background, its totals shown, signed off by
the records officer and then the administrator (the same person twice refused inline),
and exported as PDF/A and XLSX."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import Claim
from desktop_app.documents.money import yuan
from desktop_app.services.admin import accounts
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.claims.monthly_summary_dialog import MonthlySummaryDialog
from desktop_app.ui.kit.runner import Runner
from tests.services.test_claims import PASSWORD, make_course
from tests.ui.test_claims_month import month_dialog
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture
APRIL = "2026-04"
TIMEOUT = 60_000


def settle(qtbot: QtBot, dialog: MonthlySummaryDialog) -> None:
    qtbot.waitUntil(lambda: dialog.busy is None, timeout=TIMEOUT)
    loaded(qtbot)


def test_make_sign_off_and_export_the_months_summary(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    archive = ward.archive
    course = make_course(archive)
    claim_id = course.build(APRIL)
    course.finalize(claim_id)
    for actor in (archive.officer, archive.admin):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, actor, PASSWORD)
    with archive.uow() as u:
        claim = u.session.get(Claim, claim_id)
        assert claim is not None
        total = Decimal(str(claim.totals["total"]))
        fund = Decimal(str(claim.totals["by_payer"]["fund"]))  # type: ignore[index]

    month = month_dialog(ward, qtbot, APRIL)
    assert month.summary_button.isEnabled() and month.summary_button.isVisible()
    keep_screenshot(month, "claims_month_with_summary.png", tmp_path)
    month.summary_button.click()
    dialog = month.summary_dialog
    assert dialog is not None and dialog.month == APRIL
    assert "尚未生成" in dialog.status.text() and not dialog.export_button.isEnabled()
    dialog.generate_button.click()
    assert dialog.busy is not None and dialog.busy.job is not None  # off the UI thread
    assert not dialog.generate_button.isEnabled()
    settle(qtbot, dialog)
    assert dialog.view is not None and dialog.view.total == total
    assert f"¥{yuan(total)}" in dialog.status.text() and "第 1 版" in dialog.status.text()
    shown = {dialog.totals.item(r, 0).text(): dialog.totals.item(r, 1).text()
             for r in range(dialog.totals.rowCount())}
    assert shown["合计"] == yuan(total) and shown["按支付方：工伤保险基金支付"] == yuan(fund)
    assert dialog.sign_offs.text().count("待签署") == 2

    dialog.password.setText(PASSWORD)
    dialog.sign_button.click()  # the records officer signs as 经办人
    qtbot.waitUntil(lambda: "孙档案员" in dialog.sign_offs.text(), timeout=TIMEOUT)
    assert dialog.sign_offs.text().count("待签署") == 1 and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.sign_button.click()  # …and again: refused, inline
    qtbot.waitUntil(lambda: "同一人" in dialog.error.text(), timeout=TIMEOUT)
    assert dialog.sign_offs.text().count("待签署") == 1

    reviewer = MonthlySummaryDialog(Runner(ward.engine, archive.clock, archive.admin), APRIL,
                                    SignedIn(archive.admin, "admin", "管理员", "admin"))
    qtbot.addWidget(reviewer)
    reviewer.show()
    assert not reviewer.generate_button.isEnabled() and reviewer.sign_button.isEnabled()
    reviewer.password.setText(PASSWORD)
    reviewer.sign_button.click()
    qtbot.waitUntil(lambda: "待签署" not in reviewer.sign_offs.text(), timeout=TIMEOUT)
    assert "审核人：管理员" in reviewer.sign_offs.text() and not reviewer.sign_button.isEnabled()

    dialog.load()
    dialog.folder.setText(str(tmp_path))
    dialog.export_button.click()
    settle(qtbot, dialog)
    assert dialog.files is not None and dialog.files.pdf.is_file() and dialog.files.xlsx.is_file()
    assert str(dialog.files.pdf) in dialog.outcome.text()
    with archive.uow() as u:  # nothing changed the claims
        assert u.session.scalars(select(Claim.status).where(Claim.id == claim_id)).one() == "final"
    keep_screenshot(dialog, "monthly_summary_dialog.png", tmp_path)
