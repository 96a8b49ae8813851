"""With no typing pause (Preferences: 0 ms), the preview compiles a key at once and
coalesces the keys typed while that compile runs into one compile of the newest text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from pytestqt.qtbot import QtBot

from compiler.project import Project
from studio.models.preview import PreviewSettings
from studio.qt.preview import PreviewPane

pytestmark = pytest.mark.qt


@pytest.fixture
def pane(qtbot: QtBot, tmp_path: Path) -> Iterator[PreviewPane]:
    p = PreviewPane(PreviewSettings(), Project())
    p.resize(800, 600)
    p.show()
    p.set_file(tmp_path / "hello.html")
    yield p
    p.shutdown()
    p.deleteLater()


def text(n: int) -> str:
    return f"<x-base><x-section><x-paragraph>Version {n}</x-paragraph></x-section></x-base>"


def test_keys_typed_during_a_compile_make_one_more_compile(qtbot: QtBot, pane: PreviewPane) -> None:
    pane.debounce.setInterval(0)
    shown: list[str] = []
    pane.result_shown.connect(lambda r: shown.append(r.source))
    pane.request(text(1), immediate=True)  # a visual edit's compile: under way now
    assert pane.live.generation == 1 and not pane.debounce.isActive()
    for n in range(2, 7):  # typed while it runs: they wait, newest only
        pane.request(text(n))
    assert pane.live.generation == 1
    with qtbot.waitSignal(
        pane.result_shown, timeout=20000, check_params_cb=lambda r: r.source == text(6)
    ):
        pass
    assert shown == [text(1), text(6)]  # two compiles: the first key's, the newest's
    assert pane.live.generation == 2 and not pane.busy


def test_a_key_after_a_pause_compiles_on_the_next_turn(qtbot: QtBot, pane: PreviewPane) -> None:
    pane.debounce.setInterval(0)
    pane.request(text(1))
    assert pane.live.generation == 0 and pane.busy  # the next turn
    pane.request(text(2), immediate=True)  # a visual edit in the same turn replaces it
    assert pane.live.generation == 1 and not pane.debounce.isActive()
    with qtbot.waitSignal(pane.result_shown, timeout=20000):
        pass
    assert pane.live.generation == 1 and pane.live.result is not None
    assert pane.live.result.source == text(2) and not pane.busy


def test_a_pause_still_debounces(qtbot: QtBot, pane: PreviewPane) -> None:
    pane.debounce.setInterval(200)
    pane.request(text(1))
    pane.request(text(2))
    assert pane.live.generation == 0 and pane.debounce.isActive()
    with qtbot.waitSignal(pane.result_shown, timeout=20000):
        pass
    assert pane.live.generation == 1 and pane.live.result is not None
    assert pane.live.result.source == text(2)


def test_the_compile_starts_before_what_the_key_queued(qtbot: QtBot, pane: PreviewPane) -> None:
    """A key's compile is the first thing the event loop does after the key: before the
    events the key queued (the editor's repaint request)."""
    pane.debounce.setInterval(0)
    seen: list[int] = []

    class Probe(QObject):
        def event(self, e: QEvent) -> bool:
            seen.append(pane.live.generation)
            return True

    probe = Probe()
    pane.request(text(1))
    QCoreApplication.postEvent(probe, QEvent(QEvent.Type.User))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == [1]
    qtbot.waitUntil(lambda: pane.live.result is not None and not pane.busy, timeout=20000)
