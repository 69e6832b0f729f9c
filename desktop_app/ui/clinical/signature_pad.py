"""The bedside signature pad: handwriting from a mouse, a pen or a finger, kept as strokes
of points ``(x, y, t_ms)`` in the pad's device-independent pixels, ``t_ms`` counted
from the first point on a monotonic clock.

The pad only captures and paints; whether there is enough ink is decided by
``domain.strokes.validate_strokes`` and the stored image is drawn by
``domain.strokes.render_png``.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QInputDevice,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.strokes import validate_strokes
from desktop_app.errors import FieldError
from desktop_app.ui.kit.i18n import QT_TR_NOOP, tr

Point = tuple[float, float, int]
HINT = QT_TR_NOOP("请在此处签名")
INK = QColor("#14213d")
INK_WIDTH = 2.6
BASELINE = 0.72  # of the height, like the line on a paper form
TOUCH_EVENTS = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                QEvent.Type.TouchCancel)
MOUSE_DEVICES = (QInputDevice.DeviceType.Mouse, QInputDevice.DeviceType.Unknown)


def _grow(path: QPainterPath, stroke: list[Point]) -> None:
    """Smooth ink: after each new point the path gets a quadratic curve through the
    previous point to the midpoint of the last two; the rest is drawn as a straight tail."""
    if len(stroke) >= 3:
        (x, y, _), (nx, ny, _) = stroke[-2], stroke[-1]
        path.quadTo(x, y, (x + nx) / 2, (y + ny) / 2)


class SignaturePad(QWidget):
    """Captures strokes; ``changed`` is emitted when a stroke ends and on ``clear()``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setMinimumSize(480, 240)  # a message below must not squeeze the ink away
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(tr("签名板"))
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._paths: list[QPainterPath] = []  # one per finished stroke, built as it was drawn
        self._live = QPainterPath()  # the stroke being drawn, without its tail
        self._source: str | None = None  # mouse / pen / touch: what draws the current stroke
        self._touch_id: int | None = None
        self._devices: dict[str, str] = {}  # each kind of input used, with its device name
        self._clock = QElapsedTimer()

    # ----------------------------------------------------------------- public

    def strokes(self) -> list[list[Point]]:
        """The strokes so far (a stroke being drawn included), as plain lists."""
        done = [list(stroke) for stroke in self._strokes]
        return done + [list(self._current)] if self._current else done

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(680, 250)  # about the shape of the stored image (400 x 160)

    def is_empty(self) -> bool:
        return not self._strokes and not self._current

    def ink_errors(self) -> list[FieldError]:
        return validate_strokes(self.strokes())

    def is_valid(self) -> bool:
        return not self.ink_errors()

    def clear(self) -> None:
        self._strokes, self._current, self._source, self._touch_id = [], None, None, None
        self._paths, self._live = [], QPainterPath()
        self._devices = {}
        self._clock.invalidate()
        self.update()
        self.changed.emit()

    def device_description(self) -> str:
        """What the signature was written with, e.g. ``pen (Wacom); screen 1920x1080 @1x;
        pad 560x200``, for the signature's ``device`` field."""
        kinds = "+".join(f"{kind} ({name})" if name else kind
                         for kind, name in self._devices.items()) or "none"
        screen = self.screen()
        size = screen.size()
        return (f"{kinds}; screen {size.width()}x{size.height()} @{screen.devicePixelRatio():g}x; "
                f"pad {self.width()}x{self.height()}")

    # ----------------------------------------------------------------- strokes

    def _point(self, pos: QPointF) -> Point:
        if not self._clock.isValid():
            self._clock.start()
        x = min(max(pos.x(), 0.0), float(self.width()))
        y = min(max(pos.y(), 0.0), float(self.height()))
        return (round(x, 1), round(y, 1), int(self._clock.elapsed()))

    def _begin(self, kind: str, device: QInputDevice | None, pos: QPointF) -> None:
        if self._current is not None:
            self._end(None)
        self._devices.setdefault(kind, device.name() if device is not None else "")
        self._source = kind
        self._current = [self._point(pos)]
        self._live = QPainterPath(QPointF(self._current[0][0], self._current[0][1]))
        self.update()

    def _extend(self, kind: str, pos: QPointF) -> None:
        if self._current is None or self._source != kind:
            return
        point = self._point(pos)
        if point[:2] != self._current[-1][:2]:
            self._current.append(point)
            _grow(self._live, self._current)
            self.update()

    def _end(self, kind: str | None, pos: QPointF | None = None) -> None:
        if self._current is None or (kind is not None and self._source != kind):
            return
        if pos is not None:
            self._extend(self._source or "", pos)
        last = self._current[-1]
        if len(self._current) > 1:
            self._live.lineTo(last[0], last[1])
        self._strokes.append(self._current)
        self._paths.append(self._live)
        self._current, self._source, self._live = None, None, QPainterPath()
        self.update()
        self.changed.emit()

    # ----------------------------------------------------------------- input

    @staticmethod
    def _from_mouse(event: QMouseEvent) -> bool:
        """A real mouse, not one the system or Qt made up from a touch or a pen."""
        return (event.device().type() in MOUSE_DEVICES
                and event.source() == Qt.MouseEventSource.MouseEventNotSynthesized)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or not self._from_mouse(event):
            event.ignore()
            return
        self._begin("mouse", event.device(), event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton and self._from_mouse(event):
            self._extend("mouse", event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._from_mouse(event):
            self._end("mouse", event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        """A pen: press, moves while touching, release. The eraser end draws nothing."""
        if event.pointerType() == QPointingDevice.PointerType.Eraser:
            event.accept()
            return
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin("pen", event.pointingDevice(), event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend("pen", event.position())  # hovering moves come with no stroke open
        elif kind == QEvent.Type.TabletRelease:
            self._end("pen", event.position())
        event.accept()  # accepted: Qt makes up no mouse events from it

    def event(self, event: QEvent) -> bool:
        if event.type() in TOUCH_EVENTS and isinstance(event, QTouchEvent):
            self._touch(event)
            event.accept()  # accepted: Qt makes up no mouse events from it
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        """One finger writes: the first one down; other fingers are ignored."""
        if event.type() == QEvent.Type.TouchCancel:
            self._end("touch")
            self._touch_id = None
            return
        for point in event.points():
            state = point.state()
            if self._touch_id is None and state == QEventPoint.State.Pressed:
                self._touch_id = point.id()
                self._begin("touch", event.device(), point.position())
            elif point.id() != self._touch_id:
                continue
            elif state == QEventPoint.State.Updated:
                self._extend("touch", point.position())
            elif state == QEventPoint.State.Released:
                self._end("touch", point.position())
                self._touch_id = None

    # ----------------------------------------------------------------- painting

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(QColor("#b0b7c3"), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = round(self.height() * BASELINE) + 0.5
        painter.setPen(QPen(QColor("#9aa3b2"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        if self.is_empty():
            painter.setPen(QColor("#8a94a6"))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, self.width(), baseline - 6),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, tr(HINT))
        pen = QPen(INK, INK_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke, path in zip(self._strokes, self._paths, strict=True):
            self._draw(painter, stroke, path)
        if self._current:
            self._draw(painter, self._current, self._live)
            if len(self._current) > 1:
                painter.drawLine(self._live.currentPosition(),
                                 QPointF(self._current[-1][0], self._current[-1][1]))
        painter.end()

    @staticmethod
    def _draw(painter: QPainter, stroke: list[Point], path: QPainterPath) -> None:
        if len(stroke) == 1:
            painter.drawPoint(QPointF(stroke[0][0], stroke[0][1]))
        else:
            painter.drawPath(path)
