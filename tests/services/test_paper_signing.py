"""Signing on paper (no pad on the ward PC): the printed signing page lists exactly the
sessions awaiting the patient; the signed page's scan is kept with the case and signs
those sessions in the same transaction, or nothing is kept at all."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.db.models import Attachment, IssuedDocument, Signature, TreatmentSession
from desktop_app.domain.identity import make_resident_id
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import paper_signing, treatment
from desktop_app.services.core.commands import AdmissionInput, AttachmentInput
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.signing import Signer
from tests.archive_fixture import ADMISSION, Archive
from tests.services.test_attachments import count

SCAN = b"%PDF-1.7\n1 0 obj <<>> endobj\n% a signed page, scanned\n%%EOF\n"
MEANING = "patient_confirms_sessions"


def sessions(archive: Archive, case_id: int, days: list[int]) -> list[int]:
    return [archive.record_session(case_id, ADMISSION + timedelta(days=d)) for d in days]


def scan(kind: str = "signed_sheet_scan", content: bytes = SCAN) -> AttachmentInput:
    return AttachmentInput("签字页.pdf", content, kind)


def states(archive: Archive, ids: list[int]) -> list[str]:
    with archive.uow() as u:
        return [u.session.get(TreatmentSession, i).record_state for i in ids]  # type: ignore[union-attr]


def test_the_printed_page_lists_the_sessions_with_their_record_numbers(archive: Archive,
                                                                         tmp_path: Path) -> None:
    case_id = archive.admitted_case()
    ids = sessions(archive, case_id, [2, 1])
    with archive.uow(archive.therapist) as u:
        issued = paper_signing.print_signing_sheet(u, ids)
    assert issued.pdf.startswith(b"%PDF-") and issued.kind == "signing_sheet"
    assert issued.doc_id.endswith(f"-{min(ids)}-{max(ids)}-2")
    path = tmp_path / issued.filename
    path.write_bytes(issued.pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "患者签字页" in text and "张三" in text
    # Time order on paper, each row with the record number the screen shows.
    assert text.index(f"#{ids[1]}") < text.index(f"#{ids[0]}")
    assert f"{ADMISSION + timedelta(days=1)} 至 {ADMISSION + timedelta(days=2)}" in text
    with archive.uow() as u:
        row = u.session.scalars(select(IssuedDocument)).one()
        assert (row.kind, row.case_id) == ("signing_sheet", case_id)


def test_the_printed_page_names_the_therapists_signature_by_number(archive: Archive,
                                                                    tmp_path: Path) -> None:
    case_id = archive.admitted_case()
    signed, unsigned = sessions(archive, case_id, [1, 2])
    therapist_signature = archive.sign_as_therapist([signed])
    with archive.uow(archive.therapist) as u:
        issued = paper_signing.print_signing_sheet(u, [signed, unsigned])
    path = tmp_path / issued.filename
    path.write_bytes(issued.pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count(f"签名 #{therapist_signature}") == 1  # the signed row only
    assert text.count("签名 #") == 1  # the other row awaits the therapist: no number
    lines = text.splitlines()
    row = next(n for n, line in enumerate(lines) if f"#{signed} " in line)
    near = "\n".join(lines[row - 1:row + 3])  # under (or beside) the performer's name
    assert "李治疗师" in near and f"签名 #{therapist_signature}" in near


def test_only_unsigned_sessions_of_one_case_are_printed(archive: Archive) -> None:
    case_id = archive.admitted_case()
    signed, waiting = sessions(archive, case_id, [1, 2])
    archive.sign_as_patient([("treatment_session", signed)])
    with archive.uow(archive.therapist) as u, pytest.raises(UserError) as caught:
        paper_signing.print_signing_sheet(u, [signed, waiting])
    assert f"#{signed}" in caught.value.zh
    with archive.uow(archive.therapist) as u, pytest.raises(UserError):
        paper_signing.print_signing_sheet(u, [])
    assert count(archive, IssuedDocument) == 0


def test_the_scan_signs_exactly_the_sessions_and_is_kept_with_the_case(archive: Archive) -> None:
    case_id = archive.admitted_case()
    ids = sessions(archive, case_id, [1, 2])
    other = sessions(archive, case_id, [3])
    records = [("treatment_session", i) for i in ids]
    proxy = Signer("relative", "张大", relationship="配偶", proof_note="患者右手骨折，查验户口簿")
    with archive.uow(archive.therapist) as u:
        signature_id = paper_signing.sign_with_scan(u, records, MEANING, proxy, scan())
    assert states(archive, ids) == ["signed", "signed"]
    assert states(archive, other) == ["draft"]
    with archive.uow() as u:
        signature = u.session.get(Signature, signature_id)
        assert signature is not None
        assert (signature.method, signature.signer_kind, signature.relationship_to_patient) == \
            ("scan", "relative", "配偶")
        attachment = u.session.get(Attachment, signature.attachment_id)
        assert attachment is not None
        assert (attachment.case_id, attachment.kind, attachment.media_type) == \
            (case_id, "signed_sheet_scan", "application/pdf")
        assert signing.check_signature(u.session, signature).valid


@pytest.mark.parametrize(("signer", "upload", "key"), [
    (Signer("patient", "张三"), scan(content=b"<html>not a scan</html>"), "scan"),
    (Signer("relative", "张大"), scan(), "relationship"),
])
def test_a_bad_scan_or_signer_keeps_nothing(archive: Archive, signer: Signer, upload: AttachmentInput,
                                            key: str) -> None:
    case_id = archive.admitted_case()
    ids = sessions(archive, case_id, [1])
    before = count(archive, Attachment)
    with archive.uow(archive.therapist) as u, pytest.raises(ValidationFailed) as caught:
        paper_signing.sign_with_scan(u, [("treatment_session", ids[0])], MEANING, signer, upload)
    assert key in [e.key for e in caught.value.errors]
    assert count(archive, Attachment) == before and count(archive, Signature) == 0
    assert states(archive, ids) == ["draft"]


def test_a_role_that_may_not_take_the_signature_keeps_nothing(archive: Archive) -> None:
    case_id = archive.admitted_case()
    ids = sessions(archive, case_id, [1])
    before = count(archive, Attachment)
    with archive.uow(archive.admin) as u, pytest.raises(PermissionDenied):
        paper_signing.sign_with_scan(u, [("treatment_session", ids[0])], MEANING,
                                     Signer("patient", "张三"), scan())
    assert count(archive, Attachment) == before and states(archive, ids) == ["draft"]


def test_a_scan_of_another_case_does_not_sign(archive: Archive) -> None:
    first = archive.admitted_case()
    (mine,) = sessions(archive, first, [1])
    other_id = make_resident_id("510502", date(1980, 5, 6), 12, "M")
    second = archive.register(name="李四", resident_id=other_id, recognition_number="泸人社工认〔2026〕102号")
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, second, archive.approval(decision_number="泸工康核〔2026〕2号"))
    with archive.uow(archive.officer) as u:
        intake.admit(u, second, AdmissionInput(ADMISSION, other_id))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, second, archive.plan())
    with archive.uow(archive.therapist) as u:
        paper_signing.sign_with_scan(u, [("treatment_session", archive.record_session(second, ADMISSION))],
                                     MEANING, Signer("patient", "李四"), scan())
    with archive.uow() as u:
        elsewhere = u.session.scalars(select(Attachment.id).where(Attachment.case_id == second)).one()
    with archive.uow(archive.therapist) as u, pytest.raises(ValidationFailed) as caught:
        signing.sign(u, [("treatment_session", mine)], MEANING, Signer("patient", "张三"),
                     scan_attachment_id=elsewhere)
    assert "同一病例" in caught.value.errors[0].zh
    with archive.uow(archive.therapist) as u, pytest.raises(UserError):
        paper_signing.sign_with_scan(u, [("treatment_session", mine), ("treatment_session", 10**6)],
                                     MEANING, Signer("patient", "张三"), scan())
    assert states(archive, [mine]) == ["draft"]
