"""Snippets and sample data are as safe as emails: journaled on the window's autosave
timer, offered back on open after a studio went away, cleared by a save or a Discard,
and kept in ``kept/`` when another studio takes over (brought back on Take over). Real
windows on a copy of the demo, offscreen, typing with real key events. The kill -9 test
is in ``test_crash_safety.py``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from compiler.root import STATE_DIR
from studio.models.document import Journal, JournalEntry
from studio.qt.data_files import DataFilePage
from studio.qt.edit_lock import DataFileLockGuard
from studio.qt.main_window import MainWindow
from studio.workspace.locks import lock_path
from tests.conftest import DEMO

pytestmark = pytest.mark.qt

SNIPPET = "snippets/signoff.html"
PROFILE = "data/profiles/maya.json"
SNIPPET_TEXT = "The Fernway team\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    (ws / "snippets").mkdir()
    (ws / SNIPPET).write_text(SNIPPET_TEXT, encoding="utf-8")
    return ws


def window_on(
    qtbot: QtBot, workspace: Path, answers: list[str], asked: list[str], name: str = "a"
) -> MainWindow:
    """A studio window; its questions are recorded in ``asked`` and answered from
    ``answers`` (then "Discard", or the last button)."""
    w = MainWindow(QSettings(str(workspace.parent / f"{name}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)

    def ask(title: str, _text: str, buttons: tuple[str, ...]) -> str:
        asked.append(title)
        if answers:
            return answers.pop(0)
        return "Discard" if "Discard" in buttons else buttons[-1]

    w.ask = ask
    w.preview_settings.update(block_images=True)
    assert w.open_workspace(workspace)
    return w


def type_into(page: DataFilePage, after: str, keys: str) -> None:
    """Type ``keys`` with real key events right after the first ``after`` in the text."""
    cursor = page.editor.textCursor()
    cursor.setPosition(page.editor.toPlainText().index(after) + len(after))
    page.editor.setTextCursor(cursor)
    page.editor.setFocus()
    QTest.keyClicks(page.editor, keys)


def opened(window: MainWindow, rel: str) -> DataFilePage:
    page = window.open_data_file(rel)
    assert page is not None
    return page


def journal_of(workspace: Path) -> Journal:
    return Journal(workspace / STATE_DIR / "autosave")


def go_away(
    qtbot: QtBot, window: MainWindow, page: DataFilePage, workspace: Path, rel: str
) -> None:
    """The studio goes away without closing the file (no question, no save): as after a
    crash, its autosave stays; its lock goes with the page."""
    window.editors.removeTab(window.editors.indexOf(page))
    page.deleteLater()
    qtbot.waitUntil(lambda: not lock_path(workspace, rel).exists(), timeout=10000)


@pytest.mark.parametrize(("rel", "after"), [(SNIPPET, "The "), (PROFILE, '"Maya')])
def test_a_snippet_and_a_profile_are_autosaved_and_a_save_clears_the_journal(
    qtbot: QtBot, workspace: Path, rel: str, after: str
) -> None:
    window = window_on(qtbot, workspace, [], [])
    page = opened(window, rel)
    journal = journal_of(workspace)
    assert window.autosave() == 0 and journal.read(workspace / rel) is None  # nothing unsaved
    type_into(page, after, "Unsaved")
    assert page.dirty
    assert window.autosave() == 1
    entry = journal.read(workspace / rel)
    assert entry is not None and entry.text == page.editor.toPlainText()
    assert f"{after}Unsaved" in entry.text
    assert window.autosave() == 0  # nothing new since
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.dirty and f"{after}Unsaved" in (workspace / rel).read_text("utf-8")
    assert journal.read(workspace / rel) is None


def test_a_profile_with_errors_is_journaled_and_its_refused_save_keeps_the_journal(
    qtbot: QtBot, workspace: Path
) -> None:
    window = window_on(qtbot, workspace, [], [])
    page = opened(window, PROFILE)
    type_into(page, '"Maya"', "}")  # broken JSON: not saved, still unsaved work
    assert page.model.errors and window.autosave() == 1
    assert not window.save()
    entry = journal_of(workspace).read(workspace / PROFILE)
    assert entry is not None and '"Maya"}' in entry.text


@pytest.mark.parametrize(("rel", "after"), [(SNIPPET, "The "), (PROFILE, '"Maya')])
def test_unsaved_text_left_by_a_studio_that_went_away_is_offered_back_on_open(
    qtbot: QtBot, workspace: Path, rel: str, after: str
) -> None:
    a = window_on(qtbot, workspace, [], [], "a")
    page_a = opened(a, rel)
    type_into(page_a, after, "Recovered")
    assert a.autosave() == 1
    wanted = page_a.editor.toPlainText()
    go_away(qtbot, a, page_a, workspace, rel)
    on_disk = (workspace / rel).read_text("utf-8")

    asked: list[str] = []
    b = window_on(qtbot, workspace, ["Recover"], asked, "b")
    page = opened(b, rel)
    assert asked == ["Recover unsaved changes"]  # the email's question, word for word
    assert page.editor.toPlainText() == wanted and page.dirty
    assert b.editors.tabText(b.editors.indexOf(page)).startswith("●")
    assert (workspace / rel).read_text("utf-8") == on_disk  # not saved until Save
    page.editor.undo()  # the recovery is one step Undo takes back
    assert page.editor.toPlainText() == on_disk and not page.dirty
    page.editor.redo()
    assert page.editor.toPlainText() == wanted and page.dirty
    # Discard on close: the journal goes, and nothing is offered next time
    assert b.close_editor(b.editors.indexOf(page))
    assert asked[-1] == "Unsaved changes"
    assert journal_of(workspace).read(workspace / rel) is None
    page = opened(b, rel)
    assert asked[-1] == "Unsaved changes" and page.editor.toPlainText() == on_disk


def test_discarding_the_offer_clears_the_journal(qtbot: QtBot, workspace: Path) -> None:
    a = window_on(qtbot, workspace, [], [], "a")
    page_a = opened(a, SNIPPET)
    type_into(page_a, "The ", "Lost ")
    assert a.autosave() == 1
    go_away(qtbot, a, page_a, workspace, SNIPPET)
    asked: list[str] = []
    b = window_on(qtbot, workspace, ["Discard"], asked, "b")
    page = opened(b, SNIPPET)
    assert asked == ["Recover unsaved changes"]
    assert page.editor.toPlainText() == SNIPPET_TEXT and not page.dirty
    assert journal_of(workspace).read(workspace / SNIPPET) is None


@pytest.mark.parametrize(("rel", "after"), [(SNIPPET, "The "), (PROFILE, '"Maya')])
def test_a_takeover_keeps_the_unsaved_text_and_take_over_brings_it_back(
    qtbot: QtBot, workspace: Path, rel: str, after: str
) -> None:
    a = window_on(qtbot, workspace, [], [], "a")
    b = window_on(qtbot, workspace, [], [], "b")
    page_a, page_b = opened(a, rel), opened(b, rel)
    guard_a = page_a.findChild(DataFileLockGuard, "editLock")
    guard_b = page_b.findChild(DataFileLockGuard, "editLock")
    assert guard_a is not None and guard_b is not None
    assert guard_a.editable and not guard_b.editable
    on_disk = (workspace / rel).read_text("utf-8")
    type_into(page_a, after, "Kept")
    unsaved = page_a.editor.toPlainText()
    assert a.autosave() == 1
    # B takes over: A keeps its unsaved text in kept/ and shows the file as saved
    guard_b.banner.button.click()
    qtbot.waitUntil(lambda: not guard_a.editable, timeout=10000)
    assert (
        guard_a.kept is not None
        and guard_a.kept.parent == workspace / STATE_DIR / "autosave" / "kept"
    )
    entry = JournalEntry.read(guard_a.kept)
    assert entry is not None and entry.text == unsaved
    # its autosave copy went into kept/: no later open offers the same text again
    assert journal_of(workspace).read(workspace / rel) is None
    assert page_a.editor.toPlainText() == on_disk and not page_a.dirty
    assert page_a.editor.isReadOnly()
    assert f"kept in {STATE_DIR}/autosave/kept/" in guard_a.banner.label.text()
    # A, view only, neither autosaves B's file nor saves it
    assert a.autosave() == 0 and not page_a.save()
    assert (workspace / rel).read_text("utf-8") == on_disk
    # A takes over again: the kept text comes back, unsaved and undoable
    kept = guard_a.kept
    guard_a.banner.button.click()
    assert guard_a.editable and not page_a.editor.isReadOnly()
    assert page_a.editor.toPlainText() == unsaved and page_a.dirty
    assert not kept.exists() and guard_a.kept is None
    page_a.editor.undo()
    assert page_a.editor.toPlainText() == on_disk
    page_a.editor.redo()
    assert page_a.save() and (workspace / rel).read_text("utf-8") == unsaved
    assert journal_of(workspace).read(workspace / rel) is None
