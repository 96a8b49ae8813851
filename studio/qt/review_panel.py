"""The "Review" panel: the open email's review comments, pins on the preview,
Comment…, Resolve and Reopen.

Thin Qt over :mod:`studio.models.reviews` (the same files and anchors as
``mailwright review``). A new comment is pinned to the element at the editor's cursor
(click an element with Inspect, select it on the canvas, or put the cursor in its
code) and to the preview's current device and scheme. Selecting a comment switches
the preview to its device and scheme, outlines its element and moves the cursor
there. Open comments whose element is found carry a numbered pin on the preview;
comments whose element is gone are listed as "outdated".
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.models.editor import EditorState
from studio.models.preview import PreviewSettings, Scheme, SizeMode
from studio.models.reviews import (
    Pin,
    ReviewError,
    ReviewStore,
    Round,
    anchor_at,
    begin_round,
    pins,
)
from studio.qt.canvas import Canvas
from studio.qt.preview import PreviewPane

# prompt(title, label) -> text or None
Prompt = Callable[[str, str], str | None]
MOBILE_MAX = 480  # px: a preview this narrow counts as "mobile" for a new comment

# Numbered pins beside each pinned element (application world; pointer-events off). They
# live in a box on <html>, beside <head> and <body>: patching a page in place (morph.js)
# rewrites only those two, so a patch never drops a pin (they are drawn again after one,
# for the positions). Placed in document coordinates, as the overlay's frames are, at the
# element's top right, or the view's right edge when the element runs past it.
JS_PINS = """(function(pins){
  document.querySelectorAll('.mw-review-pin').forEach(function(e){ e.remove(); });
  var box = document.querySelector('mw-review-pins');
  if (!box) {
    box = document.createElement('mw-review-pins');
    box.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;' +
      'z-index:2147483646;pointer-events:none;';
    document.documentElement.appendChild(box);
  }
  var shown = 0;
  pins.forEach(function(p){
    var el = document.querySelector('[data-mw-node="' + p.node + '"]');
    if (!el) return;
    var r = el.getBoundingClientRect();
    var pin = document.createElement('div');
    pin.className = 'mw-review-pin';
    pin.textContent = String(p.n);
    pin.title = p.text;
    pin.style.cssText = 'position:absolute;z-index:2147483646;pointer-events:none;' +
      'width:22px;height:22px;border-radius:11px 11px 11px 2px;background:#f59e0b;' +
      'color:#111;font:bold 12px/22px sans-serif;text-align:center;' +
      'box-shadow:0 1px 3px rgba(0,0,0,.5);' +
      'left:' + Math.max(0, Math.min(r.right, document.documentElement.clientWidth) +
                         window.scrollX - 34) + 'px;' +
      'top:' + Math.max(0, r.top + window.scrollY + 6) + 'px';
    box.appendChild(pin);
    shown += 1;
  });
  return shown;
})(%s)"""


def ask_text(parent: QWidget | None) -> Prompt:
    def prompt(title: str, label: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(parent, title, label)
        return text if ok else None

    return prompt


class ReviewPanel(QWidget):
    """The comments of ``state``'s email, with pins on ``preview`` and, when given, on
    the Visual mode's ``canvas`` (drawn again after each of its loads and patches)."""

    status_changed = Signal(str)
    changed = Signal()  # the list was rebuilt (after a load, add, resolve, reopen)

    def __init__(
        self,
        root: Path,
        state: EditorState,
        preview: PreviewPane,
        *,
        author: str,
        prompt: Prompt | None = None,
        canvas: Canvas | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.canvas_pins_shown = -1  # pins the canvas drew last (−1: not yet)
        self.store = ReviewStore(root)
        self.root = root
        self.state = state
        self.preview = preview
        self.author = author
        self.prompt = prompt or ask_text(self)
        self.placed: list[Pin] = []
        self.pins_shown = -1  # pins the preview drew last (−1: not yet)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("reviewComments")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._chosen)
        self.show_resolved = QCheckBox("Show resolved")
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        self.this_view_only = QCheckBox("This view only")
        self.this_view_only.setToolTip(
            "Only the comments made on the preview's current device and colour scheme"
        )
        self.this_view_only.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton("Comment…")
        self.add_button.setToolTip(
            "Comment on the element at the cursor, for this device and colour scheme"
        )
        self.add_button.clicked.connect(self._add_clicked)
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.clicked.connect(lambda: self.set_status(resolved=True))
        self.reopen_button = QPushButton("Reopen")
        self.reopen_button.clicked.connect(lambda: self.set_status(resolved=False))
        self.reply_button = QPushButton("Reply…")
        self.reply_button.clicked.connect(self._reply_clicked)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete_clicked)
        buttons = QGridLayout()  # two rows: the dock stays as narrow as the other panels
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.reply_button, 0, 1)
        buttons.addWidget(self.delete_button, 0, 2)
        buttons.addWidget(self.resolve_button, 1, 0)
        buttons.addWidget(self.reopen_button, 1, 1)
        self.round_button = QPushButton("New round…")
        self.round_button.setToolTip(
            "Start a review round: the email as it is now is kept "
            "in the version history; new comments belong to it"
        )
        self.round_button.clicked.connect(self._round_clicked)
        buttons.addWidget(self.round_button, 1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.show_resolved)
        lay.addWidget(self.this_view_only)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.preview.page_loaded.connect(self._draw_pins)
        self.preview.settings.changed.connect(self._view_changed)
        if canvas is not None:
            canvas.updated.connect(self._draw_canvas_pins)
        self.refresh()

    # ---- the list ---------------------------------------------------------------
    @property
    def email(self) -> str:
        path = self.state.document.path
        if path is None:
            return ""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.name

    def refresh(self) -> None:
        """Read the comments again and place them in the editor's current text."""
        self.store.problems.clear()
        comments = self.store.comments(self.email) if self.email else []
        self.placed = pins(self.state.document.text, comments)
        device, scheme = self.view()
        shown = [
            (n, p)
            for n, p in enumerate(self.placed, 1)
            if (p.comment.open or self.show_resolved.isChecked())
            and (
                not self.this_view_only.isChecked()
                or (p.comment.device, p.comment.scheme) == (device, scheme)
            )
        ]
        self.list.blockSignals(True)
        self.list.clear()
        for n, p in shown:
            item = QListWidgetItem(self._label(n, p))
            item.setData(Qt.ItemDataRole.UserRole, n - 1)
            if p.outdated or not p.comment.open:
                item.setForeground(QColor("#6b7280"))
            if p.outdated:
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            self.list.addItem(item)
        self.list.blockSignals(False)
        n_open = sum(1 for p in self.placed if p.comment.open)
        text = (
            f"{len(self.placed)} comment{'s' if len(self.placed) != 1 else ''}, {n_open} open"
            if self.placed
            else "No comments yet. Put the cursor in an element (or Inspect it) and press Comment…"
        )
        current = self.store.current_round(self.email) if self.email else None
        if current is not None:
            text = f"Round “{current.name}” · {text}"
        if self.store.problems:
            text += "\n" + "\n".join(self.store.problems)
        self.summary.setText(text)
        self._draw_pins()  # the preview's (drawn again after each of its loads)
        self._draw_canvas_pins()  # the canvas's (drawn again after each of its updates)
        self.changed.emit()

    @staticmethod
    def _label(n: int, p: Pin) -> str:
        c = p.comment
        a = c.anchor
        where = (
            "whole email"
            if a is None
            else f"outdated (was <{a.tag}> at line {a.line})"
            if p.outdated
            else f"<{a.tag}> line {p.line}"
        )
        done = f" · resolved by {c.resolved_by}" if not c.open else ""
        replies = "".join(f"\n    ↳ {r.author}: {r.text}" for r in c.replies)
        in_round = f" · {c.round}" if c.round else ""
        return (
            f"{n}. {c.device}/{c.scheme} · {where}{done}{in_round}\n{c.author}: {c.text}{replies}"
        )

    def current(self) -> Pin | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.placed[int(item.data(Qt.ItemDataRole.UserRole))]

    # ---- actions ----------------------------------------------------------------
    def add(self, text: str | None = None) -> Pin | None:
        """Comment on the element at the cursor (the whole email when there is none)."""
        if not self.email:
            self.status_changed.emit("Save the email first: comments belong to a file")
            return None
        if text is None:
            text = self.prompt("Comment", "Your comment on the element at the cursor:")
            if text is None:
                return None
        device, scheme = self.view()
        try:
            comment = self.store.add(
                self.email,
                text,
                author=self.author,
                anchor=anchor_at(self.state.document.text, self.state.cursor),
                device=device,
                scheme=scheme,
            )
        except ReviewError as exc:
            self.status_changed.emit(str(exc))
            return None
        self.refresh()
        self.status_changed.emit(
            f"Comment added ({device}, {scheme}): {self.store.file(comment).relative_to(self.root)}"
        )
        return next((p for p in self.placed if p.comment.id == comment.id), None)

    def view(self) -> tuple[str, str]:
        """The preview's device and scheme as a comment records them."""
        state = self.preview.settings.state
        return (
            "mobile" if state.width <= MOBILE_MAX else "desktop",
            "light" if state.scheme is Scheme.LIGHT else "dark",
        )

    def reply(self, text: str | None = None) -> Pin | None:
        """Answer the selected comment."""
        pin = self.current()
        if pin is None:
            return None
        if text is None:
            text = self.prompt("Reply", f"Your reply to {pin.comment.author}:")
            if text is None:
                return None
        try:
            self.store.reply(pin.comment, text, author=self.author)
        except ReviewError as exc:
            self.status_changed.emit(str(exc))
            return None
        self.refresh()
        return next((p for p in self.placed if p.comment.id == pin.comment.id), None)

    def delete(self) -> None:
        pin = self.current()
        if pin is None:
            return
        try:
            self.store.delete(pin.comment)
        except ReviewError as exc:
            self.status_changed.emit(str(exc))
            return
        self.refresh()
        self.status_changed.emit("Comment deleted")

    def _reply_clicked(self, _checked: bool = False) -> None:
        self.reply()

    def _delete_clicked(self, _checked: bool = False) -> None:
        self.delete()

    def new_round(self, name: str | None = None) -> Round | None:
        """Start a review round (its name asked for when not given)."""
        path = self.state.document.path
        if path is None:
            return None
        if name is None:
            name = self.prompt("New review round", "Name of the round (e.g. Round 2):")
            if not name:
                return None
        try:
            made, note = begin_round(self.store, path, name, author=self.author)
        except ReviewError as exc:
            self.status_changed.emit(str(exc))
            return None
        self.refresh()
        self.status_changed.emit(
            f"Review round “{made.name}” started" + (f" ({note})" if note else "")
        )
        return made

    def _round_clicked(self, _checked: bool = False) -> None:
        self.new_round()

    def _add_clicked(self, _checked: bool = False) -> None:
        self.add()

    def set_status(self, *, resolved: bool) -> None:
        pin = self.current()
        if pin is None:
            return
        if resolved:
            self.store.resolve(pin.comment, by=self.author)
        else:
            self.store.reopen(pin.comment)
        self.refresh()
        self.status_changed.emit("Comment resolved" if resolved else "Comment reopened")

    def _chosen(self, _row: int) -> None:
        pin = self.current()
        if pin is None:
            return
        settings: PreviewSettings = self.preview.settings
        size = SizeMode.MOBILE if pin.comment.device == "mobile" else SizeMode.DESKTOP
        scheme = Scheme.DARK if pin.comment.scheme == "dark" else Scheme.LIGHT
        if settings.state.size_mode is not size or settings.state.scheme is not scheme:
            self.pins_shown = -1  # drawn again when the page for that view has loaded
            settings.update(size_mode=size, scheme=scheme)
        if pin.node is not None:
            self.preview.focus_node(pin.node)
            lines = self.state.document.text.split("\n")
            self.state.set_cursor(sum(len(x) + 1 for x in lines[: pin.line - 1]) + pin.column - 1)

    # ---- pins -------------------------------------------------------------------
    def _pins_script(self) -> str:
        marks = [
            {"node": p.node, "n": n, "text": f"{p.comment.author}: {p.comment.text}"}
            for n, p in enumerate(self.placed, 1)
            if p.comment.open and p.node is not None
        ]
        return JS_PINS % json.dumps(marks)

    def _draw_pins(self, _ok: bool = True) -> None:
        def drawn(count: object) -> None:
            self.pins_shown = int(count) if isinstance(count, (int, float)) else 0

        self.pins_shown = -1
        if self.preview.loaded:
            self.preview.run_js(self._pins_script(), drawn)

    def _draw_canvas_pins(self, _how: str = "") -> None:
        """The pins on the canvas (a patch of its page removes them: drawn again)."""
        canvas = self.canvas
        if canvas is None:
            return

        def drawn(count: object) -> None:
            self.canvas_pins_shown = int(count) if isinstance(count, (int, float)) else 0

        self.canvas_pins_shown = -1
        if canvas.is_ready:
            canvas.run(self._pins_script(), drawn)

    def _view_changed(self, _state: object) -> None:
        if self.this_view_only.isChecked():
            self.refresh()

    def detach(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError, ValueError):
            self.preview.page_loaded.disconnect(self._draw_pins)
        with contextlib.suppress(ValueError):
            self.preview.settings.changed.disconnect(self._view_changed)
        if self.canvas is not None:
            with contextlib.suppress(RuntimeError, TypeError, ValueError):
                self.canvas.updated.disconnect(self._draw_canvas_pins)


class ReviewDock(QDockWidget):
    """The dock the window registers once; it shows the current editor's comments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("review")
        self.panel: ReviewPanel | None = None

    def show_for(
        self,
        root: Path,
        state: EditorState,
        preview: PreviewPane,
        *,
        author: str,
        prompt: Prompt | None = None,
        canvas: Canvas | None = None,
    ) -> ReviewPanel:
        old = self.panel
        if old is not None:
            old.detach()
        self.panel = ReviewPanel(root, state, preview, author=author, prompt=prompt, canvas=canvas)
        self.setWidget(self.panel)
        if old is not None:
            old.deleteLater()
        self.show()
        return self.panel
