"""Inline text editing: a text slot's source as editable HTML and back, personalization.

Pure Python (no Qt). A **text slot** is the content of a standard component whose
``content`` is ``"text"`` (heading, paragraph, button label, editable text): the
source between its start and end tags. The marks it allows are data on the
component (``StandardComponent.marks``); the bubble menu offers exactly those.

The canvas edits a slot in place (``contenteditable``). :func:`editing_html` turns
the slot's source into the HTML the canvas edits: every Liquid token of the text
becomes a **chip** (``<span class="mw-liquid" contenteditable="false"
data-liquid="…">``) that typing cannot break — it shows the rendered value when the
caller gives one (sample data), the Liquid on hover — and every start tag written in
the source gets a ``data-mw-src`` index, so :func:`source_text` can write it back
byte for byte. :func:`source_text` reads the edited HTML back as source: chips
become their Liquid verbatim, source tags their original text, and anything new
(the browser's ``<b>`` for bold, a pasted document) is reduced to the slot's marks
(``strong``, ``em``, ``u``, ``s``, ``a href``, ``span style="color"``, ``sup``,
``sub``, ``code``, ``br``); block breaks become ``<br>`` where a line break is
allowed, else a space. :func:`set_text` writes the result as ONE minimal edit: only
the span between the first and last changed character is replaced.

Personalization (liquid-visual-editor.md): :func:`liquid_output` writes
``{{ customer.first_name | default: "there" }}``; :func:`profile_attributes` lists a
sample profile's attributes as a tree; :func:`merged_attributes` every key the
workspace's data files use, for the Personalization panel.

Limit: a named character reference other than ``&amp; &lt; &gt; &nbsp;`` that lies
between two edited places is written back as the character it stands for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from components.markup import LIQUID_RE, Element, Text
from components.markup.elements import SERIALIZES_AS_VOID
from components.standard import REGISTRY
from components.standard.registry import TEXT_MARKS
from studio.models.layers import Layers, content_span
from studio.models.visual_edits import Replacement, VisualEdit

CHIP_CLASS = "mw-liquid"
_TOKEN_RE = re.compile(
    r"(?P<liquid>\{\{.*?\}\}|\{%.*?%\})"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<end></[A-Za-z][^>]*>)"
    r"|(?P<tag><[A-Za-z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>)",
    re.S,
)
#: elements the browser writes for a mark, by mark (what a paste or execCommand gives)
_MARK_OF_TAG = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "link",
    "sup": "superscript",
    "sub": "subscript",
    "code": "code",
    "br": "linebreak",
}
_BLOCKS = frozenset(
    {
        "div",
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "pre",
        "section",
        "article",
    }
)
_BETWEEN_ITEMS_RE = re.compile(r"(</li>)\s*(?=<li\b)", re.I)
_ITEM_BREAK_RE = re.compile(r"(\s*)<li\b", re.I)
_LONE_NBSP_RE = re.compile(r"(?<![ ;])&nbsp;(?![ &])")
_COLOR_RE = re.compile(r"(?:^|;)\s*color\s*:\s*([^;]+)", re.I)


@dataclass(frozen=True, slots=True)
class TextSlot:
    """One editable text: the row, where its content is in the source, the content and
    the marks the bubble menu offers."""

    row_id: str
    start: int
    end: int
    text: str
    marks: tuple[str, ...]


def slot_of(layers: Layers, row_id: str) -> TextSlot | None:
    """The text slot of a row — a standard component that holds text, or a workspace
    component whose template is one element holding its default ``text()`` slot (a
    link, a label: the canvas element of the instance is that text) —, else None."""
    row = layers.row(row_id)
    if row is not None and row.kind == "custom" and isinstance(row.node, Element):
        return _custom_slot(layers, row.id, row.node)
    if row is None or row.kind != "standard" or not isinstance(row.node, Element):
        return None
    component = REGISTRY.get(row.tag)
    if component is None or component.content != "text" or not component.marks:
        return None
    span = content_span(row.node)
    if span is None:
        return None
    start, end = span
    return TextSlot(row.id, start, end, layers.text[start:end], component.marks)


def _custom_slot(layers: Layers, row_id: str, el: Element) -> TextSlot | None:
    definition = layers.definitions.get(el.name)
    slot = definition.slots.get("default") if definition is not None else None
    if (
        definition is None
        or slot is None
        or slot.kind != "text"
        or not _slot_only(definition.template)
    ):
        return None
    span = content_span(el)
    if span is None:
        return None
    text = layers.text[span[0] : span[1]]
    if "#slot" in text:
        return None  # named slots written as fragments: edited in the code
    return TextSlot(row_id, span[0], span[1], text, slot.marks)


def _slot_only(template: Element | None) -> bool:
    """The template is one element whose only content is the default ``<slot>``."""

    def elements(node: Element) -> list[Element]:
        kids = [c for c in node.children if not (isinstance(c, Text) and not c.raw.strip())]
        return (
            [c for c in kids if isinstance(c, Element)]
            if all(isinstance(c, Element) for c in kids)
            else []
        )

    if template is None:
        return False
    roots = elements(template)
    if len(roots) != 1:
        return False
    inner = elements(roots[0])
    return len(inner) == 1 and inner[0].name == "slot" and not inner[0].get("name")


# -- source → editable HTML -------------------------------------------------------------


def editing_html(text: str, shown: Callable[[str], str | None] | None = None) -> str:
    """The slot's source as the canvas edits it: Liquid as chips, source tags marked."""
    out: list[str] = []
    pos = 0
    index = 0
    for m in _TOKEN_RE.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        token = m.group()
        if m.group("liquid"):
            value = shown(token) if shown is not None else None
            label = token if value is None else value
            out.append(
                f'<span class="{CHIP_CLASS}" contenteditable="false" '
                f'data-liquid="{html.escape(token, quote=True)}" '
                f'title="{html.escape(token, quote=True)}">'
                f"{html.escape(label, quote=False)}</span>"
            )
        elif m.group("tag"):
            close = len(token) - (2 if token.endswith("/>") else 1)
            out.append(f'{token[:close].rstrip()} data-mw-src="{index}"{token[close:]}')
            index += 1
        else:
            out.append(token)
    out.append(text[pos:])
    return "".join(out)


