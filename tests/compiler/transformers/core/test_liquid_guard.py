# ruff: noqa: E501  (tables of HTML test data read better unwrapped)
from __future__ import annotations

from dataclasses import dataclass

import css_inline
import pytest

from compiler.transformers import formatting, plaintext
from compiler.transformers.core import liquid_guard, markup
from compiler.transformers.core.base import Work
from compiler.transformers.core.liquid_guard import (
    protect,
    restore,
    token_contexts,
    unguarded,
    verify,
)
from compiler.transformers.runner import run_guarded, transform
from tests.conftest import corpus_files, requires_corpus


@dataclass(frozen=True)
class Case:
    description: str
    html: str


CASES = [
    Case("text", "<p>Hi {{ customer.first_name | default: 'there' }}!</p>"),
    Case(
        "table rows",
        "<table>{% for i in items %}<tr><td>{{ i.name }}</td></tr>{% endfor %}</table>",
    ),
    Case("href", '<a href="{{ url }}?a=1&amp;b={{ b | url_encode }}">x</a>'),
    Case("src", '<img src="{{ image | default: "x.png" }}" alt="">'),
    Case("style attr", '<p style="color: {{ color }}; {{ extra }}">x</p>'),
    Case("class attr", '<table><tr><td class="a {% if x %}b{% endif %}">x</td></tr></table>'),
    Case(
        "attribute list",
        '<table><tr><td {% if x %}class="a"{% endif %} width="1">x</td></tr></table>',
    ),
    Case("style block", "<style>.a{color:{{ c }}} {% if d %}.b{x:y}{% endif %}</style>"),
    Case("mso comment", "<!--[if mso]><table><tr><td>{{ x }}</td></tr></table><![endif]-->"),
    Case("title", "<title>{{ subject }}</title>"),
    Case("handlebars", "<p>{{#if a}}{{{ raw }}}{{/if}} {{! note }}</p>"),
    Case("raw block", "<p>{% raw %}{{ not liquid }}{% endraw %}</p>"),
    Case("comparison in tag", "<div {% if a > b %}hidden{% endif %}>x</div>"),
    Case("escaped example", "<p>&#123;&#123; x }} becomes {{ x }}</p>"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_protect_restore_round_trip_is_byte_identical(case: Case) -> None:
    g = protect(case.html)
    assert "{{" not in g.text and "{%" not in g.text
    assert restore(g.text, g) == case.html


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_guarded_html_survives_a_real_html5_parser(case: Case) -> None:
    doc = f"<!DOCTYPE html><html><head></head><body>{case.html}</body></html>"
    g = protect(doc)
    parsed = css_inline.inline(
        g.text, load_remote_stylesheets=False, inline_style_tags=False, keep_style_tags=True
    )
    out = restore(parsed, g)
    assert liquid_guard.tokens(out) == liquid_guard.tokens(doc)
    assert verify(doc, out.replace("<tbody>", "").replace("</tbody>", ""), step="t") == []


def test_unguarded_parser_foster_parents_liquid_and_verify_catches_it() -> None:
    doc = "<html><body><table>{% if a %}<tr><td>x</td></tr>{% endif %}</table></body></html>"
    out = css_inline.inline(doc, load_remote_stylesheets=False)
    issues = verify(doc, out, step="raw-parser")
    assert issues and issues[0].is_error
    assert "moved" in issues[0].message


@pytest.mark.parametrize(
    ("after", "word"),
    [
        ("<p>Hi !</p>", "lost"),
        ("<p>Hi {{ name }}{{ name }}!</p>", "duplicated"),
        ("<p>{{ b }} {{ name }}!</p>", "added"),
    ],
)
def test_verify_reports_lost_duplicated_and_added_tokens(after: str, word: str) -> None:
    issues = verify("<p>Hi {{ name }}!</p>", after, step="demo", file="e.html")
    assert len(issues) == 1
    assert word in issues[0].message
    where = (issues[0].file, issues[0].line, issues[0].column)
    # a token that was never in the input has no place in it
    assert where == (("e.html", 0, 0) if word == "added" else ("e.html", 1, 7))


def test_verify_reports_reordered_tokens() -> None:
    issues = verify("{{ a }} {{ b }}", "{{ b }} {{ a }}", step="demo")
    assert "moved" in issues[0].message


def test_contexts_distinguish_table_attribute_and_flow() -> None:
    ctx = token_contexts('<table>{% if x %}<tr><td a="{{ y }}">{{ z }}</td></tr></table>')
    assert ctx == [("{% if x %}", "table"), ("{{ y }}", "attr:a"), ("{{ z }}", "flow")]


def test_contexts_read_every_text_only_element_as_raw() -> None:
    # (xmp and iframe: read as flow before, the contexts' own list lacking them)
    ctx = token_contexts("<xmp>{{ a }}</xmp><iframe>{{ b }}</iframe><p>{{ c }}</p>")
    assert ctx == [("{{ a }}", "raw"), ("{{ b }}", "raw"), ("{{ c }}", "flow")]


def test_a_transformer_that_loses_a_token_fails_loudly() -> None:
    @dataclass(frozen=True)
    class Opts:
        enabled: bool = True

    def corrupt(work: Work, _options: object) -> None:
        work.set_text(work.text().replace(f"<!--{work.guard.prefix}0x-->", ""))

    html = "<p>{{ a }} and {{ b }}</p>"
    out, issues = run_guarded(corrupt, "corrupt", html, Opts())
    assert out == html  # the broken output is discarded
    assert [i.rule for i in issues] == ["transformers/liquid-changed"]
    assert issues[0].is_error and "lost" in issues[0].message


def test_unquoted_values_holding_liquid_are_quoted_on_restore() -> None:
    g = protect("<a href={{url}}>x</a>")
    assert restore(g.text, g) == '<a href="{{url}}">x</a>'
    g = protect('<a title={{ t | append: "x" }}>x</a>')
    assert restore(g.text, g) == """<a title='{{ t | append: "x" }}'>x</a>"""


def test_prefix_avoids_collisions_with_the_document() -> None:
    html = "<p>mwl0x {{ a }}</p>"
    g = protect(html)
    assert g.prefix != "mwl"
    assert restore(g.text, g) == html
    # in any case, at any place of a long document (it is read in pieces), and for a
    # guard that swapped nothing (its prefix chosen when read)
    for at in (0, 16383, 16384, 16385, 32767, 40000):
        for word in ("MWL", "mWl", "mwl"):
            text = "é" * at + word + "x" * 50
            assert protect(text).prefix == unguarded(text).prefix == "mwlq", (at, word)
    assert unguarded("a" * 40000).prefix == "mwl"


# --- the run's check: placeholder sequences compared as lists -------------------------

RUN_HTML = (
    '<table>{% for i in items %}<tr><td class="{{ i.cls }}" {% if i.x %}hidden{% endif %}>'
    "{{ i.name }}</td></tr>{% endfor %}</table><!--[if mso]>{{ mso }}<![endif]-->"
    "<style>.a{color:{{ c }}}</style><p>&#123;&#123; example }}</p>"
)


def _run_check(edit: str | None = None, *, old: str = "", new: str = "") -> bool:
    g = protect(RUN_HTML)
    expected, _ = liquid_guard.placeholder_contexts(markup.parse(g.text), g)
    text = (
        g.text
        if edit is None
        else g.text.replace(old.format(p=g.prefix), new.format(p=g.prefix), 1)
    )
    doc = markup.parse(text)
    restored = liquid_guard.restore_markup(doc, g)
    intact = liquid_guard.run_intact(expected, doc, restored, g)
    # the run's check (restore and contexts in one walk) says the same, and restores alike
    assert liquid_guard.restore_intact(expected, doc, g) == (restored if intact else None)
    return intact


def test_run_check_passes_an_untouched_document() -> None:
    assert _run_check()


@pytest.mark.parametrize(
    ("what", "old", "new"),
    [
        ("lost", "<!--{p}0x-->", ""),
        ("duplicated", "<!--{p}3x-->", "<!--{p}3x--><!--{p}3x-->"),
        ("reordered", "<!--{p}4x--></table>", "</table><!--{p}4x-->"),
        ("swapped", "<!--{p}3x--></td></tr><!--{p}4x-->", "<!--{p}4x--></td></tr><!--{p}3x-->"),
        ("moved out of the table", "<table><!--{p}0x-->", "<!--{p}0x--><table>"),
        ("attribute changed", 'class="{p}1x"', 'title="{p}1x"'),
        ("attribute run moved into a value", " {p}2x>", ' data-x="{p}2x">'),
        ("raw text became text", "<style>.a{{color:{p}6x}}</style>", "<style>.a{{}}</style>{p}6x"),
        ("token invented", "<p>", "<p>{{{{ new }}}}"),
        ("unknown placeholder", "<p>", "<p><!--{p}99x-->"),
    ],
)
def test_run_check_catches_every_kind_of_change(what: str, old: str, new: str) -> None:
    assert old.format(p=protect(RUN_HTML).prefix) in protect(RUN_HTML).text, what
    assert not _run_check(what, old=old, new=new)


def test_attribute_order_inside_a_tag_does_not_matter() -> None:
    g = protect('<img alt="{{ a }}" src="{{ b }}">')
    expected, _ = liquid_guard.placeholder_contexts(markup.parse(g.text), g)
    swapped = markup.parse(f'<img src="{g.prefix}1x" alt="{g.prefix}0x">')
    restored = liquid_guard.restore_markup(swapped, g)
    assert restored == '<img src="{{ b }}" alt="{{ a }}">'
    assert liquid_guard.run_intact(expected, swapped, restored, g)


def test_a_comment_holding_only_liquid_stays_a_comment() -> None:
    html = "<p>a</p><!--{{ note }}--><p>{{ b }}</p>"
    g = protect(html)
    assert restore(g.text, g) == html
    out, issues = transform(
        formatting.NAME, html, formatting.Options(enabled=True, minify=True, remove_comments=True)
    )
    assert issues == [] and "<!--{{ note }}-->" in out
    assert "{{ note }}" not in plaintext.generate(html)


def test_values_inside_comments_are_restored_as_written() -> None:
    html = "<!--[if mso]><a href={{ url }}>x</a><![endif]--><a href={{ url }}>y</a>"
    g = protect(html)
    assert restore(g.text, g) == html.replace("<a href={{ url }}>y", '<a href="{{ url }}">y')


# --- one parse: protect_parsed hands over the guarded document's tree ---------------------

PARSED_EDGES = [
    "<p>{{ a }}{{ b }}<b {{ c }}{{ d }}>x</b></p>",
    '<img src="{{ a }}" {{ b }}/><br {% if x %}hidden{% endif %}>',
    "<!-- {{ '-->' }} --><style>{{ '</style>' }} .a{b:c}</style>x",
    "a <{{ x }}b> </{{ y }}> &#123;&#123; z }}",
    "<?xml {{ x }}?><!DOCTYPE {{ y }}><p>{{ z }}",
    "<title{{ x }}>{{ y }}</title>",  # a token in a tag's name: read again as guarded
    "<a{{ x }} href='{{ u }}'>{{ t }}</a>",
    '<td {% if x %}class="a"{% endif %} width=1>{% raw %}<p>{{ r }}</p>{% endraw %}</td>',
]


@pytest.mark.parametrize("html", [c.html for c in CASES] + PARSED_EDGES)
def test_protect_parsed_gives_the_tree_of_the_guarded_text(html: str) -> None:
    g, doc = liquid_guard.protect_parsed(html)
    assert doc == markup.parse(g.text)
    # the tokens protect recorded for each placeholder are those its segment holds
    assert [g.segment_tokens(i) for i in range(len(g.segments))] == [
        liquid_guard.tokens(s) for s in g.segments
    ]
    again = protect(html)
    assert (g.text, g.segments, g.in_text) == (again.text, again.segments, again.in_text)
    # the run's protection makes no guarded text: the same tree and placeholders
    bare, same = liquid_guard.protect_parsed(html, text=False)
    assert same == doc and bare.text == ""
    assert (bare.segments, bare.in_text) == (g.segments, g.in_text)
    assert liquid_guard.protect_checked(html)[2] == liquid_guard.placeholder_contexts(doc, g)[0]
    _cut_is_the_protection(html)
    # (a token glued to a tag name comes back after a space: the only byte that differs)
    assert liquid_guard.tokens(restore(g.text, g)) == liquid_guard.tokens(html)


def _cut_is_the_protection(html: str) -> bool:
    """protect_cut gives what protect_checked gives (the guard, the contexts) with the
    guarded document as the scan's cut (its text the guarded text, its tree the guarded
    tree), or None; True when it gave a cut."""
    found = liquid_guard.protect_cut(html)
    g, doc, contexts = liquid_guard.protect_checked(html)
    if found is None:
        return False
    guard, cut, at_cut = found
    guarded = protect(html)
    assert cut.text() == guarded.text, html
    assert cut.markup() == markup.parse(guarded.text), html
    assert doc.serialize() == guarded.text, html
    assert at_cut == contexts, html
    assert (guard.prefix, guard.segments, guard.in_text, guard.text) == (
        g.prefix,
        g.segments,
        g.in_text,
        "",
    )
    assert [guard.segment_tokens(i) for i in range(len(guard.segments))] == [
        liquid_guard.tokens(s) for s in guard.segments
    ]
    return True


def test_the_cut_protection_steps_aside_where_it_cannot_cut() -> None:
    """A raw-text body holding markup, İ/ı/ſ in the page, a token in a tag's name: the run
    protects on the tree (protect_cut gives None)."""
    for html in (
        "<script>a<b>{{ x }}</script>",
        "<p>\u0130 {{ x }}</p>",
        "<title{{ x }}>t</title>",
        "<p{{ x }}>t</p>",
        "<p>ſ</p>",
    ):
        assert liquid_guard.protect_cut(html) is None, html
    for html in ("<p>{{ x }}</p><style>a{b:{{ c }}}</style>", "a <{{ x }}b>", "<p>t</p>"):
        assert _cut_is_the_protection(html), html


def test_tokens_in_declarations_are_opaque_words() -> None:
    g = protect("<?php {{ x }} ?><p>{{ y }}</p>")
    assert g.text == f"<?php {g.prefix}0x ?><p><!--{g.prefix}1x--></p>"
    assert g.in_text == {1}


@requires_corpus
def test_protect_parsed_gives_the_tree_of_the_guarded_text_for_the_corpus() -> None:
    for path in corpus_files():
        html = path.read_text(encoding="utf-8", errors="replace")
        g, doc = liquid_guard.protect_parsed(html)
        assert doc == markup.parse(g.text), path
        assert restore(g.text, g) == html, path
        assert (
            liquid_guard.protect_checked(html)[2] == liquid_guard.placeholder_contexts(doc, g)[0]
        ), path
        assert _cut_is_the_protection(html), path
        assert [g.segment_tokens(i) for i in range(len(g.segments))] == [
            liquid_guard.tokens(s) for s in g.segments
        ], path


# --- masked: tokens swapped for markers, pieces guarded as a reader reads them -------------


def test_masked_pieces_are_guarded_as_protect_guards_them() -> None:
    html = '<p class="{{ c }}">Hi {{ name }}{{ x }}</p><!-- {{ note }} -->'
    masked = liquid_guard.mask(html)
    assert masked is not None
    p, f, d = masked.guard.prefix, masked.fill, masked.pad
    whole = masked.piece(0, len(html))
    assert whole == (f'<p class="{f}0{d * 5}">Hi {f}1{d * 8}{f}2{d * 5}</p><!-- {f}3{d * 8} -->')
    assert len(whole) == len(html)  # read in pieces, it is cut where the document is
    # a piece may end inside a token (its marker is cut there); it never starts in one
    assert all(masked.piece(0, k) == whole[:k] for k in range(len(html) + 1))
    assert all(masked.piece(k, len(html)) == whole[k:] for k in (0, 3, 17, 19, 39, 43, 58))
    assert masked.guard.segments == ["{{ c }}", "{{ name }}", "{{ x }}", "{{ note }}"]
    assert masked.reveal(f"Hi {f}1{d * 8}{f}2{d * 5}", True) == f"Hi <!--{p}1x--><!--{p}2x-->"
    assert masked.reveal(f'"{f}0{d * 5}"', False) == f'"{p}0x"'
    assert masked.guard.in_text == {1, 2}
    # placeholder i is token i, as protect numbers them when no run holds several
    assert protect(html).text == f'<p class="{p}0x">Hi <!--{p}1x--><!--{p}2x--></p><!-- {p}3x -->'
    assert masked.plain_tag("p", f' class="{f}0{d}"')
    assert not masked.plain_tag("td", f" {f}0{d}class=a")  # in the attribute list
    assert not masked.plain_tag(f"t{f}0{d}", "")  # in the name


def test_a_tag_is_plain_where_its_attribute_pattern_reads_no_marker_in_a_name() -> None:
    # the quick reading of name="value" lists answers as the attribute pattern does
    import random

    from compiler.transformers.core.liquid_guard import _ATTR_RE

    masked = liquid_guard.mask("<p>{{ a }}</p>")
    assert masked is not None
    marker = f"{masked.fill}0{masked.pad * 3}"
    bits = [
        " ",
        "  ",
        "\n",
        "a",
        "href",
        "=",
        '"',
        "'",
        "x",
        "/",
        marker,
        '="',
        '" ',
        ">",
        f' href="{marker}"',
        f" alt='{marker}'",
        f' s="{marker};{marker}"',
        " b=c",
        f" {marker}=1",
        f' {marker}="v"',
        f' a{marker}="v"',
        '="x',
        "\x01",
        "\ufdd0",
    ]
    rnd = random.Random(5)
    quick = 0
    for _ in range(6000):
        attrs = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 8)))
        listed = attrs[:-1] if attrs.endswith("/") else attrs
        expected = not any(masked.fill in n for n, _ in _ATTR_RE.findall(listed))
        assert masked.plain_tag("td", attrs) == expected, attrs
        quick += liquid_guard._VALUES_ONLY.fullmatch(listed) is not None and marker in attrs
    assert quick > 50  # lists with markers read the quick way, and compared


