"""Inline text editing: a slot's source to editable HTML and back, byte for byte where
untouched; new marks reduced to what the slot allows; Liquid kept verbatim."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pytest

from components.standard import REGISTRY
from studio.models import text_slots as T
from studio.models.layers import build_layers


def email(inner: str) -> str:
    return f"<x-base>\n  {inner}\n</x-base>\n"


def chip(token: str, shown: str = "Maya") -> str:
    return (
        f'<span class="mw-liquid" contenteditable="false" data-liquid="'
        f'{html.escape(token)}">{shown}</span>'
    )


@dataclass(frozen=True)
class Case:
    description: str
    element: str  # the component, its content as written
    edited: str  # the canvas's HTML after editing (made from editing_html)
    after: str  # the component's source after the write
    replace: tuple[str, str] = ("", "")  # edit applied to the editing HTML instead


CASES = [
    Case(
        "a word made bold (the browser's <b>)",
        "<x-heading-1>Spring is here</x-heading-1>",
        "<b>Spring</b> is here",
        "<x-heading-1><strong>Spring</strong> is here</x-heading-1>",
    ),
    Case(
        "personalization chip inserted",
        "<x-heading-1>Hi there</x-heading-1>",
        "Hi " + chip('{{ customer.first_name | default: "there" }}'),
        '<x-heading-1>Hi {{ customer.first_name | default: "there" }}</x-heading-1>',
    ),
    Case(
        "untouched Liquid and tags stay byte for byte",
        '<x-paragraph>Hi {{ customer.first_name | default: "there" }}, <a href=\'{% '
        "view_in_browser_url %}' class=k>view</a> &amp; go</x-paragraph>",
        "",
        '<x-paragraph>Hi {{ customer.first_name | default: "there" }}, <a href=\'{% '
        "view_in_browser_url %}' class=k>view</a> &amp; gone</x-paragraph>",
        replace=("go", "gone"),
    ),
    Case(
        "a mark the slot does not allow is dropped, its text kept",
        "<x-heading-2>Title</x-heading-2>",
        "Title<sup>2</sup><code>x</code>",
        "<x-heading-2>Title2x</x-heading-2>",
    ),
    Case(
        "a pasted document reduced to the marks",
        "<x-paragraph>a</x-paragraph>",
        '<div style="font: 20px Comic"><b style="x">bold</b> <i>it</i> <font color="red">r</font>'
        '</div><div>next <a href="https://e.x" onclick="x()">l</a> <img src=x></div>',
        '<x-paragraph><strong>bold</strong> <em>it</em> <span style="color: red">r</span>'
        '<br>next <a href="https://e.x">l</a> </x-paragraph>',
    ),
    Case(
        # (source was not void here: its end tag was taken for the link's, and the link
        # was never closed; the void elements are components.markup.elements' now)
        "a pasted void element does not swallow the next end tag",
        "<x-paragraph>a</x-paragraph>",
        '<a href="https://e.x">link<source src=y></a> after',
        '<x-paragraph><a href="https://e.x">link</a> after</x-paragraph>',
    ),
    Case(
        "a button's label: no link mark, line breaks as <br>",
        "<x-cta href='#'>Go</x-cta>",
        '<a href="x">Go</a> now<br>today',
        "<x-cta href='#'>Go now<br>today</x-cta>",
    ),
    Case(
        "typed text is escaped, typed Liquid kept",
        "<x-paragraph>a</x-paragraph>",
        'a &lt; b &amp; {{ x | default: "&lt;" }}',
        '<x-paragraph>a &lt; b &amp; {{ x | default: "<" }}</x-paragraph>',
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_canvas_html_written_back(case: Case) -> None:
    text = email(case.element)
    layers = build_layers(text)
    row = next(r for r in layers if r.kind == "standard" and r.tag != "x-base")
    slot = T.slot_of(layers, row.id)
    assert slot is not None
    edited = case.edited
    if case.replace[0]:
        editing = T.editing_html(slot.text, lambda token: "Maya")
        edited = editing.replace(*case.replace)
    edit = T.edit_from_canvas(layers, row.id, edited)
    assert edit is not None
    assert edit.result(text) == email(case.after)


def test_a_typed_space_the_browser_made_no_break_is_a_space_again() -> None:
    text = email("<x-heading-1>Hi</x-heading-1>")
    layers = build_layers(text)
    row = next(r.id for r in layers if r.tag == "x-heading-1")
    edit = T.edit_from_canvas(layers, row, "Hi,&nbsp;" + chip("{{ n }}") + " a&nbsp;&nbsp;b")
    assert edit is not None
    assert edit.result(text) == email("<x-heading-1>Hi, {{ n }} a&nbsp;&nbsp;b</x-heading-1>")
    kept = email("<x-heading-1>20&nbsp;%</x-heading-1>")
    layers = build_layers(kept)
    row = next(r.id for r in layers if r.tag == "x-heading-1")
    edit = T.edit_from_canvas(layers, row, "20&nbsp;% off")
    assert edit is not None
    assert edit.result(kept) == email("<x-heading-1>20&nbsp;% off</x-heading-1>")


def test_editing_html_has_chips_and_marked_tags_and_round_trips() -> None:
    source = (
        'Hi {{ customer.first_name | default: "there" }}, save <strong>20%</strong>'
        "<br/>{% if x %}y{% endif %}"
    )
    shown = T.editing_html(source, lambda token: "Maya" if "first_name" in token else None)
    assert shown == (
        'Hi <span class="mw-liquid" contenteditable="false" data-liquid="{{ customer.'
        'first_name | default: &quot;there&quot; }}" title="{{ customer.first_name | default:'
        ' &quot;there&quot; }}">Maya</span>, save <strong data-mw-src="0">20%</strong>'
        '<br data-mw-src="1"/><span class="mw-liquid" contenteditable="false" data-liquid='
        '"{% if x %}" title="{% if x %}">{% if x %}</span>y<span class="mw-liquid" '
        'contenteditable="false" data-liquid="{% endif %}" title="{% endif %}">{% endif %}'
        "</span>"
    )
    marks = ("bold", "linebreak")
    assert T.source_text(shown, marks, T.source_tags(source)) == source


def test_an_unchanged_slot_is_no_edit_and_the_edit_is_minimal() -> None:
    text = email("<x-paragraph>one two three</x-paragraph>")
    layers = build_layers(text)
    row = next(r for r in layers if r.tag == "x-paragraph")
    assert T.set_text(layers, row.id, "one two three") is None
    edit = T.set_text(layers, row.id, "one 2 three")
    assert edit is not None and len(edit.replacements) == 1
    rep = edit.replacements[0]
    assert (text[rep.start : rep.end], rep.new) == ("two", "2")


def test_a_list_edited_on_the_canvas() -> None:
    text = email(
        "<x-list>\n    <li>First</li>\n    <li>Second</li>\n    <li>Third</li>\n  </x-list>"
    )
    layers = build_layers(text)
    row = next(r.id for r in layers if r.tag == "x-list")
    slot = T.slot_of(layers, row)
    assert slot is not None and "list-item" in slot.marks
    editing = T.editing_html(slot.text)
    # an item typed after the first (the browser's new <li>), the second removed
    edited = editing.replace("First</li>", "First</li><li>New <b>one</b></li>").replace(
        '<li data-mw-src="1">Second</li>', ""
    )
    edit = T.edit_from_canvas(layers, row, edited)
    assert edit is not None
    assert edit.result(text) == email(
        "<x-list>\n    <li>First</li>\n    <li>New <strong>one</strong></li>\n"
        "    <li>Third</li>\n  </x-list>"
    )


def test_rows_without_a_text_slot() -> None:
    layers = build_layers(email('<x-section><x-image src="a.png"></x-image></x-section>'))
    assert [T.slot_of(layers, r.id) for r in layers] == [None] * len(layers)
    with pytest.raises(ValueError, match="no text slot"):
        T.set_text(layers, next(iter(layers)).id, "x")


@pytest.mark.parametrize(
    ("path", "fallback", "expect"),
    [
        ("customer.first_name", "there", '{{ customer.first_name | default: "there" }}'),
        ("customer.first_name", "", "{{ customer.first_name }}"),
        ("customer.nick", 'the "one"', "{{ customer.nick | default: 'the \"one\"' }}"),
    ],
)
def test_liquid_output(path: str, fallback: str, expect: str) -> None:
    assert T.liquid_output(path, fallback) == expect


def test_profile_attributes_as_a_tree() -> None:
    tree = T.profile_attributes(
        {
            "id": "maya",
            "customer": {"first_name": "Maya", "member": True},
            "message_data": {"items": [1, 2]},
        }
    )
    assert [(a.path, a.sample, [(c.path, c.sample) for c in a.children]) for a in tree] == [
        ("customer", "", [("customer.first_name", "Maya"), ("customer.member", "true")]),
        ("message_data", "", [("message_data.items", "2 items")]),
    ]


def test_merged_attributes_of_the_data_files() -> None:
    tree = T.merged_attributes(
        [
            {"id": "a", "customer": {"email": "a@e.x", "first_name": ""}},
            {
                "id": "b",
                "customer": {"first_name": "Jonas", "member": False},
                "event": {"name": "signup"},
            },
        ]
    )
    assert [(a.path, [(c.path, c.sample) for c in a.children]) for a in tree] == [
        (
            "customer",
            [
                ("customer.email", "a@e.x"),
                ("customer.first_name", "Jonas"),
                ("customer.member", "false"),
            ],
        ),
        ("event", [("event.name", "signup")]),
    ]


def test_one_vocabulary_of_marks_with_custom_text_slots() -> None:
    from components.custom.definition import MARKS
    from components.standard.registry import TEXT_MARKS

    assert set(MARKS) <= set(TEXT_MARKS)
    assert all(set(c.marks) <= set(TEXT_MARKS) for c in REGISTRY.values())


def test_a_workspace_components_text_slot() -> None:
    from compiler.project import load_project
    from tests.conftest import DEMO

    project = load_project(DEMO)
    text = email(
        '<x-section><fernway-nav-link href="https://e.x">New in</fernway-nav-link>'
        '<fernway-product-card name="A"></fernway-product-card></x-section>'
    )
    layers = build_layers(text, project.components)
    link = next(r.id for r in layers if r.tag == "fernway-nav-link")
    slot = T.slot_of(layers, link)
    assert slot is not None and (slot.text, slot.marks) == ("New in", ("bold", "italic"))
    edit = T.edit_from_canvas(layers, link, "New <b>in</b> <u>town</u>")
    assert edit is not None
    assert edit.result(text) == text.replace(">New in<", ">New <strong>in</strong> town<")
    card = next(r.id for r in layers if r.tag == "fernway-product-card")
    assert T.slot_of(layers, card) is None  # props only, no text slot
