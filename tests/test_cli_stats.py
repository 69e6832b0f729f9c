"""``rehab-archive stats`` on the demo archive (with the statistics examples added through
the real use cases): every indicator of the issue has a non-trivial value for 2026, the XLSX
holds numbers that add up, the annual report is PDF/A-3b with embedded fonts, and the command
never creates an archive."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.db.engine import make_engine
from desktop_app.domain.statistics.report import Figure, Period
from desktop_app.services.demo import DEMO_PASSWORD, generate_demo
from desktop_app.services.statistics.stats_view import statistics_report
from tests.conftest import fresh_database
from tests.documents.pdf_checks import font_rows, pdfa_3b_basics, pdfa_3b_report

AS_OF = date(2026, 11, 20)
# One figure (or more) per indicator the issue lists, each of which must not be zero or empty.
REQUIRED = (
    "admitted", "discharged", "admitted_stage_STABLE", "admitted_setting_inpatient",
    "admitted_region_luzhou", "los_mean", "los_median", "los_p90", "cost_per_case", "cost_per_day",
    "cost_category_rehab", "cost_payer_fund", "fund_share", "sessions_per_therapist", "sessions_per_day",
    "improvement_BI_mean", "improvement_BI_reached", "end_reason_completed", "return_to_work_rate",
    "readmission_90", "extensions_per_case", "claims_returned", "deduction_amount",
    "signature_late_patient", "signature_late_staff", "signature_late_patient_count", "limit_sessions",
    "limit_max_per_day",
)


@pytest.fixture(scope="module")
def demo(migrated_template: str, db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo archive, once per engine, with the statistics examples (the demo records
    the work status at discharge and the follow-ups itself)."""
    url = fresh_database(migrated_template, db_kind, tmp_path_factory.mktemp("stats-demo"))
    engine = make_engine(url)
    generate_demo(engine, 8, seed=2, as_of=AS_OF, statistics_examples=True)
    engine.dispose()
    yield url


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """The demo's records officer, whose files name patients."""
    monkeypatch.setenv("STATS_PASSWORD", DEMO_PASSWORD)
    return ("--user", "ro_sun", "--password-env", "STATS_PASSWORD")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_indicator_has_a_value_in_the_demo(demo: str) -> None:
    engine = make_engine(demo)
    with Session(engine) as session:
        report = statistics_report(session, Period(2026))
    engine.dispose()
    figures: dict[str, Figure] = {f.key: f for g in report.groups for f in g.figures}
    empty = [k for k in REQUIRED if not figures[k].value or not figures[k].case_ids]
    assert not empty
    assert {w.key: w.value for w in report.warnings}["warning_daily_limit"] == 1
    series = {s.key: s for g in report.groups for s in g.series}
    assert sum(y for _, y in series["trend_admitted"].points) == figures["admitted"].value
    assert sum(y for _, y in series["los_distribution"].points) == figures["discharged"].value


def test_stats_writes_an_xlsx_whose_numbers_add_up(demo: str, tmp_path: Path, signed_in: tuple[str, ...],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.xlsx"
    engine = make_engine(demo)
    events = "SELECT action, record_type, details FROM audit_event WHERE id > :last ORDER BY id"
    with engine.connect() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_event")).scalar_one()
    code, printed, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--out", str(out),
                             *signed_in)
    assert code == 0, err
    with engine.connect() as conn:  # the sign-in and the export, with what was written
        written = conn.execute(text(events), {"last": last}).all()
    engine.dispose()
    assert [(a, r) for a, r, _ in written] == [("login", "staff_user"), ("export", "statistics")]
    details = written[1][2] if isinstance(written[1][2], dict) else json.loads(written[1][2])
    assert details["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (details["period"], details["format"], details["file"]) == ("2026", "xlsx", "s.xlsx")
    assert details["cases_named"] > 0
    assert "admitted" in printed and "已写入 / written" in printed
    book = load_workbook(out)
    sheet = book["病例数量"]
    assert [c.value for c in sheet[1]][:4] == ["指标", "Indicator", "键", "本期"]
    fields = [c.value for c in sheet[2]]
    key, value = fields.index("key"), fields.index("value")
    rows = {r[key].value: r[value].value for r in sheet.iter_rows(min_row=3)}
    by_stage = [v for k, v in rows.items() if k.startswith("admitted_stage_")]
    assert all(isinstance(v, int) for v in by_stage)
    assert sum(by_stage) == rows["admitted"] > 0
    cost = {r[key].value: r[value].value for r in book["费用"].iter_rows(min_row=3)}
    assert isinstance(cost["cost_total"], float | int)
    categories = sum(Decimal(str(v)) for k, v in cost.items() if k.startswith("cost_category_"))
    assert categories == Decimal(str(cost["cost_total"]))
    listed = [r[2].value for r in book["指标涉及病例"].iter_rows(min_row=3) if r[0].value == "admitted"]
    assert len(listed) == rows["admitted"]


def test_stats_writes_the_annual_report_as_pdfa(demo: str, tmp_path: Path, signed_in: tuple[str, ...],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.pdf"
    code, _, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--quarter", "4", "--out", str(out),
                       *signed_in)
    assert code == 0, err
    pdf = out.read_bytes()
    assert pdfa_3b_report(pdf).passed
    assert pdfa_3b_basics(pdf) == []
    assert all(row["emb"] == "yes" for row in font_rows(out))
    code, printed, _ = run(capsys, "--db", demo, "stats", "--year", "2026", "--month", "11")
    assert code == 0 and "2026年11月" in printed


def test_stats_never_creates_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite3"
    code, _, err = run(capsys, "--db", f"sqlite:///{missing}", "stats", "--year", "2026")
    assert code == 1 and "档案不存在" in err and "There is no archive" in err
    assert not missing.exists() and list(tmp_path.iterdir()) == []
    code, _, err = run(capsys, "--db", f"sqlite:///{missing}", "stats", "--year", "2026",
                       "--out", str(tmp_path / "s.docx"))
    assert code == 1 and ".xlsx" in err and not missing.exists()
    assert run(capsys, "stats", "--year", "2026", "--quarter", "1", "--month", "2")[0] == 2


def test_a_file_naming_patients_needs_a_permitted_user(demo: str, tmp_path: Path, signed_in: tuple[str, ...],
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "s.xlsx"
    code, _, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--out", str(out))
    assert code == 1 and "--user" in err and "须登录" in err and not out.exists()
    therapist = ("--user", "pt_zhang", "--password-env", "STATS_PASSWORD")
    code, _, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--out", str(out), *therapist)
    assert code == 1 and "查看统计分析" in err and not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no partial file either
    code, printed, _ = run(capsys, "--db", demo, "stats", "--year", "2026")  # figures alone: a read
    assert code == 0 and "admitted" in printed


def test_stats_for_one_therapist(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, everyone, err = run(capsys, "--db", demo, "stats", "--year", "2026")
    assert code == 0, err
    code, printed, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--therapist", "pt_zhang")
    assert code == 0, err
    mine = [line for line in printed.splitlines() if "sessions_therapist_" in line]
    assert len(mine) == 1 and "张伟" in mine[0]  # only her own sessions are counted
    assert sum("sessions_therapist_" in line for line in everyone.splitlines()) > 1
    code, _, err = run(capsys, "--db", demo, "stats", "--year", "2026", "--therapist", "ro_sun")
    assert code == 1 and "没有用户名为 ro_sun 的治疗师" in err
