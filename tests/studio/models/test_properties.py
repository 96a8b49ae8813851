"""The properties panel's model: fields generated from the prop schemas, and every
write a minimal edit of the source with the exact resulting attribute text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from compiler.pipeline import compile_email
from compiler.project import Project
from components.custom.library import library_from_sources
from components.schema import MISSING
from studio.models import properties as P
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.layers import Layers, build_layers
from styles.model import ColorVar, FontVar, GlobalStyles

KIT = """<script>
export const config = { label: "Kit",
  presets: [{ label: "Kit", content: `<kit-card></kit-card>` }] };
export const props = Component.defineProps({
  snippet: { label: 'Snippet', type: 'code', schema: Component.props.string().optional() },
  note: { label: 'Note', type: 'textarea', rows: 3, schema: Component.props.string().optional() },
  weight: { label: 'Weight', type: 'select', schema: Component.props.string().optional(),
            options: [{ label: 'Light', value: '300', optgroup: 'Thin' },
                      { label: 'Bold', value: '700', optgroup: 'Heavy' }] },
  count: { label: 'Count', type: 'number', min: 1, max: 9, step: 2,
           schema: Component.props.number().default(3) },
  secret: { type: 'hidden', schema: Component.props.string().optional() },
  tags: Component.props.string().array().optional(),
  card: Component.props.object({ title: Component.props.string(),
                                 wide: Component.props.boolean().optional() }).optional(),
});
</script>
<template><div class="kit">{{ props.count }}</div></template>
"""
LIBRARY = library_from_sources({"components/kit-card.html": KIT})


def email(inner: str, front: str = "") -> str:
    return f"{front}<x-base>\n  {inner}\n</x-base>\n"


def layers_of(text: str) -> Layers:
    return build_layers(text, LIBRARY)


def first(layers: Layers, tag: str) -> str:
    return next(r.id for r in layers if r.tag == tag)


def field(layers: Layers, tag: str, name: str) -> P.Field:
    return next(f for f in P.fields(layers, first(layers, tag)) if f.name == name)


# -- fields: every prop type gets its control, value and metadata --------------------


@dataclass(frozen=True)
class Read:
    description: str
    element: str
    tag: str
    name: str
    control: str
    value: str | None
    variants: dict[str, object]


READS = [
    Read("text", '<x-image src="a.png" alt="Hi"></x-image>', "x-image", "alt", "text", "Hi", {}),
    Read("textarea", '<kit-card note="a b"></kit-card>', "kit-card", "note", "textarea", "a b", {}),
    Read(
        "code", "<kit-card snippet='x = 1'></kit-card>", "kit-card", "snippet", "code", "x = 1", {}
    ),
    Read(
        "number",
        '<x-paragraph font-size="18">t</x-paragraph>',
        "x-paragraph",
        "font-size",
        "number",
        "18",
        {},
    ),
    Read(
        "slider",
        '<x-section opacity="0.5"></x-section>',
        "x-section",
        "opacity",
        "slider",
        "0.5",
        {},
    ),
    Read(
        "select",
        '<x-paragraph font-weight="700">t</x-paragraph>',
        "x-paragraph",
        "font-weight",
        "select",
        "700",
        {},
    ),
    Read(
        "toggle",
        '<x-section hide-on="mobile"></x-section>',
        "x-section",
        "hide-on",
        "toggle",
        "mobile",
        {},
    ),
    Read(
        "switch",
        '<x-cta href="#" :track-link="false">Go</x-cta>',
        "x-cta",
        "track-link",
        "switch",
        "false",
        {},
    ),
    Read(
        "color, dark value beside it",
        "<x-paragraph :color=\"{ light: '#111', dark: '#eee' }\">t</x-paragraph>",
        "x-paragraph",
        "color",
        "color",
        "#111",
        {"base": "#111", "dark": "#eee"},
    ),
    Read(
        "font family",
        '<x-paragraph font-family="Georgia, serif">t</x-paragraph>',
        "x-paragraph",
        "font-family",
        "font-family",
        "Georgia, serif",
        {},
    ),
    Read(
        "size, desktop value",
        "<x-box :width=\"{ small: '100%', medium: 300 }\"></x-box>",
        "x-box",
        "width",
        "size",
        "100%",
        {"base": "100%", "medium": 300},
    ),
    Read(
        "box",
        '<x-section padding="10px 20px"></x-section>',
        "x-section",
        "padding",
        "box",
        "10px 20px",
        {},
    ),
    Read(
        "radius",
        '<x-section border-radius="4"></x-section>',
        "x-section",
        "border-radius",
        "radius",
        "4",
        {},
    ),
    Read(
        "shadow",
        '<x-section box-shadow="0 1px 2px #000"></x-section>',
        "x-section",
        "box-shadow",
        "shadow",
        "0 1px 2px #000",
        {},
    ),
    Read(
        "background, gradient",
        '<x-section background="linear-gradient(#fff, #000)"></x-section>',
        "x-section",
        "background",
        "background",
        "linear-gradient(#fff, #000)",
        {},
    ),
    Read(
        "url, Liquid verbatim",
        "<x-cta href=\"{{ shop | default: 'x' }}\">Go</x-cta>",
        "x-cta",
        "href",
        "url",
        "{{ shop | default: 'x' }}",
        {},
    ),
    Read(
        "media, both variants",
        "<x-image :src=\"{ light: 'a.png', dark: 'b.png', medium: 'c.png' }\"></x-image>",
        "x-image",
        "src",
        "media",
        "a.png",
        {"base": "a.png", "dark": "b.png", "medium": "c.png"},
    ),
    Read(
        "combined keys",
        "<x-box :padding=\"{ 'small:light': 1, 'medium:dark': 2 }\"></x-box>",
        "x-box",
        "padding",
        "box",
        "1",
        {"base": 1, "medium:dark": 2},
    ),
    Read("array", ":tags=\"['a', 'b']\"", "kit-card", "tags", "array", "['a', 'b']", {}),
    Read("absent: default", "<kit-card></kit-card>", "kit-card", "count", "number", None, {}),
    Read("advanced: id", '<x-section id="top"></x-section>', "x-section", "id", "text", "top", {}),
    Read(
        "advanced: data attribute",
        '<x-section data-track="hero"></x-section>',
        "x-section",
        "data-track",
        "text",
        "hero",
        {},
    ),
    Read(
        "advanced: style",
        '<x-section style="color: red"></x-section>',
        "x-section",
        "style",
        "style",
        "color: red",
        {},
    ),
]


@pytest.mark.parametrize("case", READS, ids=lambda c: c.description)
def test_reads_every_prop_type(case: Read) -> None:
    element = (
        case.element if case.element.startswith("<") else f"<kit-card {case.element}></kit-card>"
    )
    f = field(layers_of(email(element)), case.tag, case.name)
    assert (f.control, f.value, dict(f.variants)) == (case.control, case.value, case.variants)
    assert f.written == (case.value is not None)


def test_field_metadata_comes_from_the_declarations() -> None:
    layers = layers_of(
        email('<kit-card></kit-card>\n  <x-section></x-section>\n  <x-image src="a.png"></x-image>')
    )
    count = field(layers, "kit-card", "count")
    assert (count.minimum, count.maximum, count.step, count.default) == (1, 9, 2, 3)
    weight = field(layers, "kit-card", "weight")
    assert [(g, [o.value for o in opts]) for g, opts in weight.optgroups] == [
        ("Thin", ["300"]),
        ("Heavy", ["700"]),
    ]
    names = [f.name for f in P.fields(layers, first(layers, "kit-card"))]
    assert "secret" not in names  # declared hidden
    assert names[-3:] == ["class", "style", "id"]
    padding = field(layers, "x-section", "padding")
    assert (padding.collapsed_input, padding.responsive, padding.dark) == ("axis", True, False)
    assert field(layers, "x-section", "width").units == ("auto", "px", "percentage")
    assert [o.value for o in field(layers, "x-section", "align").options] == [
        "left",
        "center",
        "right",
    ]
    src = field(layers, "x-image", "src")
    assert (src.accept, src.dark, src.responsive) == ("image/*", True, True)
    assert field(layers, "x-section", "background").default is MISSING
    assert field(layers, "x-section", "class").group == "Advanced"


def test_object_and_array_props_are_nested_groups() -> None:
    text = email("<kit-card :card=\"{ title: 'Hi', wide: true }\" :tags=\"['a', 'b']\"></kit-card>")
    layers = layers_of(text)
    card = field(layers, "kit-card", "card")
    assert card.control == "object"
    assert [(c.name, c.control, c.value, c.path) for c in card.children] == [
        ("title", "text", "Hi", ("title",)),
        ("wide", "switch", "true", ("wide",)),
    ]
    tags = field(layers, "kit-card", "tags")
    assert [(c.value, c.path) for c in tags.children] == [("a", (0,)), ("b", (1,))]


def test_url_kind_follows_the_scheme() -> None:
    for href, kind in (("mailto:a@b.c", "email"), ("tel:+1", "phone"), ("https://x", "url")):
        layers = layers_of(email(f'<x-cta href="{href}">Go</x-cta>'))
        assert field(layers, "x-cta", "href").url_kind == kind


def test_an_expression_is_shown_as_code() -> None:
    layers = layers_of(email('<x-paragraph :color="brand">t</x-paragraph>'))
    f = field(layers, "x-paragraph", "color")
    assert (f.value, f.expression, f.written) == (None, "brand", True)


# -- writes: the exact resulting attribute text ---------------------------------------


@dataclass(frozen=True)
class Write:
    description: str
    before: str
    tag: str
    name: str
    value: str | None  # None: reset
    after: str
    variant: str = "base"
    path: tuple[str | int, ...] = ()


WRITES = [
    Write(
        "text: value replaced, quote kept",
        "<x-image src='a.png' alt='Hi'></x-image>",
        "x-image",
        "alt",
        "Yo",
        "<x-image src='a.png' alt='Yo'></x-image>",
    ),
    Write(
        "text: quote inside escaped",
        '<x-image src="a.png" alt="Hi"></x-image>',
        "x-image",
        "alt",
        'say "hi"',
        '<x-image src="a.png" alt="say &quot;hi&quot;"></x-image>',
    ),
    Write(
        "textarea: appended in the element's quote style",
        "<kit-card count='2'></kit-card>",
        "kit-card",
        "note",
        "Two\nlines",
        "<kit-card count='2' note='Two\nlines'></kit-card>",
    ),
    Write(
        "code",
        "<kit-card></kit-card>",
        "kit-card",
        "snippet",
        "a < b",
        '<kit-card snippet="a < b"></kit-card>',
    ),
    Write(
        "number",
        '<x-paragraph font-size="18">t</x-paragraph>',
        "x-paragraph",
        "font-size",
        "20",
        '<x-paragraph font-size="20">t</x-paragraph>',
    ),
    Write(
        "slider",
        "<x-section></x-section>",
        "x-section",
        "opacity",
        "0.5",
        '<x-section opacity="0.5"></x-section>',
    ),
    Write(
        "select",
        '<x-paragraph font-weight="400">t</x-paragraph>',
        "x-paragraph",
        "font-weight",
        "700",
        '<x-paragraph font-weight="700">t</x-paragraph>',
    ),
    Write(
        "toggle",
        "<x-section></x-section>",
        "x-section",
        "hide-on",
        "desktop",
        '<x-section hide-on="desktop"></x-section>',
    ),
    Write(
        "switch: an expression stays one",
        '<x-cta href="#" :track-link="false">Go</x-cta>',
        "x-cta",
        "track-link",
        "true",
        '<x-cta href="#" :track-link="true">Go</x-cta>',
    ),
    Write(
        "switch: literal",
        "<x-row></x-row>",
        "x-row",
        "reverse",
        "true",
        '<x-row reverse="true"></x-row>',
    ),
    Write(
        "color",
        '<x-paragraph color="#111">t</x-paragraph>',
        "x-paragraph",
        "color",
        "#222",
        '<x-paragraph color="#222">t</x-paragraph>',
    ),
    Write(
        "color: dark value makes a dynamic value",
        '<x-paragraph color="#111">t</x-paragraph>',
        "x-paragraph",
        "color",
        "#eee",
        "<x-paragraph :color=\"{ light: '#111', dark: '#eee' }\">t</x-paragraph>",
        variant="dark",
    ),
    Write(
        "color: dark value changed in place",
        "<x-paragraph :color=\"{ light: '#111', dark: '#eee' }\">t</x-paragraph>",
        "x-paragraph",
        "color",
        "#ddd",
        "<x-paragraph :color=\"{ light: '#111', dark: '#ddd' }\">t</x-paragraph>",
        variant="dark",
    ),
    Write(
        "color: base of a dynamic value",
        "<x-paragraph :color=\"{ light: '#111', dark: '#eee' }\">t</x-paragraph>",
        "x-paragraph",
        "color",
        "#000",
        "<x-paragraph :color=\"{ light: '#000', dark: '#eee' }\">t</x-paragraph>",
    ),
    Write(
        "color: dark value alone",
        "<x-paragraph>t</x-paragraph>",
        "x-paragraph",
        "color",
        "#eee",
        "<x-paragraph :color=\"{ dark: '#eee' }\">t</x-paragraph>",
        variant="dark",
    ),
    Write(
        "font family",
        "<x-paragraph>t</x-paragraph>",
        "x-paragraph",
        "font-family",
        "Georgia, serif",
        '<x-paragraph font-family="Georgia, serif">t</x-paragraph>',
    ),
    Write(
        "size: desktop value",
        '<x-box width="100%"></x-box>',
        "x-box",
        "width",
        "300px",
        "<x-box :width=\"{ small: '100%', medium: '300px' }\"></x-box>",
        variant="medium",
    ),
    Write(
        "box: desktop padding",
        '<x-section padding="10px"></x-section>',
        "x-section",
        "padding",
        "20px 40px",
        "<x-section :padding=\"{ small: '10px', medium: '20px 40px' }\"></x-section>",
        variant="medium",
    ),
    Write(
        "box: four sides",
        '<x-section padding="10px"></x-section>',
        "x-section",
        "padding",
        "1px 2px 3px 4px",
        '<x-section padding="1px 2px 3px 4px"></x-section>',
    ),
    Write(
        "radius",
        "<x-box></x-box>",
        "x-box",
        "border-radius",
        "8px",
        '<x-box border-radius="8px"></x-box>',
    ),
    Write(
        "shadow",
        "<x-box></x-box>",
        "x-box",
        "box-shadow",
        "0 1px 2px rgba(0,0,0,.2)",
        '<x-box box-shadow="0 1px 2px rgba(0,0,0,.2)"></x-box>',
    ),
    Write(
        "background: gradient",
        '<x-section background="#fff"></x-section>',
        "x-section",
        "background",
        "linear-gradient(90deg, #fff 0%, #000 100%)",
        '<x-section background="linear-gradient(90deg, #fff 0%, #000 100%)"></x-section>',
    ),
    Write(
        "url: Liquid written verbatim",
        '<x-cta href="#">Go</x-cta>',
        "x-cta",
        "href",
        '{{ shop_url | default: "https://x" }}',
        '<x-cta href="{{ shop_url | default: "https://x" }}">Go</x-cta>',
    ),
    Write(
        "url: Liquid kept when another prop changes",
        '<x-cta href="{{ u | default: "a" }}" color="#111">Go</x-cta>',
        "x-cta",
        "color",
        "#222",
        '<x-cta href="{{ u | default: "a" }}" color="#222">Go</x-cta>',
    ),
    Write(
        "media: dark source",
        '<x-image src="a.png"></x-image>',
        "x-image",
        "src",
        "b.png",
        "<x-image :src=\"{ light: 'a.png', dark: 'b.png' }\"></x-image>",
        variant="dark",
    ),
    Write(
        "media: desktop dark source",
        "<x-image :src=\"{ light: 'a.png' }\"></x-image>",
        "x-image",
        "src",
        "d.png",
        "<x-image :src=\"{ light: 'a.png', 'medium:dark': 'd.png' }\"></x-image>",
        variant="medium:dark",
    ),
    Write(
        "array item",
        "<kit-card :tags=\"['a', 'b']\"></kit-card>",
        "kit-card",
        "tags",
        "c",
        "<kit-card :tags=\"['a', 'c']\"></kit-card>",
        path=(1,),
    ),
    Write(
        "object key, new attribute",
        "<kit-card></kit-card>",
        "kit-card",
        "card",
        "Hi",
        "<kit-card :card=\"{ title: 'Hi' }\"></kit-card>",
        path=("title",),
    ),
    Write(
        "advanced: id",
        "<x-section></x-section>",
        "x-section",
        "id",
        "top",
        '<x-section id="top"></x-section>',
    ),
    Write(
        "advanced: data attribute",
        '<x-section data-k="1"></x-section>',
        "x-section",
        "data-k",
        "2",
        '<x-section data-k="2"></x-section>',
    ),
    Write(
        "advanced: class on a plain element",
        "<div>t</div>",
        "div",
        "class",
        "a b",
        '<div class="a b">t</div>',
    ),
    Write(
        "unquoted value gets quotes when it needs them",
        "<x-image src=a.png alt=Hi></x-image>",
        "x-image",
        "alt",
        "Hi there",
        '<x-image src=a.png alt="Hi there"></x-image>',
    ),
    Write(
        "one attribute per line: appended on its own line",
        '<x-section\n    padding="4px"\n    align="center"></x-section>',
        "x-section",
        "id",
        "s",
        '<x-section\n    padding="4px"\n    align="center"\n    id="s"></x-section>',
    ),
    Write(
        "self-closed: before the slash",
        '<x-spacer size="8" />',
        "x-spacer",
        "id",
        "s",
        '<x-spacer size="8" id="s" />',
    ),
    Write(
        "reset removes the attribute",
        '<x-section padding="4px" align="center"></x-section>',
        "x-section",
        "padding",
        None,
        '<x-section align="center"></x-section>',
    ),
    Write(
        "reset of one variant: back to a plain attribute",
        "<x-section :padding=\"{ small: '4px', medium: '8px' }\"></x-section>",
        "x-section",
        "padding",
        None,
        '<x-section padding="4px"></x-section>',
        variant="medium",
    ),
    Write(
        "reset of the dark value keeps the others",
        "<x-image :src=\"{ light: 'a.png', dark: 'b.png', medium: 'c.png' }\"></x-image>",
        "x-image",
        "src",
        None,
        "<x-image :src=\"{ light: 'a.png', medium: 'c.png' }\"></x-image>",
        variant="dark",
    ),
]


MOBILE = [
    Write(
        "plain: the desktop keeps the old value",
        '<x-cta padding="14px 32px">Go</x-cta>',
        "x-cta",
        "padding",
        "10px 20px",
        "<x-cta :padding=\"{ small: '10px 20px', medium: '14px 32px' }\">Go</x-cta>",
    ),
    Write(
        "desktop given: only the base changes",
        "<x-cta :padding=\"{ small: '8px', medium: '16px' }\">Go</x-cta>",
        "x-cta",
        "padding",
        "4px",
        "<x-cta :padding=\"{ small: '4px', medium: '16px' }\">Go</x-cta>",
    ),
    Write(
        "number literal",
        '<x-paragraph :font-size="18">t</x-paragraph>',
        "x-paragraph",
        "font-size",
        "14",
        '<x-paragraph :font-size="{ small: 14, medium: 18 }">t</x-paragraph>',
    ),
    Write(
        "absent: a plain value (the default shows on both)",
        "<x-cta>Go</x-cta>",
        "x-cta",
        "padding",
        "4px",
        '<x-cta padding="4px">Go</x-cta>',
    ),
]


@pytest.mark.parametrize("case", MOBILE, ids=lambda c: c.description)
def test_mobile_only_keeps_the_desktop(case: Write) -> None:
    text = email(case.before)
    layers = layers_of(text)
    assert case.value is not None
    edit = P.set_value(layers, [first(layers, case.tag)], case.name, case.value, mobile_only=True)
    assert edit is not None and edit.result(text) == email(case.after)


def test_mobile_only_is_refused_where_there_is_no_desktop_value() -> None:
    layers = layers_of(email('<x-paragraph color="#111">t</x-paragraph>'))
    with pytest.raises(P.PropertyError, match="no desktop value"):
        P.set_value(layers, [first(layers, "x-paragraph")], "color", "#222", mobile_only=True)


@pytest.mark.parametrize("case", WRITES, ids=lambda c: c.description)
def test_writes_exact_attribute_text(case: Write) -> None:
    text = email(case.before)
    layers = layers_of(text)
    rows = [first(layers, case.tag)]
    if case.value is None:
        edit = P.reset(
            layers, rows, case.name, variant=None if case.variant == "base" else case.variant
        )
    else:
        edit = P.set_value(
            layers, rows, case.name, case.value, variant=case.variant, path=case.path
        )
    assert edit is not None
    assert edit.result(text) == email(case.after)


def test_setting_the_same_value_is_no_edit() -> None:
    layers = layers_of(email('<x-section padding="4px"></x-section>'))
    assert P.set_value(layers, [first(layers, "x-section")], "padding", "4px") is None
    assert P.reset(layers, [first(layers, "x-section")], "align") is None


@pytest.mark.parametrize(
    ("name", "variant", "reason"),
    [
        ("nope", "base", "no property 'nope'"),
        ("font-family", "dark", "no dark-mode value"),
        ("color", "medium", "no desktop value"),
        ("id", "dark", "no device or colour-scheme variants"),
    ],
)
def test_refusals_say_why(name: str, variant: str, reason: str) -> None:
    layers = layers_of(email("<x-paragraph>t</x-paragraph>"))
    with pytest.raises(P.PropertyError, match=reason):
        P.set_value(layers, [first(layers, "x-paragraph")], name, "x", variant=variant)


@pytest.mark.parametrize(
    ("style", "prop", "value", "after"),
    [
        ("color: red; margin: 0", "margin", "4px", "color: red; margin: 4px"),
        ("color: red; margin: 0", "margin", None, "color: red"),
        ("color: red; margin: 0;", "color", None, "margin: 0;"),
        ("color:red;", "padding", "1px", "color:red; padding:1px"),
        (
            "background: url('a;b.png'); color: red",
            "color",
            "blue",
            "background: url('a;b.png'); color: blue",
        ),
        (
            "color: {{ c | default: 'a;b' }}; margin: 0",
            "margin",
            "1px",
            "color: {{ c | default: 'a;b' }}; margin: 1px",
        ),
    ],
)
def test_style_declarations_edit_one_declaration(
    style: str, prop: str, value: str | None, after: str
) -> None:
    text = email(f'<x-section style="{style}"></x-section>')
    layers = layers_of(text)
    edit = P.set_style_declaration(layers, [first(layers, "x-section")], prop, value)
    assert edit is not None
    assert edit.result(text) == email(f'<x-section style="{after}"></x-section>')


def test_style_declarations_read() -> None:
    assert P.style_declarations("color: red; background: url('a;b'); x") == [
        ("color", "red"),
        ("background", "url('a;b')"),
    ]


# -- multi-select --------------------------------------------------------------------


def test_multi_select_shares_props_and_edits_them_in_one_undo_step() -> None:
    text = email(
        '<x-section padding="4px"></x-section>\n'
        '  <x-box padding="8px"></x-box>\n'
        "  <x-paragraph>t</x-paragraph>"
    )
    layers = layers_of(text)
    rows = [first(layers, "x-section"), first(layers, "x-box")]
    shared = {f.name: f for f in P.shared_fields(layers, rows)}
    assert shared["padding"].mixed and not shared["background"].mixed
    assert "outer-background" not in shared  # a section's only
    doc = EmailDocument(text)
    edit = P.set_value(layers, rows, "padding", "12px")
    assert edit is not None
    assert V.apply(doc, edit, ()) is not None
    assert doc.text == email(
        '<x-section padding="12px"></x-section>\n'
        '  <x-box padding="12px"></x-box>\n'
        "  <x-paragraph>t</x-paragraph>"
    )
    after = layers_of(doc.text)
    assert [row.tag for o in edit.selection if (row := after.starting_at(o)) is not None] == [
        "x-section",
        "x-box",
    ]
    doc.undo()
    assert doc.text == text


# -- the message --------------------------------------------------------------------


def test_message_fields_are_the_envelope_then_x_base() -> None:
    text = email("", front="---\nsubject: Hi {{ first_name }}\n---\n").replace(
        "<x-base>", '<x-base background="#fff">'
    )
    layers = layers_of(text)
    found = P.message_fields(layers)
    assert [(f.name, f.value) for f in found[:4]] == [
        ("envelope:subject", "Hi {{ first_name }}"),
        ("envelope:preheader", None),
        ("envelope:from", None),
        ("envelope:reply_to", None),
    ]
    assert {"title", "preheader", "background", "font-family", "lang", "dir"} <= {
        f.name for f in found[4:]
    }
    assert next(f for f in found if f.name == "background").value == "#fff"


def test_message_writes_envelope_and_x_base() -> None:
    text = "---\nsubject: Hi\nfoo: bar\n---\n<x-base>\n</x-base>\n"
    layers = layers_of(text)
    edit = P.set_message_value(layers, "envelope:reply_to", "a@b.c")
    assert edit is not None
    assert (
        edit.result(text) == "---\nsubject: Hi\nfoo: bar\nreply_to: a@b.c\n---\n"
        "<x-base>\n</x-base>\n"
    )
    edit = P.set_message_value(layers, "envelope:subject", None)
    assert edit is not None
    assert edit.result(text) == "---\nfoo: bar\n---\n<x-base>\n</x-base>\n"
    edit = P.set_message_value(layers, "font-family", "Georgia, serif")
    assert edit is not None
    assert edit.result(text).endswith('<x-base font-family="Georgia, serif">\n</x-base>\n')
    edit = P.set_message_value(layers, "background", "#000", variant="dark")
    assert edit is not None
    assert "<x-base :background=\"{ dark: '#000' }\">" in edit.result(text)


# -- the edits compile and the HTML shows them --------------------------------------

PROJECT = Project(components=LIBRARY)


def _compiled(text: str) -> str:
    result = compile_email(text, project=PROJECT)
    errors = [i for i in result.issues if i.severity.name == "ERROR"]
    assert errors == [], errors
    return result.html


def _rule_class(html: str, at_rule: str, declaration: str) -> str:
    """The generated class whose rule inside ``at_rule {…}`` is ``declaration``."""
    block = html[html.index(at_rule + "{") :]
    block = block[: block.index("\n}\n")]
    found = re.search(r"\.(mw-[0-9a-f]+)\{" + re.escape(declaration) + r" !important\}", block)
    assert found, block
    return found.group(1)


def test_dark_colour_lands_in_the_dark_css() -> None:
    text = email('<x-section><x-paragraph color="#123456">t</x-paragraph></x-section>')
    layers = layers_of(text)
    edit = P.set_value(layers, [first(layers, "x-paragraph")], "color", "#abcdef", variant="dark")
    assert edit is not None
    html = _compiled(edit.result(text))
    cls = _rule_class(html, "@media (prefers-color-scheme: dark)", "color:#abcdef")
    assert re.search(rf'<p class="[^"]*{cls}[^"]*" style="[^"]*color:#123456', html)


def test_desktop_padding_lands_in_the_media_query() -> None:
    text = email('<x-section padding="10px"><x-paragraph>t</x-paragraph></x-section>')
    layers = layers_of(text)
    edit = P.set_value(layers, [first(layers, "x-section")], "padding", "32px", variant="medium")
    assert edit is not None
    html = _compiled(edit.result(text))
    cls = _rule_class(html, "@media (min-width: 600px)", "padding:32px")
    assert re.search(rf'class="[^"]*{cls}[^"]*" style="[^"]*padding:10px', html)


@pytest.mark.parametrize(
    "case", [w for w in WRITES if w.tag.startswith("x-")], ids=lambda c: c.description
)
def test_every_standard_write_compiles(case: Write) -> None:
    _compiled(email(case.after))


def test_gradient_background_and_liquid_href_reach_the_html() -> None:
    text = email('<x-section><x-cta href="#">Go</x-cta></x-section>')
    layers = layers_of(text)
    gradient = P.set_value(
        layers,
        [first(layers, "x-section")],
        "background",
        "linear-gradient(90deg, #ff0000, #0000ff)",
    )
    assert gradient is not None
    text = gradient.result(text)
    layers = layers_of(text)
    href = P.set_value(
        layers, [first(layers, "x-cta")], "href", '{{ shop_url | default: "https://x.example" }}'
    )
    assert href is not None
    text = href.result(text)
    html = _compiled(text)
    assert "linear-gradient(90deg, #ff0000, #0000ff)" in html
    assert "href='{{ shop_url | default: \"https://x.example\" }}'" in html


# -- global styles and standard links ------------------------------------------------

STYLES = GlobalStyles(
    colors=[ColorVar("Brand", "#c8553d", id="k2j3m4n5p6q7")],
    fonts=[FontVar("Body", "Georgia", id="f2j3m4n5p6q7")],
)
BRAND = "globalStyles.colors.brand_k2j3m4n5p6q7"


def test_choices_offer_global_styles_and_standard_links() -> None:
    layers = layers_of(email('<x-cta href="#">Go</x-cta>'))
    color = P.choices(field(layers, "x-cta", "color"), STYLES)
    assert [(c.label, c.shown, str(c.write)) for c in color] == [("Brand", "#c8553d", BRAND)]
    fonts = P.choices(field(layers, "x-cta", "font-family"), STYLES)
    assert [str(c.write) for c in fonts] == ["globalStyles.fonts.body_f2j3m4n5p6q7"]
    assert [c.write for c in P.choices(field(layers, "x-cta", "href"), STYLES)] == [
        "{% unsubscribe_url %}",
        "{% view_in_browser_url %}",
        "{% manage_subscription_preferences_url %}",
    ]
    assert P.choices(field(layers, "x-cta", "track-link"), STYLES) == ()


@pytest.mark.parametrize(
    ("before", "value", "variant", "after", "css"),
    [
        (
            "<x-paragraph>t</x-paragraph>",
            P.GlobalRef(BRAND),
            "base",
            f'<x-paragraph :color="{BRAND}">t</x-paragraph>',
            "color:#c8553d",
        ),
        (
            '<x-paragraph color="#111">t</x-paragraph>',
            P.GlobalRef(BRAND),
            "base",
            f'<x-paragraph :color="{BRAND}">t</x-paragraph>',
            "color:#c8553d",
        ),
        (
            f'<x-paragraph :color="{BRAND}">t</x-paragraph>',
            "#eee",
            "dark",
            f"<x-paragraph :color=\"{{ light: {BRAND}, dark: '#eee' }}\">t</x-paragraph>",
            "color:#eee !important",
        ),
        (
            f'<x-paragraph :color="{BRAND}">t</x-paragraph>',
            "#111",
            "base",
            '<x-paragraph color="#111">t</x-paragraph>',
            "color:#111",
        ),
        (
            "<x-paragraph :color=\"{ light: '#111', dark: '#eee' }\">t</x-paragraph>",
            P.GlobalRef(BRAND),
            "dark",
            f"<x-paragraph :color=\"{{ light: '#111', dark: {BRAND} }}\">t</x-paragraph>",
            "color:#c8553d !important",
        ),
    ],
)
def test_global_style_references_are_written_bare(
    before: str, value: str | P.GlobalRef, variant: str, after: str, css: str
) -> None:
    text = email(before)
    layers = layers_of(text)
    edit = P.set_value(layers, [first(layers, "x-paragraph")], "color", value, variant=variant)
    assert edit is not None
    result = edit.result(text)
    assert result == email(after)
    assert css in _compiled_with_styles(result)


def test_global_reference_read_and_reset() -> None:
    text = email(f"<x-paragraph :color=\"{{ light: {BRAND}, dark: '#eee' }}\">t</x-paragraph>")
    layers = layers_of(text)
    f = field(layers, "x-paragraph", "color")
    assert (f.value, f.expression, P.is_global(f.value)) == (BRAND, None, True)
    edit = P.reset(layers, [first(layers, "x-paragraph")], "color", variant="dark")
    assert edit is not None
    assert edit.result(text) == email(f'<x-paragraph :color="{BRAND}">t</x-paragraph>')
    html = _compiled_with_styles(text)
    cls = _rule_class(html, "@media (prefers-color-scheme: dark)", "color:#eee")
    assert re.search(rf'class="[^"]*{cls}[^"]*" style="[^"]*color:#c8553d', html)


def test_a_standard_link_compiles() -> None:
    text = email('<x-cta href="#">Go</x-cta>')
    layers = layers_of(text)
    edit = P.set_value(layers, [first(layers, "x-cta")], "href", "{% unsubscribe_url %}")
    assert edit is not None
    assert "{% unsubscribe_url %}" in _compiled(edit.result(text))


def _compiled_with_styles(text: str) -> str:
    result = compile_email(text, project=Project(styles=STYLES, components=LIBRARY))
    errors = [i for i in result.issues if i.severity.name == "ERROR"]
    assert errors == [], errors
    return result.html


# -- array items added and removed ------------------------------------------------------

LINKS = library_from_sources(
    {
        "components/kit-card.html": KIT,
        "components/link-list.html": """<script>
