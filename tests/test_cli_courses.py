"""``rehab-archive intake --injury-id N --follows CASE``, ``courses CASE`` and ``cases --injury N``
on both engines: a relapse course opened on the command line links to the earlier course and
starts from its value assessment; the courses are listed with their dates, end and sessions
per item; refusals (a course still open, another worker's injury) print Chinese and English and
write nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.db.models import Injury, RehabCase
from desktop_app.services.admin import accounts
from tests.archive_fixture import VALID_ID, Archive

PASSWORD = "复发-口令-2026"
VALUE = "旧伤复发，仍有康复价值"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_intake_of_a_relapse_and_the_courses(archive: Archive, db_url: str,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    first = archive.discharged_case()
    with archive.uow(archive.officer) as u:
        case = u.session.get(RehabCase, first)
        assert case is not None
        injury_id = case.injury_id
        case.rehab_value_assessment = VALUE
        u.commit()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.officer, PASSWORD)
    monkeypatch.setenv("COURSE_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    officer = ("--user", "ro", "--password-env", "COURSE_PASSWORD")
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Injury)) == 1

    status, _, err = run(capsys, *db, "intake", "--injury-id", str(injury_id), "--resident-id",
                         "110105196001020258", "--reason", "relapse", "--setting", "inpatient",
                         *officer)
    assert status == 1 and "另一名职工" in err and "another worker" in err
    status, out, err = run(capsys, *db, "intake", "--injury-id", str(injury_id), "--follows",
                           str(first), "--resident-id", VALID_ID, "--reason", "relapse",
                           "--setting", "inpatient", *officer)
    assert status == 0, err
    case_id = int(out.strip().splitlines()[-1].split("\t")[0])
    with archive.uow() as u:
        new = u.session.get(RehabCase, case_id)
        assert new is not None
        assert (new.injury_id, new.previous_case_id, new.course_reason, new.stage) == (
            injury_id, first, "relapse", "RECUR")
        assert new.rehab_value_assessment == VALUE  # started from the earlier course's
        assert u.session.scalar(select(func.count()).select_from(Injury)) == 1
    # the relapse course is open: a second one is refused
    status, _, err = run(capsys, *db, "intake", "--injury-id", str(injury_id), "--resident-id",
                         VALID_ID, "--reason", "repeat_application", "--setting", "outpatient",
                         *officer)
    assert status == 1 and "尚未出院" in err and "still open" in err
    status, out, _ = run(capsys, *db, "courses", str(case_id))
    assert status == 0
    header, earlier, later = out.strip().splitlines()
    assert header.startswith("id\t")
    assert earlier.startswith(f"{first}\t") and "2026-04-03 ~ 2026-05-20" in earlier
    assert "康复计划完成" in earlier and "原单位原岗位" in earlier and "运动疗法 2/10" in earlier
    assert later.startswith(f"{case_id}\t") and f"旧伤复发 ← {first}" in later and "在治" in later
    status, out, _ = run(capsys, *db, "cases", "--injury", str(injury_id))
    assert status == 0 and [line.split("\t")[0] for line in out.strip().splitlines()] == [
        str(first), str(case_id)]
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(RehabCase)) == 2
