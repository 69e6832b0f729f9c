"""The claim's CSV and XLSX files: text a spreadsheet would run as a formula is neutralised,
numbers stay numbers, and a claim without such text gives the same bytes as before."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop_app.clock import CHINA
from desktop_app.documents.data_files import NationalAdapter, to_csv, to_xlsx
from desktop_app.domain.claim_data import (
    ClaimLineView,
    ClaimTotals,
    ClaimView,
    CoverSheet,
    SettlementView,
)
from desktop_app.domain.vocabulary import COVERAGE, FEE_CATEGORIES

WHEN = datetime(2026, 3, 31, 18, 0, tzinfo=CHINA)
ATTACKS = ('=HYPERLINK("http://example.invalid","点我")', "+1+1", "-2+3+cmd|' /C calc'!A0",
           "@SUM(A1)", "\tTAB", "\rCR", "=1")


def line(line_id: int, name: str = "运动疗法", quantity: str = "1", amount: str = "35.00",
         reverses: int | None = None) -> ClaimLineView:
    return ClaimLineView(line_id, date(2026, 3, 2), "340200020", "KF001", name, "次",
                         Decimal("35.00"), Decimal(quantity), Decimal(amount), "rehab", "fund",
                         "in_plan", "计划内", "2020-01-01", 7, reverses, "王治疗师", None, "右膝")


def claim(worker: str = "李春华", item: str = "运动疗法") -> ClaimView:
    money = {k: Decimal("0.00") for k in FEE_CATEGORIES}
    payers = {k: Decimal("0.00") for k in COVERAGE}
    settlement = SettlementView("per_item", "按项目", "per item", Decimal(1), None,
                                Decimal("35.00"), Decimal("35.00"), Decimal("0.00"), "按项目", "per item")
    totals = ClaimTotals(Decimal("35.00"), money, payers, {}, settlement, 2)
    cover = CoverSheet("示例康复医院", "91310110666007217T", "national", "XY-1", "GS2026-000001",
                       worker, "F", "11010519491231002X", None, "示例公司", None, "认定2026-1",
                       date(2026, 1, 5), date(2026, 1, 1), ("右膝",), (("S72.001", "股骨颈骨折"),),
                       "WI05", None, (("approval", "核准1", date(2026, 1, 20), date(2026, 1, 20),
                                       date(2026, 4, 20)),), "inpatient", date(2026, 1, 21), None,
                       None, "3-01")
    lines = (line(1, item), line(2, item, "-1", "-35.00", reverses=1))
    return ClaimView(5, 1, "2026-03", date(2026, 3, 1), date(2026, 3, 31), 1, None, None, "final",
                     WHEN, "ab" * 32, WHEN, cover, lines, totals)


def files(view: ClaimView) -> dict[str, bytes]:
    return {f.name: f.data for f in NationalAdapter().files(view)}


def test_files_of_a_claim_without_formula_text_are_unchanged() -> None:
    """Pinned before formulas were neutralised (and again when issue 17 added the settlement
    fields and the typed workbook, and when item 8 wrote the workbook directly: only its
    docProps/app.xml changed, test_xlsx_writer.py): clean data gives the same bytes."""
    digests = {name: hashlib.sha256(data).hexdigest()[:16] for name, data in files(claim()).items()}
    assert digests == PINNED


PINNED = {"claim.json": "8a2b5cb366d23acc", "fee_detail.csv": "0a782ab41a343668",
          "settlement.csv": "e5c3404c6ce38ba4", "claim.xlsx": "cd707e516fa34480"}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("attack", ATTACKS)
def test_csv_cells_that_could_run_get_a_leading_quote(attack: str) -> None:
    out = files(claim(worker=attack, item=attack))
    details = csv_rows(out["fee_detail.csv"])
    assert [row["medins_list_name"] for row in details] == ["'" + attack] * 2
    assert csv_rows(out["settlement.csv"])[0]["psn_name"] == "'" + attack


def test_negative_numbers_stay_numbers_in_csv() -> None:
    details = csv_rows(files(claim())["fee_detail.csv"])
    assert [(row["cnt"], row["det_item_fee_sumamt"]) for row in details] == [("1", "35.00"),
                                                                            ("-1", "-35.00")]


@pytest.mark.parametrize("attack", ATTACKS)
def test_xlsx_stores_such_text_as_a_string_never_a_formula(attack: str) -> None:
    data = files(claim(worker=attack, item=attack))["claim.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    book = load_workbook(io.BytesIO(data))
    name = next(c for c in book["feedetail"][2] if c.value == "medins_list_name").column
    names = [row[name - 1] for row in book["feedetail"].iter_rows(min_row=3)]
    person = next(c for c in book["setlinfo"][2] if c.value == "psn_name").column
    cells = [*names, book["setlinfo"].cell(3, person)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(attack, "s", True)] * 3


def test_to_csv_and_to_xlsx_directly() -> None:
    rows = [{"a": "=1+1", "b": "-3.50"}]
    assert to_csv(("a", "b"), rows).decode("utf-8-sig") == "a,b\r\n'=1+1,-3.50\r\n"
    book = load_workbook(io.BytesIO(to_xlsx([("s", ("a", "b"), rows)], WHEN)))
    assert [(c.value, c.data_type) for c in book["s"][2]] == [("=1+1", "s"), ("-3.50", "s")]


def test_a_clean_claim_stays_clean_after_an_attack_elsewhere() -> None:
    """Neutralising one claim leaves the writer's state alone: the next clean claim is unchanged."""
    files(claim(worker="=1"))
    assert hashlib.sha256(files(replace(claim()))["claim.xlsx"]).hexdigest()[:16] == PINNED["claim.xlsx"]


def test_a_control_character_in_a_name_does_not_stop_the_workbook() -> None:
    """openpyxl refuses control characters (IllegalCharacterError): the export failed. The
    workbook now carries them in OOXML's escaped form; the CSV keeps them as they are."""
    out = files(claim(worker="张\x07三"))
    sheet = load_workbook(io.BytesIO(out["claim.xlsx"]))["setlinfo"]
    person = next(c for c in sheet[2] if c.value == "psn_name").column
    assert sheet.cell(3, person).value in ("张_x0007_三", "张\x07三")
    assert csv_rows(out["settlement.csv"])[0]["psn_name"] == "张\x07三"
