"""The one bracket scanner (``styles/brackets.py``), as a table of cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from styles.brackets import balanced, closing


@dataclass(frozen=True)
class Case:
    description: str
    text: str
    expect: int  # index after the closer of text[0], -1 when unclosed
    line_comments: bool = False


CASES = [
    Case("plain", "(a)b", 3),
    Case("nested", "(a(b)c)d", 7),
    Case("other kinds do not count", "{a: f(x)} y", 9),
    Case("quoted closer", "(a ')' b)", 9),
    Case("escaped quote", '(a "\\")" b)', 11),
    Case("comment", "{a /* } */ b}", 13),
    Case("line comment in script", "{a // }\n b}", 11, line_comments=True),
    Case("line comment off", "{a // }\n b}", 7),
    Case("unclosed", "(a (b)", -1),
    Case("unterminated string", "(a 'b)", -1),
    Case("unterminated comment", "{a /* b}", -1),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_closing(case: Case) -> None:
    assert closing(case.text, 0, line_comments=case.line_comments) == case.expect


@pytest.mark.parametrize(("text", "expect"), [
    ("url(a(b))", True), ("url(a", False), ("a)(", False), ("f(')')", True),
    ("", True),
])
def test_balanced(text: str, expect: bool) -> None:
    assert balanced(text) is expect


def test_image_values_still_check_their_brackets() -> None:
    from styles.values import check_image

    assert check_image("url(a.png)") is None
    assert check_image("url(a.png") is not None
