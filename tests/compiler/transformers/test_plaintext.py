# ruff: noqa: E501  (tables of HTML test data read better unwrapped)
from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.transformers import plaintext


@dataclass(frozen=True)
class Case:
    description: str
    html: str
    expect: str


CASES = [
    Case("heading and paragraphs", "<h1>Welcome</h1><p>First para.</p><p>Second.</p>",
         "Welcome\n\nFirst para.\n\nSecond.\n"),
    Case("lists", "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>",
         "- one\n- two\n\n1. a\n2. b\n"),
    Case("links", '<p><a href="https://x.com">Shop now</a> or <a href="mailto:a@b.c">mail</a></p>',
         "Shop now (https://x.com) or mail (a@b.c)\n"),
    Case("link text is url", '<a href="https://x.com">https://x.com</a>', "https://x.com\n"),
    Case("liquid kept", '<p>Hi {{ name }}, {% if vip %}VIP{% endif %}</p>'
         '<a href="{{ url }}">Go</a>', "Hi {{ name }}, {% if vip %}VIP{% endif %}\n\nGo ({{ url }})\n"),
    Case("hidden and preheader skipped", '<div style="display:none">Preview&#8199;&#847;</div>'
         '<span style="max-height:0;overflow:hidden">sr</span><p>Body</p>', "Body\n"),
    Case("head and style skipped", "<html><head><title>T</title><style>p{}</style></head>"
         "<body><p>B</p></body></html>", "B\n"),
    Case("entities decoded", "<p>&copy; 2024 &amp; more</p>", "© 2024 & more\n"),
    Case("br", "<p>a<br>b</p>", "a\nb\n"),
    Case("image link alt", '<a href="https://x.com"><img alt="Logo" src="l.png"></a>',
         "Logo (https://x.com)\n"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_generate(case: Case) -> None:
    assert plaintext.generate(case.html) == case.expect


def test_heading_marks_and_preheader() -> None:
    html = "<div>Sale now</div><h2>Title</h2>"
    text = plaintext.generate(html, plaintext.Options(heading_marks=True), preheader="Sale now")
    assert text == "## Title\n"


def test_escaped_example_becoming_a_live_token_is_flagged() -> None:
    # In HTML "&#123;&#123; x }}" is text; decoded into the text part it would be
    # live Liquid at send time. The check must say so.
    text, issues = plaintext.generate_with_issues("<p>&#123;&#123; x }} {{ y }}</p>")
    assert text == "{{ x }} {{ y }}\n"
    assert [i.rule for i in issues] == ["plaintext/liquid-changed"]
    assert "{{ x }}" in issues[0].message
    assert plaintext.generate_with_issues("<p>{{ y }}</p>")[1] == []
