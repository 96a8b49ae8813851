"""QActions built from the action data: every shortcut parses, and chords reach the editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from studio.models.actions import ACTIONS, Action, ActionRegistry
from studio.models.document import EmailDocument
from studio.qt.actions import build_qactions
from studio.qt.code_editor import CodeEditor

pytestmark = pytest.mark.qt


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.shortcut], ids=lambda a: a.id)
def test_every_declared_shortcut_is_a_real_key_sequence(action: Action) -> None:
    for text in (action.shortcut, *action.alt_shortcuts):
        keys = QKeySequence(text)
        assert not keys.isEmpty(), text
        assert keys.count() == text.count(", ") + 1, text  # "Ctrl+K, Ctrl+[" is two keys
        assert keys.toString() == QKeySequence(keys.toString()).toString()


def test_fold_chords_and_select_next_reach_the_focused_editor(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    doc = EmailDocument("<div>\n  <p>a</p>\n  <p>a</p>\n</div>\n", Path("/tmp/k.html"))
    editor = CodeEditor(doc)
    window.setCentralWidget(editor)
    registry = ActionRegistry()
    registry.set_editor_open(True)
    build_qactions(registry, window)
    calls: list[str] = []

    def fold() -> None:
        calls.append("fold")
        editor.fold_current()

    def unfold() -> None:
        calls.append("unfold")
        editor.unfold_current()

    registry.bind("fold.current", fold)
    registry.bind("fold.unfold_current", unfold)
    registry.bind("line.outdent", lambda: calls.append("outdent"))
    registry.bind("cursor.select_next", editor.select_next_occurrence)
    window.show()
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()  # shortcuts of a window only fire while it is the active one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    editor.setFocus()
    editor.select_range((doc.text.index("<p>"), doc.text.index("<p>")))
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(editor, Qt.Key.Key_K, ctrl)
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, ctrl)
    assert calls == ["fold"] and editor.folded_lines() == [0]
    assert doc.text.endswith("</div>\n")  # Ctrl+K did not delete to the end of the line
    qtbot.keyClick(editor, Qt.Key.Key_K, ctrl)
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, ctrl)
    assert calls == ["fold", "unfold"] and editor.folded_lines() == []
    qtbot.keyClick(editor, Qt.Key.Key_BracketLeft, ctrl)  # alone: Outdent Line
    assert calls == ["fold", "unfold", "outdent"]
    at = doc.text.index("a</p>")
    editor.select_range((at, at + 1))
    qtbot.keyClick(editor, Qt.Key.Key_D, ctrl)
    assert len(editor.extra_cursors) == 1
    assert editor.extra_cursors[0].selectedText() == "a"
