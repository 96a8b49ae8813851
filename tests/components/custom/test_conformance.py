"""Issue 3 conformance: the documented examples that no other test carries verbatim.

Every example of the pages issue 3 lists is a golden test; the map from each example
to its test is in docs/component-language.md ("Issue 3 coverage"). The component-loops
examples are fixture folders (test_golden.py); directives, styles and slots examples
mostly live in test_directives.py, test_styles.py and test_slots.py. This file holds
the rest, copied from the pages as they are written (the pages are reflowed text, so
whitespace differs). Where the page shows output, the output is compared structurally
(``body``: whitespace-insensitive, marks and leading ``<style>`` blocks removed). Where
the page's example has a mistake (component-language §3, or one found here), the test id
names it and the test checks the intended behaviour.
"""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from components.custom import read_definition
from components.js import JSEngine
from components.markup import parse
from components.validate import validate
from styles.model import ColorVar, GlobalStyles
from tests.components.custom.helpers import body, compile_email, library, norm


def page(name: str, example: str, mistake: str = "") -> str:
    return f"{name}: {example}" + (f" [doc mistake: {mistake}]" if mistake else "")


# -- code-custom-component.md ------------------------------------------------------------

STARTER = """<!-- Insert this component in your email with the following code:
<example-component></example-component> -->
<script>
export const config = {
  label: "example component",
  presets: [ { label: "example component", content: `<example-component></example-component>` } ]
}
// export const slots = Component.defineSlots({
//   default: {
//     schema: Component.slots.text(),
//   },
// });
// export const props = Component.defineProps({
// });
</script>
<template> <p>Content goes here</p> </template>"""


def test_code_custom_component_starter_renders_its_template() -> None:
    # the page's text is reflowed; the starter is laid out here as the editor provides it
    # (each `//` comment on its own line)
    r = compile_email({"example-component": STARTER}, "<example-component></example-component>")
    assert r.errors == [], r.explain()
    # "render the content of the <template> in the final source code"; the file's leading
    # HTML comment is not part of the template
    assert body(r.html) == "<p>Content goes here</p>"
    d = r.library.get("example-component")
    assert d is not None and d.definition.insertable
    assert d.definition.presets[0].content == "<example-component></example-component>"


HIDE = """<script>export const config = { "label": "My paragraph", presets: [
{ label: "My paragraph", content: `<my-paragraph></my-paragraph>` } ] }</script>
<template><p><slot>Add text</slot></p></template>"""


def test_code_custom_component_deleting_presets_hides_from_insert_menu() -> None:
    shown = library({"my-paragraph": HIDE}).get("my-paragraph")
    without = HIDE.replace(
        """, presets: [
{ label: "My paragraph", content: `<my-paragraph></my-paragraph>` } ]""",
        "",
    )
    hidden = library({"my-paragraph": without}).get("my-paragraph")
    assert shown is not None and hidden is not None
    assert shown.definition.insertable and not hidden.definition.insertable
    assert hidden.definition.label == "My paragraph"
    # "You'll still be able to add the custom component to the code editor"
    r = compile_email({"my-paragraph": without}, "<my-paragraph>Hi</my-paragraph>")
    assert r.errors == [] and body(r.html) == "<p>Hi</p>"


def test_code_custom_component_troubleshooting_tag_must_match_presets_content() -> None:
    # "if your component tag name is 'custom-footer', then presets.content must include
    # <custom-footer></custom-footer>" (also migrate-comp-from-parcel)
    comp = """<script>export const config = { label: "Footer", presets: [ { label: "Footer",
    content: `<site-footer></site-footer>` } ] }</script><template><p>f</p></template>"""
    lib = library({"custom-footer": comp})
    issue = next(i for i in lib.issues if i.rule == "components/preset-tag")
    assert "<custom-footer>" in issue.message and issue.file == "components/custom-footer.html"


# -- custom-comp-syntax.md ---------------------------------------------------------------


@pytest.mark.parametrize(
    "x",
    [0],
    ids=[
        page(
            "custom-comp-syntax",
            "meta in the head, once",
            "the snippet omits the required <script>",
        )
    ],
)
def test_custom_comp_syntax_meta(x: int) -> None:
    comp = (
        '<script></script><meta name="robots" content="noindex" /> <template>This is the '
        "component</template>"
    )
    r = compile_email(
        {"robots-meta": comp},
        "<x-base><robots-meta></robots-meta><robots-meta></robots-meta></x-base>",
    )
    assert r.errors == [], r.explain()
    head, after = r.html.split("</head>")
    assert head.count('<meta name="robots" content="noindex" />') == 1
    assert "robots" not in after and after.count("This is the component") == 2
    # as written (no <script>) the file is reported, naming what is missing
    as_written = compile_email(
        {"robots-meta": comp.replace("<script></script>", "")}, "<robots-meta></robots-meta>"
    )
    assert any("needs a <script> element" in i.message for i in as_written.errors)


def test_custom_comp_syntax_non_identical_head_tags_are_all_kept() -> None:
    one = (
        '<script></script><meta name="robots" content="noindex"><link rel="stylesheet" '
        'href="a.css"><template>1</template>'
    )
    two = (
        '<script></script><meta name="robots" content="nofollow"><link rel="stylesheet" '
        'href="b.css"><template>2</template>'
    )
    r = compile_email(
        {"meta-one": one, "meta-two": two},
        "<x-base><meta-one></meta-one><meta-two></meta-two></x-base>",
    )
    head = r.html.split("</head>")[0]
    assert 'content="noindex"' in head and 'content="nofollow"' in head
    assert 'href="a.css"' in head and 'href="b.css"' in head


