"""The one element of a page that an edit changed, for a patch of that element only.

A keystroke changes a few characters of a page the preview shows already. Patching
the whole page (``morph.js`` given the whole new page) makes the engine parse it all
and compare every subtree; on a large email most of a keystroke's time in the page.
:func:`changed_region` compares the page shown with the new one as text and finds
the innermost element with a node mark (``data-mw-node``) that holds every changed
character in both: the patch is then that element's new markup, found in the live
page by its position among the marked elements (``morph.js``, ``mwMorphPart``).

None — patch the whole page — when the change is not inside one marked element of
the body (the head, the body's own tag, several sections), or where the markup is
not one the text scan can follow as the browser does (an end tag that does not close
the element open, a self-closed non-void element): the whole-page patch is always
right, this one only a shortcut. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.markup.elements import SERIALIZES_AS_VOID, TEXT_ONLY_SCRIPTING

MARK_ATTR = "data-mw-node"

_TOKEN = re.compile(
    r"""
    <!--.*?(?:-->|\Z)                                   # a comment
  | <[!?][^>]*>?                                        # a doctype, <?…>: a bogus comment
  | </([A-Za-z][^\s/>]*)[^>]*>                          # an end tag (1: its name)
  | <([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>   # a start tag (2: name, 3: rest)
""",
    re.S | re.X,
)
_MARK = re.compile(r"\sdata-mw-node\s*=\s*[\"']?(\d+)")


@dataclass(frozen=True, slots=True)
class Region:
    """The element to patch: the ``index``-th marked element of the page (document
    order, every element with a node mark counted), named ``name`` with the mark
    ``mark``, whose markup becomes ``html``."""

    index: int
    name: str
    mark: str
    html: str


class PatchedPage:
    """What a live surface's page is made of, for the next patch: the HTML its last
    patch sent (``html``; "" after a load or a failed one-element patch) and how many
    patches are still on their way (``pending``)."""

    def __init__(self) -> None:
        self.html = ""
        self.pending = 0

    def patch(self, html: str) -> Region | None:
        """A patch to ``html`` is sent: the one element it changes (None: the whole
        page). Found against the page the last patch made, and not while another patch
        is on its way (it may yet fail)."""
        region = changed_region(self.html, html) if self.html and not self.pending else None
        self.html = html
        self.pending += 1
        return region

    def answered(self) -> None:
        self.pending -= 1

    def reset(self) -> None:
        """A load (or a failed one-element patch): the next patch is of the whole page."""
        self.html = ""


@dataclass(slots=True)
class _Open:
    name: str
    start: int  # where its start tag begins
    index: int  # its position among the marked elements, -1 when it has no mark
    mark: str


class _Unfollowable(Exception):
    """Markup the scan cannot follow as the browser does."""


class _Scan:
    """Walks one page's tokens, keeping the elements open (from the start, or from a
    place and the elements open there)."""

    def __init__(self, text: str, pos: int = 0, stack: list[_Open] | None = None) -> None:
        self.text = text
        self.pos = pos
        self.stack: list[_Open] = [] if stack is None else stack
        self.marked = 0

    def next(self) -> re.Match[str] | None:
        """The next token (not read yet)."""
        return _TOKEN.search(self.text, self.pos)

    def take(self, m: re.Match[str]) -> None:
        """Read the token ``m``: open or close its element; past a raw-text element's
        text."""
        self.pos = m.end()
        end, start_name = m.group(1), m.group(2)
        if start_name is not None:
            name = start_name.lower()
            rest = m.group(3) or ""
            found = _MARK.search(rest) if MARK_ATTR in rest else None
            index = -1
            if found is not None:
                index, self.marked = self.marked, self.marked + 1
            if name in SERIALIZES_AS_VOID:
                return
            if rest.rstrip().endswith("/"):
                raise _Unfollowable(name)  # the browser ignores the slash
            self.stack.append(_Open(name, m.start(), index, found.group(1) if found else ""))
            if name in TEXT_ONLY_SCRIPTING:  # its text runs to its end tag
                close = re.compile(rf"</{re.escape(name)}[\s/>]", re.I).search(self.text, self.pos)
                if close is None:
                    raise _Unfollowable(name)
                self.pos = close.start()
        elif end is not None:
            name = end.lower()
            if name in SERIALIZES_AS_VOID:
                return  # </br> and the like: no element to close
            if not self.stack or self.stack[-1].name != name:
                raise _Unfollowable(name)  # the browser closes others, or ignores it
            self.stack.pop()

    def read_before(self, offset: int) -> int:
        """Read every token that starts before ``offset`` (the last may end after it);
        the fewest elements open meanwhile."""
        fewest = len(self.stack)
        while (m := self.next()) is not None and m.start() < offset:
            self.take(m)
            fewest = min(fewest, len(self.stack))
        return fewest

    def start_of_token_at(self, offset: int) -> int:
        """Read the tokens that end by ``offset``; ``offset``, or the start of the token
        holding it (not read)."""
        while (m := self.next()) is not None and m.start() < offset:
            if m.end() > offset:
                return m.start()
            self.take(m)
        return offset

    def close(self, depth: int) -> int:
        """Read on until at most ``depth`` elements are open; where that is."""
        while len(self.stack) > depth:
            m = self.next()
            if m is None:
                raise _Unfollowable("end of the page")
            self.take(m)
        return self.pos


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, size = 0, 4096
    while lo < n and a[lo : lo + size] == b[lo : lo + size]:
        lo += size
    hi = min(lo + size, n)
    while lo < hi:  # the first difference is in a[lo:hi]
        mid = (lo + hi) // 2
        if a[lo : mid + 1] == b[lo : mid + 1]:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    n, size, lo = limit, 4096, 0
    la, lb = len(a), len(b)
    while lo < n and a[la - min(lo + size, n) : la - lo] == b[lb - min(lo + size, n) : lb - lo]:
        lo = min(lo + size, n)
    hi = min(lo + size, n)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def changed_region(old: str, new: str) -> Region | None:
    """The marked element holding every difference between ``old`` (the page shown)
    and ``new`` — its new markup and where it is in ``old`` — or None (patch the whole
    page; also when they are equal)."""
    if old == new:
        return None
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    try:
        scan = _Scan(new)
        # the change begins at the start of the token it begins in (a tag, a comment)
        start = scan.start_of_token_at(prefix)
        around = list(scan.stack)
        deepest = len(around)
        for text, stop in ((new, len(new) - suffix), (old, len(old) - suffix)):
            deepest = min(deepest, _Scan(text, start, list(around)).read_before(stop))
        inside_body = any(e.name == "body" for e in around[:deepest])
        target = next((e for e in reversed(around[:deepest]) if e.index >= 0), None)
        if target is None or not inside_body or target.name in ("html", "head", "body"):
            return None
        end = _Scan(new, start, list(around)).close(around.index(target))
        return Region(target.index, target.name, target.mark, new[target.start : end])
    except _Unfollowable:
        return None
