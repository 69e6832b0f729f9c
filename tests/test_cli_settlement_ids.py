"""``rehab-archive agency-ids`` and ``claim export --region jiangsu`` on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.db.models import RehabCase
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive
from tests.services.test_claims import PASSWORD, make_course

AS_OFFICER = ("--user", "ro", "--password-env", "RO_PASSWORD")
OFFICER_PASSWORD = "档案员-口令-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_agency_ids_then_a_jiangsu_export(archive: Archive, engine: Engine, db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_course(archive)  # discharged, not archived: the case is open
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    case_id = course.case_id
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.officer, OFFICER_PASSWORD)
    monkeypatch.setenv("RO_PASSWORD", OFFICER_PASSWORD)

    code, out, err = run(capsys, "--db", db_url, "agency-ids", "--case", str(case_id), "--psn-no",
                         "３２０１００００１２３", "--mdtrt-id", "0000JS42", "--insutype", "0410",
                         *AS_OFFICER)
    assert code == 0, err
    assert "psn_no=32010000123" in out and "mdtrt_id=0000JS42" in out and "mdtrt_cert_type=02" in out
    with Session(engine) as session:
        case = session.get(RehabCase, case_id)
        assert case is not None
        assert (case.agency_psn_no, case.agency_mdtrt_id, case.agency_insutype) == (
            "32010000123", "0000JS42", "0410")

    code, _, err = run(capsys, "--db", db_url, "agency-ids", "--case", str(case_id), "--psn-no", "=SUM(A1)",
                       "--cert-type", "7", *AS_OFFICER)
    assert code == 1 and "人员编号" in err and "就诊凭证类型" in err and "formula" in err
    assert run(capsys, "--db", db_url, "agency-ids", "--case", str(case_id), "--psn-no", "1")[0] == 2
    monkeypatch.setenv("PT_PASSWORD", PASSWORD)  # a therapist may not
    code, _, err = run(capsys, "--db", db_url, "agency-ids", "--case", str(case_id), "--psn-no", "1",
                       "--user", "pt", "--password-env", "PT_PASSWORD")
    assert code == 1 and "无权" in err and "may not" in err, err

    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "--db", db_url, "claim", "export", "--claim", str(claim_id), "--out",
                         str(out_dir), "--region", "jiangsu", *AS_OFFICER)
    assert code == 0, err
    assert "jiangsu_2204_feedetail_UNOFFICIAL.csv" in out and "jiangsu_workinjury_UNOFFICIAL.json" in out
    package = next(p for p in out_dir.iterdir() if p.is_dir())
    settled = (package / "data" / "data_files" / "jiangsu_2207_setlinfo_UNOFFICIAL.csv").read_text(
        encoding="utf-8-sig")
    assert ",32010000123,0000JS42," in settled
    assert run(capsys, "verify-package", str(package))[0] == 0
    code, _, err = run(capsys, "--db", db_url, "claim", "export", "--claim", str(claim_id), "--out",
                       str(tmp_path / "other"), "--region", "atlantis", *AS_OFFICER)
    assert code == 1 and "jiangsu" in err and "national" in err