def test_custom_comp_syntax_comments() -> None:
    comp = """<script> // I'm a standard JavaScript comment.
    const shown = 'yes' </script>
    <style> /* This is a standard CSS comment */ .c { color: red } </style>
    <template> <!-- I'm a standard HTML comment --> <p class="c">${shown}</p> </template>"""
    r = compile_email({"commented-one": comp}, "<commented-one></commented-one>")
    assert r.errors == [], r.explain()
    out = norm(r.html)
    # "we compile comments inside the <template> and <style> tags into the final output"
    assert "/* This is a standard CSS comment */" in out
    assert body(r.html) == '<!-- I\'m a standard HTML comment --><p class="c">yes</p>'
    assert "JavaScript comment" not in out


def test_custom_comp_syntax_config_is_a_static_object() -> None:
    comp = """<script> export const config = { label: "example component", presets: [ { label:
    "example component", content: `<example-component></example-component>` } ] } </script>
    <template><p>x</p></template>"""
    d = read_definition(comp, "components/example-component.html", JSEngine())
    assert d.issues == [] and d.label == "example component"
    assert [p.label for p in d.presets] == ["example component"]


# -- directives.md -----------------------------------------------------------------------


def test_directives_set_class_string_form_as_written() -> None:
    # the page writes the string form without quotes: `#set:class="class1 class2 class3 "`
    # — not valid JavaScript; a value made only of class names is taken as the class list
    comp = '<script></script><template><div #set:class="class1 class2 class3 " ></div></template>'
    r = compile_email({"class-string": comp}, "<class-string></class-string>")
    assert r.errors == [], r.explain()
    assert body(r.html) == '<div class="class1 class2 class3"></div>'
    # a class-name-looking value that is valid JavaScript is still evaluated …
    named = compile_email(
        {
            "class-string": "<script>const primary = 'btn btn-primary'</script>"
            '<template><a :class="primary">x</a></template>'
        },
        "<class-string></class-string>",
    )
    assert body(named.html) == '<a class="btn btn-primary">x</a>'
    # … and a name that is not defined is still reported, not silently used as a class
    typo = compile_email(
        {"class-string": '<script></script><template><a :class="primray">x</a></template>'},
        "<class-string></class-string>",
    )
    assert "expr/runtime" in typo.rules()


def test_directives_math_random_examples_give_one_of_the_documented_outputs() -> None:
    comp = """<script></script><template><div #class:my-class>Test</div> <div
    #set:class:my-class="Math.random() > 0.5">Test</div> <div #style:background="blue">Test</div>
    <div #set:style:background="Math.random() > 0.5 ? 'blue' : 'red'">Test</div></template>"""
    seen: set[str] = set()
    for _ in range(12):
        r = compile_email({"random-one": comp}, "<random-one></random-one>")
        assert r.errors == [], r.explain()
        out = body(r.html)
        first, second, third, fourth = re.findall(r"<div[^>]*>Test</div>", out)
        assert first == '<div class="my-class">Test</div>'
        assert second in ('<div class="my-class">Test</div>', "<div>Test</div>")
        assert third == '<div style="background:blue">Test</div>'
        assert fourth in (
            '<div style="background:blue">Test</div>',
            '<div style="background:red">Test</div>',
        )
        seen.add(second + fourth)
    assert len(seen) > 1  # really random, really evaluated each compile


def test_directives_set_is_picks_between_two_components() -> None:
    comps = {
        "pick-one": '<script></script><template><a #set:is="Math.random() > 0.5 ? CustomButton '
        ': AnotherButton">Click me</a></template>',
        "custom-button": '<script></script><template><a class="one"><slot/></a></template>',
        "another-button": '<script></script><template><a class="two"><slot/></a></template>',
    }
    outs = set()
    for _ in range(12):
        r = compile_email(comps, "<pick-one></pick-one>")
        assert r.errors == [], r.explain()
        outs.add(body(r.html))
    assert outs <= {'<a class="one">Click me</a>', '<a class="two">Click me</a>'}
    assert len(outs) == 2


def test_directives_slot_fills_named_slots_of_layout() -> None:
    layout = """<script>export const slots = Component.defineSlots({ header:
    Component.slots.text(), default: Component.slots.text(), footer: Component.slots.text() })
    </script><template><header><slot name="header"/></header><main><slot/></main>
    <footer><slot name="footer"/></footer></template>"""
    email = """<layout> <fragment #slot="header">This goes in the header slot</fragment>
<fragment>This goes in the default slot</fragment> <fragment #slot="footer">This goes in the
footer slot</fragment> </layout>"""
    r = compile_email({"layout": layout}, email)
    assert r.errors == [], r.explain()
    assert body(r.html) == (
        "<header>This goes in the header slot</header><main>This goes in "
        "the default slot</main><footer>This goes in the footer slot"
        "</footer>"
    )


def test_directives_slot_cannot_be_dynamic() -> None:
    layout = '<script></script><template><slot name="header"/></template>'
    r = compile_email(
        {
            "layout": layout,
            "uses-it": "<script></script><template><layout>"
            "<i :slot=\"'header'\">x</i></layout></template>",
        },
        "<uses-it></uses-it>",
    )
    assert any(
        "#slot cannot have dynamic values" in i.message for i in r.issues + r.library.issues
    ), r.explain()


