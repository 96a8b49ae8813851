"""Reusing the expansion of unchanged elements: the incremental expand.

A visual edit changes one place of a large email; expanding the whole email again
costs seconds at 2,000 components, most of it in elements whose source did not
change. An :class:`ExpansionCache` kept between the compiles of one email holds, for
each element of the email that the walker expanded outside any custom component, a
:class:`UnitRecord`: its output and everything its expansion did to the shared state
(CSS rules, head tags, font links, Outlook rules, source-map origins, issues, the
custom-component budget it spent). The next expansion of the email replays a record
instead of expanding an element when the element's source text and the context it is
expanded in are the same (:func:`unit_key`); everything else expands as before, and
the document-wide steps (the head's CSS, the title, validation, transformers) run on
the whole email as always. The HTML is therefore byte-identical to a full compile's:
``tests/studio/models/test_incremental_compile.py`` checks it over random edits of the
demo and corpus emails, ``tests/components/expand/test_replay.py`` case by case.

What a replay must carry over, and how:

* **Node ids.** Ids are assigned in document order, so an unchanged element after an
  insertion has its ids shifted by a constant. A record keeps the ids it was made with
  and :func:`shift_marks` renumbers the ``data-mw-node`` marks of its output; it is
  replayed only when the element's subtree has the same number of ids.
* **Positions.** Issues and source-map origins are moved by the element's change of
  offset, line and (on its first line) column; the host chain of component issues
  (``emails/a.html:4:3 <promo-card>``) with them.
* **Shared state that is a set in first-insertion order** (CSS rules, blocks, fonts,
  Outlook rules): while a cache is in use every addition is journaled, including the
  ones a memo would have skipped because an earlier element made them already (the
  expander turns its memos off), and a replay makes the same additions in the same
  order — so the state after a replayed element is the one a full expansion leaves.
* **State read in order** (a component's ``<head>`` tag that is added only when no
  earlier one was; component titles and the base title, which are part of the key):
  an element whose expansion read such state calls
  :meth:`~components.expand.context.ExpandContext.depends_on_order` and is not
  recorded; a problem with the global styles turns the cache off for the compile.

Elements inside a custom component (slot content, template elements) are never units:
their context includes the component's script scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol, cast

from components.diagnostics import Issue
from components.markup.nodes import Conditional, Element, Liquid, Node, Span
from components.sourcemap import MARK_ATTR, MARK_RE, Origin, SourceMap
from styles.css import CssBuilder, Variant

_Decls = tuple[tuple[str, str], ...]


class _Budget(Protocol):
    max_nodes: int
    max_bytes: int
    nodes: int
    bytes: int


class ReplayHost(Protocol):
    """What :func:`replay` reads and changes of an expansion (``ExpandContext`` is one;
    named structurally so this module does not import the context that imports it)."""

    file: str
    css: CssBuilder
    journal: list[Op] | None
    source_map: SourceMap
    font_links: dict[str, None]
    mso_rules: dict[str, None]
    head: list[str]
    issues: list[Issue]

    @property
    def budget(self) -> _Budget: ...


#: a journaled change to the shared state: ("css", selector, decls, variant),
#: ("block", css, group, media, isolated), ("font", link), ("mso", rule),
#: ("head", tag), ("origin", node id, origin)
Op = tuple[object, ...]

#: the context fields an element leaves behind for what comes after it
AFTER_FIELDS = (
    "column_frame",
    "title",
    "preheader",
    "base_title_html",
    "component_title_html",
    "component_title",
)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a unit's element started in the source it was recorded from."""

    offset: int
    line: int
    column: int
    first_id: int


@dataclass(slots=True)
class UnitRecord:
    """One element's expansion, as recorded."""

    where: Where
    id_count: int  # last id − first id of the element's subtree
    output: str  # what the element appended to its buffer (marks as recorded)
    ops: tuple[Op, ...]
    issues: tuple[Issue, ...]
    after: tuple[object, ...]  # AFTER_FIELDS when the element was done
    budget: tuple[int, int]  # custom-component nodes and bytes it spent
    #: the keys of the units inside it (kept with it when it is replayed)
    inner: tuple[tuple[object, ...], ...] = ()


