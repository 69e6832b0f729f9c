"""The claim workbook written directly (``spreadsheet.raw_workbook``) against the openpyxl
writer it replaced (``xlsx_reference.old_to_xlsx``): cell by cell the same values, types,
number formats, quote prefixes, widths and frozen panes, and every part but
docProps/app.xml byte for byte, on real claims and on text made to break it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.clock import CHINA
from desktop_app.documents.data_files import (
    FEE_DETAIL_FIELDS,
    SETTLEMENT_COLUMNS,
    SETTLEMENT_FIELDS,
    adapter,
    fee_detail_rows,
    settlement_row,
    to_xlsx,
)
from desktop_app.documents.spreadsheet import RawSheet, raw_workbook
from desktop_app.documents.zipfiles import read_zip
from desktop_app.domain.claim_data import ClaimView
from tests.archive_fixture import Archive
from tests.documents.test_data_files import ATTACKS, WHEN, claim, line
from tests.documents.test_schema_check import rich_claim
from tests.documents.xlsx_reference import old_to_xlsx

Sheets = list[tuple[str, Any, list[dict[str, str]]]]
NASTY = ("张\x07三", " 前后空格 ", "x&<>\"'\tT\nN\rR", "\U0001F600 \x80\x7f\u3000",
         "-", "-12.50", "'quoted", "_x0041_", "=" + "长" * 40000, "")


def workbook_cells(data: bytes) -> dict[str, Any]:
    """What a reader sees: per sheet its frozen panes, column widths and every cell's value,
    type, number format and quote prefix; the workbook's core properties."""
    book = load_workbook(io.BytesIO(data))
    sheets: dict[str, Any] = {
        sheet.title: (sheet.freeze_panes,
                      {key: dim.width for key, dim in sheet.column_dimensions.items()},
                      [[(c.value, c.data_type, c.number_format, c.quotePrefix) for c in row]
                       for row in sheet.iter_rows()])
        for sheet in book.worksheets}
    p = book.properties
    return {"sheets": sheets, "props": (p.creator, p.lastModifiedBy, p.created, p.modified)}


def national(view: ClaimView) -> Sheets:
    return [("feedetail", FEE_DETAIL_FIELDS, fee_detail_rows(view)),
            ("setlinfo", SETTLEMENT_FIELDS, [settlement_row(view)])]


def assert_as_before(sheets: Sheets, when: datetime = WHEN) -> bytes:
    new, old = to_xlsx(sheets, when), old_to_xlsx(sheets, when)
    assert workbook_cells(new) == workbook_cells(old)
    new_parts, old_parts = read_zip(new), read_zip(old)
    assert list(new_parts) == list(old_parts)  # the same parts in the same order
    assert [n for n in new_parts if new_parts[n] != old_parts[n]] == ["docProps/app.xml"]
    assert b"rehab-archive" in new_parts["docProps/app.xml"]
    return new


def test_sample_claims_give_the_workbook_openpyxl_wrote() -> None:
    for view in (claim(), rich_claim()):
        data = assert_as_before(national(view))
        assert to_xlsx(national(view), WHEN) == data  # deterministic


ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


@pytest.mark.parametrize("text", ERROR_CODES)
def test_a_text_that_reads_like_an_error_code_stays_text(text: str) -> None:
    """openpyxl stored such a text as an error cell: a worker's name or a note "#N/A" came
    back from the workbook as Excel's error, not as what was written."""
    view = claim(worker=text, item=text)
    data = to_xlsx(national(view), WHEN)
    setl = load_workbook(io.BytesIO(data))["setlinfo"]
    names = [c.value for c in setl[2]]
    cell = setl.cell(3, names.index("psn_name") + 1)
    assert (cell.value, cell.data_type) == (text, "s")
    assert b't="e"' not in read_zip(data)["xl/worksheets/sheet2.xml"]


