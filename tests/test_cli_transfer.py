"""``rehab-archive transfer out|in|list|summary`` on both engines: a transfer out of the city
without the agency's consent is refused in Chinese and English and writes nothing; with it, the
transfer is recorded and its summary PDF written; a transfer in records the earlier
institution's summary and used counts, and ``list`` shows the remaining count; a therapist may
not record a transfer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import CaseTransfer
from desktop_app.domain.identity import make_resident_id
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive
from tests.services.test_session_limits import admitted
from tests.test_cli_application import PDF, run

PASSWORD = "转院-口令-2026"


def transfers(archive: Archive) -> int:
    with archive.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(CaseTransfer)) or 0)


def test_transfer_out_in_list_and_summary(archive: Archive, db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    leaving = admitted(archive)
    coming = admitted(archive, approved=40, resident_id=make_resident_id("510502", date(1980, 1, 2), 11, "M"),
                      name="李四", number="2")
    for staff in (archive.physician, archive.therapist):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("APP_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    doctor = ("--user", "doc", "--password-env", "APP_PASSWORD")
    out_args = ("transfer", "out", "--case", str(leaving), "--to", "成都市第二康复医院",
                "--date", "2026-05-01", "--reason", "需要专科康复条件", "--outside")
    status, _, err = run(capsys, *db, *out_args, *doctor)
    assert status == 1 and "经办机构同意" in err and "the agency's consent" in err
    status, _, err = run(capsys, *db, *out_args, "--consent-number", "泸人社康转〔2026〕8号",
                         "--consent-date", "2026-04-28", "--user", "pt", "--password-env", "APP_PASSWORD")
    assert status != 0 and transfers(archive) == 0
    pdf = tmp_path / "小结.pdf"
    status, out, err = run(capsys, *db, *out_args, "--consent-number", "泸人社康转〔2026〕8号",
                           "--consent-date", "2026-04-28", "--summary-out", str(pdf), *doctor)
    assert status == 0, err
    transfer_id = int(out.strip().splitlines()[-1])
    assert pdf.read_bytes().startswith(b"%PDF")
    again = tmp_path / "again.pdf"
    status, _, err = run(capsys, *db, "transfer", "summary", "--case", str(leaving), "--transfer",
                         str(transfer_id), "--out", str(again), *doctor)
    assert status == 0, err
    assert again.read_bytes() == pdf.read_bytes()  # the same content rebuilds byte for byte
    scan = tmp_path / "转院小结.pdf"
    scan.write_bytes(PDF)
    code = archive.codes["运动疗法"]
    status, _, err = run(capsys, *db, "transfer", "in", "--case", str(coming), "--from", "泸县人民医院",
                         "--date", "2026-04-03", "--summary", str(scan), "--used", f"{code}=25", *doctor)
    assert status == 0, err
    status, out, _ = run(capsys, *db, "transfer", "list", "--case", str(coming))
    assert status == 0
    assert "转入 / in" in out and "泸县人民医院" in out and "转院小结.pdf" in out
    assert (f"{code}\t运动疗法\t核准 / approved 40\t转入前 / before 25\t本院 / here 0\t"
            "剩余 / remaining 15") in out
    status, out, _ = run(capsys, *db, "transfer", "list", "--case", str(leaving))
    assert "已转出" in out and "第二十四条" in out
