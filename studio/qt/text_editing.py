"""Inline text editing on the canvas: double-click a text slot, type in place, the
bubble menu's marks, personalization, and the edit written back as source.

The widget side of :mod:`studio.models.text_slots`. Double-clicking a heading,
paragraph, button label or editable text puts the slot's source, made editable by
``text_slots.editing_html`` (Liquid as chips showing the sample data's value, the
Liquid on hover), into the element on the canvas and makes it ``contenteditable``:
keystrokes change the page in place, no compile runs while typing. The **bubble
menu** (a small bar over the canvas) offers exactly the slot's marks
(``StandardComponent.marks``), *Personalize* (the sample profile's attributes; the
chosen one is inserted at the caret as ``{{ path | default: "…" }}``) and *Done*.
Done, Enter (Ctrl+Enter in a list, where Enter starts a new item), or a click
elsewhere on the canvas commits: the element's HTML is read
back with ``text_slots.edit_from_canvas`` and applied as ONE undo step through the
visual editor; Esc cancels (the next compile restores the element).
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QMenu, QToolButton, QWidget

from compiler.liquid.render import render_template
from components.standard.registry import TEXT_MARKS
from studio.models import text_slots as T
from studio.models.layers import Layers
from studio.models.visual_selection import VisualSelection

if TYPE_CHECKING:
    from studio.models.visual_edits import VisualEdit
    from studio.qt.canvas import Canvas
    from studio.qt.preview import PreviewPane

#: bubble menu buttons: mark → (text, tooltip, the page command)
MARK_BUTTONS: dict[str, tuple[str, str]] = {
    "bold": ("B", "Bold"),
    "italic": ("I", "Italic"),
    "underline": ("U", "Underline"),
    "strikethrough": ("S", "Strikethrough"),
    "superscript": ("x²", "Superscript"),
    "subscript": ("x₂", "Subscript"),
    "code": ("</>", "Code"),
    "link": ("Link", "Link"),
}

#: a mark toggled on the selection: the element the slot's source writes
#: (``TEXT_MARKS``) wrapped around it, or — inside one already — taken off. Not the
#: page's own bold command: it toggles the look (a bold heading would get
#: ``font-weight: normal``), not the mark.
_TOGGLE = """(function (tag) {
  var el = document.querySelector('[data-mw-editing]');
  var sel = window.getSelection();
  if (!el || !sel.rangeCount) { return false; }
  var range = sel.getRangeAt(0);
  if (range.collapsed || !el.contains(range.commonAncestorContainer)) { return false; }
  for (var n = range.commonAncestorContainer; n && n !== el; n = n.parentNode) {
    if (n.nodeType === 1 && n.tagName.toLowerCase() === tag) {
      var parent = n.parentNode;
      while (n.firstChild) { parent.insertBefore(n.firstChild, n); }
      parent.removeChild(n);
      return true;
    }
  }
  var wrap = document.createElement(tag);
  wrap.appendChild(range.extractContents());
  range.insertNode(wrap);
  var again = document.createRange();
  again.selectNodeContents(wrap);
  sel.removeAllRanges();
  sel.addRange(again);
  return true;
})"""

_START = """(function () {
  var el = document.querySelector('[data-mw-node="%d"]');
  if (!el) { return false; }
  var inline = /^(STRONG|B|EM|I|U|S|SPAN|SUP|SUB|CODE|BR|FONT)$/;
  for (;;) {
    var kids = Array.prototype.filter.call(el.childNodes, function (n) {
      return n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim()); });
    if (kids.length === 1 && kids[0].nodeType === 1 && !inline.test(kids[0].tagName)) {
      el = kids[0];
    } else { break; }
  }
  el.setAttribute('data-mw-editing', '1');
  el.innerHTML = %s;
  el.contentEditable = 'true';
  el.style.outline = '2px solid #2f6fde';
  el.focus();
  var range = document.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
})()"""

_SELECT = """(function () {
  var el = document.querySelector('[data-mw-editing]');
  var needle = NEEDLE;
  var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var i = n.data.indexOf(needle);
    if (i >= 0) { var r = document.createRange(); r.setStart(n, i);
      r.setEnd(n, i + needle.length);
      var s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return true; }
  }
  return false; })()"""

_READ = """(function () {
  var el = document.querySelector('[data-mw-editing]');
  if (!el) { return null; }
  el.removeAttribute('data-mw-editing');
  el.removeAttribute('contenteditable');
  el.style.outline = '';
  return el.innerHTML;
})()"""


class BubbleMenu(QFrame):
    """The marks the slot allows, Personalize and Done, over the canvas."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("bubble-menu")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#bubble-menu { background: palette(window); border-radius: 6px; }")
        self.lay = QHBoxLayout(self)
        self.lay.setContentsMargins(4, 2, 4, 2)
        self.lay.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        self.hide()

    def set_buttons(self, entries: list[tuple[str, str, str, Callable[[], None]]]) -> None:
        while self.lay.count():
            item = self.lay.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        for key, text, tip, run in entries:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the caret stays in the page
            button.clicked.connect(run)
            font = button.font()
            font.setBold(key == "bold")
            font.setItalic(key == "italic")
            font.setUnderline(key == "underline")
            font.setStrikeOut(key == "strikethrough")
            button.setFont(font)
            self.lay.addWidget(button)
            self.buttons[key] = button
        self.adjustSize()


