"""Claim packages on both engines: the BagIt check, data files against the PDF, rebuilds,
the gate at export, and the issued-document rows the database keeps unchanged."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.db.models import AuditEvent, Claim, IssuedDocument
from desktop_app.documents.bagit import check_bag
from desktop_app.documents.data_files import FEE_DETAIL_COLUMNS, validate_claim_json
from desktop_app.documents.money import yuan
from desktop_app.documents.pdfa import SUMS_NAME
from desktop_app.domain.canonical import sha256_hex
from desktop_app.errors import UserError
from desktop_app.services.admin import accounts
from desktop_app.services.claims import claim_export, claim_gate, claims
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import AssessmentInput
from desktop_app.services.core.lookup import current_plan
from tests.archive_fixture import ADMISSION, Archive
from tests.documents.pdf_checks import pdfa_3b_report
from tests.services.test_claims import BI, PASSWORD, make_course, staff_sign


def export(archive: Archive, claim_id: int, out: Path) -> claim_export.PackageResult:
    with archive.uow(archive.officer) as u:
        return claim_export.export_claim(u, claim_id, out)


def final_april_claim(archive: Archive) -> int:
    course = make_course(archive)
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    return claim_id


def test_package_verifies_and_names_what_changed(archive: Archive, tmp_path: Path) -> None:
    claim_id = final_april_claim(archive)
    result = export(archive, claim_id, tmp_path)
    assert check_bag(result.folder).ok and check_bag(result.zip_path).ok
    info = check_bag(result.zip_path).info
    assert (info["Audit-Anchor-Seq"], info["Audit-Anchor-Hash"]) == (str(result.anchor_seq),
                                                                      result.anchor_hash)
    with archive.uow() as u:
        assert u.session.get(Claim, claim_id).status == "exported"  # type: ignore[union-attr]

    target = result.folder / "data" / "data_files" / "fee_detail.csv"
    content = bytearray(target.read_bytes())
    content[-3] ^= 0x01
    target.write_bytes(bytes(content))
    (result.folder / "data" / "documents" / "stray.txt").write_text("x")
    (result.folder / "data" / "data_files" / "claim.xlsx").unlink()
    problems = {(p.path, p.kind) for p in check_bag(result.folder).problems}
    assert problems == {("data/data_files/fee_detail.csv", "changed"),
                        ("data/documents/stray.txt", "extra"),
                        ("data/data_files/claim.xlsx", "missing"),
                        ("bag-info.txt", "invalid")}  # the Payload-Oxum no longer adds up
    (result.folder / "bag-info.txt").write_text("Audit-Anchor-Seq: 1\n", encoding="utf-8")
    assert ("bag-info.txt", "changed") in {(p.path, p.kind) for p in check_bag(result.folder).problems}


def test_data_files_match_each_other_and_the_pdfs(archive: Archive, tmp_path: Path) -> None:
    claim_id = final_april_claim(archive)
    result = export(archive, claim_id, tmp_path)
    files = {p.name: p.read_bytes() for p in (result.folder / "data" / "data_files").iterdir()}
    assert set(files) == {"claim.json", "fee_detail.csv", "settlement.csv", "claim.xlsx",
                          "claim_canonical.json"}

    detail = files["fee_detail.csv"]
    assert detail.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(detail.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FEE_DETAIL_COLUMNS and len(rows) == 7
    assert {r["med_list_codg"] for r in rows if r["wi_category"] == "rehab"} == {archive.codes["运动疗法"]}
    settlement = next(csv.DictReader(io.StringIO(files["settlement.csv"].decode("utf-8-sig"))))
    document = json.loads(files["claim.json"])
    assert validate_claim_json(document) == []
    broken = {**document, "totals": {**document["totals"], "total": 1492.4}}  # a float: refused
    assert validate_claim_json(broken)
    sheet = load_workbook(io.BytesIO(files["claim.xlsx"]))["setlinfo"]
    # row 1 the Chinese header, row 2 the field names, row 3 the values (numbers for amounts)
    xlsx = dict(zip([c.value for c in sheet[2]], [c.value for c in sheet[3]], strict=True))

    total = Decimal("1492.40")  # the hand-computed April example (tests/services/test_claims.py)
    assert sum(Decimal(r["det_item_fee_sumamt"]) for r in rows) == total
    assert Decimal(settlement["medfee_sumamt"]) == Decimal(str(xlsx["medfee_sumamt"])) == total
    assert Decimal(document["totals"]["total"]) == Decimal(document["setlinfo"]["medfee_sumamt"]) == total
    assert {k: Decimal(v) if isinstance(xlsx[k], int | float) else v for k, v in settlement.items()} \
        == {k: Decimal(str(v)) if isinstance(v, int | float) else v or "" for k, v in xlsx.items()}
    assert settlement == document["setlinfo"]
    # the pack judged by and the terms used; every memo cites only the Luzhou pack's text
    used = document["totals"]["settlement"]
    assert used["policy_pack"]["code"] == "luzhou/2025-1"
    assert used["terms"]["en"] == "per service item (Luzhou Art. 28)"
    memos = [r["memo"] for r in rows]
    assert any("Luzhou Art. 32(4)" in m for m in memos)
    assert not any(other in m for m in memos for other in ("Beijing", "Baotou", "Shandong",
                                                            "Ningxia"))

    cover = next(d for d in result.documents if d.kind == "claim_cover")
    pdf_path = result.folder / "data" / "documents" / cover.filename
    cover_text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                                text=True, check=True).stdout
    for key in ("rehab", "medical", "drug", "bed", "other"):
        assert yuan(Decimal(settlement[f"wi_category_{key}"])) in cover_text
    assert f"{yuan(total)} 元" in cover_text
    assert pdfa_3b_report(pdf_path.read_bytes()).passed  # issued from the archive, still PDF/A-3b
    for doc in result.documents:
        if doc.kind in ("claim_cover", "fee_list"):
            with pikepdf.open(result.folder / "data" / "documents" / doc.filename) as pdf:
                embedded = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
            sums = embedded.pop(SUMS_NAME).decode("utf-8")
            assert embedded == files  # the very bytes of the package's data files
            assert sums.splitlines()[1:] == [f"{sha256_hex(files[n])}  {n}" for n in sorted(files)]
    # the printed frozen SHA-256 is sha256sum of the canonical record the package carries
    frozen = sha256_hex(files["claim_canonical.json"])
    with archive.uow() as u:
        assert frozen == claims.get_claim(u.session, claim_id).frozen_sha256
    plain_text = "".join(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                                        check=True).stdout.split())
    assert plain_text.count(frozen) == 2  # in 冻结摘要 and in the data-file table
    assert "claim_canonical.json" in plain_text and "sha256sum" in plain_text
    assert json.loads(files["claim_canonical.json"])["claim"]["id"] == claim_id


def test_rebuild_is_byte_identical_with_the_stored_anchor(archive: Archive, tmp_path: Path) -> None:
    claim_id = final_april_claim(archive)
    first = export(archive, claim_id, tmp_path / "one")
    # the first export's own audit events moved the chain head on: the anchor is the stored one
    second = export(archive, claim_id, tmp_path / "two")
    assert [d.pdf for d in second.documents] == [d.pdf for d in first.documents]
    assert all(not d.first_issue and d.identical_to_first for d in second.documents)
    assert second.zip_path.read_bytes() == first.zip_path.read_bytes()
    with archive.uow() as u:
        rows = u.session.scalar(select(func.count()).select_from(IssuedDocument))
        exports = u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "export"))
    assert rows == len(first.documents) and exports == 2 * len(first.documents)


def test_issued_documents_cannot_be_changed_or_deleted(archive: Archive, tmp_path: Path,
                                                       engine) -> None:  # type: ignore[no-untyped-def]
    export(archive, final_april_claim(archive), tmp_path)
    for statement in ("UPDATE issued_document SET anchor_seq = 1",
                      "DELETE FROM issued_document"):
        with pytest.raises(DBAPIError, match="REHAB_IMMUTABLE"), engine.begin() as conn:
            conn.execute(text(statement))


def april_only_case(archive: Archive) -> tuple[int, int]:
    """An admitted case with a signed plan, two signed April sessions and a signed
    pre-assessment: its April claim passes the gate."""
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD)
    case_id = archive.admitted_case()
    with archive.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    archive.sign_as_patient([("treatment_plan", plan_id)])
    sessions = [archive.record_session(case_id, ADMISSION + timedelta(days=n)) for n in (3, 4)]
    archive.sign_as_therapist(sessions)
    archive.sign_as_patient([("treatment_session", s) for s in sessions])
    with archive.uow(archive.physician) as u:
        pre = treatment.record_assessment(u, case_id, AssessmentInput("pre", "BI", BI, ADMISSION,
                                                                      archive.physician)).id
    staff_sign(archive, archive.physician, [("assessment", pre)], "assessor_signs")
    with archive.uow(archive.officer) as u:
        claim_id = claims.build_claim(u, case_id, "2026-04")
    with archive.uow(archive.officer) as u:
        claims.finalize_claim(u, claim_id)
    return case_id, claim_id


def test_an_unsigned_session_blocks_the_export_until_the_patient_signs(archive: Archive,
                                                                        tmp_path: Path) -> None:
    case_id, claim_id = april_only_case(archive)
    out = tmp_path / "out"
    late = archive.record_session(case_id, date(2026, 4, 20))  # recorded after the freeze
    with pytest.raises(claim_gate.ClaimBlocked) as caught:
        export(archive, claim_id, out)
    assert [(g.code, g.record_id) for g in caught.value.report.blocking] == [
        ("session_not_signed_by_patient", late), ("session_not_signed_by_therapist", late)]
    assert not out.exists()  # nothing written
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    archive.sign_as_patient([("treatment_session", late)])
    with pytest.raises(claim_gate.ClaimBlocked) as caught:  # the patient's signature alone
        export(archive, claim_id, out)
    assert [(g.code, g.record_id) for g in caught.value.report.blocking] == [
        ("session_not_signed_by_therapist", late)]
    archive.sign_as_therapist([late])
    result = export(archive, claim_id, out)
    assert check_bag(result.zip_path).ok


def test_a_draft_claim_is_not_exported(archive: Archive, tmp_path: Path) -> None:
    course = make_course(archive)
    claim_id = course.build("2026-04")
    with pytest.raises(UserError, match="draft"):
        export(archive, claim_id, tmp_path)
