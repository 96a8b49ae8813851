"""The code editor widget over a real document (pytest-qt, offscreen; no WebEngine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from studio.models.completion import CompletionSources, PropInfo
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.models.support import support_text
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


def test_typing_goes_to_the_document_and_undo_comes_back(editor: CodeEditor, qtbot: QtBot) -> None:
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
        {"x-button": (PropInfo("href"), PropInfo("align", options=("left", "center")))}
    )
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


def test_the_find_bar_fits_a_narrow_code_column(qtbot: QtBot) -> None:
    """Issue 12: the find bar was one 413 px row, wider than the code column can be."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget

    doc = EmailDocument("<p>x</p>")
    ed = CodeEditor(doc)
    column = QWidget()
    lay = QVBoxLayout(column)
    lay.addWidget(ed, 1)
    lay.addWidget(ed.find_bar)
    qtbot.addWidget(column)
    column.resize(300, 400)
    column.show()
    bar = ed.find_bar
    bar.open(True)
    assert bar.minimumSizeHint().width() <= 280
    qtbot.waitUntil(lambda: bar.width() > 0)
    for w in bar.findChildren(QAbstractButton) + bar.findChildren(QLabel):
        if w.isVisible():
            assert w.width() >= w.sizeHint().width(), w.objectName() or w.text()
    assert bar.replace_edit.isVisible()
    bar.open(False)
    assert not bar.replace_edit.isVisible() and not bar.all_button.isVisible()


def test_long_lines_wrap_so_the_code_never_scrolls_sideways(qtbot: QtBot) -> None:
    """Issue 12, chrome: Inspect/Focus Mode selecting an element far along a long line
    scrolled the code pane sideways."""
    long_line = "<x-base " + " ".join(f'data-a{i}="{i}"' for i in range(40)) + ">"
    doc = EmailDocument(long_line + "\n  <p>far</p>\n</x-base>\n")
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    ed.resize(320, 200)
    ed.show()
    qtbot.waitExposed(ed)
    end = long_line.index("data-a39")
    ed.state.selection_requested.emit((end, end + 8))  # what Inspect Element does
    assert ed.textCursor().selectedText() == "data-a39"
    assert ed.horizontalScrollBar().value() == 0
    assert ed.horizontalScrollBar().maximum() == 0  # nothing to scroll to
    ed.set_wrap(False)  # Preferences ▸ Wrap long code lines off: scrolls as needed
    ed.state.selection_requested.emit((end, end + 8))
    assert ed.horizontalScrollBar().value() > 0


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
    state.set_result(CompileResult(file=str(doc.path), source=doc.text, html="", issues=[issue]))
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


FOLDABLE = """<x-base>
  <x-section>
    <p>one</p>
    <p>two</p>
  </x-section>
  {% if vip %}
    <p>VIP</p>
  {% endif %}
</x-base>
"""


@pytest.fixture
def folding(qtbot: QtBot) -> CodeEditor:
    ed = CodeEditor(EmailDocument(FOLDABLE, Path("/tmp/f.html")))
    qtbot.addWidget(ed)
    ed.resize(600, 400)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def visible(ed: CodeEditor) -> list[int]:
    doc = ed.document()
    return [n for n in range(doc.blockCount()) if doc.findBlockByNumber(n).isVisible()]


def line_top(ed: CodeEditor, line: int) -> float:
    block = ed.document().findBlockByNumber(line)
    return ed.blockBoundingGeometry(block).translated(ed.contentOffset()).top()


