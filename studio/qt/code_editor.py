"""The code editor: a QPlainTextEdit over an :class:`EmailDocument`.

The widget never owns the text: every user change is reported to the
document (``EmailDocument.sync_text``) and every document change that did
not come from this widget (undo, envelope edits, a reload, a visual editor)
is applied here. Undo/redo are the document's.

Features: syntax highlighting, line-number gutter with problem marks,
problem underlines and scrollbar marks, completion popup, Emmet on Tab,
find/replace bar, line operations, multi-cursor (Alt+Click, cursors
above/below, select next occurrence, select all matches), code folding
(regions from :mod:`studio.models.folding`), caniemail hover.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from components.diagnostics import Severity
from studio.models import lines as line_ops
from studio.models.completion import Completion, CompletionSources, complete
from studio.models.document import EmailDocument
from studio.models.editor import EditorState, Problem
from studio.models.emmet import abbreviation_before, expand
from studio.models.folding import (
    FoldRegion,
    fold_regions,
    hidden_lines,
    region_to_fold,
    region_to_unfold,
    still_folded,
)
from studio.models.format import reindent
from studio.models.lines import LineChange
from studio.models.support import support_text
from studio.models.text import (
    Edit,
    from_utf16,
    is_bmp,
    to_utf16,
    underline_end,
    utf16_offsets,
)
from studio.qt.highlighter import EmailHighlighter
from studio.qt.icons import icon

FOLD_MARK_WIDTH = 12  # the gutter's fold-marker column (px)
ERROR_COLOR = QColor("#e5484d")
WARNING_COLOR = QColor("#f5a524")
INFO_COLOR = QColor("#3b82f6")
#: Problems underlined in the code at most, errors first (the gutter and the scroll bar
#: mark every problem's line, the Problems list lists them): an email with 20,000 stray
#: tags stays editable
MAX_UNDERLINED = 200


def severity_color(sev: Severity) -> QColor:
    return {Severity.ERROR: ERROR_COLOR, Severity.WARNING: WARNING_COLOR}.get(sev, INFO_COLOR)


class LineGutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a line's fold marker (or anywhere on its number) folds/unfolds it."""
        if event.button() == Qt.MouseButton.LeftButton:
            line = self.editor.line_at_y(event.position().toPoint().y())
            if line is not None:
                self.editor.toggle_fold(line)
                event.accept()
                return
        super().mousePressEvent(event)


class MarkedScrollBar(QScrollBar):
    """A vertical scrollbar with a mark per problem line (red errors, yellow warnings)."""

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(Qt.Orientation.Vertical, editor)
        self.editor = editor

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        lines = max(1, self.editor.blockCount())
        painter = QPainter(self)
        for line, sev in self.editor.problem_lines.items():
            y = int((line - 1) / lines * self.height())
            painter.fillRect(QRect(1, y, self.width() - 2, 3), severity_color(sev))
        painter.end()


class CompletionPopup(QListWidget):
    accepted = Signal(object)

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.setWindowFlags(Qt.WindowType.ToolTip)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choices: list[Completion] = []
        self.itemActivated.connect(lambda _i: self.accept())
        self.hide()

    def show_items(self, items: list[Completion], at: QPoint) -> None:
        self.clear()
        self.choices = items
        for c in items:
            it = QListWidgetItem(f"{c.label}    {c.detail}" if c.detail else c.label)
            self.addItem(it)
        self.setCurrentRow(0)
        rows = min(10, len(items))
        self.resize(360, rows * (self.sizeHintForRow(0) or 18) + 6)
        self.move(at)
        self.show()

    def accept(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.choices):
            self.accepted.emit(self.choices[row])
        self.hide()

    def key(self, event: QKeyEvent) -> bool:
        """Handle navigation keys while visible; True when consumed."""
        k = event.key()
        if k in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if k == Qt.Key.Key_Down else -1
            self.setCurrentRow(max(0, min(self.count() - 1, self.currentRow() + step)))
            return True
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            self.accept()
            return True
        if k == Qt.Key.Key_Escape:
            self.hide()
            return True
        return False


