"""The institution's statistics as files: the XLSX (one sheet per indicator group, the
charts' data, the cost-monitoring warnings and the cases behind every figure; numbers as
numbers) and the annual self-evaluation report (年度自评报告) as PDF/A-3b with charts drawn
with ReportLab graphics (monthly trend, length-of-stay distribution, comparison with last
year). Plain data in (``domain.statistics.report``), bytes out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether

from desktop_app.clock import CHINA
from desktop_app.documents.blocks import data_table, field_grid, gap
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.fonts import FontChain
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.money import yuan
from desktop_app.documents.page import MARGIN_X
from desktop_app.documents.spreadsheet import Column, Sheet, workbook
from desktop_app.documents.text import Writer
from desktop_app.domain.statistics.report import Figure, Number, Series, StatisticsReport
from desktop_app.domain.vocabulary import SETTING_ZH, STAGE_ZH

TITLE = "工伤康复年度自评报告"
WIDTH = A4[0] - 2 * MARGIN_X
THIS_YEAR = colors.HexColor("#3d6fa8")
LAST_YEAR = colors.HexColor("#b8c4d6")
DEFINITIONS = "各指标的定义、计入期间的规则与出处见 docs/statistics.md。"


@dataclass(frozen=True)
class CaseRef:
    """A case named in the drill-down lists."""

    case_id: int
    case_number: str
    name: str


@dataclass(frozen=True)
class StatisticsDocument:
    """What the annual report prints."""

    report: StatisticsReport
    made_at: datetime
    cases: tuple[CaseRef, ...] = ()  # every case behind a figure or a warning
    # the articles of the institution's region on the agency's evaluation and cost
    # monitoring, cited (only that region's: each text binds its own region)
    basis_zh: str = ""

    @property
    def sources(self) -> str:
        return f"指标依据：{self.basis_zh}。{DEFINITIONS}" if self.basis_zh else DEFINITIONS


def _filters_text(report: StatisticsReport) -> str:
    f = report.filters
    parts = [f"分期：{STAGE_ZH.get(f.stage, f.stage)}" if f.stage else "",
             f"方式：{SETTING_ZH.get(f.setting, f.setting)}" if f.setting else "",
             f"病种：{f.category}" if f.category else "",
             f"治疗师：{f.therapist_name or f.therapist}" if f.therapist is not None else ""]
    return "；".join(p for p in parts if p) or "全部病例"


def _shown(value: Number | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "元":
        return yuan(Decimal(str(value)))
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _change(figure: Figure) -> str:
    if figure.value is None or figure.last_year is None:
        return "—"
    before, now = float(figure.last_year), float(figure.value)
    if before == 0:
        return "—" if now == 0 else "新增"
    return f"{(now - before) / abs(before) * 100:+.1f}%"


# ---- XLSX -------------------------------------------------------------------------------------

FIGURE_COLUMNS = (Column("指标", "label_zh"), Column("Indicator", "label_en"), Column("键", "key"),
                  Column("本期", "value", "number"), Column("上年同期", "last_year", "number"),
                  Column("单位", "unit"), Column("涉及病例数", "case_count", "count"))


def _figure_rows(figures: Sequence[Figure]) -> list[list[object]]:
    return [[f.label_zh, f.label_en, f.key, f.value, f.last_year, f.unit_zh, len(f.case_ids)]
            for f in figures]


def sheets(document: StatisticsDocument) -> list[Sheet]:
    """One sheet per indicator group, then the warnings, the charts' data and the cases
    behind each figure."""
    report = document.report
    out = [Sheet(g.label_zh[:31], FIGURE_COLUMNS, _figure_rows(g.figures)) for g in report.groups]
    out.append(Sheet("费用监测预警", FIGURE_COLUMNS, _figure_rows(report.warnings)))
    out.append(Sheet("图表数据", (Column("图表", "series"), Column("类型", "kind"), Column("项目", "x"),
                                 Column("本期", "value", "number"),
                                 Column("上年同期", "last_year", "number")),
                     [[s.label_zh, s.kind, x, y, dict(s.last_year_points).get(x)]
                      for g in report.groups for s in g.series for x, y in s.points]))
    named = {c.case_id: c for c in document.cases}
    rows: list[list[object]] = []
    for figure in [f for g in report.groups for f in g.figures] + list(report.warnings):
        for case_id in figure.case_ids:
            case = named.get(case_id)
            rows.append([figure.key, figure.label_zh, case_id, case.case_number if case else "",
                         case.name if case else ""])
    out.append(Sheet("指标涉及病例", (Column("键", "key"), Column("指标", "label_zh"),
                                      Column("病例 id", "case_id", "count"), Column("病例号", "case_number"),
                                      Column("姓名", "name")), rows))
    return out


def statistics_xlsx(document: StatisticsDocument) -> bytes:
    return workbook(sheets(document), document.made_at)


# ---- charts -----------------------------------------------------------------------------------

def _text(chain: FontChain, x: float, y: float, text: str, size: float, anchor: str = "middle"
          ) -> list[String]:
    """``text`` at ``x`` (centred, or starting there), one String per run of the chain's fonts."""
    runs = chain.runs(text, "统计图")
    width = sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    out = []
    for font, part in runs:
        out.append(String(x, y, part, fontName=font, fontSize=size))
        x += pdfmetrics.stringWidth(part, font, size)
    return out


