"""``session record`` with several ``--item`` (all or none) and the parameters, and
``daily-sheet --date D --therapist LOGIN --out F.pdf`` (a read: the archive opened read-only)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.clock import CHINA
from desktop_app.db.models import TreatmentSession
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive
from tests.services.test_session_parameters import prescribed_case
from tests.test_cli_open import database_state
from tests.test_cli_sessions import PASSWORD, run


def stored(archive: Archive) -> list[tuple[str, str, str, int | None, str | None]]:
    with archive.uow() as u:
        return [(r.item_name, f"{r.started_at.astimezone(CHINA):%H:%M}",
                 f"{r.ended_at.astimezone(CHINA):%H:%M}", r.duration_minutes, r.reaction)
                for r in u.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id))]


def test_several_items_then_the_daily_sheet(archive: Archive, db_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = prescribed_case(archive)
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.therapist, PASSWORD)
    monkeypatch.setenv("PT_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    pt, ot = archive.codes["运动疗法"], archive.codes["作业疗法"]

    def record(*extra: str) -> tuple[int, str, str]:
        return run(capsys, *db, "session", "record", "--case", str(case_id), "--item", pt, "--item", ot,
                   "--therapist", "pt", "--start", "2026-04-07T08:00", "--end", "2026-04-07T09:00",
                   *extra, "--user", "pt", "--password-env", "PT_PASSWORD")

    status, _, err = record("--count", "6")  # 6 a day: beyond the catalogue's limit, no reason
    assert status == 1 and "【运动疗法】" in err and "--reason" in err
    assert stored(archive) == []  # nothing, not even 运动疗法
    status, _, err = record("--minutes", "45")  # each slot is 30 minutes
    assert status == 1 and "治疗时长" in err and "duration" in err
    status, out, err = record("--minutes", "25", "--reaction", "none")
    assert status == 0, err
    assert len(out.strip().splitlines()) == 2
    assert stored(archive) == [("运动疗法", "08:00", "08:30", 25, "none"),
                               ("作业疗法", "08:30", "09:00", 25, "none")]

    out_file = tmp_path / "sheet.pdf"
    before = database_state(db_url)
    status, out, err = run(capsys, *db, "daily-sheet", "--date", "2026-04-07", "--therapist", "pt",
                           "--out", str(out_file))
    assert status == 0, err
    assert database_state(db_url) == before  # a read: the archive is left alone
    assert "患者 1 人，项目 2 项" in out
    text = subprocess.run(["pdftotext", "-layout", str(out_file), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "张三" in text and "08:00–08:30" in text and "1/10" in text and "1/5" in text
    status, _, err = run(capsys, *db, "daily-sheet", "--date", "2026-04-07", "--therapist", "pt",
                         "--out", str(tmp_path / "sheet.txt"))
    assert status == 1 and ".pdf" in err
    status, _, err = run(capsys, *db, "daily-sheet", "--date", "2026-04-07", "--therapist", "nobody",
                         "--out", str(out_file))
    assert status == 1 and "nobody" in err
