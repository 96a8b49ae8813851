"""The lossless markup parser: emails and component files into a markup tree.

``parse(text)`` never raises for bad input and never loses a byte:
``serialize(parse(text).document) == text`` for any string. Problems are
reported as located :class:`~components.diagnostics.Issue` records with rule
ids ``markup/<kind>``.

What it understands, beyond plain HTML:

* ``x-*`` and custom tags, self-closing on any element (``<x-image/>``),
  directive attribute names (``#if``, ``:style``, ``#set:class:x`` …) and
  quoted values holding ``>``, backticks, ``${…}`` and JavaScript.
* MSO conditional comments (hidden ``<!--[if mso]>…<![endif]-->`` and revealed
  ``<!--[if !mso]><!-->…<!--<![endif]-->``) as :class:`Conditional` nodes
  whose content is parsed as markup. An element still open when its
  conditional ends is closed there, and an end tag inside a conditional that
  matches nothing opened in it is kept as text: email code splits tables
  across conditionals on purpose, so neither is an issue.
* Liquid / Handlebars tokens as opaque :class:`Liquid` nodes wherever they
  sit: text, between table rows, raw-text elements, attribute values (quoted
  or not) and attribute lists. A token inside a quoted value is consumed
  whole before the closing quote is looked for, so
  ``title="{{ x | default: "y" }}"`` is one attribute.

The scanner is driven by compiled regular expressions and ``str.find``; every
search that could fail repeatedly (a ``{{`` with no ``}}`` after it, say) is
memoised, so the whole parse is linear in the input. The tree is built with an
explicit stack: nesting depth is bounded only by memory.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from itertools import repeat

from components.diagnostics import Issue, Severity
from components.markup.conditionals import REVEAL
from components.markup.elements import CLOSES_P, OPTIONAL_END, SERIALIZES_AS_VOID, TEXT_ONLY
from components.markup.nodes import (
    DIRECTIVE_MARKS,
    Attr,
    Comment,
    Conditional,
    Doctype,
    Document,
    Element,
    Liquid,
    Node,
    SourceLines,
    Text,
    value_part_count,
)

__all__ = ["IMPLIED_END", "ParseResult", "parse"]


@dataclass
class ParseResult:
    """The tree of one source file and the problems found while building it."""

    document: Document
    issues: list[Issue] = field(default_factory=list)


def parse(text: str, file: str = "", blank: int = 0, skim: bool = False) -> ParseResult:
    """Parse ``text`` (an email, a layout or a component file) into a markup tree.

    ``file`` is only used to locate issues. Never raises for any input.
    ``blank``: the first ``blank`` characters are read as spaces, newlines kept (an
    email's front matter: the tree is the one of ``blank_front_matter(text, blank)``,
    without that copy of the text).
    ``skim``: a tree for a reader of element names, texts and problems only (the MJML
    form's checks, whose tree is let go after them): an element's attribute list of
    plain attributes and a tag end is read for its problems but not kept (``attrs``
    empty), unless the element is ``<html>`` or an ``x-…`` component or one of the names
    starts with a directive mark (``#``, ``:``). The issues, spans and every other field
    are the full parse's; node ids are not (no ids for the attributes not kept), and the
    tree does not serialize to ``text``.
    """
    # A parse allocates hundreds of thousands of small objects and creates no
    # reference cycles; the cyclic collector running over them meanwhile would
    # halve throughput. It is paused for the parse only (and left alone if
    # someone else already paused it).
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _Parser(text, file, skim).run(blank)
    finally:
        if paused:
            gc.enable()


# -- tag knowledge ---------------------------------------------------------------
# (the HTML standard's element categories are components.markup.elements')

#: Stray end tags a browser turns into an element (``</p>`` an empty paragraph, ``</br>`` a
#: line break): the email then shows something its markup does not say, so they are errors.
_STRAY_MAKES = frozenset({"p", "br"})


def _component_like(name: str) -> bool:
    """A tag whose nesting the compiler relies on: a component (``x-…``, custom, ``mj-…``)
    or another custom element. Plain HTML nesting mistakes are warnings: browsers and mail
    clients recover from them, and the compiler keeps the text as written."""
    return "-" in name


#: start tag name → the element names it closes when one of them is the current
#: (innermost) open element. Only the innermost element is ever closed this way,
#: and a conditional is never crossed, so custom tags (``x-paragraph`` …) and
#: elements opened in another conditional are left alone.
IMPLIED_END: dict[str, frozenset[str]] = {name: frozenset({"p"}) for name in CLOSES_P}
IMPLIED_END.update(
    {
        "li": frozenset({"p", "li"}),
        "dt": frozenset({"p", "dt", "dd"}),
        "dd": frozenset({"p", "dt", "dd"}),
        "tr": frozenset({"p", "tr", "td", "th"}),
        "td": frozenset({"p", "td", "th"}),
        "th": frozenset({"p", "td", "th"}),
        "thead": frozenset({"p", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup"}),
        "tbody": frozenset({"p", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup"}),
        "tfoot": frozenset({"p", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup"}),
        **{
            h: frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
            for h in ("h1", "h2", "h3", "h4", "h5", "h6")
        },
        "option": frozenset({"option"}),
        "optgroup": frozenset({"option", "optgroup"}),
        "rt": frozenset({"rb", "rt", "rtc", "rp"}),
        "rp": frozenset({"rb", "rt", "rtc", "rp"}),
    }
)

# -- scanner patterns ------------------------------------------------------------

# The next thing that is not plain text: a tag, an end tag, a comment or
# declaration, or a Liquid token.
# Tag names run to whitespace, / or >, or to a Liquid token (``<td{% if x %} …``).
_NAME = r"[A-Za-z][^\t\n\f\r />{]*(?:\{(?![{%])[^\t\n\f\r />{]*)*"
_TAG_NAME = re.compile(_NAME)
# The next thing that is not plain text, read as far as one match can: group 1 is the
# name of a plain end tag (``</td>``), group 2 the name of a start tag; otherwise another
# end tag, a comment or declaration, or a Liquid token.
_NEXT = re.compile(rf"<(?:/({_NAME})>|({_NAME})|[/!?])|\{{[{{%]")
# Whitespace (and stray slashes, which HTML ignores) before an attribute.
_ATTR_PRE = re.compile(r"(?:[\t\n\f\r ]|/(?!>))*")
# Attribute names: anything but whitespace, / > = and quotes; a Liquid token
# start ends the name (``selected{% endif %}``), a lone brace does not.
_ATTR_NAME = re.compile(r"""[^\t\n\f\r />="'{]*(?:\{(?![{%])[^\t\n\f\r />="'{]*)*""")
_JUNK_NAME = re.compile(r"[^\t\n\f\r />=]+")
_ATTR_EQ = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >{]*(?:\{(?![{%])[^\t\n\f\r >{]*)*")
_VALUE_SCAN = {'"': re.compile(r'"|\{[{%]'), "'": re.compile(r"'|\{[{%]")}
_LIQUID_START = re.compile(r"\{[{%]")
_LIQUID_TAG_NAME = re.compile(r"\{%-?[\t\n\f\r ]*(\w+)")
_LIQUID_BLOCK_END = {
    name: re.compile(r"\{%-?[\t\n\f\r ]*end" + name + r"[\t\n\f\r ]*-?%\}")
    for name in ("raw", "comment")
}
_COND_OPEN = re.compile(r"<!--\[if([^\]>]{0,500})\]>(" + REVEAL + ")?", re.I)
_COND_OPEN_DOWNLEVEL = re.compile(r"<!\[if([^\]>]{0,500})\]>", re.I)
_COND_CLOSE = re.compile(r"(?:<!--)?<!\[endif\][\t\n\f\r ]*(?:--)?>", re.I)

_COND = "#conditional"
_BLANKED = re.compile(r"[^\r\n]")

# One plain attribute, the common case, in one match: (pre, name, eq, and the value in
# double quotes, in single quotes or unquoted), eq and values None for a bare one.
# Plain: whitespace before it, a name without braces or quotes, and a value quoted (any
# Liquid token in it a plain ``{{ … }}`` or ``{% … %}`` that ends inside the value, as
# ``nodes._VALUE_TOKEN`` splits it when its parts are asked for) or
# unquoted without braces, followed by whitespace, ``/`` or ``>``. ``_attribute`` reads
# every such attribute the same way (``test_fast_attribute_path_agrees_with_the_general_
# one``); it takes everything else. The quantifiers are possessive, so a match never
# stops short of what ``_attribute`` would read.
_WS = r"[\t\n\f\r ]"
_IN_QUOTES = (
    r"[^Q{]*+(?:(?:\{(?![{%])"
    r"|\{\{(?![{!])[^}Q]*+\}\}"
    r"|\{%(?!-?[\t\n\f\r ]*+(?:raw|comment)(?!\w))[^%Q]*+%\})[^Q{]*+)*+"
)
_FAST_ATTR = re.compile(
    rf"""({_WS}++)([^\t\n\f\r />="'{{]++)(?:({_WS}*+={_WS}*+)"""
    + '(?:"('
    + _IN_QUOTES.replace("Q", '"')
    + ')"'
    + "|'("
    + _IN_QUOTES.replace("Q", "'")
    + ")'"
    + r"""|([^\t\n\f\r >"'{][^\t\n\f\r >{]*+))"""
    + rf"""|(?!{_WS}*=))(?=[\t\n\f\r />])"""
)

# The commonest plain attribute, ``_FAST_ATTR``'s match when it is one space, a name, ``=``
# and a double-quoted value without braces: (name, value).
_SIMPLE_ATTR = re.compile(r"""[ ]([^\t\n\f\r />="'{]++)="([^"{]*+)"(?=[\t\n\f\r />])""")

_Open = tuple[Element | Conditional, str, int]  # (node, lower-cased name, start offset)
# A tag name as written: (as written, lower-cased, the names its start tag closes when
# innermost, void, raw text, its plain end tag ``</name>``), one string object per
# distinct name.
_Tag = tuple[str, str, frozenset[str] | None, bool, bool, str]
_Piece = tuple[bool, int, int]  # (is_liquid, start, end) of a piece of an attribute value

# Nodes are made with ``object.__new__`` and their slots set directly: a third
# cheaper than calling ``__init__`` with its defaults, for the few hundred nodes of
# every parse.
_new = object.__new__


class _Parser:
    def __init__(self, text: str, file: str, skim: bool = False) -> None:
        self.text = text
        self.n = len(text)
        self.file = file
        self.issues: list[Issue] = []
        self.doc = Document([], file, text)
        self.lines = SourceLines(text)
        self.stack: list[_Open] = []
        # Open-element counts per conditional region (index 0: outside any), by name: only
        # an end tag that does not close the innermost element reads them, so they are
        # counted from the stack when one first comes (``counted``), then kept up to date.
        self.counts: list[dict[str, int]] = [{}]
        self.counted = False
        self.children: list[Node] = self.doc.children
        self.text_start = 0
        # the last id given; ``self.lines.starts`` gets the start of each id as it is given
        self.last_id = 0
        self.starts = self.lines.starts
        self._find_memo: dict[str, tuple[int, int]] = {}
        self._search_memo: dict[re.Pattern[str], tuple[int, int, int]] = {}
        self._raw_end: dict[str, re.Pattern[str]] = {}
        self._names: dict[str, _Tag] = {}
        # one string object per distinct attribute name, value and whitespace: a tree
        # repeats them all the time (``style``, ``"0"``, an indentation)
        self._strings: dict[str, str] = {}
        # a plain attribute's name (one object per distinct name) and its lower-cased key
        self._keyof: dict[str, tuple[str, str]] = {}
        # (parse(skim=True)) attribute lists not kept; a name's lower-cased key, or "" for a
        # name that starts with a directive mark
        self.skim = skim
        self._skim_keys: dict[str, str] = {}

    # -- helpers -----------------------------------------------------------------
    def _id(self, start: int) -> int:
        """The next id, for a node starting at ``start``."""
        self.last_id += 1
        self.starts.append(start)
        return self.last_id

    def _loc(self, offset: int) -> tuple[int, int]:
        return self.lines.line_column(offset)

    def _text(self, start: int, end: int) -> Text:
        # (run() makes the text before a start or end tag inline, as this does)
        node: Text = _new(Text)
        raw = self.text[start:end]
        node.raw = raw if end - start > 32 else self._strings.setdefault(raw, raw)
        self.last_id += 1
        node.id = self.last_id
        self.starts.append(start)
        node._at = self.lines
        return node

    def _comment_node(self, start: int, end: int, terminated: bool = True) -> Comment:
        node: Comment = _new(Comment)
        node.raw = self.text[start:end]
        self.last_id += 1
        node.id = self.last_id
        self.starts.append(start)
        node._at = self.lines
        node.terminated = terminated
        return node

    def _attr(
        self,
        start: int,
        name: str,
        value: str | None,
        quote: str,
        pre: str,
        eq: str,
        parts: list[Text | Liquid] | None,
    ) -> Attr:
        """A parsed attribute; ``parts`` None: one Text part made on first use, whose id
        is taken now (when ``value`` is not empty)."""
        a: Attr = _new(Attr)
        a.name = name
        a.value = value
        a.quote = quote
        a.pre = pre
        a.eq = eq
        a._start = start
        a._at = self.lines
        if parts is not None:
            a._parts = parts
        elif value:
            self.last_id += 1
            a._parts = self.last_id
            self.starts.append(start)  # (its part's when it is made)
        else:
            a._parts = 0
        return a

    def _find(self, needle: str, pos: int) -> int:
        """``text.find(needle, pos)``, memoised so repeated failures stay linear."""
        memo = self._find_memo.get(needle)
        if memo is not None and memo[0] <= pos and (memo[1] < 0 or memo[1] >= pos):
            return memo[1]
        res = self.text.find(needle, pos)
        self._find_memo[needle] = (pos, res)
        return res

    def _search(self, pat: re.Pattern[str], pos: int) -> tuple[int, int]:
        """(start, end) of ``pat``'s next match at or after ``pos``; (-1, -1) if none."""
        memo = self._search_memo.get(pat)
        if memo is not None and memo[0] <= pos and (memo[1] < 0 or memo[1] >= pos):
            return memo[1], memo[2]
        m = pat.search(self.text, pos)
        res = (m.start(), m.end()) if m else (-1, -1)
        self._search_memo[pat] = (pos, res[0], res[1])
        return res

    def _issue(
        self, rule: str, severity: Severity, message: str, offset: int, **data: object
    ) -> None:
        line, col = self._loc(offset)
        self.issues.append(
            Issue(f"markup/{rule}", severity, message, self.file, line, col, data=dict(data))
        )

    def _flush(self, end: int) -> None:
        start = self.text_start
        if end > start:
            self.children.append(self._text(start, end))

    def _liquid_end(self, i: int) -> int:
        """End offset of the Liquid/Handlebars token starting at ``i``; -1 if unterminated.

        ``{% raw %}…{% endraw %}`` and ``{% comment %}…{% endcomment %}`` are one
        token each. ``{{{ }}}`` and ``{{!-- --}}`` end at their own closers.
        """
        text = self.text
        if text[i + 1] == "{":
            if text.startswith("{{{", i):
                e = self._find("}}}", i + 3)
                if e >= 0:
                    return e + 3
            elif text.startswith("{{!--", i):
                e = self._find("--}}", i + 5)
                if e >= 0:
                    return e + 4
            e = self._find("}}", i + 2)
            return e + 2 if e >= 0 else -1
        e = self._find("%}", i + 2)
        if e < 0:
            return -1
        m = _LIQUID_TAG_NAME.match(text, i)
        if m is not None and m.group(1) in _LIQUID_BLOCK_END:
            s, be = self._search(_LIQUID_BLOCK_END[m.group(1)], e + 2)
            return be if s >= 0 else -1
        return e + 2

    def _liquid(self, start: int, end: int, terminated: bool = True, pre: str = "") -> Liquid:
        node: Liquid = _new(Liquid)
        raw = node.raw = self.text[start:end]
        node.kind = "tag" if raw.startswith("{%") else "output"
        self.last_id += 1
        node.id = self.last_id
        self.starts.append(start)
        node._at = self.lines
        node.pre = pre
        node.terminated = terminated
        return node

    def _unterminated_liquid(self, i: int) -> Liquid:
        text = self.text
        if text.startswith("{%", i):
            m = _LIQUID_TAG_NAME.match(text, i)
            name = m.group(1) if m else ""
            if name in _LIQUID_BLOCK_END and self._find("%}", i + 2) >= 0:
                what = f"{{% {name} %}} block has no {{% end{name} %}}"
            else:
                what = "Liquid tag '{%' is never closed with '%}'"
        else:
            what = "Liquid output '{{' is never closed with '}}'"
        self._issue(
            "unterminated-liquid",
            Severity.ERROR,
            f"{what}; the rest of the file is kept as part of it",
            i,
        )
        return self._liquid(i, self.n, terminated=False)

    # -- stack ---------------------------------------------------------------------
    def _push(self, node: Element | Conditional, name: str, start: int) -> None:
        self.stack.append((node, name, start))
        if name == _COND:
            self.counts.append({})
        elif self.counted:
            counts = self.counts[-1]
            counts[name] = counts.get(name, 0) + 1
        self.children = node.children

    def _pop(self, end: int) -> Element | Conditional:
        node, name, _start = self.stack.pop()
        node._end = end
        if name == _COND:
            self.counts.pop()
        elif self.counted:
            self.counts[-1][name] -= 1
        self.children = self.stack[-1][0].children if self.stack else self.doc.children
        return node

    def _count(self) -> None:
        """The open elements of each conditional region counted by name, from the stack."""
        counts: list[dict[str, int]] = [{}]
        for _node, name, _start in self.stack:
            if name == _COND:
                counts.append({})
            else:
                region = counts[-1]
                region[name] = region.get(name, 0) + 1
        assert len(counts) == len(self.counts)
        self.counts = counts
        self.counted = True

    # -- main loop -----------------------------------------------------------------
    def run(self, blank: int = 0) -> ParseResult:
        text = self.text
        search = _NEXT.search
        fast = _FAST_ATTR.match
        simple = _SIMPLE_ATTR.match
        keyof = self._keyof
        names = self._names
        memo = self._strings.setdefault
        lines = self.lines
        at = self.starts.append
        stack = self.stack
        skim = self.skim
        node: Text
        pos = blank = min(max(blank, 0), self.n)  # (nothing before it is markup)
        # where the text before the next markup starts (``self.text_start``, which the
        # helpers that flush it read, is set before they are called)
        text_start = 0
        while True:
            m = search(text, pos)
            if m is None:
                break
            i = m.start()
            kind = m.lastindex
            if kind == 2:  # a start tag, and the text before it
                p = m.end()
                start = text_start
                if i > start:  # the text before it (as _flush, without two calls)
                    node = _new(Text)
                    raw = text[start:i]
                    # short texts (the indentation between tags, mostly) repeat: one
                    # object each
                    node.raw = raw if i - start > 32 else memo(raw, raw)
                    self.last_id += 1
                    node.id = self.last_id
                    at(start)
                    node._at = lines
                    self.children.append(node)
                tag = names.get(m[2])
                if tag is None:
                    tag = self._tag(m[2])
                name_raw, name, closes, void, raw_text, _ = tag
                el: Element = _new(Element)
                el.name = name
                el.name_raw = name_raw
                el.attrs = []
                el.children = []
                el.end_raw = ""
                el.self_closing = el.raw_text = False
                el.void = void
                self.last_id += 1
                el.id = self.last_id
                at(i)
                el._end = i
                el._at = lines
                if text.startswith(">", p):  # no attributes
                    p += 1
                    el.tag_end = ">"
                elif skim and name[:2] != "x-" and name != "html" and (q := self._skim(el, p)):
                    p = q  # (read, not kept)
                else:
                    # The attribute list: a plain attribute (most are) read here with one
                    # match, anything else (and a tag end other than a plain ">" after an
                    # attribute) by _attribute_item.
                    attrs = el.attrs
                    seen = None
                    n_issues = len(self.issues)
                    while True:
                        sm = simple(text, p)
                        if sm is not None:  # ' name="value"', no brace in the value
                            aname, value = sm.groups()
                            q = p + 1
                            p = sm.end()
                            a = _new(Attr)
                            a.pre = " "
                            a.eq = "="
                            a.quote = '"'
                            a.value = value = memo(value, value)
                            if value:
                                # the lines hold the attribute's start by the id of its
                                # value's first part, until the parts are made (no int
                                # object kept per attribute)
                                a._start = -1
                                at(q)
                                self.last_id += 1
                                a._parts = self.last_id
                            else:
                                a._start = q
                                a._parts = 0
                        else:
                            fm = fast(text, p)
                            if fm is None:
                                p, seen, tag_end = self._attribute_item(el, p, seen)
                                if tag_end is None:
                                    continue
                                terminated = tag_end[-1:] == ">"
                                el.tag_end = (
                                    tag_end if len(tag_end) == 1 else memo(tag_end, tag_end)
                                )
                                break
                            pre, aname, eq, value, single, unquoted = fm.groups()
                            q = p + len(pre)
                            p = fm.end()
                            a = _new(Attr)
                            a.pre = pre if pre == " " else memo(pre, pre)
                            if eq is None:
                                a._start = q
                                a.value = None
                                a.quote = a.eq = ""
                                a._parts = 0
                            else:
                                a.eq = eq if eq == "=" else memo(eq, eq)
                                if value is not None:
                                    a.quote = '"'
                                elif single is not None:
                                    value = single
                                    a.quote = "'"
                                else:
                                    value = unquoted
                                    a.quote = ""
                                a.value = value = memo(value, value)
                                if not value:
                                    a._start = q
                                    a._parts = 0
                                else:
                                    a._start = -1  # (as above)
                                    at(q)
                                    if "{" in value and ("{{" in value or "{%" in value):
                                        # parts made on first use, their ids taken now
                                        # (their starts set then)
                                        a._parts = -(self.last_id + 1)
                                        count = value_part_count(value)
                                        self.last_id += count
                                        if count > 1:
                                            self.starts.extend(repeat(0, count - 1))
                                    else:
                                        self.last_id += 1
                                        a._parts = self.last_id
                        # (one name object per distinct name, and its key)
                        try:
                            a.name, key = keyof[aname]
                        except KeyError:
                            a.name, key = keyof[aname] = (aname, aname.lower())
                        a._at = lines
                        attrs.append(a)
                        if seen is None:
                            seen = {key}
                        elif key not in seen:
                            seen.add(key)
                        else:
                            self._issue(
                                "duplicate-attribute",
                                Severity.WARNING,
                                f"attribute '{aname}' is given more than once on <{name_raw}>",
                                q,
                                attribute=aname,
                            )
                        if text[p] == ">":  # the usual end, what the general reading finds
                            p += 1
                            el.tag_end = ">"
                            terminated = True
                            break
                    if not terminated:
                        self._cut_off(el, i, p, n_issues)
                        pos = text_start = p
                        continue
                # Implied end tags: close the innermost element when this start tag
                # ends it.
                if closes is not None:
                    while stack and stack[-1][1] in closes:
                        self._pop(i)
                self.children.append(el)
                if void or el.self_closing:
                    el._end = end = p
                elif raw_text:
                    el.raw_text = True
                    end = self._raw_text(el, i, p)
                else:
                    stack.append((el, name, i))
                    if self.counted:
                        counts = self.counts[-1]
                        counts[name] = counts.get(name, 0) + 1
                    self.children = el.children
                    pos = text_start = p
                    continue
            elif kind == 1:
                end = m.end()
                start = text_start
                if i > start:  # the text before it (as _flush, without two calls)
                    node = _new(Text)
                    raw = text[start:i]
                    node.raw = raw if i - start > 32 else memo(raw, raw)
                    self.last_id += 1
                    node.id = self.last_id
                    at(start)
                    node._at = lines
                    self.children.append(node)
                name_raw = m[1]
                tag = names.get(name_raw)
                if tag is not None and stack and stack[-1][1] == tag[1]:
                    # the common case: it closes the innermost element
                    closed = stack.pop()[0]
                    closed.end_raw = tag[5]  # type: ignore[union-attr]
                    closed._end = end
                    if self.counted:
                        self.counts[-1][tag[1]] -= 1
                    self.children = stack[-1][0].children if stack else self.doc.children
                    pos = text_start = end
                    continue
                self._end_tag(i, name_raw, end)
            elif text[i] == "{":
                self.text_start = text_start
                end = self._liquid_end(i)
                self._flush(i)
                if end < 0:
                    self.children.append(self._unterminated_liquid(i))
                    end = self.n
                else:
                    self.children.append(self._liquid(i, end))
            else:
                self.text_start = text_start
                c = text[i + 1]
                if c == "/":
                    end = self._other_end_tag(i)
                elif c == "!":
                    end = self._markup_declaration(i)
                else:
                    end = self._declaration(i)
            if end < 0:  # not markup after all: keep scanning, the text goes on
                pos = i + 1
                continue
            pos = text_start = end
        self.text_start = text_start
        self._flush(self.n)
        self._close_all()
        if blank:  # the text before the first markup, its blanked part as blank_front_matter
            first = self.doc.children[0]
            assert isinstance(first, Text) and first.id == 1
            first.raw = _BLANKED.sub(" ", text[:blank]) + first.raw[blank:]
        return ParseResult(self.doc, self.issues)

    def _close_all(self) -> None:
        n = self.n
        while self.stack:
            node, name, start = self.stack[-1]
            if isinstance(node, Conditional):
                self._issue(
                    "unterminated-conditional",
                    Severity.ERROR,
                    f"conditional comment [if {node.condition}] is never closed with <![endif]-->",
                    start,
                )
            elif name not in OPTIONAL_END:
                self._issue(
                    "unclosed-tag",
                    Severity.ERROR,
                    f"<{node.name_raw}> opened here is never closed",
                    start,
                    tag=name,
                )
            self._pop(n)

    # -- start tags ----------------------------------------------------------------
    def _tag(self, name_raw: str) -> _Tag:
        lower = name_raw.lower()
        name = name_raw if lower == name_raw else lower
        tag = self._names[name_raw] = (
            name_raw,
            name,
            IMPLIED_END.get(name),
            name in SERIALIZES_AS_VOID,
            name in TEXT_ONLY,
            f"</{name_raw}>",
        )
        return tag

    def _cut_off(self, el: Element, i: int, p: int, n_issues: int) -> None:
        """``el``, whose start tag at ``i`` the end of the file cut off at ``p``."""
        el.void = False
        # A value or Liquid token that ran to the end already said so.
        if not any(x.rule.startswith("markup/unterminated-") for x in self.issues[n_issues:]):
            self._issue(
                "unterminated-start-tag",
                Severity.ERROR,
                f"start tag <{el.name_raw} is cut off by the end of the file",
                i,
                tag=el.name,
            )
        el._end = p
        self.children.append(el)

    def _skim(self, el: Element, p: int) -> int:
        """Where ``el``'s attribute list from ``p`` ends, read without keeping it, when it is
        plain attributes (none of whose names starts with a directive mark, none given
        twice) and a tag end; else 0 (it is then read as always)."""
        text = self.text
        simple = _SIMPLE_ATTR.match
        fast = _FAST_ATTR.match
        keys = self._skim_keys
        seen: set[str] = set()
        while True:
            m = simple(text, p)
            if m is not None:
                aname = m[1]
            else:
                m = fast(text, p)
                if m is None:
                    break
                aname = m[2]
            p = m.end()
            key = keys.get(aname)
            if key is None:
                key = keys[aname] = "" if aname[:1] in DIRECTIVE_MARKS else aname.lower()
            if not key or key in seen:
                return 0
            seen.add(key)
            if text[p] == ">":
                el.tag_end = ">"
                return p + 1
        pe = _ATTR_PRE.match(text, p).end()  # type: ignore[union-attr]
        c = text[pe : pe + 1]
        if c == ">":
            end = pe + 1
        elif c == "/":
            el.self_closing = True
            end = pe + 2
        else:
            return 0
        tag_end = text[p:end]
        el.tag_end = tag_end if len(tag_end) == 1 else self._strings.setdefault(tag_end, tag_end)
        return end

    def _attribute_item(
        self, el: Element, p: int, seen: set[str] | None
    ) -> tuple[int, set[str] | None, str | None]:
        """What is at ``p`` in ``el``'s attribute list when it is not a plain attribute
        (which ``run`` reads): the tag's end, a Liquid token or an attribute of any shape.
        Returns (where it ends, the set of the list's lower-cased names so far, and the tag
        end: None when the list goes on, else ``el.tag_end``; it ends in ">" when the tag
        is terminated)."""
        text = self.text
        n = self.n
        pe = _ATTR_PRE.match(text, p).end()  # type: ignore[union-attr]
        if pe >= n:
            return pe, seen, text[p:pe]
        c = text[pe]
        if c == ">":
            return pe + 1, seen, text[p : pe + 1]
        if c == "/":  # "/>" (a lone "/" is eaten by _ATTR_PRE)
            el.self_closing = True
            return pe + 2, seen, text[p : pe + 2]
        if c == "{" and text[pe + 1 : pe + 2] in ("{", "%"):
            e = self._liquid_end(pe)
            if e < 0:
                liq = self._unterminated_liquid(pe)
                liq.pre = text[p:pe]
                el.attrs.append(liq)
                return n, seen, ""
            el.attrs.append(self._liquid(pe, e, pre=text[p:pe]))
            return e, seen, None
        a, p = self._attribute(p, pe)
        el.attrs.append(a)
        if a.name:
            key = a.name.lower()
            if seen is None:
                seen = {key}
            elif key in seen:
                self._issue(
                    "duplicate-attribute",
                    Severity.WARNING,
                    f"attribute '{a.name}' is given more than once on <{el.name_raw}>",
                    a._start,
                    attribute=a.name,
                )
            else:
                seen.add(key)
        return p, seen, None

    def _attribute(self, p: int, q: int) -> tuple[Attr, int]:
        """One attribute whose leading whitespace runs from ``p`` to ``q``."""
        text = self.text
        n = self.n
        name_end = _ATTR_NAME.match(text, q).end()  # type: ignore[union-attr]
        if name_end == q and text[q] != "=":
            # A quote where a name should be (``src="a.png border="0"``): as in
            # HTML, it starts a (malformed) name that runs to whitespace, / > or =.
            name_end = _JUNK_NAME.match(text, q).end()  # type: ignore[union-attr]
            liquid = _LIQUID_START.search(text, q + 1, name_end)
            if liquid is not None:  # a Liquid token after the quote stays one token
                name_end = liquid.start()
            self._issue(
                "malformed-attribute",
                Severity.WARNING,
                f"unexpected {text[q]} in attribute name "
                f"{text[q:name_end]!r} (a missing or extra quote?)",
                q,
            )
        name = text[q:name_end]
        eqm = _ATTR_EQ.match(text, name_end)
        if eqm is None:
            return self._attr(q, name, None, "", text[p:q], "", None), name_end
        if not name:
            # "=x" where a name should be: keep it as a nameless attribute.
            self._issue(
                "malformed-attribute", Severity.WARNING, "'=' where an attribute name should be", q
            )
        eq = eqm.group()
        r = eqm.end()
        # r: where the value starts
        c = text[r] if r < n else ""
        pieces: list[_Piece]
        if c in ('"', "'"):
            close = text.find(c, r + 1)
            if close >= 0 and (
                text.find("{", r + 1, close) < 0 or not _LIQUID_START.search(text, r + 1, close)
            ):
                # Fast path: no Liquid token starts inside the value.
                return (self._attr(q, name, text[r + 1 : close], c, text[p:q], eq, None), close + 1)
            close, pieces = self._scan_quoted(c, r + 1)
            if close < 0:
                self._issue(
                    "unterminated-attribute-value",
                    Severity.ERROR,
                    f"quoted value of attribute '{name}' is never closed with {c}",
                    r,
                    attribute=name,
                )
                if pieces and not pieces[0][0]:
                    pieces[0] = (False, r, pieces[0][2])
                else:
                    pieces.insert(0, (False, r, r + 1))
                return (
                    self._attr(q, name, text[r:n], "", text[p:q], eq, self._build_parts(pieces)),
                    n,
                )
            return (
                self._attr(
                    q, name, text[r + 1 : close], c, text[p:q], eq, self._build_parts(pieces)
                ),
                close + 1,
            )
        # Unquoted (possibly empty) value.
        end, pieces = self._scan_unquoted(r)
        return self._attr(q, name, text[r:end], "", text[p:q], eq, self._build_parts(pieces)), end

    def _scan_quoted(self, quote: str, p: int) -> tuple[int, list[_Piece]]:
        """Pieces of a quoted value from ``p``; returns (closing quote offset or -1, pieces)."""
        text = self.text
        scan = _VALUE_SCAN[quote].search
        pieces: list[_Piece] = []
        seg = p
        while True:
            m = scan(text, p)
            if m is None:
                if self.n > seg:
                    pieces.append((False, seg, self.n))
                return -1, pieces
            j = m.start()
            if text[j] == quote:
                if j > seg:
                    pieces.append((False, seg, j))
                return j, pieces
            e = self._liquid_end(j)
            if e < 0:  # not a complete token: plain text
                p = j + 2
                continue
            if j > seg:
                pieces.append((False, seg, j))
            pieces.append((True, j, e))
            seg = p = e

    def _scan_unquoted(self, p: int) -> tuple[int, list[_Piece]]:
        text = self.text
        pieces: list[_Piece] = []
        seg = p
        while True:
            p = _UNQUOTED.match(text, p).end()  # type: ignore[union-attr]
            if p >= self.n or text[p] != "{":
                break
            e = self._liquid_end(p)
            if e < 0:
                p += 2
                continue
            if p > seg:
                pieces.append((False, seg, p))
            pieces.append((True, p, e))
            seg = p = e
        if p > seg:
            pieces.append((False, seg, p))
        return p, pieces

    def _build_parts(self, pieces: list[_Piece]) -> list[Text | Liquid]:
        parts: list[Text | Liquid] = []
        for is_liquid, s, e in pieces:
            parts.append(self._liquid(s, e) if is_liquid else self._text(s, e))
        return parts

    def _raw_text(self, el: Element, i: int, p: int) -> int:
        """Children of a :data:`TEXT_ONLY` element: Text and Liquid up to the end tag."""
        text = self.text
        name = el.name
        pat = self._raw_end.get(name)
        if pat is None:
            pat = self._raw_end[name] = re.compile(
                "</" + re.escape(name) + r"(?=[\t\n\f\r />])", re.I
            )
        s, e = self._search(pat, p)
        gt = self._find(">", e) if s >= 0 else -1
        content_end = s if gt >= 0 else self.n
        in_conditional = len(self.counts) > 1
        if in_conditional:
            cs, _ = self._search(_COND_CLOSE, p)
            if 0 <= cs < content_end:
                # The conditional ends first: close the element there (no issue).
                self._raw_children(el, p, cs)
                el._end = cs
                return cs
        self._raw_children(el, p, content_end)
        if gt < 0:
            self._issue(
                "unclosed-tag",
                Severity.ERROR,
                f"<{el.name_raw}> opened here is never closed",
                i,
                tag=name,
            )
            el._end = self.n
            return self.n
        el.end_raw = text[s : gt + 1]
        el._end = gt + 1
        return gt + 1

    def _raw_children(self, el: Element, p: int, end: int) -> None:
        text = self.text
        children = el.children
        seg = p
        scan = _LIQUID_START.search
        while True:
            m = scan(text, p, end)
            if m is None:
                break
            j = m.start()
            e = self._liquid_end(j)
            if e < 0 or e > end:
                p = j + 1
                continue
            if j > seg:
                children.append(self._text(seg, j))
            children.append(self._liquid(j, e))
            seg = p = e
        if end > seg:
            children.append(self._text(seg, end))

    # -- end tags ------------------------------------------------------------------
    def _other_end_tag(self, i: int) -> int:
        """``</`` not followed by a plain ``name>``: an end tag with more before its ``>``,
        one cut off by the end of the file, or text."""
        text = self.text
        m = _TAG_NAME.match(text, i + 2)
        if m is None:
            return -1  # "</" not followed by a letter is text
        self._flush(i)
        gt = self._find(">", m.end())
        name_raw = m.group()
        if gt < 0:
            self._issue(
                "unterminated-end-tag",
                Severity.ERROR,
                f"end tag </{name_raw} is cut off by the end of the file",
                i,
            )
            self.children.append(self._text(i, self.n))
            return self.n
        self._end_tag(i, name_raw, gt + 1)
        return gt + 1

    def _end_tag(self, i: int, name_raw: str, end: int) -> None:
        """The end tag ``</name_raw …>`` from ``i`` to ``end`` (text before it flushed)."""
        tag = self._names.get(name_raw)
        name = tag[1] if tag is not None else name_raw.lower()
        if not self.counted:
            self._count()
        counts = self.counts[-1]
        if not counts.get(name):
            if len(self.counts) == 1:
                fatal = name in _STRAY_MAKES or _component_like(name)
                self._issue(
                    "stray-end-tag",
                    Severity.ERROR if fatal else Severity.WARNING,
                    f"stray </{name_raw}> with no matching open element"
                    + ("" if fatal else " (browsers and mail clients ignore it)"),
                    i,
                    tag=name,
                )
            # Inside a conditional this is the split-table pattern: plain text.
            self.children.append(self._text(i, end))
            return
        stack = self.stack
        node, open_name, start = stack[-1]
        if open_name == name:  # the common case: it closes the innermost element
            assert isinstance(node, Element)
            raw = self.text[i:end]
            node.end_raw = self._strings.setdefault(raw, raw)
            stack.pop()
            node._end = end
            counts[name] -= 1
            self.children = stack[-1][0].children if stack else self.doc.children
            return
        while True:
            node, open_name, start = stack[-1]
            assert isinstance(node, Element)  # the counts say a match lies before any conditional
            if open_name == name:
                raw = self.text[i:end]
                node.end_raw = self._strings.setdefault(raw, raw)
                self._pop(end)
                return
            if open_name not in OPTIONAL_END:
                line, col = self._loc(i)
                fatal = _component_like(open_name) or _component_like(name)
                self._issue(
                    "misnested-tag",
                    Severity.ERROR if fatal else Severity.WARNING,
                    f"<{node.name_raw}> opened here is closed implicitly by "
                    f"</{name_raw}> at {line}:{col}"
                    + ("" if fatal else " (browsers and mail clients recover from it)"),
                    start,
                    tag=open_name,
                    closed_by=name,
                    closed_at=[line, col],
                )
            self._pop(i)

    # -- comments, conditionals, declarations ---------------------------------------
    def _markup_declaration(self, i: int) -> int:
        text = self.text
        if text.startswith("<!--", i):
            m = _COND_CLOSE.match(text, i)
            if m is not None:
                return self._conditional_close(i, m.end())
            m = _COND_OPEN.match(text, i)
            if m is not None:
                return self._conditional_open(i, m.end(), m.group(1), m.group(2) is not None)
            return self._comment(i)
        if text.startswith("<![", i):
            m = _COND_CLOSE.match(text, i)
            if m is not None:
                return self._conditional_close(i, m.end())
            m = _COND_OPEN_DOWNLEVEL.match(text, i)
            if m is not None:
                return self._conditional_open(i, m.end(), m.group(1), True)
            if text.startswith("<![CDATA[", i):
                return self._declaration(i, "]]>")
        return self._declaration(i)

    def _conditional_open(self, i: int, end: int, condition: str, revealed: bool) -> int:
        self._flush(i)
        cond = Conditional(condition.strip(), self.text[i:end], [], "", revealed)
        cond.id = self._id(i)
        cond._end = i
        cond._at = self.lines
        self.children.append(cond)
        self._push(cond, _COND, i)
        return end

    def _conditional_close(self, i: int, end: int) -> int:
        self._flush(i)
        raw = self.text[i:end]
        if len(self.counts) == 1:
            self._issue(
                "stray-conditional-end",
                Severity.WARNING,
                f"{raw} ends a conditional comment that was never opened; kept as a comment",
                i,
            )
            self.children.append(self._comment_node(i, end))
            return end
        # Elements still open inside the conditional end with it (split tables).
        while self.stack[-1][1] != _COND:
            self._pop(i)
        cond = self.stack[-1][0]
        assert isinstance(cond, Conditional)
        cond.close_raw = raw
        self._pop(end)
        return end

    def _comment(self, i: int) -> int:
        text = self.text
        self._flush(i)
        if text.startswith(">", i + 4):
            end = i + 5
        elif text.startswith("->", i + 4):
            end = i + 6
        else:
            e = self._find("-->", i + 4)
            if e < 0:
                self._issue(
                    "unterminated-comment",
                    Severity.ERROR,
                    "comment is never closed with -->; the rest of the file is kept as part of it",
                    i,
                )
                self.children.append(self._comment_node(i, self.n, terminated=False))
                return self.n
            end = e + 3
        self.children.append(self._comment_node(i, end))
        return end

    def _declaration(self, i: int, closer: str = ">") -> int:
        self._flush(i)
        e = self._find(closer, i + 2)
        if e < 0:
            self._issue(
                "unterminated-declaration",
                Severity.ERROR,
                f"{self.text[i : i + 2]}… declaration is never closed with {closer}",
                i,
            )
            end = self.n
        else:
            end = e + len(closer)
        node: Doctype = _new(Doctype)
        node.raw = self.text[i:end]
        node.id = self._id(i)
        node._at = self.lines
        self.children.append(node)
        return end
