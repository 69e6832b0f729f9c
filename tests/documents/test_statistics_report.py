"""The annual self-evaluation report and the statistics XLSX from a report with last year's
figures (so every chart is drawn, the change against last year too): PDF/A-3b with every font
embedded, the same bytes twice, numbers stored as numbers."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.documents.engine import writer
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.statistics_report import (
    CaseRef,
    StatisticsDocument,
    build_statistics_report,
    change_chart,
    statistics_xlsx,
)
from desktop_app.domain.statistics.indicators import build_groups
from desktop_app.domain.statistics.monitoring import warnings
from desktop_app.domain.statistics.report import Filters, Period, StatisticsReport
from tests.documents.pdf_checks import font_rows, font_width_errors, pdfa_3b_basics, pdfa_3b_report
from tests.domain.test_statistics import rows

INSTITUTION, ANCHOR = Institution("测试康复医院"), AuditAnchor(3, "ab" * 32)


def document() -> StatisticsDocument:
    given, period = rows(), Period(2026)
    report = StatisticsReport(period, Filters(), build_groups(given, period), warnings(given, period))
    return StatisticsDocument(report, datetime(2027, 1, 5, 2, tzinfo=UTC),
                              (CaseRef(1, "GS2026-000001", "张三"), CaseRef(2, "GS2026-000002", "李四")))


def test_the_annual_report_is_pdfa_with_its_charts(tmp_path: Path) -> None:
    data = document()
    headline = [f for g in data.report.groups for f in g.figures if f.key in ("admitted", "los_mean")]
    assert change_chart(writer().chain, headline) is not None  # last year's values: a chart
    built = build_statistics_report(data, institution=INSTITUTION, anchor=ANCHOR)
    assert pdfa_3b_report(built.pdf).passed
    assert pdfa_3b_basics(built.pdf) == [] and font_width_errors(built.pdf) == []
    path = tmp_path / "s.pdf"
    path.write_bytes(built.pdf)
    assert all(row["emb"] == "yes" for row in font_rows(path))
    again = build_statistics_report(data, institution=INSTITUTION, anchor=ANCHOR)
    assert again.pdf == built.pdf and built.meta.doc_id == "STATS-2026"


def test_the_xlsx_stores_numbers_and_names_the_cases() -> None:
    book = load_workbook(io.BytesIO(statistics_xlsx(document())))
    assert book.sheetnames[-3:] == ["费用监测预警", "图表数据", "指标涉及病例"]
    stay = {r[2].value: (r[3].value, r[4].value) for r in book["住院天数"].iter_rows(min_row=3)}
    assert stay["los_mean"] == (23.33, 30) and stay["los_median"] == (30, 30)
    cases = [(r[0].value, r[2].value, r[3].value) for r in book["指标涉及病例"].iter_rows(min_row=3)
             if r[0].value == "readmission_90"]
    assert cases == [("readmission_90", 1, "GS2026-000001")]
