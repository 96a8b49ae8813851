"""The studio collects cyclic garbage from its event loop, not inside destructors."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from studio.qt.collector import EventLoopCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_runs_from_the_event_loop_and_is_given_back(qtbot: QtBot) -> None:
    was = gc.isenabled()
    collector = EventLoopCollector(interval_ms=10)
    try:
        assert not gc.isenabled()  # Python no longer collects at an allocation
        for _ in range(gc.get_threshold()[0] * 3):
            Cycle()  # garbage only a collection can free
        qtbot.waitUntil(lambda: collector.collections > 0, timeout=10000)
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled() == was


def test_nothing_is_collected_before_a_threshold_is_passed() -> None:
    collector = EventLoopCollector(interval_ms=60_000)
    try:
        gc.collect()
        assert collector.check() == -1 and collector.collections == 0
    finally:
        collector.stop()
        collector.deleteLater()
