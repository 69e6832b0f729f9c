"""``rehab-archive session record`` and ``leave add|list``: refusals name the case pack's
article and write nothing; a stated reason records, with the warnings printed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import InpatientLeave, TreatmentSession
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive

PASSWORD = "康复2026-secret"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows(archive: Archive, model: type) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(model)) or 0


def test_session_record_and_leave(archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = archive.admitted_case()  # 运动疗法, twice a day at most (demo catalogue)
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.therapist, PASSWORD)
    monkeypatch.setenv("PT_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    signed = ("--user", "pt", "--password-env", "PT_PASSWORD")
    code = archive.codes["运动疗法"]

    def session(start: str, end: str, *extra: str) -> tuple[int, str, str]:
        return run(capsys, *db, "session", "record", "--case", str(case_id), "--item", code,
                   "--therapist", "pt", "--start", start, "--end", end, *extra, *signed)

    for hour in ("08", "09"):
        status, out, err = session(f"2026-04-07T{hour}:00", f"2026-04-07T{hour}:30")
        assert status == 0, err
    assert int(out.strip().splitlines()[-1]) > 0

    status, out, err = session("2026-04-07T10:00", "2026-04-07T10:30")
    assert status == 1
    assert "超出目录每日限次" in err and "泸州" in err and "第九条" in err and "北京" not in err
    assert "Luzhou Art. 9" in err and "--reason" in err
    assert rows(archive, TreatmentSession) == 2

    status, out, err = session("2026-04-07T10:00", "2026-04-07T10:30", "--reason", "医嘱加强")
    assert status == 0, err
    assert "警告：" in out and "不由工伤保险基金支付" in out and "not billed to the fund" in out
    new_id = int(out.strip().splitlines()[-1])
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, new_id)
        assert row is not None and (row.limit_flags, row.limit_reason) == (["max_per_day"], "医嘱加强")

    status, out, err = run(capsys, *db, "leave", "add", "--case", str(case_id), "--from",
                           "2026-04-09", "--to", "2026-04-10", "--reason", "回家", *signed)
    assert status == 0, err
    status, out, _ = run(capsys, *db, "leave", "list", "--case", str(case_id))
    assert status == 0 and "2026-04-09\t2026-04-10\t2 天" in out and "回家" in out

    status, _, err = session("2026-04-10T10:00", "2026-04-10T10:30", "--reason", "补记")
    assert status == 1 and "患者当日请假" in err and "第二十一条" in err  # a reason cannot lift it
    status, _, err = run(capsys, *db, "leave", "add", "--case", str(case_id), "--from",
                         "2026-04-07", "--to", "2026-04-07", "--reason", "回家", *signed)
    assert status == 1 and "已有治疗记录" in err
    assert (rows(archive, TreatmentSession), rows(archive, InpatientLeave)) == (3, 1)
    status, _, err = session("not-a-time", "2026-04-07T10:30")
    assert status == 2
