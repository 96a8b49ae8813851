"""The expander: pass-through, Liquid, marks, issues, lint expectations, extension points."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from components.expand import ExpandContext, ExpandOptions, Expansion, expander
from components.expand.expander import expand
from components.markup import parse
from components.markup.nodes import Element
from components.sourcemap import strip_marks
from components.validate import check
from styles.model import GlobalStyles

DEFAULTS = ExpandOptions()


def run(source: str, options: ExpandOptions = DEFAULTS) -> tuple[str, list[str], Expansion]:
    result = parse(source, "email.html")
    expansion = expand(result.document, file="email.html", styles=GlobalStyles(), options=options)
    return expansion.html, [f"{i.rule}@{i.line}:{i.column}" for i in expansion.issues], expansion


PLAIN = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>T</title></head>\n'
    "<body><!--[if mso]><table><tr><td><![endif]-->\n"
    '<table role="presentation"><tr>{% for p in products %}<td class="{{ p.cls }}" '
    "{% if x %}data-x{% endif %}>{{ p.name | upcase }} &amp; more</td>{% endfor %}</tr></table>\n"
    "<!-- note --><!--[if mso]></td></tr></table><![endif]--></body></html>\n"
)


def test_plain_html_passes_through_byte_identical_without_marks() -> None:
    html, issues, _ = run(PLAIN)
    assert issues == []
    assert strip_marks(html) == PLAIN


def test_plain_elements_are_marked_and_mapped() -> None:
    html, _, expansion = run(PLAIN)
    ids = [int(m) for m in re.findall(r'data-mw-node="(\d+)"', html)]
    assert ids, "plain body elements carry marks"
    for node_id in ids:
        origin = expansion.source_map.origin(node_id)
        assert origin is not None and origin.file == "email.html"


LIQUID_EMAIL = (
    '<x-base title="Hi {{ customer.first_name }}">'
    '<x-section background="{{ brand.bg }}">'
    '<x-paragraph {% if rtl %}dir="rtl"{% endif %}>'
    'Hello {{ customer.first_name | default: "friend" }}'
    "{% if vip %} <b>VIP</b>{% endif %}</x-paragraph>"
    '<x-cta href="https://shop.example.com/{{ customer.id }}'
    '?src={% if a %}a{% else %}b{% endif %}">'
    "Shop {{ 'now' | upcase }}</x-cta>"
    '<x-image src="{{ product.image }}" alt="{{ product.name }}"/>'
    "</x-section></x-base>"
)


def test_liquid_survives_byte_for_byte() -> None:
    html, issues, _ = run(LIQUID_EMAIL)
    assert issues == []
    tokens = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", LIQUID_EMAIL)
    for token in set(tokens):
        assert html.count(token) >= LIQUID_EMAIL.count(token), token


def test_every_standard_output_element_is_marked() -> None:
    source = "<x-base><x-section><x-paragraph>a</x-paragraph><x-hr/></x-section></x-base>"
    html, _, expansion = run(source)
    doc = parse(source).document
    component_ids = {el.id for el in _elements(doc)}
    marked = {int(m) for m in re.findall(r'data-mw-node="(\d+)"', html)}
    assert component_ids <= marked
    assert set(expansion.source_map.origins) >= component_ids


def _elements(parent: object) -> list[Element]:
    from components.markup.nodes import iter_elements

    return list(iter_elements(parent))  # type: ignore[arg-type]


MARKETING = """<x-base title="News" lang="en" dir="ltr">
<x-section><x-heading-1>Hello</x-heading-1><x-paragraph>Text</x-paragraph>
<x-row :layout="[50, 50]"><x-column><x-image src="a.png" alt="A"/></x-column>
<x-column><x-cta href="https://e.com">Go</x-cta></x-column></x-row>
<x-box role="region" label="Offer"><x-list><li>a</li></x-list></x-box>
<x-wrap><x-image src="f.png" alt="F"/></x-wrap><x-hr/><x-spacer/></x-section></x-base>"""


def test_output_meets_lint_expectations() -> None:
    html, issues, _ = run(MARKETING)
    assert issues == []
    tree = lxml_html.document_fromstring(strip_marks(html))
    body = tree.find("body")
    assert body is not None
    articles = body.findall("div[@role='article']")
    assert len(articles) == 1
    wrapper = articles[0]
    assert wrapper.get("lang") == "en" and wrapper.get("dir") == "ltr"
    assert wrapper.get("aria-roledescription") == "email"
    assert len(tree.findall(".//h1")) == 1
    for a in tree.iter("a"):
        assert a.get("role") != "button"
    # every table, including those inside MSO conditionals, is a layout table
    tables = re.findall(r"<table\b[^>]*>", html)
    assert tables
    assert all('role="presentation"' in t for t in tables)
    for banned in ("header", "footer", "main", "aside", "nav", "article", "section"):
        assert tree.find(f".//{banned}") is None
    head = tree.find("head")
    assert head is not None
    assert head.find("meta[@charset]") is not None
    assert head.find("title").text == "News"
    assert len(head.findall("style")) >= 1


def test_invalid_prop_is_located_and_default_used() -> None:
    source = '<x-paragraph\n  text-align="middle">x</x-paragraph>'
    html, issues, expansion = run(source)
    assert issues == ["props/invalid@2:3"]
    message = expansion.issues[0].message
    assert "Invalid enum value. Expected 'left' | 'center' | 'right', received 'middle'" in message
    assert "<p" in html and "text-align" not in html


def test_expression_errors_are_located_at_the_attribute() -> None:
    source = '<x-row\n  :layout="[50, 5 +* 0]"><x-column>a</x-column></x-row>'
    _, issues, _ = run(source)
    assert issues == ["expr/syntax@2:20"]
    source = '<x-paragraph :color="colours.red">x</x-paragraph>'
    _, issues, _ = run(source)
    assert issues == ["expr/runtime@1:22"]


def test_expression_timeout_is_reported_and_compile_continues() -> None:
    source = '<x-spacer :size="(() => { for(;;){} })()"/><x-paragraph>after</x-paragraph>'
    html, issues, _ = run(source, options=ExpandOptions(time_limit_ms=20))
    assert issues == ["expr/timeout@1:18"]
    assert "after" in html


def test_number_and_boolean_literals_are_coerced() -> None:
    html, issues, _ = run(
        '<x-spacer size="24"/><x-row reverse fallback="multi" :layout="[100]">'
        "<x-column>a</x-column></x-row>"
    )
    assert issues == []
    assert "height:24px" in html
    assert "column-reverse" in html


def test_unknown_prop_is_a_warning() -> None:
    _, issues, expansion = run('<x-paragraph colour="red">x</x-paragraph>')
    assert issues == ["props/unknown@1:14"]
    assert "did you mean 'color'" in expansion.issues[0].message


def test_global_styles_apply_beneath_explicit_props() -> None:
    styles = GlobalStyles(
        defaults={
            "paragraph": {"color": {"light": "#111111", "dark": "#eeeeee"}, "font-size": 15},
            "heading1": {"font-size": 32},
            "divider": {"background-color": "#ff0000"},
            "link": {"color": "#0000ee"},
        }
    )
    source = (
        '<x-paragraph>a</x-paragraph><x-paragraph font-size="20">b</x-paragraph>'
        "<x-heading-1>h</x-heading-1><x-hr/>"
    )
    html = expand(parse(source).document, file="e.html", styles=styles).html
    assert "color:#111111;font-size:15px" in html
    assert "font-size:20px" in html
    assert "font-size:32px" in html
    assert "#eeeeee !important" in html
    assert "#ff0000" not in html  # dividers take no global styles by default
    assert (
        "li a{color:#0000ee}" in html.replace(", ", ",").replace(",li a", " li a")
        or "color:#0000ee" in html
    )


def test_hide_on_emits_classes_and_media_rules() -> None:
    html, _, _ = run(
        '<x-section hide-on="mobile">m</x-section><x-paragraph hide-on="desktop">d</x-paragraph>'
    )
    assert "mw-hide-mobile" in html and "mw-hide-desktop" in html
    assert "@media (min-width: 600px)" in html
    assert "<!--[if mso]><style>.mw-hide-mobile" in html


def test_html_document_gets_component_css_in_its_head() -> None:
    source = (
        "<html><head><title>x</title></head><body>"
        '<x-paragraph :color="{light: `#000`, dark: `#fff`}">a</x-paragraph></body></html>'
    )
    html, _, _ = run(source)
    head_end = html.index("</head>")
    assert html.index("<style>") < head_end
    assert html.index("prefers-color-scheme") < head_end


def test_fragment_without_head_gets_style_first() -> None:
    html, _, _ = run('<x-paragraph :color="{light: `#000`, dark: `#fff`}">a</x-paragraph>')
    assert html.startswith("<style>")


class Greeting:
    """A custom component renderer written against the extension protocol."""

    def render(self, ctx: ExpandContext, element: Element, out: list[str]) -> None:
        name_attr = element.attr(":name")
        name = (
            ctx.evaluate(name_attr.value or "", node=element, attr=name_attr)
            if name_attr
            else "you"
        )
        out.append(f'<div{ctx.mark(element)} class="greeting">Hi {name}: ')
        ctx.expand_nodes(element.children, out)
        out.append("</div>")
        ctx.css.add(".greeting", {"color": "red"})


class Library:
    def get(self, tag: str) -> Greeting | None:
        return Greeting() if tag == "greeting-card" else None

    def has(self, tag: str) -> bool:
        return tag == "greeting-card"


def test_component_library_renders_custom_tags() -> None:
    source = '<greeting-card :name="`Ada`"><x-paragraph>inner</x-paragraph></greeting-card>'
    result = parse(source, "e.html")
    expansion = expand(result.document, file="e.html", styles=GlobalStyles(), library=Library())
    assert expansion.issues == []
    assert "Hi Ada: <p" in expansion.html
    assert ".greeting{color:red}" in expansion.html


def test_title_and_preheader_are_reported() -> None:
    _, _, expansion = run('<x-base title="T" preheader="P"></x-base>')
    assert expansion.title == "T"
    assert expansion.preheader == "P"


def test_directives_on_plain_email_html_are_dropped_from_the_output() -> None:
    html, issues, _ = run(
        '<div #if="show" class="a" :title="t" {{ attrs }}>${x} {{ y }}</div>',
        options=ExpandOptions(marks=False),
    )
    assert html == '<div class="a" {{ attrs }}>${x} {{ y }}</div>'
    assert issues == []  # the markup validator reports them (markup/directive-outside-…)


def test_literal_props_need_no_engine_and_expressions_make_one_on_first_use() -> None:
    from components.standard import REGISTRY
    from styles.css import CssBuilder

    ctx = ExpandContext(
        file="e.html",
        styles=GlobalStyles(),
        options=ExpandOptions(),
        library=None,
        registry=REGISTRY,
        css=CssBuilder(),
    )
    result = parse(
        '<x-row :layout="[40, 60]" :gap="12"><x-column></x-column><x-column></x-column></x-row>',
        "e.html",
    )
    out: list[str] = []
    ctx.expand_nodes(result.document.children, out)
    assert ctx.issues == []
    assert "mw-col-" in "".join(out) and "width:40%" in "".join(out)
    assert ctx.js_engine is None  # plain literals: no QuickJS context made
    assert ctx.evaluate("typeof globalStyles.colors") == "object"
    assert ctx.js_engine is not None


def test_page_slots_are_filled_once_whatever_the_text_holds() -> None:
    """The head's slots are filled in one copy of the page when they are the only NUL
    characters, and by the replacements otherwise: the same page either way."""
    body = '<x-paragraph color="{{ c }}">{{ text }}</x-paragraph>'
    plain, issues, _ = run(f'<x-base title="T">{body}</x-base>')
    with_nul, _, _ = run(f'<x-base title="T">{body}<p>a\x00b</p></x-base>')
    assert issues == []
    assert plain.count("<title>T</title>") == 1 and with_nul.count("<title>T</title>") == 1
    assert "\x00mw:" not in plain and "\x00mw:" not in with_nul
    assert "a\x00b" in with_nul
    marks = re.compile(r' data-mw-node="\d+"')
    assert marks.sub("", with_nul).replace("<p>a\x00b</p>", "") == marks.sub("", plain)


SLOT_CASES = [
    "<x-base><x-section><x-paragraph>a</x-paragraph></x-section></x-base>",
    '<x-base title="T"><x-head><meta name="a" content="b"></x-head>'
    "<x-paragraph>a</x-paragraph></x-base>",
    "<html><head><title>T</title></head><body><x-paragraph>a</x-paragraph></body></html>",
    # slots in two pieces: the page's <head> and x-base's
    "<html><head></head><body><x-base><x-paragraph>a</x-paragraph></x-base></body></html>",
    "<head></head><head></head><x-paragraph>a</x-paragraph>",
    "<x-paragraph>no slot at all</x-paragraph>",
]


def test_slots_filled_in_place_give_the_page_filled_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    in_place = [run(source)[0] for source in SLOT_CASES]
    monkeypatch.setattr(expander, "_fill_slots_in_place", lambda *args: None)
    whole = [run(source)[0] for source in SLOT_CASES]
    assert in_place == whole
    assert not any("\x00" in html for html in in_place)


@pytest.mark.parametrize("lead", ["", "\n\n  \n", "   "])
def test_pieces_joined_with_lstrip_are_the_page_stripped(
    lead: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``join(lstrip=True)`` (the compiler's, after blanked front matter) leaves out the
    page's leading whitespace without a copy of the page: the same text as
    ``str.lstrip`` of the page, with the slots filled in place or over the whole page."""
    for fill_in_place in (True, False):
        if not fill_in_place:
            monkeypatch.setattr(expander, "_fill_slots_in_place", lambda *args: None)
        for source in [
            *SLOT_CASES,
            "<html><head></head><body></body></html>",
            "text <html><head></head><body></body></html>",
        ]:
            doc = parse(lead + source, "email.html").document
            whole = expand(doc, file="email.html", styles=GlobalStyles()).html
            pieces = expander.expand_pieces(doc, file="email.html", styles=GlobalStyles())
            assert pieces.join(lstrip=True).html == whole.lstrip()


