"""Find Liquid markup in text, check its block structure, and map positions to the source.

The compile keeps every Liquid token byte-identical, so a token of the
compiled HTML can be found in the email source by matching tokens in order
(:class:`Locator`). The structural checks (:func:`check_structure`) run before
python-liquid parses, so the errors read like the product's composer errors
("if tag was never closed", "'end' is not a valid delimiter for if tags. use
endif", "capture tag does not expect 'else' tag", "Unknown tag 'coyotes'",
"Variable '{{ x }' was not properly terminated with regexp: /}}/").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Markup:
    """One ``{{ … }}`` output or ``{% … %}`` tag."""

    kind: str  # "output" or "tag"
    start: int  # offset of the opening delimiter
    end: int  # offset just past the closing delimiter
    name: str  # tag name; "" for outputs
    expr: str  # the expression text, stripped
    expr_start: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found in a text, located by offset in that text."""

    rule: str
    message: str
    offset: int


@dataclass
class Scan:
    markups: list[Markup] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_OPEN = re.compile(r"\{\{|\{%")
_TAG_HEAD = re.compile(r"\{%-?\s*(#|\w+)")
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_COMMENT_TAG = re.compile(r"\{%-?\s*(comment|endcomment)\b[^%]*?-?%\}")


def scan(text: str) -> Scan:
    """Every Liquid markup in ``text``, plus unterminated ``{{``/``{%``.

    Linear in the text: each closing delimiter is searched for once and reused by
    every opening delimiter before it (an unterminated ``{{`` does not rescan the
    rest of the text for ``}}`` each time).
    """
    out = Scan()
    pos = 0
    n = len(text)
    close_output = _NextFinder(text, "}}")
    close_tag = _NextFinder(text, "%}")
    next_open = _NextFinder(text, "{%")
    while pos < n:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        start = m.start()
        if m.group() == "{{":
            close = close_output.at(start + 2)
            nxt = _OPEN.search(text, start + 2, close if close >= 0 else n)
            if close < 0 or nxt is not None:
                stop = close + 2 if close >= 0 else n
                if nxt is not None:
                    stop = min(stop, nxt.start())
                eol = text.find("\n", start, stop)
                shown = text[start : stop if eol < 0 else eol].rstrip()
                out.problems.append(
                    Problem(
                        "liquid/unterminated-output",
                        f"Variable '{shown}' was not properly terminated with regexp: /}}}}/",
                        start,
                    )
                )
                pos = start + 2
                continue
            inner = text[start + 2 : close]
            lead = len(inner) - len(inner.lstrip("-").lstrip())
            expr = inner.strip().strip("-").strip()
            out.markups.append(Markup("output", start, close + 2, "", expr, start + 2 + lead))
            pos = close + 2
            continue
        close = close_tag.at(start + 2)
        inner_open = next_open.at(start + 2)
        if close < 0 or 0 <= inner_open < close:
            out.problems.append(
                Problem(
                    "liquid/unterminated-tag",
                    "Tag '{%' was not properly terminated with regexp: /\\%}/",
                    start,
                )
            )
            pos = start + 2
            continue
        head = _TAG_HEAD.match(text, start)
        name = head.group(1) if head and head.end() <= close else ""
        rest_start = head.end() if head and name else start + 2
        body = text[rest_start:close]
        expr = body.strip().rstrip("-").strip()
        expr_start = rest_start + (len(body) - len(body.lstrip()))
        out.markups.append(Markup("tag", start, close + 2, name, expr, expr_start))
        pos = close + 2
        if name == "raw":
            end = _RAW_END.search(text, pos)
            if end is None:
                out.problems.append(
                    Problem("liquid/unclosed-tag", "raw tag was never closed", start)
                )
                break
            out.markups.append(Markup("tag", end.start(), end.end(), "endraw", "", end.end() - 2))
            pos = end.end()
        elif name == "comment":
            depth = 1
            for cm in _COMMENT_TAG.finditer(text, pos):
                depth += 1 if cm.group(1) == "comment" else -1
                if depth == 0:
                    out.markups.append(
                        Markup("tag", cm.start(), cm.end(), "endcomment", "", cm.end() - 2)
                    )
                    pos = cm.end()
                    break
            else:
                out.problems.append(
                    Problem("liquid/unclosed-tag", "comment tag was never closed", start)
                )
                break
    return out


class _NextFinder:
    """The first occurrence of ``needle`` at or after a position that only grows:
    each search result is kept and reused until the position passes it."""

    __slots__ = ("found", "needle", "text")

    def __init__(self, text: str, needle: str) -> None:
        self.text = text
        self.needle = needle
        self.found = -2  # -2: not searched yet; -1: none after the last search

    def at(self, pos: int) -> int:
        if self.found == -1 or self.found >= pos:
            return self.found
        self.found = self.text.find(self.needle, pos)
        return self.found


