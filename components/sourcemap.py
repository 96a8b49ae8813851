"""Link output elements back to the source spans they came from.

The expander marks every output element that stems from a source element
with ``data-mw-node="<id>"`` (the source node's id). Transformers keep
unknown attributes, so the mark survives the whole pipeline; validators and
the studio's Inspect Element / Focus Mode look ids up here. The compiler
ships the HTML without them and keeps only their places (:func:`unmark`, :class:`Marks`).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable

from components.markup.nodes import Element, SourceLines, Span

MARK_ATTR = "data-mw-node"
#: what a mark starts with (then the node id and a quote)
MARK_HEAD = f' {MARK_ATTR}="'
#: a mark as the expander writes it (a space before it), its node id the group
MARK_RE = re.compile(" " + MARK_ATTR + r'="(\d+)"')
_MARK_START = MARK_HEAD  # (every match of MARK_RE starts so)
_ID_RE = re.compile(r'data-mw-node="(\d+)"')


class Origin:
    """Where an output element came from: a file, a span in it, and the source tag.

    Read-only. :meth:`of` records a parsed element's place without its line and column,
    which are found when :attr:`span` is first read (the expander marks every element
    it writes; few origins are ever read). It keeps the tree's line starts
    (:class:`~components.markup.nodes.SourceLines`), not its source text."""

    __slots__ = ("_at", "_end", "_id", "file", "tag")
    file: str
    tag: str
    #: the span, or the tree's lines, which hold the element's start by its id (``_id``)
    _at: Span | SourceLines
    _id: int
    _end: int

    def __init__(self, file: str, span: Span, tag: str) -> None:
        self.file = file
        self.tag = tag
        self._at = span
        self._id = self._end = 0

    @classmethod
    def of(cls, file: str, node: Element, tag: str) -> Origin:
        """The origin of an output element made from ``node`` of ``file``."""
        origin = _new(cls)
        origin.file = file
        origin.tag = tag
        # (what node.place() gives, without its call; the node's own ints: none made)
        at = origin._at = node._at
        origin._id, origin._end = node.id, node._end
        if type(at) is SourceLines and at._newlines is None:
            at.newlines()  # found now: the origin keeps them, not the source text
        return origin

    @property
    def span(self) -> Span:
        at = self._at
        if isinstance(at, Span):
            return at
        span = self._at = at.span(at.starts[self._id], self._end)
        return span

    def _key(self) -> tuple[str, Span, str]:
        return self.file, self.span, self.tag

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Origin(file={self.file!r}, span={self.span!r}, tag={self.tag!r})"


_new = object.__new__


class SourceMap:
    """Node id → origin, for one compile.

    The expander marks every element it writes, so a compile records an origin for most
    of its email's elements. Those of one parsed tree (the email's) are kept by node id
    in two arrays (the element's end, its tag as an index into the names met), sized to
    the tree's ids, and the tree's lines (which hold each node's start) once: about
    6 bytes an id of the tree, against an :class:`Origin`, a dict entry and two ``int``
    objects (some 180 bytes) an element. Any other origin (an element built in code, or
    of another tree) is kept as given. :attr:`origins`, the dict of them all in the
    order they were added, is made when first read; the map then keeps that dict.
    """

    __slots__ = (
        "_dict",
        "_ends",
        "_file",
        "_index",
        "_lines",
        "_mark_file",
        "_names",
        "_order",
        "_other",
        "_tags",
    )

    def __init__(self, origins: dict[int, Origin] | None = None) -> None:
        #: the dict of every origin, once made (or given); None while kept compactly
        self._dict = origins
        self._lines: SourceLines | None = None  # the tree whose elements are kept compactly
        self._file = ""
        self._ends = array("I")  # by node id: the element's end; 0 for none kept
        self._tags = array("H")  # by node id: the element's tag, an index into _names
        self._names: list[str] = []
        self._index: dict[str, int] = {}  # a name's index in _names
        self._order = array("I")  # the ids, in the order their origins came
        self._other: dict[int, Origin] = {}
        self._mark_file = ""  # (the file of marker's marks)

    @property
    def origins(self) -> dict[int, Origin]:
        """Every origin by node id (made now from the compact record; kept from now on)."""
        made = self._dict
        if made is None:
            made = self._dict = self._made()
            self._lines = None
            self._ends, self._tags, self._order = array("I"), array("H"), array("I")
            self._names, self._index, self._other = [], {}, {}
        return made

    def _made(self) -> dict[int, Origin]:
        other = self._other
        return {
            node_id: other.get(node_id) or self._compact(node_id)  # type: ignore[misc]
            for node_id in self._order
        }

    def _compact(self, node_id: int) -> Origin | None:
        """The origin kept compactly for ``node_id``, made now; None when there is none."""
        ends = self._ends
        if node_id >= len(ends) or not ends[node_id] or self._lines is None:
            return None
        origin: Origin = _new(Origin)
        origin.file = self._file
        origin.tag = self._names[self._tags[node_id]]
        origin._at = self._lines
        origin._id = node_id
        origin._end = ends[node_id]
        return origin

    def add(self, node_id: int, origin: Origin) -> None:
        """Keep ``origin`` for ``node_id`` unless one is kept for it already."""
        made = self._dict
        if made is not None:
            made.setdefault(node_id, origin)
        elif node_id not in self._other and self._compact(node_id) is None:
            self._other[node_id] = origin
            self._order.append(node_id)

    def marker(self, file: str) -> Callable[[Element], str]:
        """What marks an output element made from an element of ``file`` and records its
        origin (:meth:`add_node`), for an expansion that keeps no journal (the expander's
        ``ctx.mark``, one call a mark): the mark attribute, `` data-mw-node="<id>"``, or ""
        for an element without an id."""
        self._mark_file = file
        return self._mark

    def _mark(self, node: Element) -> str:
        node_id = node.id
        if not node_id:
            return ""
        # add_node's usual case (an element of the tree kept compactly, a tag met first
        # numbered as add_node numbers it), without its call (tests/components/test_sourcemap.py)
        if self._dict is None:
            ends = self._ends
            if node_id < len(ends):
                if ends[node_id] or node_id in self._other:
                    return f'{MARK_HEAD}{node_id}"'  # (the first origin of an id is kept)
                end = node._end
                if node._at is self._lines and self._mark_file == self._file and end:
                    name = node.name
                    tag = self._index.get(name)
                    if tag is None and len(self._names) < 0xFFFF:
                        tag = self._index[name] = len(self._names)
                        self._names.append(name)
                    if tag is not None:
                        ends[node_id] = end
                        self._tags[node_id] = tag
                        self._order.append(node_id)
                        return f'{MARK_HEAD}{node_id}"'
        self.add_node(node_id, self._mark_file, node)
        return f'{MARK_HEAD}{node_id}"'

    def add_node(self, node_id: int, file: str, node: Element) -> bool:
        """Record that an output element was made from ``node`` of ``file``, under
        ``node_id`` (``Origin.of(file, node, node.name)``), unless an origin of that id is
        kept already; whether it was recorded. (The marker's usual case, :meth:`_mark`,
        records without this call.)"""
        made = self._dict
        if made is not None:
            if node_id in made:
                return False
            made[node_id] = Origin.of(file, node, node.name)
            return True
        ends = self._ends
        if (node_id < len(ends) and ends[node_id]) or node_id in self._other:
            return False
        at, own_id, end = node.place()
        if type(at) is SourceLines and own_id == node_id and end:
            lines = self._lines
            if lines is None:
                lines = self._lines = at
                self._file = file
                at.newlines()  # found now: the map keeps them, not the source text
                size = len(at.starts)
                ends = self._ends = array("I", bytes(4 * size))
                self._tags = array("H", bytes(2 * size))
            name = node.name
            tag = self._index.get(name)
            if tag is None and len(self._names) < 0xFFFF:
                tag = self._index[name] = len(self._names)
                self._names.append(name)
            if lines is at and file == self._file and node_id < len(ends) and tag is not None:
                ends[node_id] = end
                self._tags[node_id] = tag
                self._order.append(node_id)
                return True
        self._other[node_id] = Origin.of(file, node, node.name)
        self._order.append(node_id)
        return True

    def origin(self, node_id: int) -> Origin | None:
        made = self._dict
        if made is not None:
            return made.get(node_id)
        return self._other.get(node_id) or self._compact(node_id)

    def node_at(self, offset: int, file: str = "") -> int | None:
        """The innermost source element whose span contains ``offset``."""
        best: tuple[int, int] | None = None
        for node_id, o in self._view().items():
            if file and o.file != file:
                continue
            if o.span.start <= offset < o.span.end:
                size = o.span.end - o.span.start
                if best is None or size < best[0]:
                    best = (size, node_id)
        return None if best is None else best[1]

    def locate_output(self, html: str, offset: int) -> Origin | None:
        """The origin of the nearest marked element at or before ``offset`` in ``html``."""
        start = html.rfind("data-mw-node=", 0, offset + 1)
        while start != -1:
            m = _ID_RE.match(html, start)
            if m:
                o = self.origin(int(m.group(1)))
                if o is not None:
                    return o
            start = html.rfind("data-mw-node=", 0, start)
        return None

    def _view(self) -> dict[int, Origin]:
        """Every origin by id, without keeping the dict (a read that changes nothing)."""
        return self._dict if self._dict is not None else self._made()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return self._view() == other._view()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap(origins={self._view()!r})"


def mark(node_id: int) -> str:
    """The attribute text (with leading space) that marks an output element."""
    return f' {MARK_ATTR}="{node_id}"'


def strip_marks(html: str) -> str:
    return MARK_RE.sub("", html)


class Marks:
    """The ``data-mw-node`` marks of a page, kept without the marked page: the length of
    the text before each mark (and after the last) and the marks' node ids, one string
    (about 12 bytes a mark). :meth:`apply` puts them back (the marked page, made when
    the studio asks for it)."""

    __slots__ = ("ids", "lengths")

    def __init__(self, lengths: array[int] | None = None, ids: str = "") -> None:
        self.lengths = array("L") if lengths is None else lengths
        self.ids = ids  # space-separated

    def __len__(self) -> int:
        return max(len(self.lengths) - 1, 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Marks):
            return NotImplemented
        return self.lengths == other.lengths and self.ids == other.ids

    __hash__ = None  # type: ignore[assignment]

    def apply(self, html: str) -> str:
        """``html`` (the page these marks were taken from) with its marks back in place."""
        if len(self.lengths) < 2:
            return html
        pieces: list[str] = []
        append = pieces.append
        last = 0
        for length, node_id in zip(self.lengths, self.ids.split(), strict=False):
            append(html[last : last + length])
            append(f' {MARK_ATTR}="{node_id}"')
            last += length
        append(html[last:])
        return "".join(pieces)


def unmark(pages: list[str]) -> tuple[str, Marks]:
    """The page ``pages`` holds (taken out of it) without its marks, and the marks.

    The caller hands over the page's only reference: it is let go once split at its
    marks, before the page without them is joined, so the marked page and the stripped
    one are never both held beside the pieces between the marks (the compile's peak
    memory). Gives the same page as :func:`strip_marks`."""
    page = pages.pop()
    if _MARK_START not in page:  # (an MJML email's, a page compiled without marks)
        return page, Marks(array("L", (len(page),)))
    parts = MARK_RE.split(page)
    del page
    texts = parts[::2]
    marks = Marks(array("L", map(len, texts)), " ".join(parts[1::2]))
    del parts
    return "".join(texts), marks
