"""``rehab-archive claim answer|correction|desk`` on both engines: the agency's answers
recorded from the command line, refusals in both languages, the correction version, and the
desk listing with its states, amounts and filters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import Claim, ClaimAnswer
from desktop_app.services.admin import accounts
from desktop_app.services.claims import claim_desk_view, claims
from tests.archive_fixture import Archive
from tests.services.test_claims import PASSWORD, make_course


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_answers_correction_and_desk(archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_course(archive)
    april = course.build("2026-04")
    may = course.build("2026-05")
    course.finalize(april)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, april)
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.officer, PASSWORD)
    with archive.uow() as u:
        line = next(ln for ln in claim_desk_view.claim_lines(u.session, april) if ln.coverage == "fund")
    monkeypatch.setenv("RO_PASSWORD", PASSWORD)
    as_officer = ("--user", "ro", "--password-env", "RO_PASSWORD")
    answer = ("--db", db_url, "claim", "answer")

    code, _, err = run(capsys, *answer, "--claim", str(may), "submitted", "--on", "2026-06-05", *as_officer)
    assert code == 1 and "不能录入" in err and "cannot be recorded" in err  # a draft
    code, out, _ = run(capsys, *answer, "--claim", str(april), "submitted", "--on", "2026-06-05",
                       *as_officer)
    assert code == 0 and "已报送 / submitted" in out
    code, _, err = run(capsys, *answer, "--claim", str(april), "deduct", "--on", "2026-06-20",
                       "--line", f"{line.fee_line_id}:{line.amount + 1}:超额", *as_officer)
    assert code == 1 and "超过该行剩余金额" in err and "exceeds what is left" in err
    code, out, _ = run(capsys, *answer, "--claim", str(april), "deduct", "--on", "2026-06-20",
                       "--line", f"{line.fee_line_id}:10.00:超出限定频次", *as_officer)
    assert code == 0 and "扣减 deducted 10.00" in out
    code, out, _ = run(capsys, *answer, "--claim", str(april), "paid", "--on", "2026-06-30",
                       "--amount", "1,000.00", *as_officer)
    assert code == 0 and "部分支付 / partly paid" in out and "已付 paid 1,000.00" in out
    with archive.uow() as u:
        kinds = list(u.session.scalars(select(ClaimAnswer.kind).order_by(ClaimAnswer.id)))
        assert kinds == ["submitted", "deduction", "paid"]

    code, out, _ = run(capsys, "--db", db_url, "claim", "desk", "--state", "partly_paid")
    rows = [ln for ln in out.splitlines() if ln.startswith(f"{april}\t")]
    assert len(rows) == 1 and "部分支付 partly paid" in rows[0] and "\t10.00\t1,000.00\t" in rows[0]
    assert "correction due" in rows[0] and f"{may}\t" not in out
    code, out, _ = run(capsys, "--db", db_url, "claim", "desk", "--month", "2026-05")
    assert [ln.split("\t")[0] for ln in out.splitlines()[2:-1]] == [str(may)]

    code, out, _ = run(capsys, "--db", db_url, "claim", "correction", "--claim", str(april), *as_officer)
    assert code == 0
    with archive.uow() as u:
        v2 = u.session.scalars(select(Claim).where(Claim.supersedes_id == april)).one()
        assert v2.status == "draft" and "超出限定频次" in (v2.correction_reason or "")
        v2_id = v2.id
    assert f"claim #{v2_id}" in out
    code, out, _ = run(capsys, "--db", db_url, "claim", "desk", "--month", "2026-04", "--all-versions")
    listed = [ln.split("\t")[:6] for ln in out.splitlines()[2:-1]]
    assert [(r[0], r[4]) for r in listed] == [(str(v2_id), "v2"), (str(april), "v1")]
    assert "合计 / total: 2" in out.splitlines()[-1]
