"""The layers model: rows, ids that match the compiled marks, labels, lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.pipeline import compile_email
from compiler.project import load_project
from components.custom.library import library_from_sources, load_library
from components.markup import Element
from studio.models.layers import build_layers

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "resources" / "demo"

CARD = """<script>
export const config = { label: "Card",
  presets: [{ label: "Card", content: `<my-card></my-card>` }] };
export const slots = Component.defineSlots({ title: Component.slots.text(),
  body: Component.slots.children(['x-paragraph']).max(2) });
</script>
<template><div><slot name="title"></slot><slot name="body"></slot><slot></slot></div></template>"""
LIB = library_from_sources({"components/my-card.html": CARD})


def outline(text: str) -> list[str]:
    """Each row as "depth kind label", document order."""
    return [f"{r.depth} {r.kind} {r.label}" for r in build_layers(text, LIB)]


@dataclass(frozen=True)
class Case:
    description: str
    source: str
    expect: list[str]


CASES = [
    Case(
        "components nest; text components have no child rows",
        "<x-base>\n  <x-section>\n    <x-paragraph>Hi <b>you</b></x-paragraph>\n"
        "  </x-section>\n</x-base>",
        ["0 standard Message", "1 standard Section", "2 standard Paragraph"],
    ),
    Case(
        "a leading comment on its own line is the label",
        '<x-section>\n  <!-- Hero -->\n  <x-image src="a.png" alt=""></x-image>\n'
        "  <!-- not a label --><x-hr></x-hr>\n</x-section>",
        ["0 standard Section", "1 standard Hero", "1 standard Divider"],
    ),
    Case(
        "a Liquid block wrapping components is a row; one wrapping text is not",
        "<x-section>\n  {% if vip %}\n  <x-paragraph>a</x-paragraph>\n  {% endif %}\n"
        "  <x-paragraph>{% if x %}b{% endif %}</x-paragraph>\n</x-section>",
        ["0 standard Section", "1 liquid if vip", "2 standard Paragraph", "1 standard Paragraph"],
    ),
    Case(
        "branches of a block are rows",
        "{% if a %}<x-hr></x-hr>{% elsif b %}<x-spacer></x-spacer>{% else %}"
        "<x-paragraph>c</x-paragraph>{% endif %}",
        [
            "0 liquid if a",
            "1 branch if a",
            "2 standard Divider",
            "1 branch elsif b",
            "2 standard Spacer",
            "1 branch else",
            "2 standard Paragraph",
        ],
    ),
    Case(
        "a run of HTML elements is one HTML row; components inside still show",
        "<x-section>\n  <table><tr><td><x-paragraph>a</x-paragraph></td></tr></table>\n"
        "  <br>\n  <x-hr></x-hr>\n</x-section>",
        [
            "0 standard Section",
            "1 html-group HTML",
            "2 html <table>",
            "3 html <tr>",
            "4 html <td>",
            "5 standard Paragraph",
            "2 html <br>",
            "1 standard Divider",
        ],
    ),
    Case(
        "custom components show every slot, filled or not",
        '<my-card>\n  <fragment #slot="body"><x-paragraph>p</x-paragraph></fragment>\n'
        "  <x-hr></x-hr>\n</my-card>",
        [
            "0 custom Card",
            "1 slot Content",
            "2 standard Divider",
            "1 slot title",
            "1 slot body",
            "2 standard Paragraph",
        ],
    ),
    Case(
        "MSO conditionals are content, not rows",
        "<x-section><!--[if mso]><x-hr></x-hr><![endif]--><x-spacer></x-spacer></x-section>",
        ["0 standard Section", "1 standard Spacer"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_rows(case: Case) -> None:
    assert outline(case.source) == case.expect


def test_ids_are_the_marks_of_the_compiled_output() -> None:
    """Every data-mw-node mark of the demo email's compile names a row (or an element
    inside a text row); every component row's id is a mark."""
    project = load_project(DEMO)
    email = DEMO / "emails" / "marketing" / "spring-collection.html"
    text = email.read_text(encoding="utf-8")
    result = compile_email(text, file=str(email), project=project)
    marks = set(re.findall(r'data-mw-node="(\d+)"', result.marked_html))
    layers = build_layers(text, project.components)
    for row in layers:
        if row.kind == "standard" and row.tag not in (
            "x-edit-text",
            "x-empty-state",
            "x-font-family",
            "x-head",
        ):
            assert row.id in marks, row
    for mark in marks:
        marked = layers.for_mark(mark)
        assert marked is not None, mark
        origin = result.source_map.origin(int(mark))
        assert origin is not None
        assert marked.span[0] <= origin.span.start < marked.span[1]