def test_pieces_hold_nothing_of_the_source_tree() -> None:
    """The compiler lets the source's tree go before the page is joined: the pieces
    must not keep it (nor the expansion's state, which does)."""
    import sys

    doc = parse(
        "<x-base><x-section><x-paragraph>a</x-paragraph></x-section></x-base>", "email.html"
    ).document
    held = sys.getrefcount(doc)
    pieces = expander.expand_pieces(doc, file="email.html", styles=GlobalStyles())
    assert sys.getrefcount(doc) == held
    assert "<p" in pieces.join().html


# -- markup parsed as is: the expansion of text in which nothing expands (MJML) ------------
_MJML_PLAIN = (
    "<mjml>\n  <mj-head><mj-title>Hi {{ name }}</mj-title></mj-head>\n  <mj-body>"
    '<mj-section><mj-column><mj-text color="#333">Hello {{ name }} &amp; '
    '<a href="#top">top</a></mj-text></mj-column></mj-section>\n'
    "<!--[if mso]><table><tr><td><![endif]--><mj-raw><p>{% if x %}y{% endif %}</p></mj-raw>"
    "<!--[if mso]></td></tr></table><![endif]--></mj-body>\n</mjml>\n"
)


@pytest.mark.parametrize(
    ("text", "as_written"),
    [
        (_MJML_PLAIN, True),
        ("  \n" + _MJML_PLAIN, True),
        # each of these expands: the walk is needed
        (_MJML_PLAIN.replace("<p>", "<p><x-spacer></x-spacer>"), False),
        (_MJML_PLAIN.replace("<p>", "<p><X-Paragraph>a</X-Paragraph>"), False),
        (_MJML_PLAIN.replace("<p>", "<p><x-nope></x-nope>"), False),  # reported
        (_MJML_PLAIN.replace("<p>", "<p><my-card>a</my-card>"), False),
        (_MJML_PLAIN.replace('<a href="#top">', '<a :href="url">'), False),
        (_MJML_PLAIN.replace("<p>", '<p #if="x">'), False),
        (_MJML_PLAIN.replace("<mj-raw><p>", "<mj-raw><!--[if mso]><head><![endif]--><p>"), False),
        (_MJML_PLAIN.replace("<mj-raw><p>", "<mj-raw><Head></Head><p>"), False),
        (_MJML_PLAIN.replace("<p>", "<p><!--[if mso]><my-card>a</my-card><![endif]-->"), False),
        (_MJML_PLAIN.replace("<mj-column>", '<mj-column #each="x">'), False),
        (_MJML_PLAIN.replace("<p>", "<p><my-cards>a</my-cards>"), True),  # unknown: reported
        (_MJML_PLAIN.replace("<p>", "<p><x-base></x-base>"), False),
    ],
)
def test_text_in_which_nothing_expands_is_taken_as_parsed(text: str, as_written: bool) -> None:
    """``parsed_from``: without marks, text in which nothing expands is its expansion,
    without a walk; where anything expands (a component in an ``mj-raw``, a directive, a
    head whose slots are filled) the walk runs, and either way the page is the walk's."""
    from components.custom import library_from_sources

    lib = library_from_sources({"components/my-card.html": "<template><b><slot /></b></template>"})
    options = ExpandOptions(marks=False)

    def expanded(parsed_from: str | None) -> Expansion:
        doc = parse(text, "e.mjml").document
        return expander.expand_pieces(
            doc,
            file="e.mjml",
            styles=GlobalStyles(),
            options=options,
            library=lib,
            parsed_from=parsed_from,
        ).join()

    walked, taken = expanded(None), expanded(text)
    assert (taken.html, taken.issues) == (walked.html, walked.issues)
    doc = parse(text, "e.mjml").document
    assert expander._as_written(doc, lib) is as_written
    # the compiler's validator reads the same on its walk, and the expander takes it
    assert check(doc, "e.mjml", library=lib).as_written is as_written
    given = expander.expand_pieces(
        doc, file="e.mjml", options=options, library=lib, parsed_from=text, as_written=as_written
    ).join()
    assert (given.html, given.issues) == (walked.html, walked.issues)
    if as_written:
        assert taken.html == text


