"""One bracket scanner for the code base's small languages (CSS stylesheets and values,
component script blocks, ``${}`` templates): find the bracket that closes an opening
one, split on a separator at the top level, find a character, skipping what is quoted
and what is commented out.

A :class:`Syntax` says what hides a bracket in a language: :data:`CSS`, :data:`SCRIPT`
(JavaScript, template literals included) or :data:`PLAIN` (nothing). The lowest layer
that needs it, so ``components/`` and ``compiler/`` use it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

PAIRS = {"(": ")", "[": "]", "{": "}"}
_Matcher = Callable[[str, int], re.Match[str] | None]


@dataclass(frozen=True, slots=True)
class Syntax:
    """What hides a bracket in one language."""

    #: characters that open (and close) a string; a backslash escapes the next character
    quotes: str = "\"'"
    #: ``/* … */`` comments
    block_comments: bool = True
    #: ``// …`` comments, to the end of the line
    line_comments: bool = False
    #: what a line break inside a quoted string does (an escaped one never counts):
    #: ``continue`` — it is part of the string; ``end`` — it ends the string and the scan
    #: goes on (a syntax error the language's engine reports); ``unterminated`` — the
    #: string is unterminated there (CSS: a bad string)
    newline: Literal["continue", "end", "unterminated"] = "continue"
    #: the quote whose strings hold ``${…}`` code (JavaScript's template literals; a
    #: line break continues them)
    template: str = ""
    #: compiled matchers, by the characters a scan stops at (filled on first use)
    _runs: dict[str, _Matcher] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def plain_run(self, chars: str) -> _Matcher:
        """A matcher of a run of characters that are neither ``chars`` nor the start of
        a string or comment: what a scan passes over in one step."""
        run = self._runs.get(chars)
        if run is None:
            run = re.compile("[^" + re.escape(self.specials(chars)) + "]+").match
            self._runs[chars] = run
        return run

    def specials(self, chars: str) -> str:
        """``chars`` and the characters that may start a string or comment."""
        return chars + self.quotes + ("/" if self.block_comments or self.line_comments else "")


#: CSS: quoted strings (a raw line break leaves one unterminated) and ``/* */`` comments
CSS = Syntax(newline="unterminated")
#: JavaScript: strings, template literals with ``${…}``, both kinds of comment
SCRIPT = Syntax(quotes="\"'`", line_comments=True, newline="end", template="`")
#: nothing hides a bracket
PLAIN = Syntax(quotes="", block_comments=False)


@dataclass(frozen=True, slots=True)
class Unclosed:
    """Why a scan found no end: the ``bracket``, ``string`` or ``comment`` opened at ``at``
    is never closed."""

    what: Literal["bracket", "string", "comment"]
    at: int


def find_closing(text: str, start: int, syntax: Syntax = CSS) -> int | Unclosed:
    """``text[start]`` is ``(``, ``[`` or ``{``: the index just after the bracket that
    closes it, or what is left open.

    Only brackets of the same kind count (``{a: f(x)}`` closes at the ``}``). A bracket
    inside a string or a comment of ``syntax`` does not count; an unterminated string or
    comment leaves the bracket unclosed (and is what is reported).
    """
    open_ch = text[start]
    depth = 0
    for i in stops(text, start, open_ch + PAIRS[open_ch], syntax):
        if isinstance(i, Unclosed):
            return i
        if text[i] == open_ch:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return i + 1
    return Unclosed("bracket", start)


def closing(text: str, start: int, syntax: Syntax = CSS) -> int:
    """:func:`find_closing`, with -1 when the bracket is never closed."""
    end = find_closing(text, start, syntax)
    return -1 if isinstance(end, Unclosed) else end


def find_first(text: str, start: int, chars: str, syntax: Syntax = CSS) -> int | Unclosed:
    """The index of the first of ``chars`` at or after ``start`` that is not inside a
    string or a comment (brackets are not counted); ``len(text)`` when there is none;
    the string or comment left open when the text ends inside one."""
    return next(stops(text, start, chars, syntax), len(text))


def split_top(text: str, sep: str, syntax: Syntax = CSS) -> list[str]:
    """``text`` split on ``sep`` where it is outside strings, comments and brackets of
    any kind (a stray closer does not count). An unterminated string or comment keeps
    the rest of the text in the last piece."""
    if sep not in text:
        return [text]
    nothing_special = syntax.plain_run("()[]{}")(text, 0)
    if nothing_special is not None and nothing_special.end() == len(text):
        return text.split(sep)
    out: list[str] = []
    depth = 0
    cur = 0
    for i in stops(text, 0, "()[]{}" + sep, syntax):
        if isinstance(i, Unclosed):
            break
        c = text[i]
        if c == sep:
            if depth == 0:
                out.append(text[cur:i])
                cur = i + 1
        elif c in "([{":
            depth += 1
        else:
            depth = max(0, depth - 1)
    out.append(text[cur:])
    return out


def balanced(text: str, open_ch: str = "(", syntax: Syntax = CSS) -> bool:
    """Every ``open_ch`` in ``text`` closed in order, and no closer without its opener."""
    depth = 0
    for i in stops(text, 0, open_ch + PAIRS[open_ch], syntax):
        if isinstance(i, Unclosed):
            return False
        depth += 1 if text[i] == open_ch else -1
        if depth < 0:
            return False
    return depth == 0


def stops(text: str, start: int, chars: str, syntax: Syntax = CSS) -> Iterator[int | Unclosed]:
    """The index of each of ``chars`` at or after ``start`` that is outside strings and
    comments, in order; last, when the text ends inside a string or comment, that one as
    :class:`Unclosed`. The one scan every function here is made of."""
    plain = syntax.plain_run(chars)
    i = start
    n = len(text)
    while i < n:
        m = plain(text, i)
        if m is not None:
            i = m.end()
            if i >= n:
                return
        if text[i] in chars:
            yield i
            i += 1
            continue
        j = skip(text, i, syntax)
        if isinstance(j, Unclosed):
            yield j
            return
        i = j if j > i else i + 1


def skip(text: str, i: int, syntax: Syntax = CSS) -> int | Unclosed:
    """When a string or comment of ``syntax`` starts at ``text[i]``: the index after it
    (a line comment ends before its line break, or at the end of the text), or it as
    :class:`Unclosed`. Otherwise ``i``."""
    c = text[i]
    if c in syntax.quotes:
        return _string_end(text, i, syntax)
    if c == "/":
        if syntax.block_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            return Unclosed("comment", i) if end < 0 else end + 2
        if syntax.line_comments and text.startswith("//", i):
            end = text.find("\n", i)
            return len(text) if end < 0 else end
    return i


def _string_end(text: str, start: int, syntax: Syntax) -> int | Unclosed:
    """``text[start]`` is a quote: the index after the string it opens."""
    quote = text[start]
    if quote == syntax.template:
        return _template_end(text, start, syntax)
    m = _string_body(quote, syntax.newline).match(text, start)
    assert m is not None  # the pattern matches at least the quote
    end = m.end()
    if end < len(text):
        if text[end] == quote:
            return end + 1
        if text[end] == "\n" and syntax.newline == "end":
            return end
    return Unclosed("string", start)


def _template_end(text: str, start: int, syntax: Syntax) -> int | Unclosed:
    i = start + 1
    n = len(text)
    quote = text[start]
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        if c == "$" and text.startswith("${", i):
            j = find_closing(text, i + 1, syntax)
            if isinstance(j, Unclosed):
                return j
            i = j
            continue
        i += 1
    return Unclosed("string", start)


@lru_cache(maxsize=64)
def _string_body(quote: str, newline: str) -> re.Pattern[str]:
    """The quote and what follows it up to (not including) its closing quote, or up to
    a line break when one ends the string."""
    stop = re.escape(quote) + "\\\\" + ("" if newline == "continue" else "\\n")
    return re.compile(re.escape(quote) + "(?:[^" + stop + "]|\\\\.)*", re.S)