@pytest.mark.parametrize(
    "x", [0], ids=[page("directives", "#set=props passes every prop to x-paragraph")]
)
def test_directives_set_props_passes_all_props(x: int) -> None:
    comp = """<script>export const props = Component.defineProps({ color:
    Component.props.string().optional(), 'font-size': Component.props.number().optional(),
    'text-align': Component.props.enum(['left', 'center', 'right']).optional() })</script>
    <template> <x-paragraph #set="props"><slot/></x-paragraph> </template>"""
    r = compile_email(
        {"my-text": comp},
        '<my-text color="#123456" :font-size="30" text-align="right">Text</my-text>',
    )
    assert r.errors == [], r.explain()
    p = re.search(r"<p[^>]*>", body(r.html))
    assert p is not None
    for decl in ("color:#123456", "font-size:30px", "text-align:right"):
        assert decl in p.group(0), p.group(0)
    # unset optional props pass nothing: the paragraph's own defaults stay
    bare = compile_email({"my-text": comp}, "<my-text>Text</my-text>")
    assert bare.errors == [] and "#123456" not in bare.html


# -- component-properties.md -------------------------------------------------------------

MY_PARAGRAPH = """<script> export const config = { "label": "My paragraph", presets: [ {
label: "My paragraph", content: `<my-paragraph></my-paragraph>` } ] }; export const slots =
Component.defineSlots({ default: { schema: Component.slots.text(), marks: ['bold', 'italic',
'underline', 'strikethrough', 'link'] }, }); export const props = Component.defineProps({ color: {
section: 'Text', label: 'Color', schema: Component.props.string().optional(), type: 'color', },
'font-size': { section: 'Text', label: 'Size', schema: Component.props.number().default(16), type:
'number', min: 14, max: 30, }, 'text-align': { section: 'Text', label: 'Align', schema:
Component.props.enum(['left', 'center', 'right']).optional(), type: 'toggle', options: [ { label:
'Left', value: 'left', icon: 'format_align_left' }, { label: 'Center', value: 'center', icon:
'format_align_center' }, { label: 'Right', value: 'right', icon: 'format_align_right' }, ], } });
const styleObject = { color: props.color, 'font-size': props['font-size'] + 'px', 'text-align':
props['text-align'], 'line-height': '150%', }; </script> <template> <p #set:style="styleObject">
<slot>This is a paragraph</slot> </p> </template>"""


def test_component_properties_my_paragraph() -> None:
    plain = compile_email({"my-paragraph": MY_PARAGRAPH}, "<my-paragraph></my-paragraph>")
    assert plain.errors == [], plain.explain()
    # "If a property is not set, the value is undefined and won't be included"
    assert body(plain.html) == (
        '<p style="font-size:16px;line-height:150%">This is a paragraph</p>'
    )
    styled = compile_email(
        {"my-paragraph": MY_PARAGRAPH},
        '<my-paragraph color="#ff0000" :font-size="20" text-align="center">'
        "Hi <b>there</b></my-paragraph>",
    )
    assert styled.errors == [], styled.explain()
    assert body(styled.html) == body(
        '<p style="color:#ff0000;font-size:20px;text-align:center;'
        'line-height:150%">Hi <b>there</b></p>'
    )
    d = styled.library.get("my-paragraph")
    assert d is not None
    ta = d.definition.prop_map["text-align"]
    assert [o.icon for o in ta.options] == [
        "format_align_left",
        "format_align_center",
        "format_align_right",
    ]
    bad = compile_email(
        {"my-paragraph": MY_PARAGRAPH}, '<my-paragraph text-align="x"></my-paragraph>'
    )
    assert [i.message for i in bad.issues if i.rule == "props/invalid"] == [
        "<my-paragraph> text-align: Invalid enum value. Expected 'left' | 'center' | 'right', "
        "received 'x'"
    ]


def test_component_properties_array_form() -> None:
    comp = """<script> export const props = Component.defineProps(['prop-1', 'prop-2', 'prop-3'])
    </script><template><p>${props['prop-1']}|${props['prop-2']}|${props['prop-3']}</p></template>"""
    r = compile_email({"three-props": comp}, '<three-props prop-1="a" :prop-2="2"></three-props>')
    assert r.errors == [], r.explain()
    assert body(r.html) == "<p>a|2|</p>"


VALIDATED = """<script>export const props = Component.defineProps({ 'prop-1':
Component.props.string().default("default value"), 'prop-2': Component.props.boolean(),
'prop-3': Component.props.string().array().optional(), 'prop-4': Component.props.enum(['left',
'center', 'right']).optional() })</script>
<template><p>${props['prop-1']}|${props['prop-2']}|${props['prop-3']}|${props['prop-4']}</p>
</template>"""


def test_component_properties_validation_schemas() -> None:
    ok = compile_email(
        {"valid-props": VALIDATED},
        "<valid-props prop-2 :prop-3=\"['a','b']\" prop-4=\"left\"></valid-props>",
    )
    assert ok.errors == [], ok.explain()
    assert body(ok.html) == "<p>default value|true|a,b|left</p>"
    bad = compile_email(
        {"valid-props": VALIDATED},
        '<valid-props :prop-1="5" :prop-3="[1]" prop-4="up"></valid-props>',
    )
    messages = sorted(i.message for i in bad.issues if i.rule == "props/invalid")
    assert messages == [
        "<valid-props> prop-1: Expected string, received number",
        "<valid-props> prop-2: Required",
        "<valid-props> prop-3.0: Expected string, received number",
        "<valid-props> prop-4: Invalid enum value. Expected 'left' | 'center' | 'right', "
        "received 'up'",
    ]