def test_tokens_are_every_whole_match_in_order() -> None:
    text = (
        '{{ a }} {% raw %}{{ b }}{% endraw %} {{!-- c --}} {{{ d }}} {{ "}}" }} '
        "{% if x %}{{ 'e' | f }}{% endif %} {{ u "
    )
    assert liquid_guard.tokens(text) == [m.group(0) for m in liquid_guard.TOKEN_RE.finditer(text)]
    assert liquid_guard.tokens(text)[:3] == [
        "{{ a }}",
        "{% raw %}{{ b }}{% endraw %}",
        "{{!-- c --}}",
    ]


def test_brace_entities_are_found_as_the_pattern_finds_them() -> None:
    # the first "&"s are found by str.find while far apart, the rest by the pattern
    import random

    rnd = random.Random(3)
    bits = [
        "&",
        "&#123;",
        "&#x7b;",
        "&lbrace;",
        "&amp;",
        "a",
        "&#37;",
        "&&#125;",
        "&#0123;",
        "{{ x }}",
        "&percnt;",
        " ",
        "&#X7D;",
        "x" * 70,
        "y" * 200,
    ]
    for _ in range(3000):
        html = "".join(rnd.choice(bits) for _ in range(rnd.randint(1, 60)))
        first = html.find("&")
        if first >= 0:
            assert liquid_guard._entity_spans(html, first) == [
                m.span() for m in liquid_guard.BRACE_ENTITY_RE.finditer(html, first)
            ], html


