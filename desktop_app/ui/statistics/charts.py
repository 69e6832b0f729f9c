"""The statistics screen's charts, drawn with QPainter like the score chart (QtCharts is in
PySide6-Addons, which the app does not ship; docs/decisions.md has the figures): one chart
of a report's ``Series`` against the same period last year —

- ``trend``: a line per year over the months;
- ``distribution`` and ``comparison``: bars per class, this period beside last year's.

Every length comes from the font's metrics (the app's CJK font, ``ui/kit/fonts.py``), so the
chart stays legible at 125–200 % scaling; the ticks are ``chart_scale``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.statistics.report import Series
from desktop_app.ui.clinical.chart_scale import Axis, tick_label, to_pixel, value_axis
from desktop_app.ui.kit.i18n import QT_TR_NOOP, pick, tr

THIS, LAST = QColor("#1f5fa8"), QColor("#9aa5b1")  # this period; the same period last year
GRID, AXIS, INK = QColor("#d9dde3"), QColor("#5f6368"), QColor("#202124")
EMPTY_TEXT = QT_TR_NOOP("所选指标组没有图表")
KIND = {"trend": QT_TR_NOOP("趋势"), "distribution": QT_TR_NOOP("分布"),
        "comparison": QT_TR_NOOP("同比")}


def number(value: float) -> str:
    """A value as a label: thousands separated, at most one decimal."""
    rounded = round(float(value), 1)
    return f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"


def chart_title(series: Series) -> str:
    """The series' name and its kind, e.g. 每月入院病例数（趋势）."""
    return tr("{name}（{kind}）").format(name=pick(series.label_zh, series.label_en),
                                       kind=tr(KIND.get(series.kind, series.kind)))


@dataclass(frozen=True)
class Layout:
    plot: QRectF
    axis: Axis
    slot: float  # the width of one class (x label) on the plot


