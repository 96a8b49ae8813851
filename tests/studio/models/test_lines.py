"""Line operations of the code editor, without Qt.

Texts are written with the selection in them: ``|`` is a caret with nothing
selected, ``[`` the anchor and ``]`` the caret of a selection (``]`` may come
first when the selection runs backwards).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from studio.models import lines
from studio.models.lines import LineChange


def unmark(marked: str) -> tuple[str, int, int]:
    """Text and (anchor, caret) of a marked text."""
    if "|" in marked:
        at = marked.index("|")
        return marked.replace("|", ""), at, at
    a, c = marked.index("["), marked.index("]")
    text = marked.replace("[", "").replace("]", "")
    return text, (a if a < c else a - 1), (c - 1 if a < c else c)


def mark(text: str, selection: tuple[int, int]) -> str:
    a, b = selection
    if a == b:
        return text[:a] + "|" + text[a:]
    if a > b:
        return text[:b] + "]" + text[b:a] + "[" + text[a:]
    return text[:a] + "[" + text[a:b] + "]" + text[b:]


def run(op: Callable[[str, int, int], LineChange | None], marked: str) -> str | None:
    text, anchor, caret = unmark(marked)
    change = op(text, anchor, caret)
    if change is None:
        return None
    return mark(change.apply(text), change.selection)


@dataclass(frozen=True)
class Case:
    description: str
    op: Callable[[str, int, int], LineChange | None]
    given: str
    expect: str | None


def up(t: str, a: int, c: int) -> LineChange | None:
    return lines.move_lines(t, a, c, -1)


def down(t: str, a: int, c: int) -> LineChange | None:
    return lines.move_lines(t, a, c, +1)


def copy_down(t: str, a: int, c: int) -> LineChange:
    return lines.copy_lines(t, a, c, +1)


def copy_up(t: str, a: int, c: int) -> LineChange:
    return lines.copy_lines(t, a, c, -1)


def indent(t: str, a: int, c: int) -> LineChange:
    return lines.indent_lines(t, a, c, "  ", +1)


def dedent(t: str, a: int, c: int) -> LineChange:
    return lines.indent_lines(t, a, c, "  ", -1)


def wrap_b(t: str, a: int, c: int) -> LineChange:
    return lines.wrap_selection(t, a, c, "b")


CASES = [
    Case("move a middle line up, caret keeps its column", up, "a\nb|c\nd", "b|c\na\nd"),
    Case("move the first line up: nothing", up, "a|b\nc", None),
    Case("move a line down", down, "a|b\nc\nd", "c\na|b\nd"),
    Case("move the last line down: nothing", down, "a\nb|", None),
    Case("move two selected lines down, still selected", down, "[a\nb]\nc", "c\n[a\nb]"),
    Case("a selection ending at a line start leaves that line", down, "[a\n]b\nc", "b\n[a\n]c"),
    Case("move a backwards selection up", up, "a\n]b\nc[", "]b\nc[\na"),
    Case("copy selected lines down selects the copy", copy_down, "[a\nb]", "a\nb\n[a\nb]"),
    Case("move down onto a last line without newline", down, "a|\nb", "b\na|"),
    Case("copy a line down puts the caret on the copy", copy_down, "x|y\nz", "xy\nx|y\nz"),
    Case("copy a line up keeps the caret on the upper one", copy_up, "x|y\nz", "x|y\nxy\nz"),
    Case("copy the last line", copy_down, "a\nb|", "a\nb\nb|"),
    Case("delete a middle line and its newline", lines.delete_lines, "a\nb|b\nc", "a\n|c"),
    Case("delete the last line takes the newline before it", lines.delete_lines, "a\nb|", "a|"),
    Case("delete the only line", lines.delete_lines, "ab|", "|"),
    Case("delete selected lines", lines.delete_lines, "a\n[b\nc]\nd", "a\n|d"),
    Case("indent skips blank lines", indent, "[a\n\nb]", "[  a\n\n  b]"),
    Case("dedent removes one indent", dedent, "|    a", "[  a]"),
    Case("dedent of less than an indent removes the blanks", dedent, "| a\n", "[a]\n"),
    Case(
        "comment a line keeps its indentation",
        lines.toggle_comment,
        "  <p>|x</p>\n",
        "[  <!-- <p>x</p> -->]\n",
    ),
    Case("uncomment it again", lines.toggle_comment, "  <!-- <p>x</p> -->|\n", "[  <p>x</p>]\n"),
    Case(
        "comment two lines as one comment",
        lines.toggle_comment,
        "[<p>a</p>\n<p>b</p>]",
        "[<!-- <p>a</p>\n<p>b</p> -->]",
    ),
    Case("wrap keeps the wrapped text selected", wrap_b, "say [hi] now", "say <b>[hi]</b> now"),
    Case("wrap a backwards selection", wrap_b, "say ]hi[ now", "say <b>[hi]</b> now"),
    Case("wrap nothing puts the caret inside", wrap_b, "a|b", "a<b>|</b>b"),
    Case("non-BMP text: offsets are code points", up, "\U0001f600\nb|", "b|\n\U0001f600"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_line_operation(case: Case) -> None:
    assert run(case.op, case.given) == case.expect


def test_select_lines_takes_the_newline() -> None:
    text, a, c = unmark("a\nb|b\nc")
    assert mark(text, lines.select_lines(text, a, c)) == "a\n[bb\n]c"
    text, a, c = unmark("a\nb|")
    assert mark(text, lines.select_lines(text, a, c)) == "a\n[b]"


def test_line_span_of_a_selection_over_several_lines() -> None:
    assert lines.line_span("ab\ncd\nef", 1, 4) == (0, 5)
    assert lines.line_span("ab\ncd\nef", 4, 1) == (0, 5)


def test_every_change_applies_to_the_same_text_it_was_made_from() -> None:
    text = "<p>\n  one\n  two\n</p>\n"
    for anchor in range(len(text) + 1):
        for op in (up, down, copy_down, lines.delete_lines, indent, dedent, lines.toggle_comment):
            change = op(text, anchor, anchor)
            if change is None:
                continue
            after = change.apply(text)
            assert 0 <= change.selection[0] <= change.selection[1] <= len(after)
            if op in (up, down):  # moving keeps every line, in another order
                assert sorted(after.split("\n")) == sorted(text.split("\n"))