def _legend(chain: FontChain, drawing: Drawing, y: float, now: str, before: str) -> None:
    x = drawing.width - 62 * mm
    for colour, label in ((THIS_YEAR, now), (LAST_YEAR, before)):
        drawing.add(Rect(x, y, 3 * mm, 3 * mm, fillColor=colour, strokeColor=None))
        for s in _text(chain, x + 4 * mm, y + 0.3 * mm, label, 7, "start"):
            drawing.add(s)
        x += 30 * mm


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000,
                 100000, 200000, 500000, 1000000):
        if top / step <= 8:
            return step
    return top / 8


def bar_chart(chain: FontChain, series: Series, now: str, before: str,
              width: float = WIDTH, height: float = 62 * mm) -> Drawing:
    """The period's values beside last year's, one pair of bars per x label."""
    drawing = Drawing(width, height, initialFontName=chain.main, initialFontSize=7)
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 10 * mm
    chart.width, chart.height = width - 22 * mm, height - 22 * mm
    values = [float(y) for _, y in series.points]
    earlier = dict(series.last_year_points)
    old = [float(earlier.get(x, 0)) for x, _ in series.points]
    chart.data = [values, old]
    for i, colour in enumerate((THIS_YEAR, LAST_YEAR)):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    top = max([*values, *old, 1.0])
    step = _step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * (int(top / step) + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = chain.main
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d0d0d0")
    chart.categoryAxis.categoryNames = [x for x, _ in series.points]
    chart.categoryAxis.labels.fontName = chain.main
    chart.categoryAxis.labels.fontSize = 7
    for x, _ in series.points:
        chain.check(x, "统计图")
    drawing.add(chart)
    for s in _text(chain, 16 * mm, height - 6 * mm, series.label_zh, 9, "start"):
        drawing.add(s)
    _legend(chain, drawing, height - 6.5 * mm, now, before)
    return drawing


def change_chart(chain: FontChain, figures: Sequence[Figure], width: float = WIDTH) -> Drawing | None:
    """Change against last year (%), one bar per compared figure that has both values."""
    pairs = [(f.label_zh, (float(f.value) - float(f.last_year)) / abs(float(f.last_year)) * 100)
             for f in figures if f.value is not None and f.last_year not in (None, 0)]
    if not pairs:
        return None
    height = (16 + 8 * len(pairs)) * mm
    drawing = Drawing(width, height, initialFontName=chain.main, initialFontSize=7)
    chart = HorizontalBarChart()
    chart.x, chart.y = 70 * mm, 6 * mm
    chart.width, chart.height = width - 80 * mm, height - 16 * mm
    chart.data = [[round(v, 1) for _, v in reversed(pairs)]]
    chart.bars[0].fillColor = THIS_YEAR
    chart.bars[0].strokeColor = None
    reach = max(10.0, *(abs(v) for _, v in pairs))
    step = _step(2 * reach)
    chart.valueAxis.valueMin = -step * (int(reach / step) + 1)
    chart.valueAxis.valueMax = step * (int(reach / step) + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = chain.main
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda v: f"{v:+.0f}%"
    chart.categoryAxis.categoryNames = ["" for _ in pairs]
    chart.categoryAxis.labels.fontName = chain.main
    chart.barLabelFormat = "%+.1f%%"
    chart.barLabels.fontName = chain.main
    chart.barLabels.fontSize = 6.5
    drawing.add(chart)
    row = chart.height / len(pairs)
    for i, (label, _) in enumerate(reversed(pairs)):
        for s in _text(chain, chart.x - 2 * mm, chart.y + (i + 0.5) * row - 2.5, label, 7, "end"):
            drawing.add(s)
    for s in _text(chain, 16 * mm, height - 6 * mm, "与上年同期相比的变化（%）", 9, "start"):
        drawing.add(s)
    return drawing


# ---- the annual self-evaluation report --------------------------------------------------------

COMPARED = ("admitted", "discharged", "los_mean", "cost_per_case", "cost_per_day", "fund_share",
            "sessions", "return_to_work_rate", "readmission_90")


def _figure_table(w: Writer, figures: Sequence[Figure]) -> Flowable:
    rows = [[f.label_zh, _shown(f.value, f.unit_zh), _shown(f.last_year, f.unit_zh), _change(f), f.unit_zh,
             len(f.case_ids)] for f in figures]
    return data_table(w, ["指标", "本期", "上年同期", "变化", "单位", "病例数"], rows,
                      [78 * mm, 24 * mm, 24 * mm, 17 * mm, 12 * mm, WIDTH - 155 * mm],
                      ["left", "right", "right", "right", "center", "right"])


def _warning_table(w: Writer, document: StatisticsDocument) -> Flowable:
    named = {c.case_id: c for c in document.cases}
    rows = [[f.label_zh, _shown(f.value, ""), _shown(f.last_year, ""),
             "、".join(named[i].case_number if i in named else f"#{i}" for i in f.case_ids) or "—"]
            for f in document.report.warnings]
    return data_table(w, ["预警", "本期（例）", "上年同期", "涉及病例"], rows,
                      [70 * mm, 20 * mm, 20 * mm, WIDTH - 110 * mm], ["left", "right", "right", "left"])


def report_story(document: StatisticsDocument) -> Callable[[Writer], list[Flowable]]:
    report = document.report
    now, before = report.period.label_zh, report.period.last_year().label_zh

    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        by_key = {f.key: f for g in report.groups for f in g.figures}
        fields: list[tuple[str, object]] = [
            ("统计期间", f"{now}（{report.period.start} 至 {report.period.end}）"),
            ("比较期间", before), ("统计范围", _filters_text(report)),
            ("生成时间", document.made_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"))]
        parts: list[Flowable] = [w.para(f"{TITLE}（{now}）", s.title), gap(),
                                 field_grid(w, fields, WIDTH, columns=2), gap(),
                                 w.para(document.sources, s.small), gap()]
        headline = [by_key[k] for k in COMPARED if k in by_key]
        parts += [w.para("一、主要指标与上年同期比较", s.heading), _figure_table(w, headline)]
        chart = change_chart(w.chain, headline)
        if chart is not None:
            parts += [gap(), chart]
        charts = {se.key: se for g in report.groups for se in g.series}
        parts.append(w.para("二、趋势与分布", s.heading))
        for key in ("trend_admitted", "trend_discharged", "trend_cost", "los_distribution"):
            if key in charts:
                parts += [KeepTogether([bar_chart(w.chain, charts[key], now, before)]), gap()]
        parts += [w.para("三、费用监测预警（机构自查）", s.heading),
                  w.para("以本机构本期数据计算：次均费用超过本病种中位数的倍数、单日治疗次数超出目录限次、"
                         "住院天数超过本病种第90百分位且无任何量表达到最小差值。", s.small),
                  _warning_table(w, document)]
        numerals = ("四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")
        for i, group in enumerate(report.groups):
            title = f"{numerals[i]}、{group.label_zh}" if i < len(numerals) else group.label_zh
            parts += [w.para(title, s.heading), _figure_table(w, group.figures)]
        return parts
    return story


def report_doc_id(document: StatisticsDocument) -> str:
    p = document.report.period
    suffix = f"-Q{p.quarter}" if p.quarter else f"-{p.month:02d}" if p.month else ""
    return f"STATS-{p.year}{suffix}"


def build_statistics_report(document: StatisticsDocument, *, institution: Institution,
                            anchor: AuditAnchor) -> BuiltDocument:
    return issue("statistics_report", report_doc_id(document), TITLE, document, institution=institution,
                 anchor=anchor, issued_at=document.made_at,
                 subject=f"{institution.name} {document.report.period.label_zh}",
                 story=report_story(document))


def case_refs(rows: Mapping[int, tuple[str, str]]) -> tuple[CaseRef, ...]:
    return tuple(CaseRef(i, number, name) for i, (number, name) in sorted(rows.items()))