export const props = Component.defineProps({
  links: Component.props.object({ label: Component.props.string(),
    href: Component.props.string(), note: Component.props.string().optional() }).array()
    .default([]),
});
</script>
<template><p>links</p></template>
""",
    }
)


@dataclass(frozen=True)
class Item:
    description: str
    before: str
    name: str
    path: tuple[str | int, ...]
    remove: bool
    after: str


ITEMS = [
    Item(
        "added to a list",
        "<kit-card :tags=\"['a', 'b']\"></kit-card>",
        "tags",
        (),
        False,
        "<kit-card :tags=\"['a', 'b', '']\"></kit-card>",
    ),
    Item(
        "added where none is written",
        "<kit-card count='2'></kit-card>",
        "tags",
        (),
        False,
        "<kit-card count='2' :tags='[\"\"]'></kit-card>",
    ),
    Item(
        "removed",
        "<kit-card :tags=\"['a', 'b']\"></kit-card>",
        "tags",
        (0,),
        True,
        "<kit-card :tags=\"['b']\"></kit-card>",
    ),
    Item(
        "an object item gets its required keys",
        "<link-list></link-list>",
        "links",
        (),
        False,
        "<link-list :links=\"[{ label: '', href: '' }]\"></link-list>",
    ),
    Item(
        "an object item removed",
        "<link-list :links=\"[{ label: 'A', href: 'a' }, { label: 'B', href: 'b' }]\"></link-list>",
        "links",
        (1,),
        True,
        "<link-list :links=\"[{ label: 'A', href: 'a' }]\"></link-list>",
    ),
]


@pytest.mark.parametrize("case", ITEMS, ids=lambda c: c.description)
def test_array_items_added_and_removed(case: Item) -> None:
    text = email(case.before)
    layers = build_layers(text, LINKS)
    tag = case.before[
        1 : case.before.index(" ") if " " in case.before.split(">")[0] else case.before.index(">")
    ]
    rows = [first(layers, tag)]
    edit = (
        P.remove_item(layers, rows, case.name, case.path)
        if case.remove
        else P.add_item(layers, rows, case.name, path=case.path)
    )
    assert edit is not None and edit.result(text) == email(case.after)


def test_array_edits_refused_where_not_a_literal_list() -> None:
    layers = build_layers(email('<kit-card :tags="names"></kit-card>'), LINKS)
    with pytest.raises(P.PropertyError, match="JavaScript expression"):
        P.add_item(layers, [first(layers, "kit-card")], "tags")
    with pytest.raises(P.PropertyError, match="not a list"):
        P.add_item(layers, [first(layers, "kit-card")], "count")
    one = layers_of(email("<kit-card :tags=\"['a']\"></kit-card>"))
    with pytest.raises(P.PropertyError, match="no item 3"):
        P.remove_item(one, [first(one, "kit-card")], "tags", (2,))
