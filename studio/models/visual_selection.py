"""What is selected in the visual editor, and how the keyboard moves it (no Qt).

The canvas, the layers panel and the code editor show one selection: a list of
layer row ids of the current text (:mod:`studio.models.layers`; an element
row's id is its ``data-mw-node`` mark), the primary row first. Ids change with
every edit, so the visual editor also keeps where each selected row starts in
the source and finds the rows again after each compile
(``Layers.starting_at``).

Keyboard moves (Esc, arrows) walk the layers' own navigation
(``parent`` / ``first_child`` / ``previous`` / ``next``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from studio.models.events import Event


class NodeTree(Protocol):
    """The rows the selection moves over (:class:`studio.models.layers.Layers`)."""

    @property
    def roots(self) -> Sequence[str]: ...

    def parent(self, row_id: str) -> Any: ...

    def first_child(self, row_id: str) -> Any: ...

    def previous(self, row_id: str) -> Any: ...

    def next(self, row_id: str) -> Any: ...


class Nested(Protocol):
    """What :func:`outermost` needs of the rows (:class:`studio.models.layers.Layers`)."""

    def ancestors(self, row_id: str) -> Sequence[Any]: ...


def outermost(rows: Sequence[str], tree: Nested) -> list[str]:
    """``rows`` without those inside another of them, in their order."""
    chosen = dict.fromkeys(rows)
    return [r for r in chosen if not any(a.id in chosen for a in tree.ancestors(r))]


def step(tree: NodeTree, row_id: str, move: str) -> str | None:
    """Where a keyboard move goes from ``row_id``; None when there is nowhere to go.

    ``move``: ``"parent"`` (Esc, Left), ``"child"`` (first child, Right),
    ``"previous"`` / ``"next"`` sibling (Up / Down).
    """
    moves = {
        "parent": tree.parent,
        "child": tree.first_child,
        "previous": tree.previous,
        "next": tree.next,
    }
    if move not in moves:
        raise ValueError(f"unknown move {move!r}")
    row = moves[move](row_id)
    return None if row is None else str(row.id)


class VisualSelection:
    """The selected nodes (primary first), with one change event."""

    def __init__(self) -> None:
        self.ids: tuple[str, ...] = ()
        self.changed: Event[tuple[str, ...]] = Event()

    @property
    def primary(self) -> str | None:
        return self.ids[0] if self.ids else None

    def set(self, ids: Iterable[str]) -> bool:
        """Select ``ids`` (duplicates dropped, order kept). True when it changed."""
        fresh = tuple(dict.fromkeys(ids))
        if fresh == self.ids:
            return False
        self.ids = fresh
        self.changed.emit(fresh)
        return True

    def clear(self) -> bool:
        return self.set(())

    def click(self, node_id: str | None, *, extend: bool = False) -> bool:
        """A click on ``node_id`` (None: empty canvas). ``extend`` (Shift or Ctrl/Cmd):
        add the node to the selection, or take it out when it is already in."""
        if node_id is None:
            return False if extend else self.clear()
        if not extend:
            return self.set((node_id,))
        if node_id in self.ids:
            return self.set(i for i in self.ids if i != node_id)
        return self.set((node_id, *self.ids))

    def marquee(
        self,
        rows: Sequence[str],
        tree: Nested,
        *,
        extend: bool = False,
        before: Sequence[str] | None = None,
    ) -> bool:
        """A rubber band drawn over ``rows`` (the rows whose boxes it holds, in page
        order): the outermost of them are selected — a section, not also its heading —
        or, ``extend`` (Shift or Ctrl/Cmd held), added to the selection as it was
        ``before`` the press that started the band (the press itself clicked)."""
        chosen = outermost(rows, tree)
        if extend:
            base = self.ids if before is None else tuple(before)
            return self.set((*base, *chosen))
        return self.set(chosen)

    def move(self, tree: NodeTree, move: str) -> bool:
        """Move the primary node (Esc, arrows); the selection becomes that one node."""
        if self.primary is None:
            roots = list(tree.roots)
            return self.set(roots[:1]) if move in ("next", "child") and roots else False
        target = step(tree, self.primary, move)
        return False if target is None else self.set((target,))
