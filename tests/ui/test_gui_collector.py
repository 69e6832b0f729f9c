"""Garbage is collected on the GUI thread only while the collector lives."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.kit.gui_collector import GuiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only a collection frees it


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The thread of every collection that starts while the test runs."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_a_background_thread_allocating_never_collects(qapp: QApplication, qtbot: QtBot,
                                                       collections: list[int]) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=20)
    try:
        assert not gc.isenabled()
        left: list[weakref.ref[Node]] = []

        def allocate() -> None:
            for _ in range(50_000):  # far past generation 0's threshold, many times over
                left.append(weakref.ref(Node()))

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert collections == []  # the allocating thread started none
        assert sum(r() is not None for r in left) > 40_000
        qtbot.waitUntil(lambda: bool(collections), timeout=5_000)
        assert set(collections) == {threading.get_ident()}  # the GUI thread's timer did
    finally:
        collector.stop()
    assert gc.isenabled()


def test_each_generation_is_collected_once_its_count_passes_python_s_threshold(
        qapp: QApplication) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=60_000)  # the test calls it itself
    try:
        gc.collect()
        assert collector.collect_due() == 0  # nothing allocated since
        first, second, _ = gc.get_threshold()
        cycles = [Node() for _ in range(first + 10)]
        witness = weakref.ref(cycles[0])
        del cycles
        assert witness() is not None
        assert collector.collect_due() == 1
        assert witness() is None
        for _ in range(second):  # generation 1's count grows with each young collection
            [Node() for _ in range(first + 10)]
            assert collector.collect_due() == 1
        [Node() for _ in range(first + 10)]
        assert collector.collect_due() == 2
    finally:
        collector.stop()
