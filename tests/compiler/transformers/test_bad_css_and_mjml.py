from __future__ import annotations

from typing import Any

import pytest

from compiler.transformers import css_cleanup, css_variables, inline_css, mjml
from components.diagnostics import format_issue

BAD = [
    ("unterminated rule", "<html><head>\n<style>\n.a { color: red;\n</style></head>"
     '<body><p class="a">x</p></body></html>', "missing '}'", 3),
    ("unknown at-rule", "<html><head>\n<style>\n@frobnicate x { .a{color:red} }\n</style></head>"
     '<body><p class="a">x</p></body></html>', "unknown at-rule '@frobnicate'", 3),
    ("unterminated comment", "<html><head>\n<style>.a{color:red}\n/* open\n</style></head>"
     '<body><p class="a">x</p></body></html>', "unterminated comment", 3),
]
MODULES = [css_variables, inline_css, css_cleanup]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
@pytest.mark.parametrize(("desc", "html", "message", "line"), BAD, ids=[b[0] for b in BAD])
def test_bad_css_gives_located_warning_and_stays_untouched(
        module: Any, desc: str, html: str, message: str, line: int) -> None:
    out, issues = module.transform_with_issues(html, module.Options(enabled=True), file="e.html")
    css = html[html.index("<style>") + 7:html.index("</style>")]
    assert css in out  # the stylesheet is exactly as written
    bad = [i for i in issues if i.rule.endswith("/bad-css")]
    assert len(bad) == 1 and not bad[0].is_error
    assert message in bad[0].message
    assert (bad[0].file, bad[0].line) == ("e.html", line)
    assert "^" in format_issue(bad[0], html)


def test_new_mjml_template_compiles() -> None:
    out, issues = mjml.transform_with_issues(mjml.NEW_EMAIL_TEMPLATE, mjml.Options(enabled=True))
    assert issues == []
    assert "<title>Subject goes here</title>" in out and "<!doctype html>" in out.lower()


def test_mjml_keeps_liquid_and_mj_raw() -> None:
    src = ("<mjml><mj-body>{% if vip %}<mj-section><mj-column><mj-text>Hi {{ name }}</mj-text>"
           '<mj-button href="{{ url }}">Go</mj-button></mj-column></mj-section>{% endif %}'
           "<mj-raw><div class=\"raw\">{{ footer }}</div></mj-raw></mj-body></mjml>")
    out, issues = mjml.transform_with_issues(src, mjml.Options(), file="e.mjml")
    assert issues == []
    for token in ("{% if vip %}", "{{ name }}", 'href="{{ url }}"', "{% endif %}",
                  '<div class="raw">{{ footer }}</div>'):
        assert token in out


@pytest.mark.parametrize(("src", "line"), [
    ("<mjml>\n<mj-body>\n<mj-section>\n</mj-body></mjml>", 4),
    ("<mjml>\n<mj-body>\n<<x\n</mj-body></mjml>", 1),  # MRML gives no position here
])
def test_mjml_errors_are_located_issues(src: str, line: int) -> None:
    out, issues = mjml.transform_with_issues(src, mjml.Options(), file="e.mjml")
    assert out == src
    assert [i.rule for i in issues] == ["mjml/invalid"]
    assert issues[0].is_error and issues[0].file == "e.mjml" and issues[0].line == line


def test_mjml_file_without_root_is_an_error_and_html_is_skipped() -> None:
    _, issues = mjml.transform_with_issues("<p>x</p>", mjml.Options(), file="e.mjml")
    assert [i.rule for i in issues] == ["mjml/no-root"]
    assert mjml.transform_with_issues("<p>x</p>", mjml.Options(enabled=True), file="e.html") == (
        "<p>x</p>", [])
