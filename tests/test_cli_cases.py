"""``rehab-archive case terms|course-end|subsidy``: the same services and pack articles as
the app; a refusal names the article and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.db.models import RehabCase
from desktop_app.services.admin import accounts
from desktop_app.services.rules import region
from tests.archive_fixture import APPROVAL, Archive

PASSWORD = "病例-命令-2026"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def signed_in(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> Archive:
    for staff in (archive.officer, archive.physician):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
    monkeypatch.setenv("CASE_PASSWORD", PASSWORD)
    return archive


def as_user(name: str) -> tuple[str, ...]:
    return ("--user", name, "--password-env", "CASE_PASSWORD")


def case_row(archive: Archive, case_id: int) -> RehabCase:
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        _ = case.injury.one_off_medical_subsidy_date  # loaded before the session closes
        u.session.expunge_all()
        return case


def test_terms_only_the_packs_methods(signed_in: Archive, db_url: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    case_id = signed_in.admitted_case()
    code, _out, err = run(capsys, "--db", db_url, "case", "terms", "--case", str(case_id),
                          "--method", "per_bed_day", "--rate", "320.00", *as_user("ro"))
    assert code == 1 and "Luzhou Art. 28" in err and "第二十八条" in err
    assert case_row(signed_in, case_id).payment_method == "per_item"  # nothing written
    code, out, err = run(capsys, "--db", db_url, "case", "terms", "--case", str(case_id),
                         "--method", "per_item", *as_user("ro"))
    assert code == 0, err
    assert "按服务项目" in out and "Luzhou Art. 28" in out
    # a float-like or malformed amount is a usage error, not a stored float
    assert run(capsys, "--db", db_url, "case", "terms", "--case", str(case_id), "--method",
               "per_item", "--rate", "3e2", *as_user("ro"))[0] == 2


def test_terms_with_quotas_under_shandong(signed_in: Archive, db_url: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with signed_in.uow(signed_in.admin) as u:
        region.set_policy_region(u, "shandong", "机构在山东")
    case_id = signed_in.admitted_case()
    code, out, err = run(capsys, "--db", db_url, "case", "terms", "--case", str(case_id),
                         "--method", "per_disease", "--quota", "WI05=18000.00",
                         "--quota", "WI01=25000", *as_user("ro"))
    assert code == 0, err
    case = case_row(signed_in, case_id)
    assert (case.payment_method, case.payment_rate) == (
        "per_disease", {"quotas": {"WI05": "18000.00", "WI01": "25000"}})
    assert "Shandong §四(十)" in out and "WI05=18000.00" in out


def test_course_end_and_subsidy(signed_in: Archive, db_url: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    case_id = signed_in.admitted_case()
    base = ("--db", db_url, "case")
    # before the admission (2026-04-03): refused, nothing written
    code, _out, err = run(capsys, *base, "course-end", "--case", str(case_id), "--date",
                          "2026-04-01", "--cause", "institution", *as_user("doc"))
    assert code == 1 and "入院" in err and case_row(signed_in, case_id).course_ended_on is None
    assert run(capsys, *base, "course-end", "--case", str(case_id), "--date", "2026-05-06",
               "--cause", "nobody", *as_user("doc"))[0] == 2
    code, out, err = run(capsys, *base, "course-end", "--case", str(case_id), "--date",
                         "2026-05-06", "--cause", "worker_refused", *as_user("doc"))
    assert code == 0, err
    case = case_row(signed_in, case_id)
    assert (case.course_ended_on, case.overstay_cause) == (date(2026, 5, 6), "worker_refused")

    code, _out, err = run(capsys, *base, "subsidy", "--case", str(case_id), "--date",
                          "2026-02-01", *as_user("ro"))  # before the injury (2026-03-01)
    assert code == 1 and "受伤" in err
    code, out, err = run(capsys, *base, "subsidy", "--case", str(case_id), "--date",
                         "2026-05-10", *as_user("ro"))
    assert code == 0, err
    assert case_row(signed_in, case_id).injury.one_off_medical_subsidy_date == date(2026, 5, 10)


def test_approval_caps_by_the_institutions_pack(signed_in: Archive, db_url: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """An 800-day vocational approval: refused under Beijing (Art. 8(2)), recorded under
    Luzhou (no cap in its text); 90 vocational days in Beijing: recorded with a warning."""
    luzhou_case = signed_in.register()
    beijing_case = signed_in.register(recognition_number="京人社工认〔2026〕9号")

    def approve(case_id: int, days: int) -> tuple[int, str, str]:
        start = APPROVAL
        return run(capsys, "--db", db_url, "case", "approval", "--case", str(case_id),
                   "--number", f"核〔2026〕{case_id}-{days}号", "--date", start.isoformat(),
                   "--body", "经办机构", "--from", start.isoformat(),
                   "--to", date.fromordinal(start.toordinal() + days - 1).isoformat(),
                   "--type", "vocational", "--item", "340200020=20", *as_user("ro"))

    code, out, err = approve(luzhou_case, 800)
    assert code == 0, err
    assert "[提示]" not in out and "luzhou/2025-1" in out
    with signed_in.uow(signed_in.admin) as u:
        region.set_policy_region(u, "beijing", "机构迁至北京")
    code, _out, err = approve(beijing_case, 800)
    assert code == 1 and "Beijing Art. 8(2)" in err and "泸州" not in err
    assert case_row(signed_in, beijing_case).status == "registered"  # nothing written
    code, out, err = approve(beijing_case, 90)
    assert code == 0, err
    assert "[提示]" in out and "第八条第（二）项" in out and "beijing/2026-1" in out
    assert case_row(signed_in, luzhou_case).policy_pack == "luzhou/2025-1"  # kept
