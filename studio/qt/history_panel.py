"""The "Version history" panel: versions of the open file, the differences, Restore.

Selecting a version compares it with its predecessor (as the reference
product does) or with the editor's current text, in one of three views:
**Inline** (a unified diff, additions green, deletions red), **Side by side**
(the two texts with their lines facing) and **Rendered** (the two versions as
the preview shows them, the changed regions highlighted;
:mod:`studio.qt.version_views`). **Restore** asks first, then records the editor's current
text (saved or not) as a version, writes the old text to the file and reloads
the editor (undoable). **Save Version…** records the current text with a name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from studio.history import History, HistoryError, Version, unified_diff
from studio.models.document import DocumentError, EmailDocument
from studio.qt.version_views import RenderedDiff, SideBySide, render_version

# ask(title, text, buttons) -> the chosen button; prompt(title, label) -> text or None
Ask = Callable[[str, str, tuple[str, ...]], str]
Prompt = Callable[[str, str], str | None]

VIEW_INLINE, VIEW_SIDE, VIEW_RENDERED = "inline", "side", "rendered"
COMPARE_PREVIOUS = "previous"
COMPARE_CURRENT = "current"


class DiffHighlighter(QSyntaxHighlighter):
    """Colours a unified diff: additions green, deletions red, hunks blue."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        for key, colour in (("+", "#dcfce7"), ("-", "#fee2e2"), ("@", "#dbeafe")):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour))
            fmt.setForeground(QColor("#111111"))
            self.formats[key] = fmt

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            return
        fmt = self.formats.get(text[:1])
        if fmt is not None:
            self.setFormat(0, len(text), fmt)


