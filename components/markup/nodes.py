"""The lossless markup tree.

Every node keeps the exact source text it came from, so serializing an
unmodified tree reproduces the input byte for byte. Liquid (and Handlebars /
Mustache ``{{ }}``) is an opaque :class:`Liquid` node wherever it appears: in
text, between table rows, inside attribute values and in an element's
attribute list.

Positions: ``Span.start``/``Span.end`` are character offsets into the source
string; ``line`` and ``column`` (1-based) locate ``start``. Node ids are
stable for one parse: assigned in document order starting at 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    column: int


NO_SPAN = Span(0, 0, 0, 0)


#: A Liquid / Handlebars token in a plain string: ``{{ … }}`` or ``{% … %}``, each
#: ending at its first closer. The one pattern every layer uses to find, keep or skip
#: template tokens in text it holds as a string (the parser itself also makes
#: ``{% raw %}``/``{% comment %}`` blocks one token; the transformers' Liquid guard
#: uses its stricter ``TOKEN_RE``).
LIQUID_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


@dataclass(eq=False, slots=True)
class Liquid:
    """An opaque template token: ``{{ … }}``, ``{% … %}`` (incl. ``{%- -%}``).

    ``raw`` is the token exactly as written. ``kind`` is ``"output"`` for
    ``{{ }}`` and ``"tag"`` for ``{% %}``. ``pre`` is the whitespace before the
    token when it sits in an element's attribute list, else "".
    """

    raw: str
    kind: Literal["output", "tag"]
    span: Span = NO_SPAN
    id: int = 0
    pre: str = ""
    terminated: bool = True

    @property
    def tag_name(self) -> str:
        """For ``{% if x %}`` → ``"if"``; for output tokens → ""."""
        if self.kind != "tag":
            return ""
        inner = self.raw[2:-2] if self.terminated else self.raw[2:]
        inner = inner.strip("-").strip()
        return inner.split(None, 1)[0] if inner else ""


@dataclass(eq=False, slots=True)
class Text:
    """Character data exactly as written (entities are not decoded)."""

    raw: str
    span: Span = NO_SPAN
    id: int = 0


@dataclass(eq=False, slots=True)
class Comment:
    """An ordinary ``<!-- … -->`` comment (``raw`` includes the delimiters)."""

    raw: str
    span: Span = NO_SPAN
    id: int = 0
    terminated: bool = True


@dataclass(eq=False, slots=True)
class Doctype:
    """``<!DOCTYPE …>`` or another ``<!…>`` / ``<?…>`` declaration, verbatim."""

    raw: str
    span: Span = NO_SPAN
    id: int = 0


@dataclass(eq=False, slots=True)
class Conditional:
    """An MSO conditional comment whose content is parsed as markup.

    Hidden form: ``<!--[if mso]>`` children ``<![endif]-->``.
    Revealed form: ``<!--[if !mso]><!-->`` children ``<!--<![endif]-->``.
    ``open_raw`` and ``close_raw`` hold the delimiters exactly as written;
    ``condition`` is the text between ``[if`` and ``]`` (e.g. ``"mso"``,
    ``"gte mso 9"``, ``"!mso"``). A closing delimiter that never came is "".
    """

    condition: str
    open_raw: str
    children: list[Node] = field(default_factory=list)
    close_raw: str = ""
    revealed: bool = False
    span: Span = NO_SPAN
    id: int = 0


@dataclass(eq=False, slots=True)
class Attr:
    """One attribute in a start tag.

    ``pre`` is the whitespace before the name; ``eq`` is the ``=`` with any
    spaces around it ("" for a bare attribute); ``quote`` is ``'"'``, ``"'"``
    or "" (unquoted). ``value`` is the raw text between the quotes, entities
    undecoded, Liquid included; ``None`` for a bare attribute like
    ``hidden``. ``parts`` splits ``value`` into Text and Liquid pieces
    (always filled by the parser; may be empty for attributes built in code).
    """

    name: str
    value: str | None = None
    quote: str = '"'
    pre: str = " "
    eq: str = "="
    span: Span = NO_SPAN
    parts: list[Text | Liquid] = field(default_factory=list)

    @property
    def raw(self) -> str:
        if self.value is None:
            return self.name
        return f"{self.name}{self.eq}{self.quote}{self.value}{self.quote}"


@dataclass(eq=False, slots=True)
class Element:
    """An element, its attribute list, and its children.

    ``name`` is the tag name lower-cased; ``name_raw`` as written.
    ``attrs`` holds :class:`Attr` and, for Liquid in the attribute list,
    :class:`Liquid` items (with their ``pre`` whitespace) in source order.
    ``tag_end`` is what closes the start tag after the last attribute:
    whitespace, an optional ``/``, and ``>`` (e.g. ``">"``, ``" />"``);
    "" when the tag was cut off by the end of input.
    ``end_raw`` is the end tag exactly as written (``"</td>"``), or "" when
    the element is void, self-closed, or its end tag was missing/implied.
    ``raw_text`` marks script/style/title/textarea, whose children are Text
    (and Liquid) only.
    """

    name: str
    attrs: list[Attr | Liquid] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    name_raw: str = ""
    tag_end: str = ">"
    end_raw: str = ""
    self_closing: bool = False
    void: bool = False
    raw_text: bool = False
    span: Span = NO_SPAN
    id: int = 0

    def __post_init__(self) -> None:
        if not self.name_raw:
            self.name_raw = self.name

    # -- attribute access (raw values; directive names included) -------------
    def attr(self, name: str) -> Attr | None:
        for a in self.attrs:
            if isinstance(a, Attr) and a.name == name:
                return a
        return None

    def get(self, name: str, default: str | None = None) -> str | None:
        a = self.attr(name)
        if a is None:
            return default
        return "" if a.value is None else a.value

    def has(self, name: str) -> bool:
        return self.attr(name) is not None

    def attributes(self) -> Iterator[Attr]:
        for a in self.attrs:
            if isinstance(a, Attr):
                yield a

    def elements(self) -> Iterator[Element]:
        """Child elements (not descending), looking through conditionals."""
        for c in self.children:
            if isinstance(c, Element):
                yield c


@dataclass(eq=False, slots=True)
class Document:
    """The root: the file's top-level nodes."""

    children: list[Node] = field(default_factory=list)
    file: str = ""
    source: str = ""


Node: TypeAlias = Element | Text | Liquid | Comment | Conditional | Doctype
Parent: TypeAlias = Element | Conditional | Document

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "basefont bgsound frame keygen".split()
)
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "title", "textarea", "xmp"})


def walk(parent: Parent) -> Iterator[Node]:
    """Every node below ``parent`` in document order (depth first)."""
    stack: list[Iterator[Node]] = [iter(parent.children)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        yield node
        if isinstance(node, (Element, Conditional)) and node.children:
            stack.append(iter(node.children))


def iter_elements(parent: Parent) -> Iterator[Element]:
    for node in walk(parent):
        if isinstance(node, Element):
            yield node
