"""Three-way merge of an open file's unsaved text with the file changed on disk.

``merge3(base, ours, theirs)``: ``base`` is the text both started from (what the
editor last read or saved), ``ours`` the editor's unsaved text, ``theirs`` the file
now on disk. Lines changed on one side only are taken from that side; lines
changed the same way on both sides once; lines changed differently on both sides
become a conflict, written with markers the code view shows::

    <<<<<<< yours (unsaved)
    …
    =======
    …
    >>>>>>> on disk

Line based (the regions come from :class:`difflib.SequenceMatcher` matches of each
side against the base, as diff3 does); every line keeps its exact characters and
line ending, so Liquid and everything else outside a conflict is untouched. Pure
Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

OURS_MARK = "<<<<<<< yours (unsaved)\n"
SEPARATOR = "=======\n"
THEIRS_MARK = ">>>>>>> on disk\n"


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int
    # (start, end) character offsets of each conflict block (markers included) in text
    regions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


Sync = tuple[int, int, int, int, int, int]


def _sync_regions(base: list[str], a: list[str], b: list[str]) -> list[Sync]:
    """Stretches of ``base`` that both sides kept, as (base, a, b) ranges."""
    ma = SequenceMatcher(None, base, a, autojunk=False).get_matching_blocks()
    mb = SequenceMatcher(None, base, b, autojunk=False).get_matching_blocks()
    out: list[Sync] = []
    i = j = 0
    while i < len(ma) and j < len(mb):
        abase, amatch, alen = ma[i]
        bbase, bmatch, blen = mb[j]
        start, end = max(abase, bbase), min(abase + alen, bbase + blen)
        if start < end:
            asub, bsub = amatch + (start - abase), bmatch + (start - bbase)
            out.append((start, end, asub, asub + end - start, bsub, bsub + end - start))
        if abase + alen < bbase + blen:
            i += 1
        else:
            j += 1
    out.append((len(base), len(base), len(a), len(a), len(b), len(b)))
    return out


def _ended(lines: list[str]) -> list[str]:
    """``lines`` with a line ending on the last one (a marker must start a line)."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def merge3(base: str, ours: str, theirs: str) -> Merged:
    """``ours`` and ``theirs`` merged over ``base`` (see the module docstring)."""
    b0, a, b = (t.splitlines(keepends=True) for t in (base, ours, theirs))
    out: list[str] = []
    regions: list[tuple[int, int]] = []
    size = 0
    iz = ia = ib = 0

    def emit(lines: list[str]) -> None:
        nonlocal size
        out.extend(lines)
        size += sum(len(x) for x in lines)

    for zmatch, zend, amatch, aend, bmatch, bend in _sync_regions(b0, a, b):
        old, mine, other = b0[iz:zmatch], a[ia:amatch], b[ib:bmatch]
        if other in (mine, old):
            emit(mine)
        elif mine == old:
            emit(other)
        else:
            start = size
            emit([OURS_MARK, *_ended(mine), SEPARATOR, *_ended(other), THEIRS_MARK])
            regions.append((start, size))
        emit(b0[zmatch:zend])
        iz, ia, ib = zend, aend, bend
    return Merged("".join(out), len(regions), regions)