def source_tags(text: str) -> list[str]:
    """The start tags of a slot's source, by their ``data-mw-src`` index."""
    return [m.group() for m in _TOKEN_RE.finditer(text) if m.group("tag")]


# -- editable HTML → source --------------------------------------------------------------


class _Reader(HTMLParser):
    def __init__(
        self, marks: Sequence[str], originals: Sequence[str], item_break: str = ""
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.marks = set(marks)
        self.item_break = item_break  # what goes before a new list item
        self.originals = list(originals)
        self.out: list[str] = []
        self.stack: list[str | None] = []  # the end tag each open element writes
        self.chip_depth = 0  # inside a chip: its content is not text
        self.text_seen = False

    # what a start tag writes, and the end tag it needs
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.chip_depth:
            if tag not in SERIALIZES_AS_VOID:
                self.chip_depth += 1
            return
        liquid = found.get("data-liquid")
        if liquid is not None:
            self.out.append(liquid)
            self.chip_depth = 1
            return
        src = found.get("data-mw-src")
        if src is not None and src.isdigit() and int(src) < len(self.originals):
            self.out.append(self.originals[int(src)])
            if tag not in SERIALIZES_AS_VOID:
                self.stack.append(f"</{tag}>")
            return
        if tag == "li" and "list-item" in self.marks:
            self.out.append(f"{self.item_break}<li>")
            self.stack.append("</li>")
            return
        written, end = self._mark(tag, found)
        if tag in _BLOCKS and self.text_seen:
            self._line_break()
        if written:
            self.out.append(written)
        if tag not in SERIALIZES_AS_VOID:
            self.stack.append(end)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in SERIALIZES_AS_VOID and self.stack and not self.chip_depth:
            self.handle_endtag(tag)

    def _mark(self, tag: str, attrs: Mapping[str, str | None]) -> tuple[str, str | None]:
        mark = _MARK_OF_TAG.get(tag)
        if mark == "linebreak":
            return ("<br>" if "linebreak" in self.marks else " "), None
        if mark is not None and mark in self.marks:
            name = TEXT_MARKS[mark]
            if mark == "link":
                href = attrs.get("href") or ""
                return f'<a href="{_attr(href)}">', "</a>"
            return f"<{name}>", f"</{name}>"
        style = attrs.get("style") or ""
        color = _COLOR_RE.search(style)
        if tag in ("span", "font") and "color" in self.marks and (color or attrs.get("color")):
            value = color.group(1).strip() if color else str(attrs.get("color"))
            return f'<span style="color: {_attr(value)}">', "</span>"
        return "", None

    def _line_break(self) -> None:
        self.out.append("<br>" if "linebreak" in self.marks else " ")

    def handle_endtag(self, tag: str) -> None:
        if self.chip_depth:
            self.chip_depth -= 1
            return
        if tag in SERIALIZES_AS_VOID or not self.stack:
            return
        end = self.stack.pop()
        if end:
            self.out.append(end)

    def handle_data(self, data: str) -> None:
        if self.chip_depth:
            return
        if data.strip():
            self.text_seen = True
        self.out.append(_text(data))

    def handle_comment(self, data: str) -> None:
        if not self.chip_depth:
            self.out.append(f"<!--{data}-->")


def source_text(
    edited: str, marks: Sequence[str], originals: Sequence[str] = (), item_break: str = ""
) -> str:
    """Edited (or pasted) HTML as a slot's source: chips → their Liquid, source tags →
    their original text, everything else reduced to ``marks``. A list (mark
    ``list-item``): a new ``<li>`` gets ``item_break`` before it (the line break and
    indentation between the list's items), and the space between two items is that
    again (an item removed leaves no blank line)."""
    reader = _Reader(marks, originals, item_break)
    reader.feed(edited)
    reader.close()
    text = "".join(reader.out)
    if "list-item" in marks and item_break:
        text = _BETWEEN_ITEMS_RE.sub(lambda m: m.group(1) + item_break, text)
    return text


def _text(data: str) -> str:
    """Text escaped for HTML, Liquid typed into it kept verbatim."""
    out: list[str] = []
    pos = 0
    for m in LIQUID_RE.finditer(data):
        out.append(_escape(data[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_escape(data[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def _attr(value: str) -> str:
    out: list[str] = []
    pos = 0
    for m in LIQUID_RE.finditer(value):
        out.append(value[pos : m.start()].replace("&", "&amp;").replace('"', "&quot;"))
        out.append(m.group())
        pos = m.end()
    out.append(value[pos:].replace("&", "&amp;").replace('"', "&quot;"))
    return "".join(out)


# -- writing --------------------------------------------------------------------------------


def set_text(layers: Layers, row_id: str, text: str) -> VisualEdit | None:
    """Replace a slot's content with ``text`` (source), as one minimal edit: only the
    span from the first to the last changed character is written. None: no change."""
    slot = slot_of(layers, row_id)
    if slot is None:
        raise ValueError(f"row {row_id!r} has no text slot")
    old = slot.text
    if old == text:
        return None
    prefix = 0
    limit = min(len(old), len(text))
    while prefix < limit and old[prefix] == text[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == text[-1 - suffix]:
        suffix += 1
    rep = Replacement(slot.start + prefix, slot.end - suffix, text[prefix : len(text) - suffix])
    row = layers.rows[row_id]
    return VisualEdit("Edit text", (rep,), (row.span[0],))


def edit_from_canvas(layers: Layers, row_id: str, edited: str) -> VisualEdit | None:
    """The canvas's edited HTML of a slot (made by :func:`editing_html`) written back."""
    slot = slot_of(layers, row_id)
    if slot is None:
        raise ValueError(f"row {row_id!r} has no text slot")
    first_item = _ITEM_BREAK_RE.search(slot.text)
    item_break = first_item.group(1) if first_item else ""
    text = source_text(edited, slot.marks, source_tags(slot.text), item_break)
    if "&nbsp;" not in slot.text and "\xa0" not in slot.text:
        # the browser writes a typed space before a chip or at the end as a no-break
        # space; where the source had none, a lone one is a plain space again
        text = _LONE_NBSP_RE.sub(" ", text)
    return set_text(layers, row_id, text)


# -- personalization ------------------------------------------------------------------------


def liquid_output(path: str, fallback: str = "") -> str:
    """``{{ path }}``, or with a fallback ``{{ path | default: "fallback" }}`` (single
    quotes when the fallback holds a double quote)."""
    path = path.strip()
    if not fallback:
        return f"{{{{ {path} }}}}"
    quote = "'" if '"' in fallback else '"'
    fallback = fallback.replace(quote, "")
    return f"{{{{ {path} | default: {quote}{fallback}{quote} }}}}"


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of the sample profile: its Liquid path, name, sample value (text)
    and nested attributes (an object's keys)."""

    path: str
    name: str
    sample: str
    children: tuple[Attribute, ...] = ()


def merged_attributes(profiles: Iterable[Mapping[str, Any]]) -> tuple[Attribute, ...]:
    """The attributes of several profiles (the workspace's data files) as one tree: every
    key any of them has, in first-seen order, with the first sample value found."""
    merged: dict[str, Any] = {}
    for profile in profiles:
        _merge(merged, profile)
    return profile_attributes(merged)


def _merge(into: dict[str, Any], data: Mapping[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, Mapping):
            current = into.get(key)
            if not isinstance(current, dict):
                current = {}
                into[key] = current
            _merge(current, value)
        elif key not in into or into[key] in (None, ""):
            into[key] = value


def profile_attributes(data: Mapping[str, Any], prefix: str = "") -> tuple[Attribute, ...]:
    """The profile's attributes as a tree, in the file's order (``customer.first_name``);
    lists are leaves (their size as the sample)."""
    out: list[Attribute] = []
    for key, value in data.items():
        if prefix == "" and key == "id":
            continue
        name = str(key)
        path = f"{prefix}.{name}" if prefix else name
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name):
            path = f'{prefix}["{name}"]' if prefix else name
        if isinstance(value, Mapping):
            out.append(Attribute(path, name, "", profile_attributes(value, path)))
        elif isinstance(value, list):
            out.append(Attribute(path, name, f"{len(value)} items"))
        else:
            sample = (
                "true"
                if value is True
                else "false"
                if value is False
                else ("" if value is None else str(value))
            )
            out.append(Attribute(path, name, sample))
    return tuple(out)
