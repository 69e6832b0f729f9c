"""``rehab-archive region show`` and ``region set`` on both engines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.db.models import AuditEvent, Institution
from desktop_app.services.admin import setup
from desktop_app.services.admin.sign_in import create_first_administrator
from desktop_app.services.core.uow import UnitOfWork

PASSWORD = "chief-pass-1"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def luzhou(uow: Callable[..., UnitOfWork], monkeypatch: pytest.MonkeyPatch) -> None:
    with uow() as u:
        setup.save_institution(u, setup.InstitutionInput(name="测试康复医院", region="泸州市"))
    with uow() as u:
        create_first_administrator(u, "chief", "陈主任", PASSWORD)
    monkeypatch.setenv("CHIEF_PASSWORD", PASSWORD)


def test_region_show_lists_the_packs_rules_with_articles(
        db_url: str, luzhou: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_url, "region", "show", "--as-of", "2026-06-01")
    assert code == 0
    assert "luzhou/2025-1" in out and "Luzhou Art. 4" in out and "Luzhou Art. 6(3)" in out
    assert "Luzhou Art. 7" in out and "Luzhou Art. 28" in out and "no cap" in out
    assert "Beijing" not in out and "Baotou" not in out
    code, out, _ = run(capsys, "--db", db_url, "region", "show", "--as-of", "2027-03-24")
    assert "national/2011" in out  # Luzhou's text has lapsed: the baseline, never another region


def test_region_set_needs_a_reason_and_is_audited(
        db_url: str, luzhou: None, uow: Callable[..., UnitOfWork],
        capsys: pytest.CaptureFixture[str]) -> None:
    chief = ("--user", "chief", "--password-env", "CHIEF_PASSWORD")
    assert run(capsys, "--db", db_url, "region", "set", "beijing", *chief)[0] == 2  # no --reason
    code, _, err = run(capsys, "--db", db_url, "region", "set", "beijing", "--reason", " ", *chief)
    assert code == 1 and "须说明原因" in err and "reason is required" in err
    code, _, err = run(capsys, "--db", db_url, "region", "set", "shenzhen", "--reason", "迁址", *chief)
    assert code == 1 and "shenzhen" in err
    with uow() as u:
        assert u.session.scalars(select(Institution.policy_region)).one() == "luzhou"
    code, out, err = run(capsys, "--db", db_url, "region", "set", "beijing", "--reason",
                         "机构迁至北京", *chief)
    assert code == 0, err
    assert "luzhou → beijing" in out and "Beijing" in out
    with uow() as u:
        assert u.session.scalars(select(Institution.policy_region)).one() == "beijing"
        event = u.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "policy_region_changed")).one()
        assert event.details["reason"] == "机构迁至北京"


def test_ward_hours_and_rest_days_are_set_checked_and_shown(
        db_url: str, luzhou: None, uow: Callable[..., UnitOfWork],
        capsys: pytest.CaptureFixture[str]) -> None:
    chief = ("--user", "chief", "--password-env", "CHIEF_PASSWORD")
    code, _, err = run(capsys, "--db", db_url, "region", "ward", "--hours", "18:00-08:00", *chief)
    assert code == 1 and "开始时间须早于结束时间" in err  # refused, nothing written
    code, _, err = run(capsys, "--db", db_url, "region", "ward", "--no-hours", "--rest",
                       "1,2,3,4,5,6,7", *chief)
    assert code == 1 and "every day" in err
    code, out, err = run(capsys, "--db", db_url, "region", "ward", "--hours", "07:30-18:00",
                         "--rest", "6,7", *chief)
    assert code == 0, err
    assert "07:30-18:00" in out and "rest weekdays: 6,7" in out
    with uow() as u:
        settings = u.session.scalars(select(Institution.settings)).one()
        assert (settings["opening_hours"], settings["rest_weekdays"]) == (["07:30", "18:00"], [6, 7])
    code, out, _ = run(capsys, "--db", db_url, "region", "ward", "--no-hours", *chief)
    assert code == 0 and "not checked" in out
