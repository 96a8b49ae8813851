"""A lossless token stream of guarded HTML: the one tree the tag-level transformers share.

Transformers that only edit attributes, rename tags or rewrite ``<style>``
text (css-variables, css-cleanup, url-params, a11y-fixes, entities, widows)
work on this stream instead of a full DOM: it is built with one regex pass,
keeps every byte it is not asked to change (attribute order and quoting,
whitespace, MSO conditional comments, ``data-mw-node`` marks), and serializes
untouched tags from their original text. It runs on :mod:`liquid_guard`
output, so template tokens are placeholders here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count
from typing import Any, cast

from components.markup.elements import TEXT_ONLY

# Possessive quantifiers (Python 3.11): every tag and comment is one regex step,
# and no input can make the scan backtrack. (The loop unrolled: the unquoted text, then a
# quoted value and the unquoted text after it, as often as they come — fewer regex steps
# than an alternation of the three tried per part; the same matches.)
_ATTRS = r"""[^'">]*+(?:(?:"[^"]*+"|'[^']*+')[^'">]*+)*+"""
_PARSE_RE = re.compile(
    r"<(?:(?P<comment>!--(?:[^-]++|-(?!->))*+(?:-->|\Z))"
    r"|(?P<decl>![^>]*+>|\?[^>]*+>)"
    r"|(?P<raw>(?P<rtag>(?P<rname>(?i:" + "|".join(sorted(TEXT_ONLY)) + r"))(?=[\s/>])"
    r"(?P<rattrs>" + _ATTRS + r")>)(?P<body>(?:[^<]++|<(?!/(?i:(?P=rname))\s*>))*+))"
    r"|(?P<tag>(?P<end>/)?(?P<name>[a-zA-Z][^\s/>]*+)(?P<attrs>" + _ATTRS + r")>))",
    re.S,
)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*))?""")


def _index(text: str) -> dict[str, str]:
    """Attribute name (lower case) → raw value (quotes kept) of a tag's attribute text;
    the first occurrence of a name wins (as in HTML)."""
    stripped = text.rstrip()
    pairs = _ATTR_RE.findall(stripped[:-1] if stripped.endswith("/") else text)
    pairs.reverse()  # dict(): the last assignment wins, so the first attribute does
    index = dict(pairs)
    if index and not "".join(index).islower():  # upper case (or no letters) in a name
        index = {n.lower(): v for n, v in pairs}
    return index


#: Attributes ``name="value"``, each after whitespace, as :data:`_ATTR_RE` reads them: a
#: name (no quote, "=", "/" or ">" in it) and its double-quoted value.
_PAIRS = re.compile(r"""(?:\s++[^\s"'>/=]++="[^"]*+")*+""")


def attribute(text: str, name: str) -> str | None:
    """The raw value of attribute ``name`` (lower case) in a tag's attribute text, read as
    :meth:`Tag.get` reads it (the first occurrence; ``""`` for a bare attribute), with no
    tag and no index made: for a reader that reads one attribute of a tag once."""
    # the first attribute, double-quoted (``_ATTR_RE`` reads the same: its name ends at
    # the "=", its value at the next quote, which a closing "/" cut off would follow)
    if text[:1] == " " and text.startswith(name, 1) and text.startswith('="', len(name) + 1):
        end = text.find('"', len(name) + 3)
        if end >= 0:
            return text[len(name) + 3 : end]
    # a later one, double-quoted, after double-quoted attributes only (an image's alt
    # after its src), none of which holds the name in any case: the first occurrence
    at = text.find(" " + name + '="')
    if at > 0 and _PAIRS.fullmatch(text, 0, at) and name not in text[:at].lower():
        end = text.find('"', at + len(name) + 3)
        if end >= 0:
            return text[at + len(name) + 3 : end]
    if name not in text and name not in text.lower():
        return None
    stripped = text.rstrip()
    # (read up to the attribute: most readers read the first or second)
    for m in _ATTR_RE.finditer(stripped[:-1] if stripped.endswith("/") else text):
        found = m.group(1)
        if found == name or found.lower() == name:
            value = m.group(2) or ""
            return value[1:-1] if value.startswith(('"', "'")) else value
    return None


@dataclass(slots=True)
class Attr:
    name: str
    value: str | None  # raw (entity-encoded) text without quotes; None = no value
    quote: str = '"'


@dataclass(slots=True)
class Tag:
    """A start or end tag. ``raw`` is used verbatim until the tag is edited."""

    name: str  # lower case
    raw: str
    end: bool = False
    _attrs: list[Attr] | None = None
    #: the attribute text; None until read: ``raw`` after ``<``, ``/`` and the name, up
    #: to the closing ``>`` (:func:`parse` cuts no copy of it for the tags never read;
    #: not compared: a parsed tag's is its ``raw``'s, whether cut yet or not)
    _attr_text: str | None = field(default="", compare=False)
    #: a tag's text (``raw``) → its read index, shared by the tags of one parse (emails
    #: repeat their tags: each distinct text is split once); the indexes are never changed
    #: (nor kept on the tag: :meth:`Markup.forget_reads` lets them all go)
    _read: dict[str, dict[str, str]] | None = field(default=None, compare=False, repr=False)
    dirty: bool = False
    self_closing: bool = False
    _low: str | None = None  # raw (or a given _attr_text) in lower case, made on demand
    _edited: str | None = None  # serialize() of an edited tag, until the next edit
    #: lower-case name → raw value, for reading (a tag without ``_read``: one made by a
    #: step, not by a parse)
    _index: dict[str, str] | None = None

    @property
    def attr_text(self) -> str:
        """The attribute text as parsed (``raw`` between the name and ``>``)."""
        text = self._attr_text
        if text is None:
            text = self._attr_text = self.raw[len(self.name) + (2 if self.end else 1) : -1]
        return text

    @property
    def attrs(self) -> list[Attr]:
        if self._attrs is None:
            self._attrs = []
            text = self.attr_text
            if text.rstrip().endswith("/"):
                self.self_closing = True
                text = text.rstrip()[:-1]
            for m in _ATTR_RE.finditer(text):
                v = m.group(2)
                if v is None:
                    self._attrs.append(Attr(m.group(1), None, ""))
                elif v.startswith(('"', "'")):
                    self._attrs.append(Attr(m.group(1), v[1:-1], v[0]))
                else:
                    self._attrs.append(Attr(m.group(1), v, ""))
        return self._attrs

    def get(self, name: str) -> str | None:
        """The raw value of attribute ``name`` (lower case); ``""`` for a bare attribute.

        Reading does not build :class:`Attr` objects (most tags are only read):
        the attribute text is split once by one ``findall`` into a dictionary
        (first occurrence of each name wins), which every later read uses.
        """
        if self._attrs is None:
            index = self._index
            if index is None:
                read = self._read
                if read is not None:
                    index = read.get(self.raw)
                if index is None:
                    text = self._attr_text
                    # a name not in the tag's text is no attribute (nor in its attribute
                    # text, not cut for this test: raw is it after "<" and the name)
                    probe = self.raw if text is None else text
                    if name not in probe:
                        low = self._low
                        if low is None:
                            # (the text itself when it has no upper case: no copy kept)
                            low = self._low = probe if probe.islower() else probe.lower()
                        if name not in low:
                            return None
                    if text is None:  # (not kept: the index is)
                        text = self.raw[len(self.name) + (2 if self.end else 1) : -1]
                    index = _index(text)
                    if read is not None:
                        read[self.raw] = index
                if read is None:
                    # (a tag of a parse keeps no index of its own: its parse's dictionary
                    # does, which Markup.forget_reads lets go at once)
                    self._index = index
            v = index.get(name)
            if v is None:
                return None
            return v[1:-1] if v.startswith(('"', "'")) else v
        for a in self._attrs:
            if a.name.lower() == name:
                return a.value if a.value is not None else ""
        return None

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def set(self, name: str, value: str | None) -> None:
        """Set (raw, already-escaped) ``value``; ``None`` gives a bare attribute."""
        for a in self.attrs:
            if a.name.lower() == name:
                if a.value != value:
                    a.value = value
                    if value is not None and not a.quote:
                        a.quote = '"'
                    self.dirty = True
                    self._edited = None
                return
        self.attrs.append(Attr(name, value, '"' if value is not None else ""))
        self.dirty = True
        self._edited = None

    def remove(self, name: str) -> None:
        before = len(self.attrs)
        self._attrs = [a for a in self.attrs if a.name.lower() != name]
        if len(self._attrs) != before:
            self.dirty = True
            self._edited = None

    @property
    def attr_start(self) -> int:
        """Where the attribute text starts in ``raw`` (after ``<``, ``/`` and the name)."""
        return len(self.raw) - len(self.attr_text) - 1

    def with_attr_text(self, attr_text: str) -> Tag:
        """This unedited tag with ``attr_text`` for its attribute text: the tag
        :func:`parse` reads from ``raw[:attr_start] + attr_text + ">"`` when that is one
        tag (``attr_text`` holds no ``>`` outside quotes and no unmatched quote)."""
        return Tag(
            self.name,
            f"{self.raw[: self.attr_start]}{attr_text}>",
            self.end,
            None,
            attr_text,
            self._read,
        )

    def rename(self, name: str) -> None:
        if self._attr_text is None:
            self._attr_text = self.attr_text  # cut while the name is the one in ``raw``
        self.name = name
        self.dirty = True
        self._edited = None

    def serialize(self) -> str:
        if not self.dirty:
            return self.raw
        if self._edited is None:
            self._edited = self._build()
        return self._edited

    def _build(self) -> str:
        if self.end:
            return f"</{self.name}>"
        parts = [f"<{self.name}"]
        for a in self.attrs:
            if a.value is None:
                parts.append(f" {a.name}")
            else:
                q = a.quote or '"'
                if q in a.value:
                    q = "'" if q == '"' else '"'
                parts.append(f" {a.name}={q}{a.value}{q}")
        parts.append(" />" if self.self_closing else ">")
        return "".join(parts)


@dataclass(slots=True)
class Text:
    """Text, a comment, a declaration, or the raw content of a raw-text element."""

    text: str
    kind: str = "text"  # text | comment | decl | raw
    parent: str = ""  # for raw: the element name (style, script, …)

    def serialize(self) -> str:
        return self.text


Node = Tag | Text


@dataclass(slots=True)
class Markup:
    nodes: list[Node] = field(default_factory=list)
    #: the read indexes its parse's tags share (:attr:`Tag._read`), None when not known
    reads: dict[str, dict[str, str]] | None = field(default=None, compare=False, repr=False)

    def forget_reads(self) -> None:
        """Let the tags' read attribute indexes go (memory: about as large as the document
        once every tag has been read); a tag read again is split again."""
        if self.reads is not None:
            self.reads.clear()

    def serialize(self) -> str:
        return "".join(self.parts())

    def parts(self) -> list[str]:
        """Each node's text as it serializes, in order (``"".join`` of them is
        :meth:`serialize`)."""
        # each node's serialize() inlined: no method call for text or an unedited tag
        return [
            n.text if isinstance(n, Text) else n.raw if not n.dirty else n.serialize()
            for n in self.nodes
        ]

    def tags(self, name: str | None = None) -> Iterator[Tag]:
        """The start tags (named ``name``), from a list made when called."""
        tag = Tag
        if name is None:
            return iter([n for n in self.nodes if n.__class__ is tag and not n.end])
        return iter([n for n in self.nodes if n.__class__ is tag and n.name == name and not n.end])

    def style_blocks(self) -> Iterator[tuple[Tag, Text]]:
        """Each ``<style>`` start tag with its text node (created empty if needed)."""
        nodes = self.nodes
        tag = Tag
        for i, n in enumerate(nodes):
            if n.__class__ is tag and n.name == "style" and not n.end:
                nxt = nodes[i + 1] if i + 1 < len(nodes) else None
                if isinstance(nxt, Text) and nxt.kind == "raw":
                    yield n, nxt


#: The same scan without the raw-text alternative (about half the regex work). A
#: raw-text element's body is then the text up to the next match: exact when that match
#: is the element's end tag or there is none, else the body is found by
#: :data:`_RAW_END` and the scan goes on after it.
_COMMENT = r"!--(?:[^-]++|-(?!->))*+(?:-->|\Z)"
_DECL = r"![^>]*+>|\?[^>]*+>"
_TAG = r"(?P<end>/)?(?P<name>[a-zA-Z][^\s/>]*+)(?P<attrs>" + _ATTRS + r")>"
_FAST = rf"<(?:(?P<comment>{_COMMENT})|(?P<decl>{_DECL})|(?P<tag>{_TAG}))"
#: :data:`_FAST` with two groups: the whole node (``<`` and all: :func:`parse` takes a
#: comment's, declaration's or tag's text as the scan cut it) and a tag's name (None for a
#: comment or a declaration). A comment is the node that starts ``<!--``, a tag's end
#: ``/`` its second character, its attribute text the rest up to the ``>``
#: (:attr:`Tag.attr_text`, cut when read): no group per part, no copy of what the tree
#: does not keep (a third less regex work and one short tuple per node).
NODES_RE = re.compile(rf"(<(?:{_COMMENT}|{_DECL}|/?([a-zA-Z][^\s/>]*+){_ATTRS}>))", re.S)
#: The same scan without the whole tag as a group (it is ``end + name + attrs + ">"``):
#: :func:`split`'s, which keeps no node and so no tag's text whole.
_SPLIT_RE = re.compile(_FAST.replace("(?P<tag>", "(?:"), re.S)
_RAW_END = {name: re.compile(rf"</(?i:{name})\s*>") for name in TEXT_ONLY}
#: Characters that Python's case-insensitive match takes for ASCII letters of the
#: raw-text names (İ, ı, ſ): with any of them the full regex decides.
_FOLDS = ("\u0130", "\u0131", "\u017f")


#: How many items :func:`split` gives per match: the groups ``comment, decl, end, name,
#: attrs`` and the text after the match.
FIELDS = 6


def split(html: str, folds: bool = True) -> list[str | None] | None:
    """The scan as one flat list, no node made: the text before the first match, then
    :data:`FIELDS` items per match: ``comment`` or ``decl`` (the match without its
    ``<``), or a tag's ``end`` (``"/"`` or None), ``name`` (as written) and ``attrs``
    (the tag is ``<`` + end + name + attrs + ``>``); then the text after it.
    :func:`matches` reads the same in pieces; :func:`flat` gives the layout for nodes.

    A raw-text element's body is the text after its start tag: exact when the next
    match ends it (:func:`ends_raw`), else :func:`parse` reads that body again. None
    when only the full regex cuts ``html`` as :func:`parse` does (İ, ı or ſ in it),
    unless ``folds`` is False (the reader checks where they are: :func:`folded`).
    """
    if folds and not html.isascii() and any(c in html for c in _FOLDS):
        return None
    return _SPLIT_RE.split(html)


def scan_runs(marked: Collection[str], other: Collection[str]) -> re.Pattern[str]:
    """:func:`split`'s scan with runs: start and end tags named (in lower case, as
    written) in ``marked`` or ``other``, whole comments, and the whitespace (space, tab,
    CR, LF) between and after them, read as one match when they follow each other. A
    run is the first group of its match when it holds a tag named in ``marked``, else
    the second (the run without its first ``<``, the text after it as for any match);
    the groups of :func:`split` follow, for the matches that are not runs.

    For a reader to which a run of layout tags is one thing (the plain text: a run of
    tables and rows between two texts writes one paragraph break): a run is the matches
    :func:`split` cuts it into, which ``split("<" + run)`` gives back. Each part of a
    run is one possessive regex step, so no input makes the scan backtrack.
    """

    def names(found: Collection[str]) -> str:
        # after the name, its ">" at once (an end tag, a start tag with no attribute: no
        # attribute loop tried), or a space or "/" and the attribute text (the same
        # reading as ``(?=[\s/>])`` + :data:`_ATTRS` + ">", whose first part reads that
        # character as this does)
        return r"/?(?:" + _trie(found) + r")(?:>|[\s/]" + _ATTRS + ">)"

    space = r"[ \t\r\n]*+"
    comment = r"!--(?:[^-]++|-(?!->))*+-->"
    # (a comment first: its "!" fails at once where a tag is, a tag's name is not so
    # quickly refused; the two never start alike)
    unmarked = f"(?:{comment}|{names(other)}){space}"
    either = f"(?:{comment}|{names([*marked, *other])}){space}"
    # a run with a marked tag: the unmarked run up to the first (possessive: the
    # second alternative takes a run with none without reading it again), then the rest
    with_marked = f"(?:{unmarked}(?:<{unmarked})*+<|){names(marked)}{space}(?:<{either})*+"
    runs = f"({with_marked})|({unmarked}(?:<{unmarked})*+)"
    return re.compile("<(?:" + runs + "|" + _SPLIT_RE.pattern.removeprefix("<(?:"), re.S)


#: Tag names that email layouts hold most, the most frequent first (the cells, rows and
#: tables of MJML's output): :func:`_trie` tries the branch holding one first. A trie's
#: branches start with different letters, so their order changes no match, only how many
#: letters the regex tests before the one that matches.
_COMMON = ("td", "tr", "table", "tbody", "div", "span", "p", "br", "strong", "th", "b")


def _trie(names: Iterable[str], before: str = "") -> str:
    """A pattern that matches each of ``names`` (non-empty), as a tree of their letters:
    the regex tests a tag's name a letter at a time, not once per name; the branches that
    hold the most frequent names first (:data:`_COMMON`; ``before``: what the names
    follow in the tree)."""
    names = sorted(set(names))
    if len(names) == 1:
        return re.escape(names[0])
    rests: dict[str, list[str]] = {}
    for name in names:
        rests.setdefault(name[0], []).append(name[1:])

    def rank(item: tuple[str, list[str]]) -> tuple[int, str]:
        first, after = item
        common = [_COMMON.index(n) for a in after if (n := before + first + a) in _COMMON]
        return min(common, default=len(_COMMON)), first

    branches = []
    for first, after in sorted(rests.items(), key=rank):
        longer = [a for a in after if a]
        if not longer:
            branches.append(re.escape(first))
        else:
            branches.append(
                re.escape(first)
                + "(?:"
                + _trie(longer, before + first)
                + ")"
                + ("?" if "" in after else "")
            )
    return "|".join(branches)


def matches(
    html: str,
    size: int = 16384,
    piece: Callable[[int, int], str] | None = None,
    scan: re.Pattern[str] = _SPLIT_RE,
    folds: bool = True,
) -> Iterator[tuple[str | None, ...]] | None:
    """:func:`split`'s matches as tuples (``comment, decl, end, name, attrs, text
    after``), the first one ``(None, None, None, None, None, text before the first
    match)``; read about ``size`` characters at a time, so no list of the whole document
    is kept (the plain text's memory). ``piece(start, end)``, when given, is what is
    read for ``html[start:end]`` (as long: the plain text masks its tokens piece by
    piece). ``scan`` is :func:`split`'s pattern or one made by :func:`scan_runs` (whose
    tuples start with its groups). None where :func:`split` is None (with ``folds``
    False, never: the reader checks the texts and tag names it reads, :func:`folded`).

    A piece's matches are those of the whole text up to the first place the scan may
    have read past the piece's end: a ``<`` that may open a tag in the text between
    matches (the attempt may have failed only for want of the rest), or the last match
    (it may end where the piece does). The next piece starts at the match before that
    place, so no text between matches is ever cut in two. (A run of a :func:`scan_runs`
    scan may end early, at a comment that the piece cuts short: the rest of the run
    starts the next piece.)
    """
    if folds and not html.isascii() and any(c in html for c in _FOLDS):
        return None
    return chain.from_iterable(_pieces(html, size, piece, scan))


def folded(text: str) -> bool:
    """Whether a text between the scan's matches (one with a ``<``) or a tag's name holds
    a character the full regex's case-insensitive raw-text names take for an ASCII
    letter (İ, ı, ſ). Only there can the full regex read a document otherwise than the
    scan: a raw-text element's start or end tag spelled with one of them is text to the
    scan (``<ſtyle>``, ``</ſtyle>``) or a tag with such a name (``<scrİpt>``); in a
    comment, a declaration or an attribute value both read it alike. A reader of
    :func:`matches` with ``folds`` False tests each text that holds a ``<`` and each
    tag name that is not ASCII."""
    return not text.isascii() and any(c in text for c in _FOLDS)


#: A "<" in the text between matches whose attempt may have failed for want of the rest
#: of the document (one followed by anything else fails at once; the last text of a
#: piece is never kept, so one at a text's end is followed by the next match's "<").
_MAY_OPEN = re.compile(r"<[A-Za-z/!?]")


def _pieces(
    html: str, size: int, read: Callable[[int, int], str] | None, scan: re.Pattern[str]
) -> Iterator[Iterator[tuple[str | None, ...]]]:
    fields = scan.groups + 1  # items per match: the groups and the text after it
    names = scan.groupindex["name"]  # where a match's tag name is, from its first item
    start = 0
    while True:
        whole = start + size >= len(html)
        piece = min(size, len(html) - start)
        parts = scan.split(
            read(start, start + piece) if read is not None else html[start : start + size]
        )
        cut = len(parts)  # parts[:cut] are the matches of the whole text
        if not whole:
            cut -= fields  # the last match may end where the piece does
            # the texts before the last match's (an opener in that one cuts the same)
            texts = cast(list[str], [parts[0], *parts[fields:cut:fields]])
            joined = "".join(texts)
            opens = _MAY_OPEN.search(joined) if "<" in joined else None
            if opens is not None:  # in the k-th text: keep the matches before the one before it
                k = bisect_right(list(accumulate(map(len, texts))), opens.start())
                cut = min(cut, 1 + (k - 1) * fields)
            if cut <= 1:  # not one match can be kept: read a longer piece
                size *= 2
                continue
        groups = iter(parts[1:cut])
        lead = () if start else ((*([None] * (fields - 1)), parts[0]),)
        yield chain(lead, zip(*([groups] * fields), strict=True))
        if whole:
            return
        # the next piece starts at the first match not kept
        start += (
            _length(parts[:cut], fields, names)
            if cut < len(parts) - fields
            else piece - _length(["", *parts[cut:]], fields, names)
        )  # the last match, its text
        del parts  # before the next piece is read: one piece's items at a time


def _length(parts: list[str | None], fields: int, names: int) -> int:
    """The length of the text a run of a scan's items was cut from (its pieces, a "<"
    per match and a ">" per tag); the run starts with a text, ``fields`` items per match,
    the tag name at ``names`` from each match's first item."""
    tags = parts[names::fields]
    return (
        sum(map(len, filter(None, parts)))
        + (len(parts) - 1) // fields
        + len(tags)
        - tags.count(None)
    )


