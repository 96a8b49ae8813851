from __future__ import annotations

import pytest

from studio.models.text import Edit, diff_edit, from_utf16, is_bmp, offset_of, to_utf16


@pytest.mark.parametrize(
    ("old", "new", "edit"),
    [
        ("abc", "abc", None),
        ("abc", "abXc", Edit(2, "", "X")),
        ("aaaa", "aaa", Edit(3, "a", "")),
        ("{{ x }}", "{{ y }}", Edit(3, "x", "y")),
        ("", "new", Edit(0, "", "new")),
    ],
)
def test_diff_edit(old: str, new: str, edit: Edit | None) -> None:
    got = diff_edit(old, new)
    assert got == edit
    if got:
        assert got.apply(old) == new


def test_utf16_offsets_with_emoji() -> None:
    text = "a😀b"
    assert to_utf16(text, 2) == 3 and from_utf16(text, 3) == 2
    assert to_utf16("abc", 2) == 2


def test_is_bmp_answers_each_text_not_the_last_one_asked() -> None:
    # the answer for the last text is kept: texts asked in turn must each get their own
    bmp, astral = "caf\u00e9 \u201cquoted\u201d", "caf\u00e9 \U0001f600"
    for _ in range(2):
        assert is_bmp(bmp) and not is_bmp(astral) and is_bmp("plain")
    grown = bmp + "\U0001f600"  # a new text equal in prefix: scanned again
    assert is_bmp(bmp) and not is_bmp(grown)
    assert to_utf16(grown, len(grown)) == len(grown) + 1


def test_offset_of_line_col() -> None:
    text = "ab\ncde\nf"
    assert offset_of(text, 2, 2) == 4
    assert offset_of(text, 9, 1) == len(text)
    assert offset_of(text, 1, 99) == 2


def test_diff_edit_hint_places_ambiguous_insert() -> None:
    assert diff_edit("Hi {{", "Hi  {{") == Edit(3, "", " ")
    assert diff_edit("Hi {{", "Hi  {{", hint=2) == Edit(2, "", " ")
    assert diff_edit("abc", "abXc", hint=9) == Edit(2, "", "X")


def _offset_by_scanning(text: str, line: int, column: int) -> int:
    # (the former offset_of: a scan from the start for each position)
    if line <= 0:
        return 0
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    return min(pos + max(column, 1) - 1, end)


def test_a_line_index_answers_as_a_scan_from_the_start() -> None:
    import random

    from studio.models.text import LineIndex

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("ab\n") for _ in range(rng.randint(0, 30)))
        index = LineIndex(text)
        for line in range(-1, text.count("\n") + 4):
            for column in range(-1, 8):
                want = _offset_by_scanning(text, line, column)
                assert index.offset(line, column) == want, (text, line, column)
                assert offset_of(text, line, column) == want


def test_utf16_offsets_of_many_positions_are_each_one_s() -> None:
    from studio.models.text import utf16_offsets

    for text in ("plain", "a\U0001f600b\U0001f600c", "é\U0001f600", ""):
        positions = list(range(len(text) + 1))
        assert utf16_offsets(text, positions) == [to_utf16(text, p) for p in positions]


@pytest.mark.parametrize(
    ("text", "at", "end"),
    [
        ("<p>bad</p>", 0, 2),  # a tag's "<" and name
        ("x </td> y", 2, 6),
        ("  {{ name | upcase }} x", 2, 21),  # a Liquid output on its line
        ("{% if a %}b", 0, 10),
        ("hello world", 0, 5),  # a word
        ("a ;; b", 2, 4),  # other characters
        ("a   \nb", 1, 4),  # white space: to the end of the line
        ("{{ open\n}}", 0, 2),  # an output not closed on its line: the braces
    ],
)
def test_an_underline_covers_the_tag_liquid_or_word_it_points_at(
    text: str, at: int, end: int
) -> None:
    from studio.models.text import underline_end

    assert underline_end(text, at) == end