PROPERTY_TYPES = """<script>
export const props = Component.defineProps({
background: { label: 'Background', section: 'Styles', schema:
Component.props.string().optional(), type: 'background', },
padding: { label: 'Padding', section: 'Layout', schema:
Component.props.string().optional().default('10px'), type: 'box', collapsedInput: 'axis', },
color: { label: 'Text color', section: 'Text styles', schema: Component.props.string().optional(),
type: 'color', },
'font-family': { label: 'Font family', section: 'Styles', schema:
Component.props.string().optional(), type: 'font-family', },
src: { label: 'Source', schema: Component.props.string(), type: 'media', accept: 'image/*',
placeholder: 'Paste the image url here...', },
'font-size': { label: 'Size', section: 'Text styles', schema: Component.props.number().optional(),
type: 'number', min: '1', max: '100', },
'border-radius': { label: 'Radius', section: 'Styles', schema:
Component.props.string().optional(), type: 'radius', },
'font-weight': { section: 'Text Styles', label: 'Weight', schema:
Component.props.string().optional(), type: 'select', options: [ { label: 'Light', value: '300' },
{ label: 'Normal', value: '400' }, { label: 'Bold', value: '700' }, ], },
'box-shadow': { section: 'Styles', label: 'Shadow', schema: Component.props.string().optional(),
type: 'shadow', },
'width': { section: 'Layout', label: 'Width', schema: Component.props.string().optional(), type:
'size', units: ['auto', 'px'], },
'letter-spacing': { label: 'Letter spacing', section: 'Text styles', schema:
Component.props.number().optional(), type: 'slider', min: 0, max: 1, step: 0.1, },
'social': { label: 'Include social', section: 'Options', schema:
Component.props.boolean().optional(), type: 'switch', },
'alt': { label: 'Alt text', schema: Component.props.string().optional(), type: 'text',
placeholder: 'Add image description...' },
css: { label: 'CSS Styles', schema: Component.props.string().optional(), type: 'textarea',
multiLine: true, rows: 3, resize: 'vertical' },
'text-align': { section: 'Text Style', label: 'Text Align', schema:
Component.props.enum(['left', 'center', 'right']).optional(), type: 'toggle', options: [ { label:
'Left', value: 'left', icon: 'format_align_left' }, { label: 'Center', value: 'center', icon:
'format_align_center' }, { label: 'Right', value: 'right', icon: 'format_align_right' }, ], },
'href': { label: 'Link', schema: Component.props.string().optional(), type: 'url', placeholder:
'Add destination...' },
});
const styleObject = { background: props.background, padding: props.padding, color: props.color,
'font-family': props['font-family'], 'font-size': props['font-size'] && props['font-size'] + 'px',
'border-radius': props['border-radius'], 'font-weight': props['font-weight'],
'box-shadow': props['box-shadow'], width: props.width,
'letter-spacing': props['letter-spacing'] && props['letter-spacing'] + 'em',
'text-align': props['text-align'] };
</script>
<template><a :href="href" :style="styleObject"><img :src="src" :alt="alt">
<i #if="social">social</i></a></template>"""


@pytest.mark.parametrize(
    "x",
    [0],
    ids=[
        page(
            "component-properties",
            "every property type's example",
            "the radius example's schema is number() but its output is a string of px values, "
            "and the "
            "font-family example ends in a stray quote; min/max are strings",
        )
    ],
)
def test_component_properties_every_type(x: int) -> None:
    r = compile_email(
        {"all-types": PROPERTY_TYPES},
        '<all-types background="rgba(255, 0, 0, 0.5)" padding="10px 20px" '
        'color="#00ff00" font-family="Georgia, serif" :font-size="18" '
        'border-radius="10px 20px 5px" font-weight="700" '
        'box-shadow="0 1px 2px #000" width="auto" :letter-spacing="0.1" social '
        'alt="A cat" text-align="right" href="https://x.test" src="c.png" '
        'css="a{}"></all-types>',
    )
    assert r.errors == [], r.explain()
    assert body(r.html) == (
        '<a href="https://x.test" style="background:rgba(255, 0, 0, 0.5);padding:10px 20px;'
        "color:#00ff00;font-family:Georgia, serif;font-size:18px;border-radius:10px 20px 5px;"
        "font-weight:700;box-shadow:0 1px 2px #000;width:auto;letter-spacing:0.1em;"
        'text-align:right"><img src="c.png" alt="A cat"><i>social</i></a>'
    )
    d = r.library.get("all-types")
    assert d is not None
    p = d.definition.prop_map
    types = {name: prop.type for name, prop in p.items()}
    assert types == {
        "background": "background",
        "padding": "box",
        "color": "color",
        "font-family": "font-family",
        "src": "media",
        "font-size": "number",
        "border-radius": "radius",
        "font-weight": "select",
        "box-shadow": "shadow",
        "width": "size",
        "letter-spacing": "slider",
        "social": "switch",
        "alt": "text",
        "css": "textarea",
        "text-align": "toggle",
        "href": "url",
    }
    assert p["padding"].collapsed_input == "axis" and p["padding"].schema.default_value == "10px"
    assert (p["font-size"].min, p["font-size"].max) == (1, 100)
    assert (p["letter-spacing"].min, p["letter-spacing"].max, p["letter-spacing"].step) == (
        0,
        1,
        0.1,
    )
    assert [o.value for o in p["font-weight"].options] == ["300", "400", "700"]
    assert p["width"].units == ("auto", "px")
    assert p["src"].accept == "image/*" and p["alt"].placeholder == "Add image description..."
    assert p["href"].placeholder == "Add destination..."
    # "The placeholder text is never included in the output email code."
    assert "Paste the image url" not in r.html and "Add destination" not in r.html
    # the page's radius schema as written: number() refuses the documented string output
    written = "'border-radius': { label: 'Radius', section: 'Styles', schema:\n"
    radius = PROPERTY_TYPES.replace(
        written + "Component.props.string().optional()",
        written + "Component.props.number().optional()",
    )
    assert radius != PROPERTY_TYPES
    as_written = compile_email(
        {"all-types": radius}, '<all-types src="c.png" border-radius="10px"></all-types>'
    )
    assert [i.message for i in as_written.issues if i.rule == "props/invalid"] == [
        "<all-types> border-radius: Expected number, received string"
    ]


