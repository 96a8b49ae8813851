"""Line operations of the code editor as pure functions (no Qt).

Each takes the text and the selection (``anchor``/``caret`` offsets in code
points; equal when nothing is selected) and returns a :class:`LineChange`: the
one replacement to make and the selection to show after it, or ``None`` when
there is nothing to do (moving the first line up). The Qt editor turns the
change into one undoable document edit and moves its cursor.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineChange:
    """Replace ``text[start:end]`` by ``inserted``; then select ``selection``."""

    start: int
    end: int
    inserted: str
    selection: tuple[int, int]  # (anchor, caret) after the change

    def apply(self, text: str) -> str:
        return text[: self.start] + self.inserted + text[self.end :]


def line_span(text: str, anchor: int, caret: int) -> tuple[int, int]:
    """(start, end) of the whole lines the selection touches; ``end`` excludes the newline.

    A selection that ends just after a newline does not take the next line.
    """
    a, b = sorted((anchor, caret))
    if b > a and text[b - 1 : b] == "\n":
        b -= 1
    start = text.rfind("\n", 0, a) + 1
    end = text.find("\n", b)
    return start, len(text) if end == -1 else end


def select_lines(text: str, anchor: int, caret: int) -> tuple[int, int]:
    """The selection of the touched lines with their final newline."""
    start, end = line_span(text, anchor, caret)
    return start, min(end + 1, len(text))


def _shifted(anchor: int, caret: int, by: int) -> tuple[int, int]:
    return anchor + by, caret + by


def move_lines(text: str, anchor: int, caret: int, direction: int) -> LineChange | None:
    """Move the touched lines one line up (``direction < 0``) or down; the selection moves along."""
    start, end = line_span(text, anchor, caret)
    block = text[start:end]
    if direction < 0:
        if start == 0:
            return None
        prev_start = text.rfind("\n", 0, start - 1) + 1
        prev = text[prev_start : start - 1]
        return LineChange(
            prev_start, end, block + "\n" + prev, _shifted(anchor, caret, prev_start - start)
        )
    if end >= len(text):
        return None
    next_end = text.find("\n", end + 1)
    next_end = len(text) if next_end == -1 else next_end
    following = text[end + 1 : next_end]
    return LineChange(
        start, next_end, following + "\n" + block, _shifted(anchor, caret, len(following) + 1)
    )


def copy_lines(text: str, anchor: int, caret: int, direction: int) -> LineChange:
    """Duplicate the touched lines; the selection goes to the lower copy when ``direction > 0``."""
    start, end = line_span(text, anchor, caret)
    block = text[start:end]
    by = end + 1 - start if direction > 0 else 0
    return LineChange(end, end, "\n" + block, _shifted(anchor, caret, by))


def delete_lines(text: str, anchor: int, caret: int) -> LineChange:
    """Delete the touched lines with their newline (the one before, on the last line)."""
    start, end = line_span(text, anchor, caret)
    if end < len(text):
        a, b = start, end + 1
    else:
        a, b = max(0, start - 1), end
    pos = min(start, len(text) - (b - a))
    return LineChange(a, b, "", (pos, pos))


def indent_lines(text: str, anchor: int, caret: int, indent: str, direction: int) -> LineChange:
    """Indent the touched non-blank lines by ``indent`` (``direction > 0``) or dedent them.

    Dedenting removes one ``indent`` where a line starts with it, else all of
    its leading blanks.
    """
    start, end = line_span(text, anchor, caret)
    lines = text[start:end].split("\n")
    if direction > 0:
        new = [indent + ln if ln.strip() else ln for ln in lines]
    else:
        new = [ln[len(indent) :] if ln.startswith(indent) else ln.lstrip(" \t") for ln in lines]
    joined = "\n".join(new)
    return LineChange(start, end, joined, (start, start + len(joined)))


def toggle_comment(text: str, anchor: int, caret: int) -> LineChange:
    """Wrap the touched lines in one HTML comment, or unwrap them when they are one."""
    start, end = line_span(text, anchor, caret)
    block = text[start:end]
    stripped = block.strip()
    lead = block[: len(block) - len(block.lstrip())]
    if stripped.startswith("<!--") and stripped.endswith("-->"):
        new = lead + stripped[4:-3].strip()
    else:
        new = f"{lead}<!-- {stripped} -->"
    return LineChange(start, end, new, (start, start + len(new)))


def wrap_selection(text: str, anchor: int, caret: int, tag: str) -> LineChange:
    """Wrap the selection in ``<tag>…</tag>`` and keep the wrapped text selected."""
    a, b = sorted((anchor, caret))
    inner = text[a:b]
    first = a + len(tag) + 2
    return LineChange(a, b, f"<{tag}>{inner}</{tag}>", (first, first + len(inner)))
