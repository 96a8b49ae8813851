"""The compile pipeline: step order, Liquid preservation, envelope, bad input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from compiler import compile_email, compile_file, load_project
from compiler.pipeline import STEPS, CompileOptions
from components.markup import iter_elements, parse
from components.sourcemap import MARK_ATTR
from components.validate import check
from tests.conftest import DEMO

LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def in_order(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


def test_in_order_detects_loss_and_reordering() -> None:
    assert in_order(["a", "b"], ["a", "x", "b"])
    assert not in_order(["a", "b"], ["b", "a"])
    assert not in_order(["a", "b"], ["a"])


def step_names() -> list[str]:
    return [name for name, _ in STEPS]


def test_steps_are_declared_in_order() -> None:
    names = step_names()
    assert names.index("front-matter") < names.index("parse") < names.index("expand")
    assert names.index("validate") < names.index("expand")


@pytest.mark.parametrize("email", sorted((DEMO / "emails").rglob("*.html")), ids=lambda p: p.name)
def test_demo_email_compiles_without_errors_and_keeps_liquid(email: Path) -> None:
    project = load_project(DEMO)
    result = compile_file(email, project=project)
    errors = [i for i in result.issues if i.is_error]
    assert errors == []
    body = result.source.split("\n---\n", 1)[-1]  # the email body after front matter
    # Every source token survives, in order; components may add their own (a footer's
    # default unsubscribe link), never drop or reorder the email's.
    assert in_order(LIQUID.findall(body), LIQUID.findall(result.html))
    assert MARK_ATTR not in result.html
    assert MARK_ATTR in result.marked_html
    assert result.html.lstrip().lower().startswith("<!doctype html>")


def test_liquid_in_every_position_survives_byte_for_byte() -> None:
    source = (
        "<x-base><x-section>"
        '<table role="presentation">{% for i in items %}<tr><td>{{ i.name }}</td></tr>{% endfor %}'
        "</table>"
        '<a href="https://x.example/?u={{ customer.id | url_encode }}&amp;a=1">Hi {{ name }}</a>'
        '<td {% if vip %}class="vip"{% endif %}>x</td>'
        '<p style="color:{{ brand.color }}">{%- if a -%}A{%- else -%}B{%- endif -%}</p>'
        "<!--[if mso]><p>{{ mso_only }}</p><![endif]-->"
        "</x-section></x-base>"
    )
    result = compile_email(source)
    assert LIQUID.findall(result.html) == LIQUID.findall(source)


def test_front_matter_sets_envelope_and_keeps_locations() -> None:
    source = (
        "---\nsubject: Hi {{ name }}\npreheader: 'Sale'\n---\n"
        "<x-base>\n<x-nope></x-nope>\n</x-base>\n"
    )
    result = compile_email(source, file="a.html")
    assert result.envelope.subject == "Hi {{ name }}"
    assert result.envelope.preheader == "Sale"
    unknown = [i for i in result.issues if i.rule == "markup/unknown-tag"]
    assert unknown and (unknown[0].line, unknown[0].column) == (6, 1)
    assert "subject" not in result.html


def test_timings_cover_every_step() -> None:
    result = compile_email("<x-base><x-paragraph>Hi</x-paragraph></x-base>")
    assert set(step_names()) <= set(result.timings)
    assert result.timings["total"] >= 0
    # what runs outside the transformers is timed too, so the shares add up
    assert {"strip-marks", "transform:settings", "transform:text-sidecar"} <= set(result.timings)
    parts = sum(ms for name, ms in result.timings.items() if name not in ("total", "transform"))
    assert parts <= result.timings["total"] * 1.001 + 1e-6


def test_the_source_tree_is_kept_only_when_asked() -> None:
    source = "<x-base><x-paragraph>Hi {{ name }}</x-paragraph></x-base>"
    built = compile_email(source)
    kept = compile_email(source, options=CompileOptions(keep_document=True))
    assert built.document is None  # builds and the CLI do not hold the tree
    assert kept.document is not None
    assert [el.name for el in iter_elements(kept.document)] == ["x-base", "x-paragraph"]
    assert (kept.html, kept.text) == (built.html, built.text)


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"\x00\x01\x02binary\x00", "input/binary"),
        ("caf\u00e9".encode("latin-1"), "input/encoding"),
    ],
)
def test_unusable_files_give_one_clear_issue(tmp_path: Path, content: bytes, rule: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    result = compile_file(path)
    assert [i.rule for i in result.issues] == [rule]
    assert result.html == ""


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = compile_file(tmp_path / "gone.html")
    assert [i.rule for i in result.issues] == ["input/unreadable"]


def test_malformed_markup_still_compiles_with_located_issues() -> None:
    source = "<x-base>\n<x-section>\n<div><p>text</div>\n</span>\n"
    result = compile_email(source, file="broken.html")
    assert result.html
    assert any(i.line >= 1 and i.column >= 1 for i in result.issues)
    assert result.has_errors


def test_absurd_nesting_is_an_issue_not_a_traceback() -> None:
    source = "<x-base>" + "<div>" * 10000 + "x" + "</div>" * 10000 + "</x-base>"
    result = compile_email(source, file="deep.html")
    assert any(i.rule == "input/too-deep" and i.is_error for i in result.issues)


def test_demo_uses_its_custom_components() -> None:
    project = load_project(DEMO)
    assert project.components is not None
    tags = {d.tag for d in project.components.definitions()}
    assert {"fernway-header", "fernway-product-card", "fernway-footer"} <= tags
    email = DEMO / "emails" / "marketing" / "spring-collection.html"
    result = compile_file(email, project=project)
    assert not result.has_errors
    for tag in ("fernway-header", "fernway-product-card", "fernway-footer"):
        assert f"<{tag}" in result.source
        assert f"<{tag}" not in result.html  # expanded, not passed through
    assert "fw-footer" in result.html and "fw-header" in result.html


def test_component_file_problems_reach_the_emails_that_use_them(tmp_path: Path) -> None:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n')
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "promo-box.html").write_text(
        "<script>\nexport const props = Component.defineProps(['title'])\n"
        "const x = ;\n</script>\n<template><div>${title}</div></template>\n"
    )
    (tmp_path / "emails").mkdir()
    uses = tmp_path / "emails" / "uses.html"
    uses.write_text('<x-base><promo-box title="Hi"></promo-box></x-base>\n')
    plain = tmp_path / "emails" / "plain.html"
    plain.write_text("<x-base><x-paragraph>Hi</x-paragraph></x-base>\n")
    project = load_project(tmp_path)
    used = compile_file(uses, project=project)
    assert any("promo-box.html" in i.file and i.is_error for i in used.issues)
    other = compile_file(plain, project=project)
    assert not any("promo-box.html" in i.file for i in other.issues)


def test_hand_written_text_part_wins(tmp_path: Path) -> None:
    email = tmp_path / "hello.html"
    email.write_text("<x-base><x-paragraph>Generated {{ name }}</x-paragraph></x-base>")
    generated = compile_file(email)
    assert "Generated {{ name }}" in generated.text
    (tmp_path / "hello.txt").write_text("Written by hand, {{ name }}")
    assert compile_file(email).text == "Written by hand, {{ name }}"


@pytest.mark.parametrize("name", ["new-email.html", "new-email.mjml"])
def test_new_email_starters_compile_cleanly(name: str) -> None:
    starter = DEMO.parent / "templates" / name
    result = compile_file(starter)
    assert result.issues == []
    assert "<mj" not in result.html and "<x-" not in result.html


def test_column_outside_row_is_reported_once() -> None:
    result = compile_email("<x-base><x-column>a</x-column></x-base>", file="c.html")
    rules = [i.rule for i in result.issues]
    assert rules.count("markup/column-outside-row") == 1


def test_one_unknown_tag_is_one_issue() -> None:
    """The validator and the expander both meet a misspelt x- tag; it is reported once."""
    result = compile_email(
        "<x-base><x-section><x-buton href='https://a.test'>Go</x-buton></x-section></x-base>",
        file="e.html",
    )
    assert [i.rule for i in result.issues if i.is_error] == ["markup/unknown-tag"]


def test_the_front_matter_preheader_is_in_the_html() -> None:
    """Issue 12: the envelope's preheader (front matter) never reached the page, so inboxes
    showed the first body text; the starters and new emails keep it there. It is written
    once, escaped, its Liquid byte-identical. x-base's own preheader, when given, is the
    page's (its Liquid is never dropped); a different one in the envelope is a warning."""
    source = (
        '---\npreheader: Deals & more, {{ customer.first_name | default: "friend" }}\n---\n'
        '<x-base title="T"><x-section><x-paragraph>Body</x-paragraph></x-section></x-base>\n'
    )
    result = compile_email(source, file="a.html")
    assert result.html.count('Deals &amp; more, {{ customer.first_name | default: "friend" }}') == 1
    hidden = result.html.index("display:none;max-height:0")
    assert hidden < result.html.index("Deals &amp; more") < result.html.index("Body")
    assert [i.rule for i in result.issues] == []
    both = source.replace('title="T"', 'title="T" preheader="Order {{ id }}"')
    result = compile_email(both, file="a.html")
    assert "Order {{ id }}" in result.html and "Deals &amp; more" not in result.html
    assert result.envelope.preheader.startswith("Deals & more")
    conflict = [i for i in result.issues if i.rule == "envelope/preheader-conflict"]
    assert [(i.line, i.column) for i in conflict] == [(4, 19)]
    # the same text in both: no warning
    same = both.replace(
        "Order {{ id }}",
        "Deals &amp; more, {{ customer.first_name | default: &quot;friend&quot; }}",
    )
    assert not [
        i
        for i in compile_email(same, file="a.html").issues
        if i.rule == "envelope/preheader-conflict"
    ]
    # without an envelope preheader, x-base's is the envelope's too
    plain = compile_email('<x-base preheader="Old one"><x-section></x-section></x-base>')
    assert "Old one" in plain.html and plain.envelope.preheader == "Old one"