def test_component_properties_global_style_in_a_style_object() -> None:
    comp = """<script> export const config = { label: "global style test", presets: [ {
    label: "global style test", content: `<test2></test2>` } ] }
    const styleObject = {
    background: globalStyles.colors.pink_khyqtq8v5rcs, }; </script>
    <template> <p #set:style="styleObject"> <slot>This is a paragraph</slot> </p> </template>"""
    styles = GlobalStyles(colors=[ColorVar("pink", "#ff69b4", id="khyqtq8v5rcs")])
    r = compile_email({"test2": comp}, "<test2></test2>", styles=styles)
    assert r.errors == [], r.explain()
    assert body(r.html) == '<p style="background:#ff69b4">This is a paragraph</p>'


# -- component-slots.md ------------------------------------------------------------------

SLOT_TEXT = """<script> export const config = { "label": "My paragraph", presets: [ {
label: "My paragraph", content: `<my-paragraph></my-paragraph>` } ] }; export const slots =
Component.defineSlots({ default: { schema: Component.slots.text(), marks: ['bold', 'italic',
'underline', 'strikethrough', 'link'] }, }); </script> <template> <p> <slot>Add text</slot> </p>
</template>"""


def test_component_slots_text_slot_with_marks() -> None:
    empty = compile_email({"my-paragraph": SLOT_TEXT}, "<my-paragraph></my-paragraph>")
    assert empty.errors == [] and body(empty.html) == "<p>Add text</p>"
    marked = compile_email(
        {"my-paragraph": SLOT_TEXT},
        '<my-paragraph><b>B</b> <i>I</i> <u>U</u> <s>S</s> <a href="#">L</a></my-paragraph>',
    )
    assert marked.errors == [], marked.explain()
    assert body(marked.html) == body('<p><b>B</b> <i>I</i> <u>U</u> <s>S</s> <a href="#">L</a></p>')
    sup = compile_email({"my-paragraph": SLOT_TEXT}, "<my-paragraph>x<sup>2</sup></my-paragraph>")
    assert "slots/invalid" in sup.rules()  # superscript is not in this slot's marks


def test_component_slots_all_marks_including_linebreak() -> None:
    comp = """<script>export const slots = Component.defineSlots({ default: { schema:
    Component.slots.text(), marks: ['bold', 'italic', 'underline', 'strikethrough', 'link',
    'color', 'superscript', 'subscript', 'code', 'linebreak'] } })</script>
    <template><p><slot/></p></template>"""
    text = (
        '<strong>b</strong><em>i</em><u>u</u><s>s</s><a href="#">l</a>'
        '<span style="color:red">c</span><sup>2</sup><sub>3</sub><code>x</code><br>n'
    )
    r = compile_email({"all-marks": comp}, f"<all-marks>{text}</all-marks>")
    assert r.errors == [], r.explain()
    assert body(r.html) == f"<p>{text}</p>"


def test_component_slots_any() -> None:
    comp = """<script> export const config = { "label": "component-two", presets: [ { label:
    "component-two", content: `<component-two></component-two>` } ] }; export const slots =
    Component.defineSlots({ default: { schema: Component.slots.any() }, }); </script>
    <template> <slot>Insert components here.</slot> </template>"""
    empty = compile_email({"component-two": comp}, "<component-two></component-two>")
    assert body(empty.html) == "Insert components here."
    filled = compile_email(
        {"component-two": comp}, "<component-two><x-hr/><p>p</p></component-two>"
    )
    assert filled.errors == [], filled.explain()
    assert "<hr" in filled.html and "<p>p</p>" in body(filled.html)


def test_component_slots_children_min_1_max_3() -> None:
    comp = """<script> export const config = { label: "component-three", presets: [ { label:
    "component-three", content: `<component-three></component-three>` } ] }; export const slots =
    Component.defineSlots({ default: { schema: Component.slots.children(['component-name-1',
    'component-name-2']).min(1).max(3) } }); </script> <template><div><slot>Drag in
    component-one or component-two.</slot></div> </template>"""
    child = "<script></script><template><i>c</i></template>"
    comps = {"component-three": comp, "component-name-1": child, "component-name-2": child}
    three = compile_email(
        comps,
        "<component-three>"
        + "<component-name-1></component-name-1>" * 2
        + "<component-name-2></component-name-2></component-three>",
    )
    assert three.errors == [], three.explain()
    assert body(three.html) == "<div><i>c</i><i>c</i><i>c</i></div>"
    four = compile_email(
        comps,
        "<component-three>" + "<component-name-1></component-name-1>" * 4 + "</component-three>",
    )
    assert [i.message.split(" (")[0] for i in four.errors] == [
        "<component-three> slot 'default': Array must contain at most 3 element(s)"
    ]
    # empty (as the preset inserts it): the fallback renders, and the count of 0 is below
    # min(1) like any other count (component-slots.md: the minimum required)
    none = compile_email(comps, "<component-three></component-three>")
    assert [i.message for i in none.errors] == [
        "<component-three> slot 'default': Array must contain at least 1 element(s) (found 0)"
    ]
    assert body(none.html) == "<div>Drag in component-one or component-two.</div>"
    # content that is there but has no allowed child is counted: min(1) is reported
    text = compile_email(comps, "<component-three>just text</component-three>")
    assert any("at least 1 element(s)" in i.message for i in text.errors), text.explain()


