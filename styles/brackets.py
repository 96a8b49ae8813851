"""One bracket scanner for the code base's small languages (CSS values, stylesheets,
script blocks): find the bracket that closes an opening one, skipping what is quoted
and what is commented out.

The lowest layer that needs it, so ``components/`` and ``compiler/`` use it too.
"""

from __future__ import annotations

PAIRS = {"(": ")", "[": "]", "{": "}"}


def closing(text: str, start: int, *, quotes: str = "\"'", block_comments: bool = True,
            line_comments: bool = False) -> int:
    """``text[start]`` is ``(``, ``[`` or ``{``: the index just after the bracket that
    closes it, or -1 when it is never closed.

    Only brackets of the same kind count (``{a: f(x)}`` closes at the ``}``). A bracket
    inside
    a string opened by one of ``quotes`` (with backslash escapes), a ``/* … */``
    comment (``block_comments``) or a ``// …`` line comment (``line_comments``)
    does not count; an unterminated string or comment leaves the bracket unclosed.
    """
    open_ch = text[start]
    close_ch = PAIRS[open_ch]
    depth = 0
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c in quotes:
            i = _string_end(text, i)
            if i < 0:
                return -1
            continue
        if c == "/" and block_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                return -1
            i = end + 2
            continue
        if c == "/" and line_comments and text.startswith("//", i):
            end = text.find("\n", i)
            if end < 0:
                return -1
            i = end
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def balanced(text: str, open_ch: str = "(", *, quotes: str = "\"'") -> bool:
    """Every ``open_ch`` in ``text`` closed in order, and no closer without its opener."""
    close_ch = PAIRS[open_ch]
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in quotes:
            i = _string_end(text, i)
            if i < 0:
                return False
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0


def _string_end(text: str, i: int) -> int:
    """``text[i]`` is a quote: the index after its closing quote, or -1."""
    quote = text[i]
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        i += 1
    return -1
