"""The validator panels against the real validators (a 127.0.0.1 server, real SpamAssassin, axe)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compiler.validators import spamassassin
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.models.live import compile_for_preview
from studio.qt.devtools import CheckPanel, DevTools
from tests.http_servers import QuietHandler, serving, solid_png
from tests.studio.qt.tree_items import top_level_items

pytestmark = pytest.mark.qt


PICTURE = solid_png((200, 30, 30), (120, 60))


class Handler(QuietHandler):
    def _answer(self, body: bool) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "2")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/pic.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PICTURE)))
            self.end_headers()
            if body:
                self.wfile.write(PICTURE)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as base:
        yield base


def email_html(base: str) -> str:
    return f"""---
subject: Spring sale
---
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spring sale</title></head>
<body>
<p style="color:#777;background:#888">Low contrast text</p>
<p><a href="{base}/ok?utm_source=news&amp;utm_medium=email">Shop now</a>
<a href="{base}/missing">Old page</a> <a href="{base}/moved">Moved</a></p>
<img src="{base}/pic.png" width="240" height="120">
<img src="{base}/gone.png" alt="Gone">
</body></html>
"""


@pytest.fixture
def devtools(qtbot: QtBot, server: str, tmp_path: Path) -> Iterator[DevTools]:
    path = tmp_path / "sale.html"
    path.write_text(email_html(server), encoding="utf-8")
    doc = EmailDocument.load(path)
    state = EditorState(doc)
    state.set_result(compile_for_preview(doc.text, str(path)))
    tools = DevTools(state)
    yield tools
    tools.shutdown()
    tools.deleteLater()


def run_panel(qtbot: QtBot, panel: CheckPanel, timeout: int = 60000) -> None:
    with qtbot.waitSignal(panel.finished, timeout=timeout):
        panel.refresh()
    assert panel.run is not None


def rows(panel: CheckPanel) -> list[list[str]]:
    t = panel.table
    return [[item.text(c) for c in range(t.columnCount())] for item in top_level_items(t)]


def test_links_panel_checks_every_link_off_the_gui_thread(
    qtbot: QtBot, devtools: DevTools, server: str
) -> None:
    panel = devtools.links
    assert panel.sync_label.text() == "Not run"
    run_panel(qtbot, panel)
    table = {r[1]: r for r in rows(panel)}
    ok = table[f"{server}/ok?utm_source=news&utm_medium=email"]
    assert ok[0] == "200" and ok[2] == "Shop now"
    assert "utm_source=news" in ok[5] and "utm_medium=email" in ok[5]
    assert ok[6].startswith("sale.html:")
    assert table[f"{server}/missing"][0].startswith("404")
    assert "redirected" in table[f"{server}/moved"][0]
    assert panel.run is not None
    assert any(i.rule == "links/broken" for i in panel.run.issues)
    assert panel.in_sync and panel.sync_label.text() == "In Sync"
    # Editing the code makes the results stale until the next Refresh.
    doc = panel.state.document
    doc.set_text(doc.text.replace("Old page", "Older page"))
    assert not panel.in_sync
    assert panel.sync_label.text().startswith("Out of date")
    panel.state.set_result(compile_for_preview(doc.text, str(doc.path)))
    assert not panel.in_sync  # a new compile, but not checked yet
    run_panel(qtbot, panel)
    assert panel.in_sync


def test_links_row_click_selects_the_source(qtbot: QtBot, devtools: DevTools) -> None:
    panel = devtools.links
    run_panel(qtbot, panel)
    selected: list[tuple[int, int]] = []
    panel.state.selection_requested.connect(selected.append)
    panel._go(top_level_items(panel.table)[1])
    text = panel.state.document.text
    assert selected and text[selected[0][0] :].startswith("<a")
    assert "/missing" in text[selected[0][0] : selected[0][0] + 80]


def test_images_panel_measures_remote_images(qtbot: QtBot, devtools: DevTools, server: str) -> None:
    panel = devtools.images
    run_panel(qtbot, panel)
    table = {r[1]: r for r in rows(panel)}
    pic = table[f"{server}/pic.png"]
    assert pic[3] == "PNG" and pic[4] == "120×60" and pic[5] == "240×120"
    assert pic[6] == str(len(PICTURE)) and pic[7] == "(missing)"
    assert "404" in table[f"{server}/gone.png"][0]
    assert panel.run is not None
    rules = {i.rule for i in panel.run.issues}
    assert {"images/alt-missing", "images/upscaled"} <= rules
    assert panel.in_sync


def test_spamassassin_panel_shows_score_and_rule_hits(qtbot: QtBot, devtools: DevTools) -> None:
    if spamassassin.binary() is None:
        pytest.skip(f"SpamAssassin is not installed (Debian package '{spamassassin.PACKAGE}')")
    panel = devtools.spam
    run_panel(qtbot, panel, timeout=120000)
    assert panel.run is not None
    assert panel.run.summary.startswith("Score "), panel.run.summary
    hits = rows(panel)
    assert hits and all(r[1] and r[0][0] in "+-" for r in hits)
    points = [float(r[0]) for r in hits]
    assert points == sorted(points, reverse=True)
    assert panel.in_sync


def test_accessibility_panel_runs_axe_without_blocking(qtbot: QtBot, devtools: DevTools) -> None:
    panel = devtools.a11y
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    run_panel(qtbot, panel)
    timer.stop()
    assert len(ticks) > 3  # the GUI thread kept turning while axe-core ran
    table = rows(panel)
    rules = [r[1] for r in table]
    assert "a11y/image-alt" in rules and "a11y/color-contrast" in rules, rules
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    impacts = [order.get(r[0], 4) for r in table]
    assert impacts == sorted(impacts)
    assert panel.in_sync and panel.run is not None
    assert not any(i.rule == "a11y/engine-failed" for i in panel.run.issues)


def test_problems_are_checked_once_the_page_is_shown(qtbot: QtBot, devtools: DevTools) -> None:
    """A compile's checks wait for its page (they would slow the preview), and run when
    the preview says it is shown — or, with no word from it, at the latest after
    CHECKS_AFTER_MS."""
    state = devtools.state
    text, path = state.document.text, str(state.document.path)
    first = compile_for_preview(text + "\n", path)
    state.set_result(first)
    assert not state.checked and devtools.problem_pool.activeThreadCount() == 0
    with qtbot.waitSignal(state.problems_changed, timeout=30000):
        devtools.page_shown()
    assert state.checked and state.result is first
    second = compile_for_preview(text + "\n\n", path)
    state.set_result(second)  # the preview never says: the checks run anyway
    assert not state.checked
    with qtbot.waitSignal(state.problems_changed, timeout=30000):
        pass
    assert state.checked and state.result is second
