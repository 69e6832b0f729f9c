"""Previewing a frozen claim: its cover sheet and fee list in one PDF, issued as the export
issues them, so the package later carries byte-identical documents; a draft is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from desktop_app.errors import UserError
from desktop_app.services.claims import claim_export
from desktop_app.services.core.permissions import PermissionDenied
from tests.archive_fixture import Archive
from tests.services.test_claim_export import export, final_april_claim
from tests.services.test_claims import make_course


def test_preview_shows_what_the_package_will_carry(archive: Archive, tmp_path: Path) -> None:
    claim_id = final_april_claim(archive)
    with archive.uow(archive.officer) as u:
        preview = claim_export.preview_claim(u, claim_id)
    with pikepdf.open(io.BytesIO(preview)) as pdf:
        pages = len(pdf.pages)
        text = b"".join(page.Contents.read_bytes() for page in pdf.pages if "/Contents" in page)
    assert preview.startswith(b"%PDF") and pages >= 2 and text
    result = export(archive, claim_id, tmp_path)
    cover, fee_list = result.documents[:2]
    assert not cover.first_issue and cover.identical_to_first  # issued by the preview
    with pikepdf.open(io.BytesIO(cover.pdf)) as c, pikepdf.open(io.BytesIO(fee_list.pdf)) as f:
        assert pages == len(c.pages) + len(f.pages)


def test_a_draft_or_a_therapist_gets_no_preview(archive: Archive) -> None:
    course = make_course(archive)
    draft = course.build("2026-04")
    with archive.uow(archive.officer) as u, pytest.raises(UserError, match="draft"):
        claim_export.preview_claim(u, draft)
    course.finalize(draft)
    with archive.uow(archive.therapist) as u, pytest.raises(PermissionDenied):
        claim_export.preview_claim(u, draft)