def test_with_marks_the_text_is_walked() -> None:
    """With marks on, the elements are marked: never the text as it is."""
    doc = parse(_MJML_PLAIN, "e.mjml").document
    marked = expander.expand_pieces(doc, file="e.mjml", parsed_from=_MJML_PLAIN).join()
    assert marked.html != _MJML_PLAIN and strip_marks(marked.html) == _MJML_PLAIN


def test_a_consumed_list_is_let_go_as_it_is_written_and_writes_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``consume`` (the compiler's x-base children, when nothing reads its tree after the
    walk): each node is taken out of the list before it is expanded — an empty text left
    in its place — and the page is the one the whole tree writes."""
    from components.expand.expander import expand_pieces
    from components.markup.nodes import Node, Text

    source = (
        "<x-base>\n<x-section><x-column><x-heading>A {{ a }}</x-heading></x-column>"
        "</x-section>\n<x-section><x-paragraph>B</x-paragraph></x-section>\n"
        "<!--[if mso]><p>c</p><![endif]--></x-base>\n"
    )
    whole = expand(parse(source, "e.html").document, file="e.html", styles=GlobalStyles())
    doc = parse(source, "e.html").document
    base = doc.children[0]
    assert isinstance(base, Element)
    sections = base.children
    seen: list[int] = []
    real = ExpandContext.expand_node

    def spy(ctx: ExpandContext, node: Node, out: list[str]) -> None:
        seen.append(sum(1 for n in sections if isinstance(n, Text) and n.raw == ""))
        real(ctx, node, out)

    monkeypatch.setattr(ExpandContext, "expand_node", spy)
    pieces = expand_pieces(doc, file="e.html", styles=GlobalStyles(), consume=sections)
    out = pieces.join()
    assert (out.html, [i.rule for i in out.issues]) == (whole.html, [i.rule for i in whole.issues])
    assert [type(n).__name__ for n in sections] == ["Text"] * 6
    assert all(isinstance(n, Text) and n.raw == "" for n in sections)
    assert seen and seen == sorted(seen) and seen[-1] >= 5, "taken out one by one"


def test_a_consumed_node_leaves_the_set_of_document_elements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the set of the document's elements is made (a parent check), a node taken out
    by ``consume`` takes its elements' ids out of it: a later object (a template's
    element) may get one of those ids, and it is not of the document."""
    from collections.abc import Sequence

    from components.expand.expander import expand_pieces
    from components.markup.nodes import Node, iter_elements

    doc = parse(
        "<x-base><x-section><x-paragraph>a</x-paragraph></x-section>"
        "<x-section><x-paragraph>b</x-paragraph></x-section></x-base>",
        "e.html",
    ).document
    base = doc.children[0]
    assert isinstance(base, Element)
    sections = [n for n in base.children if isinstance(n, Element)]
    inner = [el for s in sections for el in (s, *iter_elements(s))]
    contexts: list[ExpandContext] = []
    real = ExpandContext.expand_nodes

    def checking(ctx: ExpandContext, nodes: Sequence[Node], out: list[str]) -> None:
        assert ctx.in_document(base)  # (makes the set, early)
        contexts.append(ctx)
        real(ctx, nodes, out)

    monkeypatch.setattr(ExpandContext, "expand_nodes", checking)
    expand_pieces(doc, file="e.html", styles=GlobalStyles(), consume=base.children)
    found = contexts[0]._document_elements
    assert found is not None and id(base) in found
    assert not any(id(el) in found for el in inner)


