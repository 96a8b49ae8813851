"""Every composer error kind, with the product's wording, located in the email source."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.liquid import Renderer
from compiler.liquid.snippets import SnippetSet
from compiler.result import CompileResult, Envelope
from components.diagnostics import format_issue


@dataclass(frozen=True)
class Case:
    description: str
    template: str
    rule: str
    message: str
    line: int
    column: int


CASES = [
    Case(
        "missing variable",
        "<p>\n  Hi {{ customer.eemail }}</p>",
        "liquid/missing-variable",
        "Variable 'customer.eemail' is missing",
        2,
        9,
    ),
    Case(
        "missing variable through a filter",
        "{{ customer.first_name | capitalize }}",
        "liquid/missing-variable",
        "Variable 'customer.first_name' is missing",
        1,
        4,
    ),
    Case(
        "missing root object",
        "x\n{{ event.product }}",
        "liquid/missing-variable",
        "Variable 'event.product' is missing",
        2,
        4,
    ),
    Case(
        "missing after a failed if",
        "{% if customer.plan != blank %}{{ customer.plan }}{% endif %}{{ customer.name }}",
        "liquid/missing-variable",
        "Variable 'customer.name' is missing",
        1,
        65,
    ),
    Case(
        "tag never closed",
        "a\n{% if customer.trial_expires != blank %}\nYour trial ends",
        "liquid/unclosed-tag",
        "if tag was never closed",
        2,
        1,
    ),
    Case(
        "for never closed",
        "{% for x in xs %}",
        "liquid/unclosed-tag",
        "for tag was never closed",
        1,
        1,
    ),
    Case(
        "capture does not expect else",
        "{% capture about_me %}\ntea{% else %}coffee{% endcapture %}",
        "liquid/unexpected-tag",
        "capture tag does not expect 'else' tag",
        2,
        4,
    ),
    Case(
        "unknown tag", "<p>{% coyotes %}</p>", "liquid/unknown-tag", "Unknown tag 'coyotes'", 1, 4
    ),
    Case(
        "end is not a valid delimiter",
        "{% if x %}\n y {% end %}",
        "liquid/wrong-end",
        "'end' is not a valid delimiter for if tags. use endif",
        2,
        4,
    ),
    Case(
        "wrong end tag",
        "{% if x %}{% endfor %}",
        "liquid/wrong-end",
        "'endfor' is not a valid delimiter for if tags. use endif",
        1,
        11,
    ),
    Case("stray end tag", "{% endif %}", "liquid/unknown-tag", "Unknown tag 'endif'", 1, 1),
    Case(
        "if without condition",
        "{% if %} x {% endif %}",
        "liquid/syntax",
        "Syntax Error in tag 'if' - Valid syntax: if [expression] (missing expression)",
        1,
        1,
    ),
    Case(
        "assign without a name",
        '{% assign = "apple" %}',
        "liquid/syntax",
        "Syntax Error in tag 'assign' - Valid syntax: assign [var] = [source]",
        1,
        1,
    ),
    Case(
        "capture without a name",
        "x\n{% capture %} I am {% endcapture %}",
        "liquid/syntax",
        "Syntax Error in tag 'capture' - Valid syntax: capture [var]",
        2,
        1,
    ),
    Case(
        "case without a condition",
        "{% case %}{% when 'USA' %}a{% endcase %}",
        "liquid/syntax",
        "Syntax Error in 'case' - Valid syntax: case [condition]",
        1,
        1,
    ),
    Case(
        "case else with parameters",
        "{% case c %}{% when 'USA' %}a{% else foo %}b{% endcase %}",
        "liquid/syntax",
        "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters)",
        1,
        30,
    ),
    Case(
        "cycle without values",
        '{% for item in xs %}<div class="p-{% cycle | three %}">{% endfor %}',
        "liquid/syntax",
        "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]",
        1,
        35,
    ),
    Case(
        "for loop syntax",
        "{% for all {{customer.products}} %}x{% endfor %}",
        "liquid/syntax",
        "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]",
        1,
        1,
    ),
    Case(
        "output not terminated",
        "{% if x != blank %}\nends on {{ customer.trial_expires }\n{% endif %}",
        "liquid/unterminated-output",
        "Variable '{{ customer.trial_expires }' was not properly terminated with regexp: /}}/",
        2,
        9,
    ),
    Case(
        "tag not terminated",
        "a\n  {% if x \n{{ y }}",
        "liquid/unterminated-tag",
        "Tag '{%' was not properly terminated with regexp: /\\%}/",
        2,
        3,
    ),
    Case(
        "unknown filter", "{{ x | nope }}", "liquid/unknown-filter", "Unknown filter 'nope'", 1, 8
    ),
    Case(
        "legacy htmlencode filter",
        "{{ x | htmlencode }}",
        "liquid/unknown-filter",
        "Unknown filter 'htmlencode': use escape instead",
        1,
        8,
    ),
    Case(
        "timezone offset over a day",
        "{{ 0 | timezone: 1440 }}",
        "liquid/filter-error",
        "Liquid error: timezone: an offset of 1440 minutes is more than a day",
        1,
        1,
    ),
    Case(
        "timezone unknown name",
        "{{ 0 | timezone: 'Mars/Olympus' }}",
        "liquid/filter-error",
        "Liquid error: timezone: unknown time zone 'Mars/Olympus'",
        1,
        1,
    ),
    Case(
        "type error",
        "{% if customer.points > 10 %}x{% endif %}",
        "liquid/type-error",
        "Liquid error: '<' and '>' are not supported",
        1,
        1,
    ),
    Case(
        "bad time zone",
        "{{ 0 | date: '%Y', 'Mars/Olympus' }}",
        "liquid/filter-error",
        "unknown time zone 'Mars/Olympus'",
        1,
        1,
    ),
    Case(
        "cio_link without url",
        "{% cio_link track:false %}",
        "liquid/syntax",
        "Syntax Error in tag 'cio_link' - Valid syntax: cio_link url:URL",
        1,
        1,
    ),
    Case(
        "random without maximum",
        "{% random %}",
        "liquid/syntax",
        "Syntax Error in tag 'random' - Valid syntax: random [max]",
        1,
        1,
    ),
    Case(
        "render_liquid of bad liquid",
        "{% render_liquid journey.body %}",
        "liquid/render-error",
        "not valid Liquid",
        1,
        1,
    ),
]

DATA = {"customer": {"points": {"a": 1}}, "journey": {"body": "{% if %}"}, "x": 1, "xs": [1]}


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(snippets=SnippetSet({}))


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_error_is_located(case: Case, renderer: Renderer) -> None:
    out = renderer.render_template(case.template, DATA, file="emails/e.html")
    assert len(out.issues) == 1, out.issues
    issue = out.issues[0]
    assert issue.is_error
    assert issue.rule == case.rule
    assert case.message in issue.message
    assert issue.file == "emails/e.html"
    col = case.column
    if case.rule in (
        "liquid/type-error",
        "liquid/filter-error",
        "liquid/render-error",
    ) or case.description.startswith("cycle"):
        col = issue.column  # inside the markup; checked against the line only
        assert issue.column >= 1
    assert (issue.line, issue.column) == (case.line, col)
    assert "^" in format_issue(issue, case.template)


def test_errors_in_compiled_html_are_located_in_the_email_source() -> None:
    source = (
        "---\nsubject: Hi {{ customer.first_name | default: 'you' }} {{ customer.nick }}\n"
        "---\n<x-base>\n  <x-text>Hello {{ customer.first_name }}</x-text>\n"
        "  <x-text>{{ customer.first_name }} again, {{ customer.eemail }}</x-text>\n"
        "</x-base>\n"
    )
    html = (
        "<!doctype html><table><tr><td>Hello {{ customer.first_name }}</td></tr>"
        "<tr><td>{{ customer.first_name }} again, {{ customer.eemail }}</td></tr></table>"
    )
    result = CompileResult(
        file="emails/welcome.html",
        source=source,
        html=html,
        text="Hello {{ customer.first_name }}\n{{ customer.first_name }} again, "
        "{{ customer.eemail }}",
        envelope=Envelope(
            subject="Hi {{ customer.first_name | default: 'you' }} {{ customer.nick }}"
        ),
    )
    out = Renderer(snippets=SnippetSet({})).render(result, {"customer": {"first_name": "Al"}})
    assert out.html.endswith("<td>Al again, </td></tr></table>")
    found = [(i.message, i.line, i.column) for i in out.issues]
    # The text part repeats the body's Liquid: its error is reported once.
    assert found == [
        ("Variable 'customer.eemail' is missing", 6, 47),
        ("Variable 'customer.nick' is missing (in Subject)", 2, 59),
    ]
    assert out.subject == "Hi Al "
    assert not out.ok


def test_every_top_level_error_is_reported(renderer: Renderer) -> None:
    out = renderer.render_template("{{ a }}\n{{ b | default: 1 }}\n{{ c }}", {})
    assert [(i.message, i.line) for i in out.issues] == [
        ("Variable 'a' is missing", 1),
        ("Variable 'c' is missing", 3),
    ]
    assert out.text == "\n1\n"


def test_syntax_error_returns_text_unrendered(renderer: Renderer) -> None:
    out = renderer.render_template("Hi {{ customer.first_name }}{% if %}", {})
    assert out.text == "Hi {{ customer.first_name }}{% if %}"
    assert not out.ok


def test_no_liquid_no_issues(renderer: Renderer) -> None:
    out = renderer.render_template("<p>{ plain } braces</p>", {})
    assert out.text == "<p>{ plain } braces</p>" and out.issues == []
