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