def ends_raw(raw: str, end: str | None, name: str | None, attrs: str | None) -> bool:
    """Whether a match (its :func:`split` groups) is the end tag of the raw-text element
    ``raw`` (lower case), so that the text before it is that element's whole body."""
    return (
        end is not None
        and name is not None
        and name.lower() == raw
        and (not attrs or attrs.isspace())
    )


def flat(nodes: list[Node]) -> list[str | None]:
    """:func:`split`'s layout for ``nodes``: tag names in lower case (the tree's), edited
    tags as they serialize, each raw body the text after its start tag, exactly."""
    out: list[str | None] = [""]
    tag = Tag
    for n in nodes:
        if n.__class__ is tag:
            t = n
            if t.dirty:
                s = t.serialize()
                attrs = s[len(t.name) + (2 if t.end else 1) : -1]
            else:
                given = t._attr_text  # (else cut, not kept: Tag.attr_text)
                attrs = (
                    given if given is not None else t.raw[len(t.name) + (2 if t.end else 1) : -1]
                )
            out += (None, None, "/" if t.end else None, t.name, attrs, "")
        else:
            x = cast(Text, n)
            kind = x.kind
            if kind in ("text", "raw"):
                out[-1] = (out[-1] or "") + x.text
            elif kind == "comment":
                out += (x.text[1:], None, None, None, None, "")
            else:
                out += (None, x.text[1:], None, None, None, "")
    return out


