"""The layers panel's view state: collapsed rows and rows hidden on the canvas.

Pure Python (no Qt). View only: nothing here touches the source. Row ids change with
every edit, so the state is kept by where each row starts in the text (and its
kind) and follows the document's edits: connect :meth:`LayerView.follow` to
``EmailDocument.changed``. A row whose start an edit removes (deleted) loses its
state; rows after an edit keep theirs. A move deletes and re-inserts its rows, so
before one :meth:`carry` notes the state of the moved rows and of every row inside
them, and :meth:`settle` puts it back on the rows where they landed once the layers of
the new text are built.

``LayerView.collapsed(row)`` — rows are expanded by default, the "HTML" group rows
collapsed (``Layer.collapsed``); :meth:`toggle` flips a row from its default.
``LayerView.hidden_marks(layers)`` — the ``data-mw-node`` ids the canvas hides: the
hidden element rows and every element row inside a hidden Liquid, slot or HTML row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.models.layers import Layer, Layers
from studio.models.text import Edit

Key = tuple[int, str]


def _key(row: Layer) -> Key:
    return (row.span[0], row.kind)


@dataclass(frozen=True, slots=True)
class _Carried:
    """The state of one moved row and the rows inside it (document order), to be put
    on the row of ``kind`` starting at ``start`` in ``text`` (the text after the move)."""

    text: str
    start: int
    kind: str
    states: tuple[tuple[bool, bool], ...]  # (toggled from its default, hidden) per row


def _subtree(layers: Layers, row: Layer) -> list[Layer]:
    out: list[Layer] = []
    stack = [row.id]
    while stack:
        current = layers.rows[stack.pop()]
        out.append(current)
        stack.extend(reversed(current.children))
    return out


class LayerView:
    def __init__(self) -> None:
        self._toggled: set[Key] = set()
        self._hidden: set[Key] = set()
        self._carried: list[_Carried] = []

    # -- collapse ----------------------------------------------------------------------
    def collapsed(self, row: Layer) -> bool:
        return row.collapsed != (_key(row) in self._toggled)

    def toggle(self, row: Layer) -> bool:
        """Collapse an expanded row or expand a collapsed one; its new state."""
        self._toggled ^= {_key(row)}
        return self.collapsed(row)

    def visible_rows(self, layers: Layers) -> list[Layer]:
        """The rows the panel lists: every row whose ancestors are all expanded."""
        out: list[Layer] = []
        stack = list(reversed(layers.roots))
        while stack:
            row = layers.rows[stack.pop()]
            out.append(row)
            if not self.collapsed(row):
                stack.extend(reversed(row.children))
        return out

    # -- hide on canvas ----------------------------------------------------------------
    def hidden(self, row: Layer) -> bool:
        return _key(row) in self._hidden

    def set_hidden(self, row: Layer, hidden: bool) -> None:
        if hidden:
            self._hidden.add(_key(row))
        else:
            self._hidden.discard(_key(row))

    def hidden_marks(self, layers: Layers) -> list[int]:
        """Node ids (``data-mw-node``) of the elements the canvas hides."""
        if not self._hidden:
            return []
        inside: set[str] = set()  # hidden rows and the rows inside them
        marks: list[int] = []
        for row in layers:  # document order: a row comes before the rows inside it
            if self.hidden(row) or (row.parent is not None and row.parent in inside):
                inside.add(row.id)
                if row.node_id:
                    marks.append(row.node_id)
        return marks

    # -- moves -------------------------------------------------------------------------
    def carry(
        self, layers: Layers, row_ids: Sequence[str], starts: Sequence[int], after: str
    ) -> None:
        """Before a move of ``row_ids`` (in ``layers``) that lands them at ``starts`` in
        the text ``after``: note their state and their inner rows' (see :meth:`settle`)."""
        self._carried = []
        for row_id, start in zip(row_ids, starts, strict=False):
            row = layers.row(row_id)
            if row is None:
                continue
            states = tuple(
                (_key(r) in self._toggled, self.hidden(r)) for r in _subtree(layers, row)
            )
            if any(t or h for t, h in states):
                self._carried.append(_Carried(after, start, row.kind, states))

    def settle(self, layers: Layers) -> None:
        """Put the carried state on the moved rows, when ``layers`` are those of the
        text after the move (else it waits for them)."""
        if not self._carried or self._carried[0].text != layers.text:
            return
        for carried in self._carried:
            row = next(
                (r for r in layers if r.span[0] == carried.start and r.kind == carried.kind), None
            )
            rows = _subtree(layers, row) if row is not None else []
            if len(rows) != len(carried.states):
                continue  # not the same rows after all: leave them as they are
            for r, (toggled, hidden) in zip(rows, carried.states, strict=True):
                if toggled:
                    self._toggled.add(_key(r))
                else:
                    self._toggled.discard(_key(r))
                self.set_hidden(r, hidden)
        self._carried = []

    # -- edits -------------------------------------------------------------------------
    def follow(self, edit: Edit) -> None:
        """Move the kept rows' starts through ``edit`` (a document change)."""
        self._toggled = _moved(self._toggled, edit)
        self._hidden = _moved(self._hidden, edit)


def _moved(keys: set[Key], edit: Edit) -> set[Key]:
    start = edit.offset
    end = start + len(edit.removed)
    shift = len(edit.inserted) - len(edit.removed)
    out: set[Key] = set()
    for offset, kind in keys:
        if offset < start:
            out.add((offset, kind))
        elif offset >= end and (offset > start or not edit.removed):
            out.add((offset + shift, kind))
        # else: the row's start was removed by the edit
    return out
