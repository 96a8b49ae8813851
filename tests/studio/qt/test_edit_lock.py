"""Two writers, one file (issue 14 item 4), with two real studios: one in a subprocess
(``lock_driver.py``), one in this process. The second opens the file view only, takes
over, the first is told, keeps its unsaved text and drops to view only; a studio killed
with ``kill -9`` leaves a stale lock that the next one takes over silently. Every wait
is for an event the other studio prints (or a file), never for a time."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.history import author_name
from studio.models.document import DocumentError, JournalEntry
from studio.qt.edit_lock import EditLockGuard
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.workspace.locks import lock_path
from tests.conftest import DEMO

pytestmark = pytest.mark.qt

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "emails/marketing/spring-collection.html"
WAIT_S = 240.0  # the longest wait for one event on a loaded machine (a hang fails)


@dataclass
class Studio:
    proc: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def expect(self, kind: str) -> str:
        """The rest of the next line, which must be a ``kind`` line."""
        try:
            line = self.lines.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError(f"no event in {WAIT_S:g} s; saw {self.seen}") from None
        if line == "":
            raise AssertionError(f"the studio ended (code {self.proc.wait()}); saw {self.seen}")
        self.seen.append(line[:300])
        got, _, rest = line.partition(" ")
        assert got == kind, f"expected {kind!r}, the studio said {line!r}"
        return rest

    def close(self) -> int:
        """Close its window as a user would (standard input closed) and wait for the end."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=WAIT_S)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    return ws


@pytest.fixture
def start(workspace: Path, tmp_path: Path) -> Iterator[Callable[..., Studio]]:
    started: list[Studio] = []

    def run(*extra: str) -> Studio:
        home = tmp_path / f"home-{len(started)}"
        home.mkdir()
        env = {
            **os.environ,
            "USER": "Ana",
            "HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.studio.qt.lock_driver", str(workspace), EMAIL, *extra],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        studio = Studio(proc)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                studio.lines.put(line.rstrip("\n"))
            studio.lines.put("")

        threading.Thread(target=read, daemon=True).start()
        started.append(studio)
        return studio

    yield run
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


