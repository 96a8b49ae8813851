"""HTML text helpers for the expander: escaping that never touches Liquid, tag knowledge."""

from __future__ import annotations

import re

#: Liquid / Handlebars tokens: never escaped, re-encoded or split.
LIQUID_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TEXT_RE = re.compile(r"[&<>]")
_ATTR_RE = re.compile(r'[&<>"]')


def _escape(text: str, pattern: re.Pattern[str]) -> str:
    if "{" not in text:
        return pattern.sub(lambda m: _ESCAPES[m.group()], text)
    out: list[str] = []
    pos = 0
    for m in LIQUID_RE.finditer(text):
        out.append(pattern.sub(lambda k: _ESCAPES[k.group()], text[pos:m.start()]))
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
    if raw:
        quote = "'" if '"' in value and "'" not in value else '"'
        if quote == '"' and '"' in value:
            value = value.replace('"', "&quot;")
        return f" {name}={quote}{value}{quote}"
    if '"' in "".join(LIQUID_RE.findall(value)):
        out: list[str] = []
        pos = 0
        pattern = re.compile(r"[&<>']")
        for m in LIQUID_RE.finditer(value):
            out.append(pattern.sub(lambda k: _ESCAPES[k.group()], value[pos:m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(pattern.sub(lambda k: _ESCAPES[k.group()], value[pos:]))
        return f" {name}='{''.join(out)}'"
    return f' {name}="{_escape(value, _ATTR_RE)}"'


def style_text(decls: list[tuple[str, str]]) -> str:
    return ";".join(f"{p}:{v}" for p, v in decls if v != "")


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
    """An HTML/SVG element, a namespaced (VML ``v:``/``o:``) tag or an MJML ``mj-*`` tag."""
    return name in HTML_ELEMENTS or ":" in name or name.startswith("mj-")
