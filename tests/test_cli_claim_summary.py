"""``rehab-archive claim summary`` and ``claim summary-sign`` on the demo archive: the
month's summary with its totals and files, the records officer's and the administrator's
sign-offs, the same person twice refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, MonthlySummary
from desktop_app.documents.money import yuan
from desktop_app.services.claims import monthly_summary
from desktop_app.services.demo import DEMO_PASSWORD
from tests.documents.pdf_checks import pdfa_3b_report

AS_OF = date(2026, 11, 20)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_then_two_sign_offs(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "--db", db_url, "demo", "--patients", "6", "--seed", "3",
               "--as-of", AS_OF.isoformat())[0] == 0
    engine = make_engine(db_url)
    with Session(engine) as session:
        final = list(session.scalars(select(Claim).where(Claim.status.in_(("final", "exported")))))
        months = [monthly_summary.month_of(c) for c in final]
    assert final, "the demo carries final claims (discharge claims: counted in their window's last month)"
    month = str(months[0])
    expected = sum((Decimal(str(c.totals["total"])) for c, m in zip(final, months, strict=True)
                    if m == month), Decimal(0))
    monkeypatch.setenv("RO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("ADMIN_PASSWORD", DEMO_PASSWORD)
    as_officer = ("--user", "ro_sun", "--password-env", "RO_PASSWORD")
    as_admin = ("--user", "admin", "--password-env", "ADMIN_PASSWORD")

    code, _, err = run(capsys, "--db", db_url, "claim", "summary-sign", "--month", month, *as_officer)
    assert code == 1 and "尚无申报汇总表" in err  # nothing to sign yet
    code, out, err = run(capsys, "--db", db_url, "claim", "summary", "--month", month,
                         "--out", str(tmp_path), *as_officer)
    assert code == 0, err
    summary_id = int(out.strip().splitlines()[-1])
    assert f"合计 total ¥{yuan(expected)}" in out and "待签署" in out
    pdf = tmp_path / f"monthly-summary-{month}-V1.pdf"
    assert pdfa_3b_report(pdf.read_bytes()).passed
    sheet = load_workbook(tmp_path / f"monthly-summary-{month}-V1.xlsx").worksheets[0]
    total_column = [c.value for c in sheet[2]].index("total") + 1
    amounts = [sheet.cell(row=r, column=total_column).value for r in range(3, sheet.max_row)]
    assert Decimal(str(round(sum(amounts), 2))) == expected  # type: ignore[arg-type]

    code, out, err = run(capsys, "--db", db_url, "claim", "summary-sign", "--month", month, *as_officer)
    assert code == 0, err
    prepared = int(out.strip().splitlines()[-1])
    code, _, err = run(capsys, "--db", db_url, "claim", "summary-sign", "--month", month, *as_officer)
    assert code == 1 and "同一人" in err and "different people" in err
    code, out, err = run(capsys, "--db", db_url, "claim", "summary-sign", "--month", month, *as_admin)
    assert code == 0, err
    reviewed = int(out.strip().splitlines()[-1])
    code, out, err = run(capsys, "--db", db_url, "claim", "summary", "--month", month, *as_officer)
    assert code == 0 and int(out.strip().splitlines()[-1]) == summary_id  # unchanged: the same version
    assert f"签名 #{prepared}" in out and f"签名 #{reviewed}" in out and "待签署" not in out
    with Session(engine) as session:
        assert session.scalars(select(MonthlySummary.version_no).where(
            MonthlySummary.month == month)).all() == [1]
    assert run(capsys, "--db", db_url, "claim", "summary", "--month", "2026-13", *as_officer)[0] == 2
    engine.dispose()
