"""The CSS rule splitter: exact text, nested blocks, located problems."""

from __future__ import annotations

import re

import pytest

from compiler.transformers.core import stylesheet
from compiler.transformers.core.stylesheet import parse_sheet
from styles.brackets import split_top
from tests.conftest import corpus_files, requires_corpus


def test_rules_keep_their_exact_text_and_media_blocks_are_parsed() -> None:
    css = (
        '/* c */ .a, .b { color: "}" } @media (max-width: 600px) { .c { x: y } }\n'
        "@import url(x.css);"
    )
    sheet = parse_sheet(css)
    assert sheet.ok
    assert "".join(r.text for r in sheet.rules) == css
    kinds = [r.kind for r in sheet.rules if r.kind != "space"]
    assert kinds == ["comment", "style", "at", "at"]
    media = next(r for r in sheet.rules if r.at_name == "media")
    assert media.head == "@media (max-width: 600px) {"
    assert media.inner is not None
    assert [r.prelude for r in media.inner.rules if r.kind == "style"] == [".c"]


@pytest.mark.parametrize(
    ("css", "message", "offset"),
    [
        (".a { color: red;", "missing '}'", 3),
        (".a { content: 'x }", "unterminated string", 14),
        (".a {} /* x", "unterminated comment", 6),
        ("@media x { .a { color: red }", "missing '}'", 9),
        ("@media x { .a { b: 'c } }", "unterminated string", 19),
        (".a {} }", "unexpected '}'", 6),
        ("@frobnicate x;", "unknown at-rule", 0),
    ],
)
def test_problems_are_found_with_their_offset(css: str, message: str, offset: int) -> None:
    sheet = parse_sheet(css, base=100)
    assert not sheet.ok
    assert message in sheet.problems[0].message
    assert sheet.problems[0].offset == 100 + offset


def test_split_top_respects_strings_and_parentheses() -> None:
    assert split_top("a; b", ";") == ["a", " b"]
    assert split_top('a: "x;y"; b: url(a;b); c', ";") == ['a: "x;y"', " b: url(a;b)", " c"]


TRICKY = [
    "a{b}c{d}",
    " a {b} \n",
    "a { x: '}' } b{}",
    "a/*x*/{b}",
    "a{/*}*/b}",
    "@media x{a{b} c{d;}}",
    ".x{a:b}}",
    "a{b",
    "a{b{c}}",
    "-->a{b}<!--",
    "a;b{c}",
    'a{content:"}"}',
    "x{}y",
    "@font-face{font-family:x}",
    ".a,.b:hover{c:d}e{f:g}",
    "@import url(x);a{b}",
]


@pytest.mark.parametrize("css", TRICKY)
def test_the_one_step_rule_reader_agrees_with_the_character_scanner(
    css: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = parse_sheet(css)
    # the character-by-character path alone (the regex for simple rules never matches)
    monkeypatch.setattr(stylesheet, "_SIMPLE_RULE", re.compile(r"(?!)()()"))
    assert fast == parse_sheet(css)


@requires_corpus
def test_the_one_step_rule_reader_agrees_on_every_corpus_stylesheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheets = [
        css
        for path in corpus_files(".html", ".htm", ".hbs", ".liquid")
        for css in re.findall(
            r"<style[^>]*>(.*?)</style>",
            path.read_text(encoding="utf-8", errors="replace"),
            re.S | re.I,
        )
    ]
    assert sheets
    fast = [parse_sheet(css) for css in sheets]
    monkeypatch.setattr(stylesheet, "_SIMPLE_RULE", re.compile(r"(?!)()()"))
    assert fast == [parse_sheet(css) for css in sheets]