def parse(html: str) -> Markup:
    """One regex pass: every byte of ``html`` lands in exactly one node."""
    if not html.isascii() and any(c in html for c in _FOLDS):
        return _parse_full(html)
    nodes: list[Node] = []
    pos = 0
    read: dict[str, dict[str, str]] = {}
    while pos >= 0:
        pos = _scan(html, pos, nodes, read)
    return Markup(nodes, read)


def _scan(html: str, pos: int, nodes: list[Node], read: dict[str, dict[str, str]]) -> int:
    """Parse ``html[pos:]`` into ``nodes`` (their tags sharing ``read``); -1 at the end,
    else where to go on (after a raw-text body that holds markup)."""
    # ``split`` hands over every match's groups (and the text after it) in one C
    # call, which is much cheaper than reading groups from match objects; each
    # node's text is one of them.
    return _made(NODES_RE.split(html[pos:] if pos else html), nodes, read, html)


def _made(
    parts: list[Any], nodes: list[Node], read: dict[str, dict[str, str]], html: str | None
) -> int:
    """:func:`_scan` of the scan's ``parts`` (:class:`Cut`'s layout): their nodes put in
    ``nodes``; ``html`` is the text they were cut from, re-read where a raw-text body
    holds markup (None: a :class:`Cut`, whose bodies are known to hold none)."""
    append = nodes.append
    tag_node, text_node = Tag, Text
    # Equal texts share one string: emails repeat their tags and the whitespace between
    # them (MJML's 10x page: 8,543 tags, 310 distinct), so the tree holds each once and
    # a read index's lookup of a repeated tag finds its key by identity, hash made.
    same: dict[str, str] = {}
    share = same.setdefault
    if parts[0]:
        append(text_node(parts[0]))
    groups = iter(parts)
    next(groups)
    raw = ""  # the raw-text element whose body the last text was
    # zip() of one iterator three times: each match's groups as one tuple, made in C
    for node, name, text in zip(groups, groups, groups, strict=True):
        if raw:
            # the body ended at this match: exact if it is the element's end tag
            if (
                name is None
                or node[1] != "/"
                or not ends_raw(raw, "/", name, node[len(name) + 2 : -1])
            ):
                assert html is not None, "a Cut's raw-text body holds markup"
                return _raw_body(html, raw, nodes)
            raw = ""
        if name is not None:
            tag = share(node, node)
            if name.islower():
                low = name
                attrs = None  # cut from ``raw`` when read
            else:
                low = name.lower()
                # (as long as the name but for İ, which parse() leaves to _parse_full)
                attrs = (
                    None
                    if len(low) == len(name)
                    else tag[len(name) + (2 if tag[1] == "/" else 1) : -1]
                )
            if tag[1] == "/":
                append(tag_node(low, tag, True, None, attrs, read))
            elif low in TEXT_ONLY:
                append(tag_node(low, tag, False, None, attrs, read))
                append(text_node(text, "raw", low))
                raw = low
                continue
            else:
                append(tag_node(low, tag, False, None, attrs, read))
        elif node.startswith("<!--"):
            append(text_node(node, "comment"))
        else:
            append(text_node(node, "decl"))
        if text:
            append(text_node(share(text, text)))
    return -1