class EditorHost(Protocol):
    """What inline text editing needs of the visual editor (``VisualEditor`` is one),
    named here so that this module does not import the editor that creates it
    (``tests/test_import_cycles.py``)."""

    canvas: Canvas
    preview: PreviewPane
    selection: VisualSelection

    def row_of_mark(self, node: int) -> str | None: ...

    def node_of(self, row_id: str) -> int: ...

    def current_layers(self) -> Layers: ...

    def select(self, ids: Sequence[str]) -> None: ...

    def apply_edit(self, make: Callable[[Layers], VisualEdit | None]) -> bool: ...

    def refresh(self) -> None: ...


class InlineTextEditing(QObject):
    """Double-click → edit in place → commit as one source edit (see the module doc)."""

    started = Signal(str)  # row id being edited (the element is editable now)
    finished = Signal(bool)  # committed (True: an edit was applied) or cancelled

    def __init__(self, editor: EditorHost) -> None:
        host = editor if isinstance(editor, QWidget) else None
        super().__init__(host)
        #: the editor widget: this object's parent and its dialogs' (None without Qt)
        self.host = host
        self.editor = editor
        self.row_id: str | None = None
        self.slot: T.TextSlot | None = None
        self.bubble = BubbleMenu(editor.canvas)
        self.fallback_for: Callable[[str], str | None] = self._ask_fallback
        self._watched: QWidget | None = None
        self._watch()
        # the page's input widget exists once the page is shown: watch it when it does
        editor.canvas.updated.connect(lambda _how: self._watch())
        self.node = 0
        # a click elsewhere on the canvas commits; a click in the text moves the caret
        editor.canvas.clicked.connect(lambda node, *_: None if node == self.node else self.commit())
        # another row chosen (layers panel, keyboard): the text being edited is kept
        editor.selection.changed.connect(
            lambda ids: None if tuple(ids) == (self.row_id,) else self.commit()
        )

    def _watch(self) -> None:
        surface = self.editor.canvas.surface
        if surface is not self._watched:
            surface.installEventFilter(self)
            self._watched = surface

    @property
    def editing(self) -> bool:
        return self.row_id is not None

    # -- starting -----------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and isinstance(event, QMouseEvent):
            pos = event.position()
            self.editor.canvas.chain_at(pos.x(), pos.y(), self._on_chain)
            return False
        if self.editing and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                mods = event.modifiers()
                in_list = self.slot is not None and "list-item" in self.slot.marks
                if mods & Qt.KeyboardModifier.ShiftModifier or (
                    in_list and not mods & Qt.KeyboardModifier.ControlModifier
                ):
                    return False  # a line break; in a list, the page starts a new item
                self.commit()
                return True
        return False

    def _on_chain(self, chain: Any) -> None:
        for node, *_rect in getattr(chain, "nodes", ()):
            row = self.editor.row_of_mark(node)
            if row is not None and self.start(row):
                return

    def start(self, row_id: str) -> bool:
        """Make the row's text slot editable on the canvas (False: it has none)."""
        layers = self.editor.current_layers()
        slot = T.slot_of(layers, row_id)
        node = self.editor.node_of(row_id)
        if slot is None or not node:
            return False
        if self.editing:
            self.commit()
            layers = self.editor.current_layers()
            slot = T.slot_of(layers, row_id)
            if slot is None:
                return False
        self.row_id, self.slot, self.node = row_id, slot, node
        self.editor.select([row_id])
        editable = T.editing_html(slot.text, self._shown)
        self.bubble.set_buttons(self._entries(slot))
        self.editor.canvas.run(
            _START % (node, json.dumps(editable)), lambda ok: self._started(row_id, node, bool(ok))
        )
        return True

    def _started(self, row_id: str, node: int, ok: bool) -> None:
        if not ok:
            self.row_id, self.slot, self.node = None, None, 0
            return
        self.editor.canvas.reveal(node, lambda rect: self._place_bubble(rect, row_id))

    def _place_bubble(self, rect: dict[str, float] | None, row_id: str) -> None:
        """Over the edited text (viewport pixels, zoomed), else under it when the text
        is at the top of the canvas."""
        canvas = self.editor.canvas
        self.bubble.show()
        self.bubble.raise_()
        if rect is not None:
            zoom = canvas.zoom
            origin = canvas.view.mapTo(canvas, QPoint(0, 0))
            x = origin.x() + int(rect["x"] * zoom)
            top = origin.y() + int(rect["y"] * zoom)
            y = top - self.bubble.height() - 24  # above the selection's name chip
            if y < origin.y():
                y = top + int(rect["h"] * zoom) + 6
            self.bubble.move(QPoint(max(0, min(x, canvas.width() - self.bubble.width())), y))
        self.started.emit(row_id)

    def _entries(self, slot: T.TextSlot) -> list[tuple[str, str, str, Callable[[], None]]]:
        out: list[tuple[str, str, str, Callable[[], None]]] = []
        for mark in slot.marks:
            if mark in MARK_BUTTONS:
                text, tip = MARK_BUTTONS[mark]
                out.append((mark, text, tip, functools.partial(self.toggle, mark)))
        out.append(
            ("personalize", "{ }", "Personalize: insert an attribute", self._personalize_menu)
        )
        out.append(("done", "Done", "Finish editing (Enter)", self.commit))
        return out

    # -- editing ------------------------------------------------------------------
    def toggle(
        self, mark: str, href: str = "", callback: Callable[[Any], object] | None = None
    ) -> None:
        """Put ``mark`` on the selected text, or take it off (a link asks its URL)."""
        if mark == "link":
            if not href:
                href, ok = QInputDialog.getText(self.host, "Link", "URL")
                if not ok or not href:
                    return
            self.editor.canvas.run(
                f"document.execCommand('createLink', false, {json.dumps(href)})", callback
            )
            return
        self.editor.canvas.run(f"{_TOGGLE}({json.dumps(TEXT_MARKS[mark])})", callback)

    def select_text(self, text: str, callback: Callable[[Any], object] | None = None) -> None:
        """Select the first occurrence of ``text`` in the edited element (tests, find)."""
        script = _SELECT.replace("NEEDLE", json.dumps(text))
        self.editor.canvas.run(script, callback)

    def caret_to_end(self, callback: Callable[[Any], object] | None = None) -> None:
        self.editor.canvas.run(
            """(function () {
  var el = document.querySelector('[data-mw-editing]'); var r = document.createRange();
  r.selectNodeContents(el); r.collapse(false); var s = window.getSelection();
  s.removeAllRanges(); s.addRange(r); return true; })()""",
            callback,
        )

    def type_text(self, text: str) -> None:
        self.editor.canvas.run(f"document.execCommand('insertText', false, {json.dumps(text)})")

    def insert_liquid(self, path: str, fallback: str = "") -> None:
        """``{{ path | default: "fallback" }}`` at the caret, as a chip."""
        token = T.liquid_output(path, fallback)
        shown = self._shown(token) or token
        chip = (
            f'<span class="{T.CHIP_CLASS}" contenteditable="false" '
            f'data-liquid="{html.escape(token)}" title="{html.escape(token)}">'
            f"{html.escape(shown, quote=False)}</span>"
        )
        self.editor.canvas.run(f"document.execCommand('insertHTML', false, {json.dumps(chip)})")

    def _personalize_menu(self) -> None:
        menu = QMenu(self.bubble)

        def add(parent: QMenu, attrs: tuple[T.Attribute, ...]) -> None:
            for a in attrs:
                if a.children:
                    add(parent.addMenu(a.name), a.children)
                else:
                    action = parent.addAction(f"{a.name}   {a.sample}".rstrip())
                    action.triggered.connect(self._personalizer(a.path))

        add(menu, T.profile_attributes(self.editor.preview.sample_data or {}))
        if menu.isEmpty():
            menu.addAction("Choose sample data to list its attributes").setEnabled(False)
        menu.popup(self.bubble.mapToGlobal(self.bubble.rect().bottomLeft()))

    def _personalizer(self, path: str) -> Callable[[], None]:
        return lambda: self._personalize(path)

    def _personalize(self, path: str) -> None:
        fallback = self.fallback_for(path)
        if fallback is not None:
            self.insert_liquid(path, fallback)

    def _ask_fallback(self, path: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.host, "Personalize", f"Fallback when {path} is missing:"
        )
        return text if ok else None

    def _shown(self, token: str) -> str | None:
        data = self.editor.preview.sample_data
        if data is None or not token.startswith("{{"):
            return None
        rendered = render_template(token, data, project=self.editor.preview.project)
        return rendered.text if rendered.ok and rendered.text.strip() else None

    # -- finishing ----------------------------------------------------------------
    def commit(self) -> None:
        """Read the element back and write it into the source (one undo step)."""
        if not self.editing:
            return
        row_id = self.row_id
        self.row_id, self.node = None, 0
        self.bubble.hide()
        self.editor.canvas.run(_READ, lambda edited: self._write(row_id, edited))

    def _write(self, row_id: str | None, edited: object) -> None:
        if row_id is None or not isinstance(edited, str):
            self.finished.emit(False)
            return

        def make(layers: Layers) -> Any:
            return T.edit_from_canvas(layers, row_id, edited)

        self.finished.emit(self.editor.apply_edit(make))

    def cancel(self) -> None:
        if not self.editing:
            return
        self.row_id, self.node = None, 0
        self.bubble.hide()
        self.editor.canvas.run(_READ)
        self.editor.refresh()
        self.finished.emit(False)
