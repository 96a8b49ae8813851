"""The insert panel: every component that can be inserted (:mod:`studio.models.insert_catalog`).

Standard components first, in Design Studio's groups (Layout, Text, Media …),
then the workspace's custom components, grouped by their ``config`` section,
one entry per preset (with the preset's name). Drag an entry onto the canvas
or the layers panel, or double-click it to insert it after the selection.
A search box filters by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.models.insert_catalog import InsertEntry, InsertGroup
from studio.qt.canvas import INSERT_MIME

ENTRY_ID = Qt.ItemDataRole.UserRole


class InsertTree(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setExpandsOnDoubleClick(False)

    def mimeTypes(self) -> list[str]:
        return [INSERT_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        mime = QMimeData()
        ids = [i.data(0, ENTRY_ID) for i in items if i.data(0, ENTRY_ID)]
        if ids:
            mime.setData(INSERT_MIME, str(ids[0]).encode("utf-8"))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class InsertPanel(QWidget):
    """The catalog as a tree of groups and entries."""

    activated = Signal(str)  # an entry's id (double-click / Enter): insert after the selection

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("insert-panel")
        self.entries: dict[str, InsertEntry] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search components")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.tree = InsertTree()
        self.tree.setObjectName("insert-tree")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(QLabel("<b>Insert</b>"))
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)

    def set_catalog(self, groups: Sequence[InsertGroup]) -> None:
        self.tree.clear()
        self.entries = {}
        self.items = {}
        for group in groups:
            if not group.entries:
                continue
            head = QTreeWidgetItem([group.name])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            for entry in group.entries:
                text = entry.label + (f" — {entry.preset}" if entry.preset else "")
                item = QTreeWidgetItem([text])
                item.setData(0, ENTRY_ID, entry.id)
                item.setToolTip(0, entry.description or f"<{entry.tag}>")
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                head.addChild(item)
                self.entries[entry.id] = entry
                self.items[entry.id] = item
            head.setExpanded(True)
        self.filter(self.search.text())

    def filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head is None:
                continue
            shown = 0
            for j in range(head.childCount()):
                item = head.child(j)
                if item is None:
                    continue
                entry = self.entries.get(str(item.data(0, ENTRY_ID)))
                hay = f"{item.text(0)} {entry.tag if entry else ''}".lower()
                hide = bool(needle) and needle not in hay
                item.setHidden(hide)
                shown += not hide
            head.setHidden(shown == 0)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        entry_id = item.data(0, ENTRY_ID)
        if entry_id:
            self.activated.emit(str(entry_id))