class HistoryPanel(QWidget):
    """Versions of ``document``'s file in ``history``."""

    restored = Signal(object)  # the Version made by a restore
    status_changed = Signal(str)

    def __init__(
        self,
        history: History,
        document: EmailDocument,
        *,
        ask: Ask | None = None,
        prompt: Prompt | None = None,
        project: Project | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.document = document
        self.project = project  # for the Rendered view
        self.ask: Ask = ask or self._message_box
        self.prompt: Prompt = prompt or self._input_dialog
        self.shown: list[Version] = []

        self.filter = QComboBox()
        self.filter.addItem("All versions", False)
        self.filter.addItem("Named versions", True)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.compare = QComboBox()
        self.compare.addItem("Compare with the previous version", COMPARE_PREVIOUS)
        self.compare.addItem("Compare with the current text", COMPARE_CURRENT)
        self.compare.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.list = QListWidget()
        self.list.currentRowChanged.connect(lambda _r: self.show_diff())
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.diff_view.setFont(mono)
        self.highlighter = DiffHighlighter(self.diff_view.document())
        self.side = SideBySide()
        self.rendered = RenderedDiff()
        self.views = QStackedWidget()
        for w in (self.diff_view, self.side, self.rendered):
            self.views.addWidget(w)
        self.view_box = QComboBox()
        self.view_box.setObjectName("historyView")
        for label, key in (
            ("Inline", VIEW_INLINE),
            ("Side by side", VIEW_SIDE),
            ("Rendered", VIEW_RENDERED),
        ):
            self.view_box.addItem(label, key)
        self.view_box.setToolTip("How to show the differences")
        self.view_box.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save Version…")
        self.save_button.clicked.connect(self.save_version)
        self.restore_button = QPushButton("Restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)

        top = QHBoxLayout()  # two short rows keep the dock narrow beside the editor
        top.addWidget(self.filter, 1)
        top.addWidget(self.view_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.restore_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.views)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.compare)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        document.saved.connect(lambda _p: self.refresh())
        self.refresh()

    # ---- dialogs (tests replace them) -----------------------------------------------
    def _message_box(self, title: str, text: str, buttons: tuple[str, ...]) -> str:
        box = QMessageBox(self)
        box.setWindowTitle(title)
        box.setText(text)
        made = [(box.addButton(b, QMessageBox.ButtonRole.ActionRole), b) for b in buttons]
        box.exec()
        return next((t for button, t in made if button is box.clickedButton()), buttons[-1])

    def _input_dialog(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    # ---- state ----------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)

    def selected(self) -> Version | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def refresh(self) -> None:
        """Read the versions again, keeping the selected one selected."""
        keep = self.selected()
        path = self.document.path
        self.list.blockSignals(True)
        self.list.clear()
        self.shown = []
        try:
            if path is not None:
                self.shown = self.history.versions(path, named_only=bool(self.filter.currentData()))
        except HistoryError as exc:
            self._say(str(exc))
        for v in self.shown:
            item = QListWidgetItem(
                f"{v.label}\n{v.when} · {v.author}" + (f" · {v.message}" if v.message else "")
            )
            item.setToolTip(v.envelope.get("subject", ""))
            self.list.addItem(item)
        row = next(
            (i for i, v in enumerate(self.shown) if keep is not None and v.number == keep.number), 0
        )
        if self.shown:
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self.restore_button.setEnabled(bool(self.shown))
        if path is None:
            self._say("Save the file to start its version history.")
        elif not self.shown and not self.status.text():
            self._say("No versions yet: one is recorded on every save.")
        self.show_diff()

    def compared(self) -> tuple[str, str, str, str, str] | None:
        """What the selected version is compared with: (older text, newer text, their
        labels, what to say when they are the same); None when nothing is selected."""
        v = self.selected()
        if v is None or self.document.path is None:
            return None
        target = self.history.get(self.document.path, v.number)
        rel = target.file
        if self.compare.currentData() == COMPARE_CURRENT:
            return (
                target.text or "",
                self.document.text,
                f"{rel} (version {v.number})",
                f"{rel} (current text)",
                "The current text is the same as this version.",
            )
        older = [o for o in self.history.versions(self.document.path) if o.number < v.number]
        if not older:  # the first version: compared with nothing
            return ("", target.text or "", "(nothing before)", f"{rel} (version {v.number})", "")
        prev = self.history.get(self.document.path, older[0].number)
        return (
            prev.text or "",
            target.text or "",
            f"{rel} (version {prev.number})",
            f"{rel} (version {v.number})",
            "No differences from the previous version.",
        )

    def show_diff(self) -> None:
        view = self.view_box.currentData()
        self.views.setCurrentIndex((VIEW_INLINE, VIEW_SIDE, VIEW_RENDERED).index(view))
        try:
            pair = self.compared()
        except HistoryError as exc:
            self._say(str(exc))
            return
        if pair is None:
            self.diff_view.setPlainText("")
            self.side.show_texts("", "", "", "")
            return
        old, new, old_label, new_label, empty = pair
        if view == VIEW_SIDE:
            self.side.show_texts(old, new, old_label, new_label)
        elif view == VIEW_RENDERED and self.document.path is not None:
            try:
                self.rendered.show_images(
                    render_version(old, self.document.path, self.project),
                    render_version(new, self.document.path, self.project),
                )
            except (RuntimeError, OSError) as exc:
                self._say(f"Cannot render the versions: {exc}")
        elif not old and not empty:
            self.diff_view.setPlainText(new)
        else:
            text = unified_diff(old, new, old_label, new_label)
            self.diff_view.setPlainText(text or empty)

    # ---- actions --------------------------------------------------------------------
    def save_version(self) -> bool:
        """Record the editor's current text as a named version."""
        path = self.document.path
        if path is None:
            self._say("Save the file first.")
            return False
        name = self.prompt("Save Current Version", "Name of the version:")
        if name is None:
            return False
        try:
            made = self.history.record(path, self.document.text, kind="manual", name=name)
        except HistoryError as exc:
            self._say(str(exc))
            return False
        if made is None:
            self._say("Nothing changed since the last version: the version was not saved.")
            return False
        self.refresh()
        self._say(f"Saved version {made.number}.")
        return True

    def restore_selected(self) -> Version | None:
        v = self.selected()
        path = self.document.path
        if v is None or path is None:
            return None
        choice = self.ask(
            "Restore version",
            f"Restore version {v.number} ({v.when})? The current text is kept "
            "as a new version first.",
            ("Restore", "Cancel"),
        )
        if choice != "Restore":
            return None
        try:
            made = self.history.restore(path, v.number, current_text=self.document.text)
            self.document.reload()
        except (HistoryError, DocumentError) as exc:
            self._say(str(exc))
            return None
        self.refresh()
        self._say(f"Restored version {v.number}; it is now version {made.number}.")
        self.restored.emit(made)
        return made
