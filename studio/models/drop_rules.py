"""Where a dragged Insert entry or layer row may go, and why not when it may not.

Pure Python (no Qt). A place is a :class:`Place`: a container row (``None`` for the top
level of the email) and an index among its child rows — the canvas draws a line
between siblings, or a box for an empty container or slot (``Place.empty``).

:func:`refusal` answers one place with the reason it is refused (None when the drop
is fine); :func:`places` lists every valid place for the drop indicator;
:func:`beside` is the place just before/after a row (a drop on the top/bottom half
of it); :func:`insert_after_selection` is where a double-clicked Insert entry goes. The rules
are the component language's own, read from one place each — nothing is copied:

* a component's parents — :class:`components.placement.Parents`, the check the
  markup validator and the expander use (``x-column`` only directly in ``x-row``;
  ``config.allowedParents`` against the nearest enclosing component);
* slots — ``SlotDef.refusal`` and ``SlotDef.count_problem`` of
  :mod:`components.custom.definition`, the checks the expander reports with
  (``children([...])`` lists, ``min``/``max``, text slots take no components);
* what takes children at all — ``StandardComponent.content`` (a paragraph, a button,
  an image take no components), void and raw-text HTML elements take none;
* ``x-base`` — one per email, outermost: it may only be inserted into an email that
  has none, at the top, and once there is one, nothing goes outside it;
* a row cannot be moved into itself.

What is dragged is a :class:`Dragged`: the component tags at its top (an insert
entry's markup, or the rows being moved — a Liquid block row or an HTML row brings
the components inside it, with the HTML elements between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from components.markup import Element, parse
from components.placement import HTML_CHILDREN, HTML_PARENTS, PHRASING, PHRASING_ONLY
from components.standard import REGISTRY
from studio.models.layers import Layer, Layers


@dataclass(frozen=True, slots=True)
class Placed:
    """One component that a drop places: its tag and the plain HTML tags between the
    drop's container and it (inside what is dragged), outermost first."""

    tag: str
    between: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dragged:
    """What is being dragged: the components it places and the rows it moves."""

    placed: tuple[Placed, ...]
    rows: tuple[str, ...] = ()  # layer row ids being moved (empty for an insert)
    #: the count of components it adds to a slot (top-level elements)
    count: int = 1

    @classmethod
    def markup(cls, markup: str) -> Dragged:
        """What inserting ``markup`` places (an Insert entry's markup, pasted text)."""
        document = parse(markup).document
        placed: list[Placed] = []
        top = 0
        for node in document.children:
            if isinstance(node, Element):
                top += 1
                placed.extend(_components_in(node, ()))
        return cls(tuple(placed), (), top)

    @classmethod
    def moving(cls, layers: Layers, row_ids: Sequence[str]) -> Dragged:
        """What moving the rows ``row_ids`` places."""
        placed: list[Placed] = []
        count = 0
        for row_id in row_ids:
            row = layers.row(row_id)
            if row is None:
                continue
            for found in _row_components(layers, row, ()):
                placed.append(found)
            count += _top_elements(layers, row)
        return cls(tuple(placed), tuple(row_ids), count)


@dataclass(frozen=True, slots=True)
class Place:
    """A drop position: ``index`` among the child rows of ``parent`` (None: top level)."""

    parent: str | None
    index: int
    #: the container has no child rows: the canvas draws a box, not a line
    empty: bool = field(default=False, compare=False)


def refusal(layers: Layers, dragged: Dragged, place: Place) -> str | None:
    """Why ``dragged`` may not be dropped at ``place`` (None: it may)."""
    container = layers.row(place.parent) if place.parent is not None else None
    if place.parent is not None and container is None:
        return "that place is gone (the email changed)"
    siblings = container.children if container is not None else layers.roots
    if not 0 <= place.index <= len(siblings):
        return "that place is gone (the email changed)"
    # into itself
    for row_id in dragged.rows:
        if container is not None and (
            container.id == row_id or any(a.id == row_id for a in layers.ancestors(container.id))
        ):
            return "a layer cannot be moved into itself"
    problem = _takes_children(layers, container)
    if problem:
        return problem
    chain = element_chain(layers, container)
    has_base = layers.has_base
    for item in dragged.placed:
        if item.tag == "x-base":
            moving_base = any(
                layers.rows[r].tag == "x-base" for r in dragged.rows if r in layers.rows
            )
            if (has_base and not moving_base) or chain or item.between:
                return (
                    "<x-base> is the whole message: one per email, outermost (this "
                    "email already has one)"
                    if has_base
                    else "<x-base> is the whole message: it goes at the top, around everything"
                )
            continue
        if not chain and has_base:
            return "everything goes inside the message (<x-base>); drop it inside"
        problem = _parent_refusal(layers, item, chain)
        if problem:
            return problem
    return _slot_refusal(layers, dragged, container)


