"""Reading component files: top-level elements, config, prop and slot schemas, legacy syntax."""

from __future__ import annotations

from components.custom import read_definition
from components.custom.definition import ComponentDefinition
from components.js import JSEngine
from components.schema import ArraySchema, EnumSchema, NumberSchema, ObjectSchema, StringSchema


def read(text: str, file: str = "components/my-card.html") -> ComponentDefinition:
    return read_definition(text, file, JSEngine())


STARTER = """<!-- Insert this component in your email with the following code:
<example-component></example-component> -->
<script> export const config = { label: "example component",
presets: [ { label: "example component",
content: `<example-component></example-component>` } ] }
// export const slots = Component.defineSlots({ // default: {
// schema: Component.slots.text(),
</script>
<template> <p>Content goes here</p> </template>"""


def test_starter_component_reads_clean() -> None:
    d = read(STARTER, "components/example-component.html")
    assert d.issues == []
    assert d.tag == "example-component"
    assert d.label == "example component"
    assert d.insertable
    assert d.presets[0].content == "<example-component></example-component>"


def test_no_presets_hides_from_insert_menu() -> None:
    d = read(
        '<script>export const config = { label: "my-paragraph" }</script>'
        "<template><slot>Content goes here</slot></template>",
        "components/my-paragraph.html",
    )
    assert d.issues == []
    assert not d.insertable
    assert d.describe()["insertable"] is False


def test_config_fields() -> None:
    d = read(
        """<script>export const config = { label: "Base", componentType: "root",
      allowedParents: ['custom-footer'] }</script><template>x</template>""",
        "components/my-base.html",
    )
    assert d.component_type == "root"
    assert d.allowed_parents == ("custom-footer",)


def test_preset_content_must_use_the_tag() -> None:
    d = read("""<script>export const config = { label: "A", presets: [{label: "A",
      content: `<other-tag></other-tag>`}] }</script><template>x</template>""")
    assert [i.rule for i in d.warnings] == ["components/preset-tag"]
    assert "<my-card>" in d.warnings[0].message


def test_bad_tag_name_names_the_rule() -> None:
    d = read("<script></script><template>x</template>", "components/x-card.html")
    assert d.errors and "must not start with x-" in d.errors[0].message


def test_required_and_allowed_top_level_elements() -> None:
    d = read("<template>x</template>")
    assert [i.rule for i in d.errors] == ["components/missing-element"]
    assert "<script>" in d.errors[0].message
    d = read("<script></script>")
    assert "<template>" in d.errors[0].message
    d = read("<script></script><template>x</template><div>stray</div>")
    assert d.errors[0].rule == "components/top-level"
    assert (d.errors[0].line, d.errors[0].column) == (1, 40)
    d = read(
        "<script></script><template>x</template><style>a{}</style><title>t</title>"
        '<meta name="robots" content="noindex"><link rel="stylesheet" href="a.css">'
    )
    assert d.issues == []


def test_props_object_form_keeps_every_panel_key() -> None:
    d = read("""<script>
export const props = Component.defineProps({
  color: { section: 'Text', label: 'Color', schema: Component.props.string().optional(),
           type: 'color', helpText: 'The text colour' },
  'font-size': { section: 'Text', label: 'Size', schema: Component.props.number().default(16),
                 type: 'number', min: 14, max: 30, step: 2 },
  'text-align': { schema: Component.props.enum(['left', 'center', 'right']).optional(),
    type: 'toggle', options: [ { label: 'Left', value: 'left', icon: 'format_align_left' },
    { label: 'Center', value: 'center', icon: 'format_align_center', optgroup: 'Main' } ] },
  padding: { schema: Component.props.string().optional().default('10px'), type: 'box',
             collapsedInput: 'axis' },
  src: { schema: Component.props.string(), type: 'media', accept: 'image/*',
         placeholder: 'Paste the image url here...' },
  width: { schema: Component.props.string().optional(), type: 'size', units: ['auto', 'px'] },
  css: { schema: Component.props.string().optional(), type: 'textarea', multiLine: true,
         rows: 3, resize: 'vertical' },
  tags: Component.props.string().array().optional(),
  items: Component.props.array(Component.props.object({ name: Component.props.string() })),
  bg: { schema: Component.props.withDynamicStyles(Component.props.string(),
                                                   { darkMode: true, responsive: true })
        .optional(), type: 'background' },
});
</script><template>x</template>""")
    assert d.issues == []
    p = d.prop_map
    assert isinstance(p["color"].schema, StringSchema) and p["color"].schema.is_optional
    assert p["color"].help_text == "The text colour" and p["color"].type == "color"
    fs = p["font-size"]
    assert isinstance(fs.schema, NumberSchema) and fs.schema.default_value == 16
    assert (fs.min, fs.max, fs.step) == (14, 30, 2)
    ta = p["text-align"]
    assert isinstance(ta.schema, EnumSchema) and ta.schema.values == ("left", "center", "right")
    assert ta.options[0].icon == "format_align_left" and ta.options[1].optgroup == "Main"
    assert p["padding"].collapsed_input == "axis" and p["padding"].schema.default_value == "10px"
    assert p["src"].accept == "image/*" and p["src"].placeholder.startswith("Paste")
    assert p["width"].units == ("auto", "px")
    assert dict(p["css"].extra) == {"rows": 3, "multiLine": True, "resize": "vertical"}
    assert isinstance(p["tags"].schema, ArraySchema)
    items = p["items"].schema
    assert isinstance(items, ArraySchema) and isinstance(items.item, ObjectSchema)
    bg = p["bg"].schema
    assert bg.dynamic.dark_mode and bg.dynamic.responsive and bg.is_optional
    described = d.describe()["props"]
    assert isinstance(described, list) and described[1]["min"] == 14


