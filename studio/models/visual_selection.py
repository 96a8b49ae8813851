"""What is selected in the visual editor, and how the keyboard moves it (no Qt).

The canvas, the layers panel and the code editor show one selection: a list of
node ids of the current parse (the ids the compiler writes as ``data-mw-node``
marks), the primary node first. Ids are renumbered by every edit, so the
selection is kept as ids *and* re-found after each compile by the source
offsets it had (:meth:`VisualSelection.remap`).

Keyboard moves (Esc, arrows) walk a :class:`NodeTree`: the layers model
provides it (``studio.models.layers``); anything with ``parent`` /
``children`` / ``roots`` will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from studio.models.events import Event


class NodeTree(Protocol):
    """The component tree the selection moves over."""

    def parent(self, node_id: int) -> int | None: ...

    def children(self, node_id: int) -> Sequence[int]: ...

    def roots(self) -> Sequence[int]: ...


def siblings(tree: NodeTree, node_id: int) -> Sequence[int]:
    parent = tree.parent(node_id)
    return tree.roots() if parent is None else tree.children(parent)


def step(tree: NodeTree, node_id: int, move: str) -> int | None:
    """Where a keyboard move goes from ``node_id``; None when there is nowhere to go.

    ``move``: ``"parent"`` (Esc, Left), ``"child"`` (first child, Right),
    ``"previous"`` / ``"next"`` sibling (Up / Down).
    """
    if move == "parent":
        return tree.parent(node_id)
    if move == "child":
        kids = tree.children(node_id)
        return kids[0] if kids else None
    if move in ("previous", "next"):
        row = list(siblings(tree, node_id))
        if node_id not in row:
            return None
        i = row.index(node_id) + (1 if move == "next" else -1)
        return row[i] if 0 <= i < len(row) else None
    raise ValueError(f"unknown move {move!r}")


class VisualSelection:
    """The selected nodes (primary first), with one change event."""

    def __init__(self) -> None:
        self.ids: tuple[int, ...] = ()
        self.changed: Event[tuple[int, ...]] = Event()

    @property
    def primary(self) -> int | None:
        return self.ids[0] if self.ids else None

    def set(self, ids: Iterable[int]) -> bool:
        """Select ``ids`` (duplicates dropped, order kept). True when it changed."""
        fresh = tuple(dict.fromkeys(ids))
        if fresh == self.ids:
            return False
        self.ids = fresh
        self.changed.emit(fresh)
        return True

    def clear(self) -> bool:
        return self.set(())

    def click(self, node_id: int, *, extend: bool = False) -> bool:
        """A click on ``node_id`` (−1: empty canvas). ``extend`` (Shift or Ctrl/Cmd):
        add the node to the selection, or take it out when it is already in."""
        if node_id < 0:
            return False if extend else self.clear()
        if not extend:
            return self.set((node_id,))
        if node_id in self.ids:
            return self.set(i for i in self.ids if i != node_id)
        return self.set((node_id, *self.ids))

    def move(self, tree: NodeTree, move: str) -> bool:
        """Move the primary node (Esc, arrows); the selection becomes that one node."""
        if self.primary is None:
            roots = tree.roots()
            return self.set(roots[:1]) if move in ("next", "child") and roots else False
        target = step(tree, self.primary, move)
        return False if target is None else self.set((target,))

    def remap(self, mapping: dict[int, int | None]) -> bool:
        """After a re-parse: old id → new id (None: the node is gone)."""
        return self.set(n for n in (mapping.get(i) for i in self.ids) if n is not None)
