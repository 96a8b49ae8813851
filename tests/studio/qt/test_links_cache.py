"""The Links/Images panels keep network results per workspace (a counting 127.0.0.1 server)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.qt.devtools import CheckPanel
from studio.qt.main_window import MainWindow
from studio.workspace import Workspace
from tests.http_servers import QuietHandler, serving

pytestmark = pytest.mark.qt

HITS: Counter[str] = Counter()


class Counting(QuietHandler):
    def _answer(self, body: bool) -> None:
        path = self.path.split("?", 1)[0]
        HITS[path] += 1
        code = 200 if path == "/ok" else 404
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "2" if code == 200 else "0")
        self.end_headers()
        if body and code == 200:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Counting) as base:
        yield base


def make_workspace(root: Path, base: str) -> Path:
    Workspace.create(root)
    (root / "emails" / "links.html").write_text(
        f'<!doctype html><html lang="en"><head><title>Links</title></head><body>'
        f'<p><a href="{base}/ok">Fine</a> <a href="{base}/gone">Gone</a></p></body></html>\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def window(qapp: QApplication, tmp_path: Path, server: str) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    w.ask = lambda _t, _x, buttons: buttons[-1]
    w.preview_settings.update(block_images=True)
    assert w.open_workspace(make_workspace(tmp_path / "ws", server))
    w.show()
    yield w
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def finish(qtbot: QtBot, panel: CheckPanel, click: Callable[[], object]) -> None:
    with qtbot.waitSignal(panel.finished, timeout=30000):
        click()


def test_links_are_fetched_once_per_workspace_until_recheck(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, server: str
) -> None:
    HITS.clear()
    page = window.open_file("emails/links.html")
    assert page is not None
    qtbot.waitUntil(lambda: page.state.in_sync, timeout=30000)
    panel = page.devtools.links
    assert panel.url_cache is window.url_cache
    assert page.devtools.images.url_cache is window.url_cache
    finish(qtbot, panel, panel.refresh_button.click)
    first = dict(HITS)
    assert first.get("/ok", 0) >= 1 and first.get("/gone", 0) >= 1
    assert panel.run is not None and [r[0] for r in panel.run.rows] == ["200", "404"]
    finish(qtbot, panel, panel.refresh_button.click)  # Refresh: remembered results
    assert dict(HITS) == first
    assert [r[0] for r in panel.run.rows] == ["200", "404"]
    finish(qtbot, panel, panel.recheck_button.click)  # Recheck: fetched again
    second = dict(HITS)
    assert second["/ok"] > first["/ok"] and second["/gone"] > first["/gone"]
    # Shift+Refresh is a recheck too
    finish(
        qtbot,
        panel,
        lambda: QTest.mouseClick(
            panel.refresh_button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
        ),
    )
    assert HITS["/ok"] > second["/ok"]
    QTest.mouseClick(panel.summary, Qt.MouseButton.LeftButton)  # Shift is let go
    # the cache outlives the editor: reopening the email does not fetch again
    assert window.close_editor()
    reopened = window.open_file("emails/links.html")
    assert reopened is not None
    qtbot.waitUntil(lambda: reopened.state.in_sync, timeout=30000)
    before = dict(HITS)
    finish(qtbot, reopened.devtools.links, reopened.devtools.links.refresh_button.click)
    assert dict(HITS) == before
    # another workspace starts with an empty cache
    old = window.url_cache
    assert old and window.open_workspace(make_workspace(tmp_path / "other", server))
    assert window.url_cache is not old and not window.url_cache
