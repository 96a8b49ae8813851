"""Parse Liquid text once: structure checks, python-liquid parse, branch table.

:func:`prepare` is pure in (text, environment) and cached by a hash of the
text, so rendering the same compiled email for thousands of profiles parses
it once. Problems are kept as offsets into the text; callers map them to the
email source with a :class:`~compiler.liquid.scan.Locator`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TextIO

from liquid.ast import BlockNode, Node
from liquid.builtin.tags.case_tag import CaseNode, MultiExpressionBlockNode
from liquid.builtin.tags.if_tag import IfNode
from liquid.builtin.tags.unless_tag import UnlessNode
from liquid.context import RenderContext
from liquid.exceptions import LiquidError

from compiler.liquid.environment import MailwrightEnvironment, MailwrightTemplate
from compiler.liquid.filters import DEPRECATED
from compiler.liquid.scan import (
    BranchTag,
    Markup,
    Problem,
    Scan,
    check_structure,
    liquid_lines,
    markup_at,
    name_offset,
    scan,
)
from compiler.liquid.tags.syntax import syntax_head


@dataclass(frozen=True, slots=True)
class Branch:
    """One branch of an ``if``/``unless``/``case``: where it is and its condition."""

    id: int
    offset: int  # of the branch's tag, in the text
    condition: str


class TrackedBlock(BlockNode):
    """A branch body that notes, in a shared set, that it rendered."""

    __slots__ = ("branch_id", "hits")

    def __init__(self, block: BlockNode, branch_id: int, hits: set[int]) -> None:
        super().__init__(block.token, block.nodes)
        self.blank = block.blank
        self.branch_id = branch_id
        self.hits = hits

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        self.hits.add(self.branch_id)
        return super().render_to_output(context, buffer)


@dataclass
class Prepared:
    """A parsed text, or the reasons it cannot be parsed."""

    text: str
    scan: Scan
    template: MailwrightTemplate | None
    problems: list[Problem] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    # Offset of an opening tag's name -> its branches in order.
    groups: dict[int, list[Branch]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.template is not None

    @property
    def has_liquid(self) -> bool:
        return bool(self.scan.markups or self.scan.problems)


def _syntax_problem(
    env: MailwrightEnvironment,
    err: LiquidError,
    text: str,
    markups: list[Markup],
    parents: dict[int, str],
) -> Problem:
    offset = err.token.start_index if err.token is not None and err.token.source is text else -1
    detail = str(err.message)
    if offset < 0:
        offset = _unplaced(env, text, markups)
    m = markup_at(markups, offset) if offset >= 0 else None
    if m is None:
        return Problem(
            "liquid/syntax", f"Liquid syntax error: {detail}", max(offset, 0) if offset >= 0 else -1
        )
    if m.kind == "output":
        shown = text[m.start : m.end]
        return Problem("liquid/syntax", f"Syntax Error in variable '{shown}' ({detail})", m.start)
    head = syntax_head(env, m.name, parents.get(name_offset(m, text), ""))
    if m.name == "for" and "{{" in m.expr:
        detail += "; remove the {{ }} around the collection"
    return Problem("liquid/syntax", f"{head} ({detail})", m.start)


def _unplaced(env: MailwrightEnvironment, text: str, markups: list[Markup]) -> int:
    """The start of the first markup that fails to parse on its own (a block tag with
    its end), for an error python-liquid reported without a position; -1 if none does."""
    grammar = env.grammar
    for m in markups:
        name = m.name
        if m.kind == "tag" and (
            name.startswith("end")
            or name in grammar.inner
            or name in ("raw", "comment", "break", "continue")
        ):
            continue
        probe = m.text(text)
        if name == "case":
            probe += "{% when 1 %}{% endcase %}"
        elif m.kind == "tag" and name in grammar.blocks:
            probe += f"{{% end{name} %}}"
        try:
            env.from_string(probe)
        except LiquidError:
            return m.start
    return -1


def parse_text(env: MailwrightEnvironment, text: str) -> Prepared:
    """Scan, check and parse ``text`` (uncached; see :class:`TemplateCache`)."""
    sc = scan(text)
    prepared = Prepared(text, sc, None, list(sc.problems))
    if sc.problems:
        return prepared
    structure = check_structure(text, sc.markups, env.grammar)
    if structure.problems:
        prepared.problems.extend(structure.problems)
        return prepared
    try:
        template = env.from_string(text)
    except LiquidError as err:
        prepared.problems.append(_syntax_problem(env, err, text, sc.markups, structure.parents))
        return prepared
    assert isinstance(template, MailwrightTemplate)
    # Unknown filters are a render-time error in python-liquid; find them now.
    if any(m.kind == "output" or "|" in m.expr for m in sc.markups):
        try:
            used = template.analyze(include_partials=False).filters
        except LiquidError:
            used = {}
        for name, spans in used.items():
            if name in env.filters:
                continue
            hint = DEPRECATED.get(name)
            message = f"Unknown filter '{name}'" + (f": {hint}" if hint else "")
            prepared.problems.extend(
                Problem("liquid/unknown-filter", message, s.index) for s in spans
            )
        if prepared.problems:
            prepared.problems.sort(key=lambda p: p.offset)
            return prepared
    prepared.template = template
    branches = dict(structure.branches)
    for m in sc.markups:
        if m.name == "liquid":
            # python-liquid parsed it, so its lines balance; only the branches matter.
            branches.update(check_structure(text, liquid_lines(text, m), env.grammar).branches)
    prepared.branches = _branch_table(text, branches, prepared.groups)
    return prepared


def _condition(text: str, bt: BranchTag) -> str:
    m = bt.markup
    if m.name == "else":
        block = bt.block
        return f"else (of {block.name} {block.expr})"
    if m.name == "when":
        return f"when {m.expr} (case {bt.block.expr})"
    return f"{m.name} {m.expr}"


def _branch_table(
    text: str, branches: dict[int, list[BranchTag]], groups: dict[int, list[Branch]]
) -> list[Branch]:
    out: list[Branch] = []
    for key in sorted(branches):
        group = groups.setdefault(key, [])
        for bt in branches[key]:
            branch = Branch(len(out), bt.markup.start, _condition(text, bt))
            out.append(branch)
            group.append(branch)
    return out


def instrument(
    prepared: Prepared, env: MailwrightEnvironment, hits: set[int]
) -> MailwrightTemplate:
    """A fresh parse whose branch bodies record their ids in ``hits`` when rendered.

    Branch ids are those of ``prepared.branches``; blocks are matched to
    their opening tag by the offset python-liquid's node tokens carry.
    """
    template = env.from_string(prepared.text)
    assert isinstance(template, MailwrightTemplate)
    groups = prepared.groups

    def visit(node: Node) -> None:
        group = groups.get(node.token.start_index) if node.token.source is prepared.text else None
        if isinstance(node, IfNode | UnlessNode) and group:
            ids = iter(group)
            node.consequence = TrackedBlock(node.consequence, next(ids).id, hits)
            for alt in node.alternatives:
                alt.block = TrackedBlock(alt.block, next(ids).id, hits)
            if node.default is not None:
                node.default = TrackedBlock(node.default, next(ids).id, hits)
        elif isinstance(node, CaseNode) and group:
            ids = iter(group)
            for i, block in enumerate(node.blocks):
                if isinstance(block, MultiExpressionBlockNode):
                    block.block = TrackedBlock(block.block, next(ids).id, hits)
                elif isinstance(block, BlockNode):
                    node.blocks[i] = TrackedBlock(block, next(ids).id, hits)
        for child in node.children(None, include_partials=False):  # type: ignore[arg-type]
            visit(child)

    for node in template.nodes:
        visit(node)
    return template


class TemplateCache:
    """Prepared texts by content (hash and equality), oldest dropped first."""

    def __init__(self, env: MailwrightEnvironment, capacity: int = 256) -> None:
        self.env = env
        self.capacity = capacity
        # Keyed by the text itself: Python caches a string's hash, so a repeated
        # render of the same compiled email costs one dict probe.
        self._items: OrderedDict[str, Prepared] = OrderedDict()

    def get(self, text: str) -> Prepared:
        hit = self._items.get(text)
        if hit is not None:
            return hit
        prepared = parse_text(self.env, text)
        self._items[text] = prepared
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return prepared