def test_a_masked_document_without_tokens_is_the_document() -> None:
    masked = liquid_guard.mask("<p>a</p>")
    assert masked is not None and masked.piece(0, 8) == "<p>a</p>"
    assert masked.guard.segments == []
    assert liquid_guard.mask("{{ a }}" * 10 + "{{}}") is not None  # "{{}}" holds a marker of 10
    assert liquid_guard.mask("{{ a }}" * 100 + "{{}}") is None  # but not of 100


@pytest.mark.parametrize(
    ("html", "expect"),
    [
        ("<p>x</p>", ("\x01", "\x02")),
        ("a\x00b\x02", ("\x01", "\x03")),
        ("\x01\x02\x03\x04\x05\x06\x07\x08", ("\x00", "\ufdd0")),
        ("\x00\x01\x02\x03\x04\x05\x06\x07", ("\x08", "\ufdd0")),
        ("\x00\x01\x02\x03\x04\x05\x06\x07\x08", ("\ufdd0", "\ufdd1")),
    ],
)
def test_fill_characters_are_the_first_the_document_does_not_hold(
    html: str, expect: tuple[str, str]
) -> None:
    assert liquid_guard._fill_chars(html) == expect
    assert liquid_guard._fill_char(html) == expect[0]


def test_placeholder_contexts_are_the_token_contexts_of_the_text() -> None:
    """The tree's walk (the table stack brought up to each placeholder) tells the
    contexts the text scan of the same document tells, on generated table soups."""
    import random

    pieces = [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th>",
        "<tbody>",
        "</tbody>",
        "<caption>",
        "</caption>",
        "<thead>",
        "</thead>",
        "<p>",
        "</p>",
        "x",
        " ",
        "{{ a }}",
        "{% if b %}",
        "{% endif %}",
        "<!-- c -->",
        "<!--{{ d }}-->",
        '<td class="{{ e }}">',
        '<a href="{{ f }}" title="{{ g }}">',
        "<style>{{ h }}</style>",
        "</TD>",
        "<TR>",
        "<Table>",
    ]
    rnd = random.Random(15)
    checked = cuts = 0
    for _ in range(3000):
        html = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        g, doc = liquid_guard.protect_parsed(html)
        contexts, _ = liquid_guard.placeholder_contexts(doc, g)
        assert [(g.segments[i], ctx) for i, ctx in contexts] == token_contexts(html), html
        # the run's protection reads them at the nodes it made for its tokens
        _, same, at_made = liquid_guard.protect_checked(html)
        assert same == doc and at_made == contexts, html
        cuts += _cut_is_the_protection(html)
        checked += bool(contexts)
    assert cuts > 2500
    assert checked > 2500


