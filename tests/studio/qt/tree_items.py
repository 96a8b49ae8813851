"""The items of a ``QTreeWidget``, for the tests that read or pick them (the bindings
type each item lookup as possibly ``None``)."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def top_level_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    return [_present(tree.topLevelItem(i)) for i in range(tree.topLevelItemCount())]


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [_present(item.child(i)) for i in range(item.childCount())]


def _present(item: QTreeWidgetItem | None) -> QTreeWidgetItem:
    assert item is not None
    return item
