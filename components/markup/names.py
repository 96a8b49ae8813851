"""The element names a source file uses (and its ``#is`` values), without building a tree.

:func:`element_names` answers what ``{el.name for el in iter_elements(parse(text))}``
answers, faster (1.6× on the generated scale workspace's 600 files, CPU time; about as
fast as the parse on large table-layout HTML): :func:`scan_element_names` reads
the start tags with the parser's own rules for comments, Liquid tokens and raw-text
elements, and gives up (``None``) on anything whose reading takes the full parser —
MSO conditional comments, Liquid raw/comment blocks, ``{{{``/``{{!--``, Liquid in an
attribute list or a tag name, a malformed or unterminated tag, ``#is``. Then the text
is parsed. The workspace's "used in" counts (one scan of every file) rely on it.
"""

from __future__ import annotations

import re

from components.markup.elements import TEXT_ONLY
from components.markup.nodes import iter_elements
from components.markup.parser import parse

_NEXT = re.compile(r"<[A-Za-z/!?]|\{[{%]")  # the parser's
_GIVE_UP = re.compile(r"\{\{\{|\{\{!--|#is|\{%-?[\t\n\f\r ]*(?:raw|comment)(?!\w)", re.I)
_COND = re.compile(r"<!--\[if|(?:<!--)?<!\[endif\]", re.I)
_WS = "[\t\n\f\r ]"
_START_TAG = re.compile(
    rf"<([A-Za-z][^\t\n\f\r />{{]*)"
    rf"((?:{_WS}+[^\t\n\f\r />=\"'{{]+(?:{_WS}*={_WS}*"
    rf"(?:\"[^\"]*\"|'[^']*'|[^\t\n\f\r \"'=<>`{{]+))?)*)"
    rf"{_WS}*(/?)>"
)
_END_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />{]*")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")


def element_names(text: str, file: str = "") -> frozenset[str]:
    """Every element name (lower case) in ``text``, as the markup parser reads it."""
    fast = scan_element_names(text)
    if fast is not None:
        return fast
    return frozenset(el.name for el in iter_elements(parse(text, file).document))


def scan_element_names(text: str) -> frozenset[str] | None:
    """:func:`element_names` by a scan of the start tags; ``None`` when the text holds
    anything the scan leaves to the parser (see the module doc)."""
    if _GIVE_UP.search(text) or _COND.search(text):
        return None
    names: set[str] = set()
    find = text.find
    search = _NEXT.search
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return frozenset(names)
        i = m.start()
        c = text[i + 1]
        if text[i] == "{":
            e = find("}}" if c == "{" else "%}", i + 2)
            if e < 0:
                return None
            pos = e + 2
        elif c == "/":
            nm = _END_NAME.match(text, i + 2)
            if nm is None:
                pos = i + 1  # text, as for the parser
                continue
            if text[nm.end() : nm.end() + 1] == "{":
                return None
            gt = find(">", nm.end())
            if gt < 0:
                return None
            pos = gt + 1
        elif c in "!?":
            if text.startswith("<![", i):
                return None
            if text.startswith("<!--", i):
                if text.startswith(">", i + 4):
                    pos = i + 5
                elif text.startswith("->", i + 4):
                    pos = i + 6
                else:
                    e = find("-->", i + 4)
                    if e < 0:
                        return None
                    pos = e + 3
            else:
                e = find(">", i + 2)
                if e < 0:
                    return None
                pos = e + 1
        else:
            tm = _START_TAG.match(text, i)
            if tm is None or not _liquid_closed_in_values(tm.group(2)):
                return None
            name = tm.group(1).lower()
            names.add(name)
            pos = tm.end()
            if name in TEXT_ONLY:
                if tm.group(3):
                    return None  # <script/>: the parser's self-closing rules decide
                end = re.compile("</" + re.escape(name) + r"(?=[\t\n\f\r />])", re.I).search(
                    text, pos
                )
                gt = find(">", end.end()) if end is not None else -1
                if gt < 0:
                    return None
                pos = gt + 1


def _liquid_closed_in_values(attrs: str) -> bool:
    """Whether every Liquid token in the quoted values ends inside its value (then the
    parser, which reads a token whole before looking for the closing quote, ends each
    value where the scan does)."""
    if "{" not in attrs:
        return True
    for m in _QUOTED.finditer(attrs):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        k = 0
        while True:
            a, b = value.find("{{", k), value.find("{%", k)
            k = min(x for x in (a, b, len(value)) if x >= 0)
            if k >= len(value):
                break
            e = value.find("}}" if k == a else "%}", k + 2)
            if e < 0:
                return False
            k = e + 2
    return True
