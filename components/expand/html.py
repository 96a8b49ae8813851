"""HTML text helpers for the expander: escaping that never touches Liquid, tag knowledge."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from components.diagnostics import line_col
from components.markup.nodes import LIQUID_RE, Liquid, Text

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TEXT_RE = re.compile(r"[&<>]")
_ATTR_RE = re.compile(r'[&<>"]')


def _replace(m: re.Match[str]) -> str:
    return _ESCAPES[m.group()]


def _escape(text: str, pattern: re.Pattern[str]) -> str:
    if "{" not in text:
        return pattern.sub(_replace, text) if pattern.search(text) else text
    out: list[str] = []
    pos = 0
    for m in LIQUID_RE.finditer(text):
        out.append(pattern.sub(lambda k: _ESCAPES[k.group()], text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(pattern.sub(lambda k: _ESCAPES[k.group()], text[pos:]))
    return "".join(out)


def escape_text(text: str) -> str:
    """Escape ``& < >`` for element content; Liquid tokens stay byte-identical."""
    return _escape(text, _TEXT_RE)


def attr(name: str, value: str | None, *, raw: bool = False) -> str:
    """`` name="value"`` with a leading space.

    ``raw=True`` means ``value`` is attribute text as written in the source
    (entities undecoded): it is copied unchanged, in single quotes when it holds
    a double quote. Otherwise ``value`` is escaped, except inside Liquid tokens;
    a Liquid token that holds ``"`` makes the attribute single-quoted instead.
    """
    if value is None:
        return f" {name}"
    if not raw and "{" not in value:  # the common case: no Liquid
        # (four scans of the text cost less than one search of the pattern)
        if "&" in value or '"' in value or "<" in value or ">" in value:
            return f' {name}="{_ATTR_RE.sub(_replace, value)}"'
        return f' {name}="{value}"'
    if raw:
        quote = "'" if '"' in value and "'" not in value else '"'
        if quote == '"' and '"' in value:
            value = value.replace('"', "&quot;")
        return f" {name}={quote}{value}{quote}"
    if "{" in value and '"' in "".join(LIQUID_RE.findall(value)):
        out: list[str] = []
        pos = 0
        pattern = re.compile(r"[&<>']")
        for m in LIQUID_RE.finditer(value):
            out.append(pattern.sub(lambda k: _ESCAPES[k.group()], value[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(pattern.sub(lambda k: _ESCAPES[k.group()], value[pos:]))
        return f" {name}='{''.join(out)}'"
    return f' {name}="{_escape(value, _ATTR_RE)}"'


HTML_ELEMENTS = frozenset(
    """
    a abbr acronym address applet area article aside audio b base basefont bdi bdo
    bgsound big blink blockquote body br button canvas caption center cite code col
    colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset
    figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html i iframe img input ins kbd keygen label legend li link main map mark
    marquee menu menuitem meta meter nav nobr noembed noframes noscript object ol
    optgroup option output p param picture plaintext pre progress q rp rt ruby s samp
    script search section select slot small source spacer span strike strong style sub
    summary sup table tbody td template textarea tfoot th thead time title tr track tt u
    ul var video wbr xmp svg math g path circle rect line polyline polygon ellipse defs
    use symbol text tspan lineargradient radialgradient stop clippath mask pattern image
    foreignobject fragment
    """.split()
)


def is_known_tag(name: str) -> bool:
    """An HTML/SVG element, a namespaced (VML ``v:``/``o:``) tag or an MJML tag."""
    return name in HTML_ELEMENTS or ":" in name or name.startswith("mj-") or name == "mjml"


_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass(frozen=True, slots=True)
class Expression:
    """A directive attribute's value as JavaScript source: entities decoded, Liquid kept.

    ``raw`` is the value as written; ``text`` the source to evaluate. ``offsets``
    maps each offset of ``text`` (and its end) to the offset in ``raw``; it is empty
    when nothing was decoded (``text == raw``).
    """

    raw: str
    text: str
    offsets: tuple[int, ...] = ()

    def raw_position(self, line: int, column: int) -> tuple[int, int]:
        """(line, column) inside ``text`` (1-based) → the same place inside ``raw``."""
        if not self.offsets:
            return line, column
        start = 0
        for _ in range(line - 1):
            nl = self.text.find("\n", start)
            if nl < 0:
                break
            start = nl + 1
        offset = min(start + column - 1, len(self.text))
        return line_col(self.raw, self.offsets[max(0, offset)])


def expression(value: str, parts: Sequence[Text | Liquid] = ()) -> Expression:
    """The JavaScript source of a directive value: HTML entities decoded (``&quot;`` →
    ``"``), except inside Liquid tokens, which are opaque and stay byte-identical.

    ``parts`` are the attribute's parsed Text/Liquid pieces; when they do not spell
    ``value`` (attributes built in code), Liquid tokens are found by pattern.
    """
    if "&" not in value:
        return Expression(value, value)
    pieces: list[tuple[str, bool]]  # (text, is liquid)
    if parts and "".join(p.raw for p in parts) == value:
        pieces = [(p.raw, isinstance(p, Liquid)) for p in parts]
    else:
        pieces = []
        pos = 0
        for m in LIQUID_RE.finditer(value):
            pieces.append((value[pos : m.start()], False))
            pieces.append((m.group(), True))
            pos = m.end()
        pieces.append((value[pos:], False))
    out: list[str] = []
    offsets: list[int] = []
    raw_pos = 0
    for text, liquid in pieces:
        if liquid or "&" not in text:
            out.append(text)
            offsets.extend(range(raw_pos, raw_pos + len(text)))
            raw_pos += len(text)
            continue
        pos = 0
        for m in _ENTITY_RE.finditer(text):
            decoded = html.unescape(m.group())
            if decoded == m.group():
                continue
            out.append(text[pos : m.start()])
            offsets.extend(range(raw_pos + pos, raw_pos + m.start()))
            out.append(decoded)
            offsets.extend([raw_pos + m.start()] * len(decoded))
            pos = m.end()
        out.append(text[pos:])
        offsets.extend(range(raw_pos + pos, raw_pos + len(text)))
        raw_pos += len(text)
    offsets.append(raw_pos)
    decoded_text = "".join(out)
    if decoded_text == value:
        return Expression(value, value)
    return Expression(value, decoded_text, tuple(offsets))


def unescape(value: str) -> str:
    """``value`` with HTML entities decoded, except inside Liquid tokens."""
    return expression(value).text
