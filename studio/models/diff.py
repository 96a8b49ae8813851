"""Two versions side by side, and where two renderings differ (Version History's views).

:func:`side_by_side` aligns two texts line by line (``difflib``): equal lines face
each other, a changed block faces its replacement, an added line faces a blank, a
removed one faces a blank on the other side. :func:`changed_bands` does the same
for two pictures, with a row of pixels as the line: rows that match in order
(also after something was inserted above them) are unchanged, the rest are the
changed regions to highlight. Plain Python; the panel paints them.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One row of the side-by-side view: a line of each side (0 / "" where a side has
    none) and what happened to it."""

    kind: Kind
    old_line: int
    old_text: str
    new_line: int
    new_text: str


def side_by_side(old: str, new: str) -> list[DiffRow]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(
                DiffRow("same", i + 1, a[i], j + 1, b[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            has_old, has_new = i < i2, j < j2
            kind: Kind = "changed" if has_old and has_new else "removed" if has_old else "added"
            rows.append(
                DiffRow(
                    kind,
                    i + 1 if has_old else 0,
                    a[i] if has_old else "",
                    j + 1 if has_new else 0,
                    b[j] if has_new else "",
                )
            )
    return rows


Band = tuple[int, int]  # first row, row after the last


def changed_bands(
    old_rows: Sequence[Hashable], new_rows: Sequence[Hashable], merge_gap: int = 4
) -> tuple[list[Band], list[Band]]:
    """The changed regions of two pictures given one hashable value per pixel row
    (top to bottom): for each picture, the row ranges with no counterpart in the
    other. Ranges closer than ``merge_gap`` rows are joined (anti-aliasing)."""
    matcher = difflib.SequenceMatcher(None, list(old_rows), list(new_rows), autojunk=False)
    old: list[Band] = []
    new: list[Band] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            old.append((i1, i2))
        if j2 > j1:
            new.append((j1, j2))
    return _merged(old, merge_gap), _merged(new, merge_gap)


def _merged(bands: list[Band], gap: int) -> list[Band]:
    out: list[Band] = []
    for start, end in sorted(bands):
        if out and start - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
