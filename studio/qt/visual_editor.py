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

import json
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.project import load_project
from compiler.result import CompileResult
from studio.models.canvas_drop import DropChoice, Hit, choose
from studio.models.drop_rules import (
    Dragged,
    Place,
    beside,
    insert_after_selection,
    refusal,
)
from studio.models.editor import EditorState
from studio.models.insert_catalog import InsertEntry, entry_by_id, insert_catalog
from studio.models.layers import Layers, build_layers
from studio.models.preview import PreviewSettings, PreviewState, Scheme, SizeMode
from studio.models.text import Edit, shift_offset
from studio.models.visual_edits import (
    EditRefused,
    VisualEdit,
    copy,
    delete,
    duplicate,
    insert,
    move,
    move_down,
    move_up,
    paste,
    rename,
)
from studio.models.visual_edits import apply as apply_edit
from studio.models.visual_selection import VisualSelection
from studio.qt.assets_panel import AssetsPanel
from studio.qt.canvas import INSERT_MIME, LAYERS_MIME, Canvas, Chain, layers_mime
from studio.qt.insert_panel import InsertPanel
from studio.qt.layers_panel import LayersPanel
from studio.qt.personalization_panel import PersonalizationPanel
from studio.qt.preview import PreviewPane
from studio.qt.properties_panel import PropertiesPanel
from studio.qt.text_editing import InlineTextEditing

