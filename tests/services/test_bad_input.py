"""Bad input through the services: a message naming the fault, never a traceback, nothing
written; text a spreadsheet would run is neutralised in the audit extract (issue 15)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.cli import cases as cli_cases
from desktop_app.db.models import RehabCase, Worker
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import setup
from desktop_app.services.claims.claim_gate import month_window
from desktop_app.services.records.archive_export import audit_extract
from tests.archive_fixture import VALID_ID, Archive

ATTACK = '=HYPERLINK("http://example.invalid","点我")'


def counts(archive: Archive) -> tuple[int, int]:
    with archive.uow() as u:
        return (u.session.scalar(select(func.count()).select_from(Worker)) or 0,
                u.session.scalar(select(func.count()).select_from(RehabCase)) or 0)


@pytest.mark.parametrize(("number", "position", "char"), [
    ("1101051949123100①X", 17, "①"),
    ("11010519491231002²", 18, "²"),
    ("64010419730825٦٦٨9", 15, "٦"),
])
def test_an_id_with_other_digits_is_refused_naming_the_character(
        archive: Archive, number: str, position: int, char: str) -> None:
    before = counts(archive)
    with pytest.raises(ValidationFailed) as caught:
        archive.register(resident_id=number)
    (error,) = [e for e in caught.value.errors if e.key == "resident_id"]
    assert f"第 {position} 位“{char}”" in error.zh and f"character {position} '{char}'" in error.en
    assert counts(archive) == before


def test_a_full_width_id_is_the_same_worker(archive: Archive) -> None:
    archive.register()
    workers, cases = counts(archive)
    full_width = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
    archive.register(resident_id=full_width, recognition_number="泸人社工认〔2026〕102号")
    assert counts(archive) == (workers, cases + 1)


def test_a_credit_code_with_strange_characters_is_refused(archive: Archive) -> None:
    from desktop_app.services.core.commands import EmployerInput

    before = counts(archive)
    with pytest.raises(ValidationFailed) as caught:
        archive.register(employer=EmployerInput("某公司", "9131011066600721①T"))
    assert any(e.key == "credit_code" and "“①”" in e.zh for e in caught.value.errors)
    assert counts(archive) == before


@pytest.mark.parametrize("period", ["٢٠٢٦-01", "２０２６-01", "2026-٠1"])
def test_a_claim_period_with_other_digits_is_refused(period: str) -> None:
    with pytest.raises(UserError):
        month_window(period, date(2026, 12, 1))


def test_audit_extract_neutralises_a_formula_in_a_name(archive: Archive) -> None:
    with archive.uow(archive.admin) as u:
        officer = setup.add_staff(u, "evil", ATTACK, "records_officer")
    with archive.uow(officer) as u:
        from desktop_app.services.intake import intake

        case_id = intake.register_case(u, archive.registration()).case_id
    with archive.uow() as u:
        as_json, as_csv = audit_extract(u.session, case_id)
    actors = {row["actor"] for row in csv.DictReader(io.StringIO(as_csv.decode("utf-8-sig")))}
    assert "'" + ATTACK in actors and ATTACK not in actors
    assert ATTACK in {e["actor"] for e in json.loads(as_json)}  # the JSON keeps the name as it is


def test_the_institution_credit_code_is_checked(archive: Archive) -> None:
    bad = setup.InstitutionInput(name="测试康复医院", region="泸州市", credit_code="9131011066600721①T")
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.admin) as u:
        setup.save_institution(u, bad)
    assert [e.key for e in caught.value.errors] == ["credit_code"]
    assert setup.institution_errors(replace(bad, credit_code="91310110666007217T")) == []
    (warning,) = setup.institution_errors(replace(bad, credit_code="913101A0666007217T"))
    assert warning.warning and "第 7 位" in warning.zh


@pytest.mark.parametrize("text", ["٣٢٠.00", "３２０.00", "320.٠٠"])
def test_cli_amounts_take_ascii_digits_only(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        cli_cases._amount(text)


@pytest.mark.parametrize("text", ["340200020=²", "340200020=٦", "340200020=①"])
def test_cli_approved_counts_take_ascii_digits_only(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        cli_cases._approved_item(text)
    assert cli_cases._approved_item("340200020=12") == ("340200020", 12)


@pytest.mark.parametrize(("changes", "key"), [({"name": "张\x07三"}, "name"),
                                              ({"recognition_number": "泸\x00认1号"}, "recognition_number")])
def test_a_control_character_in_a_one_line_field_is_refused(archive: Archive, changes: dict[str, str],
                                                            key: str) -> None:
    before = counts(archive)
    with pytest.raises(ValidationFailed) as caught:
        archive.register(**changes)
    assert [e.key for e in caught.value.errors] == [key] and "控制字符" in caught.value.errors[0].zh
    assert counts(archive) == before
