"""``rehab-archive charge add|bed-days|import|list|reverse|sign``: entries at the catalogue
price with their order details, bed-days, an import refused whole with every bad row named
(non-zero exit), reversal lines, and the enterer's sign-off with the password from the
environment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import FeeLine
from desktop_app.services.admin import accounts
from desktop_app.services.claims import charge_signing
from tests.archive_fixture import Archive

PASSWORD = "结算-口令-cli"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(archive: Archive) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(FeeLine)) or 0


def test_charge_commands(archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    case_id = archive.admitted_case()  # admitted 2026-04-03, Luzhou
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.officer, PASSWORD, hasher=accounts.DEMO_HASHER)
    monkeypatch.setenv("RO_PASSWORD", PASSWORD)
    monkeypatch.setenv("WRONG", "nope")
    db = ("--db", db_url)
    signed = ("--user", "ro", "--password-env", "RO_PASSWORD")
    case = ("--case", str(case_id))
    drug = archive.codes["演示药品（布洛芬缓释胶囊 0.3g×20粒）"]

    status, out, err = run(capsys, *db, "charge", "add", *case, "--code", drug, "--date", "2026-04-10",
                           "--time", "08:30", "--qty", "2", "--dept-code", "KF01", "--dept-name",
                           "康复医学科", "--physician-code", "D001", "--physician-name", "王医生", *signed)
    assert status == 0, err
    drug_line = int(out.strip().splitlines()[-1])
    with archive.uow() as u:
        line = u.session.get(FeeLine, drug_line)
        assert line is not None
        assert (line.category, line.quantity, line.physician_name) == ("drug", 2, "王医生")
        assert line.occurred_at is not None and line.occurred_at.hour == 0  # 08:30 China = 00:30 UTC

    status, _, err = run(capsys, *db, "charge", "add", *case, "--code", "NOPE", "--date", "2026-04-10",
                         "--qty", "1", "--category", "drug", *signed)
    assert status == 1 and "无有效的项目 NOPE" in err
    status, _, err = run(capsys, *db, "charge", "add", *case, "--code", drug, "--date", "2026-04-10",
                         "--qty", "1", "--category", "meals", *signed)
    assert status == 1 and "伙食补助费" in err and "luzhou" in err
    status, _, err = run(capsys, *db, "charge", "add", *case, "--code", "ZF-1", "--date", "2026-04-10",
                         "--qty", "1", "--category", "drug", "--out-of-scope", "--name", "目录外药",
                         "--unit", "支", "--price", "12.50", *signed)
    assert status == 1 and "第三十一条" in err and "Luzhou Art. 31" in err
    assert count(archive) == 1

    status, out, err = run(capsys, *db, "charge", "bed-days", *case, "--through", "2026-04-06", *signed)
    assert status == 0 and "新计床日 / bed-days charged: 4" in out, err
    status, out, _ = run(capsys, *db, "charge", "bed-days", *case, "--through", "2026-04-06", *signed)
    assert status == 0 and "bed-days charged: 0" in out and "already charged: 4" in out
    assert count(archive) == 5

    xray = archive.codes["演示检查（X线摄影 单部位）"]
    bad = tmp_path / "his.csv"
    bad.write_bytes(("发生日期,项目编码,费用类别,数量,开单医师\n"
                     f"2026-04-11,{xray},medical,1,刘医生\n"
                     f"2026-04-12,{xray},medical,-1,刘医生\n").encode("gbk"))
    status, out, err = run(capsys, *db, "charge", "import", *case, str(bad), *signed)
    assert status == 1 and "未导入任何费用" in err and "第3行" in err and "line 3" in err
    assert count(archive) == 5
    good = tmp_path / "his-fixed.csv"
    good.write_bytes(bad.read_bytes().replace(b",-1,", b",1,"))
    status, out, err = run(capsys, *db, "charge", "import", *case, str(good), *signed)
    assert status == 0 and "imported 2 charge(s)" in out, err
    assert count(archive) == 7

    status, out, err = run(capsys, *db, "charge", "reverse", "--line", str(drug_line), "--reason",
                           "退药", *signed)
    assert status == 0, err
    reversal = int(out.strip().splitlines()[-1])
    status, _, err = run(capsys, *db, "charge", "reverse", "--line", str(drug_line), "--reason", "再退",
                         *signed)
    assert status == 1 and "已被冲销" in err

    status, out, _ = run(capsys, *db, "charge", "list", *case)
    assert status == 0 and "王医生（D001）" in out and f"冲销 #{drug_line} reverses：退药" in out
    assert out.count("未确认 unsigned") == 8 and "未签名确认 unsigned: 8" in out

    status, _, err = run(capsys, *db, "charge", "sign", *case, "--user", "ro", "--password-env", "WRONG")
    assert status == 1 and "密码错误" in err  # sign-in and the signature read the same password
    status, out, err = run(capsys, *db, "charge", "sign", *case, *signed)
    assert status == 0 and int(out.strip().splitlines()[-1]) > 0, err
    with archive.uow() as u:
        assert charge_signing.unsigned_entries(u.session, case_id) == []
    status, out, _ = run(capsys, *db, "charge", "list", *case)
    assert "未签名确认 unsigned: 0" in out and out.count("孙档案员\t孙档案员") == 8
    assert f"已被 #{reversal} 冲销" in out
    assert date(2026, 4, 3).isoformat() in out