def test_component_slots_fallback_content() -> None:
    comp = """<script> export const config = { "label": "My first component", presets: [ {
    label: "My first component", content: `<my-first-component></my-first-component>` } ] };
    export const slots = Component.defineSlots({ default: { schema: Component.slots.text(),
    marks: ['bold', 'italic', 'underline', 'strikethrough', 'link'] }, }); </script>
    <template> <p><slot>Placeholder, fallback content</slot></p> </template>"""
    r = compile_email({"my-first-component": comp}, "<my-first-component></my-first-component>")
    assert r.errors == [] and body(r.html) == "<p>Placeholder, fallback content</p>"
    given = compile_email(
        {"my-first-component": comp}, "<my-first-component>Mine</my-first-component>"
    )
    assert body(given.html) == "<p>Mine</p>"


ARTICLE_LAYOUT = """<script> export const config = { label: "Layout", presets: [ { label:
"Product Updates layout", content: `<article-layout> <fragment #slot="title">Product
Updates</fragment> <fragment #slot="article"> <x-paragraph>Summary of product
updates</x-paragraph> <x-paragraph>Example use case</x-paragraph> </fragment>
</article-layout>` }, { label: "Generic layout", content: `<article-layout></article-layout>` } ]
}; export const slots = Component.defineSlots({ title: { schema: Component.slots.text() },
article: Component.slots.children(['x-paragraph']), }) </script> <template> <x-heading-1> <slot
name="title">Article title goes here</slot> </x-heading-1> <x-box> <slot name="article">Drag
paragraphs here</slot> </x-box> <x-image width="5%" margin="20px 0px 20px 0px"
src="file-name.png" alt="company logo" /> </template>"""


def test_component_slots_multiple_presets_with_slots() -> None:
    lib = library({"article-layout": ARTICLE_LAYOUT})
    found = lib.get("article-layout")
    assert found is not None
    updates, generic = found.definition.presets
    assert (updates.label, generic.label) == ("Product Updates layout", "Generic layout")
    full = compile_email({"article-layout": ARTICLE_LAYOUT}, updates.content)
    assert full.errors == [], full.explain()
    out = body(full.html)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", out)
    assert h1 is not None and h1.group(1) == "Product Updates"
    assert re.findall(r"<p[^>]*>(.*?)</p>", out) == [
        "Summary of product updates",
        "Example use case",
    ]
    assert "fragment" not in out and "Drag paragraphs here" not in out
    assert 'src="file-name.png"' in out and 'alt="company logo"' in out
    empty = compile_email({"article-layout": ARTICLE_LAYOUT}, generic.content)
    assert empty.errors == [], empty.explain()
    out = body(empty.html)
    assert "Article title goes here" in out and "Drag paragraphs here" in out
    assert 'src="file-name.png"' in out


# -- dark-mode.md / responsive-styles.md -------------------------------------------------


def test_dark_mode_solid_background_between_image_and_text() -> None:
    email = """<x-section outer-background="url('https://x.test/bg.png')"> <div
    style="background-color:#f9d930"> <x-paragraph :color="{ light: `#000000`, dark: `#ffffff`
    }">Welcome aboard!</x-paragraph> </div> </x-section>"""
    r = compile_email({}, email)
    assert r.errors == [], r.explain()
    out = norm(r.html)
    assert "url('https://x.test/bg.png')" in out
    assert '<div style="background-color:#f9d930">' in out
    p = re.search(r'<p class="([^"]+)" style="([^"]*)">Welcome aboard!</p>', out)
    assert p is not None and "color:#000000" in p.group(2), out
    cls = next(c for c in p.group(1).split() if c.startswith("mw-"))
    dark = out.split("prefers-color-scheme: dark")[1]
    assert re.search(r"\." + cls + r"[^{]*\{[^}]*color:#ffffff !important", dark), dark
    assert f"[data-ogsc] .{cls}" in out  # Outlook.com
    assert "moz-text-html" in out  # Thunderbird


IMAGE_SWAP = """<script> export const config = { label: "image-swap", presets: [ { label:
"image-swap", content: `<image-swap></image-swap>` } ] }
export const props =
Component.defineProps({ src: { label: 'Source', schema: Component.props
.withDynamicStyles(Component.props.string(), { responsive: true, darkMode: true, }) .optional(),
type: 'media', accept: 'image/*', placeholder: 'Paste the image url here...', }, alt:{
label: 'Alt text', schema: Component.props.string().optional() } });
// Check to see if the value is dynamicStyle or just a string value
function dynamicStyle(value) { return value && typeof value ===
'object'; } // Define a default value as the fallback
const defaultImage = dynamicStyle(props.src) ?
props.src.light ?? props.src.small ?? props.src['small:light'] : props.src;
// Create a hash that can be used to make a unique class for the default image
function hashClassName(input) { const str =
typeof input === 'string' ? input : JSON.stringify(input); let hash = 0; for (let i = 0; i <
str.length; i++) { hash = (hash * 31 + str.charCodeAt(i)) | 0; } return `h-${(Math.abs(hash) %
1e9).toString(36)}`; } const hash = props.src ? hashClassName(props.src) : undefined; </script>
<style #if="props.src?.dark" > /* Shows this image when in dark mode and hides the default image */
@media (prefers-color-scheme:dark){ .defaultImage-set(hash){ display:none; } .darkImage{
display:inline-block !important; } } </style> <style #if="props.src?.medium" > /* Show this image
when the viewport is over 600px (desktop) and hides the default image */ @media (min-width:600px){
.defaultImage-set(hash){ display:none; } .desktopImage{ display:inline-block !important; } }
</style> <style #if="props.src?.['small:dark']"> /* Shows this image when the viewport is under
600px (mobile) and dark mode is enabled */ @media (max-width:600px) and (prefers-color-scheme:dark){
.defaultImage-set(hash){ display:none; } .mobileDarkImage{ display:inline-block !important; } }
</style> <style #if="props.src?.['medium:light']"> /* Shows this image when the viewport is over
600px (desktop) and light mode is enabled */ @media (min-width:600px){ .defaultImage-set(hash){
display:none; } .desktopLightImage{ display:inline-block !important; } } </style> <style
#if="props.src?.['medium:dark']"> /* Shows this image when the viewport is over 600px (desktop) and
dark mode is enabled */ /* Hides not just the default image, but also the desktop light image */
@media (min-width:600px) and (prefers-color-scheme:dark){ .defaultImage-set(hash){ display:none; }
.desktopLightImage{ display:none !important; } .desktopDarkImage{ display:inline-block !important; }
} </style> <template> <div> <!-- Set the default image --> <img :src="defaultImage" width="200"
:alt="props.alt" :class="`defaultImage-${hash}`"> <!-- Dark mode --> <img #if="props.src?.dark"
:src="props.src.dark" width="200" :alt="props.alt" style="display:none" class="darkImage"> <!--
Responsive --> <img #if="props.src?.medium" :src="props.src.medium" width="200" :alt="props.alt"
style="display:none" class="desktopImage"> <!-- When a combination of responsive and dark/light
modes are available --> <img #if="props.src?.['small:dark']" :src="props.src['small:dark']"
width="200" :alt="props.alt" style="display:none" class="mobileDarkImage"> <img
#if="props.src?.['medium:light']" :src="props.src['medium:light']" width="200" :alt="props.alt"
style="display:none" class="desktopLightImage"> <img #if="props.src?.['medium:dark']"
:src="props.src['medium:dark']" width="200" :alt="props.alt" style="display:none"
class="desktopDarkImage"> </div> </template>"""


