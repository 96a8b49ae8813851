"""The lossless markup tree.

Every node keeps the exact source text it came from, so serializing an
unmodified tree reproduces the input byte for byte. Liquid (and Handlebars /
Mustache ``{{ }}``) is an opaque :class:`Liquid` node wherever it appears: in
text, between table rows, inside attribute values and in an element's
attribute list.

Positions: ``Span.start``/``Span.end`` are character offsets into the source
string; ``line`` and ``column`` (1-based) locate ``start``. Node ids are
stable for one parse: assigned in document order starting at 1.

The tree is lean: a parsed node keeps the :class:`SourceLines` of its file, shared by
the whole tree, which holds every node's start offset by the node's id (an array of
machine integers, not an ``int`` object per node); an element or conditional keeps its
end too, a leaf and an attribute end where their text does. A node makes its ``span``
when asked (and keeps it then; an attribute does not). An attribute with a value finds
its start from its value's, which the table holds by the id of the value's first part;
its ``parts`` are made on first use. A node built in code keeps the ``Span`` it is given
(``NO_SPAN`` by default). A parsed node's span covers the text it was parsed from:
``raw`` (and an attribute's name and value) are not meant to be changed in place, nor
a parsed node's ``id`` (its start is found by it).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias, TypeVar


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    column: int


NO_SPAN = Span(0, 0, 0, 0)


def _span_factory() -> Callable[[int, int, int, int], Span]:
    """``Span(start, end, line, column)``, made without the frozen-dataclass ``__init__``
    (which sets each field through ``object.__setattr__``, three times slower). Falls back
    to the plain constructor if ``Span`` ever stops having slots."""
    fields = ("start", "end", "line", "column")
    slots = [getattr(Span, f, None) for f in fields]
    if not all(hasattr(d, "__set__") and type(d).__name__ == "member_descriptor" for d in slots):
        return Span  # pragma: no cover - Span is a slots dataclass
    set_start, set_end, set_line, set_column = (d.__set__ for d in slots)  # type: ignore[union-attr]
    new = object.__new__

    def make(start: int, end: int, line: int, column: int) -> Span:
        span: Span = new(Span)
        set_start(span, start)
        set_end(span, end)
        set_line(span, line)
        set_column(span, column)
        return span

    if make(1, 2, 3, 4) != Span(1, 2, 3, 4):  # pragma: no cover - a changed Span
        return Span
    return make


_new_span = _span_factory()


class SourceLines:
    """Where the lines of one parse's source text start (found on first use, after which
    the text is let go), and where each node of its tree starts.

    Every node of a parsed tree shares it and turns its offsets into a :class:`Span`
    with it, so no node needs a ``Span`` object until one is asked for. ``starts[id]``
    is the start offset of the node (or attribute value part) the parse gave that id
    (index 0 is unused: ids start at 1); the parser appends one per id it gives.
    """

    __slots__ = ("_newlines", "_text", "starts")

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: array[int] | None = None
        # 4 bytes an offset (8 for a text too long for that); unsigned: an append of an
        # int to a signed array goes through PyArg_Parse, three times the work
        self.starts: array[int] = array("I" if len(text) < 1 << 32 else "Q", (0,))

    def newlines(self) -> array[int]:
        """The offsets of the text's newlines. Once they are known the text is not kept: a
        record that outlives the tree (a source map's origin) holds these, not the text."""
        newlines = self._newlines
        if newlines is None:
            newlines = self._newlines = array(
                "q", [m.start() for m in re.finditer("\n", self._text)]
            )
            self._text = ""
        return newlines

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` (an offset past a newline is on the next line)."""
        newlines = self._newlines
        if newlines is None:
            newlines = self.newlines()
        k = bisect_right(newlines, offset - 1)
        return k + 1, (offset + 1 if k == 0 else offset - newlines[k - 1])

    def span(self, start: int, end: int) -> Span:
        line, column = self.line_column(start)
        return _new_span(start, end, line, column)


def _repr(node: object, fields: tuple[str, ...]) -> str:
    inner = ", ".join(f"{f}={getattr(node, f)!r}" for f in fields)
    return f"{type(node).__name__}({inner})"


#: A Liquid / Handlebars token in a plain string: ``{{ … }}`` or ``{% … %}``, each
#: ending at its first closer. The one pattern every layer uses to find, keep or skip
#: template tokens in text it holds as a string (the parser itself also makes
#: ``{% raw %}``/``{% comment %}`` blocks one token; the transformers' Liquid guard
#: uses its stricter ``TOKEN_RE``).
LIQUID_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


#: The Liquid tokens of a parsed attribute value whose parts are made on first use: the
#: parser has checked that every ``{{`` / ``{%`` in it starts a token that ends inside
#: the value (``{{ … }}`` at the first ``}``, ``{% … %}`` at the first ``%``).
_VALUE_TOKEN = re.compile(r"\{\{[^}]*\}\}|\{%[^%]*%\}")


def value_part_count(value: str) -> int:
    """How many parts (text pieces and Liquid tokens) such a value splits into."""
    count = seg = 0
    for m in _VALUE_TOKEN.finditer(value):
        count += 2 if m.start() > seg else 1
        seg = m.end()
    return count + 1 if len(value) > seg else count


class _Leaf:
    """A node that is a piece of source text: its span ends where its ``raw`` does."""

    __slots__ = ("_at", "id", "raw")
    raw: str
    id: int
    #: its span, or (parsed, until the span is asked for) the tree's lines, which hold its
    #: start by its id
    _at: Span | SourceLines

    @property
    def span(self) -> Span:
        at = self._at
        if isinstance(at, Span):
            return at
        start = at.starts[self.id]
        span = self._at = at.span(start, start + len(self.raw))  # kept: asked again, often
        return span

    @span.setter
    def span(self, value: Span) -> None:
        self._at = value

    def __init__(self, raw: str, span: Span = NO_SPAN, id: int = 0) -> None:
        self.raw = raw
        self._at = span
        self.id = id

    def __repr__(self) -> str:
        return _repr(self, ("raw", "span", "id"))


class _Ranged:
    """A node with children: its span runs from its start to the end of what closes it."""

    __slots__ = ("_at", "_end")
    id: int
    _end: int
    #: as a leaf's: its span, or the tree's lines, which hold its start by its id
    _at: Span | SourceLines

    @property
    def span(self) -> Span:
        at = self._at
        if isinstance(at, Span):
            return at
        span = self._at = at.span(at.starts[self.id], self._end)  # kept: asked again, often
        return span

    @span.setter
    def span(self, value: Span) -> None:
        self._at = value

    def span_source(self) -> tuple[Span | SourceLines, int, int]:
        """What :attr:`span` is made of, without making it: ``(at, start, end)``, where
        ``at`` is the node's :class:`Span` when it has one (built in code, or asked for
        before: it is the span), else the tree's :class:`SourceLines`, and then
        ``at.span(start, end)`` is the span. For records of where a node is that find its
        line and column only when read (:class:`components.sourcemap.Origin`, which keeps
        the id instead of the start: the lines hold it)."""
        at = self._at
        if isinstance(at, Span):
            return at, at.start, at.end
        return at, at.starts[self.id], self._end

    def place(self) -> tuple[Span | SourceLines, int, int]:
        """As :meth:`span_source`, with the node's id in place of its start (``at.starts``
        holds it): a record of the place that makes no ``int`` of the start."""
        return self._at, self.id, self._end


class Liquid(_Leaf):
    """An opaque template token: ``{{ … }}``, ``{% … %}`` (incl. ``{%- -%}``).

    ``raw`` is the token exactly as written. ``kind`` is ``"output"`` for
    ``{{ }}`` and ``"tag"`` for ``{% %}``. ``pre`` is the whitespace before the
    token when it sits in an element's attribute list, else "".
    """

    __slots__ = ("kind", "pre", "terminated")
    kind: Literal["output", "tag"]
    pre: str
    terminated: bool

    def __init__(
        self,
        raw: str,
        kind: Literal["output", "tag"],
        span: Span = NO_SPAN,
        id: int = 0,
        pre: str = "",
        terminated: bool = True,
    ) -> None:
        self.raw = raw
        self.kind = kind
        self._at = span
        self.id = id
        self.pre = pre
        self.terminated = terminated

    def __repr__(self) -> str:
        return _repr(self, ("raw", "kind", "span", "id", "pre", "terminated"))

    @property
    def tag_name(self) -> str:
        """For ``{% if x %}`` → ``"if"``; for output tokens → ""."""
        if self.kind != "tag":
            return ""
        inner = self.raw[2:-2] if self.terminated else self.raw[2:]
        inner = inner.strip("-").strip()
        return inner.split(None, 1)[0] if inner else ""


class Text(_Leaf):
    """Character data exactly as written (entities are not decoded)."""

    __slots__ = ()


class Comment(_Leaf):
    """An ordinary ``<!-- … -->`` comment (``raw`` includes the delimiters)."""

    __slots__ = ("terminated",)
    terminated: bool

    def __init__(
        self, raw: str, span: Span = NO_SPAN, id: int = 0, terminated: bool = True
    ) -> None:
        super().__init__(raw, span, id)
        self.terminated = terminated

    def __repr__(self) -> str:
        return _repr(self, ("raw", "span", "id", "terminated"))


class Doctype(_Leaf):
    """``<!DOCTYPE …>`` or another ``<!…>`` / ``<?…>`` declaration, verbatim."""

    __slots__ = ()


class Conditional(_Ranged):
    """An MSO conditional comment whose content is parsed as markup.

    Hidden form: ``<!--[if mso]>`` children ``<![endif]-->``.
    Revealed form: ``<!--[if !mso]><!-->`` children ``<!--<![endif]-->``.
    ``open_raw`` and ``close_raw`` hold the delimiters exactly as written;
    ``condition`` is the text between ``[if`` and ``]`` (e.g. ``"mso"``,
    ``"gte mso 9"``, ``"!mso"``). A closing delimiter that never came is "".
    """

    __slots__ = ("children", "close_raw", "condition", "id", "open_raw", "revealed")
    condition: str
    open_raw: str
    children: list[Node]
    close_raw: str
    revealed: bool
    id: int

    def __init__(
        self,
        condition: str,
        open_raw: str,
        children: list[Node] | None = None,
        close_raw: str = "",
        revealed: bool = False,
        span: Span = NO_SPAN,
        id: int = 0,
    ) -> None:
        self.condition = condition
        self.open_raw = open_raw
        self.children = [] if children is None else children
        self.close_raw = close_raw
        self.revealed = revealed
        self._at = span
        self._end = 0
        self.id = id

    def __repr__(self) -> str:
        return _repr(
            self, ("condition", "open_raw", "children", "close_raw", "revealed", "span", "id")
        )


#: The first character of a directive's attribute name (``#if``, ``#each``, ``:prop``):
#: ``name[:1] in DIRECTIVE_MARKS`` (a plain attribute's name starts with neither).
DIRECTIVE_MARKS = frozenset({"#", ":"})


class Attr:
    """One attribute in a start tag.

    ``pre`` is the whitespace before the name; ``eq`` is the ``=`` with any
    spaces around it ("" for a bare attribute); ``quote`` is ``'"'``, ``"'"``
    or "" (unquoted). ``value`` is the raw text between the quotes, entities
    undecoded, Liquid included; ``None`` for a bare attribute like
    ``hidden``. ``parts`` splits ``value`` into Text and Liquid pieces
    (always filled for a parsed attribute, on first use when its value holds
    no Liquid; may be empty for attributes built in code).
    """

    __slots__ = ("_at", "_parts", "_start", "eq", "name", "pre", "quote", "value")
    name: str
    value: str | None
    quote: str
    pre: str
    eq: str
    #: its start offset; -1 for a parsed attribute whose start the lines hold by the id of
    #: its value's first part (``_parts``), until the parts are made (the part's then)
    _start: int
    _at: Span | SourceLines
    #: the parts, or what a parsed attribute makes them from when first asked for: the
    #: id of the one Text part of a value without Liquid; minus the first id of the
    #: parts of a value with Liquid; 0 for none (the value is empty or absent)
    _parts: list[Text | Liquid] | int

    def __init__(
        self,
        name: str,
        value: str | None = None,
        quote: str = '"',
        pre: str = " ",
        eq: str = "=",
        span: Span = NO_SPAN,
        parts: list[Text | Liquid] | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.quote = quote
        self.pre = pre
        self.eq = eq
        self._at = span
        self._start = 0
        self._parts = [] if parts is None else parts

    def __repr__(self) -> str:
        return _repr(self, ("name", "value", "quote", "pre", "eq", "span", "parts"))

    @property
    def span(self) -> Span:
        at = self._at
        if isinstance(at, Span):
            return at
        start = self._start
        if start < 0:
            start = self._table_start(at)
        value = self.value
        end = (
            start + len(self.name)
            if value is None
            else (start + len(self.name) + len(self.eq) + 2 * len(self.quote) + len(value))
        )
        return at.span(start, end)

    @span.setter
    def span(self, value: Span) -> None:
        self._at = value

    def _table_start(self, at: SourceLines) -> int:
        """A parsed attribute's start (``_start`` -1), which the lines hold by the id of its
        value's first part until the parts are made."""
        parts = self._parts
        assert isinstance(parts, int) and parts
        return at.starts[parts if parts > 0 else -parts]

    def _settle(self) -> None:
        """``_start`` made the attribute's offset, before the parts are made (the table
        then holds the first part's start) or ``_parts`` stops holding an id."""
        at = self._at
        if self._start < 0 and type(at) is SourceLines:
            self._start = self._table_start(at)

    @property
    def parts(self) -> list[Text | Liquid]:
        parts = self._parts
        if isinstance(parts, list):
            return parts
        made: list[Text | Liquid] = []
        value = self.value
        if value and parts:
            at = self._at
            self._settle()
            start = self._start + len(self.name) + len(self.eq) + len(self.quote)
            if parts > 0:
                made.append(_part(Text(value, NO_SPAN, parts), start, at))
            else:
                next_id = -parts
                seg = 0
                for m in _VALUE_TOKEN.finditer(value):
                    j, e = m.span()
                    if j > seg:
                        made.append(_part(Text(value[seg:j], NO_SPAN, next_id), start + seg, at))
                        next_id += 1
                    raw = value[j:e]
                    made.append(
                        _part(
                            Liquid(
                                raw, "tag" if raw.startswith("{%") else "output", NO_SPAN, next_id
                            ),
                            start + j,
                            at,
                        )
                    )
                    next_id += 1
                    seg = e
                if len(value) > seg:
                    made.append(_part(Text(value[seg:], NO_SPAN, next_id), start + seg, at))
        self._parts = made
        return made

    @parts.setter
    def parts(self, value: list[Text | Liquid]) -> None:
        self._settle()
        self._parts = value

    @property
    def raw(self) -> str:
        if self.value is None:
            return self.name
        return f"{self.name}{self.eq}{self.quote}{self.value}{self.quote}"


_P = TypeVar("_P", bound=_Leaf)


def _part(node: _P, start: int, at: Span | SourceLines) -> _P:
    """``node`` located at ``start`` of the source its attribute came from."""
    if type(at) is SourceLines:
        at.starts[node.id] = start
    node._at = at
    return node


class Element(_Ranged):
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

    __slots__ = (
        "attrs",
        "children",
        "end_raw",
        "id",
        "name",
        "name_raw",
        "raw_text",
        "self_closing",
        "tag_end",
        "void",
    )
    name: str
    attrs: list[Attr | Liquid]
    children: list[Node]
    name_raw: str
    tag_end: str
    end_raw: str
    self_closing: bool
    void: bool
    raw_text: bool
    id: int

    def __init__(
        self,
        name: str,
        attrs: list[Attr | Liquid] | None = None,
        children: list[Node] | None = None,
        name_raw: str = "",
        tag_end: str = ">",
        end_raw: str = "",
        self_closing: bool = False,
        void: bool = False,
        raw_text: bool = False,
        span: Span = NO_SPAN,
        id: int = 0,
    ) -> None:
        self.name = name
        self.attrs = [] if attrs is None else attrs
        self.children = [] if children is None else children
        self.name_raw = name_raw or name
        self.tag_end = tag_end
        self.end_raw = end_raw
        self.self_closing = self_closing
        self.void = void
        self.raw_text = raw_text
        self._at = span
        self._end = 0
        self.id = id

    def with_attrs(self, attrs: list[Attr | Liquid]) -> Element:
        """A copy of this element with ``attrs`` (its children list, span and id shared)."""
        return Element(
            self.name,
            attrs,
            self.children,
            self.name_raw,
            self.tag_end,
            self.end_raw,
            self.self_closing,
            self.void,
            self.raw_text,
            self.span,
            self.id,
        )

    def __repr__(self) -> str:
        return _repr(
            self,
            (
                "name",
                "attrs",
                "children",
                "name_raw",
                "tag_end",
                "end_raw",
                "self_closing",
                "void",
                "raw_text",
                "span",
                "id",
            ),
        )

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
