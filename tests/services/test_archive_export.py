"""The archive binder on both engines: every part in the statutory order, the audit extract,
a package that checks without the database, rebuilt documents identical."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

from desktop_app.documents.bagit import check_bag
from desktop_app.services.clinical import consent, paper_signing
from desktop_app.services.clinical.consent import ConsentInput, ConsentItemInput
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.integrity.signing import Signer
from desktop_app.services.records import archive_export, retention
from tests.archive_fixture import ADMISSION, Archive
from tests.services.test_claims import make_course
from tests.services.test_paper_signing import SCAN


def test_binder_holds_the_archive_in_statutory_order(archive: Archive, tmp_path: Path) -> None:
    course = make_course(archive)
    for period in ("2026-04", "discharge"):
        course.finalize(course.build(period))
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, course.case_id)
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, course.case_id, tmp_path / "out")
    check = check_bag(result.zip_path)
    assert check.ok and check_bag(result.folder).ok, check.problems
    assert check.info["Audit-Anchor-Seq"] == str(result.anchor_seq)

    data = result.folder / "data"
    folders = sorted(p.name for p in data.iterdir())
    assert folders == ["00_index", "01_application", "02_plan", "04_execution", "05_assessment",
                       "06_claims", "audit"]
    kinds = [d.kind for d in result.documents]
    assert kinds[0] == "archive_list" and kinds.count("claim_cover") == 2
    assert {p.name[:5] for p in (data / "04_execution").iterdir()} == {"EXEC-"}
    assert len(list((data / "04_execution").glob("*.pdf"))) == 2  # April and May, each with its
    assert len(list((data / "04_execution").glob("*.content.json"))) == 2  # canonical content
    assert (data / "01_application" / "approvals.json").exists()

    events = json.loads((data / "audit" / "events.json").read_text(encoding="utf-8"))
    assert [e["chain_seq"] for e in events] == sorted(e["chain_seq"] for e in events)
    assert {e["event"]["action"] for e in events} >= {"create", "export"}
    assert all(e["chain_seq"] is not None and e["chain_seq"] <= result.anchor_seq for e in events)
    rows = list(csv.DictReader(io.StringIO((data / "audit" / "events.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == len(events)

    index = data / "00_index" / result.documents[0].filename
    text = subprocess.run(["pdftotext", "-layout", str(index), "-"], capture_output=True, text=True,
                          check=True).stdout
    sections = ("申请材料与核准", "康复治疗方案", "康复执行记录", "康复评估", "费用与结算")
    order = [text.find(name) for name in sections]
    assert -1 not in order and order == sorted(order)
    assert "110105********002X" in text  # the index masks the ID number

    with archive.uow(archive.officer) as u:  # again: same documents, byte for byte
        again = archive_export.export_archive(u, course.case_id, tmp_path / "again")
    assert [d.pdf for d in again.documents[1:]] == [d.pdf for d in result.documents[1:]]
    assert again.anchor_seq > result.anchor_seq  # the second export's events are in its extract


def test_paper_signatures_and_consents_are_in_the_binder(archive: Archive, tmp_path: Path) -> None:
    """A consent and a session signed by scans: the consents beside the claims, each scan
    in its record's section, and the signatures name the scan that is in the package."""
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    inp = ConsentInput((ConsentItemInput(archive.codes["徒手平衡功能检查"], 1),), "worker", "张三", ADMISSION)
    with archive.uow(archive.physician) as u:
        consent_id = consent.record_consent(u, case_id, inp).id
    with archive.uow(archive.therapist) as u:
        paper_signing.sign_with_scan(u, [("treatment_session", session_id)], "patient_confirms_sessions",
                                     Signer("patient", "张三"),
                                     AttachmentInput("sheet.pdf", SCAN, "signed_sheet_scan"))
    with archive.uow(archive.therapist) as u:
        paper_signing.sign_with_scan(u, [("out_of_scope_consent", consent_id)], "patient_consents",
                                     Signer("patient", "张三"),
                                     AttachmentInput("consent.pdf", SCAN + b"%2", "signed_consent_scan"))
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, case_id, tmp_path / "out")
    assert check_bag(result.zip_path).ok
    data = result.folder / "data"
    (record,) = json.loads((data / "06_claims" / "consents.json").read_text(encoding="utf-8"))
    assert (record["id"], record["state"]) == (consent_id, "signed")
    (signature,) = record["signatures"]
    assert signature["method"] == "scan"
    assert (data / "06_claims" / f"attachment-{signature['scan_attachment_id']}-consent.pdf").exists()
    assert [p.name for p in (data / "04_execution").iterdir() if p.name.startswith("attachment-")] \
        == [f"attachment-{signature['scan_attachment_id'] - 1}-sheet.pdf"]
