"""``rehab-archive`` end to end on both engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.db.engine import make_engine
from desktop_app.db.models import Base, RehabCase, Worker
from desktop_app.domain.identity import validate_resident_id

AS_OF = date(2026, 11, 20)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_info_cases(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db_url, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db_url, "demo", "--patients", "12", "--seed", "3",
                       "--as-of", AS_OF.isoformat())
    assert code == 0 and "12 patients" in out
    code, out, _ = run(capsys, "--db", db_url, "info")
    assert code == 0
    counts = {line.split()[0]: int(line.split()[-1]) for line in out.splitlines()
              if line.startswith("  ") and line.split()[-1].isdigit()}
    assert counts["工伤职工"] == 12 and counts["康复病例"] == 12
    assert counts["治疗记录"] > 100 and counts["评估"] > 10 and counts["费用明细"] > 100
    assert "schema version" in out
    code, out, _ = run(capsys, "--db", db_url, "cases")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 12
    assert all("********" in line for line in lines)  # ID numbers are masked
    code, out, _ = run(capsys, "--db", db_url, "cases", "--status", "archived")  # the demo archives
    archived = out.strip().splitlines()  # its discharged cases: listed as archived, not discharged
    assert code == 0 and 0 < len(archived) < 12 and all("\tarchived\t" in line for line in archived)
    code, out, _ = run(capsys, "--db", db_url, "cases", "--status", "discharged")
    assert code == 0 and not set(out.strip().splitlines()) & set(archived)


def test_demo_is_realistic(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db_url, "demo", "--patients", "10", "--seed", "5",
               "--as-of", AS_OF.isoformat())[0] == 0
    engine = make_engine(db_url)
    with Session(engine) as session:
        workers = session.scalars(select(Worker)).all()
        cases = session.scalars(select(RehabCase)).all()
        categories = {c.injury.disease_category for c in cases}
    engine.dispose()
    assert all(validate_resident_id(w.resident_id, today=AS_OF) == [] for w in workers)
    assert all(2 <= len(w.name) <= 3 for w in workers)
    assert {c.status for c in cases} == {"registered", "approved", "admitted", "discharged"}
    assert {c.setting for c in cases} >= {"inpatient", "outpatient"}
    assert len(categories) == 9


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine: Engine = make_engine(url)
    with engine.connect() as conn:
        data = {name: [tuple(r) for r in conn.execute(table.select().order_by(*table.primary_key))]
                for name, table in Base.metadata.tables.items()}
    # Password hashes are salted at random: compare whether they are set, not their bytes.
    users = Base.metadata.tables["staff_user"]
    salted = list(users.columns.keys()).index("password_hash")
    data["staff_user"] = [tuple(bool(v) if i == salted else v for i, v in enumerate(row))
                          for row in data["staff_user"]]
    engine.dispose()
    return data


def test_demo_with_the_same_seed_gives_the_same_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [f"sqlite:///{tmp_path / f'{n}.sqlite3'}" for n in ("a", "b", "c")]
    for url, seed in zip(urls, ("7", "7", "8"), strict=True):
        assert run(capsys, "--db", url, "demo", "--patients", "6", "--seed", seed,
                   "--as-of", AS_OF.isoformat())[0] == 0
    first, second, other = (dump(u) for u in urls)
    assert first == second
    assert first["worker"] != other["worker"]


def test_demo_refuses_a_non_empty_archive(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db_url, "demo", "--patients", "2", "--as-of", "2026-11-20")[0] == 0
    code, _, err = run(capsys, "--db", db_url, "demo", "--patients", "2")
    assert code == 1 and "错误" in err and "Error" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "cases", "--status", "nonsense")[0] == 2


def test_unreachable_database_is_a_clear_failure(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = "postgresql+psycopg://nobody:wrong@127.0.0.1:1/none"
    code, _, err = run(capsys, "--db", bad, "info")
    assert code == 1 and "数据库" in err and "Traceback" not in err


def test_database_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("REHAB_DB_URL", url)
    assert run(capsys, "init")[0] == 0  # `info` only reads: it creates nothing (test_cli_open)
    code, out, _ = run(capsys, "info")
    assert code == 0 and "env.sqlite3" in out
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()
