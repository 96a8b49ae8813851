"""Slots: default/named, fallback, fragments, x-empty-state, schema violations (§5.13)."""

from __future__ import annotations

from tests.components.custom.helpers import body, compile_email

LAYOUT = """<script>
export const config = { label: "Layout", presets: [ { label: "Product Updates layout", content:
`<article-layout> <fragment #slot="title">Product Updates</fragment> <fragment #slot="article">
<x-paragraph>Summary of product updates</x-paragraph> <x-paragraph>Example use case</x-paragraph>
</fragment> </article-layout>` }, { label: "Generic layout", content:
`<article-layout></article-layout>` } ] };
export const slots = Component.defineSlots({ title: { schema: Component.slots.text() },
  article: Component.slots.children(['x-paragraph']), })
</script>
<template> <h1> <slot name="title">Article title goes here</slot> </h1> <div class="box">
<slot name="article">Drag paragraphs here</slot> </div> </template>"""


def test_named_slots_from_preset_content() -> None:
    from tests.components.custom.helpers import library

    preset = library({"article-layout": LAYOUT}).get("article-layout")
    assert preset is not None
    content = preset.definition.presets[0].content
    r = compile_email({"article-layout": LAYOUT}, content)
    assert r.errors == [], r.explain()
    out = body(r.html)
    assert out.startswith('<h1>Product Updates</h1><div class="box">')
    assert out.count("<p") == 2 and "Summary of product updates" in out
    assert "fragment" not in out and "Drag paragraphs" not in out


def test_fallback_when_empty_or_whitespace() -> None:
    r = compile_email({"article-layout": LAYOUT}, "<article-layout> \n </article-layout>")
    assert body(r.html) == (
        '<h1>Article title goes here</h1><div class="box">Drag paragraphs here</div>'
    )


def test_x_empty_state_never_renders() -> None:
    comp = (
        "<script></script><template><div><slot>Insert paragraphs or buttons<x-empty-state/>"
        "</slot></div></template>"
    )
    r = compile_email({"drop-zone": comp}, "<drop-zone></drop-zone>")
    assert body(r.html) == "<div>Insert paragraphs or buttons</div>"


def test_default_slot_self_closing_and_unwrapped_fragment() -> None:
    comp = "<script></script><template><p><slot/></p></template>"
    r = compile_email(
        {"my-p": comp}, "<my-p><fragment>This goes in the default slot</fragment></my-p>"
    )
    assert body(r.html) == "<p>This goes in the default slot</p>"


def test_text_slot_marks() -> None:
    comp = """<script>export const slots = Component.defineSlots({ default: {
      schema: Component.slots.text(), marks: ['bold', 'italic'] }, });</script>
      <template><p><slot>Placeholder, fallback text</slot></p></template>"""
    ok = compile_email(
        {"component-one": comp}, "<component-one>Hi <b>you</b> <em>there</em></component-one>"
    )
    assert ok.errors == []
    bad = compile_email(
        {"component-one": comp}, "<component-one>Hi <a href='#'>link</a></component-one>"
    )
    issue = next(i for i in bad.issues if i.rule == "slots/invalid")
    assert "<a> is not allowed" in issue.message and "bold, italic" in issue.message
    assert (issue.file, issue.line, issue.column) == ("emails/e.html", 1, 19)
    assert "link" in bad.html  # still compiles
    br = compile_email({"component-one": comp}, "<component-one>a<br>b</component-one>")
    assert "slots/invalid" in br.rules()  # linebreak is not a default mark


def test_children_slot_tags_min_max() -> None:
    comp = """<script>export const slots = Component.defineSlots({ default: {
      schema: Component.slots.children(['component-name-1', 'component-name-2']).min(1).max(2)
      } });</script><template><div><slot>Drag in component-one or component-two.</slot></div>
      </template>"""
    child = "<script></script><template><i>c</i></template>"
    comps = {"component-three": comp, "component-name-1": child, "component-name-2": child}
    ok = compile_email(
        comps, "<component-three><component-name-1></component-name-1></component-three>"
    )
    assert ok.errors == [], ok.explain()
    too_many = compile_email(
        comps,
        "<component-three>" + "<component-name-2></component-name-2>" * 3 + "</component-three>",
    )
    assert any("at most 2 element(s)" in i.message for i in too_many.issues)
    wrong = compile_email(comps, "<component-three><x-paragraph>p</x-paragraph></component-three>")
    assert any("<x-paragraph> is not allowed" in i.message for i in wrong.issues)
    text = compile_email(comps, "<component-three>just text</component-three>")
    assert any("not text" in i.message for i in text.issues)
    assert any("at least 1 element(s)" in i.message for i in text.issues)