def test_the_runs_restore_is_the_tag_by_tag_restore() -> None:
    """The run's check swaps a tag's placeholders back by a plain substitution when each is
    inside a quoted value (what _restore_tag gives there), else by _restore_tag: the HTML
    is every tag restored by _restore_tag, on generated tags with Liquid in quoted and unquoted values, in
    names, as attribute runs, edited by a transformer, unquoted by a minifier and written
    as empty attributes by an engine."""
    import random
    import re

    pieces = [
        '<a href="{{ u }}">',
        "<a href={{u}}>",
        "<td {% if x %}hidden{% endif %}>",
        "<img alt='{{ a }}' src=\"x\">",
        '<p title="a {{ t }} b" {{ attrs }}>',
        "</a>",
        '<div data-{{ n }}="1">',
        "<br {{ b }}>",
        "{{ x }}",
        "text",
        "</td>",
        '<i class="{{ c | default: "d" }}">',
        "<p a=1 b='{{ q }}'>",
        "<tr>",
        "<table>",
    ]
    rnd = random.Random(21)
    compared = 0
    for _ in range(3000):
        html = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        g = protect(html)
        expected, _ = liquid_guard.placeholder_contexts(markup.parse(g.text), g)
        text = g.text
        if rnd.random() < 0.3:  # a minifier took the quotes off some values
            text = text.replace(f'="{g.prefix}', f"={g.prefix}").replace('x"', "x", 1)
        if rnd.random() < 0.3:  # an engine wrote the attribute runs as empty attributes
            text = re.sub(rf"( {g.prefix}\d+x)(?=[\s>])", r'\1=""', text)
        doc = markup.parse(text)
        for n in doc.nodes:  # a transformer edited some tags
            if isinstance(n, markup.Tag) and not n.end and rnd.random() < 0.3:
                n.set("data-e", "1")
        checked = liquid_guard.restore_intact(expected, doc, g)
        if checked is not None:
            assert checked == _restored_tag_by_tag(doc, g), (html, text)
            compared += 1
    assert compared > 1500


