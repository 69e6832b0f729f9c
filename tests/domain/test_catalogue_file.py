"""Reading and checking catalogue files (CSV in any of the usual encodings, XLSX)."""

from __future__ import annotations

import csv
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.catalogue_file import (
    COLUMNS,
    FILE_ROW,
    CatalogueRow,
    parse_catalogue_bytes,
    parse_catalogue_file,
)
from desktop_app.domain.reference import FEE_CATEGORY_LABELS
from desktop_app.domain.typed_text import starts_like_formula
from desktop_app.domain.vocabulary import FEE_CATEGORIES
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.paths import resources_dir

HEADER = list(COLUMNS)
GOOD_ROWS = [
    ["003402000200000", "L-0020", "运动疗法", "次", "45.50", "rehab", "2", "", "", "测试", ""],
    ["003402000310000", "", "作业疗法", "次", "30", "康复项目", "", "20", "手外伤", "", "备注"],
    ["110900001", "B-1", "普通病房床位费", "床日", "40.0000", "床位", "1", "", "", "", ""],
]
EXPECTED = (
    CatalogueRow("003402000200000", "L-0020", "运动疗法", "次", Decimal("45.50"), "rehab", 2, None,
                 source="测试"),
    CatalogueRow("003402000310000", "", "作业疗法", "次", Decimal("30"), "rehab", None, 20,
                 indication="手外伤", note="备注"),
    CatalogueRow("110900001", "B-1", "普通病房床位费", "床日", Decimal("40"), "bed", 1, None),
)


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messages(parsed: object) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in parsed.errors]  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_csv_encodings_parse_to_the_same_items(tmp_path: Path, encoding: str, detected: str) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_text(GOOD_ROWS).encode(encoding))
    parsed = parse_catalogue_file(path)
    assert parsed.ok, parsed.report_text()
    assert parsed.encoding == detected
    assert parsed.items == EXPECTED
    assert parsed.row_count == 3
    assert [item.row for item in parsed.items] == [2, 3, 4]
    assert parsed.filename == "catalogue.csv"


def test_undecodable_bytes_are_a_file_error() -> None:
    parsed = parse_catalogue_bytes(b"national_code,name\n\x80\x80\xff\n", "bad.csv")
    assert not parsed.ok
    assert messages(parsed) == [(FILE_ROW, "")]
    assert "编码" in parsed.errors[0].zh


def test_utf16_is_refused_with_advice() -> None:
    parsed = parse_catalogue_bytes(csv_text(GOOD_ROWS).encode("utf-16"), "c.csv")
    assert messages(parsed) == [(FILE_ROW, "")]
    assert "UTF-16" in parsed.errors[0].en


def test_tab_separated_text() -> None:
    text = csv_text(GOOD_ROWS).replace(",", "\t")
    parsed = parse_catalogue_bytes(text.encode("utf-8"), "c.txt")
    assert parsed.ok, parsed.report_text()
    assert parsed.items == EXPECTED


# ----------------------------------------------------------------------------- XLSX


def test_xlsx_parses(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["003402000200000", "L-0020", "运动疗法", "次", 45.5, "rehab", 2, None, None, "测试", None],
                ["003402000310000", None, "作业疗法", "次", 30, "康复项目", None, 20, "手外伤", None, "备注"],
                [None] * 11,
                [110900001, "B-1", "普通病房床位费", "床日", "40.0000", "床位", 1.0, None, None, None, None],
            ]
        )
    )
    parsed = parse_catalogue_file(path)
    assert parsed.ok, parsed.report_text()
    assert parsed.encoding == "xlsx"
    assert parsed.items == EXPECTED
    assert [item.row for item in parsed.items] == [2, 3, 5]


def test_xlsx_numeric_code_that_lost_its_leading_zeros() -> None:
    data = xlsx_bytes([HEADER, [3402000200000, "", "运动疗法", "次", 45.5, "rehab"]])
    parsed = parse_catalogue_bytes(data, "c.xlsx")
    assert messages(parsed) == [(2, "national_code")]
    assert "文本" in parsed.errors[0].zh