class FindBar(QWidget):
    """Find / replace under the editor (Ctrl+F, Ctrl+Alt+F, Ctrl+G, Ctrl+Shift+G).

    Two short rows (find, then replace when replacing) of icon buttons with their name
    on hover, so the bar fits a narrow code column (issue 12: one row was 413 px).
    """

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__()
        self.editor = editor
        self.setObjectName("findBar")
        self.find_edit = QLineEdit(placeholderText="Find")
        self.replace_edit = QLineEdit(placeholderText="Replace")
        for edit in (self.find_edit, self.replace_edit):
            edit.setMinimumWidth(80)
        self.case = QCheckBox("Aa")
        self.case.setToolTip("Match case")
        self.status = QLabel("")
        self.status.setObjectName("findStatus")

        def button(name: str, text: str, tip: str, fn: Callable[[], object]) -> QToolButton:
            b = QToolButton()
            b.setObjectName(name)
            b.setText(text)
            b.setToolTip(tip)
            glyph = icon(name)
            if not glyph.isNull():
                b.setIcon(glyph)
            b.setAutoRaise(True)
            b.clicked.connect(fn)
            return b

        self.previous_button = button(
            "chevron-up",
            "↑",
            "Previous match (Ctrl+Shift+G)",
            lambda: self.editor.find_next(backward=True),
        )
        self.next_button = button("chevron-down", "↓", "Next match (Ctrl+G)", self.editor.find_next)
        self.close_button = button("close", "✕", "Close", self.hide)
        self.replace_button = QPushButton("Replace")
        self.replace_button.setToolTip("Replace this match and find the next")
        self.replace_button.clicked.connect(self.editor.replace_one)
        self.all_button = QPushButton("All")
        self.all_button.setToolTip("Replace every match")
        self.all_button.clicked.connect(self.editor.replace_all)
        find_row = QHBoxLayout()
        find_row.setSpacing(2)
        for w in (self.case, self.previous_button, self.next_button, self.status):
            find_row.addWidget(w)
        find_row.insertWidget(0, self.find_edit, 1)
        find_row.addWidget(self.close_button)
        self.replace_row = QWidget()
        replace_row = QHBoxLayout(self.replace_row)
        replace_row.setContentsMargins(0, 0, 0, 0)
        replace_row.setSpacing(2)
        replace_row.addWidget(self.replace_edit, 1)
        replace_row.addWidget(self.replace_button)
        replace_row.addWidget(self.all_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)
        lay.addLayout(find_row)
        lay.addWidget(self.replace_row)
        self.find_edit.returnPressed.connect(self.editor.find_next)
        self.replace_edit.returnPressed.connect(self.editor.replace_one)
        self.hide()

    def open(self, replace: bool) -> None:
        cur = self.editor.textCursor()
        if cur.hasSelection() and "\u2029" not in cur.selectedText():
            self.find_edit.setText(cur.selectedText())
        self.replace_row.setVisible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    @property
    def flags(self) -> QTextDocument.FindFlag:
        return (
            QTextDocument.FindFlag.FindCaseSensitively
            if self.case.isChecked()
            else QTextDocument.FindFlag(0)
        )


