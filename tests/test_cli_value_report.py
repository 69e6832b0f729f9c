"""``rehab-archive value-report add|sign|list|print`` and ``notice add|sign|list|print`` on both
engines: a physician writes a version, signs it with the password, lists it and prints the
PDF/A; a therapist may not write; the notice is refused under Luzhou with both messages and
written, signed and printed under Beijing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import CourseNotice, RehabCase, ValueReport
from desktop_app.domain.rules.packs import pack_for
from desktop_app.services.admin import accounts
from tests.archive_fixture import APPROVAL, Archive

PASSWORD = "评估-口令-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_value_report_and_notice_commands(
    archive: Archive,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for staff in (archive.physician, archive.therapist):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("DOC_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    doctor = ("--user", "doc", "--password-env", "DOC_PASSWORD")
    case_id = archive.admitted_case()

    def add(*user: str) -> tuple[int, str, str]:
        return run(
            capsys,
            *db,
            "value-report",
            "add",
            "--case",
            str(case_id),
            "--assessed-on",
            "2026-03-28",
            "--stage",
            "STABLE",
            "--conclusion",
            "has_value",
            "--assessment",
            "具有康复价值",
            "--recommendation",
            "住院康复",
            "--mode",
            "vocational",
            "--days",
            "60",
            *user,
        )

    status, _, err = add("--user", "pt", "--password-env", "DOC_PASSWORD")
    assert status != 0
    status, out, err = add(*doctor)
    assert status == 0, err
    report_id = int(out.strip().splitlines()[-1])
    status, out, err = run(
        capsys, *db, "value-report", "sign", "--case", str(case_id), "--report", str(report_id), *doctor
    )
    assert status == 0, err
    status, out, _ = run(capsys, *db, "value-report", "list", "--case", str(case_id))
    assert status == 0 and f"#{report_id}\t第 1 版 / v1" in out and "已签名" in out and "具有康复价值" in out
    pdf = tmp_path / "value.pdf"
    status, _, err = run(
        capsys, *db, "value-report", "print", "--case", str(case_id), "--out", str(pdf), *doctor
    )
    assert status == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    with archive.uow() as u:
        assert u.session.scalars(select(ValueReport.record_state)).all() == ["signed"]

    def notice(case: int) -> tuple[int, str, str]:
        return run(
            capsys,
            *db,
            "notice",
            "add",
            "--case",
            str(case),
            "--issued-on",
            "2026-04-10",
            "--reason",
            "non_cooperation",
            "--facts",
            "拒绝治疗",
            "--delivery",
            "in_person",
            "--acknowledgement",
            "signed",
            *doctor,
        )

    status, _, err = notice(case_id)  # Luzhou: no such notice
    assert status == 1 and "未规定终止康复的书面通知" in err and "no written notice" in err
    with archive.uow(archive.officer) as u:
        u.session.get(RehabCase, case_id).policy_pack = pack_for("beijing", APPROVAL).code  # type: ignore[union-attr]
        u.commit()
    status, out, err = notice(case_id)
    assert status == 0, err
    notice_id = int(out.strip().splitlines()[-1])
    assert (
        run(capsys, *db, "notice", "sign", "--case", str(case_id), "--notice", str(notice_id), *doctor)[0]
        == 0
    )
    status, out, _ = run(capsys, *db, "notice", "list", "--case", str(case_id))
    assert status == 0 and "不配合治疗" in out and "已签名" in out
    pdf = tmp_path / "notice.pdf"
    status, _, err = run(
        capsys,
        *db,
        "notice",
        "print",
        "--case",
        str(case_id),
        "--notice",
        str(notice_id),
        "--out",
        str(pdf),
        *doctor,
    )
    assert status == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    with archive.uow() as u:
        assert u.session.scalars(select(CourseNotice.record_state)).all() == ["signed"]
