from __future__ import annotations

from typing import Any

import pytest

from compiler.transformers import css_cleanup, css_variables, inline_css, mjml, transform
from components.diagnostics import format_issue

BAD = [
    (
        "unterminated rule",
        "<html><head>\n<style>\n.a { color: red;\n</style></head>"
        '<body><p class="a">x</p></body></html>',
        "missing '}'",
        3,
    ),
    (
        "unknown at-rule",
        "<html><head>\n<style>\n@frobnicate x { .a{color:red} }\n</style></head>"
        '<body><p class="a">x</p></body></html>',
        "unknown at-rule '@frobnicate'",
        3,
    ),
    (
        "unterminated comment",
        "<html><head>\n<style>.a{color:red}\n/* open\n</style></head>"
        '<body><p class="a">x</p></body></html>',
        "unterminated comment",
        3,
    ),
]
MODULES = [css_variables, inline_css, css_cleanup]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
@pytest.mark.parametrize(("desc", "html", "message", "line"), BAD, ids=[b[0] for b in BAD])
def test_bad_css_gives_located_warning_and_stays_untouched(
    module: Any, desc: str, html: str, message: str, line: int
) -> None:
    out, issues = transform(module.NAME, html, module.Options(enabled=True), file="e.html")
    css = html[html.index("<style>") + 7 : html.index("</style>")]
    assert css in out  # the stylesheet is exactly as written
    bad = [i for i in issues if i.rule.endswith("/bad-css")]
    assert len(bad) == 1 and not bad[0].is_error
    assert message in bad[0].message
    assert (bad[0].file, bad[0].line) == ("e.html", line)
    assert "^" in format_issue(bad[0], html)


def test_new_mjml_template_compiles() -> None:
    out, issues = transform(mjml.NAME, mjml.NEW_EMAIL_TEMPLATE, mjml.Options(enabled=True))
    assert issues == []
    assert "<title>Subject goes here</title>" in out and "<!doctype html>" in out.lower()


def test_mjml_keeps_liquid_and_mj_raw() -> None:
    src = (
        "<mjml><mj-body>{% if vip %}<mj-section><mj-column><mj-text>Hi {{ name }}</mj-text>"
        '<mj-button href="{{ url }}">Go</mj-button></mj-column></mj-section>{% endif %}'
        '<mj-raw><div class="raw">{{ footer }}</div></mj-raw></mj-body></mjml>'
    )
    out, issues = transform(mjml.NAME, src, mjml.Options(), file="e.mjml")
    assert issues == []
    for token in (
        "{% if vip %}",
        "{{ name }}",
        'href="{{ url }}"',
        "{% endif %}",
        '<div class="raw">{{ footer }}</div>',
    ):
        assert token in out


@pytest.mark.parametrize(
    ("src", "line", "column", "hint"),
    [
        # MRML says "unexpected end of stream": the unclosed element is found in the source
        (
            "<mjml>\n<mj-body>\n<mj-section>\n</mj-body></mjml>",
            3,
            1,
            "<mj-section> is never closed",
        ),
        ("<mjml>\n<mj-body>\n  <mj-section></mj-section>\n</mjml>", 2, 1, "<mj-body> is never"),
        ("<mjml>\n<mj-body>\n  <mj-text>x\n</mj-body></mjml>", 3, 3, "<mj-text> is never closed"),
        # MRML says "unable to parse next template" without a position
        ("<mjml>\n<mj-body>\n<<x\n</mj-body></mjml>", 3, 1, "literal <"),
        (
            "<mjml>\n<mj-body>\n  <mj-section padding=10px></mj-section>\n</mj-body></mjml>",
            3,
            3,
            "quote attribute values",
        ),
        ("<mjml>\n<mj-body>\n  <!-- x\n</mj-body></mjml>", 3, 3, "comment is never closed"),
        # a nameless tag holding Liquid is not left out (its tokens would go): it fails, located
        (
            '<mjml>\n<mj-body>\n< class="{{ c }}"></mj-body></mjml>',
            3,
            1,
            "this tag has no name; write it after the <, or a literal < as &lt;",
        ),
    ],
)
def test_mjml_errors_are_located_issues(src: str, line: int, column: int, hint: str) -> None:
    out, issues = transform(mjml.NAME, src, mjml.Options(), file="e.mjml")
    assert out == src
    assert [i.rule for i in issues] == ["mjml/invalid"]
    issue = issues[0]
    assert issue.is_error and (issue.file, issue.line, issue.column) == ("e.mjml", line, column)
    assert hint in issue.message


