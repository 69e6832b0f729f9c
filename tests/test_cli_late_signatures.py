"""``rehab-archive claim acknowledge-late`` on both engines: the build refused while a late
signature waits, the acknowledgement with a reason, then the build."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.clock import china_datetime
from desktop_app.db.models import Claim, LateSignatureAck
from desktop_app.services.admin import accounts
from desktop_app.services.integrity import signing
from tests.archive_fixture import Archive
from tests.services.test_claims import MAY_SESSIONS, PASSWORD, make_course


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_acknowledge_late_then_build(archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_course(archive)
    late = course.sessions[MAY_SESSIONS[1]]
    with archive.at(china_datetime(MAY_SESSIONS[1] + timedelta(days=1), 8)), archive.uow(
            archive.therapist) as u:
        signing.sign(u, [("treatment_session", late)], "therapist_signs",
                     signing.Signer("staff", staff_user_id=archive.therapist, password=PASSWORD))
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.officer, PASSWORD)
    monkeypatch.setenv("RO_PASSWORD", PASSWORD)
    as_officer = ("--user", "ro", "--password-env", "RO_PASSWORD")
    case = ("--case", str(course.case_id), "--period", "discharge")

    code, _, err = run(capsys, "--db", db_url, "claim", "build", *case, *as_officer)
    assert code == 1 and "延迟签名尚未确认" in err and f"treatment_session #{late}" in err
    code, _, err = run(capsys, "--db", db_url, "claim", "acknowledge-late", *case, "--reason", " ",
                       *as_officer)
    assert code == 1 and "原因" in err
    code, out, _ = run(capsys, "--db", db_url, "claim", "acknowledge-late", *case,
                       "--reason", "补签已核对", *as_officer)
    assert code == 0 and "1 late signature(s) acknowledged" in out
    code, out, _ = run(capsys, "--db", db_url, "claim", "build", *case, *as_officer)
    assert code == 0
    with archive.uow() as u:
        claim_id = u.session.scalars(select(Claim.id)).one()
        ack = u.session.scalars(select(LateSignatureAck)).one()
        assert (ack.record_id, ack.reason, ack.created_by_id) == (late, "补签已核对", archive.officer)
    assert out.strip().splitlines()[-1] == str(claim_id)