_LINE_HEAD = re.compile(r"[ \t]*(#|\w+)")


def liquid_lines(text: str, m: Markup) -> list[Markup]:
    """The tags written one per line inside a ``{% liquid %}`` markup, as markups.

    Each starts at its tag name (where python-liquid's tokens point), so the
    block checks and branch tables work on them as on ``{% … %}`` tags.
    Comment lines (``# …``) and ``comment`` blocks are left out.
    """
    if m.kind != "tag" or m.name != "liquid" or not m.expr:
        return []
    out: list[Markup] = []
    pos = m.expr_start
    stop = m.expr_start + len(m.expr)
    in_comment = 0
    while pos < stop:
        eol = text.find("\n", pos, stop)
        eol = stop if eol < 0 else eol
        head = _LINE_HEAD.match(text, pos, eol)
        if head is not None and head.group(1) != "#":
            name = head.group(1)
            if name == "comment":
                in_comment += 1
            elif name == "endcomment" and in_comment:
                in_comment -= 1
            elif not in_comment:
                start = head.start(1)
                rest = text[head.end() : eol]
                expr = rest.strip()
                expr_start = head.end() + (len(rest) - len(rest.lstrip()))
                out.append(Markup("tag", start, eol, name, expr, expr_start))
        pos = eol + 1
    return out


@dataclass(frozen=True)
class Grammar:
    """What the structure check knows of a Liquid: its block tags and every tag name.

    Built from the tags an environment registered (each declares itself; see
    :func:`compiler.liquid.tags.syntax.grammar`). ``raw`` is the lexer's, so it
    is a block here whatever the tags say.
    """

    blocks: Mapping[str, frozenset[str]]  # block tag -> the inner tags it accepts
    tags: frozenset[str]

    def block(self, name: str) -> bool:
        return name in self.blocks or name == "raw"

    def accepts(self, block: str, inner: str) -> bool:
        return inner in self.blocks.get(block, frozenset())

    @property
    def inner(self) -> frozenset[str]:
        """Every inner tag (``else``, ``elsif``, ``when``)."""
        return frozenset().union(*self.blocks.values())


@dataclass(frozen=True, slots=True)
class BranchTag:
    """An ``if``/``elsif``/``else``/``unless``/``case``/``when`` tag and its block."""

    markup: Markup
    block: Markup  # the opening tag of the block the branch belongs to
    index: int  # 0 for the opening tag, then each inner tag in order


@dataclass
class Structure:
    problems: list[Problem] = field(default_factory=list)
    # Opening tag offset (of its name) -> its branch tags in order.
    branches: dict[int, list[BranchTag]] = field(default_factory=dict)
    # Offset of each tag's name -> the enclosing block's tag name ("" at top level).
    parents: dict[int, str] = field(default_factory=dict)


def name_offset(m: Markup, source: str) -> int:
    """Offset of the tag name (what python-liquid's tokens point at)."""
    return source.find(m.name, m.start) if m.name else m.start


def check_structure(text: str, markups: list[Markup], grammar: Grammar) -> Structure:
    """Balance block tags; say what is unclosed, mismatched, misplaced or unknown."""
    st = Structure()
    inner = grammar.inner
    stack: list[tuple[Markup, list[BranchTag]]] = []
    for m in markups:
        if m.kind != "tag" or not m.name:
            continue
        name = m.name
        st.parents[name_offset(m, text)] = stack[-1][0].name if stack else ""
        if grammar.block(name):
            branches: list[BranchTag] = []
            if name in ("if", "unless"):
                branches.append(BranchTag(m, m, 0))
            stack.append((m, branches))
            continue
        if name.startswith("end"):
            if not stack:
                st.problems.append(Problem("liquid/unknown-tag", f"Unknown tag '{name}'", m.start))
                return st
            top, branches = stack[-1]
            if name != "end" + top.name:
                st.problems.append(
                    Problem(
                        "liquid/wrong-end",
                        f"'{name}' is not a valid delimiter for {top.name} tags. use end{top.name}",
                        m.start,
                    )
                )
                return st
            stack.pop()
            if branches:
                st.branches[name_offset(top, text)] = branches
            continue
        if name in inner:
            if not stack:
                st.problems.append(
                    Problem("liquid/unexpected-tag", f"Unknown tag '{name}'", m.start)
                )
                return st
            top, branches = stack[-1]
            if not grammar.accepts(top.name, name):
                st.problems.append(
                    Problem(
                        "liquid/unexpected-tag",
                        f"{top.name} tag does not expect '{name}' tag",
                        m.start,
                    )
                )
                return st
            if top.name in ("if", "unless", "case"):
                branches.append(BranchTag(m, top, len(branches)))
            continue
        if name == "end":
            st.problems.append(Problem("liquid/wrong-end", "Unknown tag 'end'", m.start))
            return st
        if name not in grammar.tags:
            st.problems.append(Problem("liquid/unknown-tag", f"Unknown tag '{name}'", m.start))
            return st
    for top, _ in reversed(stack):
        st.problems.append(
            Problem("liquid/unclosed-tag", f"{top.name} tag was never closed", top.start)
        )
    return st


_SPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACE.sub(" ", text)


def _nonspace_offset(text: str, offset: int, target: str) -> int:
    """The offset in ``target`` preceded by as many non-space characters as
    ``text[:offset]`` (the two differ only in whitespace)."""
    want = sum(1 for ch in text[:offset] if not ch.isspace())
    seen = 0
    for i, ch in enumerate(target):
        if ch.isspace():
            continue
        if seen == want:
            return i
        seen += 1
    return len(target)


class Locator:
    """Maps offsets in a rendered text (compiled HTML, a subject…) to the email source.

    When the text occurs verbatim in the source (a front-matter subject, an
    uncompiled template) the mapping is a shift. Otherwise Liquid markups are
    matched in order: each markup of the text is found among the source's
    markups with the same characters, at or after the previous match. A markup
    whose whitespace was re-flowed (a ``{% liquid %}`` tag in a plain-text part)
    is matched by its text with runs of whitespace squeezed, and offsets inside
    it are mapped by counting non-space characters.
    """

    def __init__(
        self,
        text: str,
        text_markups: list[Markup],
        source: str,
        source_markups: list[Markup] | None,
    ) -> None:
        self.source = source
        self.text = text
        self._lines: LineIndex | None = None
        self.base = -1
        self.starts: list[int] = []
        self.targets: list[int] = []
        self.ends: list[int] = []
        self.target_ends: list[int] = []
        self.exact: list[bool] = []
        if text and source and text == source:
            self.base = 0
            return
        if source_markups is None:
            idx = source.find(text) if text else -1
            self.base = idx
            return
        # Candidates by text, each group with its starts in order, searched by bisection:
        # linear overall, however many markups share one text.
        by_text: dict[str, tuple[list[Markup], list[int]]] = {}
        by_squeezed: dict[str, tuple[list[Markup], list[int]]] = {}
        for sm in source_markups:
            raw = sm.text(source)
            for table, key in ((by_text, raw), (by_squeezed, _squeeze(raw))):
                group = table.get(key)
                if group is None:
                    group = table[key] = ([], [])
                group[0].append(sm)
                group[1].append(sm.start)
        cursor = 0
        for tm in text_markups:
            key = tm.text(text)
            found = by_text.get(key)
            exact = True
            if not found:
                found = by_squeezed.get(_squeeze(key))
                exact = False
                if not found:
                    continue
            cands, starts = found
            i = bisect_right(starts, cursor - 1)
            target = cands[i] if i < len(cands) else cands[0]
            if i < len(cands):
                cursor = target.start + 1
            self.starts.append(tm.start)
            self.ends.append(tm.end)
            self.targets.append(target.start)
            self.target_ends.append(target.end)
            self.exact.append(exact)

    def offset(self, offset: int) -> int:
        """The source offset for ``offset`` in the text, or -1 when unknown."""
        if self.base >= 0:
            return self.base + offset
        i = bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.ends[i]:
            return -1
        if self.exact[i]:
            return self.targets[i] + (offset - self.starts[i])
        mine = self.text[self.starts[i] : self.ends[i]]
        theirs = self.source[self.targets[i] : self.target_ends[i]]
        return self.targets[i] + _nonspace_offset(mine, offset - self.starts[i], theirs)

    def line_col(self, offset: int) -> tuple[int, int]:
        mapped = self.offset(offset)
        if mapped < 0:
            return 0, 0
        return self.lines.line_col(mapped)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.source)
        return self._lines


class LineIndex:
    """Line and column of offsets in one text, by bisection over its line starts
    (built once: locating many issues in a long text stays linear)."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            self.starts.append(i + 1)
            i = find("\n", i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` (as :func:`components.diagnostics.line_col`)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def markup_at(markups: list[Markup], offset: int) -> Markup | None:
    """The markup that contains ``offset``."""
    lo, hi = 0, len(markups)
    while lo < hi:
        mid = (lo + hi) // 2
        if markups[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo and markups[lo - 1].start <= offset < markups[lo - 1].end:
        return markups[lo - 1]
    return None