def _restored_tag_by_tag(doc: markup.Markup, g: liquid_guard.Guarded) -> str:
    """Each node's text with its placeholders swapped back, every start tag holding one by
    _restore_tag (the reference for the run's restore)."""
    seg = liquid_guard._segment_function(g, False)
    ph_re = g.placeholder_re
    out = []
    for n in doc.nodes:
        if isinstance(n, markup.Tag):
            s = n.serialize()
            if g.prefix in s:
                s = ph_re.sub(seg, s) if n.end else liquid_guard._restore_tag(s, seg, ph_re)
            out.append(s)
        elif g.prefix in n.text:
            text = n.text
            if n.kind == "comment" and g.text_placeholder(text) is not None:
                text = text[4:-3]
            out.append(ph_re.sub(seg, text))
        else:
            out.append(n.text)
    return "".join(out)


def test_protect_parsed_gives_the_tree_of_the_guarded_text_on_generated_texts() -> None:
    """A text holding tokens is re-made from its words and placeholders' comments (or
    parsed, when it holds a "<" the comments could join into a tag): parse()'s nodes."""
    import random

    pieces = [
        "{{ a }}",
        "{% if b %}",
        "x",
        " ",
        "<",
        "<b",
        ">",
        "<p>",
        "</p>",
        "&#123;",
        "<!-- c -->",
        "{{ '<' }}",
        "\u017f",
        "é",
        "<br/>",
        "--",
        "\n",
    ]
    rnd = random.Random(9)
    for _ in range(4000):
        html = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16)))
        g, doc = liquid_guard.protect_parsed(html)
        assert doc == markup.parse(g.text), html


