"""Previewing a claim: a frozen claim's cover sheet and fee list in one PDF, issued as the
export issues them, so the package later carries byte-identical documents; a draft's
rendered under a DRAFT watermark on every page, never issued, stored or signed."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEvent, IssuedDocument, Signature
from desktop_app.documents.page import DRAFT_TITLE_SUFFIX, DRAFT_WATERMARK
from desktop_app.services.claims import claim_export
from desktop_app.services.core.permissions import PermissionDenied
from tests.archive_fixture import Archive
from tests.documents.pdf_checks import pdfa_3b_report, unexpected_preflight_errors
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


def page_texts(pdf: bytes, folder: Path, name: str) -> list[str]:
    """Each page's text as pdftotext extracts it (what a reader's search finds)."""
    path = folder / name
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]  # a form feed ends every page


def flat(text: str) -> str:
    return "".join(text.split())


def counts(archive: Archive) -> tuple[int, int, int]:
    with archive.uow() as u:
        return tuple(int(u.session.scalar(select(func.count()).select_from(model)) or 0)
                     for model in (IssuedDocument, Signature, AuditEvent))  # type: ignore[return-value]


def test_a_draft_previews_watermarked_on_every_page_and_nothing_is_issued(
        archive: Archive, tmp_path: Path) -> None:
    course = make_course(archive)
    draft = course.build("2026-04")
    before = counts(archive)
    with archive.uow(archive.officer) as u:
        preview = claim_export.preview_claim(u, draft)
    assert counts(archive) == before  # no issued document, no signature, no audit event
    pages = page_texts(preview, tmp_path, "draft.pdf")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert flat(DRAFT_WATERMARK) in flat(page), f"page {number} has no watermark"
    assert "工伤康复费用结算申报表" in pages[0] and "工伤康复费用清单" in flat("".join(pages))
    # Each part is PDF/A-3b on its own, titled and numbered as a draft.
    with archive.uow(archive.officer) as u:
        from desktop_app.services.claims.claim_view import claim_view
        from desktop_app.services.records import document_view

        docs = document_view.claim_documents(claim_view(u.session, draft), draft_at=u.clock.now())
    from desktop_app.documents.claim_cover import build_claim_cover
    from desktop_app.documents.identity import AuditAnchor, Institution

    built = build_claim_cover(docs.cover, institution=Institution("测试康复医院"),
                              anchor=AuditAnchor(1, "0" * 64), watermark=DRAFT_WATERMARK)
    assert pdfa_3b_report(built.pdf).passed
    (tmp_path / "cover.pdf").write_bytes(built.pdf)
    assert unexpected_preflight_errors(tmp_path / "cover.pdf") == []  # PDFBox, independently
    assert built.meta.doc_id.startswith("DRAFT-") and built.meta.title.endswith(DRAFT_TITLE_SUFFIX)
    with pikepdf.open(io.BytesIO(built.pdf)) as pdf:
        assert DRAFT_TITLE_SUFFIX in str(pdf.docinfo["/Title"])


def test_a_final_claims_documents_carry_no_watermark(archive: Archive, tmp_path: Path) -> None:
    claim_id = final_april_claim(archive)
    with archive.uow(archive.officer) as u:
        preview = claim_export.preview_claim(u, claim_id)
    assert all(flat(DRAFT_WATERMARK) not in flat(p) for p in page_texts(preview, tmp_path, "p.pdf"))
    result = export(archive, claim_id, tmp_path / "out")
    for doc in result.documents:
        text = flat("".join(page_texts(doc.pdf, tmp_path, doc.filename)))
        assert flat(DRAFT_WATERMARK) not in text and flat(DRAFT_TITLE_SUFFIX) not in text, doc.filename
        assert not doc.doc_id.startswith("DRAFT-")


def test_a_therapist_gets_no_preview(archive: Archive) -> None:
    course = make_course(archive)
    draft = course.build("2026-04")
    with archive.uow(archive.therapist) as u, pytest.raises(PermissionDenied):
        claim_export.preview_claim(u, draft)
    course.finalize(draft)
    with archive.uow(archive.therapist) as u, pytest.raises(PermissionDenied):
        claim_export.preview_claim(u, draft)
