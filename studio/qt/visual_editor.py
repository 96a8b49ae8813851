"""The visual half of the editor page: insert and layers panels, the canvas.

Placement follows Design Studio and Figma: panels on the left, the canvas in
the middle, the properties panel (`studio.qt.properties_panel`) on the right. The
page's mode — Visual, Code or Split — is chosen with :class:`ModeSwitch`
and remembered in the preferences (``editor_mode``).

Everything here is glue between the models and the widgets:

* the compile the live preview makes (``PreviewPane.shown``) is what the
  canvas shows, with the same sample data, width and colour scheme;
* one :class:`VisualSelection` is shown by the canvas, the layers panel and
  the code editor (selecting on the canvas selects the node's source range;
  moving the code cursor selects the innermost component at the cursor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.result import CompileResult
from studio.models.editor import EditorState
from studio.models.preview import PreviewSettings, PreviewState, Scheme, SizeMode
from studio.models.text import Edit
from studio.models.visual_selection import VisualSelection
from studio.qt.canvas import Canvas
from studio.qt.preview import PreviewPane
from studio.qt.properties_panel import PropertiesPanel

EDITOR_MODES = ("visual", "code", "split")
MODE_LABELS = {"visual": "Visual", "code": "Code", "split": "Split"}


class ModeSwitch(QWidget):
    """Visual | Code | Split."""

    mode_chosen = Signal(str)

    def __init__(self, mode: str = "split", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for m in EDITOR_MODES:
            b = QToolButton()
            b.setText(MODE_LABELS[m])
            b.setCheckable(True)
            b.setObjectName(f"mode-{m}")
            b.clicked.connect(lambda _c=False, m=m: self.mode_chosen.emit(m))
            self.group.addButton(b)
            lay.addWidget(b)
            self.buttons[m] = b
        lay.addStretch(1)
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        self.buttons.get(mode, self.buttons["split"]).setChecked(True)


@dataclass(frozen=True, slots=True)
class SpanNode:
    id: int
    tag: str
    start: int
    end: int


class SpanTree:
    """The components of the shown compile, nested by their source spans.

    A seam: the layers model (``studio.models.layers``) replaces it.
    """

    def __init__(self, nodes: Sequence[SpanNode]) -> None:
        self.nodes = {n.id: n for n in nodes}
        ordered = sorted(nodes, key=lambda n: (n.start, -n.end))
        self._parent: dict[int, int | None] = {}
        self._children: dict[int, list[int]] = {n.id: [] for n in nodes}
        self._roots: list[int] = []
        stack: list[SpanNode] = []
        for n in ordered:
            while stack and not (stack[-1].start <= n.start and n.end <= stack[-1].end):
                stack.pop()
            parent = stack[-1].id if stack else None
            self._parent[n.id] = parent
            (self._children[parent] if parent is not None else self._roots).append(n.id)
            stack.append(n)

    @classmethod
    def of(cls, result: CompileResult | None, file: str) -> SpanTree:
        if result is None:
            return cls(())
        nodes = [SpanNode(i, o.tag, o.span.start, o.span.end)
                 for i, o in result.source_map.origins.items()
                 if (not file or not o.file or o.file == file) and "-" in o.tag]
        return cls(nodes)

    def parent(self, node_id: int) -> int | None:
        return self._parent.get(node_id)

    def children(self, node_id: int) -> Sequence[int]:
        return self._children.get(node_id, ())

    def roots(self) -> Sequence[int]:
        return self._roots

    def label(self, node_id: int) -> str:
        n = self.nodes.get(node_id)
        return n.tag if n else ""

    def labels(self) -> dict[int, str]:
        return {i: n.tag for i, n in self.nodes.items()}

    def span(self, node_id: int) -> tuple[int, int] | None:
        n = self.nodes.get(node_id)
        return None if n is None else (n.start, n.end)

    def node_at(self, offset: int) -> int | None:
        """The innermost node whose source span holds ``offset``."""
        best: SpanNode | None = None
        for n in self.nodes.values():
            inner = best is None or n.end - n.start < best.end - best.start
            if n.start <= offset < n.end and inner:
                best = n
        return None if best is None else best.id

    def at_start(self, offset: int) -> int | None:
        """The outermost node starting exactly at ``offset``."""
        best: SpanNode | None = None
        for n in self.nodes.values():
            if n.start == offset and (best is None or n.end > best.end):
                best = n
        return None if best is None else best.id


def shift_offset(offset: int, edit: Edit) -> int | None:
    """Where ``offset`` is after ``edit`` (None: the text there was replaced)."""
    if offset < edit.offset:
        return offset
    removed_end = edit.offset + len(edit.removed)
    if offset >= removed_end and not (offset == edit.offset and edit.removed):
        return offset + len(edit.inserted) - len(edit.removed)
    return None


class CanvasToolbar(QWidget):
    """Size, colour scheme, sample data and zoom for the canvas (the preview's settings)."""

    def __init__(self, settings: PreviewSettings, preview: PreviewPane, canvas: Canvas) -> None:
        super().__init__()
        self.settings = settings
        self.preview = preview
        self.canvas = canvas
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        self.size_box = QComboBox()
        self.size_box.setObjectName("canvas-size")
        self.size_box.addItem("Desktop", SizeMode.DESKTOP)
        self.size_box.addItem("Mobile (375)", SizeMode.MOBILE)
        self.size_box.currentIndexChanged.connect(
            lambda _i: self.settings.set_size_mode(self.size_box.currentData()))
        self.scheme_box = QComboBox()
        self.scheme_box.setObjectName("canvas-scheme")
        for s in Scheme:
            self.scheme_box.addItem(s.label, s)
        self.scheme_box.currentIndexChanged.connect(
            lambda _i: self.settings.update(scheme=self.scheme_box.currentData()))
        self.data_box = QComboBox()
        self.data_box.setObjectName("canvas-data")
        self.data_box.setToolTip("Sample data for Liquid")
        self.data_box.currentIndexChanged.connect(self.preview.data_box.setCurrentIndex)
        self.preview.data_box.currentIndexChanged.connect(self._sync_data)
        self.zoom_label = QLabel("100%")
        for w in (self.size_box, self.scheme_box, self.data_box):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(self.zoom_label)
        settings.changed.connect(self.sync)
        self.sync(settings.state)
        self.refill_data()

    def refill_data(self) -> None:
        self.data_box.blockSignals(True)
        self.data_box.clear()
        for i in range(self.preview.data_box.count()):
            self.data_box.addItem(self.preview.data_box.itemText(i))
        self.data_box.setCurrentIndex(self.preview.data_box.currentIndex())
        self.data_box.blockSignals(False)

    def _sync_data(self, index: int) -> None:
        if self.data_box.count() != self.preview.data_box.count():
            self.refill_data()
        self.data_box.blockSignals(True)
        self.data_box.setCurrentIndex(index)
        self.data_box.blockSignals(False)

    def sync(self, state: PreviewState) -> None:
        for w in (self.size_box, self.scheme_box):
            w.blockSignals(True)
        self.size_box.setCurrentIndex(1 if state.size_mode is SizeMode.MOBILE else 0)
        self.scheme_box.setCurrentIndex(list(Scheme).index(state.scheme))
        for w in (self.size_box, self.scheme_box):
            w.blockSignals(False)

    def show_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"{round(factor * 100)}%")


