"""Prop validation (zod wording, located at the host), coercion, defaults, fall-through."""

from __future__ import annotations

from tests.components.custom.helpers import body, compile_email

CARD = """<script>
export const props = Component.defineProps({
  title: Component.props.string(),
  size: Component.props.number().default(16),
  align: Component.props.enum(['left', 'center', 'right']).optional(),
  bold: Component.props.boolean().optional(),
  tags: Component.props.string().array().optional(),
});
</script>
<template><p :style="{'font-size': size + 'px', 'text-align': align}"
>${title}|${typeof size}|${bold}|${tags}</p></template>"""


def test_literals_are_coerced_to_the_schema_type() -> None:
    r = compile_email(
        {"my-card": CARD}, '<my-card title="Hi" size="20" align="center" bold></my-card>'
    )
    assert r.errors == [], r.explain()
    assert body(r.html) == '<p style="font-size:20px;text-align:center">Hi|number|true|</p>'


def test_defaults_and_optional() -> None:
    r = compile_email({"my-card": CARD}, "<my-card title=\"Hi\" :tags=\"['a', 'b']\"></my-card>")
    assert r.errors == [], r.explain()
    assert body(r.html) == '<p style="font-size:16px">Hi|number||a,b</p>'


def test_zod_messages_located_at_the_host() -> None:
    r = compile_email(
        {"my-card": CARD}, '<p>x</p>\n<my-card size="big" align="x" :bold="1"></my-card>'
    )
    msgs = {i.message: i for i in r.issues if i.rule == "props/invalid"}
    assert set(msgs) == {
        "<my-card> title: Required",
        "<my-card> size: Expected number, received string",
        "<my-card> align: Invalid enum value. Expected 'left' | 'center' | 'right', received 'x'",
        "<my-card> bold: Expected boolean, received number",
    }
    size = msgs["<my-card> size: Expected number, received string"]
    assert (size.file, size.line, size.column) == ("emails/e.html", 2, 10)
    required = msgs["<my-card> title: Required"]
    assert (required.line, required.column) == (2, 1)
    # the email still compiles: invalid values fall back to the default
    assert "font-size:16px" in r.html


def test_array_item_paths_are_named() -> None:
    r = compile_email({"my-card": CARD}, '<my-card title="a" :tags="[\'a\', 2]"></my-card>')
    assert "<my-card> tags.1: Expected string, received number" in [i.message for i in r.issues]


def test_dynamic_values_accepted_only_when_declared() -> None:
    comp = """<script>export const props = Component.defineProps({
      color: Component.props.withDynamicStyles(Component.props.string(), {darkMode: true}),
      plain: Component.props.string().optional() });</script>
      <template><p>${color.light}/${color.dark}</p></template>"""
    r = compile_email({"c-dyn": comp}, "<c-dyn :color=\"{light: '#000', dark: '#fff'}\"></c-dyn>")
    assert r.errors == [], r.explain()
    assert body(r.html) == "<p>#000/#fff</p>"
    r = compile_email(
        {"c-dyn": comp},
        "<c-dyn :color=\"{light: '#000', medium: '#111'}\" :plain=\"{light: 'a'}\"></c-dyn>",
    )
    messages = [i.message for i in r.issues if i.rule == "props/invalid"]
    assert "<c-dyn> color: Unrecognized key(s) in object: 'medium'" in messages
    assert "<c-dyn> plain: Expected string, received object" in messages


def test_props_are_validated_with_the_shared_schema_objects() -> None:
    from components.schema import StringSchema
    from tests.components.custom.helpers import library

    lib = library({"my-card": CARD})
    component = lib.get("my-card")
    assert component is not None
    assert isinstance(component.definition.prop_map["title"].schema, StringSchema)


def test_array_form_passes_values_without_validation() -> None:
    comp = (
        "<script>export const props = Component.defineProps(['prop-1', 'prop-2'])</script>"
        "<template><i>${props['prop-1']}-${typeof props['prop-2']}</i></template>"
    )
    r = compile_email({"c-arr": comp}, '<c-arr prop-1="a" :prop-2="3"></c-arr>')
    assert r.errors == [] and body(r.html) == "<i>a-number</i>"