@dataclass(slots=True)
class ExpansionCache:
    """The records of one email's latest expansion, for the next one.

    ``stamp`` is what the records are valid for (the component library and global
    styles objects, the file, the expand options): a compile with another stamp
    clears the cache. After each expansion only the records it made or replayed are
    kept. ``hits``/``misses`` count the units of the latest expansion.
    """

    records: dict[tuple[object, ...], UnitRecord] = field(default_factory=dict)
    stamp: tuple[object, ...] = ()
    used: dict[tuple[object, ...], UnitRecord] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    #: a problem that depends on the order of the whole email was met: nothing is kept
    off: bool = False

    def begin(self, library: object, styles: object, file: str, options: object) -> None:
        """Start an expansion: records made for other components, styles (the same
        objects), file or options (with whatever else the whole expansion reads, such as
        the envelope's preheader) are dropped."""
        stamp = self.stamp
        if not (
            stamp
            and stamp[0] is library
            and (stamp[1] is styles or stamp[1] == styles)
            and stamp[2] == file
            and stamp[3] == options
        ):
            self.records.clear()
            self.stamp = (library, styles, file, options)
        self.used = {}
        self.hits = self.misses = 0
        self.off = False

    def keep(self, key: tuple[object, ...], record: UnitRecord) -> None:
        """Keep a replayed record, and the records of the units inside it."""
        todo = [(key, record)]
        while todo:
            key, record = todo.pop()
            self.used[key] = record
            for k in record.inner:
                found = self.records.get(k)
                if found is not None and k not in self.used:
                    todo.append((k, found))

    def finish(self) -> None:
        self.records = {} if self.off else self.used
        self.used = {}

    def clear(self) -> None:
        self.records.clear()
        self.used = {}


def last_id(el: Element) -> int:
    """The largest node id in ``el``'s subtree (ids are given in document order: the
    last node on the last-child chain, or the attribute pieces of a childless one)."""
    node: Node = el
    while isinstance(node, (Element, Conditional)) and node.children:
        node = node.children[-1]
    best = node.id
    if isinstance(node, Element):
        for a in node.attrs:
            if isinstance(a, Liquid):
                best = max(best, a.id)
            else:
                for p in a.parts:
                    best = max(best, p.id)
    return best


def marks_within(output: str, first: int, last: int) -> bool:
    """Whether every mark in ``output`` names a node of ``first``..``last``."""
    return all(first <= int(m.group(1)) <= last for m in MARK_RE.finditer(output))


def shift_marks(output: str, delta: int) -> str:
    if not delta or MARK_ATTR not in output:
        return output
    return MARK_RE.sub(lambda m: f' {MARK_ATTR}="{int(m.group(1)) + delta}"', output)


@dataclass(frozen=True, slots=True)
class Move:
    """How a recorded unit moved: offsets, lines, and columns on its first line."""

    offset: int
    line: int
    first_line: int  # the unit's first line as recorded
    column: int
    ids: int

    @classmethod
    def between(cls, old: Where, new: Where) -> Move:
        return cls(
            new.offset - old.offset,
            new.line - old.line,
            old.line,
            new.column - old.column,
            new.first_id - old.first_id,
        )

    @property
    def still(self) -> bool:
        return not (self.offset or self.line or self.column or self.ids)

    def position(self, line: int, column: int) -> tuple[int, int]:
        if not line:
            return line, column
        return line + self.line, column + self.column if line == self.first_line else column

    def span(self, span: Span) -> Span:
        line, column = self.position(span.line, span.column)
        return Span(span.start + self.offset, span.end + self.offset, line, column)

    def issue(self, issue: Issue, file: str) -> Issue:
        changes: dict[str, object] = {}
        if issue.file == file and issue.line:
            changes["line"], changes["column"] = self.position(issue.line, issue.column)
        if issue.host:
            host = self.host(issue.host, file)
            if host != issue.host:
                changes["host"] = host
        return replace(issue, **changes) if changes else issue  # type: ignore[arg-type]

    def host(self, host: str, file: str) -> str:
        """The host chain with the email's own position moved."""
        head = f"{file}:"
        if not host.startswith(head):
            return host
        m = re.match(r"(\d+):(\d+)", host[len(head) :])
        if m is None:
            return host
        line, column = self.position(int(m.group(1)), int(m.group(2)))
        return f"{head}{line}:{column}{host[len(head) + m.end() :]}"