def test_xlsx_with_a_title_row_above_the_header() -> None:
    data = xlsx_bytes([["某市工伤康复服务项目目录（2026版）"], [], HEADER, GOOD_ROWS[0]])
    parsed = parse_catalogue_bytes(data, "c.xlsx")
    assert parsed.ok, parsed.report_text()
    assert parsed.header_row == 3
    assert parsed.items == EXPECTED[:1]
    assert parsed.items[0].row == 4


def test_xlsx_float_price_with_too_many_decimals() -> None:
    data = xlsx_bytes([HEADER, ["003402000200000", "", "运动疗法", "次", 12.345678, "rehab"]])
    parsed = parse_catalogue_bytes(data, "c.xlsx")
    assert messages(parsed) == [(2, "price")]


def test_corrupt_xlsx_and_old_xls_are_file_errors() -> None:
    corrupt = parse_catalogue_bytes(b"PK\x03\x04 not really a zip", "c.xlsx")
    assert messages(corrupt) == [(FILE_ROW, "")]
    old = parse_catalogue_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "c.xls")
    assert messages(old) == [(FILE_ROW, "")]
    assert ".xlsx" in old.errors[0].zh


# ----------------------------------------------------------------------------- row checks


def test_one_bad_row_among_good_rows() -> None:
    bad = ["003402000400000", "", "偏瘫肢体综合训练", "次", "abc", "rehab", "", "", "", "", ""]
    rows = [GOOD_ROWS[0], bad, GOOD_ROWS[1], GOOD_ROWS[2]]
    parsed = parse_catalogue_bytes(csv_text(rows).encode("utf-8"), "c.csv")
    assert not parsed.ok
    assert messages(parsed) == [(3, "price")]
    assert parsed.items == EXPECTED  # the good rows are still read; the caller decides
    assert parsed.row_count == 4
    report = parsed.report_text()
    assert "第3行 价格(price)" in report
    assert "row 3 price" in report
    assert report.index("第3行") < report.index("row 3 price")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("national_code", ""),
        ("national_code", "34020002"),  # too short
        ("national_code", "003402000200000a"),  # lower case
        ("national_code", "0034-0200"),
        ("name", ""),
        ("unit", " "),
        ("price", ""),
        ("price", "abc"),
        ("price", "-1"),
        ("price", "1e3"),
        ("price", "¥12.5"),
        ("price", "1,200"),
        ("price", "12.34567"),
        ("price", "12."),
        ("price", "１２x"),  # full-width digits are read (test_full_width_digits_in_a_price_are_read)
        ("category", ""),
        ("category", "护理"),
        ("max_per_day", "0"),
        ("max_per_day", "-2"),
        ("max_per_day", "1.5"),
        ("max_per_course", "abc"),
    ],
)
def test_each_check_names_its_row_and_column(column: str, value: str) -> None:
    row = list(GOOD_ROWS[0])
    row[COLUMNS.index(column)] = value
    parsed = parse_catalogue_bytes(csv_text([GOOD_ROWS[1], row]).encode("utf-8"), "c.csv")
    assert messages(parsed) == [(3, column)]
    error = parsed.errors[0]
    assert error.zh and error.en
    assert parsed.items == EXPECTED[1:2]


def test_several_errors_in_one_row_are_all_reported() -> None:
    row = ["", "", "", "", "-1", "x", "0", "0", "", "", ""]
    parsed = parse_catalogue_bytes(csv_text([row]).encode("utf-8"), "c.csv")
    assert messages(parsed) == [
        (2, "national_code"),
        (2, "name"),
        (2, "unit"),
        (2, "price"),
        (2, "category"),
        (2, "max_per_day"),
        (2, "max_per_course"),
    ]


def test_accepted_values() -> None:
    row = list(GOOD_ROWS[0])
    row[COLUMNS.index("national_code")] = "XA01ABD075A002010100483"  # a drug code
    row[COLUMNS.index("price")] = "0.0001"
    row[COLUMNS.index("category")] = "Drug"
    parsed = parse_catalogue_bytes(csv_text([row]).encode("utf-8"), "c.csv")
    assert parsed.ok, parsed.report_text()
    assert parsed.items[0].price == Decimal("0.0001")
    assert parsed.items[0].category == "drug"
    assert parsed.items[0].category_zh == "药品"


