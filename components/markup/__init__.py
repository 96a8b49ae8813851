"""The lossless markup tree: parse emails and component files, write them back."""

from components.markup.nodes import (
    DIRECTIVE_MARKS,
    LIQUID_RE,
    Attr,
    Comment,
    Conditional,
    Doctype,
    Document,
    Element,
    Liquid,
    Node,
    Span,
    Text,
    iter_elements,
    walk,
)
from components.markup.parser import ParseResult, parse
from components.markup.serialize import serialize, start_tag

__all__ = [
    "DIRECTIVE_MARKS",
    "LIQUID_RE",
    "Attr",
    "Comment",
    "Conditional",
    "Doctype",
    "Document",
    "Element",
    "Liquid",
    "Node",
    "ParseResult",
    "Span",
    "Text",
    "iter_elements",
    "parse",
    "serialize",
    "start_tag",
    "walk",
]