EDITOR_MODES = ("visual", "code", "split")
#: the panels follow a new compile when the canvas shows it, or after this at the latest
FOLLOW_FALLBACK_MS = 3000
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
            lambda _i: self.settings.set_size_mode(self.size_box.currentData())
        )
        self.scheme_box = QComboBox()
        self.scheme_box.setObjectName("canvas-scheme")
        for s in Scheme:
            self.scheme_box.addItem(s.label, s)
        self.scheme_box.currentIndexChanged.connect(
            lambda _i: self.settings.update(scheme=self.scheme_box.currentData())
        )
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
    """Insert and layers panels and the canvas over one editor's document."""

    selection_shown = Signal(list)  # the canvas frames these node ids now
    drag_out_started = Signal(object)  # QMimeData of rows dragged off the canvas (a Qt drag)
    edited = Signal(str)  # a visual operation was applied (its label)
    refused = Signal(str)  # …or refused, with the reason shown

    def __init__(self, state: EditorState, preview: PreviewPane, settings: PreviewSettings) -> None:
        super().__init__()
        self.setObjectName("visual-editor")
        self.state = state
        self.document = state.document
        self.preview = preview
        self.settings = settings
        self.selection = VisualSelection()
        self.layers: Layers | None = None  # the rows of the compile on the canvas
        self._built: Layers | None = None  # rows of a newer text, built before its compile
        self._following = False  # the panels are to follow the canvas's next update
        # …or, should the page never answer (a renderer that died), after a while anyway
        self._follow_anyway = QTimer(self)
        self._follow_anyway.setSingleShot(True)
        self._follow_anyway.setInterval(FOLLOW_FALLBACK_MS)
        self._follow_anyway.timeout.connect(self._follow)
        self._before_press: tuple[str, ...] = ()  # the selection before the last press
        self.result: CompileResult | None = None
        # where the selected rows start in the source, kept true through edits
        self._anchors: list[int] = []
        self._echo = False  # the code cursor moves because we selected
        self._reselecting = False  # a new compile re-finds the selection
        self._drag: Dragged | None = None
        self.clipboard_fallback = ""

        self.canvas = Canvas()
        self.toolbar = CanvasToolbar(settings, preview, self.canvas)
        self.status = QLabel("")
        self.status.setObjectName("canvas-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#b42318;padding:2px 6px;")
        self.status.hide()
        self.insert_panel = InsertPanel()
        self.layers_panel = LayersPanel()
        self.layers_panel.check = self._check_place
        self.refresh_catalog()

        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(0)
        ml.addWidget(self.toolbar)
        ml.addWidget(self.status)
        ml.addWidget(self.canvas, 1)
        self.middle = middle
        panels = QSplitter(Qt.Orientation.Vertical)
        panels.addWidget(self.insert_panel)
        panels.addWidget(self.layers_panel)
        # assets/ as thumbnails: upload, optimize (studio.qt.assets_panel); and the
        # data files' attributes to insert as Liquid (studio.qt.personalization_panel)
        self.assets_panel = AssetsPanel(lambda: self.preview.project)
        self.personalization = PersonalizationPanel(
            self._profiles, lambda: self.preview.sample_data, self._insert_liquid
        )
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.assets_panel, "Assets")
        self.side_tabs.addTab(self.personalization, "Personalize")
        panels.addWidget(self.side_tabs)
        panels.setStretchFactor(0, 2)
        panels.setStretchFactor(1, 3)
        panels.setStretchFactor(2, 1)
        self.panels = panels
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(panels)
        self.splitter.addWidget(middle)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # the properties panel on the right (Design Studio, Figma); it follows the
        # selection and writes through studio.models.properties
        self.properties = PropertiesPanel(self.document)
        self.properties.component_saved.connect(self._on_component_saved)
        self.properties.edited.connect(
            lambda _label: self.preview.request(self.document.text, immediate=True)
        )
        self.properties.rebuild_after_canvas = True
        self.properties.layers_for = self._properties_layers
        self.splitter.addWidget(self.properties)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 900, 280])
        lay.addWidget(self.splitter)

        # double-click a text slot to edit it in place (studio.qt.text_editing)
        self.text_editing = InlineTextEditing(self)
        preview.shown.connect(self._on_shown)
        self.canvas.updated.connect(self._follow)
        settings.changed.connect(lambda _s: self.refresh())
        self.canvas.clicked.connect(self._on_click)
        self.canvas.updated.connect(lambda _how: self.properties.canvas_updated())
        self.canvas.drag_started.connect(self._on_handle_drag)
        self.canvas.drag_moved.connect(self._on_handle_move)
        self.canvas.drag_ended.connect(self._on_handle_drop)
        self.canvas.dragged_out.connect(self._on_drag_out)
        self.canvas.marqueed.connect(self._on_marquee)
        self.canvas.external_moved.connect(self._on_external_move)
        self.canvas.external_dropped.connect(self._on_external_drop)
        self.canvas.external_left.connect(self._on_external_left)
        self.insert_panel.activated.connect(self.insert_after_selection)
        self.layers_panel.selection_made.connect(self.selection.set)
        self.layers_panel.dropped.connect(self._on_layers_drop)
        self.layers_panel.rename_requested.connect(self.rename)
        self.layers_panel.hidden_changed.connect(self._on_hidden)
        self.selection.changed.connect(self._on_selection)
        self.state.cursor_changed.connect(self._on_cursor)
        self.document.changed.connect(self._on_edit)
        self.document.selection_restored.connect(self._on_restored)

    # ---- the workspace ---------------------------------------------------------------
    @property
    def file(self) -> str:
        return str(self.document.path) if self.document.path else ""

    @property
    def library(self) -> object | None:
        project = self.preview.project
        return project.components if project is not None else None

    def refresh_catalog(self) -> None:
        self.catalog = insert_catalog(self.library)
        self.insert_panel.set_catalog(self.catalog)

    def _profiles(self) -> list[dict[str, Any]]:
        """The sample profiles of the workspace's data files (the preview's list)."""
        box = self.preview.data_box
        return [d for d in (box.itemData(i) for i in range(box.count())) if isinstance(d, dict)]

    def _insert_liquid(self, path: str, fallback: str) -> bool:
        """Personalize: at the caret of the text being edited on the canvas."""
        if not self.text_editing.editing:
            return False
        self.text_editing.insert_liquid(path, fallback)
        return True

    def _on_component_saved(self, _path: str) -> None:
        """A component file was written: the workspace's components are read again
        (the window's reload, else this page's own) before the email uses it."""
        reload = getattr(self.window(), "reload_project", None)
        if callable(reload):
            reload()
        elif self.preview.project is not None and self.preview.project.root is not None:
            self.preview.project = load_project(self.preview.project.root)
        self.refresh_catalog()

    # ---- showing ------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the preview's newest compile on the canvas."""
        if self.preview.html:
            self._on_shown(self.preview.html)

    def _on_shown(self, html: str) -> None:
        if self.isHidden():  # Code mode: nothing to show; refresh() runs when it shows
            return
        result = self.preview.live.result
        if result is not None and result is not self.result:
            self.result = result
            built = self._built
            if built is not None and built.text == result.source:
                self.layers = built  # built for this text while it compiled
            else:  # the compile's own tree: the text is not parsed a second time
                self.layers = build_layers(
                    result.source, self.library, file=self.file, document=result.document
                )
            self._built = None
            fresh = True
        else:
            fresh = False
        labels = {r.node_id: r.label for r in self.layers or () if r.node_id}
        empty = [
            r.node_id
            for r in self.layers or ()
            if r.kind == "standard" and r.node_id and r.inner is not None and not r.children
        ]
        project = self.preview.project
        if fresh and self.layers is not None:
            # The canvas first: it is sent the page with the selection and hidden rows
            # found again in the new rows, and the panels follow once it is patched
            # (_follow, on Canvas.updated), so a drop is not waiting for them.
            layers = self.layers
            found = (layers.starting_at(a) for a in self._anchors)
            nodes = (self.node_of(r.id) for r in found if r is not None)
            self.canvas.selection = list(dict.fromkeys(n for n in nodes if n))
            self.canvas.hidden = sorted(self.layers_panel.hidden_marks(layers))
            self._following = True
            self._follow_anyway.start()
        self.canvas.show_html(
            html,
            self.settings.state,
            labels,
            base_url=self.preview.base_url,
            assets=project.asset_path if project else None,
            empty=empty,
        )

    def _follow(self, _how: str = "") -> None:
        """The canvas shows a new compile: the layers, the selection and the properties
        follow it."""
        self._follow_anyway.stop()
        if not self._following or self.layers is None:
            return
        self._following = False
        self._reselect(framed=True)
        self.properties.refresh()
        hidden = self._hidden_nodes()
        if hidden != self.canvas.hidden:
            self.canvas.set_hidden(hidden)

    def _reselect(self, *, framed: bool = False) -> None:
        """Find the selection again in new rows (``framed``: the canvas already frames
        it)."""
        layers = self.layers
        assert layers is not None
        found = (layers.starting_at(a) for a in self._anchors)
        ids = [r.id for r in found if r is not None]
        self._echo = self._reselecting = True  # a recompile never moves the code cursor
        try:
            self.layers_panel.set_layers(layers, tuple(ids))
            changed = self.selection.set(ids)
        finally:
            self._echo = self._reselecting = False
        if not changed and not framed:
            self._show_selection(scroll=False)

    def current_layers(self) -> Layers:
        """The rows of the document's text now (the canvas's, when they are in sync);
        the selection is found again in them when the text moved on."""
        layers = self.layers
        if layers is not None and layers.text == self.document.text:
            return layers
        fresh = self.layers_of(self.document.text)
        found = (fresh.starting_at(a) for a in self._anchors)
        ids = [r.id for r in found if r is not None]
        self.layers = fresh
        self._echo = self._reselecting = True
        try:
            self.layers_panel.set_layers(fresh, tuple(ids))
            self.selection.set(ids)
        finally:
            self._echo = self._reselecting = False
        return fresh

    def _properties_layers(self, text: str) -> Layers | None:
        """The properties panel's rows: None while the compile of ``text`` is under way
        (the panel is refreshed when the canvas shows it, _follow)."""
        layers = self.layers
        if (layers is None or layers.text != text) and self.preview.busy and self.isVisible():
            return None
        return self.layers_of(text)

    def layers_of(self, text: str) -> Layers:
        """The rows of ``text``: the canvas's when it shows that text, else built once
        and kept for the canvas when the compile of that text arrives (one build per
        edit, shared with the properties panel)."""
        for layers in (self.layers, self._built):
            if layers is not None and layers.text == text:
                return layers
        self._built = build_layers(text, self.library, file=self.file)
        return self._built

    # ---- selection ------------------------------------------------------------------
    def row_of_mark(self, node: int) -> str | None:
        row = self.layers.for_mark(node) if self.layers is not None and node >= 0 else None
        return row.id if row is not None else None

    def node_of(self, row_id: str) -> int:
        """The canvas node showing ``row_id`` (a slot or Liquid row: its host's)."""
        layers = self.layers
        if layers is None:
            return 0
        row = layers.row(row_id)
        if row is None:
            return 0
        if row.node_id:
            return row.node_id
        host = layers.host_of(row_id)
        return host.node_id if host is not None else 0

    def _on_click(self, node: int, shift: bool, toggle: bool) -> None:
        self.canvas.setFocus()
        self._before_press = self.selection.ids  # a rubber band may start here
        self.selection.click(self.row_of_mark(node), extend=shift or toggle)

    def _on_marquee(self, nodes: list[int], extend: bool) -> None:
        """A rubber band on the canvas: the outermost components wholly inside it."""
        layers = self.layers
        if layers is None:
            return
        # the email's base is the message, not a layer a band picks: its content is
        rows = [
            r.id for r in (layers.for_mark(n) for n in nodes) if r is not None and r.tag != "x-base"
        ]
        self.canvas.setFocus()
        if not self.selection.marquee(rows, layers, extend=extend, before=self._before_press):
            self._show_selection(scroll=False)  # the press framed something else

    def select(self, ids: Sequence[str]) -> None:
        self.selection.set(ids)

    def _on_selection(self, ids: tuple[str, ...]) -> None:
        layers = self.layers
        rows = [layers.row(i) for i in ids] if layers is not None else []
        self._anchors = [r.span[0] for r in rows if r is not None]
        project = self.preview.project
        self.properties.library = project.components if project else None
        self.properties.styles = project.styles if project else None
        self.properties.root = project.root if project else None
        self.properties.project = project
        self.properties.profile = self.preview.sample_data
        self.properties.show_rows(self._anchors)
        self._show_selection(scroll=not self._reselecting)
        if not self._reselecting:
            self.layers_panel.show_selection(ids)
        if rows and rows[0] is not None and not self._echo:
            rng = rows[0].span
            self._echo = True
            try:
                self.state.cursor = rng[0]
                self.state.selection_requested.emit(rng)
            finally:
                self._echo = False

    def _show_selection(self, *, scroll: bool) -> None:
        nodes = [n for n in (self.node_of(i) for i in self.selection.ids) if n]
        nodes = list(dict.fromkeys(nodes))

        def shown(_rects: object) -> None:
            if shiboken6.isValid(self):  # the answer may come after the page closed
                self.selection_shown.emit(nodes)

        self.canvas.select(nodes, scroll=scroll, callback=shown)

    def _on_cursor(self, offset: int) -> None:
        layers = self.layers
        if self._echo or layers is None or layers.text != self.document.text:
            return
        row = layers.at(offset)
        if row is None or row.id in self.selection.ids:
            return
        self._echo = True
        try:
            self.selection.set((row.id,))
        finally:
            self._echo = False

    def move_selection(self, move: str) -> bool:
        """Esc / arrows: parent, first child, previous or next sibling."""
        return self.selection.move(self.current_layers(), move)

    def _on_edit(self, edit: Edit) -> None:
        self._anchors = [a for a in (shift_offset(a, edit) for a in self._anchors) if a is not None]
        self.layers_panel.moved(edit)

    def _on_restored(self, selection: object) -> None:
        if isinstance(selection, tuple) and all(isinstance(a, int) for a in selection):
            self._anchors = list(selection)
            self.preview.request(self.document.text, immediate=True)

    def _hidden_nodes(self) -> list[int]:
        """The canvas nodes hidden by the layers' eyes (a hidden slot or Liquid row
        hides the elements in it)."""
        if self.layers is None:
            return []
        return sorted(self.layers_panel.hidden_marks(self.layers))

    def _on_hidden(self, _ids: list[str]) -> None:
        self.canvas.set_hidden(self._hidden_nodes())

    def hide_selection(self) -> None:
        """Hide the selected layers on the canvas (or show them again): view only."""
        for row_id in self.selection.ids:
            self.layers_panel.toggle_hidden(row_id)

    # ---- edits ----------------------------------------------------------------------
    def apply_edit(self, make: Callable[[Layers], VisualEdit | None]) -> bool:
        """Apply a visual operation made from the current rows (one undo step)."""
        return self._apply(make)

    def _apply(self, make: Callable[[Layers], VisualEdit | None]) -> bool:
        layers = self.current_layers()
        try:
            edit = make(layers)
        except EditRefused as exc:
            self.show_status(str(exc))
            self.refused.emit(str(exc))
            return False
        if edit is None:
            return False
        if edit.moved:  # collapsed and hidden rows go where they are moved to
            self.layers_panel.view.carry(
                layers, edit.moved, edit.selection, edit.result(layers.text)
            )
        selection = apply_edit(self.document, edit, tuple(self._anchors))
        if selection is None:
            return False
        self._anchors = list(selection)
        self.show_status("")
        self.preview.request(self.document.text, immediate=True)
        self.edited.emit(edit.label)
        return True

    def entry(self, entry_id: str) -> InsertEntry | None:
        return entry_by_id(self.catalog, entry_id)

    def dragged(self, mime: str, payload: str, layers: Layers) -> Dragged | None:
        if mime == INSERT_MIME:
            entry = self.entry(payload)
            return Dragged.markup(entry.markup) if entry is not None else None
        try:
            ids = [str(i) for i in json.loads(payload)]
        except (ValueError, TypeError):
            return None
        return Dragged.moving(layers, ids)

    def drop(self, mime: str, payload: str, place: Place) -> bool:
        """Insert an entry, or move rows, to ``place``."""
        if mime == INSERT_MIME:
            entry = self.entry(payload)
            if entry is None:
                return False
            return self._apply(
                lambda layers: insert(layers, entry.markup, place, label=f"Insert {entry.label}")
            )
        try:
            ids = [str(i) for i in json.loads(payload)]
        except (ValueError, TypeError):
            return False
        return self._apply(lambda layers: move(layers, ids, place))

    def _check_place(self, mime: str, payload: str, place: Place) -> str | None:
        layers = self.current_layers()
        dragged = self.dragged(mime, payload, layers)
        if dragged is None:
            return "nothing to drop"
        return refusal(layers, dragged, place)

    def _on_layers_drop(self, mime: str, payload: str, place: object) -> None:
        if isinstance(place, Place):
            self.drop(mime, payload, place)

    def place_after_selection(self, dragged: Dragged) -> tuple[Place | None, str]:
        """Where an insert without a drop goes (``drop_rules.insert_after_selection``),
        or why there is no such place."""
        layers = self.current_layers()
        primary = self.selection.primary
        place = insert_after_selection(layers, dragged, primary)
        if place is not None:
            return place, ""
        after = beside(layers, primary) if primary is not None else None
        reason = refusal(layers, dragged, after) if after is not None else None
        return None, reason or "nothing here takes it"

    def insert_after_selection(self, entry_id: str) -> bool:
        """Double-click on an Insert entry: insert it after the selection."""
        entry = self.entry(entry_id)
        if entry is None:
            return False
        place, reason = self.place_after_selection(Dragged.markup(entry.markup))
        if place is None:
            self.show_status(f"Cannot insert {entry.label} here: {reason}")
            self.refused.emit(reason)
            return False
        return self._apply(
            lambda layers: insert(layers, entry.markup, place, label=f"Insert {entry.label}")
        )

    def duplicate(self) -> bool:
        ids = list(self.selection.ids)
        return self._apply(lambda layers: duplicate(layers, ids))

    def delete(self) -> bool:
        ids = list(self.selection.ids)
        return self._apply(lambda layers: delete(layers, ids))

    def move_up(self) -> bool:
        primary = self.selection.primary
        return primary is not None and self._apply(lambda layers: move_up(layers, primary))

    def move_down(self) -> bool:
        primary = self.selection.primary
        return primary is not None and self._apply(lambda layers: move_down(layers, primary))

    def rename(self, row_id: str, name: str) -> bool:
        return self._apply(lambda layers: rename(layers, row_id, name))

    def start_rename(self) -> None:
        if self.selection.primary is not None:
            self.layers_panel.rename(self.selection.primary)

    def copy(self) -> str:
        ids = list(self.selection.ids)
        text = copy(self.current_layers(), ids) if ids else ""
        if text:
            self.clipboard_fallback = text
            clipboard = QApplication.clipboard()
            if clipboard is not None:
                clipboard.setText(text)
        return text

    def cut(self) -> bool:
        return bool(self.copy()) and self.delete()

    def paste(self) -> bool:
        clipboard = QApplication.clipboard()
        text = clipboard.text() if clipboard is not None else ""
        text = text or self.clipboard_fallback
        if not text.strip():
            self.show_status("The clipboard holds no markup to paste")
            return False
        place, reason = self.place_after_selection(Dragged.markup(text))
        if place is None:
            self.show_status(f"Cannot paste here: {reason}")
            self.refused.emit(reason)
            return False
        return self._apply(lambda layers: paste(layers, text, place))

    # ---- drags on the canvas ------------------------------------------------------------
    def _choose(self, dragged: Dragged, chain: Chain) -> DropChoice:
        layers = self.current_layers()
        hits = [Hit(*n) for n in chain.nodes]
        return choose(layers, dragged, hits, chain.x, chain.y)

    def _indicate(self, choice: DropChoice, chain: Chain) -> None:
        if choice.indicator is not None:
            self.canvas.show_drop(choice.indicator.to_json())
        else:
            self.canvas.show_drop(
                {"kind": "none", "reason": choice.reason, "px": chain.x, "py": chain.y}
            )
        self.show_status("" if choice.place is not None else f"Cannot drop here: {choice.reason}")

    def _on_external_move(self, mime: str, payload: str, chain: object) -> None:
        if not isinstance(chain, Chain):
            return
        dragged = self.dragged(mime, payload, self.current_layers())
        if dragged is not None:
            self._indicate(self._choose(dragged, chain), chain)

    def _on_external_left(self) -> None:
        self.canvas.show_drop(None)
        self.show_status("")

    def _on_external_drop(self, mime: str, payload: str, chain: object) -> None:
        self.canvas.show_drop(None)
        if not isinstance(chain, Chain):
            return
        layers = self.current_layers()
        dragged = self.dragged(mime, payload, layers)
        if dragged is None:
            return
        choice = self._choose(dragged, chain)
        if choice.place is None:
            self.show_status(f"Cannot drop here: {choice.reason}")
            self.refused.emit(choice.reason)
            return
        self.drop(mime, payload, choice.place)

    def _on_handle_drag(self, _nodes: list[int]) -> None:
        self._drag = Dragged.moving(self.current_layers(), list(self.selection.ids))

    def _on_handle_move(self, chain: object) -> None:
        if self._drag is not None and isinstance(chain, Chain):
            self._indicate(self._choose(self._drag, chain), chain)

    def _on_handle_drop(self, chain: object) -> None:
        dragged, self._drag = self._drag, None
        self.canvas.show_drop(None)
        if dragged is None or not isinstance(chain, Chain):
            return
        choice = self._choose(dragged, chain)
        if choice.place is None:
            self.show_status(f"Cannot move here: {choice.reason}")
            self.refused.emit(choice.reason)
            return
        self.drop(LAYERS_MIME, json.dumps(list(dragged.rows)), choice.place)

    def _on_drag_out(self, _nodes: list[int]) -> None:
        """The held handle left the canvas: the rows go on as a Qt drag (the layers
        panel takes it like a drag of its own rows)."""
        dragged, self._drag = self._drag, None
        self.canvas.show_drop(None)
        self.show_status("")
        if dragged is None or not dragged.rows:
            return
        rows = list(dragged.rows)
        # not from inside the channel's message: the drag runs its own event loop
        QTimer.singleShot(0, self, lambda: self.start_layers_drag(rows))

    def start_layers_drag(self, rows: list[str]) -> Qt.DropAction:
        """Drag ``rows`` as the layers panel drags its own (``LAYERS_MIME``)."""
        drag = QDrag(self.canvas)
        drag.setMimeData(layers_mime(rows))
        self.drag_out_started.emit(drag.mimeData())
        return drag.exec(Qt.DropAction.MoveAction)

    # ---- zoom ------------------------------------------------------------------------
    def zoom(self, direction: int) -> None:
        self.canvas.zoom_step(direction)
        self.toolbar.show_zoom(self.canvas.zoom)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))


def mode_of(value: Any) -> str:
    return value if value in EDITOR_MODES else "split"