def test_duplicate_national_code_names_both_rows() -> None:
    again = list(GOOD_ROWS[1])
    again[0] = GOOD_ROWS[0][0]
    parsed = parse_catalogue_bytes(csv_text([GOOD_ROWS[0], GOOD_ROWS[2], again]).encode("utf-8"), "c.csv")
    assert messages(parsed) == [(4, "national_code")]
    assert "第2行" in parsed.errors[0].zh
    assert "row 2" in parsed.errors[0].en
    assert parsed.items == (EXPECTED[0], EXPECTED[2])


def test_duplicate_local_code_names_both_rows() -> None:
    again = list(GOOD_ROWS[1])
    again[1] = GOOD_ROWS[2][1]
    parsed = parse_catalogue_bytes(csv_text([GOOD_ROWS[2], again]).encode("utf-8"), "c.csv")
    assert messages(parsed) == [(3, "local_code")]
    assert "第2行" in parsed.errors[0].zh


def test_blank_local_codes_are_not_duplicates() -> None:
    other = list(GOOD_ROWS[1])
    other[0] = "003402000340000"
    parsed = parse_catalogue_bytes(csv_text([GOOD_ROWS[1], other]).encode("utf-8"), "c.csv")
    assert parsed.ok, parsed.report_text()


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers() -> None:
    text = csv_text([]) + "\r\n" + csv_text(GOOD_ROWS[:1]).split("\r\n", 1)[1] + ",,,,\r\n\r\n"
    text += csv_text(GOOD_ROWS[1:2]).split("\r\n", 1)[1]
    parsed = parse_catalogue_bytes(text.encode("utf-8"), "c.csv")
    assert parsed.ok, parsed.report_text()
    assert parsed.row_count == 2
    assert [item.row for item in parsed.items] == [3, 6]


def test_a_quoted_cell_over_several_lines() -> None:
    row = list(GOOD_ROWS[0])
    row[COLUMNS.index("indication")] = "第一行\n第二行"
    bad = list(GOOD_ROWS[1])
    bad[COLUMNS.index("price")] = "x"
    parsed = parse_catalogue_bytes(csv_text([row, bad]).encode("utf-8"), "c.csv")
    assert parsed.items[0].indication == "第一行\n第二行"
    assert messages(parsed) == [(4, "price")]


# ----------------------------------------------------------------------------- headers


def test_missing_required_column_is_a_file_level_error() -> None:
    header = [c for c in HEADER if c != "price"]
    rows = [[cell for i, cell in enumerate(r) if HEADER[i] != "price"] for r in GOOD_ROWS]
    parsed = parse_catalogue_bytes(csv_text(rows, header).encode("utf-8"), "c.csv")
    assert not parsed.ok
    assert messages(parsed) == [(1, "price")]
    assert parsed.items == ()
    assert "价格" in parsed.errors[0].zh


def test_duplicate_column_is_an_error() -> None:
    header = HEADER + ["单价"]
    parsed = parse_catalogue_bytes(csv_text([r + ["1"] for r in GOOD_ROWS], header).encode(), "c.csv")
    assert messages(parsed) == [(1, "price")]


def test_chinese_headers_and_categories() -> None:
    header = ["国家编码", "院内编码", "项目名称", "计价单位", "单价", "费用类别",
              "每日限次", "疗程限次", "适应症", "来源", "备注", "医保等级"]
    rows = [r + ["甲"] for r in GOOD_ROWS]
    parsed = parse_catalogue_bytes(csv_text(rows, header).encode("gbk"), "目录.csv")
    assert parsed.ok, parsed.report_text()
    assert parsed.items == EXPECTED
    assert parsed.ignored_columns == ("医保等级",)


def test_header_order_and_spelling_do_not_matter() -> None:
    header = ["Price", "Name", "Unit", "Category", "National Code"]
    rows = [["12.5", "运动疗法", "次", "医疗", "003402000200000"]]
    parsed = parse_catalogue_bytes(csv_text(rows, header).encode(), "c.csv")
    assert parsed.ok, parsed.report_text()
    assert parsed.items[0].category == "medical"


