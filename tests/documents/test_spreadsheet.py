"""The people-and-machines XLSX: numbers stay numbers (a SUM gives the total), codes and ID
numbers stay text with their leading zeros, text a spreadsheet could run stays text, two
header rows frozen, columns fitted."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import load_workbook

from desktop_app.documents.spreadsheet import Column, Sheet, workbook
from desktop_app.domain.text_width import display_width

COLUMNS = (Column("项目编码", "code"), Column("身份证号", "resident_id"), Column("名称", "name"),
           Column("数量", "quantity", "count"), Column("金额", "amount", "money"))
ROWS = [["000123", "11010519491231002X", "运动疗法", 3, Decimal("1234.50")],
        ["0042", "110105194912310021", "=HYPERLINK(\"x\")", 2, Decimal("0.05")],
        ["9", "000000000000000001", "作业疗法（上肢）", 1, Decimal("100000.00")]]


def test_numbers_sum_codes_keep_their_zeros_and_formulas_stay_text() -> None:
    data = workbook([Sheet("明细", COLUMNS, ROWS, total_label="合计")], datetime(2026, 5, 1, tzinfo=UTC))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["项目编码", "身份证号", "名称", "数量", "金额"]
    assert [c.value for c in sheet[2]] == ["code", "resident_id", "name", "quantity", "amount"]
    assert sheet.freeze_panes == "A3"
    codes = [sheet.cell(row=r, column=1) for r in (3, 4, 5)]
    assert [c.value for c in codes] == ["000123", "0042", "9"] and all(c.data_type == "s" for c in codes)
    assert sheet.cell(row=5, column=2).value == "000000000000000001"
    formula_like = sheet.cell(row=4, column=3)
    assert formula_like.data_type == "s" and formula_like.value == "=HYPERLINK(\"x\")"
    amounts = [sheet.cell(row=r, column=5).value for r in (3, 4, 5)]
    assert all(isinstance(a, int | float) for a in amounts)
    assert Decimal(str(round(sum(amounts), 2))) == Decimal("101234.55")
    assert sheet.cell(row=3, column=5).number_format == "#,##0.00"
    total = [c.value for c in sheet[6]]
    assert total[0] == "合计" and total[3] == "=SUM(D3:D5)" and total[4] == "=SUM(E3:E5)"
    # fitted: the widest content decides (a CJK character counts twice)
    assert sheet.column_dimensions["B"].width == display_width("11010519491231002X") + 2
    assert sheet.column_dimensions["C"].width == display_width("作业疗法（上肢）") + 2
