"""Scanned attachments: stored by SHA-256 with size and media type read from the content,
audited; intake keeps application materials and an approval its decision scan in the same
transaction; bad files refuse the whole use case. Also the admission's identity check."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Approval, Attachment, AttachmentBlob, AuditEvent, RehabCase
from desktop_app.domain.attachments import human_size, sniff_media_type, validate_attachment
from desktop_app.errors import ValidationFailed
from desktop_app.services.core.commands import AdmissionInput, AttachmentInput
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.records import attachments
from tests.archive_fixture import ADMISSION, VALID_ID, Archive

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0" + b"JFIF" + bytes(40)


def count(archive: Archive, model: type) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(model)) or 0


# ----------------------------------------------------------------------------- domain


@pytest.mark.parametrize(("content", "media"), [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
    (b"II*\x00rest", "image/tiff"), (b"MM\x00*rest", "image/tiff"),
    (b"PK\x03\x04 a zip", None), (b"<html>", None)])
def test_media_type_is_read_from_the_content(content: bytes, media: str | None) -> None:
    assert sniff_media_type(content) == media


def test_bad_files_are_named() -> None:
    assert validate_attachment("a.pdf", PDF, "application_material") == []
    fields = {e.zh for e in validate_attachment("伪装.pdf", b"MZ\x90\x00 exe", "other")}
    assert fields == {"“伪装.pdf”不是图片（PNG/JPEG/TIFF）或PDF文件"}
    assert [e.en for e in validate_attachment("空.png", b"", "other")] == ["The file '空.png' is empty"]
    assert len(validate_attachment(" ", PDF, "no_such_kind")) == 2
    too_big = b"%PDF-" + bytes(20 * 1024 * 1024)
    assert "过大" in validate_attachment("big.pdf", too_big, "other")[0].zh
    assert human_size(1536) == "1.5 KB" and human_size(3 * 1024 * 1024) == "3.0 MB"


# ----------------------------------------------------------------------------- service


def test_add_attachment_stores_hash_size_type_and_is_audited(archive: Archive,
                                                             tmp_path: Path) -> None:
    case_id = archive.register()
    scan = tmp_path / "认定书.png"
    scan.write_bytes(PNG)
    with archive.uow(archive.therapist) as u:
        first = attachments.add_attachment(
            u, case_id, attachments.read_file(scan, "recognition_decision", "第1页"))
    with archive.uow(archive.officer) as u:  # the same content again: one blob, two rows
        attachments.add_attachment(u, case_id, AttachmentInput("copy.png", PNG, "other"))
    with archive.uow() as u:
        rows = attachments.case_attachments(u.session, case_id)
        assert attachments.attachment_content(u.session, first) == PNG
        events = u.session.execute(select(AuditEvent.actor_id, AuditEvent.case_id).where(
            AuditEvent.record_type == "attachment").order_by(AuditEvent.id)).all()
    digest = hashlib.sha256(PNG).hexdigest()
    assert [(r.filename, r.kind_label, r.media_type, r.size, r.sha256, r.description)
            for r in rows] == [("认定书.png", "工伤认定决定书", "image/png", len(PNG), digest, "第1页"),
                               ("copy.png", "其他", "image/png", len(PNG), digest, None)]
    assert count(archive, AttachmentBlob) == 1
    assert [tuple(e) for e in events] == [(archive.therapist, case_id),
                                                         (archive.officer, case_id)]


def test_a_bad_file_or_a_forbidden_role_saves_nothing(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed):
        attachments.add_attachment(u, case_id, AttachmentInput("a.docx", b"PK\x03\x04", "other"))
    with archive.uow(archive.admin) as u, pytest.raises(PermissionDenied):
        attachments.add_attachment(u, case_id, AttachmentInput("a.pdf", PDF, "other"))
    assert count(archive, Attachment) == count(archive, AttachmentBlob) == 0


def test_intake_keeps_the_application_materials_with_the_case(archive: Archive) -> None:
    materials = (AttachmentInput("申请表.pdf", PDF, "application_material"),
                 AttachmentInput("认定书.jpg", JPEG, "recognition_decision"))
    case_id = archive.register(materials=materials)
    with archive.uow() as u:
        rows = attachments.case_attachments(u.session, case_id)
    assert [(r.filename, r.media_type) for r in rows] == [("申请表.pdf", "application/pdf"),
                                                          ("认定书.jpg", "image/jpeg")]


def test_a_bad_material_refuses_the_whole_intake(archive: Archive) -> None:
    before = count(archive, RehabCase)
    bad = (AttachmentInput("申请表.pdf", PDF, "application_material"),
           AttachmentInput("照片.heic", b"\x00\x00\x00\x18ftypheic", "application_material"))
    with pytest.raises(ValidationFailed) as caught:
        archive.register(materials=bad)
    assert [e.key for e in caught.value.errors] == ["materials.2"]
    assert count(archive, RehabCase) == before
    assert count(archive, Attachment) == count(archive, AttachmentBlob) == 0


def test_the_approval_keeps_its_decision_scan(archive: Archive) -> None:
    case_id = archive.register()
    scan = AttachmentInput("核准结论书.pdf", PDF, "approval_decision")
    with archive.uow(archive.officer) as u:
        approval_id = intake.record_approval(u, case_id, archive.approval(decision_scan=scan))
    with archive.uow() as u:
        approval = u.session.get(Approval, approval_id)
        assert approval is not None and approval.attachment_id is not None
        attachment = u.session.get(Attachment, approval.attachment_id)
        assert attachment is not None
        assert (attachment.case_id, attachment.kind) == (case_id, "approval_decision")


def test_a_bad_decision_scan_refuses_the_approval(archive: Archive) -> None:
    case_id = archive.register()
    scan = AttachmentInput("核准结论书.txt", b"plain text", "approval_decision")
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed) as caught:
        intake.record_approval(u, case_id, archive.approval(decision_scan=scan))
    assert [e.key for e in caught.value.errors] == ["decision_scan"]
    assert count(archive, Approval) == count(archive, Attachment) == 0


@pytest.mark.parametrize(("entered", "method", "key"), [
    ("", "manual", "identity_check"),
    ("110105194912310038", "manual", "identity_check"),
    (VALID_ID, "fingerprint", "check_method")])
def test_admission_refuses_a_missing_or_wrong_identity_check(archive: Archive, entered: str,
                                                             method: str, key: str) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed) as caught:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, entered, method, "3-12"))
    assert [e.key for e in caught.value.errors] == [key]
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.status, case.admission_date, case.bed_number) == ("approved", None, None)
