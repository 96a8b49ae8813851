"""The one Liquid protection mechanism every transformer shares.

Third-party HTML parsers move, drop or re-encode template tokens (``css-inline``
foster-parents ``{% for %}`` between table rows out of the table, serializers
escape ``"`` inside ``href="{{ url | default: "x" }}"``). Before HTML reaches any
parser, :func:`protect` swaps every Liquid / Handlebars / Mustache token for a
placeholder the parser cannot move or alter:

* in text, a comment ``<!--mwl0x-->`` (comments are never foster-parented);
* inside attribute values, ``<style>``/``<script>``/``<title>`` text and
  comments, an opaque word ``mwl0x`` (letters and digits only);
* in the attribute list of a tag (``<td {% if x %}class="a"{% endif %}>``), the
  whole run from the first token to the end of the attribute list becomes one
  opaque attribute ``mwl0x``, so parsers that reorder attributes cannot move a
  conditional attribute out of its condition.

:func:`restore` swaps them back (re-quoting attribute values a minifier
unquoted), and :func:`verify` compares the token sequence and the table
context of each token before and after: a lost, duplicated or moved token is
an error :class:`~components.diagnostics.Issue`, never silence.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat
from typing import Any

from compiler.transformers.core.markup import (
    NODES_RE,
    Cut,
    Markup,
    Node,
    Tag,
    Text,
    cut,
    folded,
    made_tag,
    parse,
)
from components.diagnostics import Issue, error, line_col
from components.markup.elements import TEXT_ONLY

#: Liquid raw/comment blocks are one token each (their insides are not markup to us).
TOKEN_RE = re.compile(
    r"""
    \{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}
  | \{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}
  | \{\{!--.*?--\}\}
  | \{\{\{.*?\}\}\}
  | \{\{(?:[^}"']++|"[^"]*+"|'[^']*+'|\}(?!\}))*+\}\}  # (each character has one way
  | \{%(?:[^%"']++|"[^"]*+"|'[^']*+'|%(?!\}))*+%\}      # in: possessive, same matches)
  | \{\{.*?\}\}  # unbalanced quotes: Liquid (and our parser) end at the first closer
  | \{%.*?%\}
    """,
    re.S | re.X,
)

#: Character references for braces and percent signs: parsers decode them, which
#: would turn ``&#123;&#123; x }}`` (an escaped example) into a live token.
#: (The numeric ones share their "#": a "&#" of another character fails once, not once
#: per alternative.)
_BRACE_ENTITY = (
    r"&(?:\#(?:0*(?:123|125|37);|[xX]0*(?:7[bBdD]|25);)|lbrace;|lcub;|rbrace;|rcub;|percnt;)"
)
BRACE_ENTITY_RE = re.compile(_BRACE_ENTITY)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*))?""")
_TAG_NAME_RE = re.compile(r"</?([a-zA-Z][^\s/>]*)")


def tokens(text: str) -> list[str]:
    """Every template token of ``text``, in order."""
    return TOKEN_RE.findall(text)  # (the pattern has no group: findall gives each match)


def has_tokens(text: str) -> bool:
    return TOKEN_RE.search(text) is not None


@dataclass(slots=True)
class Guarded:
    """HTML with its template tokens swapped for placeholders."""

    text: str
    #: the placeholders' prefix; ``""`` until read for a guard that swapped nothing
    #: (:func:`unguarded`: chosen for its text when first read)
    _prefix: str
    segments: list[str] = field(default_factory=list)
    added: set[int] = field(default_factory=set)
    #: Placeholders standing for a token in text (written ``<!--mwl0x-->``); the
    #: same form inside a real comment (``<!--{{ x }}-->``) is not one of them.
    in_text: set[int] = field(default_factory=set)
    _tokens: list[list[str]] | None = None

    @property
    def prefix(self) -> str:
        """The placeholders' prefix: a word the document does not hold in any case."""
        if not self._prefix:
            self._prefix = _choose_prefix(self.text)
        return self._prefix

    def segment_tokens(self, index: int) -> list[str]:
        """The template tokens of placeholder ``index`` (an attribute run may hold several)."""
        if self._tokens is None:
            self._tokens = []
        known = self._tokens
        if len(known) < len(self.segments):  # read once each (protect records its own)
            known.extend(tokens(s) for s in self.segments[len(known) :])
        return known[index]

    def text_placeholder(self, comment: str) -> int | None:
        """The index when ``comment`` is exactly a text placeholder ``<!--mwl0x-->``."""
        p = self.prefix
        if comment.startswith("<!--" + p) and comment.endswith("x-->"):
            digits = comment[4 + len(p) : -4]
            if digits.isdigit() and int(digits) in self.in_text:
                return int(digits)
        return None

    @property
    def placeholder_re(self) -> re.Pattern[str]:
        return _placeholder_re(self.prefix)

    def only_placeholders(self, value: str) -> bool:
        """True when ``value`` is nothing but placeholders and whitespace."""
        rest = self.placeholder_re.sub("", value).strip()
        return rest == "" and self.prefix in value

    def restore(self, text: str) -> str:
        return restore(text, self)

    def add(self, token_text: str) -> str:
        """A placeholder for template text a transformer inserts on purpose (from options)."""
        self.segments.append(token_text)
        self.added.add(len(self.segments) - 1)
        return f"{self.prefix}{len(self.segments) - 1}x"

    def guard_value(self, value: str) -> str:
        """``value`` (from settings) with its template tokens swapped for added placeholders."""
        return TOKEN_RE.sub(lambda m: self.add(m.group(0)), value)


@functools.lru_cache(maxsize=8)
def _placeholder_re(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + r"(\d+)x")


def _choose_prefix(html: str) -> str:
    # A parser may change the case of a tag or attribute name. No character outside
    # ASCII lower-cases to one of the prefix's letters (m, w, l, q), so lower-casing
    # the ASCII bytes of the UTF-8 text answers as ``str.lower`` would, faster; read a
    # piece at a time (with an overlap of two characters), no copy of the whole is made.
    # (the regex's literal search is about twice as fast as ``in`` on these pieces)
    step = 16384
    search = _MWL.search
    if not any(
        search(html[i : i + step + 2].encode("utf-8", "surrogatepass").lower())
        for i in range(0, len(html), step)
    ):
        return "mwl"
    low = html.encode("utf-8", "surrogatepass").lower()
    prefix = "mwl"
    while prefix.encode() in low:
        prefix += "q"
    return prefix


_MWL = re.compile(b"mwl")


def _token_spans(html: str) -> list[tuple[int, int]]:
    """Spans of template tokens and brace entities, in order (entities inside a
    token belong to it). Two simple scans beat one scan with both patterns."""
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(html)]
    first = html.find("&")  # (the entities' scan starts there, not at the start)
    if first < 0:
        return spans
    entities = _entity_spans(html, first)
    if not entities:
        return spans
    if not spans:
        return entities
    out: list[tuple[int, int]] = []
    ti = 0
    for es, ee in entities:
        while ti < len(spans) and spans[ti][1] <= es:
            out.append(spans[ti])
            ti += 1
        if ti < len(spans) and spans[ti][0] <= es:
            continue  # inside a token
        out.append((es, ee))
    out.extend(spans[ti:])
    return out


def _entity_spans(html: str, at: int) -> list[tuple[int, int]]:
    """The spans of :data:`BRACE_ENTITY_RE`'s matches from the ``&`` at ``at``: while the
    ``&``s are few and far between, each found by ``str.find`` (which skips through the
    text far faster than the regex's scan for its first character) and tried there; from
    the first close to the one before (entities in a row), by the regex."""
    found: list[tuple[int, int]] = []
    match = BRACE_ENTITY_RE.match
    for _ in range(32):
        m = match(html, at)
        if m is not None:
            found.append((at, m.end()))
        after = html.find("&", at + 1 if m is None else m.end())
        if after < 0:
            return found
        near = after - at < 64
        at = after
        if near:
            break
    found.extend((m.start(), m.end()) for m in BRACE_ENTITY_RE.finditer(html, at))
    return found


def _mask(html: str, spans: list[tuple[int, int]], fill: str) -> str:
    if not spans:
        return html
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        parts.append(html[pos:s])
        parts.append(fill * (e - s))
        pos = e
    parts.append(html[pos:])
    return "".join(parts)


def _fill_char(html: str) -> str:
    return next(_unused_controls(html))


#: Noncharacters, the fill characters of a hostile document that holds every control
#: character :func:`_fill_chars` tries first (it may hold these too)
_LAST_FILLS = ("\ufdd0", "\ufdd1")


def _fill_chars(html: str) -> tuple[str, str]:
    """Two characters that no markup syntax reads and ``html`` does not hold (unless
    they are :data:`_LAST_FILLS`)."""
    found = _unused_controls(html)
    return next(found), next(found)


def _unused_controls(html: str) -> Iterator[str]:
    """The control characters no markup syntax reads that ``html`` does not hold, looked
    for one at a time, then two noncharacters (only a hostile document holds all).
    NUL is tried last: a search for it in a text with a character beyond Latin-1 reads
    every character (``memchr`` would stop at the zero byte of each ASCII one), for the
    others ``memchr`` skips through the text."""
    yield from (c for c in "\x01\x02\x03\x04\x05\x06\x07\x08\x00" if c not in html)
    yield from _LAST_FILLS


def unguarded(html: str) -> Guarded:
    """A guard that swapped nothing: what source steps (MJML) see, since they run on
    the email as written, before the guard."""
    return Guarded(html, "", [])  # (the prefix chosen if read: the steps seldom do)


def protect(html: str) -> Guarded:
    """Swap every template token of ``html`` for a placeholder (see module doc)."""
    return protect_parsed(html)[0]


def protect_parsed(html: str, *, text: bool = True) -> tuple[Guarded, Markup]:
    """:func:`protect`, and the guarded document parsed (``parse(guarded.text)``).

    Where a token sits is read from one parse of the document with every token
    masked (each of its characters replaced by one that no markup syntax uses):
    a token in a text node is a text token, one in a comment, declaration or
    raw text is opaque, one in a tag is classified by :func:`_guard_tag`. The
    guarded document's nodes are those of that parse, with the few nodes that
    hold tokens re-made from their guarded text, so the document is parsed once.

    ``text=False``: the guarded text is not made (``guarded.text`` is ``""``; the tree
    serializes to it): for a reader of the tree only (the run), which then holds no
    second copy of the document.
    """
    guarded, doc, _ = _protect(html, text)
    return guarded, doc


def protect_checked(html: str) -> tuple[Guarded, Markup, list[Context]]:
    """``protect_parsed(html, text=False)`` and the placeholders' contexts in its tree
    (:func:`placeholder_contexts`, what the run's check compares with at its end), read
    at the nodes the protection made for its tokens: the walk reads the other nodes only
    for the table stack, and stops at the last of those."""
    guarded, doc, holders = _protect(html, False)
    if holders is None:
        return guarded, doc, placeholder_contexts(doc, guarded)[0]
    return guarded, doc, _contexts_at(doc, guarded, holders)


def _protect(html: str, text: bool) -> tuple[Guarded, Markup, list[int] | None]:
    """:func:`protect_parsed`, and the indices of the tree's nodes that hold
    placeholders (all the others are the input's text: none), None when not known."""
    prefix = _choose_prefix(html)
    found = _token_spans(html)
    guarded = Guarded(html if text else "", prefix, [])
    if not found:
        return guarded, parse(html), []
    fill = _fill_char(html)
    masked = _mask(html, found, fill)
    parsed = parse(masked)
    nodes = parsed.nodes
    # a fresh parse: each tag serializes as its raw text (no method call per node)
    starts = [0, *accumulate([len(n.raw) if isinstance(n, Tag) else len(n.text) for n in nodes])]
    # Replacements: (start, end, kind) with kind "text", "opaque" or "attrs".
    repl: list[tuple[int, int, str]] = []
    holding: list[int] = []  # indices of the nodes that hold tokens, in order
    ti = 0
    n_found = len(found)
    while ti < n_found:
        i = bisect_right(starts, found[ti][0]) - 1
        s, e = starts[i], starts[i + 1]
        node = nodes[i]
        holding.append(i)
        if isinstance(node, Tag):
            ti = _guard_tag(masked, s, e, found, ti, repl)
            continue
        kind = "text" if node.kind == "text" else "opaque"
        while ti < n_found and found[ti][0] < e:
            repl.append((found[ti][0], found[ti][1], kind))
            ti += 1
    del masked  # a copy of the whole document, not read again: memory
    written = _written(html, repl, guarded)
    guarded.text = _replaced(html, 0, len(html), repl, written, 0)[0] if text else ""
    # Each holding node re-made from its guarded text.
    out_nodes: list[Node] = []
    holders: list[int] = []  # the indices in out_nodes of the nodes made here
    done = 0  # nodes[:done] are in out_nodes
    ri = 0
    for i in holding:
        out_nodes.extend(nodes[done:i])
        done = i + 1
        s, e = starts[i], starts[i + 1]
        first = repl[ri][0]  # the node's first replacement
        node_text, ri = _replaced(html, s, e, repl, written, ri)
        node = nodes[i]
        made = len(out_nodes)
        if isinstance(node, Tag) and first - s >= node.attr_start:
            # tokens in the attribute text only, each now an opaque word (in a value or
            # for the rest of the list): the same tag with its guarded attribute text
            out_nodes.append(node.with_attr_text(node_text[node.attr_start : -1]))
        elif isinstance(node, Tag):
            remade = parse(node_text).nodes[:1]
            if not (
                len(remade) == 1
                and isinstance(remade[0], Tag)
                and remade[0].raw == node_text
                and remade[0].name == node.name
            ):
                # a token in the tag's name: the guarded name is another one (maybe a
                # raw-text element's), so the document is read again as guarded
                whole = _replaced(html, 0, len(html), repl, written, 0)[0]
                return guarded, parse(whole), None
            out_nodes.append(remade[0])
        elif node.kind == "text":
            # without "<", the words and the placeholders' comments as parse() cuts them
            # (else the comments may join a "<" of the text into a tag: it is parsed)
            out_nodes.extend(
                parse(node_text).nodes if "<" in node.text else _text_nodes(node_text, prefix)
            )
        else:
            out_nodes.append(Text(node_text, node.kind, node.parent))
        holders.extend(range(made, len(out_nodes)))
    out_nodes.extend(nodes[done:])
    return guarded, Markup(out_nodes, parsed.reads), holders


def _written(html: str, repl: list[tuple[int, int, str]], guarded: Guarded) -> list[str]:
    """Each replacement's segment recorded in ``guarded`` (its tokens too), and what is
    written in its place, in order."""
    prefix = guarded.prefix
    written: list[str] = []
    segments = guarded.segments
    # each segment's tokens: a text or opaque one is one span of ``found``, a token
    # (``{``…) or a brace entity; an attribute run may hold several
    seg_tokens: list[list[str]] = []
    guarded._tokens = seg_tokens
    for s, e, kind in repl:
        idx = len(segments)
        segment = html[s:e]
        segments.append(segment)
        seg_tokens.append(
            tokens(segment) if kind == "attrs" else [segment] if segment[0] == "{" else []
        )
        ph = f"{prefix}{idx}x"
        if kind == "text":
            guarded.in_text.add(idx)
            written.append(f"<!--{ph}-->")
        elif kind == "attrs":
            before = html[s - 1] if s else " "
            written.append(("" if before.isspace() else " ") + ph)
        else:
            written.append(ph)
    return written


def protect_cut(html: str) -> tuple[Guarded, Cut, list[Context]] | None:
    """:func:`protect_checked` with the guarded document as a :class:`~markup.Cut`, no
    node made (for a run whose first steps read few nodes: inline-css reads the style
    blocks and some tags, then hands the page to its engine); None where the guarded
    document is no cut (:func:`markup.cut`) or a token sits in a tag's name (the run
    then protects with :func:`protect_checked`).

    The same classification as :func:`protect_parsed`, read from the scan's parts of the
    masked document (where a token is: its part, by the parts' offsets); the parts that
    hold tokens are written guarded (a text's placeholders' comments cut as the scan
    cuts them), and the contexts read at them as :func:`_contexts_at` reads them."""
    prefix = _choose_prefix(html)
    found = _token_spans(html)
    guarded = Guarded("", prefix, [])
    if not found:
        whole = cut(html)
        return None if whole is None else (guarded, whole, [])
    masked = _mask(html, found, _fill_char(html))
    doc = cut(masked)
    if doc is None:
        return None
    parts = doc.parts
    bare = parts.copy()
    del bare[2::3]  # the texts and the matches, in order: ``bare[b]`` is ``parts[_part(b)]``
    starts = [0, *accumulate(map(len, bare))]
    repl: list[tuple[int, int, str]] = []
    holding: list[int] = []  # the items of ``bare`` that hold tokens, in order
    ti = 0
    n_found = len(found)
    while ti < n_found:
        b = bisect_right(starts, found[ti][0]) - 1
        s, e = starts[b], starts[b + 1]
        holding.append(b)
        if b % 2:  # a match
            if parts[_part(b) + 1] is not None:  # a tag
                ti = _guard_tag(masked, s, e, found, ti, repl)
                continue
            kind = "opaque"
        else:  # a text: a raw-text element's body after that element's start tag
            kind = "opaque" if b and _raw_start(bare[b - 1], parts[_part(b) - 1]) else "text"
        while ti < n_found and found[ti][0] < e:
            repl.append((found[ti][0], found[ti][1], kind))
            ti += 1
    del masked, bare
    written = _written(html, repl, guarded)
    out: list[Any] = []
    held: list[int] = []  # the items of ``out`` made here, in order
    done = 0  # parts[:done] are in out
    ri = 0
    for b in holding:
        p = _part(b)
        out.extend(parts[done:p])
        s, e = starts[b], starts[b + 1]
        first = repl[ri][0]
        text, ri = _replaced(html, s, e, repl, written, ri)
        name = parts[p + 1] if b % 2 else None
        if name is not None:  # a tag
            node = parts[p]
            if first - s < len(name) + (2 if node[1] == "/" else 1):
                # not in the attribute text: the guarded tag must still be one tag, so named
                again = NODES_RE.split(text)
                if not (
                    len(again) == 4
                    and again[1] == text
                    and again[2] is not None
                    and again[2].lower() == name.lower()
                ):
                    return None  # a token in the tag's name
                name = again[2]
            held.append(len(out))
            out += (text, name)
            done = p + 2
            continue
        if b % 2 == 0 and not (b and _raw_start(parts[p - 2], parts[p - 1])):
            # a text: its placeholders' comments are matches (and, with a "<", the rest
            # is cut as the scan cuts it)
            if "<" in parts[p]:
                pieces = cut(text)
                cut_parts = None if pieces is None else pieces.parts
            else:
                cut_parts = _text_cut(text, prefix)
            if cut_parts is None:
                return None
            held.extend(range(len(out), len(out) + len(cut_parts)))
            out += cut_parts
        else:
            held.append(len(out))
            out.append(text)
        done = p + 1
    out.extend(parts[done:])
    guarded_doc = Cut(out)
    return guarded, guarded_doc, _cut_contexts(out, held, guarded)


def _text_cut(text: str, prefix: str) -> list[Any] | None:
    """``cut(text).parts`` for a text whose only markup is its placeholders' comments
    (none of its own "<"): the words between them, and each comment as a match with no
    name; None where :func:`markup.cut` gives None (İ, ı or ſ in it)."""
    if folded(text):
        return None
    bits = _text_placeholder_split(prefix).split(text)
    out: list[Any] = [bits[0]]
    for i in range(1, len(bits), 2):
        out += (bits[i], None, bits[i + 1])
    return out


def _part(b: int) -> int:
    """The index in a :class:`Cut`'s parts of item ``b`` of its texts and matches."""
    return 3 * (b // 2) + b % 2


def _raw_start(node: str, name: str | None) -> bool:
    """Whether a match (its text and tag name) is a raw-text element's start tag."""
    return name is not None and node[1] != "/" and name.lower() in TEXT_ONLY


def _cut_contexts(parts: list[Any], held: list[int], guard: Guarded) -> list[Context]:
    """:func:`placeholder_contexts` of the :class:`Cut` ``parts`` whose items holding
    placeholders are all among ``held`` (indices, in order): :func:`_contexts_at` on its
    tree, read from the parts (of the other matches, the table elements' tags are read
    for the table stack, found by their names as written; none after the last of
    ``held``)."""
    prefix = guard.prefix
    finditer = guard.placeholder_re.finditer
    out: list[Context] = []
    stack: list[str] = []
    names = parts[2::3]
    # the table elements' tags, picked out in C: their matches, each one's name in lower
    # case with the open elements its start tag closes, and whether it is an end tag
    table = {
        n: (low, _CLOSES[low])
        for n in set(names)
        if n is not None
        for low in (n.lower(),)
        if low in _CLOSES
    }
    where = list(map(table.__contains__, names))
    tables = list(compress(count(), where))  # their matches
    moves = list(
        zip(
            map(table.__getitem__, compress(names, where)),
            map(str.startswith, compress(parts[1::3], where), repeat("</")),
            strict=True,
        )
    )
    ti = 0  # tables[:ti] moved the stack
    for p in held:
        item = parts[p]
        if p % 3 == 2 or not item or prefix not in item:
            continue  # (a name: its match's text is read)
        k = (p - 1) // 3  # the match it is, or the one it follows (-1: none)
        # the stack up to the match (a tag's placeholders are read before it moves it),
        # or up to the text's match and that one
        upto = bisect_left(tables, k + 1 if p % 3 == 0 else k, ti)
        for (name, closes), end in moves[ti:upto]:  # (_move inline: most tags are here)
            if end:
                while stack:
                    if stack.pop() == name:
                        break
            else:
                while stack and stack[-1] in closes:
                    stack.pop()
                stack.append(name)
        ti = upto
        if p % 3 == 1 and parts[p + 1] is not None:  # a tag
            tag = made_tag(item, parts[p + 1], {})
            in_tag, _ = _tag_contexts(tag, prefix, finditer)
            out.extend(sorted(in_tag, key=lambda c: (c[1], c[0])) if len(in_tag) > 1 else in_tag)
            continue
        if p % 3 == 0:
            raw = k >= 0 and _raw_start(parts[p - 2], parts[p - 1])
            ctx = "raw" if raw else "table" if stack and stack[-1] in _TABLE_TAGS else "flow"
        elif item.startswith("<!--") and guard.text_placeholder(item) is not None:
            ctx = "table" if stack and stack[-1] in _TABLE_TAGS else "flow"
        else:
            ctx = "raw"
        out.extend((int(m.group(1)), ctx) for m in finditer(item))
    return out


def _replaced(
    html: str, start: int, end: int, repl: list[tuple[int, int, str]], written: list[str], ri: int
) -> tuple[str, int]:
    """``html[start:end]`` with the replacements from ``repl[ri]`` on that start in it
    (each ``repl[k]``'s span by ``written[k]``; a replacement that starts in it ends in
    it), and the index of the first replacement after it."""
    parts: list[str] = []
    pos = start
    while ri < len(repl) and repl[ri][0] < end:
        rs, re_, _ = repl[ri]
        parts.append(html[pos:rs])
        parts.append(written[ri])
        pos = re_
        ri += 1
    parts.append(html[pos:end])
    return "".join(parts), ri


def _text_nodes(text: str, prefix: str) -> list[Node]:
    """``parse(text).nodes`` for a text without ``<`` but the text placeholders'
    comments ``<!--mwl0x-->``: the words between them, and the comments."""
    out: list[Node] = []
    for k, piece in enumerate(_text_placeholder_split(prefix).split(text)):
        if k % 2:
            out.append(Text(piece, "comment"))
        elif piece:
            out.append(Text(piece))
    return out


@functools.lru_cache(maxsize=8)
def _text_placeholder_split(prefix: str) -> re.Pattern[str]:
    return re.compile("(<!--" + re.escape(prefix) + r"\d+x-->)")


@dataclass(slots=True)
class Masked:
    """A document whose template tokens (and brace entities) read as markers: each the
    token's length, made of a character no markup syntax reads (``fill``), the token's
    index, and a second such character (``pad``) to the token's end.

    For a reader that scans the document once and reads few of its pieces (the plain
    text): the markers read as ordinary characters, so the scan cuts the document as
    :func:`protect_parsed` does; the document is masked a piece at a time as it is
    read (:meth:`piece`: no masked copy of the whole), and the pieces read are guarded
    as they are read (:meth:`reveal`). ``guard`` holds the tokens (placeholder ``i`` is
    token ``i``) and, as pieces are revealed, which stood in text; its ``text`` is not
    made. Where a token sits in a tag's name or attribute list the guard would make one
    placeholder of several tokens: :meth:`plain_tag` says so, and the reader uses
    :func:`protect_parsed` instead.
    """

    html: str
    spans: list[tuple[int, int]]
    fill: str
    pad: str
    guard: Guarded
    _markers: list[str] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, guard: Guarded, html: str) -> Masked:
        """A document guarded already (by ``guard``): nothing masked. ``html`` is the
        document or what it restores to (no marker character is in either)."""
        fill, pad = _fill_chars(html)
        return cls("", [], fill, pad, guard)

    def piece(self, start: int, end: int) -> str:
        """``html[start:end]`` masked (as long as it is; ``start`` is not inside a token)."""
        html = self.html
        starts = self._starts
        i = bisect_left(starts, start)
        j = bisect_left(starts, end, i)  # the tokens starting in the piece: i to j
        if i == j:
            return html[start:end]
        out: list[str] = []
        append = out.append
        pos = start
        for (s, e), marker in zip(self.spans[i:j], self._markers[i:j], strict=True):
            append(html[pos:s])
            append(marker)
            pos = e
        if pos < end:
            append(html[pos:end])
        elif pos > end:  # the last token goes on past the piece: its marker cut there
            out[-1] = out[-1][: len(out[-1]) - (pos - end)]
        return "".join(out)

    def reveal(self, piece: str, in_text: bool) -> str:
        """``piece`` with its markers swapped for placeholders: ``<!--mwl0x-->`` when it is
        text (recorded in ``guard.in_text``), the bare word ``mwl0x`` elsewhere."""
        prefix = self.guard.prefix
        markers = _marker_re(self.fill, self.pad)
        if in_text:
            found = self.guard.in_text

            def placeholder(m: re.Match[str]) -> str:
                found.add(int(m.group(1)))
                return f"<!--{prefix}{m.group(1)}x-->"

            return markers.sub(placeholder, piece)
        return markers.sub(lambda m: f"{prefix}{m.group(1)}x", piece)

    def text_pieces(self, piece: str) -> list[str]:
        """A text ``piece`` cut at its markers: the text before the first, then each
        marker's token index (recorded in ``guard.in_text``) and the text after it, as
        :func:`~markup.split` cuts ``reveal(piece, True)`` where ``piece`` holds no ``<``
        (each placeholder a comment, the rest text)."""
        cut = _marker_re(self.fill, self.pad).split(piece)
        self.guard.in_text.update(map(int, cut[1::2]))
        return cut

    def words_and_tokens(self, piece: str) -> tuple[str, str]:
        """``reveal(piece, False)``, and ``piece`` with its markers swapped for the tokens
        they stand for (the text of the document where it was read), from one cut."""
        cut = _marker_re(self.fill, self.pad).split(piece)
        segments = self.guard.segments
        prefix = self.guard.prefix
        if len(cut) == 3:  # one marker (most URLs with tokens)
            before, digits, after = cut
            return f"{before}{prefix}{digits}x{after}", before + segments[int(digits)] + after
        words = cut.copy()
        for i in range(1, len(cut), 2):
            digits = cut[i]
            words[i] = f"{prefix}{digits}x"
            cut[i] = segments[int(digits)]
        return "".join(words), "".join(cut)

    def plain_tag(self, name: str, attrs: str) -> bool:
        """Whether the markers of a tag (its :func:`~markup.split` ``name`` and ``attrs``)
        are all inside attribute values, where each becomes its own placeholder word."""
        fill = self.fill
        if fill in name:
            return False
        # every marker in the first attribute's double-quoted value (a link's href): a name
        # of letters and digits, "=", the value up to the next quote, no marker after it
        equals = attrs.find('="')
        if (
            equals > 1
            and attrs[0] == " "
            and attrs[1:equals].isalnum()
            and (close := attrs.find('"', equals + 2)) > 0
            and attrs.find(fill, close) < 0
        ):
            return True
        listed = attrs[:-1] if attrs.endswith("/") else attrs
        if _VALUES_ONLY.fullmatch(listed) is not None:
            return True  # every attribute is name="value", no marker character in a name
        return not any(self.fill in n for n, _ in _ATTR_RE.findall(listed))


#: An attribute list of ``name="value"`` attributes only, each after whitespace, whose
#: names hold none of the characters a marker may be made of (:func:`_unused_controls`):
#: ``_ATTR_RE`` reads each of its values as a value, so a marker in it is in no name.
_VALUES_ONLY = re.compile(r"""(?:\s++[^\s"'>/=\x00-\x08\ufdd0\ufdd1]++="[^"]*+")*+\s*+""")


@functools.lru_cache(maxsize=16)
def _marker_re(fill: str, pad: str) -> re.Pattern[str]:
    return re.compile(re.escape(fill) + r"(\d+)" + re.escape(pad) + "+")


def mask(html: str, *, same_prefix: bool = True) -> Masked | None:
    """``html`` with its tokens read as markers (see :class:`Masked`); None when a token
    is too short for its marker (``{{}}`` as the hundredth token) or ``html`` holds every
    character a marker could be made of.

    With ``same_prefix`` the guard's placeholders use the prefix :func:`protect` chooses
    (a search of the whole document), so they are as long as its placeholders: a reader
    that measures its guarded text (line wrapping) measures what the guarded tree gives.
    Without, the prefix is made with the fill character, which the document does not
    hold (the placeholders go to no parser, only into the reader's own text).
    """
    fill, pad = _fill_chars(html)
    if (fill in _LAST_FILLS and fill in html) or (pad in _LAST_FILLS and pad in html):
        return None  # a hostile document holding every candidate
    found = _token_spans(html)
    prefix = _choose_prefix(html) if same_prefix else "mwl" + fill
    guard = Guarded("", prefix, [html[s:e] for s, e in found])
    # each marker: the fill character, the token's index, pads to the token's end
    spare = [e - s - 1 - len(str(i)) for i, (s, e) in enumerate(found)]  # pads
    if spare and min(spare) < 1:
        return None
    markers = [f"{fill}{i}{pad * n}" for i, n in enumerate(spare)]
    return Masked(html, found, fill, pad, guard, markers, [s for s, _ in found])


def _guard_tag(
    masked: str,
    s: int,
    e: int,
    found: list[tuple[int, int]],
    ti: int,
    repl: list[tuple[int, int, str]],
) -> int:
    """Classify tokens inside the tag ``masked[s:e]``; return the next token index."""
    name_m = _TAG_NAME_RE.match(masked, s)
    pos = name_m.end() if name_m else s + 1
    end_of_attrs = e - 1
    if masked[e - 2 : e] == "/>":
        end_of_attrs = e - 2
    values = [
        am.span(2) for am in _ATTR_RE.finditer(masked, pos, end_of_attrs) if am.group(2) is not None
    ]
    n = len(found)
    while ti < n and found[ti][0] < e:
        ts, te = found[ti]
        if any(vs <= ts and te <= ve for vs, ve in values):
            repl.append((ts, te, "opaque"))
            ti += 1
            continue
        # attribute-list position: one opaque attribute to the end of the list
        while end_of_attrs > ts and masked[end_of_attrs - 1].isspace():
            end_of_attrs -= 1
        last = max(te, end_of_attrs)
        repl.append((ts, last, "attrs"))
        while ti < n and found[ti][0] < last:
            ti += 1
        break
    while ti < n and found[ti][0] < e:
        ti += 1
    return ti


_START_TAG_RE = re.compile(r"<([a-zA-Z][^\s/>]*+)((?:[^'\">]++|\"[^\"]*+\"|'[^']*+')*+)>")


def _restore_tag(tag: str, seg: Callable[[re.Match[str]], str], ph_re: re.Pattern[str]) -> str:
    """A start tag with its placeholders restored; values that gained a token are quoted
    (a minifier may have unquoted ``href=mwl0x``), attribute-list runs come back whole."""
    m = _START_TAG_RE.fullmatch(tag)
    if m is None:
        return ph_re.sub(seg, tag)
    out = [tag[: m.start(2)]]
    attrs = m.group(2)
    pos = 0
    for am in _ATTR_RE.finditer(attrs):
        out.append(attrs[pos : am.start()])
        pos = am.end()
        aname, value = am.group(1), am.group(2)
        whole_name = ph_re.fullmatch(aname)
        if whole_name and (value is None or value in ('""', "''")):
            out.append(seg(whole_name))
            continue
        aname = ph_re.sub(seg, aname)
        if value is None:
            out.append(aname)
            continue
        eq = am.group(0)[len(am.group(1)) : am.start(2) - am.start()]
        if value.startswith(('"', "'")):
            q = value[0]
            inner = ph_re.sub(seg, value[1:-1])
            out.append(f"{aname}{eq}{q}{inner}{q}")
        else:
            inner = ph_re.sub(seg, value)
            if inner != value:
                q = "'" if '"' in inner and "'" not in inner else '"'
                out.append(f"{aname}{eq}{q}{inner}{q}")
            else:
                out.append(f"{aname}{eq}{value}")
    out.append(attrs[pos:])
    out.append(tag[m.end(2) :])
    return "".join(out)


def _segment_function(guard: Guarded, without_added: bool) -> Callable[[re.Match[str]], str]:
    segs = guard.segments
    if without_added and guard.added:
        segs = ["" if i in guard.added else s for i, s in enumerate(segs)]

    def seg(m: re.Match[str]) -> str:
        i = int(m.group(1))
        return segs[i] if i < len(segs) else m.group(0)

    return seg


def restore_markup(doc: Markup, guard: Guarded, *, without_added: bool = False) -> str:
    """Serialize ``doc`` with its placeholders swapped back (one pass over the nodes).

    Placeholders in start tags go through :func:`_restore_tag`; a text
    placeholder ``<!--mwl0x-->`` (or the bare word a minifier left) becomes its
    token; inside comments and raw text they are plain words.
    """
    if not guard.segments:
        return doc.serialize()
    return _walk(doc, guard, _segment_function(guard, without_added), contexts=False)[2]


def restore(text: str, guard: Guarded, *, without_added: bool = False) -> str:
    """Swap placeholders back for the template tokens they stand for.

    ``without_added`` drops the tokens transformers added on purpose, which is
    what :func:`verify` compares with the input.
    """
    if not guard.segments or guard.prefix not in text:
        return text
    return restore_markup(parse(text), guard, without_added=without_added)


def restore_text(text: str, guard: Guarded) -> str:
    """Placeholders in text that is not HTML (the plain-text part) swapped back: a text
    placeholder ``<!--mwl0x-->`` (of ``guard.in_text``) becomes its token, any other
    placeholder word too (one in a comment keeps the comment around its token)."""
    if not guard.segments or guard.prefix not in text:
        return text
    segments = guard.segments
    count = len(segments)
    in_text = guard.in_text

    def swap(m: re.Match[str]) -> str:
        digits = m.group(1)
        if digits is None:  # a bare word
            i = int(m.group(2))
            return segments[i] if i < count else m.group(0)
        i = int(digits)
        token = segments[i] if i < count else m.group(0)[4:-3]
        return token if i in in_text else f"<!--{token}-->"

    return _text_placeholder_re(guard.prefix).sub(swap, text)


@functools.lru_cache(maxsize=8)
def _text_placeholder_re(prefix: str) -> re.Pattern[str]:
    """A text placeholder (group 1: its index) or a placeholder word (group 2)."""
    word = re.escape(prefix)
    return re.compile("<!--" + word + r"(\d+)x-->|" + word + r"(\d+)x")


# --- verification --------------------------------------------------------------------

_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr"}
_CELL_LIKE = {"td", "th", "caption"}
_CTX_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(" + "|".join(sorted(TEXT_ONLY)) + r")\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>",
    re.S | re.I,
)


def token_contexts(html: str) -> list[tuple[str, str]]:
    """Each token with a coarse context: ``table`` when it sits directly in a
    table/row (where parsers foster-parent), ``attr:<name>`` inside a value,
    ``tag`` in an attribute list, ``raw`` inside comments and raw-text elements,
    else ``flow``."""
    found = list(TOKEN_RE.finditer(html))
    if not found:
        return []
    masked = _mask(html, [(m.start(), m.end()) for m in found], "x")
    out: list[tuple[str, str]] = []
    stack: list[str] = []
    ti = 0
    n = len(found)

    def flow() -> str:
        return "table" if stack and stack[-1] in _TABLE_TAGS else "flow"

    for m in _CTX_RE.finditer(masked):
        s, e = m.start(), m.end()
        while ti < n and found[ti].start() < s:
            out.append((found[ti].group(0), flow()))
            ti += 1
        if m.group(3) is not None:
            name = m.group(3).lower()
            inside: list[re.Match[str]] = []
            while ti + len(inside) < n and found[ti + len(inside)].start() < e:
                inside.append(found[ti + len(inside)])
            in_tag: list[tuple[str, str]] = []
            for t in inside:
                ctx = "tag"
                for am in _ATTR_RE.finditer(masked, m.start(4), m.end(4)):
                    if am.group(2) is not None and am.start(2) <= t.start() < am.end(2):
                        ctx = "attr:" + am.group(1).lower()
                        break
                in_tag.append((t.group(0), ctx))
            # attribute order inside one tag carries no meaning (engines reorder them)
            out.extend(sorted(in_tag, key=lambda tc: (tc[1], tc[0])) if len(in_tag) > 1 else in_tag)
            ti += len(inside)
            if m.group(2):  # end tag
                if name in _TABLE_TAGS or name in _CELL_LIKE:
                    while stack:
                        if stack.pop() == name:
                            break
            elif name in _TABLE_TAGS or name in _CELL_LIKE:
                if name in _CELL_LIKE or name == "tr":
                    while stack and stack[-1] in (_CELL_LIKE | ({"tr"} if name == "tr" else set())):
                        stack.pop()
                stack.append(name)
        else:
            while ti < n and found[ti].start() < e:
                out.append((found[ti].group(0), "raw"))
                ti += 1
    while ti < n:
        out.append((found[ti].group(0), flow()))
        ti += 1
    return out


def verify(
    before: str,
    after: str,
    *,
    step: str,
    file: str = "",
    allow_copies: bool = False,
    locate_in: str = "",
) -> list[Issue]:
    """Errors when a template token of ``before`` is lost, duplicated or moved in ``after``.

    ``allow_copies`` (for MJML, which copies ``mj-title`` into several places)
    only requires the same set of tokens. The error is located at the token: in
    ``locate_in`` when given (the text the user's lines refer to; the token's n-th
    occurrence there), else in ``before``.
    """
    if allow_copies and set(tokens(before)) == set(tokens(after)):
        # what the contexts would conclude: with copies allowed, the same set of tokens
        # passes whatever their places (they are read only to word an error)
        return []
    a = token_contexts(before)
    b = token_contexts(after)
    if a == b or (allow_copies and [t for t, _ in a] == [t for t, _ in b]):
        return []
    ta, tb = Counter(t for t, _ in a), Counter(t for t, _ in b)
    if allow_copies and set(ta) == set(tb):
        return []
    lost = list((ta - tb).elements())
    extra = list((tb - ta).elements())
    nth = 0  # which occurrence of the token in ``before`` the error is about
    if lost:
        what, tok = "lost", lost[0]
        nth = _first_missing(tok, [t for t, _ in a], [t for t, _ in b])
    elif extra:
        what, tok = "duplicated" if extra[0] in ta else "added", extra[0]
    else:
        idx = next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        tok = a[idx][0]
        what = "moved" if a[idx][0] != b[idx][0] else f"moved ({a[idx][1]} → {b[idx][1]})"
        nth = sum(1 for t, _ in a[:idx] if t == tok)
    line, col = _token_location(tok, nth, locate_in or before)
    issue = error(
        "transformers/liquid-changed",
        f"transformer '{step}' {what} the template token {tok!r}; its output was discarded "
        "(disable the transformer for this email or report the case)",
        file,
        line,
        col,
    )
    return [issue]


def _first_missing(tok: str, before: list[str], after: list[str]) -> int:
    """Which occurrence of ``tok`` in ``before`` has no counterpart in ``after``: the
    first whose neighbours differ (both lists read in order), else the last."""
    mine = [i for i, t in enumerate(before) if t == tok]
    theirs = [i for i, t in enumerate(after) if t == tok]
    for k, i in enumerate(mine):
        if k >= len(theirs):
            return k
        j = theirs[k]
        if before[i - 1 : i] != after[j - 1 : j]:
            return k
    return len(mine) - 1


def _token_location(tok: str, nth: int, where: str) -> tuple[int, int]:
    """Line and column of the ``nth`` occurrence (0-based) of ``tok`` in ``where``, or of
    its first when there are fewer; (0, 0) only when ``where`` does not hold it."""
    at = where.find(tok)
    first = at
    for _ in range(nth):
        if at < 0:
            break
        at = where.find(tok, at + 1)
    if at < 0:
        at = first
    return line_col(where, at) if at >= 0 else (0, 0)


# --- the run's check: placeholder sequences, compared as lists ------------------------

Context = tuple[int, str]  # (placeholder index, context)


def placeholder_contexts(doc: Markup, guard: Guarded) -> tuple[list[Context], list[int]]:
    """Each placeholder of a guarded document with the context :func:`token_contexts`
    gives its tokens (in-tag ones sorted, since engines reorder attributes), and
    the placeholder indices in document order. One walk over the nodes."""
    if not guard.segments:
        return [], []
    contexts, order, _ = _walk(doc, guard, None, contexts=True)
    return contexts, order


def run_intact(expected: list[Context], doc: Markup, restored: str, guard: Guarded) -> bool:
    """True when the run's output ``doc`` (guarded) / ``restored`` (final HTML) has every
    placeholder of the input exactly once, in order and in its context, and the
    final HTML has exactly the tokens those placeholders stand for (plus the
    ones transformers added on purpose), in that order."""
    if not guard.segments:
        return not has_tokens(restored)
    contexts, order = placeholder_contexts(doc, guard)
    return _intact(expected, contexts, order, restored, guard)


def restore_intact(expected: list[Context], doc: Markup, guard: Guarded) -> str | None:
    """:func:`restore_markup` of the run's output ``doc`` when :func:`run_intact` holds
    for it, else None: the restore and the placeholders' contexts read in one walk."""
    if not guard.segments:
        restored = doc.serialize()
        return None if has_tokens(restored) else restored
    contexts, order, restored = _walk(doc, guard, _segment_function(guard, False), contexts=True)
    return restored if _intact(expected, contexts, order, restored, guard) else None


def _intact(
    expected: list[Context],
    contexts: list[Context],
    order: list[int],
    restored: str,
    guard: Guarded,
) -> bool:
    if guard.added:
        contexts = [c for c in contexts if c[0] not in guard.added]
    if contexts != expected:
        return False
    if guard.placeholder_re.search(restored):
        return False
    want = [t for i in order if i < len(guard.segments) for t in guard.segment_tokens(i)]
    return tokens(restored) == want


#: The open table elements a start tag of a table element closes first (a cell closes an
#: open cell, a row an open cell and row; :func:`token_contexts` reads tags the same way).
_CLOSES: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in _TABLE_TAGS | _CELL_LIKE},
    **{name: frozenset(_CELL_LIKE) for name in _CELL_LIKE},
    "tr": frozenset(_CELL_LIKE | {"tr"}),
}


def _walk(
    doc: Markup, guard: Guarded, seg: Callable[[re.Match[str]], str] | None, *, contexts: bool
) -> tuple[list[Context], list[int], str]:
    """One walk over a guarded document (with segments): with ``contexts``, each
    placeholder with its context and the placeholder indices in document order (see
    :func:`placeholder_contexts`); with ``seg``, the document serialized with its
    placeholders swapped back by ``seg`` (see :func:`restore_markup`), else ``""``."""
    prefix = guard.prefix
    out: list[Context] = []
    order: list[int] = []
    parts: list[str] = []
    ph_re = guard.placeholder_re
    finditer = ph_re.finditer
    stack: list[str] = []
    closes_of: dict[str, frozenset[str]] = _CLOSES if contexts else {}
    for n in doc.nodes:
        if isinstance(n, Tag):
            s = n.serialize() if n.dirty else n.raw
            name = n.name
            if prefix in s:
                # whether every placeholder is inside a quoted value, where _restore_tag
                # swaps it back as a plain substitution does (no name, no unquoted value)
                quoted = False
                if contexts:
                    in_tag, quoted = _tag_contexts(n, prefix, finditer)
                    order.extend(i for i, _ in in_tag)
                    out.extend(
                        sorted(in_tag, key=lambda c: (c[1], c[0])) if len(in_tag) > 1 else in_tag
                    )
                if seg is not None:
                    s = ph_re.sub(seg, s) if n.end or quoted else _restore_tag(s, seg, ph_re)
            if seg is not None:
                parts.append(s)
            closes = closes_of.get(name)
            if closes is not None:
                if n.end:
                    while stack:
                        if stack.pop() == name:
                            break
                else:
                    while stack and stack[-1] in closes:
                        stack.pop()
                    stack.append(name)
            continue
        text = n.text
        if prefix not in text:
            if seg is not None:
                parts.append(text)
            continue
        kind = n.kind
        text_ph = kind == "comment" and guard.text_placeholder(text) is not None
        if contexts:
            if kind == "text" or text_ph:
                ctx = "table" if stack and stack[-1] in _TABLE_TAGS else "flow"
            else:
                ctx = "raw"
            for m in finditer(text):
                i = int(m.group(1))
                order.append(i)
                out.append((i, ctx))
        if seg is not None:
            parts.append(ph_re.sub(seg, text[4:-3] if text_ph else text))
    return out, order, "".join(parts)


def _tag_contexts(
    n: Tag, prefix: str, finditer: Callable[[str], Iterator[re.Match[str]]]
) -> tuple[list[Context], bool]:
    """The placeholders of a tag that holds some, each with its context (in attribute
    order), and whether every one is inside a quoted value."""
    if n._attrs is None:
        text = n.attr_text
        if _PLAIN_ATTRS.fullmatch(text):
            in_values = _plain_contexts(text, prefix, finditer)
            if in_values is not None:
                return in_values, prefix not in n.name
    return _tag_contexts_read(n, prefix, finditer)


#: An attribute text written plainly: each attribute after white space, ``name="value"``
#: (as :data:`_ATTR_RE` reads it there: a value is what is between the quotes)
_PLAIN_ATTRS = re.compile(r"""(?:\s++[^\s"'>/=]++="[^"]*+")*+""")


def _plain_contexts(
    text: str, prefix: str, finditer: Callable[[str], Iterator[re.Match[str]]]
) -> list[Context] | None:
    """:func:`_tag_contexts_read`'s contexts for an attribute text written plainly
    (:data:`_PLAIN_ATTRS`) whose placeholders are all in values, found without reading
    the attributes one by one (a value is opened by an odd quote, and its name is the
    word before its ``="``); None where the prefix is anywhere else (in a name)."""
    at = text.find(prefix)
    while at >= 0:
        if not text.count('"', 0, at) % 2:
            return None  # (not in a value)
        at = text.find(prefix, at + 1)
    in_tag: list[Context] = []
    for m in finditer(text):
        name = text[: text.rfind('"', 0, m.start()) - 1].rsplit(None, 1)[-1]
        in_tag.append((int(m.group(1)), "attr:" + name.lower()))
    return in_tag


def _tag_contexts_read(
    n: Tag, prefix: str, finditer: Callable[[str], Iterator[re.Match[str]]]
) -> tuple[list[Context], bool]:
    """:func:`_tag_contexts`, each attribute read (as :attr:`Tag.attrs` reads them)."""
    quoted = prefix not in n.name
    in_tag: list[Context] = []
    if n._attrs is None:  # unedited: its attributes as Tag.attrs reads them, none made
        text = n.attr_text
        if text.rstrip().endswith("/"):
            text = text.rstrip()[:-1]
        found: Iterable[tuple[str, str | None, str]] = (
            (name, None, "")
            if v is None
            else (name, v[1:-1], v[0])
            if v.startswith(('"', "'"))
            else (name, v, "")
            for name, v in (m.groups() for m in _ATTR_RE.finditer(text))
            if prefix in name or (v is not None and prefix in v)
        )
    else:
        found = ((a.name, a.value, a.quote) for a in n._attrs)
    for name, value, quote in found:
        if prefix in name:
            quoted = False
            for m in finditer(name):
                in_tag.append((int(m.group(1)), "tag"))
        if value is not None and prefix in value:
            if not quote:
                quoted = False
            ctx = "attr:" + name.lower()
            for m in finditer(value):
                in_tag.append((int(m.group(1)), ctx))
    return in_tag, quoted


def _contexts_at(doc: Markup, guard: Guarded, at: list[int]) -> list[Context]:
    """:func:`placeholder_contexts` of a tree whose nodes holding placeholders are all
    among ``at`` (indices, in order): the other nodes are read for the table stack only
    (as :func:`_walk` reads them), and none after the last of ``at``."""
    prefix = guard.prefix
    finditer = guard.placeholder_re.finditer
    nodes = doc.nodes
    out: list[Context] = []
    stack: list[str] = []
    closes_of = _CLOSES
    tag = Tag
    start = 0
    for at_i in at:
        for n in nodes[start:at_i]:  # (_move inline: most nodes are read here)
            if n.__class__ is tag:
                name = n.name
                closes = closes_of.get(name)
                if closes is not None:
                    if n.end:
                        while stack:
                            if stack.pop() == name:
                                break
                    else:
                        while stack and stack[-1] in closes:
                            stack.pop()
                        stack.append(name)
        node = nodes[at_i]
        start = at_i + 1
        if isinstance(node, Tag):
            # its placeholders are read before it moves the stack (as _walk reads them)
            if prefix in (node.serialize() if node.dirty else node.raw):
                in_tag, _ = _tag_contexts(node, prefix, finditer)
                out.extend(
                    sorted(in_tag, key=lambda c: (c[1], c[0])) if len(in_tag) > 1 else in_tag
                )
            closes = closes_of.get(node.name)
            if closes is not None:
                _move(stack, node.name, node.end, closes)
            continue
        text = node.text
        if prefix not in text:
            continue
        kind = node.kind
        if kind == "text" or (kind == "comment" and guard.text_placeholder(text) is not None):
            ctx = "table" if stack and stack[-1] in _TABLE_TAGS else "flow"
        else:
            ctx = "raw"
        out.extend((int(m.group(1)), ctx) for m in finditer(text))
    return out


def _move(stack: list[str], name: str, end: bool, closes: frozenset[str]) -> None:
    """The open table elements after the table element ``name``'s start (or ``end``) tag
    (it closes the open ones of ``closes`` first); :func:`_walk`, the loop of
    :func:`_contexts_at` and that of :func:`_cut_contexts` do the same inline (they read
    every node: no call per node)."""
    if end:
        while stack:
            if stack.pop() == name:
                break
    else:
        while stack and stack[-1] in closes:
            stack.pop()
        stack.append(name)
