"""``rehab-archive application add|checklist|list`` on both engines: an application is recorded
and listed with the Luzhou checklist and deadline; an item is attached from a scan file or
marked not applicable; a future date and an item not applicable without a reason are refused
with their Chinese and English messages and write nothing; a therapist may not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import ApplicationItem, RehabApplication
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive

PASSWORD = "申请-口令-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(archive: Archive, model: type) -> int:
    with archive.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def test_application_add_checklist_and_list(archive: Archive, db_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = archive.register()
    for staff in (archive.officer, archive.therapist):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("APP_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    officer = ("--user", "ro", "--password-env", "APP_PASSWORD")

    def add(*extra: str, user: tuple[str, ...] = officer) -> tuple[int, str, str]:
        return run(capsys, *db, "application", "add", "--case", str(case_id), "--applicant", "employer",
                   "--to", "泸州市劳动能力鉴定委员会", *extra, *user)

    status, _, err = add("--submitted-on", "2099-01-01")
    assert status == 1 and "申请日期不能晚于今天" in err and "in the future" in err
    status, _, err = add("--submitted-on", "2026-03-25", user=("--user", "pt", "--password-env",
                                                                "APP_PASSWORD"))
    assert status != 0 and count(archive, RehabApplication) == 0
    status, out, err = add("--submitted-on", "2026-03-25", "--accepted-on", "2026-03-27")
    assert status == 0, err
    application_id = int(out.strip().splitlines()[-1])

    def checklist(*extra: str) -> tuple[int, str, str]:
        return run(capsys, *db, "application", "checklist", "--case", str(case_id), "--application",
                   str(application_id), *extra, *officer)

    status, _, err = checklist("--item", "latest_value_report", "--not-applicable")
    assert status == 1 and "须说明原因" in err and "needs a reason" in err
    assert count(archive, ApplicationItem) == 0
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(PDF)
    assert checklist("--item", "application_form", "--scan", str(scan))[0] == 0
    assert checklist("--item", "latest_value_report", "--not-applicable", "--reason", "首次申请")[0] == 0
    status, out, _ = run(capsys, *db, "application", "list", "--case", str(case_id))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"#{application_id}\t提交 / submitted 2026-03-25\t受理 / accepted 2026-03-27")
    assert "luzhou/2025-1" in lines[0]
    assert "2026-04-16" in lines[1] and "2026-05-06" in lines[1] and "未答复" in lines[1]
    items = {line.split("\t")[0].strip(): line for line in lines[2:]}
    assert "已附 / attached" in items["application_form"] and "申请表.pdf" in items["application_form"]
    value_report = items["latest_value_report"]
    assert "不适用 / not applicable" in value_report and "首次申请" in value_report
    assert "未提交 / missing" in items["recognition_decision"]
    assert "第十三条" in items["diagnosis_records"]
