"""Text helpers shared by the models: edits, diffs and UTF-16 offsets (no Qt)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """``removed`` at ``offset`` replaced by ``inserted`` (offsets in code points)."""

    offset: int
    removed: str
    inserted: str

    @property
    def end_after(self) -> int:
        return self.offset + len(self.inserted)

    def inverse(self) -> Edit:
        return Edit(self.offset, self.inserted, self.removed)

    def apply(self, text: str) -> str:
        return text[: self.offset] + self.inserted + text[self.offset + len(self.removed) :]


def shift_offset(offset: int, edit: Edit) -> int | None:
    """Where ``offset`` is after ``edit`` (None: the text there was replaced)."""
    if offset < edit.offset:
        return offset
    removed_end = edit.offset + len(edit.removed)
    if offset >= removed_end and not (offset == edit.offset and edit.removed):
        return offset + len(edit.inserted) - len(edit.removed)
    return None


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by binary search on slices (fast for long texts)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most ``limit``."""
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def diff_edit(old: str, new: str, hint: int | None = None) -> Edit | None:
    """The single edit turning ``old`` into ``new`` (None when equal).

    ``hint`` is where the change is known to start (the view's cursor): when
    the change is ambiguous (typing a space next to a space) the edit is
    placed there rather than as far right as possible.
    """
    if old == new:
        return None
    p = common_prefix(old, new)
    if hint is not None and 0 <= hint < p:
        p = hint
    s = common_suffix(old, new, min(len(old), len(new)) - p)
    return Edit(p, old[p : len(old) - s], new[p : len(new) - s])


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: the last text :func:`is_bmp` scanned and its answer: the editor asks for the same
#: text many times per keystroke (each problem's underline, the caret), and a scan of
#: a large email is ~0.1 ms (the reference keeps the text alive, so ``is`` is sound)
_last_bmp: list[tuple[str, bool]] = [("", True)]


def is_bmp(text: str) -> bool:
    """True when every character is one UTF-16 code unit (offsets agree with Qt's)."""
    if text.isascii():
        return True
    last, answer = _last_bmp[0]
    if text is not last:
        answer = _ASTRAL.search(text) is None
        _last_bmp[0] = (text, answer)
    return answer


def to_utf16(text: str, offset: int) -> int:
    """A code-point offset in ``text`` as a UTF-16 offset (Qt's positions)."""
    if is_bmp(text):
        return offset
    return len(text[:offset].encode("utf-16-le")) // 2


def from_utf16(text: str, offset16: int) -> int:
    """A UTF-16 offset (Qt's positions) as a code-point offset in ``text``."""
    if is_bmp(text):
        return min(offset16, len(text))
    units = 0
    for i, ch in enumerate(text):
        if units >= offset16:
            return i
        units += 2 if ch >= "\U00010000" else 1
    return len(text)


class LineIndex:
    """Line:column → offset in one text, each answered without reading the text again
    (its line starts are found once): for the many problems of one compile, which a scan
    per problem made quadratic (20,000 stray tags: minutes)."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``line``:``column`` (clamped to the line, and to the text)."""
        if line <= 0:
            return 0
        starts = self._starts
        if line > len(starts):
            return len(self.text)
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return min(starts[line - 1] + max(column, 1) - 1, end)


_NEWLINE = re.compile("\n")


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of 1-based ``line``:``column`` in ``text`` (clamped): :class:`LineIndex`
    for one position."""
    return LineIndex(text).offset(line, column)


def utf16_offsets(text: str, offsets: Iterable[int]) -> list[int]:
    """:func:`to_utf16` of many offsets, the text's characters beyond the BMP found once."""
    if is_bmp(text):
        return list(offsets)
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    return [o + bisect_left(astral, o) for o in offsets]


#: What a problem's underline covers from where it points: a tag's ``<`` and name, a Liquid
#: tag or output on its line, a word, or a run of other non-space characters
_UNDERLINED = re.compile(r"</?[A-Za-z][\w:.-]*|\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\w+|[^\w\s]+")


def underline_end(text: str, offset: int) -> int:
    """Where the underline of a problem at ``offset`` ends (:data:`_UNDERLINED`; at white
    space, the end of the line)."""
    found = _UNDERLINED.match(text, offset)
    if found is not None:
        return found.end()
    end = text.find("\n", offset)
    return len(text) if end < 0 else end