def test_an_empty_slot_below_its_minimum_is_reported() -> None:
    comp = """<script>export const slots = Component.defineSlots({
      default: Component.slots.children(['x-paragraph']).min(1),
      extra: Component.slots.children(['x-paragraph']).min(2) });</script>
      <template><div><slot>Fallback</slot><slot name="extra">More</slot></div></template>"""
    for source in ("<call-out></call-out>", "<call-out>\n  </call-out>"):
        r = compile_email({"call-out": comp}, source)
        found = sorted((i.message, i.line, i.column) for i in r.issues if i.rule == "slots/invalid")
        assert found == [
            ("<call-out> slot 'default': Array must contain at least 1 element(s) (found 0)", 1, 1),
            ("<call-out> slot 'extra': Array must contain at least 2 element(s) (found 0)", 1, 1),
        ], r.explain()
        assert "Fallback" in r.html  # still compiles, with the fallback
    one = compile_email(
        {"call-out": comp},
        "<call-out><x-paragraph>p</x-paragraph>"
        "<x-paragraph #slot='extra'>a</x-paragraph></call-out>",
    )
    assert [i.message for i in one.issues if i.rule == "slots/invalid"] == [
        "<call-out> slot 'extra': Array must contain at least 2 element(s) (found 1)"
    ]


def test_unknown_slot_is_reported() -> None:
    comp = "<script></script><template><p><slot/></p></template>"
    r = compile_email({"my-p": comp}, '<my-p><b #slot="nope">x</b>y</my-p>')
    issue = next(i for i in r.issues if i.rule == "slots/unknown")
    assert "'nope'" in issue.message and issue.column == 7
    assert body(r.html) == "<p>y</p>"


def test_email_body_with_any_paragraph_count() -> None:
    comp = """<script> export const config = { label: "Email body", presets: [{
    label: "Email body", content: `<email-body></email-body>` }] };
    export const slots = Component.defineSlots({ title: { schema: Component.slots.text() },
    article: Component.slots.children(['x-paragraph']), }) </script>
    <template> <x-heading-1> <slot name="title">Greeting text</slot> </x-heading-1> <x-box>
    <slot name="article">Drag a paragraph here</slot> </x-box> <x-image width="517px"
    align="center" margin="20px 0px 20px 0px" src="file-name.png" alt="description-of-image" />
    </template>"""
    r = compile_email({"email-body": comp}, "<email-body></email-body>")
    assert r.errors == [], r.explain()
    assert "Greeting text" in r.html and "<h1" in r.html and "file-name.png" in r.html


def test_parent_child_relationships_code_custom_component() -> None:
    # code-custom-component uses `footer` as the parent tag, an HTML element name the
    # tag-name rules forbid (doc mistake); its troubleshooting section's `custom-footer`
    # is used instead.
    icons = """<script> export const config = { "label": "social-icons", allowedParents:
    ['custom-footer'], presets: [ { label: "social-icons", content:
    `<social-icons></social-icons>` } ] }; </script><template><i>icons</i></template>"""
    footer = """<script> export const slots = Component.defineSlots({ default: { schema:
    Component.slots.children(['social-icons']), }, }); </script>
    <template><footer><slot/></footer></template>"""
    comps = {"social-icons": icons, "custom-footer": footer}
    ok = compile_email(comps, "<custom-footer><social-icons></social-icons></custom-footer>")
    assert ok.errors == [] and ok.rules() == [], ok.explain()
    assert body(ok.html) == "<footer><i>icons</i></footer>"
    loose = compile_email(comps, "<social-icons></social-icons>")
    assert loose.rules() == ["components/allowed-parents"]
    assert "<custom-footer>" in loose.issues[0].message


