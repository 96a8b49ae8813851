"""The expansion context and tree walker.

The walker visits the markup tree once and appends HTML strings to a buffer.
Plain HTML, text, comments, doctypes and Liquid are written back exactly as
they were parsed (the only addition is the ``data-mw-node`` mark in start
tags, which the compiler strips). ``x-*`` tags are rendered by the standard
component registry; other unknown tags by the :class:`ComponentLibrary` when
one is given (custom components).

Everything a renderer needs goes through :class:`ExpandContext`: expanding
child nodes, evaluating expressions, adding CSS, reporting located issues,
marking output elements, and the inherited text styles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from components.diagnostics import Issue, Severity
from components.expand.html import HTML_ELEMENTS, expression, is_known_tag
from components.expand.replay import (
    AFTER_FIELDS,
    ExpansionCache,
    Op,
    UnitRecord,
    Where,
    last_id,
    marks_within,
    replay,
)
from components.js import JSEngine, JSError, Scope
from components.js.literal import NOT_LITERAL, literal_value
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
    walk,
)
from components.markup.serialize import start_tag
from components.schema import MISSING
from components.sourcemap import MARK_HEAD, SourceMap
from styles.css import DARK_MEDIA, CssBuilder, ResolvedDefaults, css_value
from styles.dynamic import DynamicValueError, Variants, variants
from styles.fonts import google_font_link
from styles.globals import globals_object
from styles.model import GlobalStyles

STYLE_SLOT = "\x00mw:style\x00"
HEAD_SLOT = "\x00mw:head\x00"
#: where x-base puts the one <title> (its own, else the first component title, else empty)
TITLE_SLOT = "\x00mw:title\x00"

_UNMARKED = frozenset({"html", "head", "meta", "link", "title", "style", "script", "base", "body"})


#: what x-row sets for its next x-column (see :attr:`ExpandContext.column_frame`)
ColumnFrame = tuple[str, float, float, bool, str]
#: what :attr:`ExpandContext.window` saw of the children of a use being recorded: the
#: output length, issue count, inherited dict, hidden_on and column frame when they
#: started, then the output length and issue count when they ended
Window = tuple[int, int, dict[str, object], str, ColumnFrame | None, int, int]
#: what the watch of those children saw: their :data:`Window`, False when they were
#: expanded more than once, None when not at all
Seen = Window | Literal[False] | None


@dataclass(frozen=True, slots=True)
class ExpandOptions:
    """How to expand.

    ``marks``: add ``data-mw-node`` marks (default True; the compiler strips them).
    ``breakpoint``: the mobile/desktop width in px for responsive values (600).
    ``time_limit_ms`` / ``memory_limit_mb``: limits of the engine made when none is passed.
    ``max_nodes`` / ``max_bytes``: the most nodes and text the custom components of one
    email may make, all together (:class:`ExpansionBudget`).
    """

    marks: bool = True
    breakpoint: int = 600
    time_limit_ms: int = 250
    memory_limit_mb: int = 64
    max_nodes: int = 30_000
    max_bytes: int = 8 * 2**20


class ExpansionLimit(Exception):
    """The email's expansion budget is spent: unwinds to the outermost component use,
    which drops its output and reports once (at ``each``, the outermost ``#each`` inside
    that use's own template, when there is one)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        #: (component file, the #each attribute, host description) of the outermost
        #: ``#each`` passed since the last component boundary
        self.each: tuple[str, Attr, str] | None = None


#: the nodes a custom component use counts in the :class:`ExpansionBudget` (a module
#: constant, not a class attribute of the dataclass: mypyc reads those as fields)
USE_NODES = 10


@dataclass(slots=True)
class ExpansionBudget:
    """Nodes and text bytes made by custom components in one email, all uses together.

    Nested ``#each``, slots rendered twice and components that contain many others
    multiply: a cap per directive does not bound their product; this one does. Spent
    only while a custom component expands (``depth`` > 0), so a large email of plain
    markup is never refused. A node is an element or text made or expanded, a copy an
    ``#each`` makes, and a component use counts :data:`USE_NODES` nodes (it runs a script
    and walks a template: the costliest thing to multiply).
    """

    max_nodes: int
    max_bytes: int
    nodes: int = 0
    bytes: int = 0
    depth: int = 0

    def spend(self, nodes: int, size: int = 0) -> None:
        self.nodes += nodes
        self.bytes += size
        if self.nodes > self.max_nodes:
            raise ExpansionLimit(f"more than {self.max_nodes:,} nodes")
        if self.bytes > self.max_bytes:
            raise ExpansionLimit(f"more than {self.max_bytes / 2**20:.0f} MB of text")


class ComponentRenderer(Protocol):
    """Renders one custom component use (the host element) into ``out``."""

    def render(self, ctx: ExpandContext, element: Element, out: list[str]) -> None: ...


class StandardRenderer(Protocol):
    """Expands one standard component element (``x-section`` …) into ``out``: what the
    context needs of :class:`components.standard.registry.StandardComponent`, named
    here so that this module does not import the components that import it."""

    def expand(self, ctx: ExpandContext, el: Element, out: list[str]) -> None: ...


class ComponentLibrary(Protocol):
    """Knows the custom components of a workspace by tag name."""

    def get(self, tag: str) -> ComponentRenderer | None: ...

    def has(self, tag: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class TemplateOrigin:
    """An element made from a component template: the component ``file``, the
    element's ``span`` there, and ``host``, the use of the component that made it
    (``emails/a.html:4:3 <promo-card>``, a chain for nested components)."""

    element: Element
    file: str
    span: Span
    host: str


@dataclass(slots=True)
class Expansion:
    """The result of expanding one document."""

    html: str
    source_map: SourceMap
    issues: list[Issue]
    title: str = ""
    preheader: str = ""


#: what a consumed node leaves in its list (:attr:`ExpandContext.consume`)
_GONE = Text("")


def _unmarked(node: Element) -> str:
    """:attr:`ExpandContext.mark` without marks."""
    return ""


def _journaled_marker(
    source_map: SourceMap, journal: list[Op], file: str
) -> Callable[[Element], str]:
    """:attr:`ExpandContext.mark` while a journal is kept: each origin the source map
    records is journaled too (the studio's expansion cache replays it)."""

    def mark(node: Element) -> str:
        node_id = node.id
        if not node_id:
            return ""
        # (the first origin of an id is kept)
        if source_map.add_node(node_id, file, node):
            journal.append(("origin", node_id, source_map.origin(node_id)))
        return f'{MARK_HEAD}{node_id}"'

    return mark


@dataclass(slots=True)
class ExpandContext:
    """State of one expansion; handed to every renderer.

    The JavaScript engine and the root scope (``globalStyles``) are made on first use
    (:attr:`engine`, :attr:`scope`): an email whose ``:prop`` values are all plain
    literals (:func:`components.js.literal.literal_value`) and that uses no custom
    component makes no engine. ``js_engine`` / ``js_scope`` pass ready ones.
    """

    file: str
    styles: GlobalStyles
    options: ExpandOptions
    library: ComponentLibrary | None
    registry: Mapping[str, StandardRenderer]
    css: CssBuilder
    js_engine: JSEngine | None = None
    js_scope: Scope | None = None
    source_map: SourceMap = field(default_factory=SourceMap)
    issues: list[Issue] = field(default_factory=list)
    #: raw content for <head> after the merged styles (x-head, font links), in order
    head: list[str] = field(default_factory=list)
    font_links: dict[str, None] = field(default_factory=dict)
    #: font stack → its Google Fonts link ("" for none), for this expansion
    font_stacks: dict[str, str] = field(default_factory=dict)
    title: str = ""
    preheader: str = ""
    #: the email envelope's preheader (front matter or sidecar): x-base writes it when
    #: it has no ``preheader`` prop of its own
    envelope_preheader: str = ""
    #: x-base's own ``<title>`` element (empty when it has no title)
    base_title_html: str = ""
    #: the first ``<title>`` a custom component supplied, and its text
    component_title_html: str = ""
    component_title: str = ""
    #: text props set by enclosing containers (prop name → value, maybe dynamic); a new
    #: dict whenever they change (never changed in place)
    inherited: dict[str, object] = field(default_factory=dict)
    #: (id of an :attr:`inherited` dict, the values given over it) → (that dict, the dict
    #: they make), so that containers written alike hand down one dict
    inherited_memo: dict[tuple[object, ...], tuple[dict[str, object], dict[str, object]]] = field(
        default_factory=dict
    )
    #: global-styles component → (the props it inherits, the :attr:`inherited` dict read,
    #: the text props they give over that component's defaults), the last ones made; see
    #: :func:`components.standard.common.text_values`
    inherited_text: dict[str, tuple[tuple[str, ...], dict[str, object], dict[str, object]]] = field(
        default_factory=dict
    )
    #: "mobile" / "desktop" when an enclosing component hides its content
    hidden_on: str = ""
    mso_rules: dict[str, None] = field(default_factory=dict)
    #: the global styles' component defaults, resolved once for ``styles`` (a loaded
    #: project's); None: resolved in this expansion
    #: (:func:`components.standard.common.global_defaults`)
    style_defaults: ResolvedDefaults | None = None
    #: component → its defaults as resolved in this expansion, and other per-expansion
    #: memos of the standard components
    global_cache: dict[str, dict[str, object]] = field(default_factory=dict)
    #: set by x-row for its next x-column: (class, width %, gap px, multi fallback,
    #: the padding side of the gap: padding-left, or padding-right in a rtl row)
    column_frame: ColumnFrame | None = None
    #: the document being expanded; elements from elsewhere (custom component
    #: templates) are not seen by the markup validator
    document: Document | None = None
    _document_elements: set[int] | None = None
    #: per-expansion state of renderers outside this package (custom components), by owner
    extensions: dict[str, object] = field(default_factory=dict)
    #: the props of standard component uses by tag and literal attribute list (uses
    #: that repeat one share them: :meth:`StandardComponent.evaluate_props`)
    props_memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    #: id(element made from a component template) → where it is written: issues about
    #: it are located in that file (see :meth:`origin_of`)
    origins: dict[int, TemplateOrigin] = field(default_factory=dict)
    #: dynamic values already turned into CSS in this expansion: (property, leaves) →
    #: (inline declaration, generated class); their rules are in :attr:`css`
    dynamic_css: dict[tuple[object, ...], tuple[tuple[str, str] | None, str | None]] = field(
        default_factory=dict
    )
    #: (property, id of a dynamic value) → (that value, its entry in :attr:`dynamic_css`):
    #: the same object met again (a global default, a shared prop) is not read again
    dynamic_values: dict[
        tuple[str, int], tuple[object, tuple[tuple[str, str] | None, str | None]]
    ] = field(default_factory=dict)
    #: tag names of the elements being expanded, outermost first (conditionals and
    #: Liquid are not elements): the last one is the parent of the next element
    open_elements: list[str] = field(default_factory=list)
    #: the records of this email's previous expansion (see :mod:`components.expand.replay`)
    cache: ExpansionCache | None = None
    #: every change to the shared state, in order, while a cache is in use
    journal: list[Op] | None = None
    #: how often an element read state that earlier elements left (see depends_on_order)
    order_reads: int = 0
    #: the cache keys of the units inside each unit being expanded, innermost last
    _units: list[list[tuple[object, ...]]] = field(default_factory=list)
    #: standard component uses recorded in this expansion, to be written again for a
    #: later use with the same props object in the same context (see
    #: :mod:`components.standard.registry`, ``UseRecord``; True where a use was only
    #: noted, False where its record could not be made); never kept between expansions
    use_records: dict[tuple[object, ...], object] = field(default_factory=dict)
    #: how many uses were written from a record (for the benches and tests)
    uses_replayed: int = 0
    #: while a use is recorded: the children list whose expansion is watched, and what
    #: the watch saw (:data:`Seen`)
    watch: Sequence[Node] | None = None
    window: Seen = None
    #: a children list whose nodes are let go one by one as they are expanded (the
    #: compiler's, when nothing reads its tree after the walk: the page's sections, so the
    #: tree shrinks while the page's pieces grow); expanded once, then None
    consume: list[Node] | None = None
    #: what the custom components of this email may still make
    budget: ExpansionBudget = field(init=False)

    #: ``options.marks`` (read for every marked element)
    marks: bool = field(init=False)
    #: the mark attribute for an output element made from an element (registers its
    #: origin; "" without marks): the source map's marker while no journal is kept, one
    #: call a mark
    mark: Callable[[Element], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.budget = ExpansionBudget(self.options.max_nodes, self.options.max_bytes)
        self.marks = self.options.marks
        # (never a method of this context: one kept on it would make a reference cycle, and
        # the compile, which pauses the cyclic collector, would hold the context and the
        # source's tree until the collector ran again)
        if not self.marks:
            self.mark = _unmarked
        elif self.journal is None:
            self.mark = self.source_map.marker(self.file)
        else:
            self.mark = _journaled_marker(self.source_map, self.journal, self.file)

    @property
    def engine(self) -> JSEngine:
        """This expansion's JavaScript engine (made on first use)."""
        engine = self.js_engine
        if engine is None:
            engine = self.js_engine = JSEngine(
                self.options.time_limit_ms, self.options.memory_limit_mb
            )
        return engine

    @property
    def scope(self) -> Scope:
        """The scope expressions of the email see: ``globalStyles`` (made on first use)."""
        scope = self.js_scope
        if scope is None:
            engine = self.engine
            try:
                scope = engine.scope({"globalStyles": globals_object(self.styles)})
            except JSError:
                scope = engine.root
            self.js_scope = scope
        return scope

    @property
    def parent_tag(self) -> str:
        """The tag of the element around the one being expanded ("" at the top)."""
        stack = self.open_elements
        return stack[-2] if len(stack) > 1 else ""

    def origin_of(self, el: Element) -> TemplateOrigin | None:
        """Where ``el`` is written when it was made from a component template."""
        found = self.origins.get(id(el))
        return found if found is not None and found.element is el else None

    def add_origin(self, el: Element, file: str, span: Span, host: str) -> None:
        """Record that ``el`` was made from ``file`` at ``span`` for the use ``host``."""
        self.origins[id(el)] = TemplateOrigin(el, file, span, host)

    def in_document(self, el: Element) -> bool:
        """True when ``el`` is part of :attr:`document` (not of a component template)."""
        if self.document is None:
            return False
        found = self._document_elements
        if found is None:
            found = self._document_elements = set()
            stack: list[Document | Element | Conditional] = [self.document]
            while stack:
                for node in stack.pop().children:
                    if isinstance(node, Element):
                        found.add(id(node))
                        stack.append(node)
                    elif isinstance(node, Conditional):
                        stack.append(node)
        return id(el) in found

    # -- walking ------------------------------------------------------------------
    def expand_nodes(self, nodes: Sequence[Node], out: list[str]) -> None:
        if nodes is self.watch:  # the children of a use being recorded
            self._watched(nodes, out)
            return
        if nodes is self.consume:
            self._consumed(self.consume, out)
            return
        budget = self.budget
        if budget.depth:  # inside a custom component: every node spends from the budget
            for node in nodes:  # (as expand_node does, the common kinds without its call)
                kind = type(node)
                if kind is Element:
                    budget.spend(1)
                    self.expand_element(node, out)  # type: ignore[arg-type]
                elif kind is Text or kind is Liquid or kind is Comment:
                    budget.spend(1, len(node.raw))  # type: ignore[union-attr]
                    out.append(node.raw)  # type: ignore[union-attr]
                else:
                    self.expand_node(node, out)
            return
        # outside any (the depth is back to 0 after each node: a component that raises it
        # lowers it when it ends), and an element without the cache's units expanded as
        # expand_element would, without its call
        registry = None if self.cache is not None else self.registry
        stack = self.open_elements
        for node in nodes:
            kind = type(node)
            if kind is Element:
                if registry is not None:
                    name = node.name  # type: ignore[union-attr]
                    component = registry.get(name)  # (an x- tag: the others are not in it)
                    stack.append(name)
                    try:
                        if component is not None:
                            component.expand(self, node, out)  # type: ignore[arg-type]
                        elif name in HTML_ELEMENTS:  # (what _expand_element does with it)
                            self._pass_through(node, out)  # type: ignore[arg-type]
                        else:
                            self._expand_element(node, out)  # type: ignore[arg-type]
                    finally:
                        stack.pop()
                    continue
                self.expand_element(node, out)  # type: ignore[arg-type]
            elif kind is Text or kind is Liquid or kind is Comment:
                out.append(node.raw)  # type: ignore[union-attr]
            else:
                self.expand_node(node, out)

    def _consumed(self, nodes: list[Node], out: list[str]) -> None:
        """Expand :attr:`consume`'s nodes, each taken out of the list (an empty text left
        in its place) once expanded: nothing holds it then. (While it is expanded it is
        in the tree, where :meth:`in_document` finds its elements.)"""
        self.consume = None
        for i in range(len(nodes)):
            node = nodes[i]
            self.expand_nodes((node,), out)
            nodes[i] = _GONE
            if self._document_elements is not None and isinstance(node, (Element, Conditional)):
                # its elements' ids go with them (the id of a later object, a template's
                # element, may be one of them)
                self._document_elements.difference_update(
                    id(n) for n in (node, *walk(node)) if isinstance(n, Element)
                )
            del node

    def watch_children(self, nodes: Sequence[Node]) -> tuple[Sequence[Node] | None, Seen]:
        """Watch the expansion of ``nodes`` (the children of a use being recorded) until
        :meth:`end_watch`; what was watched before is returned, for it."""
        saved = (self.watch, self.window)
        self.watch, self.window = nodes, None
        return saved

    def end_watch(self, saved: tuple[Sequence[Node] | None, Seen]) -> Seen:
        """What the watch saw (:attr:`window`); the one before it (``saved``) resumes."""
        seen = self.window
        self.watch, self.window = saved
        return seen

    def _watched(self, nodes: Sequence[Node], out: list[str]) -> None:
        """Expand the children of the use being recorded, noting where they start and
        end in ``out`` and the context they see (:attr:`window`)."""
        self.watch = None  # (the expansion inside is not watched)
        if self.window is None:
            length, issues = len(out), len(self.issues)
            inherited, hidden_on, frame = self.inherited, self.hidden_on, self.column_frame
            try:
                self.expand_nodes(nodes, out)
            finally:
                self.window = (
                    length,
                    issues,
                    inherited,
                    hidden_on,
                    frame,
                    len(out),
                    len(self.issues),
                )
        else:  # expanded twice: not recorded
            self.window = False
            self.expand_nodes(nodes, out)
        self.watch = nodes

    def expand_node(self, node: Node, out: list[str]) -> None:
        if isinstance(node, Element):
            if self.budget.depth:
                self.budget.spend(1)
            self.expand_element(node, out)
        elif isinstance(node, (Text, Liquid, Comment, Doctype)):
            if self.budget.depth:
                self.budget.spend(1, len(node.raw))
            out.append(node.raw)
        elif isinstance(node, Conditional):
            out.append(node.open_raw)
            self.expand_nodes(node.children, out)
            out.append(node.close_raw)

    def expand_element(self, el: Element, out: list[str]) -> None:
        if self.cache is not None and not self.budget.depth and el.id and self.in_document(el):
            self._expand_unit(self.cache, el, out)
            return
        stack = self.open_elements
        name = el.name
        stack.append(name)
        try:
            component = self.registry.get(name) if name[:2] == "x-" else None
            if component is not None:  # (_expand_element's common case, without its call)
                component.expand(self, el, out)
            else:
                self._expand_element(el, out)
        finally:
            stack.pop()

    def _expand_unit(self, cache: ExpansionCache, el: Element, out: list[str]) -> None:
        """An email element outside any custom component: replayed from the cache when
        its source and context are unchanged, else expanded and recorded."""
        assert self.document is not None and self.journal is not None
        span = el.span
        key = (
            self.document.source[span.start : span.end],
            tuple(self.open_elements),
            repr(self.inherited),
            self.hidden_on,
            self.column_frame,
            self.title,
            self.preheader,
            self.base_title_html,
            self.component_title_html,
            self.component_title,
        )
        units = self._units
        record = cache.records.get(key)
        if record is not None and replay(self, record, el, out):
            cache.hits += 1
            cache.keep(key, record)
            if units:
                units[-1].append(key)
            return
        cache.misses += 1
        start, ops, issues, reads = len(out), len(self.journal), len(self.issues), self.order_reads
        budget = self.budget
        spent = (budget.nodes, budget.bytes)
        stack = self.open_elements
        stack.append(el.name)
        units.append([])
        try:
            self._expand_element(el, out)
        finally:
            stack.pop()
            inner = units.pop()
        if self.order_reads != reads or cache.off:
            return
        output = "".join(out[start:])
        last = last_id(el)
        if not marks_within(output, el.id, last):
            return
        cache.used[key] = UnitRecord(
            Where(span.start, span.line, span.column, el.id),
            last - el.id,
            output,
            tuple(self.journal[ops:]),
            tuple(self.issues[issues:]),
            tuple(getattr(self, name) for name in AFTER_FIELDS),
            (budget.nodes - spent[0], budget.bytes - spent[1]),
            tuple(inner),
        )
        if units:
            units[-1].append(key)

    def depends_on_order(self) -> None:
        """The element being expanded read state that earlier elements left (a head tag
        added only once): it cannot be replayed elsewhere, so it is not recorded."""
        self.order_reads += 1

    def uncacheable(self) -> None:
        """Something made this whole expansion depend on its order (a problem reported
        only the first time it is met): keep no records of it."""
        if self.cache is not None:
            self.cache.off = True

    def add_head(self, tag: str, *, once: bool = False) -> None:
        """Add raw content for ``<head>`` (``once``: unless the same tag is there)."""
        if once:
            self.depends_on_order()
            if tag in self.head:
                return
        self.head.append(tag)
        if self.journal is not None:
            self.journal.append(("head", tag))

    def _expand_element(self, el: Element, out: list[str]) -> None:
        name = el.name
        if name.startswith("x-"):
            component = self.registry.get(name)
            if component is None:
                self.report(
                    "markup/unknown-tag",
                    f"unknown standard component <{el.name_raw}>: check the spelling "
                    "(see docs/standard-components.md); its content is kept as is",
                    node=el,
                )
                self._pass_through(el, out)
                return
            component.expand(self, el, out)
            return
        if self.library is not None and not is_known_tag(name):
            renderer = self.library.get(name)
            if renderer is not None:
                renderer.render(self, el, out)
                return
        self._pass_through(el, out)

    def _pass_through(self, el: Element, out: list[str]) -> None:
        if not el.attrs:  # (<strong>, <br>: its start tag as start_tag writes it, marked)
            if self.marks and el.tag_end and el.id and el.name not in _UNMARKED:
                out.append("<" + el.name_raw + self.mark(el) + el.tag_end)
            else:
                out.append("<" + el.name_raw + el.tag_end)
            if el.name == "head":  # (_pass_children, without its call)
                self._pass_children(el, out)
            else:
                self.expand_nodes(el.children, out)
                out.append(el.end_raw)
            return
        for a in el.attrs:
            if type(a) is Attr and a.name[:1] in DIRECTIVE_MARKS:
                break
        else:
            self._pass_tag(el, out)
            return
        # directives on plain HTML outside a template are not evaluated: they are
        # dropped (the markup validator warns: markup/directive-outside-component),
        # save their Liquid tokens, which stay in the attribute list
        kept: list[Attr | Liquid] = []
        for a in el.attrs:
            if isinstance(a, Attr) and a.name[:1] in DIRECTIVE_MARKS:
                kept.extend(
                    Liquid(t, "tag" if t.startswith("{%") else "output", pre=" ")
                    for t in LIQUID_RE.findall(a.name + "=" + (a.value or ""))
                )
            else:
                kept.append(a)
        self._pass_tag(el.with_attrs(kept), out)

    def _pass_tag(self, el: Element, out: list[str]) -> None:
        """An element passed through (:meth:`_pass_through`) once its attribute list holds
        no directive: its start tag as written, marked, its children, its end tag."""
        tag = start_tag(el)
        if self.marks and el.name not in _UNMARKED and el.tag_end and el.id:
            cut = len(tag) - len(el.tag_end)
            tag = tag[:cut] + self.mark(el) + tag[cut:]
        out.append(tag)
        self._pass_children(el, out)

    def _pass_children(self, el: Element, out: list[str]) -> None:
        if el.name == "head":
            self.expand_nodes(el.children, out)
            out.append(STYLE_SLOT + HEAD_SLOT)
        else:
            self.expand_nodes(el.children, out)
        out.append(el.end_raw)

    # -- marks, issues -----------------------------------------------------------
    def report(
        self,
        rule: str,
        message: str,
        *,
        node: Element | None = None,
        attr: Attr | None = None,
        severity: Severity = Severity.ERROR,
        line: int = 0,
        column: int = 0,
    ) -> None:
        origin = self.origin_of(node) if node is not None else None
        if origin is not None:
            # made from a component template: located in the component file, the email
            # host named (the element's span is the host's, for the source map)
            if not line and attr is not None and attr.span.line:
                line, column = attr.span.line, attr.span.column  # a template attribute
            if not line:
                line, column = origin.span.line, origin.span.column
            self.issues.append(
                Issue(rule, severity, message, origin.file, line, column, origin.host)
            )
            return
        if not line:
            span = attr.span if attr is not None else (node.span if node is not None else None)
            if span is not None:
                line, column = span.line, span.column
        self.issues.append(Issue(rule, severity, message, self.file, line, column))

    # -- expressions ---------------------------------------------------------------
    def evaluate(
        self,
        expr: str,
        *,
        node: Element | None = None,
        attr: Attr | None = None,
        scope: Scope | None = None,
    ) -> object:
        """Evaluate ``expr``; on failure report a located issue and return MISSING.

        When ``expr`` is the value of ``attr``, HTML entities in it are decoded first
        (``:style="{ color: &quot;red&quot; }"``); Liquid tokens are never touched.
        """
        # (an attribute's parts are made on request: only entities need them)
        source = (
            expression(expr, attr.parts)
            if attr is not None and expr == attr.value and "&" in expr
            else None
        )
        text = source.text if source else expr
        value = literal_value(text)
        if value is not NOT_LITERAL:
            return value
        try:
            return self.engine.evaluate(text, scope or self.scope)
        except JSError as err:
            line, column = 0, 0
            if attr is not None and attr.span.line:
                err_line, err_col = (
                    source.raw_position(err.line, err.column) if source else (err.line, err.column)
                )
                # the value starts after name, '=' and the quote
                line = attr.span.line + err_line - 1
                head = len(attr.name) + len(attr.eq) + len(attr.quote)
                column = attr.span.column + head + err_col - 1 if err_line == 1 else err_col
            where = f" in {attr.name}" if attr is not None else ""
            self.report(
                err.rule, f"{err.message}{where}", node=node, attr=attr, line=line, column=column
            )
            return MISSING

    # -- inheritance -----------------------------------------------------------------
    def inheriting(self, values: Mapping[str, object], hidden_on: str = "") -> Inheriting:
        """``with ctx.inheriting(values):`` — the text props ``values`` (those given) and
        ``hidden_on`` hold for what is expanded inside; restored after."""
        inherited = self.inherited
        scope = Inheriting(self, inherited, self.hidden_on)
        given = {k: v for k, v in values.items() if v is not MISSING and v is not None}
        if given:
            # the same values over the same dict give the same dict again (what reads it
            # keeps its results by the dict: text_values, the records of uses)
            try:  # (the values' types too: 14 and 14.0 are equal keys)
                key: tuple[object, ...] = (
                    id(inherited),
                    *[(k, type(v), v) for k, v in given.items()],
                )
                found = self.inherited_memo.get(key)
            except TypeError:  # a dynamic value (a dict) cannot be hashed: not kept
                key, found = (), None
            if found is not None and found[0] is inherited:
                self.inherited = found[1]
            else:
                merged = self.inherited = {**inherited, **given}
                if key:
                    self.inherited_memo[key] = (inherited, merged)
        if hidden_on:
            self.hidden_on = hidden_on
        return scope

    # -- CSS ---------------------------------------------------------------------------
    def declarations(
        self,
        pairs: Sequence[tuple[str, object]],
        *,
        node: Element | None = None,
    ) -> tuple[list[tuple[str, str]], list[str]]:
        """Inline declarations and generated classes for ``(css property, value)`` pairs.

        A plain value is inlined. A dynamic value (``{light, dark}``,
        ``{small, medium}`` …) inlines its base and gets a generated class whose
        rules carry the other variants (shared by every element with the same
        property and value, so identical values give one rule).
        """
        inline: list[tuple[str, str]] = []
        classes: list[str] = []
        self._declare(pairs, node, inline, classes, False)
        return inline, classes

    def style_text(
        self,
        pairs: Sequence[tuple[str, object]],
        *,
        node: Element | None = None,
    ) -> tuple[str, list[str]]:
        """:meth:`declarations` as the text of a ``style`` attribute, and the classes."""
        inline: list[str] = []
        classes: list[str] = []
        for pair in pairs:  # (plain strings, the common case, without a call)
            value = pair[1]
            if type(value) is str:
                if value:
                    inline.append(pair[0] + ":" + value.strip())
            elif value is not MISSING and value is not None:
                self._declare((pair,), node, inline, classes, True)
        return ";".join(inline), classes

    def declare(
        self, pair: tuple[str, object], node: Element | None, inline: list[str], classes: list[str]
    ) -> None:
        """One ``(css property, value)`` of :meth:`style_text`: its ``"property:css"``
        appended to ``inline``, its generated class to ``classes`` (for callers that make
        the style text themselves and hand over the values that are not plain text)."""
        self._declare((pair,), node, inline, classes, True)

    def _declare(
        self,
        pairs: Sequence[tuple[str, object]],
        node: Element | None,
        inline: list[Any],
        classes: list[str],
        text: bool,
    ) -> None:
        """Append ``(property, css)`` to ``inline`` (``"property:css"`` when ``text``)."""
        for prop, value in pairs:
            kind = type(value)
            if kind is str:  # the common, plain cases
                if value:
                    css = value.strip()  # type: ignore[attr-defined]
                    inline.append(prop + ":" + css if text else (prop, css))
                continue
            if value is MISSING or value is None:
                continue
            if kind is int or kind is float:
                css = css_value(prop, value)  # type: ignore[arg-type]
                inline.append(prop + ":" + css if text else (prop, css))
                continue
            if type(value) is dict or isinstance(value, Mapping):
                # (a journaled expansion makes every addition: a replay repeats them)
                remember = self.journal is None
                done = None
                if remember:  # this very value met before (a global default): its output
                    seen = self.dynamic_values.get((prop, id(value)))
                    if seen is not None and seen[0] is value:
                        done = seen[1]
                if done is None:
                    key = _dynamic_key(prop, value)
                    done = self.dynamic_css.get(key) if key is not None and remember else None
                    if done is not None:
                        self.dynamic_values[(prop, id(value))] = (value, done)
                if done is not None:  # the same value again: same output, rules added
                    if done[0] is not None:
                        inline.append(":".join(done[0]) if text else done[0])
                    if done[1] is not None:
                        classes.append(done[1])
                    continue
                try:
                    v = variants(value)
                except DynamicValueError as err:
                    self.report("props/invalid", f"{prop}: {err.message}", node=node)
                    continue
                base = (prop, css_value(prop, _leaf(v.base))) if v.base is not None else None
                if base is not None:
                    inline.append(":".join(base) if text else base)
                if key is not None:
                    done = self.dynamic_css[key] = (
                        base,
                        "mw-" + _digest(prop, value) if v.is_dynamic else None,
                    )
                    if remember:
                        self.dynamic_values[(prop, id(value))] = (value, done)
                if v.is_dynamic:
                    cls = "mw-" + _digest(prop, value)
                    leaves = {k: _leaf(x) for k, x in value.items() if x is not None}
                    moved = self._liquid_variants(cls, prop, v, node)
                    if moved:
                        leaves = {
                            k: x
                            for k, x in leaves.items()
                            if not (isinstance(x, str) and LIQUID_RE.search(x))
                        }
                    if any(k not in _BASE_KEYS for k in leaves):
                        self.css.add_value("." + cls, prop, leaves, include_base=False)
                    classes.append(cls)
            elif isinstance(value, bool):
                continue
            elif isinstance(value, (str, int, float)):
                css = css_value(prop, value)
                inline.append(prop + ":" + css if text else (prop, css))

    def _liquid_variants(
        self, cls: str, prop: str, v: Variants[object], node: Element | None
    ) -> bool:
        """Write the dark / desktop variants of a dynamic value that hold Liquid.

        Such a variant can only work from the head ``<style>``, so the Liquid leaves
        the attribute it was written in: it is written there once (no Outlook.com or
        Thunderbird copy, so the token is never duplicated) and a warning says so."""
        queries = (
            ("dark", v.dark, DARK_MEDIA),
            ("desktop", v.medium, self.css.medium_media),
            ("desktop dark", v.medium_dark, self.css.medium_dark_media),
        )
        moved = False
        for label, leaf, media in queries:
            if not isinstance(leaf, str) or not LIQUID_RE.search(leaf):
                continue
            moved = True
            self.css.add_block(
                f"@media {media}{{.{cls}{{{prop}:{css_value(prop, leaf)} !important}}}}"
            )
            token = LIQUID_RE.search(leaf)
            where = _attr_holding(node, token.group() if token else leaf)
            self.report(
                "liquid/moved-to-head",
                f"the {label} value of {prop} holds Liquid ({leaf.strip()}): it can "
                f"only work from the <style> in <head>, so it is written there once, "
                f"under @media {media}, instead of where it was written; Outlook.com "
                "and Thunderbird get no rule for it. Use a plain value to keep it "
                "in place",
                node=node,
                attr=where,
                severity=Severity.WARNING,
            )
        return moved

    def add_font(self, stack: str) -> None:
        """Import the Google fonts named in a font stack (x-font-family, font props)."""
        link = self.font_stacks.get(stack)
        if link is None:
            link = self.font_stacks[stack] = google_font_link(stack)
        if link:
            self.font_links.setdefault(link, None)
            if self.journal is not None:
                self.journal.append(("font", link))

    def hide_class(self, hide_on: object) -> str:
        """The class for ``hide-on`` (and its CSS), or ""."""
        if hide_on == "desktop":
            self.css.add(
                ".mw-hide-desktop",
                {"display": "none !important", "mso-hide": "all !important"},
                "medium",
            )
            # Outlook for Windows reads no media queries but shows the desktop layout
            self._mso_rule(".mw-hide-desktop{display:none !important;mso-hide:all !important}")
            return "mw-hide-desktop"
        if hide_on == "mobile":
            self.css.add(
                ".mw-hide-mobile",
                {
                    "display": "none !important",
                    "max-height": "0 !important",
                    "overflow": "hidden !important",
                },
            )
            self.css.add(
                ".mw-hide-mobile",
                {
                    "display": "block !important",
                    "max-height": "none !important",
                    "overflow": "visible !important",
                },
                "medium",
            )
            self._mso_rule(
                ".mw-hide-mobile{display:block !important;"
                "max-height:none !important;overflow:visible !important}"
            )
            return "mw-hide-mobile"
        return ""

    def _mso_rule(self, rule: str) -> None:
        self.mso_rules.setdefault(rule, None)
        if self.journal is not None:
            self.journal.append(("mso", rule))


class Inheriting:
    """What :meth:`ExpandContext.inheriting` returns: restores the inherited text props
    and ``hidden_on`` when its ``with`` block ends."""

    __slots__ = ("ctx", "hidden_on", "inherited")

    def __init__(self, ctx: ExpandContext, inherited: dict[str, object], hidden_on: str) -> None:
        self.ctx, self.inherited, self.hidden_on = ctx, inherited, hidden_on

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self.ctx.inherited, self.ctx.hidden_on = self.inherited, self.hidden_on


_BASE_KEYS = frozenset({"light", "small", "small:light"})


def _attr_holding(node: Element | None, text: str) -> Attr | None:
    """The attribute of ``node`` whose value contains ``text`` (to locate an issue)."""
    if node is None:
        return None
    for item in node.attrs:
        if isinstance(item, Attr) and item.value and text in item.value:
            return item
    return None


def _leaf(value: object) -> str | int | float:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _dynamic_key(prop: str, value: Mapping[str, object]) -> tuple[object, ...] | None:
    """A key for a dynamic value whose output depends on nothing else (plain leaves, no
    Liquid, which is reported where it is written), else None."""
    key: list[object] = [prop]
    for k, x in value.items():
        kind = type(x)
        if kind is str:
            if "{" in x:  # type: ignore[operator]
                return None
        elif kind is not int and kind is not float and x is not None:
            return None
        key += (k, kind, x)
    return tuple(key)


def _digest(prop: str, value: object) -> str:
    text = prop + "|" + repr(sorted(value.items()) if isinstance(value, Mapping) else value)
    return hashlib.blake2s(text.encode(), digest_size=4).hexdigest()
