"""``rehab-archive claim build`` end to end on both engines, on a demo archive."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, RehabCase
from desktop_app.services.demo import DEMO_PASSWORD

AS_OF = date(2026, 11, 20)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_claim_build(db_url: str, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "--db", db_url, "demo", "--patients", "6", "--seed", "3",
               "--as-of", AS_OF.isoformat())[0] == 0
    engine = make_engine(db_url)
    with Session(engine) as session:
        # the demo's first three cases carry final claims already (every payer class)
        done = session.scalars(select(RehabCase.id).where(
            RehabCase.status == "discharged", RehabCase.id.not_in(select(Claim.case_id)))).first()
        running = session.scalars(select(RehabCase.id).where(RehabCase.status == "admitted")).first()
    assert done is not None and running is not None
    monkeypatch.setenv("RO_PASSWORD", DEMO_PASSWORD)
    as_officer = ("--user", "ro_sun", "--password-env", "RO_PASSWORD")

    code, out, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(done),
                         "--period", "discharge", *as_officer)
    assert code == 0, err
    claim_id = int(out.strip().splitlines()[-1])
    with Session(engine) as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and (claim.case_id, claim.period, claim.status) == (
            done, "discharge", "draft")
        assert "合计 total" in out and str(claim.totals["total"]) in out

    # the running course's last day still waits for the patient's signature
    code, out, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(running),
                         "--period", "2026-11", *as_officer)
    assert code == 1 and "未经患者签字确认" in err and "not signed by the patient" in err
    assert "treatment_session #" in err

    # usage errors: exit 2
    assert run(capsys, "--db", db_url, "claim", "build", "--case", str(done),
               "--period", "2026-13", *as_officer)[0] == 2
    assert run(capsys, "--db", db_url, "claim", "build", "--case", str(done),
               "--period", "discharge")[0] == 2
    code, _, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(done), "--period",
                       "discharge", "--user", "ro_sun", "--password-env", "NO_SUCH_VARIABLE_SET")
    assert code == 2 and "NO_SUCH_VARIABLE_SET" in err
    # refusals: exit 1, in Chinese then English
    monkeypatch.setenv("PT_PASSWORD", DEMO_PASSWORD)
    code, _, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(done), "--period",
                       "discharge", "--user", "pt_zhang", "--password-env", "PT_PASSWORD")
    assert code == 1 and err.startswith("错误：") and "\nError: A therapist may not" in err
    monkeypatch.setenv("RO_PASSWORD", "wrong")
    code, _, err = run(capsys, "--db", db_url, "claim", "build", "--case", str(done), "--period",
                       "discharge", *as_officer)
    assert code == 1 and "Wrong username or password" in err
    engine.dispose()