NAV = """<script> export const config = { label: "nav", allowedParents: ['x-section', 'menu-bar'] };
</script><template><a href="#">nav</a></template>"""
BAR = "<script></script><template><div><x-box><slot/></x-box></div></template>"


def test_allowed_parents_with_standard_parents_are_checked_at_the_host() -> None:
    ok = compile_email({"nav-item": NAV}, "<x-section><div><nav-item></nav-item></div></x-section>")
    assert ok.rules() == [], ok.explain()
    top = compile_email({"nav-item": NAV}, "<p>x</p>\n <nav-item></nav-item>")
    assert top.rules() == ["components/allowed-parents"]
    issue = top.issues[0]
    assert issue.severity.name == "WARNING"
    assert (issue.file, issue.line, issue.column) == ("emails/e.html", 2, 2)
    assert "<x-section>, <menu-bar>" in issue.message and "outside any of them" in issue.message
    wrong = compile_email(
        {"nav-item": NAV}, "<x-section><x-box><nav-item></nav-item></x-box></x-section>"
    )
    assert wrong.rules() == ["components/allowed-parents"]
    assert "inside <x-box>" in wrong.issues[0].message


def test_allowed_parents_follow_the_source_tree_not_the_template() -> None:
    # menu-bar's template wraps its slot in <x-box>, but in the email the item is
    # written directly inside <menu-bar>: its parent is menu-bar.
    comps = {"nav-item": NAV, "menu-bar": BAR}
    ok = compile_email(comps, "<menu-bar><nav-item></nav-item></menu-bar>")
    assert ok.rules() == [], ok.explain()
    named = compile_email(comps, '<menu-bar><nav-item #slot="default"></nav-item></menu-bar>')
    assert named.rules() == [], named.explain()
    # inside a template: the nearest component of the template (here x-box), located
    # at the host in the email
    inner = compile_email(
        {
            "nav-item": NAV,
            "box-nav": "<script></script><template><x-box><nav-item></nav-item></x-box></template>",
        },
        "<x-section><box-nav></box-nav></x-section>",
    )
    assert inner.rules() == ["components/allowed-parents"]
    assert "inside <x-box>" in inner.issues[0].message
    assert (inner.issues[0].file, inner.issues[0].line) == ("components/box-nav.html", 1)
    assert inner.issues[0].host == (
        "emails/e.html:1:12 <box-nav> › components/box-nav.html:1:35 <nav-item>"
    )


PROMO_MJML = {"components/promo-box.mjml": "<script></script><template><p>promo</p></template>"}


def test_mjml_component_is_used_from_an_mjml_email_inside_mj_raw() -> None:
    ok = compile_email(
        PROMO_MJML,
        "<mjml><mj-body><mj-raw><div><promo-box></promo-box></div></mj-raw></mj-body></mjml>",
        file="emails/e.mjml",
    )
    assert ok.rules() == [], ok.explain()
    assert "<p>promo</p>" in ok.html
    outside = compile_email(
        PROMO_MJML,
        "<mjml><mj-body>\n<promo-box></promo-box></mj-body></mjml>",
        file="emails/e.mjml",
    )
    assert outside.rules() == ["components/mjml-placement"]
    issue = outside.issues[0]
    assert issue.is_error and (issue.file, issue.line, issue.column) == ("emails/e.mjml", 2, 1)
    assert "use it only inside <mj-raw>" in issue.message
    html_email = compile_email(PROMO_MJML, "<promo-box></promo-box>")
    assert html_email.rules() == ["components/mjml-placement"]
    assert "in an .mjml email, inside <mj-raw>" in html_email.issues[0].message


def test_mjml_component_nested_in_a_component_inside_mj_raw_is_fine() -> None:
    comps = {
        **PROMO_MJML,
        "wrap-it": "<script></script><template><div><slot/><promo-box>"
        "</promo-box></div></template>",
    }
    ok = compile_email(
        comps,
        "<mjml><mj-body><mj-raw><wrap-it><promo-box></promo-box>"
        "</wrap-it></mj-raw></mj-body></mjml>",
        file="emails/e.mjml",
    )
    assert ok.rules() == [], ok.explain()
    assert ok.html.count("<p>promo</p>") == 2