def places(layers: Layers, dragged: Dragged) -> list[Place]:
    """Every place ``dragged`` may be dropped, in document order."""
    out: list[Place] = []
    containers: list[Layer | None] = [None, *layers]
    for container in containers:
        children = container.children if container is not None else layers.roots
        parent = container.id if container is not None else None
        for index in range(len(children) + 1):
            place = Place(parent, index, empty=not children)
            if refusal(layers, dragged, place) is None:
                out.append(place)
    return out


def beside(layers: Layers, row_id: str, *, after: bool = True) -> Place | None:
    """The place just after (or before) the row ``row_id`` among its siblings."""
    row = layers.row(row_id)
    if row is None:
        return None
    siblings = layers.siblings(row_id)
    index = siblings.index(row_id) + (1 if after else 0)
    return Place(row.parent, index)


def insert_after_selection(layers: Layers, dragged: Dragged, row_id: str | None) -> Place | None:
    """Where a double-clicked Insert entry goes: inside the selected row when it is an
    empty container that takes it, else right after it, else after the nearest row
    around it where it may go; with nothing selected, at the end of the message.
    None when there is no valid place at all."""
    if row_id is None or layers.row(row_id) is None:
        ends = [Place(r.id, len(r.children)) for r in layers if r.tag == "x-base"]
        ends.append(Place(None, len(layers.roots)))
        return next((p for p in ends if refusal(layers, dragged, p) is None), None)
    row = layers.rows[row_id]
    if not row.children and row.inner is not None:
        inside = Place(row.id, 0, empty=True)
        if refusal(layers, dragged, inside) is None:
            return inside
    current: str | None = row_id
    while current is not None:
        place = beside(layers, current)
        if place is not None and refusal(layers, dragged, place) is None:
            return place
        parent = layers.rows[current].parent
        current = parent
    return None


def element_chain(layers: Layers, container: Layer | None) -> tuple[str, ...]:
    """The element tags from the top of the email down to what holds ``container``'s
    children (slot content is written inside its host, or its fragment)."""
    if container is None:
        return ()
    rows = [*layers.ancestors(container.id), container]
    tags: list[str] = []
    for row in rows:
        if row.kind in ("standard", "custom", "html"):
            tags.append(row.tag)
        elif row.kind == "slot" and isinstance(row.node, Element):
            tags.append(row.node.name)  # the <fragment #slot>
    return tuple(tags)


def _takes_children(layers: Layers, container: Layer | None) -> str | None:
    if container is None:
        return None
    if container.kind == "custom":
        return f"<{container.tag}> takes content in its slots; drop it into one of them"
    if container.kind == "html-group":
        return None
    if container.kind == "slot":
        host = layers.parent(container.id)
        d = layers.definitions.get(host.tag) if host is not None else None
        slot = d.slots.get(container.tag) if d is not None else None
        if slot is not None and slot.kind == "text" and host is not None:
            return f"<{host.tag}> slot {slot.name!r} takes text, not components"
        return None
    if container.inner is None:
        if container.kind == "standard":
            std = REGISTRY.get(container.tag)
            what = "text" if std is not None and std.content == "text" else "no content"
            return f"<{container.tag}> takes {what}, not components"
        return f"<{container.tag}> takes no content"
    return None


