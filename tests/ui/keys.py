"""Walking a window with the keyboard, as a person does: Tab from the first field, the
order in which the fields are reached, and whether every field is reached at all.

The walk presses the real Tab key on whichever widget has the focus, so a widget that
swallows Tab (a text box that inserts a tab, a table moving between its cells) is caught
as a trap, not skipped over.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

ROW_SLACK = 8  # px: fields of one form row may sit a few pixels apart
SECTIONS = 6  # Tab first moves through a date or time field's parts (Qt's own behaviour)


def tab_stop(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab should stop at ``widget`` (the rule Qt itself applies)."""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and widget.focusProxy() is None and widget.window() is window
            and widget.isVisibleTo(window) and widget.isEnabled()
            and widget.width() > 0 and widget.height() > 0)


def owner(widget: QWidget) -> QWidget:
    """The widget a person sees focused: a spin box for its inner line edit, a tab
    widget for its tab bar (their focus proxies)."""
    while widget.parentWidget() is not None and widget.parentWidget().focusProxy() is widget:
        widget = widget.parentWidget()
    return widget


def tab_stops(window: QWidget) -> list[QWidget]:
    return list(dict.fromkeys(owner(w) for w in window.findChildren(QWidget)
                              if tab_stop(w, window)))


def focused(window: QWidget) -> QWidget | None:
    widget = window.focusWidget()
    return None if widget is None else owner(widget)


def describe(widget: QWidget) -> str:
    """A widget as a person would name it: its kind and its text or its label."""
    text = ""
    for attribute in ("text", "placeholderText", "currentText", "title"):
        getter = getattr(widget, attribute, None)
        if callable(getter) and isinstance(value := getter(), str) and value:
            text = value
            break
    if not text:
        parent = widget.parentWidget()
        labels = [] if parent is None else [
            label for label in parent.findChildren(QLabel) if label.buddy() is widget]
        text = labels[0].text() if labels else widget.objectName()
    return f"{type(widget).__name__}『{text[:20]}』"


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@dataclass
class Walk:
    order: list[QWidget]  # the widgets reached, from the start round to the last before it
    trap: QWidget | None  # a widget Tab could not leave
    places: dict[QWidget, QRect]  # where each was when reached (a scroll area scrolls to it)


def walk(window: QWidget, limit: int = 200) -> Walk:
    """Press Tab until the focus comes round again (or sticks)."""
    start = focused(window)
    if start is None or not tab_stop(window.focusWidget(), window):
        window.focusNextPrevChild(True)
        start = focused(window)
    assert start is not None, f"nothing in {window.windowTitle()!r} takes the focus"
    order = [start]
    places = {start: place(start, window)}
    stayed = 0
    for _ in range(limit):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached = focused(window)
        if reached is None:
            return Walk(order, order[-1], places)
        if reached is order[-1]:
            stayed += 1
            if stayed > SECTIONS:
                return Walk(order, reached, places)
            continue
        stayed = 0
        if reached in order:
            break
        order.append(reached)
        places[reached] = place(reached, window)
    return Walk(order, None, places)


def reading_order(order: list[QWidget], places: dict[QWidget, QRect]) -> list[QWidget]:
    """The ring of ``order`` cut where reading starts: the top-left widget first."""
    if not order:
        return order
    first = min(range(len(order)), key=lambda i: (places[order[i]].top() // ROW_SLACK,
                                                   places[order[i]].left()))
    return order[first:] + order[:first]


def backwards(before: QRect, after: QRect) -> str | None:
    """Why going from ``before`` to ``after`` is not the reading order, if it is not.

    Reading order: down the page, left to right along a row; a jump up is fine only into
    a new column to the right (a side-by-side form or pane)."""
    if after.center().y() < before.top() - ROW_SLACK and after.left() < before.right() - ROW_SLACK:
        return "goes back up"
    same_row = (after.top() < before.bottom() - ROW_SLACK and before.top() < after.bottom() - ROW_SLACK)
    if same_row and after.right() <= before.left() + ROW_SLACK:
        return "goes back left"
    return None


def keyboard_problems(window: QWidget) -> list[str]:
    """Everything a person tabbing through ``window`` would trip over, in words."""
    stops = tab_stops(window)
    done = walk(window, limit=2 * len(stops) + 10)
    problems = []
    if done.trap is not None:
        problems.append(f"Tab stays in {describe(done.trap)}")
    reached = set(done.order)
    problems += [f"never reached: {describe(w)}" for w in stops if w not in reached]
    if done.trap is None:
        ordered = reading_order(done.order, done.places)
        for before, after in zip(ordered, ordered[1:], strict=False):
            why = backwards(done.places[before], done.places[after])
            if why:
                problems.append(f"{describe(before)} → {describe(after)} {why}")
    return problems


def default_button(window: QWidget) -> QAbstractButton | None:
    """The button Enter presses."""
    found = [b for b in window.findChildren(QAbstractButton)
             if getattr(b, "isDefault", lambda: False)() and b.isVisibleTo(window)]
    return found[0] if found else None
