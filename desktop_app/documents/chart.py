"""The assessment score chart, drawn with ReportLab graphics (vector, embedded font)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from desktop_app.documents.fonts import FontChain

BAR = colors.HexColor("#3d6fa8")


def score_chart(chain: FontChain, labels: Sequence[str], scores: Sequence[float], max_score: float,
                title: str, width: float = 120 * mm, height: float = 62 * mm) -> Drawing:
    """Bars of the total score per assessment (pre / mid / post…), each labelled with its value.

    Labels and title are drawn run by run in the font of the chain that has each character
    (a chart's own labels take one font only)."""
    own_labels = not all(chain.single_font(text, "评分图") for text in labels)
    chain.check(title, "评分图")
    font = chain.main
    # initialFontName: renderPDF otherwise selects its default Helvetica (not embedded).
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = width - 20 * mm, height - 22 * mm
    chart.data = [list(scores)]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max_score
    chart.valueAxis.valueStep = _step(max_score)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d0d0d0")
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    if own_labels:
        chart.categoryAxis.labels.visible = False
    chart.barLabelFormat = "%g"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    drawing.add(chart)
    if own_labels:
        step = chart.width / max(len(labels), 1)
        for i, label in enumerate(labels):
            for string in _strings(chain, chart.x + (i + 0.5) * step, chart.y - 5 * mm + 2, label, 8):
                drawing.add(string)
    for string in _strings(chain, width / 2, height - 6 * mm, title, 9):
        drawing.add(string)
    return drawing


def _strings(chain: FontChain, x: float, y: float, text: str, size: float) -> list[String]:
    """``text`` centred on ``x``, one String per run of the chain's fonts."""
    runs = chain.runs(text, "评分图")
    x -= sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs) / 2
    strings = []
    for font, part in runs:
        strings.append(String(x, y, part, fontName=font, fontSize=size))
        x += pdfmetrics.stringWidth(part, font, size)
    return strings


def _step(max_score: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200):
        if max_score / step <= 10:
            return step
    return max_score / 10
