"""The one bracket scanner (``styles/brackets.py``), as tables of cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from styles.brackets import (
    CSS,
    PLAIN,
    SCRIPT,
    Syntax,
    Unclosed,
    balanced,
    closing,
    find_closing,
    find_first,
    skip,
    split_top,
)


@dataclass(frozen=True)
class Case:
    description: str
    text: str
    expect: int | Unclosed  # index after the closer of text[0], or what is left open
    syntax: Syntax = CSS


CASES = [
    Case("plain", "(a)b", 3),
    Case("nested", "(a(b)c)d", 7),
    Case("other kinds do not count", "{a: f(x)} y", 9),
    Case("quoted closer", "(a ')' b)", 9),
    Case("escaped quote", '(a "\\")" b)', 11),
    Case("escaped line break in a CSS string", '{a: "x\\\ny}" }', 13),
    Case("comment", "{a /* } */ b}", 13),
    Case("a slash that opens no comment", "(a / b)", 7),
    Case("unclosed", "(a (b)", Unclosed("bracket", 0)),
    Case("unterminated string", "(a 'b)", Unclosed("string", 3)),
    Case("unterminated comment", "{a /* b}", Unclosed("comment", 3)),
    Case("a line break leaves a CSS string unterminated", "{a: 'b\n}'}", Unclosed("string", 4)),
    Case("CSS has no line comments", "{a // }\n b}", 7),
    Case("plain: quotes and comments count as text", "(a ')' b)", 5, PLAIN),
    Case("plain: comment", "{a /* } */ b}", 7, PLAIN),
    # script blocks and ${} templates (components/js/script.py, components/custom/css.py)
    Case("line comment in script", "{a // }\n b}", 11, SCRIPT),
    Case("line comment to the end of the script", "{a // }", Unclosed("bracket", 0), SCRIPT),
    Case("backtick string", "{a `}` b}", 9, SCRIPT),
    Case("template literal with code", "{a `x${ {b: 1} }` }", 19, SCRIPT),
    Case("brace in a string in template code", "{`${ '}' }`}", 12, SCRIPT),
    Case("unclosed template code", "{`${ a`}", Unclosed("string", 6), SCRIPT),
    Case("a line break ends a script string", "{a = 'b\n}", 9, SCRIPT),
    Case("a line break continues a template literal", "{`a\n}`}", 7, SCRIPT),
    Case("regex-like slash in script", "{a = b / c}", 11, SCRIPT),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_find_closing(case: Case) -> None:
    assert find_closing(case.text, 0, case.syntax) == case.expect
    expect = case.expect if isinstance(case.expect, int) else -1
    assert closing(case.text, 0, case.syntax) == expect


@pytest.mark.parametrize(
    ("text", "sep", "expect"),
    [
        ("a; b", ";", ["a", " b"]),
        ('a: "x;y"; b: url(a;b); c', ";", ['a: "x;y"', " b: url(a;b)", " c"]),
        (".a, :is(.b, .c), [title='x,y'] .d", ",", [".a", " :is(.b, .c)", " [title='x,y'] .d"]),
        ("a /* b; c */; d", ";", ["a /* b; c */", " d"]),
        ("a); b", ";", ["a)", " b"]),  # a stray closer does not hide what follows
        ("a; 'b; c", ";", ["a", " 'b; c"]),  # unterminated: the rest is one piece
        ("", ",", [""]),
    ],
)
def test_split_top(text: str, sep: str, expect: list[str]) -> None:
    assert split_top(text, sep) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("a { b }", 2),
        ("@import 'a;b';", 13),
        ("a /* { */ {", 10),
        ("a / b;", 5),
        ("abc", 3),
        ("a 'b", Unclosed("string", 2)),
        ("a /* b", Unclosed("comment", 2)),
    ],
)
def test_find_first(text: str, expect: int | Unclosed) -> None:
    assert find_first(text, 0, "{;}") == expect


@pytest.mark.parametrize(
    ("text", "syntax", "expect"),
    [
        ("'a' b", CSS, 3),
        ("/* a */ b", CSS, 7),
        ("// a\nb", SCRIPT, 4),
        ("// a", SCRIPT, 4),
        ("// a", CSS, 0),
        ("a", CSS, 0),
        ("'a", CSS, Unclosed("string", 0)),
    ],
)
def test_skip(text: str, syntax: Syntax, expect: int | Unclosed) -> None:
    assert skip(text, 0, syntax) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("url(a(b))", True),
        ("url(a", False),
        ("a)(", False),
        ("f(')')", True),
        ("", True),
    ],
)
def test_balanced(text: str, expect: bool) -> None:
    assert balanced(text) is expect


def test_balanced_plain_counts_quoted_brackets() -> None:
    assert balanced("f(')')", "(", PLAIN) is False


def test_image_values_still_check_their_brackets() -> None:
    from styles.values import check_image

    assert check_image("url(a.png)") is None
    assert check_image("url(a.png") is not None