def test_fold_and_unfold_the_current_region(folding: CodeEditor) -> None:
    ed = folding
    put_cursor(ed, ed.doc.text.index("two"))
    region = ed.fold_current()
    assert region is not None and (region.start, region.end) == (1, 4)
    assert visible(ed) == [0, 1, 4, 5, 6, 7, 8, 9]
    assert ed.textCursor().blockNumber() == 1  # the caret left the hidden lines
    # the closing line is laid out right under the opening line
    assert line_top(ed, 4) - line_top(ed, 1) == pytest.approx(line_top(ed, 1) - line_top(ed, 0))
    assert ed.folded_lines() == [1]
    # folding again folds the next region out
    assert ed.fold_current() is not None and visible(ed) == [0, 8, 9]
    assert ed.textCursor().blockNumber() == 0
    assert ed.unfold_current() is not None and visible(ed) == [0, 1, 4, 5, 6, 7, 8, 9]
    assert ed.unfold_current() is None  # line 0 is in no folded region any more
    put_cursor(ed, ed.doc.text.index("<x-section"))
    assert ed.unfold_current() is not None and visible(ed) == list(range(10))
    assert ed.unfold_current() is None
    assert ed.doc.text == FOLDABLE  # folding never edits the text


def test_folds_follow_edits_and_moving_into_a_fold_reveals_it(
    folding: CodeEditor, qtbot: QtBot
) -> None:
    ed = folding
    assert ed.toggle_fold(5) is not None  # the {% if %} block, as a gutter click does
    assert 6 not in visible(ed)
    put_cursor(ed, 0)
    qtbot.keyClick(ed, Qt.Key.Key_Return)  # a line above: the fold moves down with its line
    assert ed.folded_lines() == [6] and 7 not in visible(ed)
    ed.doc.undo()
    assert ed.folded_lines() == [5] and 6 not in visible(ed)
    # Inspect Element / a problem / find selecting hidden text unfolds it
    at = ed.doc.text.index("VIP")
    ed.select_range((at, at + 3))
    assert ed.folded_lines() == [] and visible(ed) == list(range(10))
    # an edit that breaks the region drops its fold
    ed.toggle_fold(5)
    ed.doc.replace(ed.doc.text.index("  {% endif %}"), ed.doc.text.index("</x-base>"), "")
    assert ed.folded_lines() == [] and all(
        ed.document().findBlockByNumber(n).isVisible() for n in range(ed.blockCount())
    )


def test_gutter_click_toggles_the_fold_of_that_line(folding: CodeEditor, qtbot: QtBot) -> None:
    ed = folding
    y = int(line_top(ed, 1) + ed.fontMetrics().height() / 2)
    qtbot.mouseClick(ed.gutter, Qt.MouseButton.LeftButton, pos=QPoint(4, y))
    assert ed.folded_lines() == [1]
    qtbot.mouseClick(ed.gutter, Qt.MouseButton.LeftButton, pos=QPoint(4, y))
    assert ed.folded_lines() == []


def test_select_next_occurrence_then_type_at_every_cursor(qtbot: QtBot) -> None:
    doc = EmailDocument("<p>item</p>\n<p>items</p>\n<p>Item</p>\n")
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    put_cursor(ed, doc.text.index("item") + 1)
    assert ed.select_next_occurrence()  # the word under the cursor
    assert ed.textCursor().selectedText() == "item"
    assert ed.select_next_occurrence()  # "item" inside "items" (case-sensitive, not "Item")
    assert not ed.select_next_occurrence()  # nothing left: no duplicate cursor
    assert len(ed.extra_cursors) == 1
    qtbot.keyClicks(ed, "row")
    assert doc.text == "<p>row</p>\n<p>rows</p>\n<p>Item</p>\n"
    for _ in "row":  # typing at several cursors undoes one keystroke at a time
        doc.undo()
    assert doc.text == "<p>item</p>\n<p>items</p>\n<p>Item</p>\n"


def test_cursors_above_and_below_then_backspace(qtbot: QtBot) -> None:
    doc = EmailDocument("ab\ncd\nef\n")
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    put_cursor(ed, doc.text.index("cd") + 1)
    ed.add_cursor(-1)  # above the topmost cursor: on "ab"
    ed.add_cursor(1)  # below the lowest one ("cd", the main cursor): on "ef"
    ed.add_cursor(-1)  # nothing above the first line: no second cursor there
    assert len(ed.extra_cursors) == 2
    qtbot.keyClick(ed, Qt.Key.Key_Backspace)
    assert doc.text == "b\nd\nf\n"
    qtbot.keyClick(ed, Qt.Key.Key_Escape)
    assert ed.extra_cursors == []


