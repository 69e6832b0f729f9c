"""``rehab-archive vocational goal|outcome``, ``appraisal-conclude`` and ``appraisal-summary`` on
both engines: the goal and outcome recorded by a therapist, the physician's conclusion
confirmed with the password, the summary written as a PDF/A and recorded as issued; a summary
before the conclusion, a therapist concluding, a wrong folder are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import IssuedDocument, RehabCase
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive
from tests.documents.pdf_checks import pdfa_3b_report

PASSWORD = "鉴定-口令-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_goal_outcome_conclusion_and_summary(archive: Archive, db_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = archive.admitted_case()
    for staff in (archive.therapist, archive.physician):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("VOC_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    as_therapist = ("--user", "pt", "--password-env", "VOC_PASSWORD")
    as_physician = ("--user", "doc", "--password-env", "VOC_PASSWORD")
    case = str(case_id)
    out_pdf = tmp_path / "鉴定总结.pdf"

    status, out, err = run(capsys, *db, "vocational", "goal", "--case", case, "--goal", "same_job",
                           "--on", "2026-04-10", *as_therapist)
    assert status == 0 and "goal set" in out, err
    status, _, err = run(capsys, *db, "vocational", "outcome", "--case", case, "--outcome", "same_job",
                         "--on", "2026-04-01", *as_therapist)
    assert status == 1 and "结局日期早于目标确定日期" in err
    status, out, err = run(capsys, *db, "vocational", "outcome", "--case", case, "--outcome", "same_job",
                           "--on", "2026-05-18", "--note", "原岗位", *as_therapist)
    assert status == 0, err
    status, _, err = run(capsys, *db, "appraisal-summary", case, "--out", str(out_pdf), *as_physician)
    assert status == 1 and "医师尚未作出鉴定前结论" in err and not out_pdf.exists()
    status, _, err = run(capsys, *db, "appraisal-conclude", case, "--conclusion", "stable_ready",
                         "--note", "伤情相对稳定", *as_therapist)
    assert status == 1 and "录入鉴定前医师结论" in err, err  # physicians only
    status, out, err = run(capsys, *db, "appraisal-conclude", case, "--conclusion", "stable_ready",
                           "--note", "伤情相对稳定", *as_physician)
    assert status == 0, err
    status, _, err = run(capsys, *db, "appraisal-summary", case, "--out", str(tmp_path / "no" / "x.pdf"),
                         *as_physician)
    assert status == 1 and "文件夹不存在" in err
    status, out, err = run(capsys, *db, "appraisal-summary", case, "--out", str(out_pdf), *as_physician)
    assert status == 0, err
    assert out.startswith("APPRAISAL-") and str(out_pdf) in out
    assert pdfa_3b_report(out_pdf.read_bytes()).passed
    with archive.uow() as u:
        row = u.session.get(RehabCase, case_id)
        assert row is not None
        assert (row.vocational_goal, row.vocational_outcome, row.appraisal_conclusion,
                row.appraisal_physician_id) == ("same_job", "same_job", "stable_ready", archive.physician)
        assert list(u.session.scalars(select(IssuedDocument.kind))) == ["appraisal_summary"]
