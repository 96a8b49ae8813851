"""Code folding as data: the foldable regions of an email source (no Qt).

A region runs from the line that opens something to the line that closes it:
an element whose start and end tags are on different lines (``<x-section>`` …
``</x-section>``), a multi-line comment (including a downlevel-hidden MSO
conditional ``<!--[if mso]> … <![endif]-->``), a downlevel-revealed MSO
conditional (``<!--[if !mso]><!-->`` … ``<!--<![endif]-->``), a Liquid block
(``{% if %}`` … ``{% endif %}``, ``for``, ``unless``, ``case``, ``capture``,
``comment``, ``raw``, ``tablerow``) and the front matter (``---`` … ``---``).

Folding a region hides the lines strictly between its first and last line,
so the opening and closing lines stay visible (as in VS Code), which is why a
region must span at least three lines. Lines are 0-based here.

Keyboard (``keyboard-shortcuts.md``): Fold current region Ctrl/Cmd+K
Ctrl/Cmd+[ folds the innermost region around the cursor line that is not
folded yet; Unfold current region Ctrl/Cmd+K Ctrl/Cmd+] unfolds the innermost
folded region around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from components.markup.conditionals import REVEAL
from components.markup.elements import SERIALIZES_AS_VOID

LIQUID_BLOCKS = frozenset(
    "if unless for case capture comment raw tablerow paginate form with".split()
)

# One pass over the source, in order: comments, raw-text elements, tags, Liquid tags.
_TOKEN = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|<(?P<raw>style|script|textarea|pre)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][\w:.-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|\{%-?\s*(?P<liquid>\w+)(?P<lbody>.*?)-?%\}",
    re.DOTALL,
)
_MSO_REVEALED_OPEN = re.compile(r"<!--\[if [^\]]*\]>" + REVEAL)
_MSO_REVEALED_CLOSE = re.compile(r"<!--<!\[endif\]-->")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True, order=True)
class FoldRegion:
    start: int  # the opening line (stays visible)
    end: int  # the closing line (stays visible)
    kind: str = "tag"  # tag | comment | mso | liquid | front-matter

    @property
    def hidden(self) -> range:
        """The lines folding this region hides."""
        return range(self.start + 1, self.end)

    def contains(self, line: int) -> bool:
        return self.start <= line <= self.end


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def fold_regions(text: str) -> list[FoldRegion]:
    """Every foldable region of ``text``, outer regions before inner ones.

    Tolerant of broken markup: an unclosed element never folds, and a stray
    end tag closes the nearest open element of that name (dropping the
    unclosed ones above it), as browsers do.
    """
    starts = _line_starts(text)

    def line_of(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    found: list[FoldRegion] = []

    def add(start: int, end: int, kind: str) -> None:
        if end - start >= 2:
            found.append(FoldRegion(start, end, kind))

    pos = 0
    fm = _FRONT_MATTER.match(text)
    if fm:
        add(0, line_of(fm.end() - 1), "front-matter")
        pos = fm.end()
    tags: list[tuple[str, int]] = []
    liquid: list[tuple[str, int]] = []
    mso: list[int] = []
    while True:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group("comment") is not None:
            comment = m.group("comment")
            if _MSO_REVEALED_OPEN.fullmatch(comment):
                mso.append(line_of(m.start()))
            elif _MSO_REVEALED_CLOSE.fullmatch(comment) and mso:
                add(mso.pop(), line_of(m.start()), "mso")
            else:
                kind = "mso" if comment.startswith("<!--[if") else "comment"
                add(line_of(m.start()), line_of(m.end() - 1), kind)
        elif m.group("raw") is not None:
            name = m.group("raw").lower()
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, pos)
            end = close.end() if close else len(text)
            add(line_of(m.start()), line_of(max(m.start(), end - 1)), "tag")
            pos = end
        elif m.group("tag") is not None:
            name = m.group("tag").lower()
            if m.group("close"):
                for i in range(len(tags) - 1, -1, -1):
                    if tags[i][0] == name:
                        add(tags[i][1], line_of(m.start()), "tag")
                        del tags[i:]
                        break
            elif name not in SERIALIZES_AS_VOID and not m.group("attrs").rstrip().endswith("/"):
                tags.append((name, line_of(m.start())))
        else:
            word = m.group("liquid").lower()
            if word in LIQUID_BLOCKS:
                liquid.append((word, line_of(m.start())))
                if word in ("raw", "comment"):  # their content is not Liquid
                    close = re.compile(rf"\{{%-?\s*end{word}\s*-?%\}}").search(text, pos)
                    if close is not None:
                        liquid.pop()
                        add(line_of(m.start()), line_of(close.start()), "liquid")
                        pos = close.end()
            elif word.startswith("end") and word[3:] in LIQUID_BLOCKS:
                for i in range(len(liquid) - 1, -1, -1):
                    if liquid[i][0] == word[3:]:
                        add(liquid[i][1], line_of(m.start()), "liquid")
                        del liquid[i:]
                        break
    # Outer first; one region per opening line (the outermost) so a line folds one way.
    found.sort(key=lambda r: (r.start, -r.end))
    out: list[FoldRegion] = []
    for r in found:
        if not out or out[-1].start != r.start:
            out.append(r)
    return out


def region_to_fold(
    regions: Iterable[FoldRegion], line: int, folded: Iterable[int] = ()
) -> FoldRegion | None:
    """The innermost region around ``line`` that is not folded yet (None: nothing to fold)."""
    done = set(folded)
    best: FoldRegion | None = None
    for r in regions:
        if r.contains(line) and r.start not in done and (best is None or r.start >= best.start):
            best = r
    return best


def region_to_unfold(
    regions: Iterable[FoldRegion], line: int, folded: Iterable[int]
) -> FoldRegion | None:
    """The innermost folded region around ``line`` (None: nothing folded there)."""
    done = set(folded)
    best: FoldRegion | None = None
    for r in regions:
        if r.start in done and r.contains(line) and (best is None or r.start >= best.start):
            best = r
    return best


def still_folded(regions: Iterable[FoldRegion], folded: Iterable[int]) -> list[FoldRegion]:
    """The regions that stay folded after an edit: those whose opening line still opens one."""
    by_start = {r.start: r for r in regions}
    return sorted({by_start[s] for s in folded if s in by_start})


def hidden_lines(folded: Iterable[FoldRegion]) -> set[int]:
    """Every line hidden by the folded regions."""
    out: set[int] = set()
    for r in folded:
        out.update(r.hidden)
    return out