class CodeEditor(QPlainTextEdit):
    """The HTML tab's editor."""

    completion_sources: Callable[[], CompletionSources] | None

    def __init__(
        self,
        document: EmailDocument,
        state: EditorState | None = None,
        theme: str = "light",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self.state = state or EditorState(document)
        self.completion_sources = None
        self.problem_lines: dict[int, Severity] = {}
        self.extra_cursors: list[QTextCursor] = []
        self.fold_blocks: list[QTextBlock] = []  # opening lines of the folded regions
        self._hiding = False  # some blocks are hidden (so unfolding must show them again)
        self._regions: tuple[str, list[FoldRegion]] | None = None  # (text, regions) cache
        self.hover_enabled = True
        self.code_checker = True  # problems underlined (Preferences)
        self.problems: list[Problem] = []  # the last compile's, in this document
        self._underlines: list[QTextEdit.ExtraSelection] | None = None  # theirs, when made
        self._paint_when_shown = False  # selections changed while hidden
        self._pushing = False  # we are reporting a change to the document
        self._applying = False  # we are applying a document change to the widget
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(12)
        self.setFont(font)
        self.set_wrap(True)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self.indent = "  "
        self.setVerticalScrollBar(MarkedScrollBar(self))
        self.gutter = LineGutter(self)
        self.popup = CompletionPopup(self)
        self.popup.accepted.connect(self.insert_completion)
        self.find_bar = FindBar(self)
        self.setPlainText(document.text)
        self.document().setUndoRedoEnabled(False)
        self.highlighter = EmailHighlighter(self.document(), theme)
        self.document().contentsChange.connect(self._on_contents_change)
        self.blockCountChanged.connect(lambda _n: self._update_gutter_width())
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._on_cursor)
        self._update_gutter_width()
        document.changed.connect(self._on_document_changed)
        self.state.selection_requested.connect(self.select_range)
        self.state.problems_changed.connect(self.show_problems)
        self.setMouseTracking(True)

    # ---- document <-> widget ----------------------------------------------------
    def _on_contents_change(self, pos: int, _removed: int, _added: int) -> None:
        if self._applying:
            return
        self._pushing = True
        try:
            text = self.toPlainText()
            self.doc.sync_text(text, pos if is_bmp(text) else from_utf16(text, pos))
        finally:
            self._pushing = False
        if self.fold_blocks:
            self._refresh_folds()

    def _on_document_changed(self, edit: Edit) -> None:
        if self._pushing:
            return
        self._applying = True
        try:
            old = (
                self.doc.text[: edit.offset]
                + edit.removed
                + self.doc.text[edit.offset + len(edit.inserted) :]
            )
            start = to_utf16(old, edit.offset)
            end = to_utf16(old, edit.offset + len(edit.removed))
            cur = QTextCursor(self.document())
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cur.insertText(edit.inserted)
            if self.fold_blocks:
                self._refresh_folds()
            view = self.textCursor()
            view.setPosition(to_utf16(self.doc.text, edit.end_after))
            self.setTextCursor(view)
        finally:
            self._applying = False

    def offset(self, cursor: QTextCursor | None = None) -> int:
        """The code-point offset of a cursor (default: the text cursor)."""
        pos = (cursor or self.textCursor()).position()
        text = self.doc.text
        return pos if is_bmp(text) else from_utf16(text, pos)

    def _on_cursor(self) -> None:
        if self._hiding and not self.textCursor().block().isVisible():
            self.reveal_line(self.textCursor().blockNumber())
        self.state.set_cursor(self.offset())
        if self.extra_cursors:
            self._paint_selections()

    def set_wrap(self, on: bool) -> None:
        """Wrap long lines at the editor's width (Preferences ▸ Wrap long code lines), so
        moving the cursor, a match or Focus Mode never scrolls the code sideways."""
        self.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth if on else QPlainTextEdit.LineWrapMode.NoWrap
        )

    def select_range(self, rng: tuple[int, int]) -> None:
        start, end = rng
        text = self.doc.text
        if self._hiding:  # the selection (Inspect Element, a problem, a match) is shown
            for pos in (start, end):
                self.reveal_line(self.document().findBlock(to_utf16(text, pos)).blockNumber())
        cur = self.textCursor()
        cur.setPosition(to_utf16(text, end))
        cur.setPosition(to_utf16(text, start), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.centerCursor()

    # ---- undo -------------------------------------------------------------------
    def undo(self) -> None:
        self.doc.undo()

    def redo(self) -> None:
        self.doc.redo()

    # ---- gutter -----------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + FOLD_MARK_WIDTH + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_gutter_width(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        painter.setPen(self.palette().placeholderText().color())
        w = self.gutter.width()
        h = self.fontMetrics().height()
        folded = set(self.folded_lines())
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                sev = self.problem_lines.get(number + 1)
                if sev is not None:
                    painter.fillRect(QRect(2, top + h // 2 - 3, 6, 6), severity_color(sev))
                painter.drawText(
                    0, top, w - 4 - FOLD_MARK_WIDTH, h, Qt.AlignmentFlag.AlignRight, str(number + 1)
                )
                if number in folded:
                    painter.drawText(
                        w - FOLD_MARK_WIDTH,
                        top,
                        FOLD_MARK_WIDTH,
                        h,
                        Qt.AlignmentFlag.AlignCenter,
                        "▸",
                    )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # ---- problems ---------------------------------------------------------------
    def show_problems(self, problems: list[Problem]) -> None:
        lines: dict[int, Severity] = {}
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for p in problems:
            if not p.in_document:
                continue
            line = p.issue.line
            old = lines.get(line)
            if old is None or order[p.issue.severity] < order[old]:
                lines[line] = p.issue.severity
        self.problems = [p for p in problems if p.in_document]
        self.problem_lines = lines
        self._underlines = None
        self._paint_selections()
        self.gutter.update()
        self.verticalScrollBar().update()

    def set_code_checker(self, on: bool) -> None:
        """Underline the problems of the last compile (or not)."""
        self.code_checker = on
        self._paint_selections()

    def _problem_selections(self) -> list[QTextEdit.ExtraSelection]:
        """The underlines of the first :data:`MAX_UNDERLINED` problems (errors first), made
        once per compile: their cursors move with the text as it is edited, and the extra
        cursors' selections are painted beside them without making them again."""
        made = self._underlines
        if made is not None:
            return made
        text = self.doc.text
        shown = [p for p in self.problems if p.offset <= len(text)][:MAX_UNDERLINED]
        bounds = [(p.offset, underline_end(text, p.offset)) for p in shown]
        units = utf16_offsets(text, [o for pair in bounds for o in pair])
        made = []
        document = self.document()
        for k, p in enumerate(shown):
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(severity_color(p.issue.severity))
            fmt.setToolTip(f"{p.issue.message} [{p.issue.rule}]")
            sel.format = fmt
            cur = QTextCursor(document)
            cur.setPosition(units[2 * k])
            cur.setPosition(units[2 * k + 1], QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            made.append(sel)
        self._underlines = made
        return made

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._paint_when_shown:
            self._paint_selections()

    def _paint_selections(self) -> None:
        if not self.isVisible():
            # (the Visual mode's hidden code: each underline's cursor works out its x on
            # the line, ~1 ms on a long highlighted line, so none is made until it shows)
            self._paint_when_shown = True
            return
        self._paint_when_shown = False
        sels: list[QTextEdit.ExtraSelection] = (
            list(self._problem_selections()) if self.code_checker else []
        )
        for c in self.extra_cursors:
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            if c.hasSelection():
                fmt.setBackground(self.palette().highlight().color().lighter(150))
            else:
                fmt.setBackground(QColor("#3b82f6"))
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
                c2 = QTextCursor(c)
                c2.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = c2
                sel.format = fmt
                sels.append(sel)
                continue
            sel.cursor = c
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    # ---- completion -------------------------------------------------------------
    def completions(self) -> list[Completion]:
        if self.completion_sources is None:
            return []
        res = complete(self.doc.text, self.offset(), self.completion_sources())
        self._completion_start = res.start
        return list(res.items)

    def show_completions(self, explicit: bool = False) -> bool:
        items = self.completions()
        if not items or (
            not explicit
            and len(items) == 1
            and items[0].label == self.doc.text[self._completion_start : self.offset()]
        ):
            self.popup.hide()
            return False
        rect = self.cursorRect()
        self.popup.show_items(items, self.viewport().mapToGlobal(rect.bottomLeft()))
        return True

    def insert_completion(self, item: Completion) -> None:
        start = getattr(self, "_completion_start", self.offset())
        end = self.offset()
        self.doc.replace(start, end, item.insert)
        caret = start + len(item.insert)
        if item.insert.endswith('=""'):
            caret -= 1
        self.select_range((caret, caret))

    # ---- keys -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.popup.isVisible() and self.popup.key(event):
            return
        mods = event.modifiers()
        key = event.key()
        ctrl = Qt.KeyboardModifier.ControlModifier
        if key == Qt.Key.Key_Space and mods & ctrl:
            self.show_completions(explicit=True)
            return
        if key == Qt.Key.Key_Escape and self.extra_cursors:
            self.extra_cursors = []
            self._paint_selections()
            return
        if key == Qt.Key.Key_Tab and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            if self.expand_emmet():
                return
            if not self.textCursor().hasSelection():
                self.textCursor().insertText(self.indent)
                return
            self.indent_lines(1)
            return
        if key == Qt.Key.Key_Backtab:
            self.indent_lines(-1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            line = self.textCursor().block().text()
            lead = line[: len(line) - len(line.lstrip())]
            self.textCursor().insertText("\n" + lead)
            self.ensureCursorVisible()
            return
        if self.extra_cursors and self._multi_key(event):
            return
        if (
            mods & ctrl
            and key in (Qt.Key.Key_X, Qt.Key.Key_C)
            and not self.textCursor().hasSelection()
        ):
            cur = self.textCursor()
            cur.select(QTextCursor.SelectionType.LineUnderCursor)
            self.setTextCursor(cur)  # cut/copy line when nothing is selected
        super().keyPressEvent(event)
        text = event.text()
        if text and (text.isalnum() or text in "<-:.{ ") and not mods & ctrl:
            before = self.doc.text[max(0, self.offset() - 60) : self.offset()]
            if re.search(r"<[\w-]*$|\s[#:]?[\w-]+$|mso[\w-]*$|\{\{\s*[\w.]*$", before):
                self.show_completions()
            else:
                self.popup.hide()

    def _multi_key(self, event: QKeyEvent) -> bool:
        """Typing, Backspace and Delete at every cursor (basic multi-cursor)."""
        text = event.text()
        key = event.key()
        if not (text and text.isprintable()) and key not in (
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Delete,
        ):
            return False
        cursors = [self.textCursor(), *self.extra_cursors]
        main = self.textCursor()
        main.beginEditBlock()
        seen: set[tuple[int, int]] = set()
        for c in sorted(cursors, key=lambda c: -c.position()):
            span = (c.selectionStart(), c.selectionEnd())
            if span in seen:  # two cursors at one place edit it once
                continue
            seen.add(span)
            if key == Qt.Key.Key_Backspace:
                if not c.hasSelection():
                    c.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor)
                c.removeSelectedText()
            elif key == Qt.Key.Key_Delete:
                if not c.hasSelection():
                    c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
                c.removeSelectedText()
            else:
                c.insertText(text)
        main.endEditBlock()
        self.setTextCursor(cursors[0])
        self._paint_selections()
        return True

    # ---- emmet ------------------------------------------------------------------
    def expand_emmet(self) -> bool:
        cur = self.textCursor()
        if cur.hasSelection():
            return False
        line = cur.block().text()
        col = cur.positionInBlock()
        if not is_bmp(line):
            return False
        found = abbreviation_before(line, col)
        if found is None:
            return False
        start_col, abbr = found
        lead = line[: len(line) - len(line.lstrip())]
        html = expand(abbr, self.indent, lead)
        block_start = self.offset() - col
        start = block_start + start_col
        self.doc.replace(start, start + len(abbr), html)
        caret = start + html.find('""') + 1 if '""' in html else start + html.find("></") + 1
        if caret <= start:
            caret = start + len(html)
        self.select_range((caret, caret))
        return True

    # ---- line operations (pure functions in studio/models/lines.py) ---------------
    def _anchor_caret(self) -> tuple[int, int]:
        cur = self.textCursor()
        text = self.doc.text
        return from_utf16(text, cur.anchor()), from_utf16(text, cur.position())

    def _apply_lines(self, change: LineChange | None) -> None:
        if change is None:
            return
        self.doc.replace(change.start, change.end, change.inserted)
        self.select_range(change.selection)

    def move_lines(self, direction: int) -> None:
        self._apply_lines(line_ops.move_lines(self.doc.text, *self._anchor_caret(), direction))

    def copy_lines(self, direction: int) -> None:
        self._apply_lines(line_ops.copy_lines(self.doc.text, *self._anchor_caret(), direction))

    def delete_lines(self) -> None:
        self._apply_lines(line_ops.delete_lines(self.doc.text, *self._anchor_caret()))

    def indent_lines(self, direction: int) -> None:
        self._apply_lines(
            line_ops.indent_lines(self.doc.text, *self._anchor_caret(), self.indent, direction)
        )

    def toggle_comment(self) -> None:
        self._apply_lines(line_ops.toggle_comment(self.doc.text, *self._anchor_caret()))

    def select_line(self) -> None:
        self.select_range(line_ops.select_lines(self.doc.text, *self._anchor_caret()))

    def wrap_selection(self, tag: str) -> None:
        self._apply_lines(line_ops.wrap_selection(self.doc.text, *self._anchor_caret(), tag))

    def add_cursor(self, direction: int) -> None:
        """Insert a cursor above the topmost cursor (direction < 0) or below the lowest one."""
        cursors = [self.textCursor(), *self.extra_cursors]
        base = (min if direction < 0 else max)(cursors, key=lambda c: c.position())
        c = QTextCursor(base)
        c.clearSelection()
        col = c.positionInBlock()
        op = QTextCursor.MoveOperation.Down if direction > 0 else QTextCursor.MoveOperation.Up
        if not c.movePosition(op):
            return
        c.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        c.movePosition(QTextCursor.MoveOperation.Right, n=min(col, c.block().length() - 1))
        if any(c.position() == o.position() for o in cursors):
            return
        self.extra_cursors.append(c)
        self._paint_selections()

    def select_all_matches(self) -> None:
        cur = self.textCursor()
        needle = cur.selectedText() or self.find_bar.find_edit.text()
        if not needle:
            return
        found: list[QTextCursor] = []
        c = self.document().find(needle, 0, self.find_bar.flags)
        while not c.isNull():
            found.append(c)
            c = self.document().find(needle, c, self.find_bar.flags)
        if not found:
            return
        self.setTextCursor(found[0])
        self.extra_cursors = found[1:]
        self._paint_selections()

    def format_document(self) -> None:
        caret_line = self.textCursor().blockNumber()
        self.doc.set_text(reindent(self.doc.text, self.indent))
        block = self.document().findBlockByNumber(caret_line)
        cur = self.textCursor()
        cur.setPosition(block.position())
        self.setTextCursor(cur)

    def select_next_occurrence(self) -> bool:
        """Ctrl/Cmd+D: select the word at the cursor, then add the next match as a cursor.

        The search starts after the last added cursor, wraps at the end and is
        case-sensitive; False when every occurrence is already selected.
        """
        cur = self.textCursor()
        if not cur.hasSelection():
            cur.select(QTextCursor.SelectionType.WordUnderCursor)
            if not cur.hasSelection():
                return False
            self.setTextCursor(cur)
            return True
        needle = cur.selectedText()
        last = self.extra_cursors[-1] if self.extra_cursors else cur
        flags = QTextDocument.FindFlag.FindCaseSensitively
        found = self.document().find(needle, last.selectionEnd(), flags)
        if found.isNull():
            found = self.document().find(needle, 0, flags)
        taken = {(c.selectionStart(), c.selectionEnd()) for c in (cur, *self.extra_cursors)}
        if found.isNull() or (found.selectionStart(), found.selectionEnd()) in taken:
            return False
        self.extra_cursors.append(found)
        if not self.viewport().rect().contains(self.cursorRect(found)):
            self.verticalScrollBar().setValue(max(0, found.blockNumber() - 3))
        self._paint_selections()
        return True

    # ---- folding ----------------------------------------------------------------
    def fold_regions(self) -> list[FoldRegion]:
        """The foldable regions of the current text (cached until the text changes)."""
        text = self.doc.text
        if self._regions is None or self._regions[0] is not text:
            self._regions = (text, fold_regions(text))
        return self._regions[1]

    def folded_lines(self) -> list[int]:
        """Opening lines (0-based) of the folded regions, in order."""
        return sorted(b.blockNumber() for b in self.fold_blocks if b.isValid())

    def folded_regions(self) -> list[FoldRegion]:
        if not self.fold_blocks:
            return []
        return still_folded(self.fold_regions(), self.folded_lines())

    def fold_current(self) -> FoldRegion | None:
        """Fold the innermost unfolded region around the cursor line (Ctrl/Cmd+K Ctrl/Cmd+[)."""
        line = self.textCursor().blockNumber()
        region = region_to_fold(self.fold_regions(), line, self.folded_lines())
        if region is None:
            return None
        self._set_folded([*self.folded_regions(), region])
        if line in region.hidden:  # keep the caret visible: on the region's first line
            cur = self.textCursor()
            cur.setPosition(self.document().findBlockByNumber(region.start).position())
            self.setTextCursor(cur)
        return region

    def unfold_current(self) -> FoldRegion | None:
        """Unfold the innermost folded region around the cursor line (Ctrl/Cmd+K Ctrl/Cmd+])."""
        folded = self.folded_regions()
        region = region_to_unfold(
            folded, self.textCursor().blockNumber(), [r.start for r in folded]
        )
        if region is not None:
            self._set_folded([r for r in folded if r != region])
        return region

    def unfold_all(self) -> None:
        self._set_folded([])

    def toggle_fold(self, line: int) -> FoldRegion | None:
        """Fold the region opening on ``line``, or unfold it when folded (gutter click)."""
        folded = self.folded_regions()
        for r in folded:
            if r.start == line:
                self._set_folded([f for f in folded if f != r])
                return r
        region = next((r for r in self.fold_regions() if r.start == line), None)
        if region is not None:
            self._set_folded([*folded, region])
        return region

    def reveal_line(self, line: int) -> None:
        """Unfold every folded region that hides ``line``."""
        folded = self.folded_regions()
        keep = [r for r in folded if line not in r.hidden]
        if len(keep) != len(folded):
            self._set_folded(keep)

    def line_at_y(self, y: int) -> int | None:
        """The (visible) line at viewport height ``y``, None below the last line."""
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid():
            height = self.blockBoundingRect(block).height() if block.isVisible() else 0
            if block.isVisible() and top <= y < top + height:
                return block.blockNumber()
            top += height
            block = block.next()
        return None

    def _refresh_folds(self) -> None:
        """After an edit: keep the folds whose opening line still opens a region."""
        self._set_folded(self.folded_regions())

    def _set_folded(self, regions: list[FoldRegion]) -> None:
        doc = self.document()
        self.fold_blocks = [doc.findBlockByNumber(r.start) for r in regions]
        hidden = hidden_lines(regions)
        if not hidden and not self._hiding:
            return
        changed = False
        block = doc.firstBlock()
        while block.isValid():
            visible = block.blockNumber() not in hidden
            if block.isVisible() != visible:
                block.setVisible(visible)
                changed = True
            block = block.next()
        self._hiding = bool(hidden)
        if changed:
            doc.markContentsDirty(0, doc.characterCount())
            self.viewport().update()
            self.gutter.update()
            self.verticalScrollBar().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.fold_blocks:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        offset = self.contentOffset()
        for block in self.fold_blocks:
            if not block.isValid() or not block.isVisible():
                continue
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.bottom() < event.rect().top() or geo.top() > event.rect().bottom():
                continue
            line = block.layout().lineAt(0)
            x = int(geo.left() + line.naturalTextWidth()) + 6
            h = self.fontMetrics().height()
            box = QRect(
                x, int(geo.top()) + 2, self.fontMetrics().horizontalAdvance(" … ") + 4, h - 4
            )
            painter.drawRoundedRect(box, 3, 3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "…")
        painter.end()

    # ---- find / replace ---------------------------------------------------------
    def find_next(self, backward: bool = False) -> bool:
        needle = self.find_bar.find_edit.text()
        if not needle:
            return False
        flags = self.find_bar.flags
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        c = self.document().find(needle, self.textCursor(), flags)
        if c.isNull():  # wrap around
            start = QTextCursor(self.document())
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            c = self.document().find(needle, start, flags)
        if c.isNull():
            self.find_bar.status.setText("No results")
            return False
        self.find_bar.status.setText("")
        self.setTextCursor(c)
        return True

    def replace_one(self) -> bool:
        needle = self.find_bar.find_edit.text()
        cur = self.textCursor()
        same = (
            cur.selectedText() == needle
            if self.find_bar.case.isChecked()
            else cur.selectedText().lower() == needle.lower()
        )
        if needle and cur.hasSelection() and same:
            text = self.doc.text
            a = from_utf16(text, cur.selectionStart())
            self.doc.replace(a, a + len(cur.selectedText()), self.find_bar.replace_edit.text())
        return self.find_next()

    def replace_all(self) -> int:
        needle = self.find_bar.find_edit.text()
        if not needle:
            return 0
        flags = 0 if self.find_bar.case.isChecked() else re.IGNORECASE
        new, n = re.subn(
            re.escape(needle),
            lambda _m: self.find_bar.replace_edit.text(),
            self.doc.text,
            flags=flags,
        )
        if n:
            self.doc.set_text(new)
        self.find_bar.status.setText(f"{n} replaced")
        return n

    # ---- hover ------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QHelpEvent)
            and event.type() == QEvent.Type.ToolTip
            and self.hover_enabled
        ):
            pos = event.pos()
            cur = self.cursorForPosition(pos - QPoint(self.gutter_width(), 0))
            offset = self.offset(cur)
            tip = support_text(self.doc.text, offset)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            c = self.cursorForPosition(event.position().toPoint())
            self.extra_cursors.append(c)
            self._paint_selections()
            return
        if self.extra_cursors:
            self.extra_cursors = []
            self._paint_selections()
        self.doc.break_undo_group()
        super().mousePressEvent(event)


def key_sequence(text: str) -> QKeySequence:
    return QKeySequence(text)


def set_font_size(editor: CodeEditor, size: int) -> None:
    font = QFont(editor.font())
    font.setPointSize(size)
    editor.setFont(font)
    editor.setTabStopDistance(editor.fontMetrics().horizontalAdvance(" ") * len(editor.indent))


def set_indent(editor: CodeEditor, width: int) -> None:
    """Spaces per indent level (Tab, Format Document, Emmet, indent/outdent)."""
    editor.indent = " " * max(1, width)
    editor.setTabStopDistance(editor.fontMetrics().horizontalAdvance(" ") * len(editor.indent))
