"""Where a drop on the canvas goes: from the nodes under the pointer to a place (no Qt).

The canvas reports the selectable nodes under the pointer, innermost first, with
their boxes (:class:`Hit`). :func:`choose` turns that into the first *valid*
place, asking :func:`studio.models.drop_rules.refusal` — the one set of
structural rules — about each candidate in order:

1. the pointer is in a container's own area (not over one of its children) and
   not within :data:`EDGE` px of its top or bottom: the end of that container —
   a **box** when it is empty (an empty section, column, or a custom
   component's empty slot), else a line after its last child;
2. before or after the node (upper or lower half of its box): a **line**
   between siblings (near a container's edge this comes first, so the gap
   between two sections is reachable);
3. the same for each enclosing node, outwards.

When no candidate is valid the drop is refused with the reason the innermost
candidate was refused for, which the canvas shows beside the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.models.drop_rules import Dragged, Place, refusal
from studio.models.layers import Layer, Layers

#: px at a container's top and bottom edge that mean "before/after it", not "into it"
EDGE = 8.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A node under the pointer: its ``data-mw-node`` id and box (document px)."""

    node: int
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class Indicator:
    """What the canvas draws: a line (``y`` from ``x`` over ``w``) or a box."""

    kind: str  # "line" or "box"
    x: float
    y: float
    w: float
    h: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "x": self.x, "y": self.y, "w": self.w, "h": self.h}


@dataclass(frozen=True, slots=True)
class DropChoice:
    """A valid place and its indicator, or the reason nothing here is valid."""

    place: Place | None
    indicator: Indicator | None
    reason: str = ""


def _index(layers: Layers, row: Layer) -> int:
    siblings = layers.siblings(row.id)
    return siblings.index(row.id) if row.id in siblings else 0


def _inside(layers: Layers, row: Layer, box: Hit) -> list[tuple[Place, Indicator]]:
    """The end of ``row`` (or of its empty slots) as drop candidates."""
    out: list[tuple[Place, Indicator]] = []
    if row.kind == "custom":
        for slot_id in row.children:
            slot = layers.rows[slot_id]
            if slot.kind == "slot" and not slot.children:
                out.append(
                    (Place(slot.id, 0, empty=True), Indicator("box", box.x, box.y, box.w, box.h))
                )
        return out
    if row.inner is None:
        return out
    if not row.children:
        return [(Place(row.id, 0, empty=True), Indicator("box", box.x, box.y, box.w, box.h))]
    return [(Place(row.id, len(row.children)), Indicator("line", box.x, box.y + box.h, box.w))]


def candidates(
    layers: Layers, chain: Sequence[Hit], x: float, y: float
) -> list[tuple[Place, Indicator]]:
    """Every place the pointer at (x, y) could mean, best first."""
    out: list[tuple[Place, Indicator]] = []
    for i, hit in enumerate(chain):
        row = layers.for_mark(hit.node)
        if row is None:
            continue
        index = _index(layers, row)
        before = (Place(row.parent, index), Indicator("line", hit.x, hit.y, hit.w))
        after = (Place(row.parent, index + 1), Indicator("line", hit.x, hit.y + hit.h, hit.w))
        sides = [before, after] if y < hit.y + hit.h / 2 else [after, before]
        inside = _inside(layers, row, hit) if i == 0 or row.kind == "custom" else []
        near_edge = min(y - hit.y, hit.y + hit.h - y) <= min(EDGE, hit.h / 4)
        out.extend([*sides[:1], *inside, *sides[1:]] if near_edge else [*inside, *sides])
    if not chain:
        out.append((Place(None, len(layers.roots)), Indicator("line", 0, y, 0)))
    return out


def choose(
    layers: Layers, dragged: Dragged, chain: Sequence[Hit], x: float, y: float
) -> DropChoice:
    """The first valid place under the pointer, or why there is none."""
    first_reason = ""
    seen: set[tuple[str | None, int]] = set()
    for place, indicator in candidates(layers, chain, x, y):
        key = (place.parent, place.index)
        if key in seen:
            continue
        seen.add(key)
        reason = refusal(layers, dragged, place)
        if reason is None:
            return DropChoice(place, indicator)
        first_reason = first_reason or reason
    return DropChoice(None, None, first_reason or "nothing here takes it")
