"""URL parameters: append workspace- and message-level query parameters to links.

Both lists are appended (neither overrides the other; a key the link's own
query already has is not added again). Each parameter can be sent encoded
(default: percent-encoding of everything but Liquid) or as written.

Links that get parameters: ``href`` of ``a``, ``area`` and VML shapes
(``v:roundrect`` …) that start with ``http://``/``https://`` or with Liquid
followed by more URL text (``{{ base }}/path``). Left alone: ``mailto:``,
``tel:``, ``sms:``, anchors, Liquid-only hrefs (``{{ url }}``,
``{% unsubscribe_url %}``). Links inside MSO conditional comments
(``<!--[if mso]><v:roundrect href="…">``, the bulletproof button Outlook
shows) get the same parameters as the HTML beside them. ``data-ignore-params`` skips message-level
parameters (and is removed from the output); ``class="disable-url-params"``
skips workspace-level ones. Liquid inside a link stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import Work, option
from compiler.transformers.core.markup import Tag, Text, parse

NAME = "url-params"


@dataclass(frozen=True)
class Param:
    """One query parameter. ``encode=False`` sends key and value as written."""

    key: str
    value: str
    encode: bool = True


def coerce_params(value: object) -> tuple[Param, ...]:
    """Parameters from settings: a mapping, a list of mappings/pairs, or ``"a=1&b=2"``."""
    if isinstance(value, tuple) and all(isinstance(p, Param) for p in value):
        return value
    if isinstance(value, str):
        out = []
        for part in value.split("&"):
            if not part.strip():
                continue
            key, sep, val = part.partition("=")
            if not sep or not key.strip():
                raise ValueError(f"expected key=value, got {part!r}")
            out.append(Param(key.strip(), val))
        return tuple(out)
    if isinstance(value, Mapping):
        return tuple(Param(str(k), str(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            if isinstance(item, Param):
                out.append(item)
            elif isinstance(item, Mapping) and "key" in item:
                out.append(
                    Param(
                        str(item["key"]), str(item.get("value", "")), bool(item.get("encode", True))
                    )
                )
            elif isinstance(item, list | tuple) and len(item) in (2, 3):
                out.append(
                    Param(str(item[0]), str(item[1]), bool(item[2]) if len(item) == 3 else True)
                )
            else:
                raise ValueError(f"cannot read a URL parameter from {item!r}")
        return tuple(out)
    raise ValueError(f"expected a table of parameters, got {type(value).__name__}")


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Append URL parameters to links.")
    workspace_params: tuple[Param, ...] = option(
        (), "Workspace-level parameters (the workspace's [transformers.url-params] params)."
    )
    params: tuple[Param, ...] = option((), "Message-level parameters (appended after).")
    tags: tuple[str, ...] = option(
        ("a", "area", "v:roundrect", "v:rect", "v:oval", "v:shape"),
        "Elements whose href gets parameters.",
    )


_SCHEME_RE = re.compile(r"^\s*https?://", re.I)
#: a downlevel-hidden conditional comment: ``<!--[if mso]> … <![endif]-->``
_CONDITIONAL_RE = re.compile(
    r"(?P<head><!--\[if [^\]]*\]>)(?P<body>.*)(?P<tail><!\[endif\]\s*-->)\Z", re.S | re.I
)


def _encode(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in liquid_guard.TOKEN_RE.finditer(text):
        out.append(quote(text[pos : m.start()], safe="-_.~"))
        out.append(m.group(0))
        pos = m.end()
    out.append(quote(text[pos:], safe="-_.~"))
    return "".join(out)


def _is_target(href: str, work: Work) -> bool:
    if _SCHEME_RE.match(href):
        return True
    prefix = work.guard.prefix
    stripped = href.strip()
    if stripped.startswith(prefix) and not work.guard.only_placeholders(stripped):
        rest = work.guard.placeholder_re.sub("", stripped).lstrip()
        return rest[:1] in ("/", "?")
    return False


def _query_keys(query: str) -> set[str]:
    keys = set()
    for part in re.split(r"&amp;|&", query):
        if part:
            keys.add(part.partition("=")[0])
    return keys


def append_params(href: str, params: list[str], keys: list[str]) -> str:
    """``href`` with encoded ``k=v`` pairs appended before any fragment."""
    base, hash_, frag = href.partition("#")
    path, _, query = base.partition("?")
    have = _query_keys(query)
    new = [p for p, k in zip(params, keys, strict=True) if k not in have]
    if not new:
        return href
    sep = "&amp;"
    if query:
        query = query + ("" if query.endswith(("&", "&amp;")) else sep) + sep.join(new)
    else:
        query = sep.join(new)
    return f"{path}?{query}{hash_}{frag}"


def apply(work: Work, options: Options) -> None:
    if not options.enabled or not (options.params or options.workspace_params):
        return

    def pairs(ps: tuple[Param, ...]) -> tuple[list[str], list[str]]:
        texts, keys = [], []
        for p in ps:
            k = _encode(p.key) if p.encode else p.key
            v = _encode(p.value) if p.encode else p.value
            texts.append(work.guard.guard_value(f"{k}={v}").replace("&", "&amp;"))
            keys.append(k)
        return texts, keys

    ws_texts, ws_keys = pairs(options.workspace_params)
    msg_texts, msg_keys = pairs(options.params)
    tags = {t.lower() for t in options.tags}

    def link(tag: Tag) -> bool:
        """Add the parameters to ``tag``'s href; True when the tag changed."""
        ignore_msg = tag.has("data-ignore-params")
        if ignore_msg:
            tag.remove("data-ignore-params")
        href = tag.get("href")
        if href is None or not _is_target(href, work):
            return ignore_msg
        classes = (tag.get("class") or "").split()
        texts: list[str] = []
        keys: list[str] = []
        if "disable-url-params" not in classes:
            texts += ws_texts
            keys += ws_keys
        if not ignore_msg:
            texts += msg_texts
            keys += msg_keys
        if texts:
            new = append_params(href, texts, keys)
            if new != href:
                tag.set("href", new)
                return True
        return ignore_msg

    doc = work.markup()
    for tag in doc.tags():
        if tag.name in tags:
            link(tag)
    for node in doc.nodes:
        if node.__class__ is Text and node.kind == "comment":
            m = _CONDITIONAL_RE.match(node.text)
            if m is None or "href" not in m.group("body").lower():
                continue
            inner = parse(m.group("body"))
            changed = False
            for tag in inner.tags():
                if tag.name in tags:
                    changed = link(tag) or changed
            if changed:
                assert isinstance(node, Text)
                node.text = m.group("head") + inner.serialize() + m.group("tail")