def test_a_preheader_with_unclosed_liquid_is_not_written_and_says_where() -> None:
    source = "---\npreheader: {{ a }\n---\n<x-base>{{ user.name }}</x-base>"
    result = compile_email(source, file="a.html")
    assert result.html.count("{{ user.name }}") == 1 and "{{ a }" not in result.html
    issue = next(i for i in result.issues if i.rule == "envelope/preheader-liquid")
    assert (issue.file, issue.line, issue.column) == ("a.html", 2, 1)


def test_a_project_resolves_its_style_defaults_once_for_every_compile() -> None:
    project = load_project(DEMO)
    defaults = project.style_defaults
    assert defaults is project.style_defaults and defaults.styles is project.styles
    assert defaults.values["paragraph"], "the demo's paragraph has defaults"
    html = compile_email("<x-base><x-paragraph>Hi</x-paragraph></x-base>", project=project).html
    assert 'style="margin:0;color:#2b2b2b;font-family:Helvetica, Arial' in html


def test_the_walk_lets_the_sections_go_unless_the_tree_is_read_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build's compile hands the expander x-base's children to take out of the tree as
    it writes them (memory), custom components or not; not when the studio keeps the
    tree, and the page is the same either way."""
    from components.expand.expander import Pieces, expand_pieces
    from components.markup import Document, Element, Node, Text, serialize

    given: list[list[Node] | None] = []

    def spy(document: Document, **kwargs: Any) -> Pieces:
        given.append(kwargs["consume"])
        return expand_pieces(document, **kwargs)

    monkeypatch.setattr("compiler.pipeline.expand_pieces", spy)
    source = (
        "<x-base>\n  <x-section><x-paragraph>Hi {{ name }}</x-paragraph></x-section>\n"
        '  <x-section><x-button href="https://a.example">Go</x-button></x-section>\n'
        "</x-base>\n"
    )
    built = compile_email(source)
    consumed = given[-1]
    assert isinstance(consumed, list) and len(consumed) == 5
    assert all(isinstance(n, Text) and n.raw == "" for n in consumed), "taken out as written"
    kept = compile_email(source, options=CompileOptions(keep_document=True))
    assert given[-1] is None and kept.document is not None
    assert serialize(kept.document) == source  # the studio's tree is whole
    assert [el.name for el in iter_elements(kept.document) if isinstance(el, Element)].count(
        "x-section"
    ) == 2
    assert (kept.html, kept.text) == (built.html, built.text)
    email = DEMO / "emails" / "marketing" / "spring-collection.html"
    project = load_project(DEMO)  # a workspace with custom components
    built = compile_file(email, project=project)
    consumed = given[-1]
    assert isinstance(consumed, list) and consumed
    assert all(isinstance(n, Text) and n.raw == "" for n in consumed)
    kept = compile_file(email, project=project, options=CompileOptions(keep_document=True))
    assert given[-1] is None
    assert (kept.html, kept.text, kept.issues) == (built.html, built.text, built.issues)


@pytest.mark.parametrize("attrs", ['hide-on="{{ d }}"', '{% if a %}lang="fr"{% endif %}'])
def test_an_x_base_with_liquid_in_its_attributes_keeps_its_tree_through_the_walk(
    attrs: str,
) -> None:
    """A prop's Liquid x-base cannot use is kept when its children's output lacks it,
    which is read after they are written: the walk takes nothing out then (a token
    would be lost and the warning not given)."""
    source = (
        f"<x-base {attrs}><x-section><x-paragraph>{{{{ d }}}}</x-paragraph></x-section></x-base>"
    )
    built = compile_email(source)
    kept = compile_email(source, options=CompileOptions(keep_document=True))
    assert (built.html, [i.rule for i in built.issues]) == (
        kept.html,
        [i.rule for i in kept.issues],
    )
    if "hide-on" in attrs:
        assert built.html.count("{{ d }}") == 2
        assert [i.rule for i in built.issues] == ["props/liquid-unsupported"]


_MJML_BODIES = [
    # nothing expands: the skimmed tree is checked and let go
    '<mj-section padding="1" Padding="2"><mj-column><mj-text align="center" css-class=x>'
    "<a href=\"{{ u }}\" title='t'>Hi {{ name }}</a></mj-text></mj-column></mj-section>",
    '<mj-section><mj-column><mj-image src="a.png" alt="A" /><mj-divider/>'
    '<mj-button href="https://x.example/{% if a %}b{% endif %}" {% if v %}class="v"{% endif %}>'
    "Go</mj-button></mj-column></mj-section>",
    '<mj-raw><p src="a.png border="0">x</p><div data-x="{">${y}</div></mj-raw>',
    # something expands or is read: the expansion parses the source again, whole
    '<mj-section><mj-column><mj-text><x-paragraph align="center">Hi</x-paragraph>'
    '<a href="https://x.example" class="c">y</a></mj-text></mj-column></mj-section>',
    '<mj-section><mj-column><mj-text #if="x" align="left"><a :href="u" class="c">y</a>'
    "</mj-text></mj-column></mj-section>",
    '<mj-raw><fernway-nav-link href="https://x.example">Shop</fernway-nav-link>'
    '<a href="https://x.example/a" class="c">a</a></mj-raw>',
    '<mj-raw><html lang="en" amp4email><head><title>T</title></head></html></mj-raw>',
    '<mj-section padding="1" background-color="#fff"',
]


@pytest.mark.parametrize("body", _MJML_BODIES)
@pytest.mark.parametrize("front", ["", "---\nsubject: S {{ n }}\n---\n"])
def test_an_mjml_source_checked_on_its_skimmed_tree_compiles_as_with_the_whole_tree(
    body: str, front: str
) -> None:
    """A build parses the MJML form's source skimmed (attribute lists read, not kept:
    ``parse(skim=True)``), and again whole when something in it expands; the studio's
    compile (``keep_document``) parses it whole. Same page, plain text and issues; and the
    validator reads the same of both trees."""
    project = load_project(DEMO)
    source = f"{front}<mjml><mj-body>{body}</mj-body></mjml>\n"
    built = compile_email(source, file="e.mjml", project=project)
    kept = compile_email(
        source, file="e.mjml", project=project, options=CompileOptions(keep_document=True)
    )
    assert (built.html, built.text, built.issues) == (kept.html, kept.text, kept.issues)
    whole = check(parse(source, "e.mjml").document, "e.mjml", library=project.components)
    skimmed = check(
        parse(source, "e.mjml", skim=True).document, "e.mjml", library=project.components
    )
    assert skimmed == whole
