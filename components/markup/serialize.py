"""Write a markup tree back to text. An unmodified tree gives back its source."""

from __future__ import annotations

from components.markup.nodes import (
    Attr,
    Comment,
    Conditional,
    Doctype,
    Document,
    Element,
    Liquid,
    Node,
    Parent,
    Text,
)


def serialize(tree: Parent | Node) -> str:
    out: list[str] = []
    _write(tree, out)
    return "".join(out)


def start_tag(el: Element) -> str:
    """The start tag of ``el`` exactly as it would be written."""
    parts = ["<", el.name_raw]
    for a in el.attrs:
        if isinstance(a, Attr):
            parts.append(a.pre)
            parts.append(a.raw)
        else:
            parts.append(a.pre)
            parts.append(a.raw)
    parts.append(el.tag_end)
    return "".join(parts)


def _write(root: Parent | Node, out: list[str]) -> None:
    # Iterative (an explicit stack of pending items), so nesting depth is
    # bounded by memory, not by Python's recursion limit.
    pending: list[Parent | Node | str] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, (Text, Liquid, Comment, Doctype)):
            out.append(node.raw)
        elif isinstance(node, Element):
            out.append(start_tag(node))
            pending.append(node.end_raw)
            pending.extend(reversed(node.children))
        elif isinstance(node, Conditional):
            out.append(node.open_raw)
            pending.append(node.close_raw)
            pending.extend(reversed(node.children))
        elif isinstance(node, Document):
            pending.extend(reversed(node.children))