def test_mjml_problem_finder_accepts_what_mrml_accepts() -> None:
    assert mjml.find_problem(mjml.NEW_EMAIL_TEMPLATE) is None
    raw = "<mjml><mj-body><mj-raw><p>a < b<br></mj-raw><mj-text>x <b>y</mj-text></mj-body></mjml>"
    assert mjml.find_problem(raw) is None  # ending tags hold HTML, not MJML


def test_mjml_file_without_root_is_an_error_and_html_is_skipped() -> None:
    _, issues = transform(mjml.NAME, "<p>x</p>", mjml.Options(), file="e.mjml")
    assert [i.rule for i in issues] == ["mjml/no-root"]
    assert transform(mjml.NAME, "<p>x</p>", mjml.Options(enabled=True), file="e.html") == (
        "<p>x</p>",
        [],
    )


def test_mjml_tags_inside_ending_tags_give_a_located_warning() -> None:
    src = (
        '<mjml>\n<mj-body><mj-section><mj-column>\n<mj-navbar><mj-navbar-link href="/">\n'
        '  <mj-image src="logo.png" alt="Logo" />\n</mj-navbar-link></mj-navbar>\n'
        '<mj-image src="hero.png" alt="Hero" />\n</mj-column></mj-section></mj-body></mjml>'
    )
    out, issues = transform(mjml.NAME, src, mjml.Options(), file="e.mjml")
    assert "<mj-image" in out  # MRML leaves it as it is: the user must know
    assert [(i.rule, i.line, i.column, i.is_error) for i in issues] == [
        ("mjml/unrendered", 4, 3, False)
    ]
    assert "<mj-navbar-link>" in issues[0].message
    assert (
        transform(mjml.NAME, src.replace("  <mj-image", "  <img"), mjml.Options(), file="e.mjml")[1]
        == []
    )


@pytest.mark.parametrize(
    ("src", "line", "column", "hint"),
    [
        # a real template lost a tag name: < name="Roboto" href="…" /> where <mj-font was meant
        (
            '<mjml>\n  <mj-head>\n    < name="Roboto" href="https://f.example/css" />\n  </mj-head>'
            "\n<mj-body><mj-section><mj-column><mj-text>Hi {{ name }}</mj-text></mj-column>"
            "</mj-section></mj-body></mjml>",
            3,
            5,
            "write it after the <: <mj-font name=… href=…/> for a font",
        ),
        (
            '<mjml>\n<mj-body>\n< class="x">\n<mj-section><mj-column><mj-text>Hi {{ name }}'
            "</mj-text></mj-column></mj-section></mj-body></mjml>",
            3,
            1,
            "write it after the <, or a literal < as &lt;",
        ),
    ],
)
def test_a_nameless_tag_is_left_out_as_mjml_does(
    src: str, line: int, column: int, hint: str
) -> None:
    """MJML 5.4 (npm) reads ``< name=…>`` as text and leaves it out without a word; the
    build goes on and says so, located."""
    out, issues = transform(mjml.NAME, src, mjml.Options(), file="e.mjml")
    assert [(i.rule, i.line, i.column) for i in issues] == [("mjml/nameless-tag", line, column)]
    assert not issues[0].is_error and hint in issues[0].message
    assert "left out of the email" in issues[0].message
    assert out.count("Hi {{ name }}") == 1 and "Roboto" not in out and 'class="x"' not in out
