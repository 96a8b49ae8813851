"""Plain JavaScript literals read without an engine.

Most ``:prop`` values in emails are literals — ``:layout="[50,50]"``, ``:gap="12"``,
``:color="{light: '#222', dark: '#eee'}"`` — whose value needs no JavaScript to know.
:func:`literal_value` reads such an expression the way :meth:`JSEngine.evaluate
<components.js.engine.JSEngine.evaluate>` would return it (numbers as int when
integral, arrays as lists, objects as dicts in JavaScript's key order), so a compile
whose expressions are all literals makes no QuickJS context at all.

The grammar is deliberately narrow; anything outside it gives :data:`NOT_LITERAL` and
goes to the engine, which also reports the errors:

* numbers ``-?(0|[1-9]…)(.…)?`` with at most 15 significant digits (exact in both
  languages; no exponents, hex, legacy octals or separators);
* ``true``, ``false``, ``null`` (keywords: no scope can rename them);
* strings in ``'…'`` or ``"…"`` without backslashes, line breaks, control characters
  (a tab is fine) or unpaired surrogates;
* arrays and objects of those, without holes or trailing commas; object keys are
  identifiers or such strings, never ``__proto__`` (it sets the prototype) nor all
  digits (JavaScript orders integer keys first);
* spaces, tabs and line breaks between tokens.
"""

from __future__ import annotations

import re
from typing import Final


class _NotLiteral:
    """The text is not a literal :func:`literal_value` reads: evaluate it with the engine."""

    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL: Final = _NotLiteral()

_SPACE = " \t\n\r"
_NUMBER_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_STRING_RE = re.compile(
    r"'[^'\\\x00-\x08\x0a-\x1f\u2028\u2029\ud800-\udfff]*'"
    r'|"[^"\\\x00-\x08\x0a-\x1f\u2028\u2029\ud800-\udfff]*"'
)
_KEY_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_WORDS: dict[str, object] = {"true": True, "false": False, "null": None}
#: a literal this deeply nested is left to the engine (it has its own stack limit)
_MAX_DEPTH = 32


class _Refused(Exception):
    pass


#: the most common literal, read in one match: ``[50, 50]``
_INT_ARRAY_RE = re.compile(
    r"[ \t\n\r]*\[[ \t\n\r]*(?:(?:0|[1-9][0-9]{0,14})[ \t\n\r]*,"
    r"[ \t\n\r]*)*(?:0|[1-9][0-9]{0,14})[ \t\n\r]*\][ \t\n\r]*"
)


def literal_value(text: str) -> object:
    """The value of ``text`` when it is a plain literal (see the module doc), else
    :data:`NOT_LITERAL`."""
    if _INT_ARRAY_RE.fullmatch(text):
        return [int(n) for n in text.strip(_SPACE)[1:-1].split(",")]
    first = text.lstrip(_SPACE)[:1]
    if not first or first not in "[{'\"-0123456789tfn":
        return NOT_LITERAL  # a name, a call, an operator …: the common refusal, cheaply
    try:
        value, end = _value(text, _skip(text, 0), 0)
    except _Refused:
        return NOT_LITERAL
    if _skip(text, end) != len(text):
        return NOT_LITERAL
    return value


def _skip(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    return i


def _value(text: str, i: int, depth: int) -> tuple[object, int]:
    if i >= len(text) or depth > _MAX_DEPTH:
        raise _Refused
    c = text[i]
    if c == "[":
        return _array(text, i + 1, depth + 1)
    if c == "{":
        return _object(text, i + 1, depth + 1)
    if c in "'\"":
        m = _STRING_RE.match(text, i)
        if m is None:
            raise _Refused
        return m.group()[1:-1], m.end()
    m = _NUMBER_RE.match(text, i)
    if m is not None:
        token = m.group()
        end = m.end()
        if end < len(text) and (text[end].isalnum() or text[end] in "._$"):
            raise _Refused  # 1e3, 0x10, 1n, 1.5.2 …
        if sum(ch.isdigit() for ch in token.lstrip("-0.")) > 15:
            raise _Refused
        number = float(token)
        return (int(number) if number.is_integer() else number), end
    m = _KEY_RE.match(text, i)
    if m is not None and m.group() in _WORDS:
        return _WORDS[m.group()], m.end()
    raise _Refused


def _array(text: str, i: int, depth: int) -> tuple[list[object], int]:
    items: list[object] = []
    i = _skip(text, i)
    if i < len(text) and text[i] == "]":
        return items, i + 1
    while True:
        item, i = _value(text, i, depth)
        items.append(item)
        i = _skip(text, i)
        if i >= len(text):
            raise _Refused
        if text[i] == "]":
            return items, i + 1
        if text[i] != ",":
            raise _Refused
        i = _skip(text, i + 1)


def _object(text: str, i: int, depth: int) -> tuple[dict[str, object], int]:
    obj: dict[str, object] = {}
    i = _skip(text, i)
    if i < len(text) and text[i] == "}":
        return obj, i + 1
    while True:
        if i < len(text) and text[i] in "'\"":
            m = _STRING_RE.match(text, i)
            key = m.group()[1:-1] if m is not None else ""
        else:
            m = _KEY_RE.match(text, i)
            key = m.group() if m is not None else ""
        if m is None or key == "__proto__" or key.isdigit():
            raise _Refused
        i = _skip(text, m.end())
        if i >= len(text) or text[i] != ":":
            raise _Refused
        obj[key], i = _value(text, _skip(text, i + 1), depth)
        i = _skip(text, i)
        if i >= len(text):
            raise _Refused
        if text[i] == "}":
            return obj, i + 1
        if text[i] != ",":
            raise _Refused
        i = _skip(text, i + 1)