@dataclass(slots=True)
class Cut:
    """A document as :func:`parse`'s scan cuts it, no node made (:func:`cut`).

    ``parts`` is the scan's split: the text before the first match, then three items per
    match: its whole text (a tag, comment or declaration), its tag name as written (None
    for a comment or a declaration), and the text after it — a raw-text element's body
    when the match is that element's start tag. Match ``k``'s items are
    ``parts[3 * k + 1:3 * k + 4]``. :meth:`markup` gives the tree :func:`parse` gives
    for :meth:`text`; a reader that reads few nodes (a step that reads the style blocks
    and a few tags) reads the parts and makes only the tags it reads (:meth:`tag`).

    Editing: a tag by the :class:`Tag` :meth:`tag` gives (kept: it serializes in
    :meth:`text`), a text by its item (``parts[3 * k + 3]``: a raw body stays one), and
    :meth:`put_after` puts text in after a match.
    """

    parts: list[Any]
    #: the tags made so far, by their match
    made: dict[int, Tag] = field(default_factory=dict)
    #: the read indexes the tags share (as a parse's: :attr:`Markup.reads`)
    read: dict[str, dict[str, str]] = field(default_factory=dict)
    #: text put in after a match (by its index), in the order given
    put: dict[int, list[str]] = field(default_factory=dict)

    def tag(self, k: int) -> Tag:
        """Match ``k``'s tag (it must be one), made as :func:`parse` makes it, once."""
        found = self.made.get(k)
        if found is None:
            found = self.made[k] = made_tag(self.parts[3 * k + 1], self.parts[3 * k + 2], self.read)
        return found

    def style_blocks(self) -> list[tuple[Tag, Body]]:
        """Each ``<style>`` start tag with its body (as :meth:`Markup.style_blocks`)."""
        parts = self.parts
        names = parts[2::3]
        style = {n for n in set(names) if n is not None and n.lower() == "style"}
        return [
            (self.tag(k), Body(parts, 3 * k + 3))
            for k in compress(count(), map(style.__contains__, names))
            if parts[3 * k + 1][1] != "/"
        ]

    def put_after(self, k: int, text: str) -> None:
        """Put ``text`` in after match ``k`` (-1: at the end of the document)."""
        self.put.setdefault(k, []).append(text)

    def text(
        self, undo: list[tuple[int, int, str]] | None = None, before: dict[int, str] | None = None
    ) -> str:
        """The document with its edits. With ``undo``, the splices (start, end, text
        before) that turn it back into the document as it was are put in it, in order;
        ``before`` gives the items the reader edited itself (by their index in
        :attr:`parts`) with their text before."""
        parts = self.parts.copy()
        changed = dict(before) if before else {}  # item → its text before
        for k, tag in self.made.items():
            if tag.dirty:
                parts[3 * k + 1] = tag.serialize()
                changed[3 * k + 1] = tag.raw  # (a tag's raw is its text as cut)
        for k, texts in self.put.items():
            at = 3 * k + 1 if k >= 0 else len(parts) - 1
            changed.setdefault(at, parts[at])
            parts[at] = "".join([parts[at], *texts])
        del parts[2::3]  # the names: each is in its match's text
        if undo is not None and changed:
            starts = [0, *accumulate(map(len, parts))]
            for i in sorted(changed):
                b = i - i // 3  # (its index once the names are out)
                undo.append((starts[b], starts[b + 1], changed[i]))
        return "".join(parts)

    def markup(self) -> Markup:
        """:func:`parse` of :meth:`text` (the parts' nodes made, no new scan when no tag
        was edited and nothing put in)."""
        if self.put or any(t.dirty for t in self.made.values()):
            return parse(self.text())
        nodes: list[Node] = []
        read = self.read
        _made(self.parts, nodes, read, None)
        return Markup(nodes, read)