def test_brace_entities_are_the_references_of_braces_and_percent_signs() -> None:
    # the pattern's numeric references share their "#": the same matches as each
    # reference listed on its own, on generated strings of their parts
    import random
    import re

    listed = re.compile(
        r"&(?:\#0*123;|\#[xX]0*7[bB];|lbrace;|lcub;|\#0*125;|\#[xX]0*7[dD];"
        r"|rbrace;|rcub;|\#0*37;|\#[xX]0*25;|percnt;)"
    )
    parts = ["&", "#", "0", "1", "2", "3", "5", "7", "x", "X", "b", "B", "d", "D", ";"]
    parts += ["lbrace", "lcub", "rbrace", "rcub", "percnt", "a", " ", "&#123;", "&#x7D;"]
    rnd = random.Random(23)
    for _ in range(20000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 14)))
        found = [m.span() for m in liquid_guard.BRACE_ENTITY_RE.finditer(text)]
        assert found == [m.span() for m in listed.finditer(text)], text
    assert liquid_guard.BRACE_ENTITY_RE.findall("&#0123;&#X7b;&#37&#037;&rcub;&#125") == [
        "&#0123;",
        "&#X7b;",
        "&#037;",
        "&rcub;",
    ]


def test_a_plain_tags_placeholders_are_read_as_its_attributes_read_them() -> None:
    """A tag written plainly (each attribute ``name="value"`` after white space) whose
    placeholders are all in values has its contexts read from its text at once: what
    reading its attributes one by one gives, on generated tags (placeholders in values,
    names and unquoted values, single quotes, bare attributes, spaces around ``=``, tabs,
    new lines and other white space, a closing ``/``, names given twice, any case,
    characters beyond ASCII); most are read the quick way."""
    import random

    prefix = "mwl"
    finditer = liquid_guard._placeholder_re(prefix).finditer
    names = ["href", "style", "SRC", "alt", "data-x", "title", "mwl7x", "a-mwl8x", "Class"]
    values = [
        "x",
        "mwl1x",
        "a mwl2x b mwl3x",
        "color:red;mwl4x",
        "",
        "ü — mwl5x",
        "mwlq",
        "=mwl6x=",
        "'mwl9x'",
        "a>b",
    ]
    spaces = [" ", " ", " ", "\t", "\n", "\xa0", "  "]
    rnd = random.Random(21)
    quick = 0
    for _ in range(6000):
        text = ""
        for _ in range(rnd.randint(0, 5)):
            name, value = rnd.choice(names), rnd.choice(values)
            shape = rnd.random()
            if shape < 0.75:
                attr = f'{name}="{value}"'
            elif shape < 0.85:
                attr = f"{name}='{value}'"
            elif shape < 0.92:
                attr = name
            elif shape < 0.96:
                attr = f'{name} = "{value}"'
            else:
                attr = f"{name}={value.replace(' ', '').replace('>', '')}"
            text += rnd.choice(spaces) + attr
        if rnd.random() < 0.05:
            text += " /"
        tag_name = rnd.choice(["a", "td", "IMG", "mwl0x"])
        doc = markup.parse(f"<{tag_name}{text}>")
        if len(doc.nodes) != 1 or not isinstance(doc.nodes[0], markup.Tag):
            continue
        tag = doc.nodes[0]
        if prefix not in tag.raw:
            continue
        got = liquid_guard._tag_contexts(tag, prefix, finditer)
        assert got == liquid_guard._tag_contexts_read(tag, prefix, finditer), tag.raw
        if liquid_guard._PLAIN_ATTRS.fullmatch(tag.attr_text) and (
            liquid_guard._plain_contexts(tag.attr_text, prefix, finditer) is not None
        ):
            quick += 1
    assert quick > 1000


def test_a_text_cut_at_its_placeholders_is_the_scans_cut() -> None:
    """A text whose only markup is its placeholders' comments is cut at them without the
    scan: the parts :func:`markup.cut` gives (or None where it gives None: İ, ı, ſ), on
    generated texts (comments first, last, side by side; words, white space, entities,
    characters beyond ASCII)."""
    import random

    prefix = "mwl"
    bits = ["a", " ", "word ", "\n", "&amp;", "—", "é", "\u0130", "\u0131", "\u017f", ">", "-"]
    rnd = random.Random(8)
    quick = 0
    for _ in range(4000):
        text = "".join(
            f"<!--{prefix}{rnd.randint(0, 120)}x-->" if rnd.random() < 0.3 else rnd.choice(bits)
            for _ in range(rnd.randint(0, 12))
        )
        whole = markup.cut(text)
        got = liquid_guard._text_cut(text, prefix)
        assert got == (None if whole is None else whole.parts), text
        quick += got is not None
    assert quick > 1000
