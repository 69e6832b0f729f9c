"""``rehab-archive expert add|list`` and ``device opinion|file|fit|adjust|train|list`` on both
engines, in a Baotou archive: an evaluation is recorded by a physician (a records officer is
refused and nothing is written) and listed with Baotou's articles; a device is fitted only after
its filing (refused before, with the Chinese and English message), then adjusted and trained."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import DeviceRecord, ExpertEvaluation
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive
from tests.region_fixture import regional_archive

PASSWORD = "专家-口令-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(archive: Archive, model: type) -> int:
    with archive.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def test_expert_and_device_commands(uow, clock, db_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                    capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    archive = regional_archive(uow, clock, "baotou")
    case_id = archive.admitted_case()
    for staff in (archive.officer, archive.physician, archive.therapist):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("APP_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    doc = ("--user", "doc", "--password-env", "APP_PASSWORD")
    officer = ("--user", "ro", "--password-env", "APP_PASSWORD")
    scan = tmp_path / "评估意见.pdf"
    scan.write_bytes(PDF)
    case = ("--case", str(case_id))

    def add(*user: str) -> tuple[int, str, str]:
        return run(capsys, *db, "expert", "add", *case, "--on", "2026-04-02", "--expert", "刘专家:主任医师",
                   "--expert", "陈专家：副主任医师", "--supports", "vocational", "--supports", "tcm",
                   "--conclusion", "具备职业康复条件", "--scan", str(scan), *user)

    status, _, _ = add(*officer)
    assert status != 0 and count(archive, ExpertEvaluation) == 0
    status, out, err = add(*doc)
    assert status == 0, err
    evaluation_id = int(out.strip().splitlines()[-1])
    status, out, _ = run(capsys, *db, "expert", "list", *case)
    assert status == 0
    assert f"#{evaluation_id}" in out and "刘专家（主任医师）、陈专家（副主任医师）" in out
    assert "Baotou Art. 13" in out and "中医/蒙医康复、职业康复" in out

    status, out, err = run(capsys, *db, "device", "opinion", *case, "--on", "2026-04-05", "--code",
                           "FZQJ00001", "--name", "膝踝足矫形器", "--physician", str(archive.physician), *doc)
    assert status == 0, err
    opinion = ("--opinion", out.strip().splitlines()[-1])
    fit = ("device", "fit", *case, *opinion, "--on", "2026-04-10", "--supplier", "包头市假肢矫形器公司",
           "--price", "1280.00", *officer)
    status, _, err = run(capsys, *db, *fit)
    assert status == 1 and "备案" in err and "Baotou Art. 11" in err
    status, _, err = run(capsys, *db, "device", "file", *case, *opinion, "--on", "2026-04-07",
                         "--number", "包人社辅备〔2026〕8号", *officer)
    assert status == 0, err
    status, out, err = run(capsys, *db, *fit)
    assert status == 0, err
    assert "不计入结算" in out  # Baotou pays, but the demo catalogue has no such item
    therapist = ("--user", "pt", "--password-env", "APP_PASSWORD")
    for step, note in (("adjust", "调整踝关节角度"), ("train", "穿戴训练")):
        status, _, err = run(capsys, *db, "device", step, *case, *opinion, "--on", "2026-04-12",
                             "--therapist", str(archive.therapist), "--note", note, *therapist)
        assert status == 0, err
    status, out, _ = run(capsys, *db, "device", "list", *case)
    assert status == 0
    for text in ("配置意见", "经办机构备案", "包人社辅备〔2026〕8号", "包头市假肢矫形器公司",
                 "调整踝关节角度", "使用训练", "包头市工伤康复实施办法（试行）》第十一条"):
        assert text in out, text
    assert count(archive, DeviceRecord) == 5
