"""`.mjml` emails through the whole compile: expander first (marks off), then MRML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler import compile_email, load_project
from compiler.project import Project
from compiler.transformers import mjml
from components.diagnostics import Issue, format_issue
from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import parse

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "resources" / "templates"

MJML_PART = """<mjml lang="en">
  <mj-head>
    <mj-title>Hi {{ customer.first_name }}</mj-title>
    <mj-attributes>
      <mj-all font-family="Arial" /><mj-class name="big" font-size="20px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f4">
    {% if customer.vip %}
    <mj-section padding="10px 25px" css-class="hero"><mj-column width="50%">
      <mj-text mj-class="big">Hello {{ customer.first_name | default: "there" }}</mj-text>
      <mj-button href="https://shop.example/{{ product.handle }}?a=1&amp;b=2">Shop</mj-button>
      <mj-image src="https://shop.example/a.png" alt="A" />
    </mj-column></mj-section>
    {% endif %}
"""
RAW_PART = """    <mj-raw>
      <x-hr></x-hr>
      <promo-note>Use code {{ code }}</promo-note>
    </mj-raw>
"""
END = """  </mj-body>
</mjml>
"""
SOURCE = MJML_PART + RAW_PART + END

PROMO_NOTE = """<script>
export const slots = Component.defineSlots({ default: { schema: Component.slots.text() } });
</script>
<template>
  <p class="promo-note" style="color: #b4472f"><slot></slot></p>
</template>
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "promo-note.html").write_text(PROMO_NOTE, encoding="utf-8")
    (tmp_path / "emails").mkdir()
    return load_project(tmp_path)


def _errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


def test_mj_tags_pass_through_the_expander_untouched(project: Project) -> None:
    out = expand(
        parse(SOURCE, "e.mjml").document,
        file="e.mjml",
        styles=project.styles,
        options=ExpandOptions(marks=False),
        library=project.components,
    )
    assert _errors(out.issues) == []
    assert out.html.startswith(MJML_PART)  # every mj-* tag and attribute byte for byte
    assert out.html.endswith(END)
    assert "data-mw-node" not in out.html


def test_components_inside_mj_raw_expand_first(project: Project) -> None:
    out = expand(
        parse(SOURCE, "e.mjml").document,
        file="e.mjml",
        styles=project.styles,
        options=ExpandOptions(marks=False),
        library=project.components,
    )
    raw = out.html[out.html.index("<mj-raw>") : out.html.index("</mj-raw>")]
    assert "<x-hr" not in raw and "<hr" in raw  # standard component
    assert "<promo-note" not in raw
    assert re.search(r'<p class="promo-note"[^>]*>Use code \{\{ code \}\}</p>', raw)


def test_mjml_email_compiles_to_html_with_liquid_intact(project: Project) -> None:
    assert project.root is not None
    result = compile_email(SOURCE, file=str(project.root / "emails" / "e.mjml"), project=project)
    assert _errors(result.issues) == [], [format_issue(i, SOURCE) for i in result.issues]
    html = result.html
    assert html.lower().startswith("<!doctype html>")
    assert "<mj-" not in html and "<mjml" not in html and "data-mw-node" not in html
    assert "<title>Hi {{ customer.first_name }}</title>" in html
    for token in (
        "{% if customer.vip %}",
        '{{ customer.first_name | default: "there" }}',
        "https://shop.example/{{ product.handle }}?a=1&amp;b=2",
        "{% endif %}",
        "Use code {{ code }}",
    ):
        assert token in html
    assert html.index("{% if customer.vip %}") < html.index("Shop") < html.index("{% endif %}")
    assert "<hr" in html and "promo-note" in html
    assert "Use code {{ code }}" in result.text


def test_mjml_root_is_not_an_unknown_tag(project: Project) -> None:
    result = compile_email(SOURCE, file="e.mjml", project=project)
    assert not [i for i in result.issues if i.rule == "markup/unknown-tag"]


@pytest.mark.parametrize(
    ("broken", "bad_line", "hint"),
    [
        ("<mj-section padding=10px><mj-column></mj-column></mj-section>", 12, "quote"),
        ("<mj-section><mj-column><mj-text>x</mj-text></mj-column>", 12, "<mj-section> is never"),
        ("<!-- note", 12, "comment is never closed"),
    ],
)
def test_mjml_errors_point_at_the_source_line(
    project: Project, broken: str, bad_line: int, hint: str
) -> None:
    # front matter and an expanded component before the mistake shift the expanded text;
    # the issue must still name the line of the email file
    source = (
        '---\nsubject: "Hi"\n---\n<mjml>\n  <mj-body>\n    <mj-raw>\n'
        "      <promo-note>first</promo-note>\n      <x-hr></x-hr>\n"
        "      <promo-note>second</promo-note>\n    </mj-raw>\n"
        "    <mj-section><mj-column><mj-text>ok</mj-text></mj-column></mj-section>\n"
        f"    {broken}\n  </mj-body>\n</mjml>\n"
    )
    assert source.splitlines()[bad_line - 1].strip() == broken
    result = compile_email(source, file="emails/e.mjml", project=project)
    invalid = [i for i in result.issues if i.rule == "mjml/invalid"]
    assert len(invalid) == 1, [format_issue(i, source) for i in result.issues]
    issue = invalid[0]
    assert (issue.file, issue.line, issue.column) == ("emails/e.mjml", bad_line, 5)
    assert hint in issue.message
    assert "^" in format_issue(issue, source)


def test_new_email_templates_compile_cleanly() -> None:
    for name in ("new-email.html", "new-email.mjml"):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        result = compile_email(source, file=f"emails/{name}")
        assert result.issues == [], (name, [format_issue(i, source) for i in result.issues])
        if name.endswith(".mjml"):
            assert "<title>Subject goes here</title>" in result.html
            assert "Preview text goes here" in result.html
        else:  # the subject is the envelope's (front matter), not the page title
            assert result.envelope.subject == "Subject goes here"
            assert result.envelope.preheader == "Preview text goes here"
    assert (TEMPLATES / "new-email.mjml").read_text(encoding="utf-8") == mjml.NEW_EMAIL_TEMPLATE
