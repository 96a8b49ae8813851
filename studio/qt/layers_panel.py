"""The layers panel: the email's component tree (:mod:`studio.models.layers`).

One row per layer — components, slots, Liquid blocks, the collapsed "HTML"
groups — with the layer's name (its label comment, else the component's name)
and an eye to hide it on the canvas (view only; nothing is written).

Selecting rows selects on the canvas and in the code (Shift/Ctrl for several);
dragging rows reorders and reparents them, and an Insert entry can be dropped
here too. Where a drop would go is computed from Qt's drop indicator and
checked with the shared rules (``drop_rules.refusal``): an invalid place shows
no indicator and its reason. Double-click (or F2) renames. The panel only
reports what the person did (signals); the visual editor edits the document.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.models.drop_rules import Place
from studio.models.layer_view import LayerView
from studio.models.layers import Layer, Layers
from studio.models.text import Edit
from studio.qt.canvas import INSERT_MIME, LAYERS_MIME, payload_of

ROW_ID = Qt.ItemDataRole.UserRole
KIND_MARKS = {
    "standard": "",
    "custom": "◆ ",
    "slot": "▫ ",
    "liquid": "{%} ",
    "branch": "↳ ",
    "html-group": "</> ",
    "html": "<> ",
}
EYE_OPEN, EYE_SHUT = "◉", "◌"  # shown / hidden on the canvas (fonts without emoji too)


class LayersTree(QTreeWidget):
    """The tree widget: turns drags over it into places and hands drops on."""

    def __init__(self, panel: LayersPanel) -> None:
        super().__init__()
        self.panel = panel
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setExpandsOnDoubleClick(False)
        self.setUniformRowHeights(True)

    # dragging rows out
    def mimeTypes(self) -> list[str]:
        return [LAYERS_MIME, INSERT_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        ids = [str(i.data(0, ROW_ID)) for i in items]
        mime.setData(LAYERS_MIME, json.dumps(ids).encode("utf-8"))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    # dropping in
    def place_at(self, event: QDragMoveEvent | QDropEvent) -> Place:
        """The place Qt's drop indicator means at the event's position."""
        item = self.itemAt(event.position().toPoint())
        layers = self.panel.layers
        if item is None or layers is None:
            return Place(None, len(layers.roots) if layers else 0)
        row = layers.row(str(item.data(0, ROW_ID)))
        if row is None:
            return Place(None, 0)
        siblings = layers.siblings(row.id)
        index = siblings.index(row.id) if row.id in siblings else 0
        where = self.dropIndicatorPosition()
        pos = QAbstractItemView.DropIndicatorPosition
        if where == pos.AboveItem:
            return Place(row.parent, index)
        if where == pos.BelowItem:
            return Place(row.parent, index + 1)
        if where == pos.OnItem:
            return Place(row.id, len(row.children), empty=not row.children)
        return Place(None, len(layers.roots))

    def dragEnterEvent(self, event: QDragMoveEvent) -> None:
        if payload_of(event.mimeData()) is None:
            event.ignore()
            return
        event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        found = payload_of(event.mimeData())
        if found is None:
            event.ignore()
            return
        super().dragMoveEvent(event)  # positions Qt's drop indicator
        reason = self.panel.check(found[0], found[1], self.place_at(event))
        self.setDropIndicatorShown(reason is None)
        self.panel.show_reason(reason or "")
        if reason is None:
            event.acceptProposedAction()
        else:
            event.ignore()
        self.viewport().update()

    def dragLeaveEvent(self, event: object) -> None:
        self.panel.show_reason("")
        self.setDropIndicatorShown(True)
        super().dragLeaveEvent(event)  # type: ignore[arg-type]

    def dropEvent(self, event: QDropEvent) -> None:
        found = payload_of(event.mimeData())
        if found is None:
            event.ignore()
            return
        place = self.place_at(event)
        self.setDropIndicatorShown(True)
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the document changes, not the tree
        event.accept()
        self.panel.dropped.emit(found[0], found[1], place)


class LayersPanel(QWidget):
    """The layers of one email."""

    selection_made = Signal(list)  # row ids, primary first
    dropped = Signal(str, str, object)  # mime, payload, Place
    rename_requested = Signal(str, str)  # row id, new name
    hidden_changed = Signal(list)  # row ids hidden on the canvas

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("layers-panel")
        self.layers: Layers | None = None
        self.items: dict[str, QTreeWidgetItem] = {}
        self.hidden: set[str] = set()
        self.check: Callable[[str, str, Place], str | None] = lambda _m, _p, _pl: None
        self._filling = False
        #: collapsed and hidden rows, kept by where they start and moved with every edit
        self.view = LayerView()
        self.title = QLabel("<b>Layers</b>")
        self.tree = LayersTree(self)
        self.tree.setObjectName("layers-tree")
        self.reason = QLabel("")
        self.reason.setObjectName("layers-reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color:#b42318;")
        self.reason.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.reason)
        self.tree.itemSelectionChanged.connect(self._on_selection)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self.tree.itemClicked.connect(self._on_click)
        self.tree.itemCollapsed.connect(lambda it: self._remember(it, collapsed=True))
        self.tree.itemExpanded.connect(lambda it: self._remember(it, collapsed=False))

    # ---- filling ------------------------------------------------------------------
    def moved(self, edit: Edit) -> None:
        """The source changed by ``edit``: collapsed and hidden rows move with their text
        (``LayerView.follow``); a row whose start was replaced is forgotten."""
        self.view.follow(edit)

    def hidden_marks(self, layers: Layers) -> list[int]:
        """The node ids the canvas hides for ``layers`` (``LayerView.hidden_marks``)."""
        self.view.settle(layers)
        return self.view.hidden_marks(layers)

    def set_layers(self, layers: Layers, selected: tuple[str, ...] = ()) -> None:
        """Show ``layers`` (selection, collapsed rows and hidden rows kept). Rows of the
        same shape as those shown (the same ids, parents and kinds in the same order:
        an edit inside an element, such as typing) are updated in place; otherwise the
        rows are built again."""
        self._filling = True
        self.view.settle(layers)
        old, self.layers = self.layers, layers
        self.tree.setUpdatesEnabled(False)
        try:
            if old is not None and self.items and _same_shape(old, layers):
                self._update_rows(old, layers)
            else:
                self._fill_rows(layers)
            self.show_selection(selected)
        finally:
            self.tree.setUpdatesEnabled(True)
            self._filling = False

    def _fill_rows(self, layers: Layers) -> None:
        self.tree.clear()
        self.items = {}
        self.hidden = set()
        parents: dict[str, QTreeWidgetItem] = {}
        for row in layers:
            item = QTreeWidgetItem()
            flags = item.flags() | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            if row.kind not in ("slot", "branch", "html-group"):
                flags |= Qt.ItemFlag.ItemIsEditable
            else:
                flags &= ~Qt.ItemFlag.ItemIsDragEnabled
            item.setFlags(flags)
            self._show_row(item, row)
            parent = parents.get(row.parent) if row.parent else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents[row.id] = item
            self.items[row.id] = item
        for row in layers:
            self.items[row.id].setExpanded(not self.view.collapsed(row))
        self.tree.resizeColumnToContents(1)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)

    def _update_rows(self, old: Layers, layers: Layers) -> None:
        """The items of ``old``'s rows showing ``layers``' (the same shape): a row's
        text, tip and eye set again where its label, tag or hidden state changed, its
        collapsed state where the view's differs (reading an item costs more than
        comparing two rows)."""
        was_hidden, self.hidden = self.hidden, set()
        for before, row in zip(old, layers, strict=True):
            item = self.items[row.id]
            if (
                before.label != row.label
                or before.tag != row.tag
                or (row.id in was_hidden) != bool(row.node_id and self.view.hidden(row))
            ):
                self._show_row(item, row)
            elif row.id in was_hidden:
                self.hidden.add(row.id)
            expanded = not self.view.collapsed(row)
            if item.isExpanded() != expanded:
                item.setExpanded(expanded)

    def _show_row(self, item: QTreeWidgetItem, row: Layer) -> None:
        """``row``'s id, texts, tips and eye on ``item``, each set only where it differs;
        a hidden row joins :attr:`hidden`."""
        tag = f"<{row.tag}>" if row.kind in ("standard", "custom", "html") else row.tag
        texts = {0: KIND_MARKS.get(row.kind, "") + row.label}
        tips = {0: f"{row.label} — {tag}" if tag else row.label}
        if row.node_id:
            shut = self.view.hidden(row)
            texts[1] = EYE_SHUT if shut else EYE_OPEN
            tips[1] = "Hide on the canvas (view only)"
            if shut:
                self.hidden.add(row.id)
        if item.data(0, ROW_ID) != row.id:
            item.setData(0, ROW_ID, row.id)
        for column, text in texts.items():
            if item.text(column) != text:
                item.setText(column, text)
        for column, tip in tips.items():
            if item.toolTip(column) != tip:
                item.setToolTip(column, tip)

    def _remember(self, item: QTreeWidgetItem, *, collapsed: bool) -> None:
        if self._filling or self.layers is None:
            return
        row = self.layers.row(str(item.data(0, ROW_ID)))
        if row is not None and self.view.collapsed(row) != collapsed:
            self.view.toggle(row)

    # ---- selection ----------------------------------------------------------------
    def show_selection(self, ids: tuple[str, ...] | list[str]) -> None:
        was = self._filling
        self._filling = True
        try:
            self.tree.clearSelection()
            for i in ids:
                item = self.items.get(i)
                if item is not None:
                    item.setSelected(True)
                    parent = item.parent()
                    while parent is not None:
                        parent.setExpanded(True)
                        parent = parent.parent()
            if ids and ids[0] in self.items:
                first = self.items[ids[0]]
                self.tree.setCurrentItem(
                    first, 0, self.tree.selectionModel().SelectionFlag.NoUpdate
                )
                self.tree.scrollToItem(first)
        finally:
            self._filling = was

    def _on_selection(self) -> None:
        if self._filling:
            return
        current = self.tree.currentItem()
        ids = [str(i.data(0, ROW_ID)) for i in self.tree.selectedItems()]
        if current is not None and current.isSelected():
            cid = str(current.data(0, ROW_ID))
            ids = [cid, *[i for i in ids if i != cid]]
        self.selection_made.emit(ids)

    def selected_ids(self) -> list[str]:
        return [str(i.data(0, ROW_ID)) for i in self.tree.selectedItems()]

    # ---- rename and hide --------------------------------------------------------------
    def _on_double_click(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 1:
            return
        if item.flags() & Qt.ItemFlag.ItemIsEditable:
            row = self.layers.row(str(item.data(0, ROW_ID))) if self.layers else None
            self._filling = True
            item.setText(0, row.label if row else item.text(0))
            self._filling = False
            self.tree.editItem(item, 0)

    def rename(self, row_id: str) -> None:
        """Start renaming ``row_id`` in place (F2 / the Rename action)."""
        item = self.items.get(row_id)
        if item is not None:
            self._on_double_click(item, 0)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or self.layers is None:
            return
        row = self.layers.row(str(item.data(0, ROW_ID)))
        if row is None:
            return
        text = item.text(0).strip()
        mark = KIND_MARKS.get(row.kind, "")
        if mark and text.startswith(mark.strip()):
            text = text[len(mark.strip()) :].strip()
        if text != row.label:
            self.rename_requested.emit(row.id, text)

    def _on_click(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 1:
            self.toggle_hidden(str(item.data(0, ROW_ID)))

    def toggle_hidden(self, row_id: str) -> None:
        item = self.items.get(row_id)
        if item is None or not item.text(1):
            return
        row = self.layers.row(row_id) if self.layers is not None else None
        if row_id in self.hidden:
            self.hidden.discard(row_id)
        else:
            self.hidden.add(row_id)
        if row is not None:
            self.view.set_hidden(row, row_id in self.hidden)
        self._filling = True
        item.setText(1, EYE_SHUT if row_id in self.hidden else EYE_OPEN)
        self._filling = False
        self.hidden_changed.emit(sorted(self.hidden))

    def show_reason(self, text: str) -> None:
        self.reason.setText(text)
        self.reason.setVisible(bool(text))


def _same_shape(old: Layers, new: Layers) -> bool:
    """Whether ``new`` has the rows of ``old``: the same ids, kinds and parents in the
    same order (their labels, tips and eyes may differ)."""
    if len(old.rows) != len(new.rows):
        return False
    return all(
        a.id == b.id
        and a.kind == b.kind
        and a.parent == b.parent
        and bool(a.node_id) == bool(b.node_id)
        for a, b in zip(old, new, strict=True)
    )