def test_empty_file_and_header_only() -> None:
    assert messages(parse_catalogue_bytes(b"", "c.csv")) == [(FILE_ROW, "")]
    assert messages(parse_catalogue_bytes(b"\n\n", "c.csv")) == [(FILE_ROW, "")]
    parsed = parse_catalogue_bytes(csv_text([]).encode(), "c.csv")
    assert messages(parsed) == [(FILE_ROW, "")]
    assert "没有数据" in parsed.errors[0].zh


# ----------------------------------------------------------------------------- results


def test_require_ok_and_report() -> None:
    good = parse_catalogue_bytes(csv_text(GOOD_ROWS).encode(), "c.csv")
    assert good.require_ok() == EXPECTED
    assert "全部有效" in good.report_text()

    bad_row = list(GOOD_ROWS[1])
    bad_row[COLUMNS.index("unit")] = ""
    bad_row[COLUMNS.index("category")] = "护理"
    bad = parse_catalogue_bytes(csv_text([GOOD_ROWS[0], bad_row]).encode(), "c.csv")
    with pytest.raises(ValidationFailed) as caught:
        bad.require_ok()
    keys = [e.key for e in caught.value.errors]
    assert keys == ["row.3.unit", "row.3.category"]
    assert isinstance(caught.value, UserError)
    report = bad.report_text()
    assert report.count("\n第3行") == 2
    assert "2 errors" in report


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        parse_catalogue_file(tmp_path / "nope.csv")


# ----------------------------------------------------------------------------- the demo pack

DEMO = resources_dir() / "catalogues" / "demo_pack.csv"


def test_the_demo_pack_parses_cleanly() -> None:
    assert DEMO.read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = parse_catalogue_file(DEMO)
    assert parsed.ok, parsed.report_text()
    assert parsed.encoding == "utf-8-sig"
    assert len(parsed.items) >= 31
    assert {item.category for item in parsed.items} == set(FEE_CATEGORIES)
    assert all("演示价格" in item.note and "demo price" in item.note for item in parsed.items)
    assert all(item.source for item in parsed.items)
    codes = {item.national_code for item in parsed.items}
    assert {"003402000200000", "003402000310000"} <= codes  # 运动疗法, 作业疗法
    reference = (resources_dir() / "reference" / "price_items_3402_verified.csv").read_text("utf-8")
    price_codes = [line.split(",")[0] for line in reference.splitlines()[1:] if line]
    assert len(price_codes) == 31
    locals_ = {item.local_code for item in parsed.items}
    assert {f"DEMO-{code}" for code in price_codes} <= locals_


def test_the_demo_pack_matches_its_build_script() -> None:
    script = resources_dir() / "catalogues" / "build_demo_pack.py"
    spec = importlib.util.spec_from_file_location("build_demo_pack", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build_rows()) == DEMO.read_bytes()


# ----------------------------------------------------------------------------- round trip

