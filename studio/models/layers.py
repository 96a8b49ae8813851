"""The layers panel's model: the email's component tree, read from the document text.

Pure Python (no Qt). :func:`build_layers` parses the text exactly as the compiler does
(front matter blanked to spaces, then :func:`components.markup.parse`), so node ids are
the ones the expander writes as ``data-mw-node`` marks in the compiled (marked) HTML.

Rows (:class:`Layer`), by ``kind``:

* ``"standard"`` — an ``x-…`` component; its children are rows when the component
  holds components (``StandardComponent.content == "components"``), none when it
  holds text (paragraph, heading, button, list …) or nothing (image, spacer …);
* ``"custom"`` — a workspace component; its children are its **slot** rows;
* ``"slot"`` — one slot of a custom component (every declared or template slot, empty
  ones too, so they can take drops); its children are the rows of the content
  written for it (a ``<fragment #slot="name">`` is looked through);
* ``"liquid"`` — a Liquid block (``{% if %}``, ``{% unless %}``, ``{% for %}``,
  ``{% case %}``, ``{% tablerow %}``, ``{% capture %}``) whose open and close tokens
  are siblings and which wraps at least one element; with several branches
  (``elsif``/``else``/``when``) its children are ``"branch"`` rows;
* ``"html-group"`` — a run of plain HTML elements between components, one "HTML"
  row, collapsed by default; its children are ``"html"`` rows (one per element,
  whose own children are rows again, so a component inside a table shows).

Text, inline HTML in text, ``{{ output }}`` tokens and MSO conditional comments
(``<!--[if mso]> … <![endif]-->``, whose markup only Outlook reads and which a move
could split) are content, not rows; an element inside a conditional maps to the
row around it (:meth:`Layers.for_mark`).

Ids (``Layer.id``, strings): an element row's id is its node id (``"12"``), the
value of ``data-mw-node`` on the element it renders, so the canvas maps a DOM element
to a row with :meth:`Layers.for_mark`. Other rows: ``"<host id>/slot:<name>"``,
``"liquid:<token id>"``, ``"branch:<token id>"``, ``"html:<first element id>"``.
Ids are stable for one text; after an edit, find rows again by source offset
(:meth:`Layers.at`, :meth:`Layers.starting_at`). :meth:`Layers.node_tree` gives the
element rows as a tree of int node ids (``parent``/``children``/``roots``), the
``NodeTree`` that ``studio.models.visual_selection`` walks.

Public API: ``build_layers(text, library) -> Layers``; ``Layers.rows`` (id → row),
``roots``, iteration in document order, ``row(id)``, ``for_mark(mark)``, ``at(offset)``,
``starting_at(offset)``, ``parent(id)``, ``siblings(id)``, ``previous(id)``,
``next(id)``, ``first_child(id)``, ``ancestors(id)``, ``node_tree()``.

Labels: a row's label is its **leading comment** — a one-line ``<!-- … -->`` written
on the line(s) just before the element (only whitespace between) — else the
component's name (``StandardComponent.label``, ``config.label``, the tag). Renaming
writes or rewrites that comment (``visual_edits.rename``); nothing else is added to
the source, and a move carries the comment with its element.

Spans are character offsets into the document text: ``span`` is the row's own markup
(start tag to end tag, or open to close token), ``inner`` is where child rows go
(between the start and end tags; None when the row takes no children), ``comment``
the leading comment's span (or None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from compiler.envelope import blank_front_matter, read_front_matter
from components.custom.definition import ComponentDefinition
from components.diagnostics import Issue, Severity, line_col
from components.markup import (
    Comment,
    Conditional,
    Document,
    Element,
    Liquid,
    Node,
    Text,
    parse,
    start_tag,
)
from components.standard import REGISTRY

Kind = Literal["standard", "custom", "slot", "liquid", "branch", "html-group", "html"]

#: Liquid tags that open a block a layer row can group, and their branch tags
BLOCKS: dict[str, tuple[str, ...]] = {
    "if": ("elsif", "else"),
    "unless": ("elsif", "else"),
    "case": ("when", "else"),
    "for": ("else",),
    "tablerow": (),
    "capture": (),
}
#: plain HTML elements whose content is never rows (nor a place to drop components)
NO_ROWS = frozenset({"head", "pre", "svg", "math", "select", "object", "picture", "map"})
#: rows deeper than this are not built (the panel says so: ``Layers.issues``)
MAX_DEPTH = 120
_LABEL_RE = re.compile(r"<!--\s*(.*?)\s*-->", re.S)


class Definitions:
    """What the layers need of the workspace's custom components, by tag.

    Built from a :class:`components.custom.library.CustomLibrary` (``from_library``)
    or from definitions directly (tests)."""

    def __init__(self, definitions: Iterable[ComponentDefinition] = ()) -> None:
        self.by_tag = {d.tag: d for d in definitions}

    @classmethod
    def from_library(cls, library: object | None) -> Definitions:
        if library is None:
            return cls()
        definitions = getattr(library, "definitions", None)
        return cls(definitions() if callable(definitions) else ())

    def get(self, tag: str) -> ComponentDefinition | None:
        return self.by_tag.get(tag)

    def is_component(self, tag: str) -> bool:
        return tag.startswith("x-") or tag in self.by_tag


@dataclass(slots=True)
class Layer:
    """One row of the layers panel (see the module docstring for kinds and ids)."""

    id: str
    kind: Kind
    tag: str  # element tag; slot name; Liquid tag name; "" for groups
    label: str
    span: tuple[int, int]
    inner: tuple[int, int] | None
    parent: str | None
    children: list[str] = field(default_factory=list)
    depth: int = 0
    comment: tuple[int, int] | None = None
    #: the element (element rows), the open token (liquid/branch rows), else None
    node: Node | None = field(default=None, repr=False, compare=False)
    #: the component's name when the label is a comment ("Paragraph"…)
    default_label: str = ""
    collapsed: bool = False

    @property
    def node_id(self) -> int:
        """The source node id (== ``data-mw-node``) of an element row, else 0."""
        return self.node.id if isinstance(self.node, Element) else 0


class Layers:
    """The rows of one text, with the lookups the panels and the canvas use."""

    def __init__(
        self,
        text: str,
        document: Document,
        rows: dict[str, Layer],
        roots: list[str],
        definitions: Definitions,
        issues: list[Issue] | None = None,
    ) -> None:
        self.text = text
        #: why some rows are missing (``layers/too-deep``), located; else empty
        self.issues = issues or []
        self.document = document
        self.rows = rows
        self.roots = roots
        self.definitions = definitions
        self._by_node = {r.node_id: r.id for r in rows.values() if r.node_id}
        #: the email has an ``x-base`` row (drop rules ask for every place)
        self.has_base = any(r.tag == "x-base" and r.kind == "standard" for r in rows.values())

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Layer]:
        """Every row in document (depth-first) order."""
        stack = list(reversed(self.roots))
        while stack:
            row = self.rows[stack.pop()]
            yield row
            stack.extend(reversed(row.children))

    def row(self, row_id: str) -> Layer | None:
        return self.rows.get(row_id)

    def for_mark(self, mark: str | int) -> Layer | None:
        """The row of the element a ``data-mw-node`` mark names (None when the element
        is not a row: inline HTML in text selects its text component's row)."""
        try:
            node_id = int(mark)
        except (TypeError, ValueError):
            return None
        found = self._by_node.get(node_id)
        if found is not None:
            return self.rows[found]
        # an element inside a text component: its enclosing row
        for el, ancestors in _element_path(self.document, node_id):
            del el
            for a in reversed(ancestors):
                row_id = self._by_node.get(a.id)
                if row_id is not None:
                    return self.rows[row_id]
        return None

    def at(self, offset: int) -> Layer | None:
        """The innermost row whose span holds ``offset`` (code cursor → selection)."""
        best: Layer | None = None
        for row in self:
            start, end = row.span
            if start <= offset < end and (
                best is None or end - start <= best.span[1] - best.span[0]
            ):
                best = row
        return best

    def starting_at(self, offset: int) -> Layer | None:
        """The outermost row whose span starts at ``offset`` (finding a row again after
        an edit that reported where it put it)."""
        for row in self:
            if row.span[0] == offset and row.kind not in ("slot", "html-group"):
                return row
        return None

    # -- navigation (Esc, arrow keys) --------------------------------------------------
    def parent(self, row_id: str) -> Layer | None:
        row = self.rows.get(row_id)
        return self.rows[row.parent] if row is not None and row.parent else None

    def siblings(self, row_id: str) -> list[str]:
        row = self.rows.get(row_id)
        if row is None:
            return []
        return self.rows[row.parent].children if row.parent else self.roots

    def previous(self, row_id: str) -> Layer | None:
        sib = self.siblings(row_id)
        i = sib.index(row_id) if row_id in sib else -1
        return self.rows[sib[i - 1]] if i > 0 else None

    def next(self, row_id: str) -> Layer | None:
        sib = self.siblings(row_id)
        i = sib.index(row_id) if row_id in sib else -1
        return self.rows[sib[i + 1]] if 0 <= i < len(sib) - 1 else None

    def first_child(self, row_id: str) -> Layer | None:
        row = self.rows.get(row_id)
        return self.rows[row.children[0]] if row is not None and row.children else None

    def node_tree(self) -> NodeTree:
        """The element rows as a tree of node ids (for the selection's keyboard moves)."""
        return NodeTree(self)

    def ancestors(self, row_id: str) -> list[Layer]:
        """The rows around ``row_id``, outermost first."""
        out: list[Layer] = []
        row = self.rows.get(row_id)
        while row is not None and row.parent:
            row = self.rows[row.parent]
            out.append(row)
        out.reverse()
        return out

    def host_of(self, row_id: str) -> Layer | None:
        """The nearest element row around ``row_id`` (a slot's host, a branch's element)."""
        for row in reversed(self.ancestors(row_id)):
            if row.node_id:
                return row
        return None


class NodeTree:
    """The element rows only, by node id (the ``data-mw-node`` ints): what
    :class:`studio.models.visual_selection.NodeTree` asks for (``parent``,
    ``children``, ``roots``). Slot, Liquid and HTML-group rows are looked through: their
    element rows count as children of the element around them."""

    def __init__(self, layers: Layers) -> None:
        self._parent: dict[int, int | None] = {}
        self._children: dict[int, list[int]] = {}
        self._roots: list[int] = []
        for row in layers:
            if not row.node_id:
                continue
            around = next(
                (a.node_id for a in reversed(layers.ancestors(row.id)) if a.node_id), None
            )
            self._parent[row.node_id] = around
            self._children.setdefault(row.node_id, [])
            (self._children.setdefault(around, []) if around is not None else self._roots).append(
                row.node_id
            )

    def parent(self, node_id: int) -> int | None:
        return self._parent.get(node_id)

    def children(self, node_id: int) -> list[int]:
        return self._children.get(node_id, [])

    def roots(self) -> list[int]:
        return self._roots


def body_text(text: str) -> str:
    """``text`` as the compiler parses it: the front matter blanked to spaces."""
    front = read_front_matter(text)
    return blank_front_matter(text, front.end)


def build_layers(
    text: str,
    library: object | None = None,
    *,
    file: str = "",
    definitions: Definitions | None = None,
    document: Document | None = None,
) -> Layers:
    """The layer rows of ``text`` (an email's source). ``library`` is the workspace's
    :class:`components.custom.library.CustomLibrary` (or pass ``definitions``).
    ``document``: the tree of ``text`` already parsed (a compile's
    ``CompileResult.document``), so the text is not parsed again."""
    defs = definitions if definitions is not None else Definitions.from_library(library)
    if document is None:
        document = parse(body_text(text), file).document
    builder = _Builder(text, defs)
    roots = builder.rows_of(document.children, None, 0)
    issues: list[Issue] = []
    if builder.too_deep is not None:
        line, column = line_col(text, builder.too_deep)
        issues.append(
            Issue(
                "layers/too-deep",
                Severity.WARNING,
                f"the email nests deeper than {MAX_DEPTH} levels here; the "
                f"layers show the first {MAX_DEPTH} (edit deeper content in "
                "the code)",
                file,
                line,
                column,
            )
        )
    return Layers(text, document, builder.rows, roots, defs, issues)


class _Builder:
    def __init__(self, text: str, definitions: Definitions) -> None:
        self.text = text
        self.defs = definitions
        self.rows: dict[str, Layer] = {}
        #: where the first content too deep for rows starts (None: nothing was cut)
        self.too_deep: int | None = None

    def add(self, row: Layer) -> str:
        self.rows[row.id] = row
        return row.id

    def rows_of(
        self, nodes: Sequence[Node], parent: str | None, depth: int, in_html: bool = False
    ) -> list[str]:
        """Rows for the nodes of one container, in order (``in_html``: the container is
        a plain HTML element, whose HTML children are rows without another group)."""
        out: list[str] = []
        items = list(nodes)
        if depth > MAX_DEPTH:
            first = next((n for n in items if isinstance(n, Element)), None)
            if first is not None and self.too_deep is None:
                self.too_deep = first.span.start
            return out
        i = 0
        group: Layer | None = None
        while i < len(items):
            node = items[i]
            if isinstance(node, Liquid) and node.kind == "tag" and node.tag_name in BLOCKS:
                end = _block_end(items, i)
                if end is not None and any(isinstance(n, Element) for n in items[i + 1 : end]):
                    group = None
                    out.append(self.liquid(items, i, end, parent, depth))
                    i = end + 1
                    continue
            if isinstance(node, Element):
                if self.defs.is_component(node.name) or node.name == "fragment":
                    group = None
                    out.extend(self.element(node, items, i, parent, depth))
                elif in_html:
                    out.extend(self.element(node, items, i, parent, depth))
                else:
                    if group is None:
                        group = Layer(
                            f"html:{node.id}",
                            "html-group",
                            "",
                            "HTML",
                            (node.span.start, node.span.end),
                            None,
                            parent,
                            depth=depth,
                            collapsed=True,
                        )
                        out.append(self.add(group))
                    group.span = (group.span[0], node.span.end)
                    group.children.extend(self.element(node, items, i, group.id, depth + 1))
            elif (isinstance(node, Text) and node.raw.strip()) or (
                isinstance(node, Liquid) and node.kind == "tag"
            ):
                group = None  # text or a Liquid tag ends a run of HTML elements
            i += 1
        return out

    def element(
        self, el: Element, items: Sequence[Node], index: int, parent: str | None, depth: int
    ) -> list[str]:
        if el.name == "fragment":  # outside a slot: its content is what counts
            return self.rows_of(el.children, parent, depth)
        comment = _leading_comment(self.text, items, index)
        name = el.name
        std = REGISTRY.get(name)
        custom = self.defs.get(name) if std is None else None
        kind: Kind = "standard" if std is not None else ("custom" if custom is not None else "html")
        default = (
            (std.label or name)
            if std is not None
            else ((custom.label or name) if custom is not None else f"<{el.name_raw}>")
        )
        label = _comment_label(self.text, comment) if comment else default
        row = Layer(
            str(el.id),
            kind,
            name,
            label,
            (el.span.start, el.span.end),
            content_span(el),
            parent,
            depth=depth,
            comment=comment,
            node=el,
            default_label=default,
        )
        self.add(row)
        if custom is not None:
            row.children = self.slots(el, custom, row.id, depth + 1)
        elif std is not None and std.content != "components":
            row.inner = None
        elif el.raw_text or el.void or name in NO_ROWS:
            row.inner = None  # script/style/title text, <br>, <head>: no rows, no drops
        else:
            row.children = self.rows_of(el.children, row.id, depth + 1, kind == "html")
        return [row.id]

    def slots(self, host: Element, d: ComponentDefinition, host_id: str, depth: int) -> list[str]:
        names = list(dict.fromkeys([*d.slots, *sorted(d.template_slots)]))
        if "default" in names:
            names.remove("default")
            names.insert(0, "default")
        filled: dict[str, list[Node]] = {}
        fragments: dict[str, Element] = {}
        for child in host.children:
            slot = "default"
            nodes: list[Node] = [child]
            if isinstance(child, Element):
                given = child.get("#slot")
                if given is not None:
                    slot = given.strip() or "default"
                if child.name == "fragment":
                    fragments.setdefault(slot, child)
                    nodes = list(child.children)
            filled.setdefault(slot, []).extend(nodes)
            if slot not in names:
                names.append(slot)
        out: list[str] = []
        host_inner = content_span(host)
        for name in names:
            frag = fragments.get(name)
            inner = (
                content_span(frag)
                if frag is not None
                else (host_inner if name == "default" else None)
            )
            span = (
                (frag.span.start, frag.span.end)
                if frag is not None
                else (host_inner if host_inner is not None else (host.span.start, host.span.end))
            )
            row = Layer(
                f"{host_id}/slot:{name}",
                "slot",
                name,
                "Content" if name == "default" else name,
                span,
                inner,
                host_id,
                depth=depth,
                node=frag,
                default_label=name,
            )
            self.add(row)
            row.children = self.rows_of(filled.get(name, []), row.id, depth + 1)
            out.append(row.id)
        return out

    def liquid(
        self, items: Sequence[Node], start: int, end: int, parent: str | None, depth: int
    ) -> str:
        open_ = items[start]
        close = items[end]
        assert isinstance(open_, Liquid) and isinstance(close, Liquid)
        comment = _leading_comment(self.text, items, start)
        default = _token_label(open_)
        row = Layer(
            f"liquid:{open_.id}",
            "liquid",
            open_.tag_name,
            _comment_label(self.text, comment) if comment else default,
            (open_.span.start, close.span.end),
            (open_.span.end, close.span.start),
            parent,
            depth=depth,
            comment=comment,
            node=open_,
            default_label=default,
        )
        self.add(row)
        branches = _branches(items, start, end, BLOCKS[open_.tag_name])
        if len(branches) == 1:
            row.children = self.rows_of(items[start + 1 : end], row.id, depth + 1)
            return row.id
        for b_start, b_end in branches:
            token = items[b_start]
            assert isinstance(token, Liquid)
            stop = items[b_end]
            branch = Layer(
                f"branch:{token.id}",
                "branch",
                token.tag_name,
                _token_label(token),
                (token.span.start, stop.span.start),
                (token.span.end, stop.span.start),
                row.id,
                depth=depth + 1,
                node=token,
                default_label=_token_label(token),
            )
            self.add(branch)
            branch.children = self.rows_of(items[b_start + 1 : b_end], branch.id, depth + 2)
            row.children.append(branch.id)
        return row.id


def _flatten(nodes: Sequence[Node]) -> Iterator[Node]:
    """The nodes of a container with MSO conditionals looked through."""
    for node in nodes:
        if isinstance(node, Conditional):
            yield from _flatten(node.children)
        else:
            yield node


def _block_end(items: Sequence[Node], start: int) -> int | None:
    """The index of the token closing the block opened at ``start`` (same container)."""
    opened = items[start]
    assert isinstance(opened, Liquid)
    name = opened.tag_name
    depth = 0
    for j in range(start + 1, len(items)):
        node = items[j]
        if not isinstance(node, Liquid) or node.kind != "tag":
            continue
        tag = node.tag_name
        if tag == name:
            depth += 1
        elif tag == "end" + name:
            if depth == 0:
                return j
            depth -= 1
    return None


def _branches(
    items: Sequence[Node], start: int, end: int, branch_tags: tuple[str, ...]
) -> list[tuple[int, int]]:
    """(token index, next token index) of each branch of the block ``start``…``end``."""
    cuts = [start]
    depth = 0
    for j in range(start + 1, end):
        node = items[j]
        if not isinstance(node, Liquid) or node.kind != "tag":
            continue
        tag = node.tag_name
        if tag in BLOCKS:
            depth += 1
        elif tag.startswith("end") and tag[3:] in BLOCKS:
            depth -= 1
        elif depth == 0 and tag in branch_tags:
            cuts.append(j)
    cuts.append(end)
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]


