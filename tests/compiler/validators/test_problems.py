"""Problem checker: each rule with a known-bad and a known-good input."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler import compile_email
from compiler.project import Project
from compiler.validators import problems
from compiler.validators.base import CheckContext
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import make_ctx


def found(html: str, rule: str, **kw: object) -> list[Issue]:
    return [i for i in problems.check(make_ctx(html, **kw)) if i.rule == rule]  # type: ignore[arg-type]


@dataclass
class Case:
    description: str
    rule: str
    bad: str
    good: str
    severity: Severity = Severity.ERROR
    where: tuple[int, int] | None = None


CASES = [
    Case(
        "unclosed element",
        "problems/unclosed-tag",
        "<div>\n<table><tr><td>x</td></tr></table>\n",
        "<div><table><tr><td>x</td></tr></table></div>",
        where=(1, 1),
    ),
    Case(
        "misnested",
        "problems/misnested-tag",
        "<div><b>bold</div>",
        "<div><b>bold</b></div>",
        Severity.WARNING,
        (1, 6),
    ),
    Case(
        "misnested custom element",
        "problems/misnested-tag",
        "<div><amp-img>a</div>",
        "<div><amp-img>a</amp-img></div>",
        where=(1, 6),
    ),
    Case(
        "stray end tag",
        "problems/stray-end-tag",
        "<div>x</div></span>",
        "<div>x</div>",
        Severity.WARNING,
        (1, 13),
    ),
    Case(
        "block in p",
        "problems/block-in-p",
        "<p>Intro\n  <table><tr><td>x</td></tr></table></p>",
        "<div>Intro <table><tr><td>x</td></tr></table></div>",
        where=(2, 3),
    ),
    Case(
        "duplicate id",
        "problems/duplicate-id",
        '<a id="x"></a>\n<b id="x"></b>',
        '<a id="x"></a><b id="y"></b>',
        where=(2, 1),
    ),
    Case(
        "duplicate attribute",
        "problems/duplicate-attribute",
        '<td align="left" align="right"></td>',
        '<td align="left"></td>',
        Severity.WARNING,
    ),
    Case(
        "malformed attribute",
        "problems/invalid-attribute",
        '<td "align=left">x</td>',
        '<td align="left">x</td>',
    ),
    Case(
        "units in width attribute",
        "problems/attribute-units",
        '<img width="600px" alt="">',
        '<img width="600" alt="">',
        Severity.WARNING,
    ),
    Case(
        "unitless length in a style",
        "problems/css-unitless",
        '<table><tr>\n<td style="margin:0;padding:8 16">x</td></tr></table>',
        '<table><tr><td style="padding:8px 16px;line-height:1.4;opacity:.5">x</td></tr></table>',
        Severity.WARNING,
        (2, 1),
    ),
    Case(
        "nested at-rule",
        "problems/gmail-nested-at-rule",
        "<style>@media (max-width:600px){ @supports (display:grid){ .a{color:red} } }</style>",
        "<style>@media (max-width:600px){ .a{color:red} } @supports (display:grid){.b{}}</style>",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_rule(case: Case) -> None:
    bad = found(case.bad, case.rule)
    assert len(bad) == 1, bad
    assert bad[0].severity is case.severity
    if case.where:
        assert (bad[0].line, bad[0].column) == case.where
    assert found(case.good, case.rule) == []


def test_optional_end_tags_and_void_elements_are_fine() -> None:
    html = "<table><tr><td>a<td>b<tr><td>c</table><ul><li>one<li>two</ul><br><img alt=''>"
    issues = [
        i
        for i in problems.check(make_ctx(html))
        if i.rule.startswith(("problems/unclosed", "problems/misnested", "problems/stray"))
    ]
    assert issues == []


def test_outlook_conditional_ghost_tables_are_not_nesting_errors() -> None:
    html = (
        '<div><!--[if mso]><table role="presentation"><tr><td width="300"><![endif]-->'
        '<div>col 1</div><!--[if mso]></td><td width="300"><![endif]-->'
        "<div>col 2</div><!--[if mso]></td></tr></table><![endif]--></div>"
    )
    assert [i for i in problems.check(make_ctx(html)) if i.severity is Severity.ERROR] == []


def test_liquid_in_attributes_does_not_break_tags() -> None:
    html = '<a href="{{ url }}" {% if x > 1 %}class="big"{% endif %}>Go</a>'
    issues = list(problems.check(make_ctx(html)))
    assert [i for i in issues if i.severity is not Severity.INFO] == []


def test_gmail_size_limits() -> None:
    filler = "<p>" + "x" * 1000 + "</p>"
    assert found(filler * 95, "problems/gmail-size")[0].severity is Severity.WARNING
    assert found(filler * 95, "problems/gmail-clipped") == []
    clipped = found(filler * 105, "problems/gmail-clipped")
    size = clipped[0].data["bytes"]
    assert clipped[0].severity is Severity.ERROR and isinstance(size, int) and size > 102_000
    assert found(filler * 50, "problems/gmail-size") == []


def test_gmail_style_limit_counts_all_blocks() -> None:
    block = "<style>" + ".a{color:red}" * 700 + "</style>"  # 9,100 characters each
    assert found(block, "problems/gmail-style-size") == []
    over = found(block + block, "problems/gmail-style-size")
    assert len(over) == 1 and over[0].data["characters"] == 18_200


def test_nested_at_rule_ignores_liquid_and_comments() -> None:
    assert problems.nested_at_rule("{% if a %}@media x{ .a{} }{% endif %} /* @media */") == -1
    css = "@media x { .a { } @media y { } }"
    assert problems.nested_at_rule(css) == css.index("@media y")


@pytest.mark.parametrize(
    "source,where,rule",
    [
        ("<p>\n{% if x %}open</p>", (2, 1), "problems/liquid-syntax"),
        ("<p>{{ name | }}</p>", (1, 4), "problems/liquid-syntax"),
        ("<p>{{ name </p>", (1, 4), "problems/liquid-syntax"),
        ("<p>\n  {% endif %}</p>", (2, 3), "problems/liquid-syntax"),
        ("<p>{% for a in %}{% endfor %}</p>", (1, 4), "problems/liquid-syntax"),
        ("<p>{% unsubscribe_link %}</p>", (1, 4), "problems/liquid-unknown-tag"),
        ("<p>{% unsubscribe_url %}{% if %}</p>", (1, 25), "problems/liquid-syntax"),
    ],
)
def test_liquid_syntax_errors_are_located(source: str, where: tuple[int, int], rule: str) -> None:
    issues = [i for i in problems.check(make_ctx(source)) if i.rule.startswith("problems/liq")]
    assert [(i.rule, i.line, i.column) for i in issues] == [(rule, *where)]


def test_valid_liquid_and_handlebars_pass() -> None:
    ok = '<p>Hi {{ customer.first_name | default: "there" }}{% if vip %}!{% endif %}</p>'
    assert found(ok, "problems/liquid-syntax") == []
    hbs = "<p>{{#if vip}}Hello{{/if}}</p>"
    assert found(hbs, "problems/liquid-syntax") == []
    project = Project(settings={"template_language": "handlebars"})
    assert [
        i
        for i in problems.check(CheckContext(make_ctx("{% if %}").result, project))
        if i.rule.startswith("problems/liq")
    ] == []


def test_client_support_names_clients_and_share() -> None:
    [flex] = found('<div style="display:flex">x</div>', "problems/client-support")
    assert flex.data["feature"] == "css-display-flex"
    unsupported = flex.data["unsupported"]
    assert isinstance(unsupported, list) and "Outlook (Windows)" in unsupported
    assert 0 < float(str(flex.data["share"])) < 1
    assert "%" in flex.message
    plain = found("<table><tr><td>x</td></tr></table>", "problems/client-support")
    assert plain == []


def test_client_support_warns_only_for_poorly_supported_non_progressive_features() -> None:
    inset = found('<div style="inset:0">x</div>', "problems/client-support")
    assert [(i.severity, i.data["feature"]) for i in inset] == [(Severity.WARNING, "css-inset")]
    dark = found(
        "<style>@media (prefers-color-scheme: dark){.a{color:#fff}}</style>",
        "problems/client-support",
    )
    assert dark and all(i.severity is Severity.INFO for i in dark)


def test_locations_map_back_through_the_source_map() -> None:
    source = '<div>\n  <p>Hi</p>\n  <span id="a"></span><span id="a"></span>\n</div>'
    result = compile_email(source, file="emails/e.html")
    ctx = CheckContext(result)
    [dup] = [i for i in problems.check(ctx) if i.rule == "problems/duplicate-id"]
    assert (dup.file, dup.line, dup.column) == ("emails/e.html", 3, 23)


def test_liquid_in_front_matter_is_checked_per_field() -> None:
    body = "<p>Hello</p>"
    ok = '---\nsubject: "{{ name | default: \\"Friend\\" }}, hi"\n---\n' + body
    ctx = make_ctx(body, source=ok, subject='{{ name | default: "Friend" }}, hi')
    assert [i for i in problems.check(ctx) if i.rule.startswith("problems/liq")] == []
    bad = "---\ntitle: t\nsubject: Hi {{ name | }}\n---\n" + body
    ctx = make_ctx(body, source=bad, subject="Hi {{ name | }}")
    [issue] = [i for i in problems.check(ctx) if i.rule.startswith("problems/liq")]
    assert (issue.line, issue.column) == (3, 1) and "subject" in issue.message


@pytest.mark.parametrize(
    "tag",
    [
        "{% cio_link url:https://example.com track:false %}",
        '{% countdown point:64 fg:000000 bg:f2f6f9 time:"2030-07-04 12:00:00 (GMT)" %}',
        "{% random 3 %}",
        "{% render_liquid journey.body %}",
        "{% cio_link_id %}",
        "{% unsubscribe_url %}",
    ],
)
def test_the_products_own_tags_are_not_unknown(tag: str) -> None:
    """The checker parses with the environment the renderer uses (one tag list)."""
    issues = [
        i for i in problems.check(make_ctx(f"<p>{tag}</p>")) if i.rule.startswith("problems/liq")
    ]
    assert issues == []


def test_a_product_tag_written_wrong_is_a_located_syntax_error() -> None:
    [issue] = [
        i
        for i in problems.check(make_ctx("<p>\n  {% random %}</p>"))
        if i.rule.startswith("problems/liq")
    ]
    assert (issue.rule, issue.line, issue.column) == ("problems/liquid-syntax", 2, 3)
    assert "Valid syntax: random [max]" in issue.message


def test_include_is_refused_where_it_is_written_naming_the_snippet() -> None:
    [issue] = [
        i
        for i in problems.check(make_ctx("<p>Hi</p>\n{% include 'footer' %}"))
        if i.rule.startswith("problems/liq")
    ]
    assert (issue.rule, issue.severity, issue.line, issue.column) == (
        "problems/liquid-syntax",
        Severity.ERROR,
        2,
        1,
    )
    assert "{{ snippets.footer }}" in issue.message


def test_platform_tags_listed_in_the_workspace_are_accepted() -> None:
    html = "<p>{% web_version_url %} {% unsubscribe_link list:3 %}</p>"
    assert [i.rule for i in problems.check(make_ctx(html))] == ["problems/liquid-unknown-tag"]
    project = Project(settings={"liquid_tags": ["web_version_url", "unsubscribe_link"]})
    assert [
        i
        for i in problems.check(make_ctx(html, project=project))
        if i.rule.startswith("problems/liq")
    ] == []


def test_check_reports_a_nesting_mistake_written_in_the_source_once_where_it_is() -> None:
    from compiler.validators import check_email

    source = "<table><tr><td>a</td></tr></table></td>\n<div><p>b</p>\n"
    result = compile_email(source, file="e.html")
    found = [(i.rule, i.line, i.column) for i in check_email(result) if "tag" in i.rule]
    # the parse's issues, at the tags themselves; not again from the output's checker
    assert found == [("markup/stray-end-tag", 1, 35), ("markup/unclosed-tag", 2, 1)], found


def test_output_nesting_problems_the_source_did_not_report_are_kept() -> None:
    from compiler.validators import not_reported

    def issue(rule: str, tag: str, file: str = "e.html", line: int = 1) -> Issue:
        return Issue(rule, Severity.WARNING, "m", file, line, 1, data={"tag": tag})

    compiled = [issue("markup/stray-end-tag", "div"), issue("markup/unclosed-tag", "td")]
    found = [
        issue("problems/stray-end-tag", "div", line=3),  # the source's: left out
        issue("problems/stray-end-tag", "div", line=9),  # a second one: a component's
        issue("problems/stray-end-tag", "span"),  # another tag
        issue("problems/unclosed-tag", "td", file="components/card.html"),  # another file
        issue("problems/block-in-p", "div"),  # no twin in the parse
    ]
    assert not_reported(compiled, found) == found[1:]
    assert not_reported([], found) == found


def test_the_output_finding_at_the_source_issue_s_place_is_the_one_left_out() -> None:
    from compiler.validators import not_reported

    def issue(rule: str, line: int, **data: str) -> Issue:
        return Issue(rule, Severity.WARNING, "m", "e.html", line, 5, data=dict(data))

    compiled = [issue("markup/misnested-tag", 9, tag="h4")]
    found = [
        issue("problems/misnested-tag", 3, tag="h4"),
        issue("problems/misnested-tag", 9, tag="h4"),
    ]
    assert not_reported(compiled, found) == found[:1]
    # an attribute given twice: the same mistake, named by its attribute
    twice = [issue("markup/duplicate-attribute", 2, attribute="xmlns")]
    again = [issue("problems/duplicate-attribute", 0, attribute="xmlns")]
    assert not_reported(twice, again) == []
    assert not_reported(twice, [issue("problems/duplicate-attribute", 0, attribute="id")]) != []


def test_check_reports_an_attribute_given_twice_once() -> None:
    from compiler.validators import check_email

    result = compile_email('<table width="1" width="2"><tr><td>a</td></tr></table>', file="e.html")
    found = [i.rule for i in check_email(result) if i.rule.endswith("duplicate-attribute")]
    assert found == ["markup/duplicate-attribute"]
