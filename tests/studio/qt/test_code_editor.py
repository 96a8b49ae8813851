"""The code editor widget over a real document (pytest-qt, offscreen; no WebEngine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from studio.models.completion import CompletionSources, PropInfo
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.qt.code_editor import ERROR_COLOR, CodeEditor
from studio.qt.highlighter import PALETTES

pytestmark = pytest.mark.qt


@pytest.fixture
def editor(qtbot: QtBot) -> CodeEditor:
    doc = EmailDocument("<x-base>\n  <p>Hi {{ name }}</p>\n</x-base>\n", Path("/tmp/e.html"))
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    ed.resize(600, 400)
    ed.show()
    return ed


def put_cursor(ed: CodeEditor, offset: int) -> None:
    ed.select_range((offset, offset))


def test_typing_goes_to_the_document_and_undo_comes_back(editor: CodeEditor,
                                                         qtbot: QtBot) -> None:
    doc = editor.doc
    put_cursor(editor, doc.text.index("Hi") + 2)
    qtbot.keyClicks(editor, " there")
    assert "Hi there {{ name }}" in doc.text and doc.dirty
    assert editor.toPlainText() == doc.text
    doc.undo()
    assert editor.toPlainText() == doc.text == "<x-base>\n  <p>Hi {{ name }}</p>\n</x-base>\n"
    doc.redo()
    assert "Hi there" in editor.toPlainText()


def test_external_edit_with_emoji_lands_at_the_right_place(qtbot: QtBot) -> None:
    doc = EmailDocument("😀<p>x</p>")
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    doc.replace(4, 5, "yz")  # replace the x after the emoji
    assert ed.toPlainText() == "😀<p>yz</p>"
    put_cursor(ed, 1)
    assert ed.offset() == 1 and ed.textCursor().position() == 2


def test_enter_keeps_indentation_and_emmet_on_tab(editor: CodeEditor, qtbot: QtBot) -> None:
    doc = editor.doc
    put_cursor(editor, doc.text.index("</p>") + 4)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "table>tr*2>td")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "  <table>\n    <tr>\n      <td></td>\n    </tr>\n    <tr>" in doc.text
    assert doc.text.endswith("  </table>\n</x-base>\n")
    doc.undo()
    assert "table>tr*2>td" in doc.text


def test_completion_popup_inserts_component_prop(editor: CodeEditor, qtbot: QtBot) -> None:
    editor.completion_sources = lambda: CompletionSources(
        {"x-button": (PropInfo("href"), PropInfo("align", options=("left", "center")))})
    put_cursor(editor, editor.doc.text.index("</x-base>"))
    qtbot.keyClicks(editor, "<x-bu")
    assert editor.popup.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "<x-button</x-base>" in editor.doc.text
    qtbot.keyClicks(editor, " al")
    assert editor.popup.isVisible() and editor.popup.choices[0].label == "align"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert '<x-button align=""</x-base>' in editor.doc.text
    assert editor.doc.text[editor.offset() - 1] == '"'  # caret between the quotes


def test_line_operations(editor: CodeEditor) -> None:
    doc = editor.doc
    put_cursor(editor, doc.text.index("<p>"))
    editor.move_lines(-1)
    assert doc.text.startswith("  <p>Hi {{ name }}</p>\n<x-base>\n")
    editor.move_lines(1)
    assert doc.text.startswith("<x-base>\n  <p>")
    editor.copy_lines(1)
    assert doc.text.count("<p>Hi {{ name }}</p>") == 2
    editor.delete_lines()
    assert doc.text.count("<p>Hi {{ name }}</p>") == 1
    assert editor.offset() == doc.text.index("</x-base>")  # the caret moves to the next line
    put_cursor(editor, doc.text.index("<p>"))
    editor.toggle_comment()
    assert "  <!-- <p>Hi {{ name }}</p> -->" in doc.text
    editor.toggle_comment()
    assert "  <p>Hi {{ name }}</p>\n" in doc.text
    editor.indent_lines(1)
    assert "    <p>Hi" in doc.text
    editor.indent_lines(-1)
    assert "\n  <p>Hi" in doc.text
    put_cursor(editor, doc.text.index("Hi"))
    editor.select_range((doc.text.index("Hi"), doc.text.index("Hi") + 2))
    editor.wrap_selection("b")
    assert "<b>Hi</b> {{ name }}" in doc.text


def test_find_replace_and_format(editor: CodeEditor) -> None:
    editor.find_bar.find_edit.setText("p>")
    assert editor.find_next()
    assert editor.textCursor().selectedText() == "p>"
    editor.find_bar.replace_edit.setText("div>")
    assert editor.replace_all() == 2
    assert "<div>Hi {{ name }}</div>" in editor.doc.text
    editor.doc.set_text("<x-base>\n<p>{{ a }}</p>\n</x-base>")
    editor.format_document()
    assert editor.doc.text == "<x-base>\n  <p>{{ a }}</p>\n</x-base>"


def test_multi_cursor_typing(editor: CodeEditor, qtbot: QtBot) -> None:
    doc = EmailDocument("a\nb\nc\n")
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    put_cursor(ed, 0)
    ed.add_cursor(1)
    ed.add_cursor(1)
    qtbot.keyClicks(ed, "-")
    assert doc.text == "-a\n-b\n-c\n"
    doc.undo()
    assert doc.text == "a\nb\nc\n"


def test_problems_underline_gutter_and_scrollbar(editor: CodeEditor) -> None:
    state: EditorState = editor.state
    doc = editor.doc
    issue = Issue("x/bad", Severity.ERROR, "bad thing", str(doc.path), 2, 3)
    state.set_result(CompileResult(file=str(doc.path), source=doc.text, html="",
                                   issues=[issue]))
    assert editor.problem_lines == {2: Severity.ERROR}
    sels = editor.extraSelections()
    assert len(sels) == 1
    assert sels[0].format.underlineColor() == ERROR_COLOR
    assert sels[0].cursor.selectionStart() == doc.text.index("<p>")
    assert "bad thing" in sels[0].format.toolTip()


def test_highlighter_colours_components_and_liquid(editor: CodeEditor) -> None:
    block = editor.document().findBlockByNumber(0)
    formats = block.layout().formats()
    colors = {f.format.foreground().color().name() for f in formats}
    assert QColor(PALETTES["light"]["component"]).name() in colors
    block = editor.document().findBlockByNumber(1)
    colors = {f.format.foreground().color().name() for f in block.layout().formats()}
    assert QColor(PALETTES["light"]["liquid"]).name() in colors