def _token_label(token: Liquid) -> str:
    inner = token.raw[2:-2] if token.terminated else token.raw[2:]
    return " ".join(inner.strip("-").split())


def content_span(el: Element) -> tuple[int, int] | None:
    """Where children of ``el`` go: after its start tag, before its end tag."""
    if el.void or el.self_closing or not el.tag_end:
        return None
    last = el.attrs[-1] if el.attrs else None
    if last is None:
        start = el.span.start + 1 + len(el.name_raw) + len(el.tag_end)
    elif last.span.end:
        start = last.span.end + len(el.tag_end)
    else:
        start = el.span.start + len(start_tag(el))
    end = el.span.end - len(el.end_raw)
    return (start, end) if end >= start else None


def _leading_comment(text: str, items: Sequence[Node], index: int) -> tuple[int, int] | None:
    """The span of a one-line comment on the line(s) just before ``items[index]``:
    only whitespace (with at least one newline) between them."""
    j = index - 1
    gap = ""
    if j >= 0 and isinstance(items[j], Text):
        gap = items[j].raw  # type: ignore[union-attr]
        if gap.strip() or "\n" not in gap or gap.count("\n") > 1:
            return None
        j -= 1
    else:
        return None
    if j < 0 or not isinstance(items[j], Comment):
        return None
    comment = items[j]
    assert isinstance(comment, Comment)
    if "\n" in comment.raw or not comment.terminated or comment.raw.startswith("<!--["):
        return None
    line_start = text.rfind("\n", 0, comment.span.start) + 1
    if text[line_start : comment.span.start].strip():
        return None  # something else on the comment's line: not a label
    return (comment.span.start, comment.span.end)


def _comment_label(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    m = _LABEL_RE.fullmatch(text[span[0] : span[1]])
    return m.group(1) if m else ""


def _element_path(document: Document, node_id: int) -> Iterator[tuple[Element, list[Element]]]:
    """The element with ``node_id`` and its element ancestors (outermost first). Ids
    grow in document order, so only the last element child whose id is not past
    ``node_id`` can hold it."""
    nodes: Sequence[Node] = document.children
    ancestors: list[Element] = []
    while True:
        holder: Element | None = None
        for node in _flatten(nodes):
            if isinstance(node, Element) and node.id <= node_id:
                holder = node
        if holder is None:
            return
        if holder.id == node_id:
            yield holder, ancestors
            return
        ancestors = [*ancestors, holder]
        nodes = holder.children
