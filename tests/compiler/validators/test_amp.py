"""AMP for email markup: the reference product's examples pass, what AMP forbids is named."""

from __future__ import annotations

from compiler.result import CompileResult
from compiler.validators import amp
from compiler.validators.base import CheckContext

# The API example of amp-for-email.md, as written there.
REFERENCE = (
    '<!doctype html> <html amp4email data-css-strict> <head> <meta charset="utf-8"> '
    '<script async src="https://cdn.ampproject.org/v0.js"></script> <script async '
    'custom-element="amp-carousel" src="https://cdn.ampproject.org/v0/amp-carousel-0.1.js">'
    "</script> <style amp4email-boilerplate> body { visibility:hidden } </style> "
    "<style amp-custom> h1 { margin: 1rem } </style> </head> <body> <h1> New Year, New AMP "
    '{{ customer.email }} </h1> <amp-carousel id="carousel-with-preview" width="800" '
    'height="400" layout="responsive" type="slides"> <amp-img layout="fill" '
    'src="https://amp.dev/static/img/tutorials/firstemail/photo_by_caleb_woods.jpg" '
    'alt="photo courtesy of Unsplash"></amp-img> </amp-carousel> </body> </html>'
)


def issues(html: str) -> list[tuple[str, int, int]]:
    ctx = CheckContext(CompileResult(file="e.html", source=html, html=html))
    return [(i.rule, i.line, i.column) for i in amp.check(ctx)]


def test_the_reference_example_is_a_valid_amp_email() -> None:
    assert amp.is_amp(REFERENCE)
    assert issues(REFERENCE) == []


def test_each_missing_piece_is_named_at_the_html_tag() -> None:
    bare = "<!doctype html>\n<html ⚡4email>\n<head></head><body><p>x</p></body></html>"
    found = [
        (i.rule, i.message)
        for i in amp.check(CheckContext(CompileResult(file="e.html", source=bare, html=bare)))
    ]
    assert [r for r, _ in found] == ["problems/amp-required"] * 3
    assert any("v0.js" in m for _, m in found) and any("boilerplate" in m for _, m in found)
    assert issues(bare)[0][1:] == (2, 1)


def test_plain_html_emails_are_not_looked_at() -> None:
    assert issues('<html><body><img src="a.png"><script></script></body></html>') == []


def test_forbidden_tags_are_located() -> None:
    html = REFERENCE.replace("<h1>", '<h1>\n<img src="x.png">\n<script src="t.js"></script>')
    assert issues(html) == [
        ("problems/amp-disallowed-tag", 2, 1),
        ("problems/amp-disallowed-tag", 3, 1),
    ]


def test_important_inline_and_in_amp_custom_is_located() -> None:
    html = REFERENCE.replace("h1 { margin: 1rem }", "h1 {\n margin: 1rem !important }").replace(
        "<h1> New", '<h1>\n<p style="color: red ! IMPORTANT">x</p> New'
    )
    found = issues(html)
    assert ("problems/amp-important", 2, 15) in found  # in <style amp-custom>
    assert ("problems/amp-important", 3, 1) in found  # the <p style> tag
    assert len([r for r, *_ in found if r == "problems/amp-important"]) == 2


def test_important_is_fine_outside_amp_and_in_a_plain_style_value() -> None:
    assert issues('<html><body><p style="color:red!important">x</p></body></html>') == []
    assert issues(REFERENCE.replace("<h1> New", '<h1 style="color:red"> New')) == []
    # Liquid in a style attribute is not mistaken for anything
    assert issues(REFERENCE.replace("<h1> New", '<h1 style="color:{{ c }}"> New')) == []