class Body:
    """A raw-text element's body in a :class:`Cut` (its item ``at``), read and written as
    a :class:`Text`'s ``text``."""

    __slots__ = ("at", "parts")

    def __init__(self, parts: list[Any], at: int) -> None:
        self.parts = parts
        self.at = at

    @property
    def text(self) -> str:
        text: str = self.parts[self.at]
        return text

    @text.setter
    def text(self, value: str) -> None:
        self.parts[self.at] = value


def made_tag(node: str, name: str, read: dict[str, dict[str, str]]) -> Tag:
    """The tag of a match (its text and its tag name as written) as :func:`parse` makes
    it, sharing the read indexes ``read``."""
    end = node[1] == "/"
    if name.islower():
        low, attrs = name, None
    else:
        low = name.lower()
        attrs = None if len(low) == len(name) else node[len(name) + (2 if end else 1) : -1]
    return Tag(low, node, end, None, attrs, read)


def cut(html: str) -> Cut | None:
    """``html`` as :class:`Cut`, or None where :func:`parse` would read it otherwise than
    part by part: İ, ı or ſ in it (the full regex decides), or a raw-text element's body
    that holds markup (the next match does not end it)."""
    if not html.isascii() and any(c in html for c in _FOLDS):
        return None
    parts = NODES_RE.split(html)
    names = parts[2::3]
    # the raw-text elements' start tags, by the names written in this document (few)
    raw = {n for n in set(names) if n is not None and n.lower() in TEXT_ONLY}
    if raw:
        last = len(names) - 1
        for k in compress(count(), map(raw.__contains__, names)):
            node = parts[3 * k + 1]
            if node[1] == "/" or k == last:
                continue
            after, name = parts[3 * k + 4], parts[3 * k + 5]
            if (
                name is None
                or after[1] != "/"
                or not ends_raw(names[k].lower(), "/", name, after[len(name) + 2 : -1])
            ):
                return None
    return Cut(parts)


