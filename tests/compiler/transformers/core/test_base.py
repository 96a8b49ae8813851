"""What every transformer shares: the work state's held input."""

from __future__ import annotations

import re

import pytest

from compiler.transformers import run_transformers, settings_from
from compiler.transformers.core.base import Held, Work
from compiler.transformers.core.liquid_guard import unguarded


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain <p>ascii</p>",
        "caf\u00e9 \u2014 \u201cq\u201d",
        "\U0001f600 var( x",
        "lone \ud800 surrogate var(",
    ],
)
def test_a_held_text_reads_back_as_given_and_is_searched_without_decoding(text: str) -> None:
    held = Held(text)
    pattern = re.compile(r"\((?<=[vV][aA][rR]\()")
    assert held.search(pattern) == (pattern.search(text) is not None)
    assert held._text is (text if text.isascii() else None)  # (not decoded by a search)
    assert held.text() == text
    work = Work(unguarded(text), "", Held(text))
    assert work.source_has(pattern) == (pattern.search(text) is not None)
    assert work.source == text


def test_the_run_locates_issues_in_its_input_held_meanwhile() -> None:
    """The run holds its input as UTF-8 while the steps run; an issue a step locates
    in it (a stylesheet css-cleanup cannot read, after non-ASCII text) has the line and
    column of the input, and the outcome keeps the input to relocate it."""
    html = (
        '<html><head><style>p{color:red}</style>\n<style>.a{color:\n"x}</style></head>'
        "<body><p>caf\u00e9 \u2014 {{ name }}</p></body></html>"
    )
    settings = settings_from({"css-cleanup": {"enabled": True}})
    out = run_transformers(html, settings, file="e.html")
    bad = [i for i in out.issues if i.rule == "css-cleanup/bad-css"]
    assert [(i.line, i.column) for i in bad] == [(3, 1)]  # (the unclosed string)
    assert out.located_in == html
