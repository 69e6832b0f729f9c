"""``rehab-archive session record|sign`` and ``leave add|list``: refusals name the case pack's
article and write nothing; a stated reason records, with the warnings printed; the
therapist signs at recording or for the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.clock import china_datetime
from desktop_app.db.models import InpatientLeave, Signature, SignatureItem, TreatmentSession
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.session_signing import performer_signatures
from tests.archive_fixture import Archive

PASSWORD = "康复2026-secret"
DAY, NEXT_DAY = date(2026, 4, 7), date(2026, 4, 8)


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



def test_session_sign_at_recording_and_for_the_day(archive: Archive, db_url: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``session record --sign`` signs the session as it is recorded; ``session sign --day``
    signs the day's other sessions of the user with one signature, and ``--cosign`` the
    sessions of the assistant they supervise."""
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.therapist, PASSWORD)
    monkeypatch.setenv("PT_PASSWORD", PASSWORD)
    db = ("--db", db_url)
    as_pt = ("--user", "pt", "--password-env", "PT_PASSWORD")
    status, _, err = run(capsys, *db, "session", "record", "--case", str(case_id), "--item",
                         archive.codes["运动疗法"], "--therapist", "pt", "--start", "2026-04-07T08:00",
                         "--end", "2026-04-07T08:30", "--sign", *as_pt)
    assert status == 0, err
    with archive.uow() as u:
        first = u.session.scalars(select(TreatmentSession.id)).one()
        assert first in performer_signatures(u.session, [first])
    unsigned = archive.record_session(case_id, DAY)
    start = china_datetime(NEXT_DAY, 15)  # (运动疗法 at most twice a day)
    with archive.uow(archive.assistant) as u:
        assistants = treatment.record_session(u, case_id, archive.session(
            NEXT_DAY, therapist_id=archive.assistant, started_at=start,
            ended_at=start + timedelta(minutes=30))).id
    status, out, err = run(capsys, *db, "session", "sign", "--day", str(DAY), *as_pt)
    assert status == 0, err
    day_signature = int(out.strip().splitlines()[-1])
    status, out, err = run(capsys, *db, "session", "sign", "--day", str(NEXT_DAY), "--cosign", *as_pt)
    assert status == 0, err
    cosignature = int(out.strip().splitlines()[-1])
    with archive.uow() as u:
        covered = dict(u.session.execute(select(SignatureItem.record_id, Signature.meaning).join(
            Signature, Signature.id == SignatureItem.signature_id).where(
            Signature.id.in_((day_signature, cosignature)))).all())
        assert covered == {unsigned: "therapist_signs", assistants: "reviewer_cosigns"}
        assert set(performer_signatures(u.session, [first, unsigned, assistants])) == {
            first, unsigned, assistants}
    status, _, err = run(capsys, *db, "session", "sign", "--day", str(DAY), *as_pt)
    assert status == 1 and str(DAY) in err  # nothing left to sign that day
