"""The Jiangsu 工伤 adapter (UNOFFICIAL): a region's format is one module in
``documents/adapters`` plus this test; the engine (``data_files``, the export) is untouched."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

from openpyxl import load_workbook

from desktop_app.documents.adapters import jiangsu
from desktop_app.documents.data_files import (
    FEE_DETAIL_COLUMNS,
    SETTLEMENT_COLUMNS,
    adapter,
    adapters,
    fee_detail_rows,
    settlement_row,
    validate_claim_json,
)
from desktop_app.domain.claim_data import AgencyIds
from tests.documents.test_data_files import claim


def files() -> dict[str, bytes]:
    view = replace(claim(), agency=AgencyIds("0012345", "JS2201-000042", "03", None, "0410"))
    return {f.name: f.data for f in adapter("jiangsu").files(view)}


def test_the_region_is_found_by_its_code() -> None:
    assert {"national", "jiangsu"} <= set(adapters())
    assert isinstance(adapter("jiangsu"), jiangsu.JiangsuAdapter)
    assert "非官方" in adapter("jiangsu").name_zh


def test_every_file_says_unofficial_and_the_archive_json_stays_valid() -> None:
    out = files()
    assert [n for n in out if "UNOFFICIAL" not in n] == ["claim.json"]
    assert validate_claim_json(json.loads(out["claim.json"])) == []
    assert json.loads(out["claim.json"])["adapter"] == "jiangsu"
    message = json.loads(out["jiangsu_workinjury_UNOFFICIAL.json"])
    assert message["layout"] == jiangsu.LAYOUT and message["notice"].startswith("UNOFFICIAL")
    assert "江苏省工伤机构联网结算接口开发手册" in message["source"]


def test_the_transactions_are_the_reference_files() -> None:
    """2201 登记, 2204 处方明细上报, 2207 费用结算, named as the reference file names them."""
    message = json.loads(files()["jiangsu_workinjury_UNOFFICIAL.json"])
    assert [(t["infno"], t["name_zh"]) for t in message["transactions"]] == [
        ("2201", "门诊/住院登记"), ("2204", "处方明细上报"), ("2207", "费用结算")]
    visit = message["transactions"][0]["input"]["mdtrtinfo"]
    assert (visit["psn_no"], visit["mdtrt_id"], visit["mdtrt_cert_type"], visit["insutype"],
            visit["begntime"], visit["dise_codg"]) == ("0012345", "JS2201-000042", "03", "0410",
                                                       "2026-01-21", "S72.001")
    view = replace(claim(), agency=AgencyIds("0012345", "JS2201-000042", "03", None, "0410"))
    assert message["transactions"][1]["input"]["feedetail"] == fee_detail_rows(view)
    assert message["transactions"][2]["input"]["setlinfo"] == settlement_row(view)


def test_tables_round_trip_and_the_workbook_sums() -> None:
    out = files()
    details = list(csv.DictReader(io.StringIO(
        out["jiangsu_2204_feedetail_UNOFFICIAL.csv"].decode("utf-8-sig"), newline="")))
    setl = next(csv.DictReader(io.StringIO(
        out["jiangsu_2207_setlinfo_UNOFFICIAL.csv"].decode("utf-8-sig"), newline="")))
    assert tuple(details[0]) == FEE_DETAIL_COLUMNS and tuple(setl) == SETTLEMENT_COLUMNS
    assert {r["psn_no"] for r in details} == {"0012345"} and setl["certno"].endswith("X")
    assert (setl["mdtrt_cert_type"], setl["mdtrt_cert_no"]) == ("03", "")  # no card number stored
    book = load_workbook(io.BytesIO(out["jiangsu_UNOFFICIAL.xlsx"]))
    assert book.sheetnames == ["2204_feedetail", "2207_setlinfo"]
    sheet = book["2204_feedetail"]
    names = [c.value for c in sheet[2]]
    column = names.index("det_item_fee_sumamt") + 1
    assert sum(Decimal(str(sheet.cell(r, column).value)) for r in range(3, sheet.max_row + 1)) == \
        sum(Decimal(r["det_item_fee_sumamt"]) for r in details) == Decimal("0.00")  # line and reversal
    assert sheet.cell(3, names.index("psn_no") + 1).value == "0012345"


def test_the_same_claim_gives_the_same_bytes() -> None:
    assert files() == files()
