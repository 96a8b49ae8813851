"""One fast scan of the final HTML that every validator shares.

The scan is a tokenizer plus an open-element stack, not a full HTML5 tree
builder: validators need elements with their attributes and *offsets* (to map
back through the source map), the text a reader sees, and the nesting
mistakes a browser would silently repair. Liquid tokens inside tags and
attribute values are kept whole (a ``>`` inside ``{% if a > b %}`` does not
end a tag).

Outlook conditional comments: content of ``<!--[if mso]> … <![endif]-->`` is
scanned as markup too (it holds VML buttons and backgrounds) but flagged
``mso`` and left out of the nesting checks, because ghost tables open in one
conditional block and close in another by design. Content of the
"downlevel-revealed" form ``<!--[if !mso]><!--> … <!--<![endif]-->`` (its marker
also written ``<!-- -->`` or ``<!---->``: :data:`components.markup.conditionals.REVEAL`)
is plain HTML for every other client and is scanned normally. An ``<![endif]…>`` ends
the innermost block whichever form it is written in: ``<!--[if mso]> …
<!--<![endif]-->`` is one comment to every client but Outlook. Each element and text
also records its ``outlook_parent``: the nesting as Outlook reads it, where the
conditional-comment markers are transparent, so a VML shape opened in one
conditional block and closed in another encloses the HTML between them (the
EMC accessibility rules read this nesting).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from components.markup.conditionals import REVEAL
from components.markup.elements import (
    CLOSES_P,
    NOT_SHOWN,
    OPTIONAL_END,
    SERIALIZES_AS_VOID,
    TEXT_ONLY,
)

_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all"
    r"|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|max-height\s*:\s*0(?:px)?\s*(?:;|$|!))",
    re.I,
)

_TOKEN = re.compile(
    r"""
    (?P<cstart><!--\[if\s[^\]]*\]>(?P<reveal>"""
    + REVEAL
    + r""")?)
  | (?P<cend><!--<!\[endif\]-->|<!\[endif\]-->|<!\[endif\]>)
  | (?P<comment><!--.*?(?:-->|\Z))
  | (?P<decl><![^>]*>)
  | </(?P<end>[A-Za-z][\w:.-]*)\s*>
  | <(?P<start>[A-Za-z][\w:.-]*)
      (?P<attrs>(?>"[^"]*"|'[^']*'|\{\{.*?\}\}|\{%.*?%\}|[^>"'{]+|\{)*?)
      (?P<selfclose>/?)>
    """,
    re.X | re.S,
)
_ATTR = re.compile(
    r"""
    (?P<name>(?:\{\{.*?\}\}|\{%.*?%\})|[^\s"'>/=]+)
    (?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>(?:\{\{.*?\}\}|\{%.*?%\}|[^\s"'=<>`])+)))?
    """,
    re.X | re.S,
)
_VALID_ATTR_NAME = re.compile(r"^[A-Za-z_:@#][\w:.@#\-\[\]]*$")


@dataclass(slots=True)
class Element:
    """A start tag in the output, with where it is."""

    index: int
    tag: str  # lower case, prefix kept: "v:roundrect"
    attrs: dict[str, str]  # lower-case names, entity-decoded values
    start: int  # offset of "<"
    end: int  # offset just after ">"
    parent: int = -1  # index of the enclosing element, -1 for none
    mso: bool = False  # inside an Outlook-only conditional comment
    hidden: bool = False  # this element or an ancestor hides its content
    link: int = -1  # index of the enclosing <a>, -1 for none
    closed: bool = False  # an end tag (or an implied one) was found
    duplicate_attrs: tuple[str, ...] = ()
    bad_attrs: tuple[str, ...] = ()
    raw_attrs: str = ""

    mark: int = -1  # offset of its own data-mw-node mark, -1 for none
    outlook_parent: int = -1  # enclosing element with conditional comments transparent

    @property
    def at(self) -> int:
        """The offset to locate this element by: its source mark, else its "<"."""
        return self.mark if self.mark >= 0 else self.start

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)


@dataclass(slots=True)
class TextRun:
    """Character data a reader may see (entities decoded)."""

    text: str
    start: int
    parent: int  # index of the enclosing element, -1 for none
    hidden: bool
    link: int  # index of the enclosing <a>, -1 for none
    mso: bool
    outlook_parent: int = -1  # enclosing element with conditional comments transparent


@dataclass(slots=True)
class NestingProblem:
    kind: str  # "unclosed", "stray-end", "misnested", "block-in-p"
    tag: str
    offset: int  # where to point
    detail: str = ""


@dataclass
class Document:
    """The scanned output: elements, visible text, style blocks, nesting problems."""

    html: str
    elements: list[Element] = field(default_factory=list)
    texts: list[TextRun] = field(default_factory=list)
    styles: list[tuple[int, str]] = field(default_factory=list)  # (offset of content, css)
    problems: list[NestingProblem] = field(default_factory=list)

    def find(self, *tags: str) -> list[Element]:
        wanted = set(tags)
        return [e for e in self.elements if e.tag in wanted]

    def text_of(self, element: Element) -> str:
        """The text inside ``element`` (only for elements that enclose links: ``a``)."""
        return " ".join(t.text for t in self.texts if element.index in (t.link, t.parent)).strip()


def parse_attrs(raw: str) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Attributes of a start tag: (values, duplicated names, malformed names)."""
    attrs: dict[str, str] = {}
    dups: list[str] = []
    bad: list[str] = []
    pos = 0
    for m in _ATTR.finditer(raw):
        gap = raw[pos : m.start()].strip().strip("/")
        if gap:
            bad.append(gap)
        pos = m.end()
        name = m.group("name")
        if name.startswith("{"):
            continue  # a Liquid token in the attribute list
        value = m.group("dq")
        if value is None:
            value = m.group("sq")
        if value is None:
            value = m.group("bare") or ""
        key = name.lower()
        if not _VALID_ATTR_NAME.match(name):
            bad.append(name)
            continue
        if key in attrs:
            dups.append(key)
            continue
        attrs[key] = html_lib.unescape(value) if "&" in value else value
    tail = raw[pos:].strip().strip("/")
    if tail:
        bad.append(tail)
    return attrs, tuple(dups), tuple(bad)


def scan(html: str) -> Document:
    """Scan ``html`` once; never raises."""
    doc = Document(html)
    elements = doc.elements
    stack: list[Element] = []  # open elements outside mso blocks
    mso_stack: list[Element] = []  # open elements inside an mso block
    outlook: list[Element] = []  # open elements, conditional comments transparent
    mso_depth = 0  # the Outlook-only blocks open (in ``blocks``)
    # each conditional block open, innermost last: True for an Outlook-only one; an
    # ``<![endif]…>`` ends the innermost, whichever form it is written in (a hidden
    # block closed by ``<!--<![endif]-->`` is ended by its ``-->`` all the same)
    blocks: list[bool] = []
    pos = 0
    n = len(html)

    def current() -> Element | None:
        if mso_depth and mso_stack:
            return mso_stack[-1]
        return stack[-1] if stack else None

    def add_text(start: int, end: int) -> None:
        if start >= end:
            return
        raw = html[start:end]
        if not raw.strip():
            return
        parent = current()
        if parent is not None and (parent.tag in NOT_SHOWN):
            return
        text = html_lib.unescape(raw) if "&" in raw else raw
        text = " ".join(text.split())
        if not text:
            return
        doc.texts.append(
            TextRun(
                text,
                start,
                parent.index if parent else -1,
                bool(parent and parent.hidden),
                parent.link if parent else -1,
                mso_depth > 0,
                outlook[-1].index if outlook else -1,
            )
        )

    while pos < n:
        lt = html.find("<", pos)
        if lt == -1:
            add_text(pos, n)
            break
        m = _TOKEN.match(html, lt)
        if m is None:
            # A "<" that starts no tag is text.
            nxt = html.find("<", lt + 1)
            end = n if nxt == -1 else nxt
            add_text(pos, end)
            pos = end
            continue
        add_text(pos, lt)
        pos = m.end()
        if m.group("cstart") is not None:
            hidden = m.group("reveal") is None
            blocks.append(hidden)
            mso_depth += hidden
            continue
        if m.group("cend") is not None:
            if blocks and blocks.pop():
                mso_depth -= 1
                if not mso_depth:
                    mso_stack.clear()
            continue
        if m.group("comment") is not None or m.group("decl") is not None:
            continue
        end_name = m.group("end")
        if end_name is not None:
            _close(
                doc,
                stack if not mso_depth else mso_stack,
                end_name.lower(),
                lt,
                report=not mso_depth,
            )
            _close_outlook(outlook, end_name.lower())
            continue
        tag = m.group("start").lower()
        attrs, dups, bad = parse_attrs(m.group("attrs"))
        parent = current()
        if not mso_depth and tag in CLOSES_P:
            _close_open_p(doc, stack, tag, lt)
            parent = current()
        el = Element(
            len(elements),
            tag,
            attrs,
            lt,
            m.end(),
            parent.index if parent else -1,
            mso_depth > 0,
            duplicate_attrs=dups,
            bad_attrs=bad,
            raw_attrs=m.group("attrs"),
            outlook_parent=outlook[-1].index if outlook else -1,
        )
        style = attrs.get("style", "")
        mark = m.group("attrs").find("data-mw-node=")
        if mark >= 0:
            el.mark = m.start("attrs") + mark + len("data-mw-node=") - 1
        if doc.problems and doc.problems[-1].kind == "block-in-p" and doc.problems[-1].offset == lt:
            doc.problems[-1].offset = el.at  # point at the block's own source mark
        el.hidden = (
            bool(parent and parent.hidden)
            or "hidden" in attrs
            or bool(style and _HIDDEN_STYLE.search(style))
        )
        el.link = el.index if tag == "a" else (parent.link if parent else -1)
        elements.append(el)
        if tag in SERIALIZES_AS_VOID or m.group("selfclose"):
            el.closed = True
            continue
        if tag in TEXT_ONLY:
            close = re.compile(rf"</{re.escape(tag)}\s*>", re.I).search(html, pos)
            content_end = close.start() if close else n
            if tag == "style":
                doc.styles.append((pos, html[pos:content_end]))
            el.closed = close is not None
            if close is None and not mso_depth:
                doc.problems.append(NestingProblem("unclosed", tag, el.at))
            pos = close.end() if close else n
            continue
        (mso_stack if mso_depth else stack).append(el)
        outlook.append(el)
    for el in stack:
        if el.tag not in OPTIONAL_END:
            doc.problems.append(NestingProblem("unclosed", el.tag, el.at))
    return doc


def _close_open_p(doc: Document, stack: list[Element], tag: str, offset: int) -> None:
    """A block start tag inside an open <p>: the browser ends the paragraph here.
    Only when the <p> is the innermost open element but for inline ones (a browser
    closes it past some others too; this scan is more cautious)."""
    for i in range(len(stack) - 1, -1, -1):
        el = stack[i]
        if el.tag == "p":
            inner = stack[i + 1 :]
            doc.problems.append(NestingProblem("block-in-p", tag, offset, detail=str(el.at)))
            for x in inner:
                x.closed = True
            el.closed = True
            del stack[i:]
            return
        if el.tag not in _INLINE:
            return


_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "em",
        "font",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    }
)


def _close(doc: Document, stack: list[Element], tag: str, offset: int, *, report: bool) -> None:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].tag == tag:
            for el in stack[i + 1 :]:
                if report and el.tag not in OPTIONAL_END:
                    doc.problems.append(NestingProblem("misnested", el.tag, el.at, detail=tag))
                el.closed = True
            stack[i].closed = True
            del stack[i:]
            return
    if report and tag not in SERIALIZES_AS_VOID and not (tag == "p" and _p_was_closed(doc, offset)):
        doc.problems.append(NestingProblem("stray-end", tag, offset))


def _close_outlook(outlook: list[Element], tag: str) -> None:
    for i in range(len(outlook) - 1, -1, -1):
        if outlook[i].tag == tag:
            del outlook[i:]
            return


def _p_was_closed(doc: Document, offset: int) -> bool:
    # "</p>" after a block-in-p problem is already reported with that problem.
    return any(p.kind == "block-in-p" and p.offset < offset for p in doc.problems)


def document(ctx: Any) -> Document:
    """The scanned output of ``ctx`` (a :class:`CheckContext`), scanned once per run."""
    doc = ctx.cache.get("document")
    if not isinstance(doc, Document) or doc.html is not ctx.html:
        doc = scan(ctx.html)
        ctx.cache["document"] = doc
    return doc
