"""The charges CSV: every bad row named by line and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.charges_csv import parse_charges


def test_good_file_with_chinese_headers_and_bom() -> None:
    text = ("\ufeff发生日期,项目编码,费用类别,数量,费用性质,部位\n"
            "2026-04-05,DEMODRUG0001,drug,2,,\n"
            "2026-04-06,DEMOOTH0001,other,1,daily_necessity,\n")
    rows, errors = parse_charges(text)
    assert errors == []
    assert [(r.row, r.occurred_on, r.quantity, r.charge_kind) for r in rows] == [
        (2, date(2026, 4, 5), Decimal(2), None), (3, date(2026, 4, 6), Decimal(1), "daily_necessity")]


def test_bad_rows_are_named() -> None:
    text = ("occurred_on,national_code,category,quantity,out_of_scope,name,unit,unit_price\n"
            "2026-04-05,A,drug,1,,,,\n"
            "2026-13-01,B,drug,1,,,,\n"
            "2026-04-05,C,rehab,1,,,,\n"
            "2026-04-05,D,drug,-1,,,,\n"
            "2026-04-05,E,drug,1,是,,盒,\n"
            "2026-04-05,F,drug\n")
    rows, errors = parse_charges(text)
    assert [r.national_code for r in rows] == ["A"]
    keys = [e.key for e in errors]
    assert keys == ["line.3.occurred_on", "line.4.category", "line.5.quantity", "line.6.name",
                    "line.6.unit_price", "line.7"]
    assert all(e.en.startswith(f"line {e.key.split('.')[1]}") for e in errors)


def test_missing_and_unknown_columns() -> None:
    _rows, errors = parse_charges("national_code,quantity,colour\nA,1,red\n")
    assert {e.en for e in errors} == {"missing column: occurred_on", "missing column: category",
                                      "unknown column: colour"}


HEAD = "occurred_on,national_code,category,quantity,out_of_scope,name,unit,unit_price\n"


def test_text_a_spreadsheet_would_run_is_refused() -> None:
    rows, errors = parse_charges(HEAD + '2026-04-05,A,drug,1,是,"=HYPERLINK(""http://x"",""点我"")",盒,3\n'
                                 "2026-04-05,+B,drug,1,,,,\n"
                                 "2026-04-05,C,drug,1,是,药,@盒,3\n")
    assert rows == []
    assert [e.key for e in errors] == ["line.2.name", "line.3.national_code", "line.4.unit"]
    assert all("公式" in e.zh and "formula" in e.en for e in errors)


def test_other_digits_are_refused_naming_the_character() -> None:
    rows, errors = parse_charges(HEAD + "2026-04-05,A,drug,٣,,,,\n2026-04-05,B,drug,1,是,药,盒,1²\n")
    assert rows == [] and [e.key for e in errors] == ["line.2.quantity", "line.3.unit_price"]
    assert "“٣”" in errors[0].zh and "“²”" in errors[1].zh


def test_full_width_digits_are_read() -> None:
    rows, errors = parse_charges(HEAD + "2026-04-05,A,drug,２．５,,,,\n")
    assert errors == [] and rows[0].quantity == Decimal("2.5")


def test_a_field_too_long_for_the_csv_reader_is_a_message() -> None:
    rows, errors = parse_charges(HEAD + "2026-04-05,A,drug,1,," + "药" * 200_000 + ",,\n")
    assert rows == [] and errors and errors[0].key == "file"
