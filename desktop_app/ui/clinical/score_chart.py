"""A chart of assessment totals over time, drawn with QPainter (QtCharts is in
PySide6-Addons, which the app does not ship): dated points, one line per instrument,
round ticks, a legend and labels in the interface's language.

Instruments of different ranges (BI 0–100, BBS 0–56) are plotted as percentages of each
instrument's range on one 0–100 % axis, never as raw totals on one axis (a BBS of 50 would
sit below a BI of 60 although it is the better result); the legend names each range and
the value labels and tooltips give the raw totals. One instrument, or several of one
range, keep the raw total axis.

Every length comes from the font's metrics, so the chart stays legible at 125–200 %
scaling; the maths (ticks, scales) is in ``chart_scale``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop_app.domain.instruments import load_instruments
from desktop_app.services.clinical.assessment_view import ScoreSeries
from desktop_app.ui.clinical.chart_scale import (
    Axis,
    DateAxis,
    date_axis,
    needs_percent,
    percent_of_range,
    tick_label,
    to_pixel,
    value_axis,
)
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr

COLOURS = ("#1f5fa8", "#c0392b", "#2e7d32", "#7b1fa2", "#e65100", "#00838f")
MARKERS = ("circle", "square", "triangle", "diamond")
EMPTY_TEXT = QT_TR_NOOP("尚无可绘制的总分")
Y_TITLE = QT_TR_NOOP("总分")
PERCENT_TITLE = QT_TR_NOOP("占量表分值范围 %")
RANGE_TEXT = QT_TR_NOOP("{label}（{low}–{high} 分）")
TIP_TEXT = QT_TR_NOOP("{label}\n{day}：总分 {total}（量表 {low}–{high} 分，{percent}%）")
RAW_TIP_TEXT = QT_TR_NOOP("{label}\n{day}：总分 {total}")
X_TITLE = QT_TR_NOOP("评估日期（{years}年）")
GRID = QColor("#d9dde3")
AXIS = QColor("#5f6368")


@dataclass(frozen=True)
class Frame:
    """Where the plot goes in the widget and the axes it uses."""

    plot: QRectF  # the axes' box
    x_axis: DateAxis
    y_axis: Axis
    legend_top: float
    inset: float  # the first and last days sit this far inside the box, clear of the y axis

    @property
    def x_start(self) -> float:
        return self.plot.left() + self.inset

    @property
    def x_end(self) -> float:
        return self.plot.right() - self.inset


class ScoreChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: tuple[ScoreSeries, ...] = ()
        self.ranges: dict[str, tuple[int, int]] = {}  # instrument → its total's range
        self.percent = False  # plotted as percentages of each range (the ranges differ)
        self.setObjectName("scoreChart")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("评估总分变化图"))

    def set_series(self, series: Sequence[ScoreSeries]) -> None:
        self.series = tuple(s for s in series if s.points)
        instruments = load_instruments()
        self.ranges = {}
        for s in self.series:
            known = instruments[s.instrument_code].total_range if s.instrument_code in instruments else None
            totals = [t for _, t in s.points]
            self.ranges[s.instrument_code] = known or (min(0, *totals), max(totals))
        self.percent = needs_percent(list(self.ranges.values()))
        self.update()

    def value(self, series: ScoreSeries, total: float) -> float:
        """Where a total is plotted: itself, or its percentage of the instrument's range."""
        if not self.percent:
            return total
        return percent_of_range(total, *self.ranges[series.instrument_code])

    def legend_label(self, series: ScoreSeries) -> str:
        if not self.percent:
            return series.label
        low, high = self.ranges[series.instrument_code]
        return tr(RANGE_TEXT).format(label=series.label, low=low, high=high)

    def y_title(self) -> str:
        return tr(PERCENT_TITLE if self.percent else Y_TITLE)

    # ----------------------------------------------------------------- geometry

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def sizeHint(self) -> QSize:  # noqa: N802
        m = self._metrics()
        return QSize(round(m.averageCharWidth() * 70), round(m.height() * 18))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        m = self._metrics()
        return QSize(round(m.averageCharWidth() * 36), round(m.height() * 10))

    def _legend_rows(self, width: float) -> list[list[tuple[ScoreSeries, float]]]:
        """Legend entries wrapped into rows that fit ``width``."""
        m = self._metrics()
        gap = m.height() * 1.2
        rows: list[list[tuple[ScoreSeries, float]]] = [[]]
        used = 0.0
        for series in self.series:
            entry = m.height() * 2 + m.horizontalAdvance(self.legend_label(series))
            if rows[-1] and used + entry > width:
                rows.append([])
                used = 0.0
            rows[-1].append((series, entry))
            used += entry + gap
        return rows

    def frame(self) -> Frame | None:
        """The plot area and axes for the current size; None when there is nothing to draw."""
        points = [p for s in self.series for p in s.points]
        if not points:
            return None
        m = self._metrics()
        line = m.height()
        days = [d for d, _ in points]
        if self.percent:
            y_axis = value_axis(0, 100, max_ticks=6)
        else:
            totals = [t for _, t in points]
            y_axis = value_axis(min(0, *totals), max(totals), max_ticks=6)
        left = max(m.horizontalAdvance(tick_label(t)) for t in y_axis.ticks) + line * 1.6
        right = m.horizontalAdvance("00-00") / 2 + line
        legend_rows = len(self._legend_rows(self.width() - 2 * line))
        top = line * (1.0 + 1.4 * legend_rows) + line * 0.8  # legend, then room for value labels
        bottom = line * 3.2  # date labels and the axis title
        plot = QRectF(left, top, max(line, self.width() - left - right),
                      max(line, self.height() - top - bottom))
        label_room = m.horizontalAdvance("00-00") * 1.8
        x_ticks = max(2, min(8, int(plot.width() // label_room)))
        x_axis = date_axis(min(days), max(days), max_ticks=x_ticks)
        return Frame(plot, x_axis, y_axis, line * 0.6, line)

    def _position(self, frame: Frame, day: date, total: float) -> QPointF:
        x = to_pixel(frame.x_axis.fraction(day), frame.x_start, frame.x_end)
        y = to_pixel(frame.y_axis.fraction(total), frame.plot.bottom(), frame.plot.top())
        return QPointF(x, y)

    def plot_points(self) -> dict[str, list[QPointF]]:
        """Each series' points in widget coordinates, as painted (for tests and tooltips)."""
        frame = self.frame()
        if frame is None:
            return {}
        return {s.instrument_code: [self._position(frame, d, self.value(s, t)) for d, t in s.points]
                for s in self.series}

    def tip_at(self, where: QPointF) -> str | None:
        """The tooltip of the point under ``where``: the instrument, day and raw total."""
        radius = self._metrics().height() * 0.6
        for series, points in zip(self.series, self.plot_points().values(), strict=True):
            for point, (day, total) in zip(points, series.points, strict=True):
                if abs(point.x() - where.x()) <= radius and abs(point.y() - where.y()) <= radius:
                    low, high = self.ranges[series.instrument_code]
                    if not self.percent:
                        return tr(RAW_TIP_TEXT).format(label=series.label, day=day, total=total)
                    percent = tick_label(round(self.value(series, total)))
                    return tr(TIP_TEXT).format(label=series.label, day=day, total=total, low=low,
                                               high=high, percent=percent)
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos()))
            if tip is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        frame = self.frame()
        if frame is None:
            painter.setPen(AXIS)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, tr(EMPTY_TEXT))
            painter.end()
            return
        self._paint_axes(painter, frame)
        taken: list[QRectF] = []  # value labels drawn so far
        for index, series in enumerate(self.series):
            self._paint_series(painter, frame, series, index, taken)
        self._paint_legend(painter, frame)
        painter.end()

    def _paint_axes(self, painter: QPainter, frame: Frame) -> None:
        m = self._metrics()
        line = m.height()
        plot = frame.plot
        for value in frame.y_axis.ticks:
            y = to_pixel(frame.y_axis.fraction(value), plot.bottom(), plot.top())
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            label = tick_label(value)
            painter.drawText(QPointF(plot.left() - m.horizontalAdvance(label) - line * 0.4,
                                     y + m.ascent() / 2 - 1), label)
        for day in frame.x_axis.ticks:
            x = to_pixel(frame.x_axis.fraction(day), frame.x_start, frame.x_end)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(AXIS)
            label = day.strftime("%m-%d")
            painter.drawText(QPointF(x - m.horizontalAdvance(label) / 2, plot.bottom() + line * 1.1),
                             label)
        painter.setPen(QPen(AXIS, 1.5))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        years = sorted({d.year for s in self.series for d, _ in s.points})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        x_title = tr(X_TITLE).format(years=span)
        painter.drawText(QPointF(plot.center().x() - m.horizontalAdvance(x_title) / 2,
                                 plot.bottom() + line * 2.4), x_title)
        painter.drawText(QPointF(line * 0.3, plot.top() - line * 0.5), self.y_title())

    def _paint_series(self, painter: QPainter, frame: Frame, series: ScoreSeries, index: int,
                      taken: list[QRectF]) -> None:
        m = self._metrics()
        colour = QColor(COLOURS[index % len(COLOURS)])
        points = [self._position(frame, d, self.value(series, t)) for d, t in series.points]
        painter.setPen(QPen(colour, max(2.0, m.height() / 8)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(points) > 1:
            painter.drawPolyline(QPolygonF(points))
        painter.setBrush(colour)
        radius = m.height() / 4
        for point, (_, total) in zip(points, series.points, strict=True):
            painter.setPen(QPen(colour, 1))
            painter.drawPath(marker(MARKERS[index % len(MARKERS)], point, radius))
            label = str(total)
            width = m.horizontalAdvance(label)
            above = QRectF(point.x() - width / 2, point.y() - radius - m.height(), width, m.height())
            below = above.translated(0, m.height() + 2 * radius)
            box = below if any(above.intersects(r) for r in taken) else above
            taken.append(box)
            painter.drawText(QPointF(box.left(), box.top() + m.ascent()), label)

    def _paint_legend(self, painter: QPainter, frame: Frame) -> None:
        m = self._metrics()
        line = m.height()
        y = frame.legend_top
        index = 0
        for row in self._legend_rows(self.width() - 2 * line):
            x = line
            for series, width in row:
                colour = QColor(COLOURS[index % len(COLOURS)])
                middle = QPointF(x + line * 0.75, y + line / 2)
                painter.setPen(QPen(colour, max(2.0, line / 8)))
                painter.drawLine(QPointF(x, middle.y()), QPointF(x + line * 1.5, middle.y()))
                painter.setBrush(colour)
                painter.drawPath(marker(MARKERS[index % len(MARKERS)], middle, line / 4))
                painter.setPen(QColor("#202124"))
                painter.drawText(QPointF(x + line * 2, y + m.ascent()), self.legend_label(series))
                x += width + line * 1.2
                index += 1
            y += line * 1.4


def marker(shape: str, centre: QPointF, radius: float) -> QPainterPath:
    """A point's marker: the shape tells lines apart without relying on colour."""
    path = QPainterPath()
    cx, cy, r = centre.x(), centre.y(), radius
    if shape == "square":
        path.addRect(QRectF(cx - r, cy - r, 2 * r, 2 * r))
    elif shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(cx, cy - r * 1.2), QPointF(cx + r * 1.1, cy + r * 0.8),
                                   QPointF(cx - r * 1.1, cy + r * 0.8)]))
        path.closeSubpath()
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(cx, cy - r * 1.3), QPointF(cx + r * 1.3, cy),
                                   QPointF(cx, cy + r * 1.3), QPointF(cx - r * 1.3, cy)]))
        path.closeSubpath()
    else:
        path.addEllipse(centre, r, r)
    return path
