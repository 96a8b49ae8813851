"""Syntax highlighting as data: one line in, tokens and the next line's state out (no Qt).

The code editor's ``QSyntaxHighlighter`` calls :func:`highlight_line` block
by block, keeping the returned state between lines like Qt wants. Token
kinds name what a thing is in an email source:

``tag``        an HTML tag name             ``component``  a standard ``x-`` tag
``custom``     a custom component tag       ``attr``       an attribute name
``directive``  ``#if``, ``#each``, ``:prop``, ``@event``   ``string``  an attribute value
``interp``     ``${ … }``                   ``liquid``     ``{{ … }}`` / ``{% … %}``
``comment``    ``<!-- … -->``               ``mso``        MSO conditional comment markers
``css-prop``   a CSS property in ``<style>`` or ``style=""``  ``css-value``  its value
``css-selector``  a selector / at-rule      ``entity``     ``&amp;`` …
``punct``      ``<``, ``>``, ``/>``, ``=``

Lines inside an MSO conditional (``<!--[if mso]> … <![endif]-->``) carry the
``MSO`` state bit, so the editor can tint them distinctly (``code-editor-mso.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.markup import LIQUID_RE
from components.markup.conditionals import REVEAL

# State bits carried from one line to the next.
COMMENT = 1  # inside <!-- … -->
STYLE = 2  # inside <style> … </style>
TAG = 4  # inside an open tag that spans lines
MSO = 8  # inside an MSO conditional block
SCRIPT = 16  # inside <script> … </script>
DQ = 32  # inside a "…" attribute value
SQ = 64  # inside a '…' attribute value
STYLE_ATTR = 128  # the open attribute value is a style attribute
CSS_BLOCK = 256  # inside { … } in a style sheet
LIQUID = 512  # inside a {% comment %} / raw multi-line Liquid token

_MSO_OPEN = re.compile(r"<!--\[if [^\]]*\]>(?:" + REVEAL + ")?")
_MSO_CLOSE = re.compile(r"(?:<!--)?<!\[endif\]-->")
_LIQUID_OPEN = re.compile(r"\{\{|\{%")
_INTERP = re.compile(r"\$\{[^}]*\}")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);")
_OPEN_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)")
_ATTR = re.compile(r"\s*([^\s=>/\"']+)")
_CSS_DECL = re.compile(r"([-\w]+)(\s*:\s*)([^;}\"']*)")
_HTML_TAGS = frozenset(
    "a abbr address area article aside b base bdi bdo blockquote body br button caption "
    "center cite code col colgroup dd del details div dl dt em font footer form h1 h2 h3 h4 "
    "h5 h6 head header hr html i img input ins kbd label legend li link main map mark meta "
    "nav noscript ol optgroup option p picture pre q s samp script section select small "
    "source span strike strong style sub summary sup table tbody td template textarea tfoot "
    "th thead time title tr track u ul var video wbr slot".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    kind: str


def tag_kind(name: str) -> str:
    low = name.lower()
    if low.startswith("x-"):
        return "component"
    if "-" in low and low not in _HTML_TAGS:
        return "custom"
    if ":" in low:  # v:roundrect, o:p (VML / Office)
        return "mso"
    return "tag"


def _css_tokens(text: str, start: int, end: int, out: list[Token], in_block: bool) -> bool:
    """Tokens of style-sheet text; returns whether we end inside a ``{ }`` block."""
    i = start
    while i < end:
        ch = text[i]
        if ch == "{":
            out.append(Token(i, i + 1, "punct"))
            in_block = True
            i += 1
            continue
        if ch == "}":
            out.append(Token(i, i + 1, "punct"))
            in_block = False
            i += 1
            continue
        if in_block:
            m = _CSS_DECL.match(text, i, end)
            if m and m.group(1):
                kind = "mso" if m.group(1).lower().startswith("mso-") else "css-prop"
                out.append(Token(m.start(1), m.end(1), kind))
                if m.group(3):
                    out.append(Token(m.start(3), m.end(3), "css-value"))
                i = max(m.end(), i + 1)
                continue
            i += 1
            continue
        j = i
        while j < end and text[j] not in "{}":
            j += 1
        if text[i:j].strip():
            lead = len(text[i:j]) - len(text[i:j].lstrip())
            out.append(Token(i + lead, j, "css-selector"))
        i = j
    return in_block


def _style_attr_tokens(text: str, start: int, end: int, out: list[Token]) -> None:
    for m in _CSS_DECL.finditer(text, start, end):
        kind = "mso" if m.group(1).lower().startswith("mso-") else "css-prop"
        out.append(Token(m.start(1), m.end(1), kind))


def _overlay(text: str, start: int, end: int, out: list[Token]) -> None:
    """Liquid, ``${}`` and entities inside a run of text or a value."""
    for rx, kind in ((LIQUID_RE, "liquid"), (_INTERP, "interp"), (_ENTITY, "entity")):
        for m in rx.finditer(text, start, end):
            out.append(Token(m.start(), m.end(), kind))


def highlight_line(line: str, state: int = 0) -> tuple[list[Token], int]:
    """Tokens of one line given the state the previous line ended in."""
    out: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        if state & COMMENT:
            close = _MSO_CLOSE.search(line, i)
            end = line.find("-->", i)
            if close is not None and (end == -1 or close.start() <= end):
                out.append(Token(i, close.start(), "comment"))
                out.append(Token(close.start(), close.end(), "mso"))
                state &= ~(COMMENT | MSO)
                i = close.end()
                continue
            if end == -1:
                out.append(Token(i, n, "comment"))
                return out, state
            out.append(Token(i, end + 3, "comment"))
            state &= ~COMMENT
            i = end + 3
            continue
        if state & (DQ | SQ):
            quote = '"' if state & DQ else "'"
            end = line.find(quote, i)
            stop = n if end == -1 else end + 1
            out.append(Token(i, stop, "string"))
            if state & STYLE_ATTR:
                _style_attr_tokens(line, i, stop, out)
            _overlay(line, i, stop, out)
            if end == -1:
                return out, state
            state &= ~(DQ | SQ | STYLE_ATTR)
            i = stop
            continue
        if state & TAG:
            i, state = _tag_body(line, i, state, out)
            continue
        if state & (STYLE | SCRIPT):
            closing = "</style" if state & STYLE else "</script"
            end = line.lower().find(closing, i)
            stop = n if end == -1 else end
            if state & STYLE:
                in_block = _css_tokens(line, i, stop, out, bool(state & CSS_BLOCK))
                state = (state | CSS_BLOCK) if in_block else (state & ~CSS_BLOCK)
            _overlay(line, i, stop, out)
            if end == -1:
                return out, state
            state &= ~(STYLE | SCRIPT | CSS_BLOCK)
            i = end
            continue
        # normal text
        m = _MSO_OPEN.match(line, i)
        if m:
            out.append(Token(m.start(), m.end(), "mso"))
            state |= MSO  # the HTML inside stays highlighted as HTML, tinted as MSO
            i = m.end()
            continue
        m = _MSO_CLOSE.match(line, i)
        if m:
            out.append(Token(m.start(), m.end(), "mso"))
            state &= ~MSO
            i = m.end()
            continue
        if line.startswith("<!--", i):
            state |= COMMENT
            out.append(Token(i, i + 4, "comment"))
            i += 4
            continue
        m = _OPEN_TAG.match(line, i)
        if m:
            out.append(Token(i, m.start(2), "punct"))
            name = m.group(2)
            out.append(Token(m.start(2), m.end(2), tag_kind(name)))
            low = name.lower()
            state |= TAG
            if not m.group(1) and low in ("style", "script"):
                state |= STYLE if low == "style" else SCRIPT
            i = m.end()
            continue
        m = LIQUID_RE.match(line, i) or _INTERP.match(line, i)
        if m:
            out.append(Token(m.start(), m.end(), "liquid" if m.group(0)[0] == "{" else "interp"))
            i = m.end()
            continue
        if _LIQUID_OPEN.match(line, i):  # a Liquid token spanning lines: colour the rest
            out.append(Token(i, n, "liquid"))
            return out, state
        j = i + 1
        while j < n and line[j] not in "<{$&":
            j += 1
        _overlay(line, i, j, out)
        i = j
    return out, state


def _tag_body(line: str, i: int, state: int, out: list[Token]) -> tuple[int, int]:
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == ">":
            out.append(Token(i, i + 1, "punct"))
            return i + 1, state & ~TAG
        if line.startswith("/>", i):
            out.append(Token(i, i + 2, "punct"))
            return i + 2, state & ~(TAG | STYLE | SCRIPT)
        if ch.isspace():
            i += 1
            continue
        if ch == "=":
            out.append(Token(i, i + 1, "punct"))
            i += 1
            continue
        if ch in "\"'":
            state |= DQ if ch == '"' else SQ
            # the value's attribute: the last one named on the line (looked for from the
            # end: the list holds every token of the line so far, thousands on a minified
            # email's one line, and a search from the start made its highlight quadratic)
            named = next((t for t in reversed(out) if t.kind in ("attr", "directive")), None)
            if named is not None and line[named.start : named.end].lower() == "style":
                state |= STYLE_ATTR
            out.append(Token(i, i + 1, "string"))
            return i + 1, state
        m = LIQUID_RE.match(line, i)
        if m:
            out.append(Token(m.start(), m.end(), "liquid"))
            i = m.end()
            continue
        m = _ATTR.match(line, i)
        if m:
            name = m.group(1)
            kind = "directive" if name[0] in "#:@" else "attr"
            out.append(Token(m.start(1), m.end(1), kind))
            i = m.end()
            continue
        i += 1
    return i, state