def test_min_max_written_as_strings_are_numbers() -> None:
    # component-properties writes min: '1', max: '100' (strings) — component-language §3.
    d = read("""<script>export const props = Component.defineProps({ 'font-size': {
      label: 'Size', schema: Component.props.number().optional(), type: 'number',
      min: '1', max: '100' } })</script><template>x</template>""")
    assert (d.prop_map["font-size"].min, d.prop_map["font-size"].max) == (1, 100)


def test_props_array_form() -> None:
    d = read(
        "<script>export const props = Component.defineProps(['prop-1', 'prop-2'])</script>"
        "<template>x</template>"
    )
    assert d.props_form == "array"
    assert [p.name for p in d.props] == ["prop-1", "prop-2"]


def test_unsupported_schema_is_an_error() -> None:
    d = read(
        "<script>export const props = Component.defineProps({ a: 'string' })</script>"
        "<template>x</template>"
    )
    assert d.errors[0].rule == "components/props"
    assert "Component.props" in d.errors[0].message


def test_slots() -> None:
    d = read("""<script>export const slots = Component.defineSlots({
      default: { schema: Component.slots.text(), marks: ['bold', 'italic'] },
      title: { schema: Component.slots.text() },
      article: Component.slots.children(['x-paragraph']).min(1).max(3),
      any: { schema: Component.slots.any() } })</script>
      <template><slot/><slot name="title"/><slot name="article"/></template>""")
    assert d.issues == []
    s = d.slots
    assert s["default"].marks == ("bold", "italic")
    assert "linebreak" not in s["title"].marks
    assert (s["article"].kind, s["article"].tags, s["article"].min, s["article"].max) == (
        "children",
        ("x-paragraph",),
        1,
        3,
    )
    assert s["any"].kind == "any"
    assert d.template_slots == {"default", "title", "article"}


def test_min_is_only_chainable_on_children() -> None:
    d = read(
        "<script>export const slots = Component.defineSlots({ default: "
        "Component.slots.text().min(1) })</script><template>x</template>"
    )
    # the script fails when it runs: TypeError at the use site (reported per instance)
    assert "default" not in d.slots


def test_script_syntax_error_is_located() -> None:
    d = read("<template>x</template>\n<script>\nconst a = 1;\nconst b = ;\n</script>")
    assert d.errors[0].rule == "components/script-syntax"
    assert (d.errors[0].line, d.errors[0].column) == (4, 11)


def test_import_is_refused() -> None:
    d = read("<script>\nimport fs from 'fs';\n</script><template>x</template>")
    assert d.errors[0].rule == "components/sandbox"
    assert d.errors[0].line == 2
    d = read("<script>const m = import('/etc/passwd');</script><template>x</template>")
    assert d.errors[0].rule == "components/sandbox"


def test_legacy_parcel_syntax_names_the_current_form() -> None:
    cases = {
        '<component><fieldset><input type="url" name="link"></fieldset><a set:href="link">x'
        "</a></component>": ["<template>", "Component.defineProps"],
        '<script></script><template><a set:href="link">x</a></template>': ["#set:href"],
        '<script></script><template><li foreach="x in xs">${x}</li></template>': ["#each"],
        "<script></script><style discrete>.a{}</style><template>x</template>": ["#isolated"],
        '<script></script><template><p #if="a">a</p><p elseif="b">b</p></template>': ["#else-if"],
        '<fieldset><input type="text" name="alt-text"></fieldset><script></script>'
        "<template>x</template>": ["Component.defineProps"],
    }
    for text, words in cases.items():
        d = read(text)
        legacy = [i for i in d.errors if i.rule == "components/legacy-syntax"]
        assert legacy, text
        joined = " ".join(i.message for i in legacy)
        for w in words:
            assert w in joined, (text, joined)


def test_unknown_directive_is_named() -> None:
    d = read('<script></script><template><p #text="a">x</p></template>')
    issue = next(i for i in d.issues if i.rule == "components/unknown-directive")
    assert "#text" in issue.message and issue.is_error
    assert (issue.line, issue.column) == (1, 31)


def test_mjml_inside_a_component_is_an_error_naming_the_rule() -> None:
    text = (
        "<script></script><template><div>\n  <mj-section><mj-column><mj-text>x</mj-text>"
        "</mj-column></mj-section></div></template>"
    )
    for file in ("components/my-card.html", "components/my-card.mjml"):
        d = read(text, file)
        errors = [i for i in d.errors if i.rule == "components/mjml-inside"]
        assert len(errors) == 1, d.issues
        assert (errors[0].line, errors[0].column) == (2, 3)
        assert "MJML is not allowed inside a component" in errors[0].message
        assert "<mj-section> (and 2 more MJML tags)" in errors[0].message
    assert [
        i.rule for i in read('<script></script><template><p #is="mj-text">x</p></template>').errors
    ] == ["components/mjml-inside"]


def test_mjml_component_file_reads_clean() -> None:
    d = read("<script></script><template><p>hi</p></template>", "components/promo-box.mjml")
    assert d.issues == [] and d.tag == "promo-box"
