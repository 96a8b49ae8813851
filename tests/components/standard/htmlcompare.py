"""Structural HTML comparison for golden fixtures.

Both documents are parsed with lxml; the comparison walks the element trees
and compares tag names, attributes (class as a set, style as a normalized
declaration list), text with collapsed whitespace, and comments (MSO
conditionals) with collapsed whitespace. <style> text is compared with
whitespace removed around CSS punctuation.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html


def _norm_ws(text: str | None) -> str:
    return " ".join((text or "").split())


def _norm_css(text: str) -> str:
    return re.sub(r"\s*([{};:,>])\s*", r"\1", " ".join(text.split())).strip()


def _style(value: str) -> list[tuple[str, str]]:
    out = []
    for decl in value.split(";"):
        if ":" in decl:
            prop, val = decl.split(":", 1)
            out.append((prop.strip().lower(), " ".join(val.split())))
    return out


def _attrs(el: etree._Element) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in el.attrib.items():
        if key == "class":
            out[key] = frozenset(value.split())
        elif key == "style":
            out[key] = _style(value)
        else:
            out[key] = value
    return out


def describe(node: etree._Element) -> list[object]:
    """A nested, comparable description of ``node``."""
    if isinstance(node, etree._Comment):
        return ["#comment", _norm_ws(node.text)]
    tag = node.tag if isinstance(node.tag, str) else str(node.tag)
    text = node.text or ""
    desc: list[object] = [tag, _attrs(node)]
    if tag == "style":
        desc.append(_norm_css(text))
    elif _norm_ws(text):
        desc.append(_norm_ws(text))
    for child in node:
        desc.append(describe(child))
        if _norm_ws(child.tail):
            desc.append(_norm_ws(child.tail))
    return desc


def parse(text: str) -> list[object]:
    if "<html" in text.lower():
        root = lxml_html.document_fromstring(text)
        return describe(root)
    frags = lxml_html.fragments_fromstring(text)
    out: list[object] = []
    for f in frags:
        if isinstance(f, str):
            if _norm_ws(f):
                out.append(_norm_ws(f))
        else:
            out.append(describe(f))
            if _norm_ws(f.tail):
                out.append(_norm_ws(f.tail))
    return out


def same_structure(actual: str, expected: str) -> bool:
    return parse(actual) == parse(expected)
