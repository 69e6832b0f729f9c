"""The claim page previews a draft: built by a background job (the page stays responsive,
a progress dialog offers Cancel), opened in the viewer, watermarked 草稿 DRAFT on every
page; nothing is issued."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.db.models import IssuedDocument
from desktop_app.documents.page import DRAFT_WATERMARK
from tests.services.test_claims import make_course
from tests.ui.test_claims_export import EXPORT_TIMEOUT, opened
from tests.ui.test_claims_page import officer_page
from tests.ui.ward import Ward, loaded, ward

__all__ = ["opened", "ward"]  # the fixtures


def test_a_draft_previews_in_the_background_with_its_watermark(
        ward: Ward, qtbot: QtBot, tmp_path: Path, opened: list[str]) -> None:
    course = make_course(ward.archive)
    draft = course.build("2026-04")
    page = officer_page(ward, qtbot)
    page.load(course.case_id)
    loaded(qtbot)
    page.claim_table.selectRow(0)
    claim = page.selected_claim()
    assert claim is not None and (claim.claim_id, claim.status) == (draft, "draft")
    assert page.preview_button.isEnabled() and not page.export_button.isEnabled()
    page.preview_button.click()
    job = page.busy.job
    assert job is not None  # a background job runs the rendering, not the UI thread
    assert "草稿" in page.busy.dialog.labelText()  # the progress dialog (with Cancel) says so
    qtbot.waitUntil(lambda: page.preview_path is not None, timeout=EXPORT_TIMEOUT)
    loaded(qtbot)
    assert page.preview_path is not None and opened == [str(page.preview_path)]
    assert page.preview_path.name.endswith("_草稿预览.pdf")  # named for people
    text = subprocess.run(["pdftotext", "-raw", str(page.preview_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    assert all("".join(DRAFT_WATERMARK.split()) in "".join(p.split()) for p in pages)
    with ward.archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
