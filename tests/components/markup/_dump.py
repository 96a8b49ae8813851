"""A compact, readable rendering of a markup tree for table-driven tests.

``div(class='a')['text' L'{{ x }}' br/]`` — elements with their attributes in
parentheses and children in brackets; ``L`` Liquid, ``C`` comment, ``D``
declaration, ``if:mso[…]`` / ``rif:!mso[…]`` hidden / revealed conditionals.
Attribute values show their parts joined with ``+``. Elements whose end tag
was implied or missing are marked ``~``.
"""

from __future__ import annotations

from components.markup.nodes import (
    Attr,
    Comment,
    Conditional,
    Doctype,
    Document,
    Liquid,
    Node,
    Text,
)


def dump_attr(a: Attr | Liquid) -> str:
    if isinstance(a, Liquid):
        return f"L{a.raw!r}"
    if a.value is None:
        return a.name
    return f"{a.name}=" + "+".join(dump(p) for p in a.parts)


def dump(node: Node | Document) -> str:
    if isinstance(node, Document):
        return " ".join(dump(c) for c in node.children)
    if isinstance(node, Text):
        return repr(node.raw)
    if isinstance(node, Liquid):
        return f"L{node.raw!r}"
    if isinstance(node, Comment):
        return f"C{node.raw!r}"
    if isinstance(node, Doctype):
        return f"D{node.raw!r}"
    if isinstance(node, Conditional):
        kind = "rif" if node.revealed else "if"
        inner = " ".join(dump(c) for c in node.children)
        return f"{kind}:{node.condition}[{inner}]"
    out = node.name
    if node.attrs:
        out += "(" + ", ".join(dump_attr(a) for a in node.attrs) + ")"
    if node.self_closing:
        out += "/"
    elif node.children:
        out += "[" + " ".join(dump(c) for c in node.children) + "]"
    if not node.end_raw and not node.void and not node.self_closing:
        out += "~"
    return out