def _js_hash(text: str) -> str:
    """The page's hashClassName, in Python, to check set(hash) in selectors."""
    h = 0
    for ch in text:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    if h >= 2**31:
        h -= 2**32
    n = abs(h) % 1_000_000_000
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            break
    return "h-" + out


@pytest.mark.parametrize(
    "x",
    [0],
    ids=[
        page(
            "responsive-styles",
            "image swap on dark mode and screen size (all five keys)",
            "the page reflows the script, so its // comments would swallow code; they end their "
            "lines here",
        )
    ],
)
def test_responsive_styles_image_swap_every_key(x: int) -> None:
    src = (
        "{light: 'l.png', dark: 'd.png', medium: 'm.png', 'small:dark': 'sd.png', "
        "'medium:light': 'ml.png', 'medium:dark': 'md.png'}"
    )
    r = compile_email(
        {"image-swap": IMAGE_SWAP}, f'<image-swap :src="{src}" alt="Logo"></image-swap>'
    )
    assert r.errors == [], r.explain()
    out = norm(r.html)
    h = _js_hash(
        '{"light":"l.png","dark":"d.png","medium":"m.png","small:dark":"sd.png",'
        '"medium:light":"ml.png","medium:dark":"md.png"}'
    )
    assert out.count(f".defaultImage-{h}{{ display:none; }}") == 5
    for query in (
        "(prefers-color-scheme:dark)",
        "(min-width:600px)",
        "(max-width:600px) and (prefers-color-scheme:dark)",
        "(min-width:600px) and (prefers-color-scheme:dark)",
    ):
        assert f"@media {query}" in out
    assert "Shows this image when in dark mode" in out  # CSS comments are copied
    imgs = re.findall(r"<img[^>]*>", body(r.html))
    assert [m.group(1) for i in imgs if (m := re.search(r'src="([^"]+)"', i))] == [
        "l.png",
        "d.png",
        "m.png",
        "sd.png",
        "ml.png",
        "md.png",
    ]
    assert f'class="defaultImage-{h}"' in imgs[0]
    assert all('alt="Logo"' in i and 'width="200"' in i for i in imgs)
    plain = compile_email({"image-swap": IMAGE_SWAP}, '<image-swap src="one.png"></image-swap>')
    assert plain.errors == [], plain.explain()
    assert "@media" not in norm(plain.html).split("<body")[-1]
    assert re.findall(r"<img[^>]*>", body(plain.html)) == [
        f'<img width="200" src="one.png" class="defaultImage-{_js_hash("one.png")}">'
    ]


def test_responsive_styles_x_head_media_queries() -> None:
    email = """<x-base> <x-section padding="20px" class="padding-40"> <x-heading-1 :font-size="30"
    class="font-size-50">Hello world&nbsp;</x-heading-1> <x-image class="image-100p" align="center"
    width="300px" src="https://images.unsplash.com/photo-1550414485-9f22b971dbf0?q=80&w=1470"
    /> <x-cta class="button-300" width="100%" href="https://parcel.io/">Click Me</x-cta>
    </x-section> </x-base> <x-head> <style> @media screen and (min-width:500px) { .image-100p img {
    width: 100% !important; } .button-300 { width: 300px !important; } .text-transform-uppercase {
    text-transform: uppercase !important; } .padding-40>div { padding: 40px !important; } }
    </style> </x-head>"""
    r = compile_email({}, email)
    assert r.errors == [], r.explain()
    head, rest = r.html.split("</head>")
    # x-head content is copied verbatim into the head, wherever it is written
    assert (
        "<style> @media screen and (min-width:500px) { .image-100p img {\n    width: 100% "
        "!important; }"
    ) in head
    assert "x-head" not in rest and "@media screen and (min-width:500px)" not in rest
    # the selectors the page writes find their elements: .image-100p img, .padding-40>div
    doc = lxml_html.fromstring(r.html)
    assert doc.xpath(f"//*[{_cls('image-100p')}]//img")
    assert doc.xpath(f"//*[{_cls('padding-40')}]/div")
    assert doc.xpath(f"//*[{_cls('button-300')}]")
    (h1,) = doc.xpath(f"//h1[{_cls('font-size-50')}]")
    assert "font-size:30px" in h1.get("style")


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# -- delete-component.md / migrate-comp-from-parcel.md -----------------------------------