@pytest.mark.parametrize("text", [*ATTACKS, *NASTY])
def test_text_made_to_break_it_is_stored_as_before(text: str) -> None:
    view = claim(worker=text, item=text)
    view = replace(view, cover=replace(view.cover, case_number=text or "X"))
    sheets = national(view)
    data = assert_as_before(sheets)
    assert_as_before([(title, [f.name for f in fields], rows) for title, fields, rows in sheets])
    setl = load_workbook(io.BytesIO(data))["setlinfo"]
    names = [c.value for c in setl[2]]
    cell = setl.cell(3, names.index("psn_name") + 1)
    if text.startswith(("=", "+", "@", "\t", "\r", "-2")):
        assert (cell.data_type, cell.quotePrefix) == ("s", True)  # never a formula


def test_sheets_in_any_order_and_empty_tables() -> None:
    view = rich_claim()
    details, setl = fee_detail_rows(view), settlement_row(view)
    assert_as_before([("setlinfo", SETTLEMENT_FIELDS, [setl]), ("feedetail", FEE_DETAIL_FIELDS, details)])
    assert_as_before([("feedetail", FEE_DETAIL_FIELDS, []), ("s", SETTLEMENT_COLUMNS, [setl])])
    many = replace(view, lines=tuple(line(i, f"项目{i}", amount=f"{i * 1234}.56") for i in range(1, 120)))
    data = assert_as_before(national(many))
    sheet = load_workbook(io.BytesIO(data))["feedetail"]
    assert sheet.max_row == 121 and sheet.cell(121, 16).number_format == "#,##0.00"
    assert sheet.cell(121, 16).value == 119 * 1234 + 0.56  # a number: SUM adds it


def test_a_reversed_zero_amount_keeps_its_sign_as_before() -> None:
    """-0.00 equals 0.00: the writer's memo of repeated text must not give it 0.00's cell."""
    view = claim()
    zero = (line(1, amount="0.00"), line(2, quantity="-1", amount="-0.00", reverses=1),
            line(3, amount="0.00"))
    data = assert_as_before(national(replace(view, lines=zero)))
    assert b"<v>-0</v>" in read_zip(data)["xl/worksheets/sheet1.xml"]


def test_a_real_claim_and_its_correction_as_both_adapters_write_them(archive: Archive,
                                                                      tmp_path: Path) -> None:
    from tests.services.test_settlement_fields import april_and_its_correction

    course, claim_id, correction = april_and_its_correction(archive)
    for cid in (claim_id, correction):
        view = course.view(cid)
        when = view.frozen_at or view.created_at
        assert_as_before(national(view), when)
        jiangsu = {f.name: f.data for f in adapter("jiangsu").files(view)}["jiangsu_UNOFFICIAL.xlsx"]
        details, setl = fee_detail_rows(view), settlement_row(view)
        assert workbook_cells(jiangsu) == workbook_cells(old_to_xlsx(
            [("2204_feedetail", FEE_DETAIL_FIELDS, details), ("2207_setlinfo", SETTLEMENT_FIELDS, [setl])],
            when))
        files = {f.name: f.data for f in adapter("national").files(view)}
        assert files["claim.xlsx"] == to_xlsx(national(view), when)


def test_text_xml_cannot_hold_is_refused_as_openpyxl_refused_it() -> None:
    for bad in ("\ufffe", "a\uffffb", "\ud800"):
        with pytest.raises(ValueError):
            raw_workbook([RawSheet("s", [[(bad, "General", False)]], (), 1)], WHEN)
    with pytest.raises(ValueError):
        old_to_xlsx([("s", ("a",), [{"a": "\ufffe"}])], WHEN)


def test_the_parts_name_this_program_and_the_frozen_time() -> None:
    parts = read_zip(to_xlsx(national(claim()), datetime(2026, 3, 31, 18, 0, tzinfo=CHINA)))
    assert next(iter(parts)) == "[Content_Types].xml"
    assert parts["docProps/app.xml"].count(b"<Application>rehab-archive</Application>") == 1
    assert parts["docProps/core.xml"].count(b">2026-03-31T18:00:00Z<") == 2