def replay(ctx: ReplayHost, record: UnitRecord, el: Element, out: list[str]) -> bool:
    """Append ``record``'s output for ``el`` to ``out`` and make its changes to the
    shared state; False (nothing done) when it does not fit ``el``."""
    if last_id(el) - el.id != record.id_count:
        return False
    budget = ctx.budget
    nodes, size = record.budget
    if budget.nodes + nodes > budget.max_nodes or budget.bytes + size > budget.max_bytes:
        return False  # the budget runs out somewhere else now: expand for real
    move = Move.between(record.where, Where(el.span.start, el.span.line, el.span.column, el.id))
    still = move.still
    out.append(record.output if not move.ids else shift_marks(record.output, move.ids))
    css = ctx.css
    assert isinstance(css, JournalCss)  # a cache is only used with one
    journal = ctx.journal
    source_map = ctx.source_map
    for op in record.ops:
        kind = op[0]
        if kind == "origin":
            node_id, origin = cast(int, op[1]), cast(Origin, op[2])
            if not still:
                node_id += move.ids
                if origin.file == ctx.file:
                    origin = Origin(origin.file, move.span(origin.span), origin.tag)
                op = ("origin", node_id, origin)  # noqa: PLW2901 - journaled as moved
            source_map.add(node_id, origin)
        elif kind == "css":  # the journaling builder logs these itself
            css.add_rule(cast(str, op[1]), cast(_Decls, op[2]), cast(Variant, op[3]))
            continue
        elif kind == "block":
            css.add_block(
                cast(str, op[1]),
                group=cast("str | None", op[2]),
                media=cast("str | None", op[3]),
                isolated=bool(op[4]),
            )
            continue
        elif kind == "font":
            ctx.font_links.setdefault(cast(str, op[1]), None)
        elif kind == "mso":
            ctx.mso_rules.setdefault(cast(str, op[1]), None)
        elif kind == "head":
            ctx.head.append(cast(str, op[1]))
        if journal is not None:
            journal.append(op)
    if still:
        ctx.issues.extend(record.issues)
    else:
        ctx.issues.extend(move.issue(i, ctx.file) for i in record.issues)
    for name, value in zip(AFTER_FIELDS, record.after, strict=True):
        setattr(ctx, name, value)
    budget.nodes += nodes
    budget.bytes += size
    return True


class JournalCss(CssBuilder):
    """A CSS builder that journals every rule and block added (replays add them again)."""

    __slots__ = ("journal",)

    def __init__(self, breakpoint: int, journal: list[Op]) -> None:
        super().__init__(breakpoint)
        self.journal = journal

    def _add(self, selector: str, decls: _Decls, variant: Variant) -> None:
        self.journal.append(("css", selector, decls, variant))
        super()._add(selector, decls, variant)

    def add_rule(self, selector: str, decls: _Decls, variant: Variant) -> None:
        """Add a rule as journaled (selector and declarations already cleaned)."""
        self._add(selector, decls, variant)

    def add_block(
        self,
        css: str,
        *,
        group: str | None = None,
        media: str | None = None,
        isolated: bool = False,
    ) -> None:
        self.journal.append(("block", css, group, media, isolated))
        super().add_block(css, group=group, media=media, isolated=isolated)
