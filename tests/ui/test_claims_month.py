"""The month screen: every case of the month with its gate; a blocked case is listed with
its gaps and never built; the batch builds the ready cases only, freezes them after a
confirmation and exports one package each; the 结算 menu opens it for records officers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import Claim
from desktop_app.documents.bagit import check_bag
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims import claims_month
from desktop_app.ui.claims.claims_month import GATE_COLUMN, ClaimsMonthDialog
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.shell.main_window import MainWindow
from tests.services.test_claims import MAY_SESSIONS, make_course
from tests.ui.test_claims_export import opened, run_export
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["opened", "ward"]  # the fixtures
MAY = "2026-05"
OFFICER = ("ro", "孙档案员", "records_officer")


def month_dialog(ward: Ward, qtbot: QtBot, month: str = MAY) -> ClaimsMonthDialog:
    archive = ward.archive
    dialog = ClaimsMonthDialog(Runner(ward.engine, archive.clock, archive.officer),
                               SignedIn(archive.officer, *OFFICER))
    qtbot.addWidget(dialog)
    dialog.show()
    idle(qtbot, dialog)
    dialog.month.setCurrentIndex(dialog.month.findData(month))
    idle(qtbot, dialog)
    return dialog


def idle(qtbot: QtBot, dialog: ClaimsMonthDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)


def may_claims(ward: Ward) -> list[tuple[int, str]]:
    with ward.archive.uow() as u:
        return [(c.case_id, c.status) for c in u.session.scalars(
            select(Claim).where(Claim.period == MAY).order_by(Claim.id))]


def test_the_month_builds_freezes_and_exports_the_ready_cases_only(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    ready, blocked = make_course(archive), make_course(archive, sign_all=False)
    dialog = month_dialog(ward, qtbot)
    rows = {c.case_id: i for i, c in enumerate(dialog.cases)}
    assert set(rows) == {ready.case_id, blocked.case_id}
    gate = dialog.table.item(rows[blocked.case_id], GATE_COLUMN).text()
    assert gate.startswith("1 项阻断") and "未经患者签字确认" in gate
    assert dialog.table.item(rows[ready.case_id], GATE_COLUMN).text().startswith("完整")
    assert dialog.build_button.text().endswith("（1）") and dialog.build_button.isEnabled()
    assert not dialog.finalize_button.isEnabled() and not dialog.export_button.isEnabled()
    dialog.table.selectRow(rows[blocked.case_id])
    unsigned = blocked.sessions[MAY_SESSIONS[-1]]
    assert f"治疗记录 #{unsigned}" in dialog.gaps.text()
    with qtbot.waitSignal(dialog.case_requested) as requested:
        dialog.table.activated.emit(dialog.table.model().index(rows[blocked.case_id], 0))
    assert requested.args == [blocked.case_id]

    dialog.build_button.click()
    qtbot.waitUntil(lambda: bool(dialog.outcomes) and dialog.job is None, timeout=60_000)
    assert may_claims(ward) == [(ready.case_id, "draft")]  # the blocked case is not built
    states = {c.case_id: c.state for c in dialog.cases}
    assert states == {ready.case_id: claims_month.DRAFT, blocked.case_id: claims_month.BLOCKED}
    assert "已生成 1 个" in dialog.outcome.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    dialog.finalize_button.click()
    assert may_claims(ward) == [(ready.case_id, "draft")]  # not confirmed: nothing frozen
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog.outcomes = []
    dialog.finalize_button.click()
    qtbot.waitUntil(lambda: bool(dialog.outcomes) and dialog.job is None, timeout=60_000)
    assert may_claims(ward) == [(ready.case_id, "final")]
    assert dialog.export_button.isEnabled()

    export = dialog.export()
    assert export is not None
    outcomes = run_export(qtbot, export, tmp_path)
    assert [(o.case_id, o.ok) for o in outcomes] == [(ready.case_id, True)]
    assert check_bag(outcomes[0].package).ok  # type: ignore[arg-type]
    assert "已导出 1 个" in export.outcome.text()
    export.close()
    idle(qtbot, dialog)
    assert may_claims(ward) == [(ready.case_id, "exported")]
    dialog.table.selectRow(rows[blocked.case_id])
    keep_screenshot(dialog, "claims_month.png", tmp_path)


def test_one_run_builds_freezes_and_exports_after_a_confirmation(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ward.archive
    ready, other, blocked = make_course(archive), make_course(archive), make_course(archive, sign_all=False)
    dialog = month_dialog(ward, qtbot)
    assert dialog.run_button.isEnabled() and dialog.run_button.text() == "一次生成、确认并导出（2）…"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    assert dialog.run_all() is None and may_claims(ward) == []  # not confirmed: nothing written
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    run = dialog.run_all()
    assert run is not None
    outcomes = run_export(qtbot, run, tmp_path)
    assert [(o.case_id, o.ok) for o in outcomes] == [(ready.case_id, True), (other.case_id, True)]
    assert all(check_bag(o.package).ok for o in outcomes)  # type: ignore[arg-type]
    assert "已导出 2 个" in run.outcome.text()
    run.close()
    idle(qtbot, dialog)
    assert may_claims(ward) == [(ready.case_id, "exported"), (other.case_id, "exported")]
    assert blocked.case_id not in {case_id for case_id, _status in may_claims(ward)}
    assert not dialog.run_button.isEnabled() and dialog.run_button.text().endswith("（0）…")


def test_a_month_with_only_blocked_cases_builds_nothing(ward: Ward, qtbot: QtBot) -> None:
    make_course(ward.archive, sign_all=False)
    dialog = month_dialog(ward, qtbot)
    assert [c.state for c in dialog.cases] == [claims_month.BLOCKED]
    assert not dialog.build_button.isEnabled() and dialog.build() is None
    assert not dialog.run_button.isEnabled() and dialog.run_all() is None
    assert may_claims(ward) == []


def test_the_claims_menu_is_the_records_officers(ward: Ward, qtbot: QtBot) -> None:
    archive = ward.archive
    for user, visible in ((SignedIn(archive.officer, *OFFICER), True),
                          (SignedIn(archive.therapist, "pt", "李治疗师", "therapist"), False)):
        window = MainWindow(ward.engine, archive.clock, "测试档案", user)
        loaded(qtbot)
        qtbot.addWidget(window)
        assert window.claims_month_action.isVisible() is visible
    officer = MainWindow(ward.engine, archive.clock, "测试档案", SignedIn(archive.officer, *OFFICER))
    loaded(qtbot)
    qtbot.addWidget(officer)
    officer.claims_month_action.trigger()
    dialog = officer.findChild(ClaimsMonthDialog)
    assert dialog is not None and dialog.isVisible()
    idle(qtbot, dialog)