def _parent_refusal(layers: Layers, item: Placed, chain: tuple[str, ...]) -> str | None:
    ancestors = (*chain, *item.between)
    if (
        not item.between
        and chain
        and chain[-1] in HTML_CHILDREN
        and (item.tag not in HTML_CHILDREN[chain[-1]])
    ):
        names = ", ".join(f"<{t}>" for t in sorted(HTML_CHILDREN[chain[-1]]))
        return f"<{chain[-1]}> takes only {names}; <{item.tag}> is not allowed there"
    inline = next((t for t in reversed(ancestors) if t in PHRASING_ONLY), None)
    if inline is not None and item.tag not in PHRASING:
        return f"<{inline}> holds text and inline elements only; <{item.tag}> would break it apart"
    std = REGISTRY.get(item.tag)
    if std is not None:
        rule = std.parents
    elif item.tag in HTML_PARENTS:
        rule = HTML_PARENTS[item.tag]
    else:
        d = layers.definitions.get(item.tag)
        if d is None:
            return None
        rule = d.parents
    parent = rule.parent_in(ancestors, layers.definitions.is_component)
    return rule.refusal(item.tag, parent)


def _slot_refusal(layers: Layers, dragged: Dragged, container: Layer | None) -> str | None:
    """The slot rules of the slot the drop goes into, and of the slots rows leave."""
    slot_row = _enclosing_slot(layers, container)
    if slot_row is not None:
        host = layers.parent(slot_row.id)
        d = layers.definitions.get(host.tag) if host is not None else None
        slot = d.slots.get(slot_row.tag) if d is not None else None
        if slot is not None and host is not None:
            direct = container is slot_row or (
                container is not None and container.kind in ("liquid", "branch")
            )
            if direct:
                for item in dragged.placed:
                    if not item.between:
                        problem = slot.refusal(host.tag, item.tag)
                        if problem:
                            return problem
            already = sum(1 for r in _slot_elements(layers, slot_row) if r.id not in dragged.rows)
            if slot.max is not None and already + dragged.count > slot.max:
                return slot.count_problem(host.tag, already + dragged.count)
    # moving rows out of a slot must not leave it with too few
    for row_id in dragged.rows:
        source = _enclosing_slot(layers, layers.parent(row_id))
        if source is None or source is slot_row:
            continue
        host = layers.parent(source.id)
        d = layers.definitions.get(host.tag) if host is not None else None
        slot = d.slots.get(source.tag) if d is not None else None
        if slot is None or host is None or slot.min is None:
            continue
        left = sum(1 for r in _slot_elements(layers, source) if r.id not in dragged.rows)
        if left < slot.min:
            return slot.count_problem(host.tag, left)
    return None


def _enclosing_slot(layers: Layers, container: Layer | None) -> Layer | None:
    """The slot row whose content ``container`` is (through Liquid rows only)."""
    row = container
    while row is not None and row.kind in ("liquid", "branch"):
        row = layers.parent(row.id)
    return row if row is not None and row.kind == "slot" else None


def _slot_elements(layers: Layers, slot_row: Layer) -> list[Layer]:
    """The component/element rows that count for a slot's min/max."""
    out: list[Layer] = []
    stack = list(slot_row.children)
    while stack:
        row = layers.rows[stack.pop(0)]
        if row.kind in ("liquid", "branch", "html-group"):
            stack[:0] = row.children
        elif row.tag != "x-empty-state":
            out.append(row)
    return out


def _components_in(el: Element, between: tuple[str, ...]) -> list[Placed]:
    """``el`` and the components at the top of it (plain HTML between)."""
    if "-" in el.name:  # a standard (x-…) or custom component
        return [Placed(el.name, between)]
    out: list[Placed] = [] if between else [Placed(el.name)]
    for child in el.children:
        if isinstance(child, Element):
            out.extend(_components_in(child, (*between, el.name)))
    return out


def _row_components(layers: Layers, row: Layer, between: tuple[str, ...]) -> list[Placed]:
    if row.kind in ("standard", "custom"):
        return [Placed(row.tag, between)]
    inner = (*between, row.tag) if row.kind == "html" else between
    out: list[Placed] = [Placed(row.tag)] if row.kind == "html" and not between else []
    for child in row.children:
        out.extend(_row_components(layers, layers.rows[child], inner))
    return out


def _top_elements(layers: Layers, row: Layer) -> int:
    if row.kind in ("liquid", "branch", "html-group"):
        return sum(_top_elements(layers, layers.rows[c]) for c in row.children)
    return 1