def test_front_matter_keeps_offsets_and_ids() -> None:
    """The front matter (with a "<" in it) is parsed as the compiler parses it."""
    fronted = "---\nfrom: A <a@b.c>\n---\n<x-section><x-hr></x-hr></x-section>"
    layers = build_layers(fronted)
    hr = layers.at(fronted.index("<x-hr"))
    assert hr is not None and hr.tag == "x-hr" and [r.tag for r in layers] == ["x-section", "x-hr"]
    assert fronted[hr.span[0] : hr.span[1]] == "<x-hr></x-hr>"
    marked = compile_email(fronted, file="e.html").marked_html
    assert f'data-mw-node="{hr.id}"' in marked


def test_lookups_for_keys_and_the_code_cursor() -> None:
    text = (
        "<x-section>\n  <x-heading-1>A</x-heading-1>\n  <x-paragraph>B</x-paragraph>\n"
        "  <x-hr></x-hr>\n</x-section>"
    )
    layers = build_layers(text)
    section, h1, p, hr = list(layers)
    assert layers.at(text.index("B")) is p
    assert layers.at(text.index("<x-hr") + 3) is hr
    assert layers.at(0) is section
    assert layers.parent(p.id) is section and layers.parent(section.id) is None
    assert layers.previous(p.id) is h1 and layers.next(p.id) is hr
    assert layers.previous(h1.id) is None and layers.next(hr.id) is None
    assert layers.first_child(section.id) is h1 and layers.first_child(hr.id) is None
    assert layers.siblings(p.id) == [h1.id, p.id, hr.id]
    assert layers.starting_at(p.span[0]) is p
    assert section.inner is not None
    assert text[section.inner[0] : section.inner[1]].startswith("\n  <x-heading-1>")


def test_inline_html_in_text_selects_its_component() -> None:
    text = "<x-paragraph>Hi <b>you</b></x-paragraph>"
    layers = build_layers(text)
    paragraph = layers.document.children[0]
    assert isinstance(paragraph, Element)
    b = next(el for el in paragraph.children if getattr(el, "name", "") == "b")
    row = layers.for_mark(b.id)
    assert row is not None and row.tag == "x-paragraph"
    assert layers.for_mark("nope") is None and layers.for_mark(999) is None


def test_demo_workspace_rows_have_component_labels() -> None:
    text = (DEMO / "emails" / "marketing" / "spring-collection.html").read_text("utf-8")
    layers = build_layers(text, load_library(DEMO))
    labels = [r.label for r in layers if r.kind == "custom"]
    assert labels[:2] == ["Fernway header", "Fernway nav link"]
    assert "Fernway product card" in labels


def test_node_tree_looks_through_slots_and_liquid() -> None:
    text = (
        "<x-section>\n  {% if a %}\n  <my-card>\n    <x-hr></x-hr>\n  </my-card>\n"
        "  {% endif %}\n</x-section>"
    )
    layers = build_layers(text, LIB)
    tree = layers.node_tree()
    section, card, hr = (r.node_id for r in layers if r.node_id)
    assert tree.roots() == [section]
    assert tree.children(section) == [card] and tree.children(card) == [hr]
    assert tree.parent(hr) == card and tree.parent(section) is None


def test_deep_or_broken_markup_gives_rows_and_a_located_message_not_a_traceback() -> None:
    deep = "<x-section>\n" * 600 + "</x-section>\n" * 600
    layers = build_layers(deep)
    assert max(r.depth for r in layers) == 120 and len(layers) == 121
    [issue] = layers.issues
    assert (issue.rule, issue.line, issue.column) == ("layers/too-deep", 122, 1)
    html = build_layers("<div>" * 3000 + "</div>" * 3000)
    assert len(html) == 121 and html.issues  # the HTML row and 120 levels of <div>
    broken = '<x-section <x-paragraph>a</x-section>{% if x %}<p title="{{ y }}\n<x-hr>'
    assert build_layers(broken).issues == []
    assert build_layers("").roots == [] and build_layers("plain text").roots == []