class StatisticsChart(QWidget):
    """``set_series(series, this_label, last_label)``; nothing drawn but a note without."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: Series | None = None
        self.legend = ("", "")
        self.setObjectName("statisticsChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("统计图"))

    def set_series(self, series: Series | None, this_label: str = "", last_label: str = "") -> None:
        self.series = series
        self.legend = (this_label, last_label)
        self.update()

    # ----------------------------------------------------------------- geometry

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def sizeHint(self) -> QSize:  # noqa: N802
        m = self._metrics()
        return QSize(round(m.averageCharWidth() * 60), round(m.height() * 16))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        m = self._metrics()
        return QSize(round(m.averageCharWidth() * 30), round(m.height() * 10))

    @property
    def labels(self) -> list[str]:
        if self.series is None:
            return []
        labels = [x for x, _ in self.series.points]
        labels += [x for x, _ in self.series.last_year_points if x not in labels]
        return labels

    def _values(self, last: bool) -> dict[str, float]:
        if self.series is None:
            return {}
        points = self.series.last_year_points if last else self.series.points
        return {x: float(y) for x, y in points}

    def layout_(self) -> Layout | None:
        """The plot area for the current size; None when there is nothing to draw."""
        labels = self.labels
        if not labels:
            return None
        m = self._metrics()
        line = m.height()
        values = [*self._values(False).values(), *self._values(True).values()]
        high = max(0.0, *values)
        if all(v.is_integer() for v in values):
            high = max(high, 4.0)  # counts: whole ticks, never 0.2 of a case
        axis = value_axis(min(0.0, *values), high, max_ticks=6)
        left = max(m.horizontalAdvance(number(t)) for t in axis.ticks) + line * 1.2
        top = line * 3.2  # the title, the legend, room for a value label
        bottom = line * 2.2  # the class labels
        plot = QRectF(left, top, max(line, self.width() - left - line),
                      max(line, self.height() - top - bottom))
        return Layout(plot, axis, plot.width() / len(labels))

    def _y(self, layout: Layout, value: float) -> float:
        return to_pixel(layout.axis.fraction(value), layout.plot.bottom(), layout.plot.top())

    def marks(self) -> dict[str, list[QRectF]]:
        """What is drawn for each year, in widget coordinates (bars, or small boxes round the
        points of a trend): for tests and tooltips."""
        layout = self.layout_()
        if layout is None or self.series is None:
            return {}
        found: dict[str, list[QRectF]] = {"this": [], "last": []}
        trend = self.series.kind == "trend"
        for index, label in enumerate(self.labels):
            for key, last in (("this", False), ("last", True)):
                value = self._values(last).get(label)
                if value is None:
                    continue
                found[key].append(self._mark(layout, index, value, last, trend))
        return found

    def _mark(self, layout: Layout, index: int, value: float, last: bool, trend: bool) -> QRectF:
        y, zero = self._y(layout, value), self._y(layout, 0.0)
        centre = layout.plot.left() + layout.slot * (index + 0.5)
        if trend:
            r = self._metrics().height() / 4
            return QRectF(centre - r, y - r, 2 * r, 2 * r)
        width = min(layout.slot * 0.36, self._metrics().height() * 2.5)
        left = centre - width if last else centre
        if not self._values(True):
            left = centre - width / 2  # no last year: one bar in the middle
        return QRectF(left, min(y, zero), width, abs(zero - y))

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        layout = self.layout_()
        if layout is None or self.series is None:
            painter.setPen(AXIS)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, tr(EMPTY_TEXT))
            painter.end()
            return
        self._paint_frame(painter, layout)
        marks = self.marks()
        trend = self.series.kind == "trend"
        for key, colour in (("last", LAST), ("this", THIS)):
            if trend:
                self._paint_line(painter, marks.get(key, []), colour)
            else:
                for box in marks.get(key, []):
                    painter.fillRect(box, colour)
        self._paint_values(painter, layout, marks, trend)
        painter.end()

    def _paint_frame(self, painter: QPainter, layout: Layout) -> None:
        assert self.series is not None
        m = self._metrics()
        line = m.height()
        plot = layout.plot
        for value in layout.axis.ticks:
            y = self._y(layout, value)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            label = number(value) if abs(value) >= 1000 else tick_label(value)
            painter.drawText(QPointF(plot.left() - m.horizontalAdvance(label) - line * 0.4,
                                     y + m.ascent() / 2 - 1), label)
        painter.setPen(QPen(AXIS, 1.5))
        painter.drawLine(QPointF(plot.left(), self._y(layout, 0.0)),
                         QPointF(plot.right(), self._y(layout, 0.0)))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(INK)
        for index, label in enumerate(self.labels):
            centre = plot.left() + layout.slot * (index + 0.5)
            # A class the interface knows (a stage's name) in its language, cut to its slot.
            shown = m.elidedText(tr(label), Qt.TextElideMode.ElideRight, layout.slot * 0.92)
            if shown in ("", "…"):
                continue  # no room at all: the table has it
            painter.drawText(QPointF(centre - m.horizontalAdvance(shown) / 2, plot.bottom() + line * 1.2),
                             shown)
        title = chart_title(self.series)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QPointF(line * 0.3, m.ascent() + line * 0.2), title)
        font.setBold(False)
        painter.setFont(font)
        x = line * 0.3
        for colour, text in ((THIS, self.legend[0]), (LAST, self.legend[1])):
            if not text or (colour == LAST and not self._values(True)):
                continue
            painter.fillRect(QRectF(x, line * 1.5, line * 1.2, line * 0.7), colour)
            painter.setPen(INK)
            painter.drawText(QPointF(x + line * 1.5, line * 1.5 + m.ascent() * 0.8), text)
            x += line * 2.5 + m.horizontalAdvance(text)

    def _paint_line(self, painter: QPainter, boxes: list[QRectF], colour: QColor) -> None:
        points = [box.center() for box in boxes]
        painter.setPen(QPen(colour, max(2.0, self._metrics().height() / 8)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(points) > 1:
            painter.drawPolyline(QPolygonF(points))
        painter.setBrush(colour)
        for box in boxes:
            painter.drawEllipse(box)

    def _paint_values(self, painter: QPainter, layout: Layout, marks: dict[str, list[QRectF]],
                      trend: bool) -> None:
        """This period's values over its marks (last year's are in the table)."""
        m = self._metrics()
        painter.setPen(INK)
        values = self._values(False)
        boxes = iter(marks.get("this", []))
        for label in self.labels:
            if label not in values:
                continue
            box = next(boxes)
            if trend and values[label] == 0:
                continue  # a line along zero needs no labels
            text = number(values[label])
            width = m.horizontalAdvance(text)
            if width > layout.slot * (1.0 if trend else 0.9):
                continue  # no room: the table has it
            painter.drawText(QPointF(box.center().x() - width / 2, box.top() - m.descent() - 2), text)