text_cell = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
    .map(str.strip)
    .filter(lambda text: not starts_like_formula(text))  # refused: see the formula tests
)
code = st.text("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=9, max_size=20)
price = st.integers(0, 4).flatmap(
    lambda places: st.decimals(0, 10**7, places=places, allow_nan=False, allow_infinity=False)
)
count = st.none() | st.integers(1, 10_000)
CATEGORY_OF = {
    **{key: key for key in FEE_CATEGORIES},
    **{label: key for key, label in FEE_CATEGORY_LABELS.items()},
    "康复": "rehab",
    "医疗": "medical",
    "床位费": "bed",
    "REHAB": "rehab",
}
category_text = st.sampled_from(sorted(CATEGORY_OF))


@st.composite
def catalogue_rows(draw: st.DrawFn) -> list[list[str]]:
    codes = draw(st.lists(code, min_size=1, max_size=8, unique=True))
    rows = []
    local_codes: set[str] = set()
    for national in codes:
        local = draw(text_cell)
        if local in local_codes:
            local = ""
        if local:
            local_codes.add(local)
        per_day, per_course = draw(count), draw(count)
        rows.append(
            [
                national,
                local,
                draw(text_cell.filter(bool)),
                draw(text_cell.filter(bool)),
                format(draw(price), "f"),
                draw(category_text),
                "" if per_day is None else str(per_day),
                "" if per_course is None else str(per_course),
                draw(text_cell),
                draw(text_cell),
                draw(text_cell),
            ]
        )
    return rows


@settings(max_examples=60, deadline=None)
@given(rows=catalogue_rows(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_valid_rows_round_trip_through_csv(rows: list[list[str]], encoding: str) -> None:
    parsed = parse_catalogue_bytes(csv_text(rows).encode(encoding), "c.csv")
    assert parsed.ok, parsed.report_text()
    assert len(parsed.items) == len(rows)
    for row, item in zip(rows, parsed.items, strict=True):
        assert item.national_code == row[0]
        assert item.local_code == row[1]
        assert (item.name, item.unit) == (row[2], row[3])
        assert item.price == Decimal(row[4])
        assert item.category == CATEGORY_OF[row[5]]
        assert item.max_per_day == (int(row[6]) if row[6] else None)
        assert item.max_per_course == (int(row[7]) if row[7] else None)
        assert (item.indication, item.source, item.note) == (row[8], row[9], row[10])


# ----------------------------------------------------------------------------- issue 15: formulas


def test_a_formula_in_an_xlsx_cell_is_named_as_a_formula() -> None:
    """It was refused as "the price is empty" (no cached value), hiding the real cause."""
    rows: list[list[object]] = [HEADER, GOOD_ROWS[0], [*GOOD_ROWS[1][:4], "=10*3", *GOOD_ROWS[1][5:]]]
    parsed = parse_catalogue_bytes(xlsx_bytes(rows), "c.xlsx")
    assert messages(parsed) == [(3, "price")]
    (error,) = parsed.errors
    assert "公式" in error.zh and "粘贴为数值" in error.zh and "formula" in error.en
    assert "第3行 价格(price)：是公式" in str(error) and "row 3 price: a formula" in str(error)


def test_a_formula_in_a_text_column_of_an_xlsx_is_refused() -> None:
    attack = '=HYPERLINK("http://example.invalid","点我")'
    rows: list[list[object]] = [HEADER, [GOOD_ROWS[0][0], "", attack, *GOOD_ROWS[0][3:]]]
    parsed = parse_catalogue_bytes(xlsx_bytes(rows), "c.xlsx")
    assert messages(parsed) == [(2, "name")] and "公式" in parsed.errors[0].zh


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","点我")', "+1+1", "@SUM(A1)", "-cmd",
                                  "\t=1"])
@pytest.mark.parametrize("column", ["name", "unit", "local_code", "indication", "source", "note"])
def test_text_a_spreadsheet_would_run_is_refused_in_csv(column: str, text: str) -> None:
    row = list(GOOD_ROWS[0])
    row[HEADER.index(column)] = text
    parsed = parse_catalogue_bytes(csv_text([row]).encode(), "c.csv")
    assert messages(parsed) == [(2, column)]
    assert "公式" in parsed.errors[0].zh and "formula" in parsed.errors[0].en


@pytest.mark.parametrize("text", ["-5℃冷疗", "-", "a=b", "手外伤@门诊"])
def test_text_that_only_looks_alike_is_accepted(text: str) -> None:
    row = list(GOOD_ROWS[0])
    row[HEADER.index("note")] = text
    assert parse_catalogue_bytes(csv_text([row]).encode(), "c.csv").ok


@pytest.mark.parametrize(("column", "value", "char"), [
    ("price", "٤٥.50", "“٤”"), ("price", "4²", "“²”"), ("max_per_day", "①", "“①”")])
def test_other_digits_in_numbers_are_refused_naming_the_character(column: str, value: str,
                                                                  char: str) -> None:
    row = list(GOOD_ROWS[0])
    row[HEADER.index(column)] = value
    parsed = parse_catalogue_bytes(csv_text([row]).encode(), "c.csv")
    assert messages(parsed) == [(2, column)] and char in parsed.errors[0].zh


def test_full_width_digits_in_a_price_are_read() -> None:
    row = list(GOOD_ROWS[0])
    row[HEADER.index("price")] = "４５．５０"
    assert parse_catalogue_bytes(csv_text([row]).encode(), "c.csv").items[0].price == Decimal("45.50")