def test_liquid_in_a_prop_is_kept() -> None:
    r = compile_email({"my-card": CARD}, '<my-card title="{{ customer.first_name }}"></my-card>')
    assert r.errors == []
    assert "{{ customer.first_name }}|" in r.html


def test_fall_through_to_the_single_root() -> None:
    r = compile_email(
        {"my-card": CARD},
        '<my-card title="a" class="extra" id="x1" style="margin:0" data-k="v" '
        "{% if a %}hidden{% endif %}></my-card>",
    )
    assert r.errors == [], r.explain()
    out = body(r.html)
    assert out.startswith(
        '<p class="extra" id="x1" style="font-size:16px;margin:0" data-k="v"'
        " {% if a %}hidden{% endif %}>"
    )


def test_fall_through_with_several_roots_warns_and_drops() -> None:
    comp = "<script></script><template><p>a</p><p>b</p></template>"
    r = compile_email({"two-roots": comp}, '<two-roots id="x"></two-roots>')
    assert r.rules() == ["components/fall-through"]
    assert 'id="x"' not in r.html


def test_fall_through_onto_a_standard_component_root() -> None:
    comp = "<script></script><template><x-paragraph>Hi</x-paragraph></template>"
    r = compile_email({"my-para": comp}, '<my-para class="lead" style="color:red"></my-para>')
    assert r.errors == [], r.explain()
    assert 'class="mw-p lead"' in r.html or "lead" in r.html
    assert "color:red" in r.html


def test_literal_array_and_object_props_are_coerced() -> None:
    comp = """<script>
export const props = Component.defineProps({
  layout: Component.props.array(Component.props.number()),
  opts: Component.props.object({ n: Component.props.number() }).optional(),
});
</script><template><p>${layout.length}:${layout.join('+')}:${opts ? opts.n : '-'}</p></template>"""
    r = compile_email({"my-grid": comp}, '<my-grid layout="[50,50]" opts="{n: 3}"></my-grid>')
    assert r.errors == [], r.explain()
    assert body(r.html) == "<p>2:50+50:3</p>"


def test_invalid_literal_array_is_a_located_zod_error() -> None:
    comp = """<script>
export const props = Component.defineProps({
  layout: Component.props.array(Component.props.number()).default([100]),
});
</script><template><p>${layout.join('+')}</p></template>"""
    r = compile_email({"my-grid": comp}, '<p>x</p>\n  <my-grid layout="[50,50"></my-grid>')
    issue = next(i for i in r.issues if i.rule == "props/invalid")
    assert issue.message == (
        "<my-grid> layout: Expected array, received string (not a valid "
        "array literal: expected ',' or ']' at character 7)"
    )
    assert (issue.file, issue.line, issue.column) == ("emails/e.html", 2, 12)
    assert body(r.html) == "<p>x</p><p>100</p>"


def test_unset_props_are_undefined_as_bare_names_too() -> None:
    comp = """<script>
export const props = Component.defineProps({
  note: Component.props.string().optional(),
  given: Component.props.string().optional(),
});
const seen = typeof note;
</script><template><p>${typeof note}|${note === undefined}|${props.note === undefined}|\
${seen}|${given}</p></template>"""
    r = compile_email({"my-note": comp}, '<my-note given="x"></my-note>')
    assert r.errors == [], r.explain()
    assert body(r.html) == "<p>undefined|true|true|undefined|x</p>"


def test_an_unset_prop_shadows_an_outer_name() -> None:
    # the bare name is an own property of the instance scope even when undefined, so a
    # PascalCase component constant or an outer loop variable never leaks in
    inner = """<script>export const props = Component.defineProps({
  item: Component.props.string().optional() });</script>
<template><i>${typeof item}</i></template>"""
    outer = """<script>const items = ['a'];</script>
<template><b #each="item in items"><in-ner></in-ner></b></template>"""
    r = compile_email({"in-ner": inner, "out-er": outer}, "<out-er></out-er>")
    assert r.errors == [], r.explain()
    assert body(r.html) == "<b><i>undefined</i></b>"
