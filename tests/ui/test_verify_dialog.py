"""校验档案 with progress and Cancel, and the generic background job under it (offscreen)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from desktop_app.services.core.audit_chain import anchor_now
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.ui.integrity.verify_dialog import PROBLEM_COLOUR, VerifyDialog
from desktop_app.ui.kit.background import BUG, BackgroundJob, Cancelled, Progress
from tests.archive_fixture import ADMISSION
from tests.conftest import without_guards
from tests.ui.ward import Ward, keep_screenshot, ward

__all__ = ["ward"]  # the fixture
WAIT_MS = 20_000


def dialog_as(qtbot: QtBot, ward: Ward, user_id: int) -> VerifyDialog:
    dialog = VerifyDialog(ward.runner.as_actor(user_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run_to_end(qtbot: QtBot, dialog: VerifyDialog) -> None:
    job = dialog.start()
    assert job is not None and dialog.cancel_button.isEnabled()
    # Not waitSignal(job.finished): a short check can finish before a late listener connects.
    qtbot.waitUntil(lambda: job.isFinished() and dialog.start_button.isEnabled(), timeout=WAIT_MS)


def test_verify_names_a_tampered_session_signature_invalid(
        qtbot: QtBot, ward: Ward, engine: Engine, tmp_path: Path) -> None:
    case_id = ward.archive.discharged_case()
    dialog = dialog_as(qtbot, ward, ward.archive.officer)
    run_to_end(qtbot, dialog)
    assert dialog.report is not None and dialog.report.ok
    assert "全部通过" in dialog.summary.text()

    anchor = tmp_path / "anchor.json"
    anchor_now(engine, anchor, "2026-06-01T09:00:00+08:00", "test")
    without_guards(engine, "UPDATE treatment_session SET count = 3 WHERE case_id = :c "
                   "AND session_date = :d", c=case_id, d=ADMISSION + timedelta(days=1))
    dialog.anchor.setText(str(anchor))
    run_to_end(qtbot, dialog)
    report = dialog.report
    assert report is not None and not report.ok and report.anchored
    broken = [p for p in report.problems if p.area == "signature"]
    assert broken and all("treatment_session" in p.zh for p in broken)
    texts = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    red = [dialog.lines.item(i).text() for i in range(dialog.lines.count())
           if dialog.lines.item(i).foreground().color() == QColor(PROBLEM_COLOUR)]
    assert red == [str(p) for p in report.problems]
    assert "锚定文件 / anchor: 已核对 checked" in texts
    assert "个问题" in dialog.summary.text()
    qtbot.wait(50)  # let the layout place the summary before the grab
    keep_screenshot(dialog, "verify_dialog.png", tmp_path)


def test_cancel_stops_verify_without_a_result(qtbot: QtBot, ward: Ward,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is held at its first progress report until Cancel is pressed (a small
    archive would otherwise be verified before the click, on a busy machine)."""
    ward.archive.discharged_case()
    clicked = threading.Event()

    def held_verify(engine: Engine, anchor: object, progress: Progress) -> None:
        assert clicked.wait(WAIT_MS / 1000), "Cancel was never pressed"
        progress("audit_chain", 0, 1)  # raises Cancelled: the job's own check
        raise AssertionError("the progress report did not stop the work")

    monkeypatch.setattr("desktop_app.ui.integrity.verify_dialog.verify_archive", held_verify)
    dialog = dialog_as(qtbot, ward, ward.archive.admin)
    job = dialog.start()
    assert job is not None
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        dialog.cancel_button.click()
        clicked.set()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.report is None and dialog.lines.count() == 0
    assert "已取消" in dialog.stage.text()


def test_verify_stops_at_its_first_progress_report(engine: Engine, ward: Ward) -> None:
    ward.archive.discharged_case()
    calls: list[tuple[str, int, int]] = []

    def stop(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))
        raise Cancelled

    with pytest.raises(Cancelled):
        verify_archive(engine, progress=stop)
    assert len(calls) == 1 and calls[0][:2] == ("audit_chain", 0) and calls[0][2] > 0
    seen: list[str] = []
    verify_archive(engine, progress=lambda stage, _d, _t: seen.append(stage))
    assert list(dict.fromkeys(seen)) == ["audit_chain", "row_state", "signature", "attachment",
                                              "claim"]


def test_a_bad_anchor_file_is_a_message_and_nothing_runs(
        qtbot: QtBot, ward: Ward, tmp_path: Path) -> None:
    bad = tmp_path / "anchor.json"
    bad.write_text("{not json", encoding="utf-8")
    dialog = dialog_as(qtbot, ward, ward.archive.admin)
    dialog.anchor.setText(str(bad))
    assert dialog.start() is None and dialog.job is None
    box = dialog.findChild(QMessageBox)
    assert box is not None and "无法读取锚定文件" in box.text() and "Cannot read" in box.text()


def test_verify_is_refused_to_a_therapist_and_the_refusal_audited(
        qtbot: QtBot, ward: Ward) -> None:
    dialog = dialog_as(qtbot, ward, ward.archive.therapist)
    assert dialog.start() is None and dialog.job is None
    box = dialog.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    denied = ward.events("denied")
    assert denied and denied[-1].details["action"] == "audit.view"


# --- the generic background job (issue 4 reuses it) -------------------------------------


def test_a_job_reports_progress_and_its_result(qtbot: QtBot) -> None:
    def work(progress: Progress) -> int:
        for i in range(1, 4):
            progress("count", i, 3)
        return 42

    job = BackgroundJob(work)
    results: list[object] = []
    steps: list[tuple[str, int, int]] = []
    job.succeeded.connect(results.append)
    job.progressed.connect(lambda *step: steps.append(step))
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    qtbot.waitUntil(lambda: results == [42], timeout=WAIT_MS)
    assert steps[-1] == ("count", 3, 3)


def test_cancel_stops_a_job_at_its_next_report(qtbot: QtBot) -> None:
    started = threading.Event()
    reports = []

    def endless(progress: Progress) -> None:
        while True:
            started.set()
            reports.append(1)
            progress("loop", len(reports), 0)

    job = BackgroundJob(endless)
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    job.start()
    assert started.wait(5)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.cancel()
    qtbot.waitUntil(lambda: cancelled == [True], timeout=WAIT_MS)
    count = len(reports)
    assert not job.isRunning() and len(reports) == count  # nothing ran after the stop


def test_an_unexpected_error_is_logged_and_becomes_a_message(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def broken(_progress: Progress) -> None:
        raise RuntimeError("boom")

    job = BackgroundJob(broken)
    errors: list[object] = []
    job.failed.connect(errors.append)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        job.start()
    qtbot.waitUntil(lambda: errors == [BUG], timeout=WAIT_MS)
    assert any("boom" in (r.exc_text or "") or (r.exc_info and "boom" in str(r.exc_info[1]))
               for r in caplog.records)
