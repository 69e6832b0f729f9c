"""Reading a HIS export of charges (domain.charge_files): encodings, separators, the
platform's field names, and what a workbook can hide (formulas, codes typed as numbers)."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from desktop_app.domain.charge_files import parse_charge_file

ROWS = "发生日期,项目编码,费用类别,数量,开单医师\n2026-04-10,DEMODRUG0001,drug,2,王医生\n"


def book(*rows: tuple[object, ...]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_encodings_and_separators() -> None:
    for data, encoding in ((ROWS.encode("utf-8"), "utf-8"), (("\ufeff" + ROWS).encode("utf-8"), "utf-8-sig"),
                           (ROWS.encode("gbk"), "gb18030"),
                           (ROWS.replace(",", "\t").encode("gb18030"), "gb18030")):
        parsed = parse_charge_file(data, "his.csv")
        assert parsed.errors == () and parsed.encoding == encoding
        assert [(r.national_code, r.physician_name) for r in parsed.rows] == [("DEMODRUG0001", "王医生")]
    refused = parse_charge_file(ROWS.encode("utf-16"), "his.csv")
    assert refused.rows == () and "UTF-16" in refused.errors[0].zh
    assert "为空" in parse_charge_file(b"  \n", "his.csv").errors[0].zh
    assert ".xls" in parse_charge_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "his.xls").errors[0].zh


def test_platform_field_names_and_times() -> None:
    text = ("occurred_on,med_list_codg,category,cnt,pric,fee_ocur_time,bilg_dept_codg,bilg_dr_name\n"
            "2026-04-10,DEMODRUG0001,drug,2,15.80,2026-04-10 09:05:00,KF01,王医生\n"
            "2026-04-10,DEMODRUG0001,drug,2,15.80,2026-04-11 09:05:00,KF01,王医生\n")
    parsed = parse_charge_file(text.encode("utf-8"), "his.csv")
    assert parsed.rows[0].occurred_at == datetime(2026, 4, 10, 9, 5) and parsed.rows[0].dept_code == "KF01"
    assert [e.key for e in parsed.errors] == ["line.3.occurred_at"]  # another day than occurred_on


def test_workbooks_refuse_formulas_and_numeric_codes() -> None:
    header = ("occurred_on", "national_code", "category", "quantity")
    good = parse_charge_file(book(header, (datetime(2026, 4, 10), "003402000010000", "medical", 1)), "x.xlsx")
    assert good.errors == () and good.rows[0].national_code == "003402000010000"
    assert good.encoding == "xlsx" and str(good.rows[0].occurred_on) == "2026-04-10"
    numeric = parse_charge_file(book(header, ("2026-04-10", 3402000010000, "medical", 1)), "x.xlsx")
    assert numeric.rows == () and [e.key for e in numeric.errors] == ["line.2.national_code"]
    formula = parse_charge_file(book(header, ("2026-04-10", "DEMODRUG0001", "drug", "=1+1")), "x.xlsx")
    assert formula.rows == () and "公式" in formula.errors[0].zh
    assert formula.errors[0].key == "line.2.quantity"
    assert "无法读取" in parse_charge_file(b"PK\x03\x04broken", "x.xlsx").errors[0].zh
