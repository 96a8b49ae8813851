"""Autocompletion for the code editor, as data (no Qt).

:func:`complete` looks at the text before the cursor and offers:

- tag names after ``<``: standard ``x-`` components (from the standard
  component registry), the workspace's custom components, HTML tags;
- attribute names inside a start tag: the props of the component under the
  cursor (from its schema), directives and common HTML attributes;
- values of a prop with options (``align="|"``);
- MSO CSS properties after ``mso`` in ``style=""`` or a ``<style>`` block;
- Liquid keys from the sample data inside ``{{ … }}`` / ``{% … %}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HTML_TAGS: tuple[str, ...] = (
    "a",
    "b",
    "body",
    "br",
    "center",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "img",
    "li",
    "link",
    "meta",
    "ol",
    "p",
    "span",
    "strong",
    "style",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "title",
    "tr",
    "u",
    "ul",
)
HTML_ATTRS: tuple[str, ...] = (
    "align",
    "alt",
    "bgcolor",
    "border",
    "cellpadding",
    "cellspacing",
    "class",
    "dir",
    "height",
    "href",
    "id",
    "lang",
    "role",
    "src",
    "style",
    "target",
    "title",
    "valign",
    "width",
    "aria-label",
    "aria-hidden",
)
DIRECTIVES: tuple[str, ...] = (
    "#if",
    "#else-if",
    "#else",
    "#each",
    "#set:style",
    "#set:class",
    "#class:",
    "#style:",
)
MSO_CSS: tuple[str, ...] = (
    "mso-ansi-font-size",
    "mso-ascii-font-family",
    "mso-bidi-font-family",
    "mso-border-alt",
    "mso-border-bottom-alt",
    "mso-border-top-alt",
    "mso-char-wrap",
    "mso-color-alt",
    "mso-element",
    "mso-element-frame-hspace",
    "mso-element-wrap",
    "mso-fareast-font-family",
    "mso-font-alt",
    "mso-font-width",
    "mso-hansi-font-family",
    "mso-height-rule",
    "mso-hide",
    "mso-highlight",
    "mso-line-height-alt",
    "mso-line-height-rule",
    "mso-margin-bottom-alt",
    "mso-margin-top-alt",
    "mso-padding-alt",
    "mso-padding-bottom-alt",
    "mso-padding-left-alt",
    "mso-padding-right-alt",
    "mso-padding-top-alt",
    "mso-table-lspace",
    "mso-table-rspace",
    "mso-table-tspace",
    "mso-table-bspace",
    "mso-text-raise",
    "mso-style-priority",
    "mso-shading",
    "mso-pattern",
    "mso-width-alt",
    "mso-width-percent",
    "mso-wrap-style",
)


@dataclass(frozen=True, slots=True)
class PropInfo:
    name: str
    type: str = ""
    detail: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    insert: str
    # "component", "custom", "tag", "prop", "attr", "directive", "value", "mso", "liquid"
    kind: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CompletionList:
    start: int  # offset where the replaced prefix starts
    prefix: str
    items: tuple[Completion, ...]


@dataclass
class CompletionSources:
    """What completions are made from: components, custom tags, sample data."""

    components: Mapping[str, Sequence[PropInfo]]
    custom_tags: Sequence[str] = ()
    sample_data: Mapping[str, Any] | None = None
    custom_props: Mapping[str, Sequence[PropInfo]] = field(default_factory=dict)

    def props_of(self, tag: str) -> Sequence[PropInfo]:
        return self.components.get(tag) or self.custom_props.get(tag) or ()


def _prop_info(prop: Any) -> PropInfo:
    name = str(getattr(prop, "name", prop))
    ptype = str(getattr(prop, "type", ""))
    options: tuple[str, ...] = ()
    opts = getattr(prop, "options", ()) or ()
    if opts:
        options = tuple(str(getattr(o, "value", o)) for o in opts)
    else:
        values = getattr(getattr(prop, "schema", None), "values", None)
        if isinstance(values, (list, tuple)):
            options = tuple(str(v) for v in values)
    detail = str(getattr(prop, "help_text", "") or getattr(prop, "label", "") or ptype)
    return PropInfo(name, ptype, detail, options)


def standard_components() -> dict[str, tuple[PropInfo, ...]]:
    """Standard component tags and their props, from ``components.standard.REGISTRY``."""
    from components.standard import REGISTRY

    return {tag: tuple(_prop_info(p) for p in comp.props) for tag, comp in REGISTRY.items()}


def custom_components(root: Path | None) -> dict[str, tuple[PropInfo, ...]]:
    """The workspace's custom components and their props (``components.custom.load_library``).

    Broken component files still list their tag (with the props that could be
    read); an unreadable workspace gives an empty mapping, never an exception.
    """
    if root is None:
        return {}
    try:
        from components.custom import load_library

        library = load_library(root)
    except Exception:
        return {}
    return {d.tag: tuple(_prop_info(p) for p in d.props) for d in library.definitions()}


def liquid_keys(data: Mapping[str, Any] | None, prefix: str = "", depth: int = 0) -> list[str]:
    """Dotted paths of the sample data (``customer.first_name`` …)."""
    if not isinstance(data, Mapping) or depth > 6:
        return []
    out: list[str] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        out.append(path)
        if isinstance(value, Mapping):
            out.extend(liquid_keys(value, path + ".", depth + 1))
    return out


_TAG_NAME = re.compile(r"<([A-Za-z][\w:-]*)?$")
_OPEN_TAG_START = re.compile(r"<([A-Za-z][\w:-]*)\b[^<>]*$", re.S)
_ATTR_PREFIX = re.compile(r"[\s]([#:@]?[\w:-]*)$")
_ATTR_VALUE = re.compile(r"([#:@]?[\w:-]+)\s*=\s*([\"'])([^\"']*)$")
_LIQUID_OPEN = re.compile(r"(\{\{|\{%)(?:(?!\}\}|%\}).)*$", re.S)
_LIQUID_WORD = re.compile(r"[\w.]*$")
_MSO_WORD = re.compile(r"(mso[\w-]*)$")


def _in_style_block(before: str) -> bool:
    low = before.lower()
    return low.rfind("<style") > low.rfind("</style")


def complete(text: str, offset: int, sources: CompletionSources, limit: int = 50) -> CompletionList:
    """Completions at ``offset``; an empty list when nothing fits."""
    before = text[max(0, offset - 4000) : offset]
    empty = CompletionList(offset, "", ())

    m = _LIQUID_OPEN.search(before)
    if m:
        word = _LIQUID_WORD.search(before)
        prefix = word.group(0) if word else ""
        keys = liquid_keys(sources.sample_data)
        items = [
            Completion(k, k, "liquid", "sample data")
            for k in keys
            if k.lower().startswith(prefix.lower())
        ]
        return CompletionList(offset - len(prefix), prefix, tuple(items[:limit]))

    m = _TAG_NAME.search(before)
    if m:
        prefix = m.group(1) or ""
        low = prefix.lower()
        items = []
        for tag in sorted(sources.components):
            if tag.startswith(low):
                items.append(Completion(tag, tag, "component", "standard component"))
        for tag in sorted(set(sources.custom_tags) | set(sources.custom_props)):
            if tag.startswith(low):
                items.append(Completion(tag, tag, "custom", "custom component"))
        if not low.startswith("x-"):
            items.extend(Completion(t, t, "tag", "HTML") for t in HTML_TAGS if t.startswith(low))
        return CompletionList(offset - len(prefix), prefix, tuple(items[:limit]))

    tag_m = _OPEN_TAG_START.search(before)
    if tag_m:
        tag = tag_m.group(1).lower()
        inside = before[tag_m.start() :]
        value_m = _ATTR_VALUE.search(inside)
        if value_m and inside.count(value_m.group(2)) % 2 == 1:
            attr, _quote, typed = value_m.groups()
            mso = _MSO_WORD.search(typed)
            if attr.lower() == "style" and mso:
                p = mso.group(1)
                items = [
                    Completion(x, x + ": ", "mso", "Outlook CSS")
                    for x in MSO_CSS
                    if x.startswith(p.lower())
                ]
                return CompletionList(offset - len(p), p, tuple(items[:limit]))
            props = {p.name: p for p in sources.props_of(tag)}
            info = props.get(attr.lstrip(":"))
            if info and info.options:
                items = [
                    Completion(o, o, "value", info.name)
                    for o in info.options
                    if o.startswith(typed)
                ]
                return CompletionList(offset - len(typed), typed, tuple(items[:limit]))
            return empty
        attr_m = _ATTR_PREFIX.search(inside)
        if attr_m:
            prefix = attr_m.group(1)
            low = prefix.lower().lstrip(":")
            present = set(re.findall(r"[\s]([#:@]?[\w:-]+)\s*=", inside))
            items = []
            for p in sources.props_of(tag):
                if p.name.startswith(low) and p.name not in present:
                    items.append(Completion(p.name, f'{p.name}=""', "prop", p.detail or p.type))
            if prefix.startswith("#") or not prefix:
                items.extend(
                    Completion(d, d if d.endswith(":") else f'{d}=""', "directive")
                    for d in DIRECTIVES
                    if d.startswith(prefix)
                )
            if not prefix.startswith(("#", ":")):
                names = {i.label for i in items}
                component = tag.startswith("x-") or tag in sources.custom_props
                attrs = ("id", "aria-label") if component else HTML_ATTRS
                items.extend(
                    Completion(a, f'{a}=""', "attr", "HTML")
                    for a in attrs
                    if a.startswith(low) and a not in present and a not in names
                )
            return CompletionList(offset - len(prefix), prefix, tuple(items[:limit]))
        return empty

    if _in_style_block(before):
        mso = _MSO_WORD.search(before)
        if mso:
            p = mso.group(1)
            items = [
                Completion(x, x + ": ", "mso", "Outlook CSS")
                for x in MSO_CSS
                if x.startswith(p.lower())
            ]
            return CompletionList(offset - len(p), p, tuple(items[:limit]))
    return empty
