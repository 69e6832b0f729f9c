"""``rehab-archive follow-up add|list`` on both engines: a follow-up is recorded by a
permitted user and listed with its milestone; a bad one is refused with its field and
writes nothing; an assistant may not."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import FollowUp
from desktop_app.services.admin import accounts
from tests.archive_fixture import Archive

PASSWORD = "随访-口令-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_follow_up_add_and_list(archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = archive.archived_case()  # discharged 2026-05-20
    for staff in (archive.therapist, archive.assistant):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("FOLLOW_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    as_therapist = ("--user", "pt", "--password-env", "FOLLOW_PASSWORD")

    def add(*extra: str, user: tuple[str, ...] = as_therapist) -> tuple[int, str, str]:
        return run(capsys, *db, "follow-up", "add", "--case", str(case_id), *extra, *user)

    status, out, err = add("--months", "3", "--on", "2026-08-25", "--method", "phone",
                           "--return-to-work", "other_employer", "--satisfaction", "4",
                           "--note", "已在新单位上班")
    assert status == 0, err
    row_id = int(out.strip().splitlines()[-1])
    status, out, _ = run(capsys, *db, "follow-up", "list", "--case", str(case_id))
    assert status == 0
    lines = out.splitlines()
    assert "2026-05-20" in lines[0] and "原单位原岗位" in lines[0]
    assert lines[1].startswith("3 个月") and "2026-08-20" in lines[1] and "2026-08-25" in lines[1]
    assert "其他单位就业 / other_employer" in lines[1] and "\t4\t" in lines[1]
    assert "已在新单位上班" in lines[1]
    assert "2026-11-20" in lines[2] and "未随访" in lines[2]

    status, _, err = add("--months", "6", "--on", "2026-05-01", "--method", "phone",
                         "--return-to-work", "same_job")
    assert status == 1 and "随访日期早于出院日期" in err and "before the discharge" in err
    status, _, err = add("--months", "6", "--on", "2026-11-21", "--method", "phone",
                         "--return-to-work", "same_job", "--satisfaction", "7")
    assert status == 1 and "满意度" in err
    assert add("--months", "5", "--on", "2026-11-21", "--method", "phone",
               "--return-to-work", "same_job")[0] == 2  # not a milestone: a usage error
    status, _, err = add("--months", "6", "--on", "2026-11-21", "--method", "phone",
                         "--return-to-work", "same_job", user=("--user", "pta", "--password-env",
                                                               "FOLLOW_PASSWORD"))
    assert status == 1 and "无权" in err and "may not" in err
    with archive.uow() as u:
        assert u.session.scalars(select(FollowUp.id)).all() == [row_id]
        assert u.session.scalar(select(func.count()).select_from(FollowUp)) == 1
