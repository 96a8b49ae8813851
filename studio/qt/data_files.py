"""The editor tab of a snippet (``snippets/``) or data file (``data/``): the text, its
problems as the product reads it (:mod:`studio.models.data_files`) and, for a snippet,
the files that use it. Errors keep it from being saved. Unsaved text is journaled as an
email's is (``studio.models.document.Journal``): the window autosaves it, and a save
journals first, writes the file, then clears the journal."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from components.custom.workspace_ops import Reference
from studio.models.data_files import DataFile
from studio.models.document import Journal


class DataFilePage(QWidget):
    """One snippet or data file in its own tab."""

    title_changed = Signal(str)
    saved = Signal(str)  # the path just written
    open_requested = Signal(str)  # a workspace-relative file that uses the snippet

    def __init__(
        self,
        model: DataFile,
        rel: str,
        uses: list[Reference] | None = None,
        snippet: str = "",
        parent: QWidget | None = None,
        *,
        journal: Journal | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.journal = journal
        self.rel = rel
        self.snippet = snippet  # the name Liquid knows a snippet by
        kind = "Snippet" if model.snippet else "Data"
        self.heading = QLabel(f"<b>{escape(rel)}</b> — {kind.lower()}")
        self.uses = QLabel()
        self.uses.setObjectName("snippetUses")
        self.uses.setWordWrap(True)
        self.uses.linkActivated.connect(self.open_requested.emit)
        self.set_uses(uses if model.snippet else None)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("dataEditor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.editor.setFont(font)
        self.editor.setPlainText(model.text)
        self.editor.textChanged.connect(self._edited)
        model.changed.connect(self._model_changed)
        self.problems = QLabel()
        self.problems.setObjectName("dataProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.linkActivated.connect(self._go_to)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save (Ctrl+S); refused while there are errors")
        self.save_button.clicked.connect(self.save)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.uses)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.problems)
        self._show_problems()

    @property
    def path(self) -> Path:
        return self.model.path

    @property
    def dirty(self) -> bool:
        return self.model.dirty

    @property
    def title(self) -> str:
        return ("● " if self.model.dirty else "") + self.model.path.name

    def set_uses(self, uses: list[Reference] | None) -> None:
        """The files a snippet is used in (links that open them)."""
        if uses is None:
            self.uses.hide()
            return
        files = sorted({u.file for u in uses})
        if not files:
            self.uses.setText(
                "Used in no email, template or component yet (write "
                f"{{{{ snippets.{escape(self.snippet)} }}}})"
            )
        else:
            links = ", ".join(f'<a href="{escape(f)}">{escape(f)}</a>' for f in files)
            self.uses.setText(f"Used in {len(files)} file{'s' * (len(files) != 1)}: {links}")
        self.uses.show()

    def replace_text(self, text: str) -> None:
        """Put ``text`` in the editor as one step its Undo takes back (a recovery, a kept
        text coming back)."""
        cursor = QTextCursor(self.editor.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)

    def _model_changed(self, _problems: object) -> None:
        """The model's text was set from outside the editor (a recovered autosave): shown
        as one step the editor's Undo takes back."""
        if self.model.text != self.editor.toPlainText():
            self.replace_text(self.model.text)

    def _edited(self) -> None:
        was = self.model.dirty
        self.model.set_text(self.editor.toPlainText())
        self._show_problems()
        if was != self.model.dirty:
            self.title_changed.emit(self.title)

    def _show_problems(self) -> None:
        shown = []
        for i in self.model.problems:
            where = f"{i.line}:{i.column}" if i.line else ""
            link = f'<a href="{i.line}:{i.column}">line {where}</a>: ' if i.line else ""
            colour = "#b42318" if i.is_error else "#9a6700"
            shown.append(f'<span style="color:{colour}">{link}{escape(i.message)}</span>')
        self.problems.setText("<br>".join(shown))
        self.problems.setVisible(bool(shown))
        self.save_button.setEnabled(not self.model.errors)

    def _go_to(self, where: str) -> None:
        line, _sep, column = where.partition(":")
        block = self.editor.document().findBlockByNumber(max(int(line) - 1, 0))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(int(column or 1) - 1, 0))
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def save(self) -> bool:
        if self.journal is None:
            done = self.model.save()
        else:
            with self.journal.saving(self.model):  # journal first, file, then clear
                done = self.model.save()
        if not done:
            return False
        self.title_changed.emit(self.title)
        self.saved.emit(str(self.model.path))
        return True