def test_delete_component_references_to_a_deleted_file_are_errors() -> None:
    doc = parse("<x-base>\n  <promo-card></promo-card>\n</x-base>", "emails/e.html").document
    issues = validate(doc, "emails/e.html", library=library({}))
    assert [(i.rule, i.line, i.column) for i in issues] == [("markup/unknown-tag", 2, 3)]
    assert issues[0].is_error and "components/promo-card.html" in issues[0].message
    kept = validate(
        doc,
        "emails/e.html",
        library=library({"promo-card": "<script></script><template>x</template>"}),
    )
    assert kept == []


def test_migrate_from_parcel_allowed_parents_naming_a_missing_parent() -> None:
    # "If this is the child of another component, make sure you also add the parent
    # components … or remove the allowedParents array."
    icons = """<script> export const config = { "label": "social-icons", allowedParents:
    ['custom-footer'] }; </script><template><i>icons</i></template>"""
    r = compile_email(
        {"social-icons": icons}, "<x-section><social-icons></social-icons></x-section>"
    )
    assert r.rules() == ["components/allowed-parents"]
    removed = compile_email(
        {"social-icons": icons.replace("allowedParents:\n    ['custom-footer']", "")},
        "<x-section><social-icons></social-icons></x-section>",
    )
    assert removed.rules() == [], removed.explain()


# -- component-language.md ---------------------------------------------------------------


def test_component_language_2_3_example() -> None:
    comp = """<script>
export const props = Component.defineProps({
  items: Component.props.array(Component.props.string()),
  tone: Component.props.enum(['info','warn']).default('info') });
const st = { color: props.tone==='warn' ? '#b00' : undefined, 'font-size':'14px' };
</script>
<template><ul :style="st" #class:warn="props.tone==='warn'">
  <li #each="(t,i) in props.items">${i+1}. ${t}</li></ul></template>"""
    r = compile_email(
        {"tone-list": comp},
        "<tone-list :items=\"['a','b']\" tone=\"warn\">"
        "</tone-list><tone-list :items=\"['c']\"></tone-list>",
    )
    assert r.errors == [], r.explain()
    assert body(r.html) == (
        '<ul class="warn" style="color:#b00;font-size:14px"><li>1. a</li>'
        '<li>2. b</li></ul><ul style="font-size:14px"><li>1. c</li></ul>'
    )


def test_component_language_1_2_parcel_starter() -> None:
    comp = (
        '<script>export const config = { label: "my-paragraph" }</script>'
        "<template><slot>Content goes here</slot></template>"
    )
    r = compile_email({"my-paragraph": comp}, "<my-paragraph></my-paragraph>")
    assert r.errors == [] and body(r.html) == "Content goes here"


def test_component_language_1_4_expression_arithmetic() -> None:
    r = compile_email(
        {"four-fifty": "<script></script><template><b>${4*50}</b></template>"},
        "<four-fifty></four-fifty>",
    )
    assert body(r.html) == "<b>200</b>"


def test_component_language_1_7_unitless_numbers_and_self_closing_tags() -> None:
    email = (
        '<x-base font-family="Helvetica"><x-row gap="4" :layout="[50,50]">'
        '<x-column><x-paragraph font-size="14">a</x-paragraph></x-column>'
        '<x-column><x-image src="a"/></x-column></x-row></x-base>'
    )
    r = compile_email({}, email)
    assert r.errors == [] and r.issues == [], r.explain()
    assert "font-family:Helvetica" in r.html and "font-size:14px" in r.html
    assert 'src="a"' in r.html
    assert "padding-left:4px" in r.html  # gap="4" is 4px between the columns


def test_component_language_2_9_mso_inside_a_component() -> None:
    comp = (
        '<script></script><template><a href="#"><!--[if mso]><i '
        ':style:letter-spacing="`${10*5}px`" hidden>&nbsp;</i><![endif]-->Go</a></template>'
    )
    r = compile_email({"mso-link": comp}, "<mso-link></mso-link>")
    assert r.errors == [], r.explain()
    assert body(r.html) == (
        '<a href="#"><!--[if mso]><i hidden style="letter-spacing:50px">'
        "&nbsp;</i><![endif]-->Go</a>"
    )


def test_directives_if_and_set_on_title_and_meta() -> None:
    # directives.md: "#if … for conditionally displaying these tags" and "dynamically set
    # properties on the <title>, <meta> and <link> tags using #set" (issue 3 item 5)
    comp = """<script>export const props = Component.defineProps(['lang']);
    const robots = 'noindex'</script>
    <title #if="props.lang === 'fr'">Bonjour</title><title #else>Hello</title>
    <meta #if="props.lang === 'fr'" name="language" content="fr">
    <meta #else-if="props.lang === 'de'" name="language" content="de">
    <meta name="robots" :content="robots">
    <template><p>x</p></template>"""
    fr = compile_email({"head-tags": comp}, '<x-base><head-tags lang="fr"></head-tags></x-base>')
    assert fr.errors == [], fr.explain()
    head = fr.html.split("</head>")[0]
    assert "<title>Bonjour</title>" in head and "Hello" not in fr.html
    assert 'name="language" content="fr"' in head and 'content="de"' not in head
    assert '<meta name="robots" content="noindex">' in head
    en = compile_email({"head-tags": comp}, '<x-base><head-tags lang="en"></head-tags></x-base>')
    head = en.html.split("</head>")[0]
    assert "<title>Hello</title>" in head and "Bonjour" not in en.html
    assert 'name="language"' not in head