def _raw_body(html: str, name: str, nodes: list[Node]) -> int:
    """Re-read the body of the raw-text element ``name`` (the last node) up to its end
    tag; return where that end tag starts (or -1 at the end of ``html``)."""
    nodes.pop()
    start = sum(len(n.raw) if isinstance(n, Tag) else len(n.text) for n in nodes)
    found = _RAW_END[name].search(html, start)
    stop = found.start() if found else len(html)
    nodes.append(Text(html[start:stop], "raw", name))
    return stop if found else -1


def _parse_full(html: str) -> Markup:
    """:func:`parse` with raw-text elements read by the regex (a body holding markup)."""
    # ``split`` hands over every match's groups (and the text after it) in one C
    # call, which is much cheaper than reading groups from match objects; each
    # match is rebuilt exactly from its groups ("<" is the only byte outside them).
    nodes: list[Node] = []
    append = nodes.append
    read: dict[str, dict[str, str]] = {}
    parts = _PARSE_RE.split(html)
    if parts[0]:
        append(Text(parts[0]))
    groups = iter(parts)
    next(groups)
    # zip() of one iterator twelve times: each match's groups as one tuple, made in C
    for comment, decl, raw, rtag, rname, rattrs, body, tag, end, name, attrs, text in zip(
        *([groups] * 12), strict=True
    ):
        if tag is not None:
            append(
                Tag(
                    name if name.islower() else name.lower(),
                    "<" + tag,
                    end is not None,
                    None,
                    attrs,
                    read,
                )
            )
        elif raw is not None:
            low = rname.lower()
            append(Tag(low, "<" + rtag, False, None, rattrs, read))
            append(Text(body, "raw", low))
        elif comment is not None:
            append(Text("<" + comment, "comment"))
        else:
            append(Text("<" + decl, "decl"))
        if text:
            append(Text(text))
    return Markup(nodes, read)