def window_on(qtbot: QtBot, workspace: Path, asked: list[str]) -> MainWindow:
    w = MainWindow(QSettings(str(workspace.parent / "b.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)

    def ask(title: str, _text: str, buttons: tuple[str, ...]) -> str:
        asked.append(title)
        return "Discard" if "Discard" in buttons else buttons[-1]

    w.ask = ask
    w.preview_settings.update(block_images=True)
    assert w.open_workspace(workspace)
    return w


def guard_of(page: EditorPage) -> EditLockGuard:
    guard = page.findChild(EditLockGuard, "editLock")
    assert guard is not None
    return guard


def test_the_second_studio_views_until_it_takes_over_and_the_first_keeps_its_work(
    qtbot: QtBot, workspace: Path, start: Callable[..., Studio]
) -> None:
    a = start("--type", "UNSAVED-BY-ANA ")
    assert a.expect("opened") == "editable"
    assert "UNSAVED-BY-ANA Spring is on the trail" in json.loads(a.expect("typed"))
    lock = json.loads(lock_path(workspace, EMAIL).read_text("utf-8"))
    assert (lock["holder"], lock["pid"]) == ("Ana", a.proc.pid)

    asked: list[str] = []
    b = window_on(qtbot, workspace, asked)
    page = b.open_file(EMAIL)
    assert page is not None
    guard = guard_of(page)
    # view only: told who edits, nothing can be typed or saved, Ana's autosave not offered
    assert not guard.editable and guard.banner.isVisibleTo(page)
    assert f"Ana (process {a.proc.pid} on " in guard.banner.label.text()
    assert page.editor.isReadOnly() and not page.visual.isEnabled()
    assert "Recover unsaved changes" not in asked
    before = page.document.text
    page.editor.setFocus()
    QTest.keyClicks(page.editor, "nope")
    assert page.document.text == before
    with pytest.raises(DocumentError, match="view only: Ana"):
        page.document.save()

    # Take over: B edits; A is told, keeps its unsaved text and shows the saved file
    guard.banner.button.click()
    assert guard.editable and not page.editor.isReadOnly() and page.visual.isEnabled()
    me = author_name(workspace)
    assert json.loads(lock_path(workspace, EMAIL).read_text("utf-8"))["pid"] == os.getpid()
    holder, _, kept = a.expect("taken-over").partition(" kept=")
    assert holder == me
    entry = JournalEntry.read(Path(kept))
    assert entry is not None and "UNSAVED-BY-ANA Spring is on the trail" in entry.text
    assert a.expect("view-only") == "dirty=0 saved-text=1"

    # B types and saves; A, closing, leaves B's lock alone
    cursor = page.editor.textCursor()
    cursor.setPosition(page.document.text.index("Spring is on the trail"))
    page.editor.setTextCursor(cursor)
    QTest.keyClicks(page.editor, "BEN ")
    assert b.save(page)
    assert "BEN Spring is on the trail" in (workspace / EMAIL).read_text("utf-8")
    assert a.close() == 0
    assert json.loads(lock_path(workspace, EMAIL).read_text("utf-8"))["pid"] == os.getpid()

    # a third studio now opens it view only, naming B
    c = start()
    assert c.expect("opened") == f"view-only {me}"
    assert c.close() == 0
    # B closes the file: the lock goes
    assert b.close_editor()
    qtbot.waitUntil(lambda: not lock_path(workspace, EMAIL).exists(), timeout=10000)


def test_a_studio_killed_with_kill_9_leaves_a_lock_the_next_takes_over_silently(
    qtbot: QtBot, workspace: Path, start: Callable[..., Studio]
) -> None:
    a = start()
    assert a.expect("opened") == "editable"
    assert json.loads(lock_path(workspace, EMAIL).read_text("utf-8"))["pid"] == a.proc.pid
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait()
    asked: list[str] = []
    b = window_on(qtbot, workspace, asked)
    page = b.open_file(EMAIL)
    assert page is not None
    guard = guard_of(page)
    assert guard.editable and not guard.banner.isVisibleTo(page) and asked == []
    assert json.loads(lock_path(workspace, EMAIL).read_text("utf-8"))["pid"] == os.getpid()


def test_the_global_styles_have_one_writer_too(qtbot: QtBot, workspace: Path) -> None:
    """Two windows in this process (two sessions of one process: the take-over path;
    the dead-process path is the subprocess test above)."""
    from studio.qt.edit_lock import StylesLockGuard

    a = window_on(qtbot, workspace, [])
    b = window_on(qtbot, workspace, [])
    editor_a, editor_b = a.open_styles(), b.open_styles()
    assert editor_a is not None and editor_b is not None
    guard_a = editor_a.findChild(StylesLockGuard, "editLock")
    guard_b = editor_b.findChild(StylesLockGuard, "editLock")
    assert guard_a is not None and guard_b is not None
    assert guard_a.editable and not guard_b.editable
    assert not editor_b.tabs.isEnabled() and guard_b.banner.isVisibleTo(editor_b)
    before = (workspace / "styles.json").stat().st_mtime_ns
    assert not editor_b.save() and "view only" in editor_b.model.save_error
    assert (workspace / "styles.json").stat().st_mtime_ns == before  # not written
    guard_b.banner.button.click()
    assert guard_b.editable and editor_b.tabs.isEnabled()
    qtbot.waitUntil(lambda: not guard_a.editable, timeout=10000)  # told through the folder
    assert "took over editing styles.json" in guard_a.banner.label.text()
    assert not editor_a.save()
    assert editor_b.save()


def test_snippets_and_sample_data_have_one_writer_too(qtbot: QtBot, workspace: Path) -> None:
    from studio.qt.edit_lock import DataFileLockGuard

    rel = "data/profiles/maya.json"
    a = window_on(qtbot, workspace, [])
    b = window_on(qtbot, workspace, [])
    page_a, page_b = a.open_data_file(rel), b.open_data_file(rel)
    assert page_a is not None and page_b is not None
    guard_a = page_a.findChild(DataFileLockGuard, "editLock")
    guard_b = page_b.findChild(DataFileLockGuard, "editLock")
    assert guard_a is not None and guard_b is not None
    assert guard_a.editable and not guard_b.editable and page_b.editor.isReadOnly()
    before = (workspace / rel).stat().st_mtime_ns
    page_b.model.set_text(page_b.model.text.replace("Maya", "Mia"))
    assert not page_b.save() and (workspace / rel).stat().st_mtime_ns == before
    guard_b.take_over()
    qtbot.waitUntil(lambda: not guard_a.editable, timeout=10000)
    assert page_a.editor.isReadOnly() and page_b.save()
    assert "Mia" in (workspace / rel).read_text("utf-8")