class VisualEditor(QWidget):
    """Panels and canvas over one editor's document, selection and compile."""

    selection_shown = Signal(list)   # the canvas frames these ids now (tests, layers)

    def __init__(self, state: EditorState, preview: PreviewPane,
                 settings: PreviewSettings) -> None:
        super().__init__()
        self.state = state
        self.document = state.document
        self.preview = preview
        self.settings = settings
        self.selection = VisualSelection()
        self.tree = SpanTree(())
        self.result: CompileResult | None = None
        # source offsets of the selected nodes' starts, kept true through edits
        self._anchors: list[int] = []
        self._echo = False   # the code cursor is moving because we selected
        self._reselecting = False

        self.canvas = Canvas()
        self.toolbar = CanvasToolbar(settings, preview, self.canvas)
        self.status = QLabel("")
        self.status.setObjectName("canvas-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#b42318;padding:2px 6px;")
        self.status.hide()

        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(0)
        ml.addWidget(self.toolbar)
        ml.addWidget(self.status)
        ml.addWidget(self.canvas, 1)
        self.middle = middle
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(middle, 1)
        # the properties panel on the right (Design Studio, Figma); it follows the
        # selection and writes through studio.models.properties
        self.properties = PropertiesPanel(self.document)
        lay.addWidget(self.properties)

        preview.shown.connect(self._on_shown)
        settings.changed.connect(lambda _s: self.refresh())
        self.canvas.clicked.connect(self._on_click)
        self.selection.changed.connect(self._on_selection)
        self.state.cursor_changed.connect(self._on_cursor)
        self.document.changed.connect(self._on_edit)

    # ---- showing ----------------------------------------------------------------
    @property
    def file(self) -> str:
        return str(self.document.path) if self.document.path else ""

    def refresh(self) -> None:
        """Show the preview's newest compile on the canvas."""
        if self.preview.html:
            self._on_shown(self.preview.html)

    def _on_shown(self, html: str) -> None:
        if self.isHidden():   # Code mode: nothing to show; refresh() runs when it shows
            return
        result = self.preview.live.result
        if result is not None and result is not self.result:
            self.result = result
            self.tree = SpanTree.of(result, self.file)
            self._reselect()
        project = self.preview.project
        self.canvas.show_html(html, self.settings.state, self.tree.labels(),
                              base_url=self.preview.base_url,
                              assets=project.asset_path if project else None)

    def _reselect(self) -> None:
        ids = [i for i in (self.tree.at_start(a) for a in self._anchors) if i is not None]
        self._echo = self._reselecting = True   # a recompile never moves the code cursor
        try:
            changed = self.selection.set(ids)
        finally:
            self._echo = self._reselecting = False
        if not changed:
            self._show_selection(scroll=False)

    # ---- selection ----------------------------------------------------------------
    def _on_click(self, node: int, shift: bool, toggle: bool) -> None:
        self.selection.click(node, extend=shift or toggle)

    def select(self, ids: Sequence[int]) -> None:
        self.selection.set(ids)

    def _on_selection(self, ids: tuple[int, ...]) -> None:
        self._anchors = [s[0] for s in (self.tree.span(i) for i in ids) if s is not None]
        project = self.preview.project
        self.properties.library = project.components if project else None
        self.properties.styles = project.styles if project else None
        self.properties.show_rows(self._anchors)
        self._show_selection(scroll=not self._reselecting)
        if ids and not self._echo:
            rng = self.tree.span(ids[0])
            if rng is not None:
                self._echo = True
                try:
                    self.state.cursor = rng[0]
                    self.state.selection_requested.emit(rng)
                finally:
                    self._echo = False

    def _show_selection(self, *, scroll: bool) -> None:
        ids = list(self.selection.ids)
        def shown(_rects: object) -> None:
            self.selection_shown.emit(ids)
        self.canvas.select(ids, scroll=scroll, callback=shown)

    def _on_cursor(self, offset: int) -> None:
        if self._echo or self.result is None or self.result.source != self.document.text:
            return
        node = self.tree.node_at(offset)
        if node is None or node in self.selection.ids:
            return
        self._echo = True
        try:
            self.selection.set((node,))
        finally:
            self._echo = False

    def move_selection(self, move: str) -> bool:
        """Esc / arrows: parent, child, previous or next sibling."""
        return self.selection.move(self.tree, move)

    def _on_edit(self, edit: Edit) -> None:
        self._anchors = [a for a in (shift_offset(a, edit) for a in self._anchors)
                         if a is not None]

    # ---- zoom -------------------------------------------------------------------------
    def zoom(self, direction: int) -> None:
        self.canvas.zoom_step(direction)
        self.toolbar.show_zoom(self.canvas.zoom)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def shutdown(self) -> None:
        pass


def mode_of(value: Any) -> str:
    return value if value in EDITOR_MODES else "split"