#: plain elements of every kind the pass-through meets: without attributes (written by its
#: shortcut), with attributes, with a directive (dropped), unmarked ones, void and
#: self-closed ones, an unclosed start tag, a head (its slots), nested ones, Liquid
PLAIN_ELEMENTS = [
    "<strong>Bold</strong>",
    "<p>a<br>b<br/>c<br />d</p>",
    '<a href="https://e.com/?u={{ u }}" class="x">link</a>',
    '<span style="color: {{ c }}">x</span><em>y</em>',
    '<div :title="1" {% if a %}data-a{% endif %}>d</div>',
    "<table><tr><td>1</td><td align=center>2</td></tr></table>",
    "<html><head><title>T</title></head><body><p>x</p></body></html>",
    "<head><title>T</title></head><body><p>x</p></body>",
    "<ul><li>one<li>two</ul>",
    "<p><b>",
    "<custom-thing>c</custom-thing><v:rect>r</v:rect>",
]


@pytest.mark.parametrize("source", PLAIN_ELEMENTS)
@pytest.mark.parametrize("marks", [True, False])
def test_plain_elements_are_written_as_the_general_pass_through_writes_them(
    source: str, marks: bool
) -> None:
    """The walk's shortcuts for plain HTML (an element of HTML_ELEMENTS passed through
    without _expand_element, one without attributes written without start_tag) give the
    general path's page, source map and issues: each element expanded by
    ``_expand_element`` and, inside it, ``_pass_tag`` (start_tag, then the mark cut in)."""
    from components.standard import REGISTRY
    from styles.css import CssBuilder

    def context() -> ExpandContext:
        return ExpandContext(
            file="e.html",
            styles=GlobalStyles(),
            options=ExpandOptions(marks=marks),
            library=None,
            registry=REGISTRY,
            css=CssBuilder(),
        )

    fast, general = context(), context()
    fast_out: list[str] = []
    general_out: list[str] = []
    document = parse(source, "e.html").document
    fast.expand_nodes(document.children, fast_out)
    for node in document.children:  # (an element inside one is written alike by both)
        if isinstance(node, Element):
            general.open_elements.append(node.name)
            if node.attrs:
                general._expand_element(node, general_out)
            else:  # the general writer: start_tag, then the mark cut in
                general._pass_tag(node, general_out)
            general.open_elements.pop()
        else:
            general.expand_node(node, general_out)
    assert "".join(fast_out) == "".join(general_out)
    assert fast.source_map == general.source_map
    assert [i.message for i in fast.issues] == [i.message for i in general.issues]
    if marks and source.startswith("<strong"):
        assert 'data-mw-node="' in "".join(fast_out)


