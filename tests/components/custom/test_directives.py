"""Every directive of directives.md / custom-comp-syntax.md (golden examples as a table)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.components.custom.helpers import body, compile_email


@dataclass
class Case:
    description: str
    template: str
    expect: str
    script: str = ""
    email: str = "<c-test></c-test>"
    extra: dict[str, str] = field(default_factory=dict)
    #: a doc mistake this case corrects (component-language §3), named in the test id
    doc_mistake: str = ""


CASES = [
    Case(
        "#if true",
        "<div #if=\"lang === 'en'\">Hello</div>",
        "<div>Hello</div>",
        "const lang = 'en'",
    ),
    Case(
        "#if/#else-if/#else chain picks else-if",
        "<div #if=\"lang === 'en'\">Hello</div> <div #else-if=\"lang === 'es'\">Hola</div>"
        " <div #else>Bonjour</div>",
        "<div>Hola</div>",
        "const lang = 'es'",
    ),
    Case(
        "#else when nothing matched",
        "<div #if=\"lang === 'en'\">Hello</div><div #else-if=\"lang === 'es'\">Hola</div>"
        "<div #else>Bonjour</div>",
        "<div>Bonjour</div>",
        "const lang = 'fr'",
    ),
    Case(
        "comments and whitespace do not break a chain (§5.12)",
        '<i #if="false">a</i>\n<!-- note -->\n<b #else>b</b>',
        "<!-- note --><b>b</b>",
    ),
    Case(
        "chains mix element types",
        '<span #if="n > 1">many</span><em #else>one</em>',
        "<em>one</em>",
        "const n = 1",
    ),
    Case(
        "#each item in array",
        '<div #each="item in items">${item}</div>',
        "<div>a</div><div>b</div>",
        "const items = ['a', 'b']",
    ),
    Case(
        "#each (item, index)",
        '<div #each="(item, index) in items">${index} – ${item}</div>',
        "<div>0 – a</div><div>1 – b</div>",
        "const items = ['a', 'b']",
    ),
    Case(
        "#each (value, key) in object",
        '<div #each="(value, key) in object">${key}: ${value}</div>',
        "<div>a: 1</div><div>b: 2</div>",
        "const object = {a: 1, b: 2}",
    ),
    Case(
        "#each (value, key, index) in object",
        '<div #each="(value, key, index) in object">${index} – ${key}: ${value}</div>',
        "<div>0 – a: 1</div><div>1 – b: 2</div>",
        "const object = {a: 1, b: 2}",
    ),
    Case("#each over a number", '<i #each="n in 3">${n}</i>', "<i>0</i><i>1</i><i>2</i>"),
    Case(
        "#each over a string yields characters (§5.11)",
        "<i #each=\"c in 'ab'\">${c}</i>",
        "<i>a</i><i>b</i>",
    ),
    Case(
        "#each then #if per item (§5.11)",
        '<i #each="n in 5" #if="n % 2 === 0">${n}</i>',
        "<i>0</i><i>2</i><i>4</i>",
    ),
    Case(
        "#set object",
        "<div #set=\"{ id: 'my-id', class: 'my-class' }\"></div>",
        '<div id="my-id" class="my-class"></div>',
    ),
    Case("#set:id", '<div #set:id="2*3*4"></div>', '<div id="24"></div>'),
    Case(":id shorthand", '<div :id="2*3*4"></div>', '<div id="24"></div>'),
    Case(
        "undefined, null and false drop an attribute",
        '<a :title="undefined" :id="null" :rel="false" href="#">x</a>',
        '<a href="#">x</a>',
    ),
    Case(
        "#set:html",
        '<div #set:html="raw"></div>',
        "<div><b>bold</b></div>",
        "const raw = '<b>bold</b>'",
    ),
    Case(
        "fragment #set:html adds no wrapper",
        '<fragment #set:html="raw" />',
        "<b>bold</b>",
        "const raw = '<b>bold</b>'",
    ),
    Case(
        ":html on a fragment", '<fragment :html="raw"/>', "<b>bold</b>", "const raw = '<b>bold</b>'"
    ),
    Case(
        "${} is escaped",
        "<p>${raw}</p>",
        "<p>&lt;b&gt;bold&lt;/b&gt;</p>",
        "const raw = '<b>bold</b>'",
    ),
    Case(
        "${} in attributes is attribute-escaped",
        '<a title="say ${q}">x</a>',
        '<a title="say &quot;hi&quot; &amp; bye">x</a>',
        "const q = '\"hi\" & bye'",
    ),
    Case("${} arithmetic", "<div>${1+2*3/4}</div>", "<div>2.5</div>"),
    Case(
        "#set:class array",
        "<div #set:class=\"['class1','class2','class3']\" ></div>",
        '<div class="class1 class2 class3"></div>',
        doc_mistake="directives calls the array form an object",
    ),
    Case(
        "#set:class string joined and trimmed",
        "<div #set:class=\"'class1 class2 class3 '\"></div>",
        '<div class="class1 class2 class3"></div>',
    ),
    Case(
        "static class first, dynamic unioned, de-duplicated (§5.7)",
        "<div class=\"a b\" :class=\"['b', 'c']\" #class:d></div>",
        '<div class="a b c d"></div>',
    ),
    Case("#class:x bare", "<div #class:my-class>Test</div>", '<div class="my-class">Test</div>'),
    Case("#set:class:x false", '<div #set:class:my-class="1 > 2">Test</div>', "<div>Test</div>"),
    Case(
        "#class:x with an expression (component-language §2.3 example)",
        "<ul #class:warn=\"tone==='warn'\"></ul>",
        '<ul class="warn"></ul>',
        "const tone = 'warn'",
    ),
    Case(
        "#set:style template string",
        "<div :style=\"`font-size:1em;color:green;font-family:${props['font-family']}`\">x</div>",
        '<div style="font-size:1em;color:green;font-family:Arial">x</div>',
        "export const props = Component.defineProps(['font-family'])",
        email='<c-test font-family="Arial"></c-test>',
        doc_mistake="directives writes props[font-family] without quotes",
    ),
    Case(
        "#set:style object drops blank and undefined values",
        '<div :style="styleObject">x</div>',
        '<div style="color:red;font-size:16px">x</div>',
        "const styleObject = { color: 'red', 'font-family': undefined, 'font-size': '16px', "
        "'text-align': '', 'line-height': null }",
    ),
    Case(
        "static style first, dynamic declarations win (§5.7)",
        '<p style="color: blue; margin: 0" :style="{color: \'red\'}">x</p>',
        '<p style="margin:0;color:red">x</p>',
    ),
    Case(
        "#style:x literal",
        '<div #style:background="blue">Test</div>',
        '<div style="background:blue">Test</div>',
    ),
    Case(
        "#style:x naming a script value (custom-comp-syntax link example)",
        '<p #style:font-family="fontFamily">x</p>',
        '<p style="font-family:Inter">x</p>',
        "const fontFamily = 'Inter'",
    ),
    Case(
        "#set:style:x",
        "<div #set:style:background=\"1 > 0.5 ? 'blue' : 'red'\">Test</div>",
        '<div style="background:blue">Test</div>',
    ),
    Case(
        ":style:x",
        '<i :style:letter-spacing="`${10*5}px`" hidden>&nbsp;</i>',
        '<i hidden style="letter-spacing:50px">&nbsp;</i>',
    ),
    Case(
        "MSO conditional comments are processed (custom-comp-syntax)",
        '<!--[if mso]><i :style:letter-spacing="`${10*5}px`" hidden>&nbsp;</i><![endif]-->',
        '<!--[if mso]><i hidden style="letter-spacing:50px">&nbsp;</i><![endif]-->',
    ),
    Case(
        ":is picks an HTML tag",
        "<ul :is=\"orderedList ? 'ol' : 'ul'\"><li></li></ul>",
        "<ol><li></li></ol>",
        "const orderedList = true",
    ),
    Case(
        "#is renders a component",
        '<a #is="custom-button">Click me</a>',
        '<a class="btn">Click me</a>',
        extra={"custom-button": '<script></script><template><a class="btn"><slot/></a></template>'},
    ),
    Case(
        "#set:is with a component name",
        '<a #set:is="CustomButton">Click me</a>',
        '<a class="btn">Click me</a>',
        extra={"custom-button": '<script></script><template><a class="btn"><slot/></a></template>'},
    ),
    Case(
        "#is:raw skips compilation of children",
        '<div #is:raw> <a #if="I am not evaluated">${I am also not evaluated}</a> </div>',
        '<div><a #if="I am not evaluated">${I am also not evaluated}</a></div>',
    ),
    Case(
        "fragment renders no element; attribute directives ignored",
        '<fragment :id="\'x\'" class="c"><span>Hi</span></fragment>',
        "<span>Hi</span>",
    ),
    Case(
        "fragments for conditionals",
        "<fragment #if=\"lang === 'fr'\"><span>Bonjour</span>"
        "</fragment><fragment #else><span>Hello</span></fragment>",
        "<span>Bonjour</span>",
        'const lang = "fr"',
        doc_mistake='custom-comp-syntax writes #if="fr"',
    ),
    Case(
        "template comments are copied",
        "<!-- I'm a standard HTML comment --><p>x</p>",
        "<!-- I'm a standard HTML comment --><p>x</p>",
    ),
    Case(
        "Liquid passes through untouched",
        '<p title="{{ customer.name | default: "x" }}">'
        "Hi {{ customer.first_name }} {% if a %}${1+1}{% endif %}</p>",
        '<p title="{{ customer.name | default: "x" }}">Hi {{ customer.first_name }} '
        "{% if a %}2{% endif %}</p>",
    ),
    Case(
        "Liquid inside a ${} string is left untouched (§5.18)",
        "<p>${'{{ name }}'}</p>",
        "<p>{{ name }}</p>",
    ),
    Case(
        "an unclosed ${ whose text ends in } stays text, Liquid intact",
        "<p>${'{{ x }}</p><p>${'{{ y }}'}</p>",
        "<p>${'{{ x }}</p><p>{{ y }}</p>",
    ),
    Case(
        ":style object written with &quot; entities is decoded before evaluation",
        '<p :style="{ color: &quot;red&quot; }" :title="&#39;a&#39; + &#x27;b&#x27;">x</p>',
        '<p title="ab" style="color:red">x</p>',
    ),
    Case(
        "entities inside a Liquid token in a directive value are never decoded",
        """<p :title="'{{ a &amp; b }}' + &quot;!&quot;">x</p>""",
        '<p title="{{ a &amp; b }}!">x</p>',
    ),
    Case(
        "#if and #each values are entity-decoded too",
        '<i #each="c in [&quot;a&quot;, &quot;b&quot;]" #if="c !== &quot;b&quot;">${c}</i>',
        "<i>a</i>",
    ),
    Case(
        "slot with fallback and a link prop",
        '<a :href="href"><slot>Click me</slot></a>',
        '<a href="https://x.test">Click me</a>',
        "const href = 'https://x.test'",
    ),
    Case(
        "#set=props passes all props to a standard component",
        '<x-paragraph #set="props"><slot/></x-paragraph>',
        "font-size:30px",
        "export const props = Component.defineProps({ color: Component.props.string(), "
        "'font-size': Component.props.number() })",
        email='<c-test color="#123456" :font-size="30">Text</c-test>',
    ),
    Case(
        "#set:font-size passes one prop to x-paragraph (directives example)",
        "<x-paragraph #set:font-size=\"props['parent-font-size']\"><slot/></x-paragraph>",
        "font-size:22px",
        "export const props = Component.defineProps(['parent-font-size'])",
        email='<c-test :parent-font-size="22">content</c-test>',
    ),
    Case(
        "props as bare identifiers (§5.10)",
        "<p>${title}</p>",
        "<p>Hi</p>",
        "export const props = Component.defineProps({ title: Component.props.string() })",
        email='<c-test title="Hi"></c-test>',
    ),
]


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=lambda c: c.description + (f" [doc mistake: {c.doc_mistake}]" if c.doc_mistake else ""),
)
def test_directive(case: Case) -> None:
    components = {
        "c-test": f"<script>{case.script}</script><template>{case.template}</template>",
        **case.extra,
    }
    result = compile_email(components, case.email)
    assert result.errors == [], result.explain()
    out = body(result.html)
    if case.expect.startswith("<") or case.expect.startswith("<!"):
        assert out == body(case.expect)
    else:
        assert case.expect in out, out


def test_dangling_else_is_an_error() -> None:
    result = compile_email(
        {"c-test": "<script></script><template><p>a</p>\n<p #else>b</p></template>"},
        "<c-test></c-test>",
    )
    issue = next(i for i in result.issues if i.rule == "components/directive")
    assert "#else" in issue.message and (issue.line, issue.column) == (2, 4)
    assert issue.host == "emails/e.html:1:1 <c-test>"
    assert body(result.html) == "<p>a</p>"


def test_element_breaks_a_chain() -> None:
    result = compile_email(
        {"c-test": '<script></script><template><p #if="false">a</p><br><p #else>b</p></template>'},
        "<c-test></c-test>",
    )
    assert "components/directive" in result.rules()


def test_unknown_directive_is_dropped_and_reported() -> None:
    result = compile_email(
        {"c-test": "<script></script><template><p #text=\"'x'\">y</p></template>"},
        "<c-test></c-test>",
    )
    assert "components/unknown-directive" in result.rules()
    assert body(result.html) == "<p>y</p>"


def test_expression_error_is_located_in_the_component_file() -> None:
    result = compile_email(
        {
            "c-test": '<script></script><template>\n<p :title="a.b.c">x</p>'
            "\n<p>${nope}</p></template>"
        },
        "<p>before</p>\n  <c-test></c-test>",
    )
    first, second = [i for i in result.issues if i.rule == "expr/runtime"]
    assert first.file == "components/c-test.html" and (first.line, first.column) == (2, 12)
    assert "a is not defined" in first.message
    assert (second.line, second.column) == (3, 6)
    assert first.host == "emails/e.html:2:3 <c-test>"
    assert body(result.html).startswith("<p>before</p><p>x</p><p></p>")


def test_context_flows_to_descendants_and_can_be_shadowed() -> None:
    components = {
        "theme-root": "<script>Component.context.set('theme', {primary: 'blue'});"
        "Component.context.set('lang', 'en')</script>"
        "<template><div><slot/></div></template>",
        "theme-mid": "<script>Component.context.set('theme', {primary: 'red'})</script>"
        "<template><slot/></template>",
        "theme-leaf": "<script>const inherited_theme = Component.context.get('theme');"
        "const all_contexts = Component.context.get();</script>"
        "<template><i>${inherited_theme?.primary} ${Object.keys(all_contexts)"
        ".sort().join('+')}</i></template>",
    }
    result = compile_email(
        components,
        "<theme-root><theme-leaf></theme-leaf><theme-mid>"
        "<theme-leaf></theme-leaf></theme-mid></theme-root><theme-leaf>"
        "</theme-leaf>",
    )
    assert result.errors == [], result.explain()
    assert body(result.html) == (
        "<div><i>blue lang+theme</i><i>red lang+theme</i></div><i></i>"
    )  # outside theme-root: nothing set


def test_nested_custom_components_in_templates_get_template_values() -> None:
    components = {
        "my-list": "<script>const items = ['a', 'b']</script><template><ul>"
        '<my-item #each="(t, i) in items" :label="t" :n="i + 1">'
        "<b>${t.toUpperCase()}</b></my-item></ul></template>",
        "my-item": "<script>export const props = Component.defineProps({ label: "
        "Component.props.string(), n: Component.props.number() })</script>"
        "<template><li>${n}. ${label} <slot/></li></template>",
    }
    result = compile_email(components, "<my-list></my-list>")
    assert result.errors == [], result.explain()
    assert body(result.html) == "<ul><li>1. a<b>A</b></li><li>2. b<b>B</b></li></ul>"


def test_recursion_is_stopped() -> None:
    result = compile_email(
        {"loop-me": "<script></script><template><loop-me></loop-me></template>"},
        "<loop-me></loop-me>",
    )
    assert "components/recursion" in result.rules()


def test_error_in_an_entity_decoded_value_points_at_the_raw_text() -> None:
    result = compile_email(
        {"c-test": '<script></script><template><p :title="&quot;a&quot; + nope">x</p></template>'},
        "<c-test></c-test>",
    )
    issue = next(i for i in result.issues if i.rule == "expr/runtime")
    # the value starts at column 39; `nope` follows 16 raw characters (two &quot; entities)
    assert (issue.line, issue.column) == (1, 55), result.explain()


def test_host_directive_values_are_entity_decoded() -> None:
    comp = (
        "<script>export const props = Component.defineProps({ label: "
        "Component.props.string() })</script><template><b>${props.label}</b></template>"
    )
    result = compile_email({"c-test": comp}, '<c-test :label="&quot;hi&quot;"></c-test>')
    assert result.errors == [], result.explain()
    assert body(result.html) == "<b>hi</b>"


def test_standard_component_problems_in_a_template_are_located_in_the_component_file() -> None:
    # §5.16 / issue 3 item 6: file:line:col in the component, the email host named
    comp = """<script>const n = 1</script><template>
  <x-paragraph font-weight="bold">x</x-paragraph>
 <x-bogus></x-bogus><x-row :layout="[50]"><x-column>a</x-column><x-column>b</x-column></x-row>
</template>"""
    result = compile_email({"my-a": comp}, "<p>x</p>\n  <my-a></my-a>")
    found = {i.rule: (i.file, i.line, i.column, i.host) for i in result.issues}
    host = "emails/e.html:2:3 <my-a>"
    assert found == {
        "props/invalid": ("components/my-a.html", 2, 16, host),
        "markup/unknown-tag": ("components/my-a.html", 3, 2, host),
        "markup/row-layout": ("components/my-a.html", 3, 21, host),
    }, result.explain()


def test_nested_component_problems_name_the_chain_of_hosts() -> None:
    inner = '<script></script><template>\n<x-paragraph font-weight="9">y</x-paragraph></template>'
    outer = "<script></script><template><div>\n  <in-ner></in-ner></div></template>"
    result = compile_email({"in-ner": inner, "out-er": outer}, "<out-er></out-er>")
    issue = next(i for i in result.issues if i.rule == "props/invalid")
    assert (issue.file, issue.line, issue.column) == ("components/in-ner.html", 2, 14)
    assert issue.host == "emails/e.html:1:1 <out-er> › components/out-er.html:2:3 <in-ner>"
