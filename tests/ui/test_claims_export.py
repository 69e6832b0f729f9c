"""Preview and export from the claim page (BagIt package accepted by the check; signed PDFs
verify with pyHanko; a wrong certificate password is refused inline with nothing written),
the export dialog's Cancel before and after its point of no return, and the archive binder
from 档案 → 导出病例档案…."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pikepdf
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.db.models import Claim
from desktop_app.documents.bagit import check_bag
from desktop_app.documents.pdf_signing import verify_pdf
from desktop_app.services.admin.institution_certificate import set_certificate_path
from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.services.claims.claim_export import PackageResult
from desktop_app.services.core.progress import COMMITTING, Progress
from desktop_app.ui.kit.runner import Runner
from desktop_app.ui.records.package_export import ExportDialog
from desktop_app.ui.shell.main_window import MainWindow
from tests.documents.certs import PASSWORD, make_pkcs12
from tests.services.test_claims import make_course
from tests.ui.test_claims_page import officer_page
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["ward"]  # the fixture
EXPORT_TIMEOUT = 120_000  # ms: signing every PDF of a package on a busy machine


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What would have been opened with the system viewer or file browser."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


def final_claim(ward: Ward) -> tuple[int, int]:
    course = make_course(ward.archive)
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    return course.case_id, claim_id


def claim_status(ward: Ward, claim_id: int) -> str:
    with ward.archive.uow() as u:
        return u.session.scalars(select(Claim.status).where(Claim.id == claim_id)).one()


def run_export(qtbot: QtBot, dialog: ExportDialog, folder: Path) -> PackageResult:
    dialog.folder.setText(str(folder))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT) as done:
        dialog.export_button.click()
        loaded(qtbot)
    qtbot.waitUntil(lambda: dialog.job is None)
    return done.args[0]  # type: ignore[no-any-return]


def test_preview_then_export_a_package_that_verifies(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                                     opened: list[str]) -> None:
    case_id, claim_id = final_claim(ward)
    page = officer_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    assert page.selected_claim().claim_id == claim_id  # type: ignore[union-attr]
    assert page.preview_button.isEnabled() and page.export_button.isEnabled()
    page.preview_button.click()  # built off the UI thread
    loaded(qtbot)
    qtbot.waitUntil(lambda: page.preview_path is not None, timeout=EXPORT_TIMEOUT)
    assert page.preview_path is not None and opened == [str(page.preview_path)]
    with pikepdf.open(page.preview_path) as pdf:
        assert len(pdf.pages) >= 2

    dialog = page.export()
    assert dialog is not None and not dialog.sign.isEnabled()  # no certificate configured
    result = run_export(qtbot, dialog, tmp_path)
    assert check_bag(result.zip_path).ok and check_bag(result.folder).ok
    assert str(result.folder) in dialog.outcome.text() and dialog.open_button.isVisible()
    assert claim_status(ward, claim_id) == "exported"
    loaded(qtbot)
    assert page.claims[0].status == "exported"  # the page shows it
    dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSizeHint()))
    keep_screenshot(dialog, "claims_export.png", tmp_path)
    dialog.open_button.click()
    loaded(qtbot)
    assert opened[-1] == str(tmp_path)


def test_signed_export_verifies_and_a_wrong_password_writes_nothing(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str]) -> None:
    p12, root = make_pkcs12(tmp_path)
    with ward.archive.uow(ward.archive.admin) as u:
        set_certificate_path(u, str(p12))
    case_id, claim_id = final_claim(ward)
    page = officer_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    dialog = page.export()
    assert dialog is not None and dialog.sign.isEnabled() and not dialog.password.isEnabled()
    dialog.sign.setChecked(True)
    assert dialog.password.isEnabled()
    out = tmp_path / "signed"
    dialog.folder.setText(str(out))
    dialog.password.setText("wrong")
    assert dialog.start() is None
    assert "密码错误" in dialog.error.text() and dialog.password.text() == ""
    assert not out.exists() and claim_status(ward, claim_id) == "final"
    dialog.password.setText(PASSWORD)
    result = run_export(qtbot, dialog, out)
    assert result.signed and check_bag(result.zip_path).ok
    cover = next((result.folder / "data" / "documents").glob("CLAIM-*.pdf"))
    check = verify_pdf(cover.read_bytes(), [root])
    assert check.valid, check.summary
    assert dialog.password.text() == ""  # never kept


def test_export_refused_is_a_message_not_a_traceback(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id, claim_id = final_claim(ward)
    page = officer_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    first = page.export()
    assert first is not None
    run_export(qtbot, first, tmp_path)
    first.close()
    page.claim_table.selectRow(0)
    again = page.export()  # the same package exists: never overwritten
    assert again is not None
    again.folder.setText(str(tmp_path))
    again.export_button.click()
    loaded(qtbot)
    qtbot.waitUntil(lambda: again.job is None, timeout=EXPORT_TIMEOUT)
    boxes = [b for b in again.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "已存在" in boxes[0].text()
    assert "未导出" in again.stage.text()


def gated_work(release: threading.Event, committed: list[str]):  # type: ignore[no-untyped-def]
    """A stand-in export: waits, reports COMMITTING, waits again, then 'commits'."""

    def start(_out: Path, _sign: object):  # type: ignore[no-untyped-def]
        def work(progress: Progress) -> str:
            progress("documents", 1, 2)
            release.wait(10)
            release.clear()
            progress(COMMITTING, 0, 0)
            release.wait(10)
            committed.append("written")
            return "done"
        return work

    return start


def test_cancel_before_the_point_of_no_return_stops_and_after_it_is_refused(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    runner = Runner(ward.engine, ward.archive.clock, ward.archive.officer)
    release, committed = threading.Event(), []
    dialog = ExportDialog(runner, "t", "t", gated_work(release, committed), str, None)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    job = dialog.start()
    assert job is not None and dialog.cancel_button.isEnabled()
    # Listening before the cancel: the worker thread emits at its next report, which may come
    # before this thread gets back here (a late listener would miss the signal).
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        dialog.cancel()  # before COMMITTING: the work stops at its next report
        release.set()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert committed == [] and "已取消" in dialog.stage.text()

    release.clear()
    job = dialog.start()
    assert job is not None
    release.set()  # past the first wait: it reports COMMITTING and waits again
    qtbot.waitUntil(lambda: not dialog.cancel_button.isEnabled(), timeout=10_000)
    assert job.committing
    dialog.cancel()  # ignored: the package is being written
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as done:
        release.set()
    assert done.args == ["done"] and committed == ["written"]


def test_the_archive_binder_from_the_archive_menu(ward: Ward, qtbot: QtBot, tmp_path: Path,
                                                  opened: list[str]) -> None:
    case_id = ward.archive.archived_case()
    user = SignedIn(ward.archive.officer, "ro", "孙档案员", "records_officer")
    window = MainWindow(ward.engine, ward.archive.clock, "测试档案", user)
    loaded(qtbot)
    qtbot.addWidget(window)
    window.show()
    menu = window.archive_menu
    assert menu.binder_action.isVisible() and not menu.binder_action.isEnabled()
    window.open_case(case_id)
    loaded(qtbot)
    assert menu.binder_action.isEnabled()
    dialog = menu.open_binder_export()
    assert isinstance(dialog, ExportDialog)
    result = run_export(qtbot, dialog, tmp_path)
    assert result.name.startswith("archive-") and check_bag(result.zip_path).ok
    assert (result.folder / "data" / "audit" / "events.json").is_file()
    with pikepdf.open(io.BytesIO(result.documents[0].pdf)) as index:
        assert len(index.pages) >= 1


def test_a_therapist_has_no_export(ward: Ward, qtbot: QtBot) -> None:
    case_id, _claim_id = final_claim(ward)
    page_user = SignedIn(ward.archive.therapist, "pt", "李治疗师", "therapist")
    from desktop_app.ui.claims.claims_page import ClaimsPage

    page = ClaimsPage(Runner(ward.engine, ward.archive.clock, ward.archive.therapist), page_user)
    qtbot.addWidget(page)
    page.load(case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    assert not page.export_button.isEnabled() and not page.preview_button.isEnabled()


def test_the_administrator_sets_the_certificate_in_the_institution_settings(
        ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.services.admin.admin_view import institution_settings
    from desktop_app.ui.admin.institution_dialog import InstitutionDialog

    p12, _root = make_pkcs12(tmp_path)
    runner = Runner(ward.engine, ward.archive.clock, ward.archive.admin)
    dialog = InstitutionDialog(runner, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.certificate.text() == ""
    dialog.certificate.setText(str(tmp_path / "missing.p12"))
    dialog.ok_button.click()
    loaded(qtbot)
    assert "找不到文件" in dialog.error.text() and dialog.isVisible()
    dialog.certificate.setText(str(p12))
    dialog.ok_button.click()
    loaded(qtbot)
    assert not dialog.isVisible()
    with ward.archive.uow() as u:
        saved = institution_settings(u.session)
    assert saved is not None and saved.certificate_path == p12.resolve()
    again = InstitutionDialog(runner, None)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    assert again.certificate.text() == str(p12.resolve())