@pytest.mark.parametrize(("marks", "journaled"), [(False, False), (True, False), (True, True)])
def test_a_context_is_let_go_without_the_cyclic_collector(marks: bool, journaled: bool) -> None:
    """The compile pauses the cyclic collector: the expansion's context (which holds the
    source's tree) must make no reference cycle, or it would be held, tree and all, while
    the transformers run (the MJML form's default compile peaked 3.6x -> 4.7x its output
    when its mark was a method kept on it). Marked and unmarked, with and without a
    journal, it goes with its last reference, not with the collector."""
    import gc

    from components.standard import REGISTRY
    from styles.css import CssBuilder

    source = '<x-section><x-paragraph>a</x-paragraph></x-section><p class="b">c</p>'
    collecting = gc.isenabled()
    gc.disable()
    gc.collect()  # (what earlier tests left)
    # what the collector finds from here on is kept in gc.garbage, to be looked at (only
    # the context is: another thread's garbage may be found too)
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        ctx = ExpandContext(
            file="e.html",
            styles=GlobalStyles(),
            options=ExpandOptions(marks=marks),
            library=None,
            registry=REGISTRY,
            css=CssBuilder(),
            journal=[] if journaled else None,
        )
        out: list[str] = []
        ctx.expand_nodes(parse(source, "e.html").document.children, out)
        assert ("data-mw-node" in "".join(out)) is marks
        if journaled:
            assert ctx.journal and ctx.journal[0][0] == "origin"
        del ctx
        gc.collect()
        assert not any(type(o) is ExpandContext for o in gc.garbage)  # no cycle held it
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if collecting:
            gc.enable()