def test_hover_shows_email_client_support(qtbot: QtBot) -> None:
    doc = EmailDocument('<td style="display: flex">x</td>\n')
    ed = CodeEditor(doc)
    qtbot.addWidget(ed)
    ed.resize(600, 200)
    ed.show()
    qtbot.waitExposed(ed)
    cur = ed.textCursor()
    cur.setPosition(doc.text.index("display") + 3)
    where = ed.cursorRect(cur).center()
    vp = ed.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, where, vp.mapToGlobal(where)))
    assert QToolTip.isVisible()
    assert QToolTip.text() == support_text(doc.text, doc.text.index("display") + 3)
    assert "% support" in QToolTip.text()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    ed.hover_enabled = False  # Preferences: hover overlays off
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, where, vp.mapToGlobal(where)))
    assert not QToolTip.isVisible()


def test_cut_and_copy_without_a_selection_take_the_whole_line(
    editor: CodeEditor, qtbot: QtBot
) -> None:
    doc = editor.doc
    clipboard = QApplication.clipboard()
    put_cursor(editor, doc.text.index("Hi"))
    qtbot.keyClick(editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "  <p>Hi {{ name }}</p>"
    assert doc.text.count("<p>Hi {{ name }}</p>") == 1
    qtbot.keyClick(editor, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert "<p>Hi" not in doc.text and clipboard.text() == "  <p>Hi {{ name }}</p>"
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "  <p>Hi {{ name }}</p>" in doc.text


def _strays(editor: CodeEditor, count: int) -> list[Issue]:
    """A document of ``count`` stray end tags and a compile result with one issue each."""
    doc = editor.doc
    doc.replace(0, len(doc.text), "<p>x</p></div>\n" * count)
    issues = [
        Issue("markup/stray-end-tag", Severity.WARNING, "stray", str(doc.path), n, 9)
        for n in range(1, count + 1)
    ]
    editor.state.set_result(
        CompileResult(file=str(doc.path), source=doc.text, html="", issues=issues)
    )
    return issues


def test_underlines_are_capped_and_each_covers_the_tag_it_points_at(editor: CodeEditor) -> None:
    from studio.qt.code_editor import MAX_UNDERLINED

    _strays(editor, MAX_UNDERLINED + 40)
    sels = editor.extraSelections()
    assert len(sels) == MAX_UNDERLINED
    first = sels[0].cursor
    assert editor.doc.text[first.selectionStart() : first.selectionEnd()] == "</div"
    # every problem's line is still marked in the gutter
    assert len(editor.problem_lines) == MAX_UNDERLINED + 40


def test_a_hidden_editor_makes_its_underlines_when_shown(editor: CodeEditor) -> None:
    editor.hide()
    _strays(editor, 3)
    assert editor.extraSelections() == []
    editor.show()
    assert len(editor.extraSelections()) == 3


def test_the_highlighter_places_formats_in_qt_positions_after_astral_characters(
    editor: CodeEditor,
) -> None:
    doc = editor.doc
    doc.replace(0, len(doc.text), "\U0001f600\U0001f600 <x-section>{{ a }}</x-section>\n")
    block = editor.document().findBlockByNumber(0)
    units = block.text().encode("utf-16-le")  # (Qt's positions count UTF-16 units)
    ranges = {
        units[2 * f.start : 2 * (f.start + f.length)].decode("utf-16-le"): (
            f.format.foreground().color().name()
        )
        for f in block.layout().formats()
    }
    assert ranges["x-section"] == QColor(PALETTES["light"]["component"]).name()
    assert ranges["{{ a }}"] == QColor(PALETTES["light"]["liquid"]).name()
