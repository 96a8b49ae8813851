"""The lossless markup parser: round trip, tree shape, issues, robustness."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from components.diagnostics import Issue, Severity, format_issue, line_col
from components.markup import (
    Attr,
    Comment,
    Conditional,
    Document,
    Element,
    Liquid,
    Node,
    iter_elements,
    parse,
    parser,
    serialize,
    walk,
)
from components.markup.nodes import SourceLines, Text
from tests.components.markup._dump import dump
from tests.conftest import corpus_files, requires_corpus


class Case(NamedTuple):
    description: str
    input: str
    expect: str


# -- invariants checked on every parsed document -----------------------------------


def all_nodes(doc: Document) -> list[Node | Attr]:
    """Every node and attribute, including Liquid/Text parts inside attributes."""
    out: list[Node | Attr] = []
    for node in walk(doc):
        out.append(node)
        if isinstance(node, Element):
            for a in node.attrs:
                out.append(a)
                if isinstance(a, Attr):
                    out.extend(a.parts)
    return out


def check_invariants(text: str, doc: Document) -> None:
    assert serialize(doc) == text
    assert doc.source == text
    ids = []
    for item in all_nodes(doc):
        span = item.span
        assert 0 <= span.start <= span.end <= len(text), item
        assert (span.line, span.column) == line_col(text, span.start), item
        if isinstance(item, Attr):
            assert text[span.start : span.end] == item.raw
            if item.value is not None:
                assert "".join(p.raw for p in item.parts) == item.value
            continue
        assert text[span.start : span.end] == serialize(item), item
        ids.append(item.id)
    # ids: 1, 2, 3 … in document (source) order, attribute parts included.
    assert sorted(ids) == list(range(1, len(ids) + 1))
    tree_ids = [n.id for n in walk(doc)]
    assert tree_ids == sorted(tree_ids)


def parsed(text: str) -> Document:
    result = parse(text)
    check_invariants(text, result.document)
    return result.document


# -- round trip ----------------------------------------------------------------------

CORPUS = corpus_files()


@requires_corpus
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    result = parse(text, str(path))
    check_invariants(text, result.document)
    for issue in result.issues:
        assert issue.rule.startswith("markup/")
        assert issue.file == str(path) and issue.line >= 1 and issue.column >= 1


@requires_corpus
def test_corpus_has_only_the_known_mistakes() -> None:
    """Real emails parse cleanly apart from their genuine markup mistakes."""
    errors = []
    for path in CORPUS:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        errors += [(path.name, i.rule) for i in parse(text).issues if i.is_error]
    # The real mistakes in upstream files (<h4>…<h4>, a stray </div>, </strong></strong>)
    # are warnings: every mail client recovers from them, so no corpus file has an error.
    assert errors == []


ROOT = Path(__file__).resolve().parents[3]


def project_fixtures() -> list[Path]:
    """Every template in the repository: demo workspace, starters, test fixtures."""
    found: list[Path] = []
    for base in (ROOT / "resources", ROOT / "tests"):
        for ext in ("*.html", "*.mjml", "*.liquid", "*.hbs"):
            found += base.rglob(ext)
    return sorted(found)


def test_project_fixtures_round_trip() -> None:
    files = project_fixtures()
    assert files, "no templates found in resources/ or tests/"
    for path in files:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        check_invariants(text, parse(text, str(path)).document)


LIQUID_TOKEN = re.compile(r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}", re.S)


@requires_corpus
def test_corpus_liquid_tokens_are_all_liquid_nodes() -> None:
    """Every template token of the corpus (outside HTML comments) is one Liquid node."""
    checked = 0
    for path in CORPUS:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        doc = parse(text).document
        comments = [n.span for n in walk(doc) if isinstance(n, Comment)]
        expected = [
            (m.start(), m.group())
            for m in LIQUID_TOKEN.finditer(text)
            if not any(c.start <= m.start() < c.end for c in comments)
        ]
        got = sorted((n.span.start, n.raw) for n in all_nodes(doc) if isinstance(n, Liquid))
        assert got == expected, path
        checked += len(got)
    assert checked > 1000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff<!DOCTYPE html>\r\n<html>\r\n<body>\r\n<p>Hi</p>\r\n</body>\r\n</html>\r\n",
        "a\0b<\0div>\0</div\0>{{\0}}",
        "<",
        "<<<>>>",
        "{{",
        "{%",
        "}}{{}}{%%}",
        "<a href='",
        '<a href="{{',
        "<a {{",
        "<a {%",
        "<!",
        "<!-",
        "<![",
        "<?",
        "</",
        "</a",
        "<!--[if mso]>",
        "<!--[if !mso]><!--",
        "<![endif]",
        "\r\r\n\n\r",
        "<a\fb\fc>",
    ],
    ids=repr,
)
def test_round_trip_odd_inputs(text: str) -> None:
    parsed(text)


def test_round_trip_binary_garbage() -> None:
    rng = random.Random(7)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        parsed(data.decode("latin-1"))
        parsed(data.decode("utf-8", errors="replace"))


# -- random tag soup ---------------------------------------------------------------

PIECES = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<td>",
    "</td>",
    "<tr>",
    "</tr>",
    "<table>",
    "</table>",
    "<br>",
    "</br>",
    '<x-image src="a"/>',
    '<x-row :reverse="true">',
    "</x-row>",
    "<li>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "<title>",
    "</title>",
    "<template>",
    "</template>",
    "{{ x }}",
    "{{- y -}}",
    "{% if a %}",
    "{% endif %}",
    "{%- for i in l -%}",
    "{{{ t }}}",
    "{% raw %}",
    "{% endraw %}",
    "{% comment %}",
    "{% endcomment %}",
    "{{",
    "}}",
    "{%",
    "%}",
    "<!--",
    "-->",
    "<!-- c -->",
    "<!--[if mso]>",
    "<![endif]-->",
    "<!--[if !mso]><!-->",
    "<!--<![endif]-->",
    "<!--[if gte mso 9]>",
    "<![if !mso]>",
    "<![endif]>",
    "<!DOCTYPE html>",
    "<?xml?>",
    "<![CDATA[",
    "]]>",
    " ",
    "\n",
    "\r\n",
    "\t",
    "text",
    "&amp;",
    "<",
    ">",
    "/",
    "=",
    '"',
    "'",
    "`",
    "${a > b}",
    '<a href="{{ url }}">',
    "</a>",
    "<a href={{ u }}>",
    '<td {% if x %}class="a"{% endif %}>',
    '<img alt=\'{{ "q" }}\' title="{{ x | default: "y" }}">',
    '<a #if="x" :class="{a:1}">',
    '<a href="',
    "<a b=",
    '<a "c"=d>',
    "<a =e>",
    "\0",
    "\ufeff",
]


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 60)))


def test_fuzz_tag_soup_round_trips() -> None:
    rng = random.Random(20240611)
    for _ in range(400):
        text = soup(rng)
        result = parse(text, "soup.html")
        check_invariants(text, result.document)
        for issue in result.issues:
            assert issue.line >= 1 and issue.column >= 1
            format_issue(issue, text)  # printable with line and caret


def test_fuzz_character_noise_round_trips() -> None:
    rng = random.Random(99)
    alphabet = "<>/!-=\"' {}%[]ifmsoendx\n\r"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 200)))
        parsed(text)


@pytest.mark.parametrize(
    "off", [("_SIMPLE_ATTR",), ("_FAST_ATTR",), ("_SIMPLE_ATTR", "_FAST_ATTR")]
)
def test_fast_attribute_path_agrees_with_the_general_one(
    monkeypatch: pytest.MonkeyPatch, off: tuple[str, ...]
) -> None:
    """Plain attributes (Liquid in quoted values included) take a one-regex shortcut, and
    the commonest of them (`` name="value"`` without braces) a shorter one; with either or
    both turned off the parse must build the very same tree, issues included."""
    rng = random.Random(5)
    texts = [soup(rng) for _ in range(150)]
    texts += [p.read_text(encoding="utf-8", errors="surrogateescape") for p in CORPUS[::10]]
    texts += [
        "<a b c = d e='f'g=\"h\"/i j=k>",
        "<a b\n=\n'c' d>",
        "<a b=c/d{{ x }}>",
        "<a b=c/>",
        "<a b=\"{{ 'x' }}{% y %}{{{ z }}}\" c='{{ \"q\" }}' d=e{ >",
        '<a b="{% raw %}{{ x }}{% endraw %}" c="{{ x }" d="{{! c }}">',
        "<a b= >",
        "<a b = {{ x }}>",
        '<a b="{%- comment -%}x{%- endcomment -%}">',
        # duplicates (any case), empty values, braces, other whitespace, odd ends
        '<a B="1" b="2" b=\'3\' C c d="" D="">',
        '<x-a Style="a" style="b" STYLE=c/><br b="1"b="2">',
        '<a b="" c="" d="{x}" e="{{ y }}" f="x}}" g="%}">',
        '<a\tb="x"  c="y"\nd="z" e="v"/>',
        '<a b="x" / ><a b="x"/><a b="x" /><a b="x"',
        '<a b="x" {% if y %}c="d"{% endif %} e="f">',
        '<a b="é{{ x }}" c="ü" d="x" d="y{{ z }}">',
        '<a b="x" c=\'y\' d=z e f="g" e="h">',
        '<td class="x" style="a:b" width="1" height="2" class="y" align="c">',
    ]

    def fingerprint(text: str) -> tuple[object, object, list[Issue]]:
        result = parse(text)
        nodes = [
            (
                type(x).__name__,
                x.span,
                getattr(x, "id", 0),
                getattr(x, "raw", ""),
                getattr(x, "pre", ""),
            )
            for x in all_nodes(result.document)
        ]
        return dump(result.document), nodes, result.issues

    fast = [fingerprint(t) for t in texts]
    assert any(
        issue.rule == "markup/duplicate-attribute" for _, _, issues in fast for issue in issues
    )
    for name in off:
        monkeypatch.setattr(parser, name, re.compile(r"(?!)"))
    assert [fingerprint(t) for t in texts] == fast


# -- tree shape ----------------------------------------------------------------------

LIQUID_CASES = [
    Case(
        "output in text",
        'Hello {{ first_name | default: "there" }}!',
        "'Hello ' L'{{ first_name | default: \"there\" }}' '!'",
    ),
    Case(
        "whitespace control", "{%- if x -%}a{%- endif -%}", "L'{%- if x -%}' 'a' L'{%- endif -%}'"
    ),
    Case(
        "between table rows",
        "<table>{% for i in items %}<tr><td>{{ i }}</td></tr>{% endfor %}</table>",
        "table[L'{% for i in items %}' tr[td[L'{{ i }}']] L'{% endfor %}']",
    ),
    Case(
        "in a quoted attribute value",
        '<a href="https://x.com/?u={{ user.id }}&s={{ s }}">x</a>',
        "a(href='https://x.com/?u='+L'{{ user.id }}'+'&s='+L'{{ s }}')['x']",
    ),
    Case(
        "quote inside Liquid inside a quoted value",
        """<a href="{{ 'a"b' }}" title="{{ x | default: "y" }}">x</a>""",
        """a(href=L'{{ \\'a"b\\' }}', title=L'{{ x | default: "y" }}')['x']""",
    ),
    Case(
        "single quote inside Liquid inside a single-quoted value",
        """<img alt='{{ "it's" }}'>""",
        """img(alt=L'{{ "it\\'s" }}')""",
    ),
    Case("unquoted value", "<a href={{ url }}>x</a>", "a(href=L'{{ url }}')['x']"),
    Case(
        "unquoted value with text around",
        "<a href={{url}}/p?a=1 class=x{{y}}z>t</a>",
        "a(href=L'{{url}}'+'/p?a=1', class='x'+L'{{y}}'+'z')['t']",
    ),
    Case(
        "in the attribute list",
        '<td {% if x %}class="a"{% endif %}>y</td>',
        "td(L'{% if x %}', class='a', L'{% endif %}')['y']",
    ),
    Case(
        "output in the attribute list",
        '<a {{ attrs }} href="x">y</a>',
        "a(L'{{ attrs }}', href='x')['y']",
    ),
    Case(
        "right after the tag name",
        '<td{% if x %} class="a"{% endif %}>y</td>',
        "td(L'{% if x %}', class='a', L'{% endif %}')['y']",
    ),
    Case(
        "ends a bare attribute name",
        "<option selected{% endif %}></option>",
        "option(selected, L'{% endif %}')",
    ),
    Case(
        "in a style attribute",
        '<td style="color: {{ c }}; padding: 0">y</td>',
        "td(style='color: '+L'{{ c }}'+'; padding: 0')['y']",
    ),
    Case(
        "in a style element", "<style>a{color:{{ c }}}</style>", "style['a{color:' L'{{ c }}' '}']"
    ),
    Case(
        "in a title", "<title>{{ shop.name }} order</title>", "title[L'{{ shop.name }}' ' order']"
    ),
    Case(
        "in a script, around JS operators",
        '<script>var a = "{{ x }}"; if (a < b && c > d) {}</script>',
        "script['var a = \"' L'{{ x }}' '\"; if (a < b && c > d) {}']",
    ),
    Case(
        "in a conditional, in an attribute",
        '<!--[if mso]><v:rect fillcolor="{{ bg }}"/><![endif]-->',
        "if:mso[v:rect(fillcolor=L'{{ bg }}')/]",
    ),
    Case(
        "handlebars blocks and triple output",
        "{{#each items}}<tr><td>{{{ html }}}</td></tr>{{/each}}",
        "L'{{#each items}}' tr[td[L'{{{ html }}}']] L'{{/each}}'",
    ),
    Case("handlebars comment containing }}", "{{!-- a }} b --}}x", "L'{{!-- a }} b --}}' 'x'"),
    Case(
        "raw block is one node",
        "{% raw %}{{ not parsed }}<b>{% endraw %}",
        "L'{% raw %}{{ not parsed }}<b>{% endraw %}'",
    ),
    Case(
        "comment block is one node",
        '{%- comment -%}<a href="{{">{%- endcomment -%}<br>',
        "L'{%- comment -%}<a href=\"{{\">{%- endcomment -%}' br",
    ),
    Case(
        "template expressions are not Liquid", '<p :x="${a}">${1+2}</p>', "p(:x='${a}')['${1+2}']"
    ),
    Case("a lone brace is text", "<p>a { b } {c}</p>", "p['a { b } {c}']"),
]

MARKUP_CASES = [
    Case("case-insensitive names", '<DIV Class="a">x</Div>', "div(Class='a')['x']"),
    Case(
        "directive attribute names",
        '<i #if="x" #else-if="y" #else #each="items" :href="h" #set:style="s" '
        '#set:class:big="b" #style:color="c" #is:raw #slot="a" #isolated>x</i>',
        "i(#if='x', #else-if='y', #else, #each='items', :href='h', #set:style='s', "
        "#set:class:big='b', #style:color='c', #is:raw, #slot='a', #isolated)['x']",
    ),
    Case(
        "JS in directive values",
        """<i :style:letter-spacing="`${10*5}px`" :style="{ color: a > b ? 'x' : 'y' }">"""
        "&nbsp;</i>",
        """i(:style:letter-spacing='`${10*5}px`', :style="{ color: a > b ? 'x' : 'y' }")"""
        "['&nbsp;']",
    ),
    Case(
        "attribute quoting styles",
        """<a b c=d e="f" g='h' i = "j"></a>""",
        "a(b, c='d', e='f', g='h', i='j')",
    ),
    Case(
        "spaces around = with every kind of value",
        """<a i = j k = 'l' m =\n"n" o>x</a>""",
        "a(i='j', k='l', m='n', o)['x']",
    ),
    Case("an unquoted value keeps its slash", "<a href=x/>y</a>", "a(href='x/')['y']"),
    Case(
        "self-closing custom tags",
        '<x-image src="a"/><fragment :html="h" /><slot />',
        "x-image(src='a')/ fragment(:html='h')/ slot/",
    ),
    Case("self-closing on a normal element", "<div/>x", "div/ 'x'"),
    Case(
        "void elements",
        '<br><img src="a"><input disabled><br/>',
        "br img(src='a') input(disabled) br/",
    ),
    Case(
        "template content is markup",
        '<template><div #if="show">${name}</div></template>',
        "template[div(#if='show')['${name}']]",
    ),
    Case(
        "raw text: textarea",
        "<textarea><b>{{ x }}</b></textarea>",
        "textarea['<b>' L'{{ x }}' '</b>']",
    ),
    Case("raw text: end tag case-insensitive", "<STYLE>a</Style >b", "style['a'] 'b'"),
    Case("raw text: a Liquid token must end inside", "<style>{{ a</style>}}", "style['{{ a'] '}}'"),
    Case("comments", "<!-- a --><!----><!--><!--->", "C'<!-- a -->' C'<!---->' C'<!-->' C'<!--->'"),
    Case(
        "declarations",
        '<!DOCTYPE html><?xml version="1.0"?><![CDATA[ x ]]>',
        "D'<!DOCTYPE html>' D'<?xml version=\"1.0\"?>' D'<![CDATA[ x ]]>'",
    ),
    Case("< that is not a tag is text", "a < b and 1<2 </ x></>", "'a < b and 1<2 </ x></>'"),
    Case("namespaced tags", "<o:p>x</o:p>", "o:p['x']"),
]

IMPLIED_CASES = [
    Case(
        "p by p and by a block",
        "<p>a<p>b<ul><li>x<li>y</ul>",
        "p['a']~ p['b']~ ul[li['x']~ li['y']~]",
    ),
    Case("p by a table", "<p>a<table><tr><td>b</td></tr></table>", "p['a']~ table[tr[td['b']]]"),
    Case("p by hr", "<p>a<hr>b", "p['a']~ hr 'b'"),
    # (CLOSES_P, components.markup.elements: search and plaintext close a p since it is
    # the standard's list; before, the parser's own list left them out)
    Case("p by search", "<p>a<search>b</search>", "p['a']~ search['b']"),
    Case("p by plaintext", "<p>a<plaintext>b</plaintext>", "p['a']~ plaintext['b']"),
    Case("p by its parent's end tag", "<div><p>a</div>", "div[p['a']~]"),
    Case("dt and dd", "<dl><dt>a<dd>b<dt>c</dl>", "dl[dt['a']~ dd['b']~ dt['c']~]"),
    Case(
        "option and optgroup",
        "<select><option>a<option>b<optgroup><option>c</select>",
        "select[option['a']~ option['b']~ optgroup[option['c']~]~]",
    ),
    Case(
        "table sections, rows, cells",
        "<table><thead><tr><th>a<th>b<tbody><tr><td>1<tfoot><tr><td>f</table>",
        "table[thead[tr[th['a']~ th['b']~]~]~ tbody[tr[td['1']~]~]~ tfoot[tr[td['f']~]~]~]",
    ),
    Case("tr by tr", "<table><tr><td>a<tr><td>b</table>", "table[tr[td['a']~]~ tr[td['b']~]~]"),
    Case("heading by heading", "<h1>a<h2>b</h2>", "h1['a']~ h2['b']"),
    Case("nested lists stay nested", "<ul><li>a<ul><li>b</ul></ul>", "ul[li['a' ul[li['b']~]]~]"),
    Case(
        "x-paragraph is not p",
        "<p>a<x-paragraph>b</x-paragraph>c</p>",
        "p['a' x-paragraph['b'] 'c']",
    ),
    Case(
        "p inside a custom tag closes at its end",
        "<x-paragraph>a<p>b</x-paragraph>",
        "x-paragraph['a' p['b']~]",
    ),
    Case(
        "a block in a custom tag in p", "<p><x-col><div>a</div></x-col></p>", "p[x-col[div['a']]]"
    ),
    Case(
        "no implied end across a conditional",
        "<table><tr><td>a<!--[if mso]><td>b<![endif]--></td></tr></table>",
        "table[tr[td['a' if:mso[td['b']~]]]]",
    ),
]

CONDITIONAL_CASES = [
    Case("hidden form", "<!--[if mso]><b>x</b><![endif]-->", "if:mso[b['x']]"),
    Case("revealed form", "<!--[if !mso]><!-->hi<!--<![endif]-->", "rif:!mso['hi']"),
    Case("revealed form with <!-- -->", "<!--[if !mso]><!-- -->x<!--<![endif]-->", "rif:!mso['x']"),
    Case(
        "other conditions",
        "<!--[if gte mso 9]>a<![endif]--><!--[if mso | IE]>b<![endif]-->"
        "<!--[if (gte mso 9)|(IE)]>c<![endif]--><!--[if true]>d<![endif]-->"
        "<!--[if !true]>e<![endif]-->",
        "if:gte mso 9['a'] if:mso | IE['b'] if:(gte mso 9)|(IE)['c'] if:true['d'] if:!true['e']",
    ),
    Case("downlevel-revealed form", "<![if !mso]>x<![endif]>", "rif:!mso['x']"),
    Case(
        "Outlook XML inside",
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96"
        "</o:PixelsPerInch></o:OfficeDocumentSettings></xml><![endif]-->",
        "if:gte mso 9[xml[o:officedocumentsettings[o:pixelsperinch['96']]]]",
    ),
    Case(
        "split table",
        "<!--[if mso]><table><tr><td><![endif]--><div>a</div>"
        "<!--[if mso]></td><td><![endif]--><div>b</div>"
        "<!--[if mso]></td></tr></table><![endif]-->",
        "if:mso[table[tr[td~]~]~] div['a'] if:mso['</td>' td~] div['b'] "
        "if:mso['</td>' '</tr>' '</table>']",
    ),
    Case(
        "element closed by the conditional's end",
        "<div><!--[if mso]><b><![endif]--></div>",
        "div[if:mso[b~]]",
    ),
    Case(
        "raw text cut by the conditional's end",
        "<!--[if mso]><style>td{}<![endif]-->x",
        "if:mso[style['td{}']~] 'x'",
    ),
    Case(
        "stand-alone closers are kept as comments",
        "<![endif]--><!--<![endif]-->",
        "C'<![endif]-->' C'<!--<![endif]-->'",
    ),
    Case(
        "nested conditionals",
        "<!--[if mso]><!--[if gte mso 9]>a<![endif]--><![endif]-->",
        "if:mso[if:gte mso 9['a']]",
    ),
]


@pytest.mark.parametrize(
    "case",
    LIQUID_CASES + MARKUP_CASES + IMPLIED_CASES + CONDITIONAL_CASES,
    ids=lambda c: c.description,
)
def test_tree_shape(case: Case) -> None:
    assert dump(parsed(case.input)) == case.expect


@pytest.mark.parametrize(
    "case", IMPLIED_CASES + CONDITIONAL_CASES + LIQUID_CASES, ids=lambda c: c.description
)
def test_valid_constructs_raise_no_issues(case: Case) -> None:
    issues = parse(case.input).issues
    assert [i for i in issues if i.rule != "markup/stray-conditional-end"] == []


def test_conditional_fields() -> None:
    doc = parsed("<!--[if !mso]><!-- -->x<!--<![endif]--><!--[IF MSO]>y<![ENDIF]-->")
    a, b = doc.children
    assert isinstance(a, Conditional) and isinstance(b, Conditional)
    assert (a.condition, a.revealed, a.open_raw, a.close_raw) == (
        "!mso",
        True,
        "<!--[if !mso]><!-- -->",
        "<!--<![endif]-->",
    )
    assert (b.condition, b.revealed, b.open_raw, b.close_raw) == (
        "MSO",
        False,
        "<!--[IF MSO]>",
        "<![ENDIF]-->",
    )


def test_element_fields() -> None:
    doc = parsed('<X-Image\n  SRC="a.png"  data-x=1 checked />\n<p>t</P >')
    img, _nl, p = doc.children
    assert isinstance(img, Element) and isinstance(p, Element)
    assert (img.name, img.name_raw, img.tag_end, img.self_closing, img.void) == (
        "x-image",
        "X-Image",
        " />",
        True,
        False,
    )
    src, data, checked = img.attrs
    assert isinstance(src, Attr) and isinstance(data, Attr) and isinstance(checked, Attr)
    assert (src.name, src.value, src.quote, src.pre, src.eq) == ("SRC", "a.png", '"', "\n  ", "=")
    assert (src.span.line, src.span.column) == (2, 3)
    assert (data.value, data.quote, data.pre) == ("1", "", "  ")
    assert (checked.value, checked.eq, checked.quote) == (None, "", "")
    assert img.get("data-x") == "1" and img.has("checked")
    assert (p.end_raw, p.span.line, p.span.column) == ("</P >", 3, 1)
    assert p.span.end == len(serialize(doc))
    assert p.span.start == doc.source.index("<p>")


def test_end_tags_keep_their_spelling_and_close_by_name() -> None:
    """The end tag of the innermost element is read on the scan's shortcut; in any case,
    after text or not, it closes by the lower-cased name and keeps what was written."""
    doc = parsed("<TD>a</td><td>b</TD><Td><b>c</B>d</tD>\n<tr></TR >")
    td1, td2, td3, _nl, tr = doc.children
    assert isinstance(td1, Element) and isinstance(td2, Element)
    assert isinstance(td3, Element) and isinstance(tr, Element)
    assert [(e.name, e.end_raw) for e in (td1, td2, td3, tr)] == [
        ("td", "</td>"),
        ("td", "</TD>"),
        ("td", "</tD>"),
        ("tr", "</TR >"),
    ]
    b = td3.children[0]
    assert isinstance(b, Element) and (b.end_raw, b.span.end) == ("</B>", doc.source.index("d<"))
    assert [serialize(c) for c in td3.children] == ["<b>c</B>", "d"]
    assert td3.span.end == doc.source.index("\n")


def test_end_tags_that_close_more_than_the_innermost_element() -> None:
    """Open elements are counted by name (per conditional) from the first end tag that
    does not close the innermost element on; the ones opened before it and after it,
    inside a conditional and outside, are all found."""
    text = (
        "<div><td>a<!--[if mso]><table><tr><td>x</table></td><![endif]-->"
        "<p>b<span>c</div><td>d</x-box></td>"
    )
    result = parse(text)
    check_invariants(text, result.document)
    assert dump(result.document) == (
        "div[td['a' if:mso[table[tr[td['x']~]~] '</td>'] p['b' span['c']~]~]~] td['d' '</x-box>']"
    )
    assert [(i.rule, i.column) for i in result.issues] == [
        ("markup/misnested-tag", 69),
        ("markup/stray-end-tag", 87),
    ]


def test_spans_and_parts_are_made_on_request_and_kept() -> None:
    """A parsed node makes its span (and a plain value its Text part) when first asked;
    asking again gives the same objects, and nodes built in code keep what they are given."""
    doc = parsed('<p>\n  <a href="x.html" title="{{ t }}">y</a></p>')
    (p,) = doc.children
    assert isinstance(p, Element)
    a = next(p.elements())
    href, title = a.attrs
    assert isinstance(href, Attr) and isinstance(title, Attr)
    assert a.span is a.span and href.parts is href.parts
    (part,) = href.parts
    assert (part.raw, part.span.line, part.span.column, part.id) == ("x.html", 2, 12, 4)
    assert [x.raw for x in title.parts] == ["{{ t }}"]
    assert href.span == href.span and (href.span.line, href.span.column) == (2, 6)
    made = Element("x-note", [Attr("class", "a")], span=a.span, id=9)
    assert isinstance(made.attrs[0], Attr)
    assert made.span is a.span and made.attrs[0].parts == [] and made.name_raw == "x-note"
    made.span = p.span
    assert made.span is p.span


def test_starts_are_kept_by_id_and_an_attribute_finds_its_own() -> None:
    """A parsed tree keeps each node's start in its lines' table, by id (one entry an id,
    attribute value parts included), not in the node; an attribute with a value finds its
    start from its value's, also once its parts are replaced or it moves elsewhere."""
    text = '<p id="a">\n <a  href = "x{{ u }}y" hidden title=\'t\'>z</a><br></p>'
    doc = parse(text).document
    p = doc.children[0]
    assert isinstance(p, Element)
    lines = p.span_source()[0]  # (no span asked yet: the lines)
    assert isinstance(lines, SourceLines)
    ids = [n.id for n in walk(doc)] + [
        x.id for n in walk(doc) if isinstance(n, Element) for a in n.attributes() for x in a.parts
    ]
    assert len(lines.starts) == max(ids) + 1 == len(ids) + 1
    assert [lines.starts[n.id] for n in walk(doc)] == [n.span.start for n in walk(doc)]
    a = next(p.elements())
    href, hidden, title = a.attributes()
    assert not hasattr(a.children[0], "_start"), "a leaf keeps no start of its own"
    assert (href.span.start, hidden.span.start) == (text.index("href"), text.index("hidden"))
    title.parts = [Text("u")]  # parts replaced before the span is read
    assert text[title.span.start : title.span.end] == "title='t'"
    moved = Element("x-box", [href], span=p.span)  # an attribute keeps its own place
    assert moved.attrs[0].span.start == text.index("href")
    assert [(x.raw, text[x.span.start : x.span.end]) for x in href.parts] == [
        ("x", "x"),
        ("{{ u }}", "{{ u }}"),
        ("y", "y"),
    ]
    check_invariants(text, parse(text).document)


def test_liquid_fields() -> None:
    doc = parsed('<td {%- if x -%} class="a">{{ y }}{% raw %}{{ z }}{% endraw %}</td>')
    (td,) = doc.children
    assert isinstance(td, Element)
    item = td.attrs[0]
    assert isinstance(item, Liquid)
    assert (item.kind, item.pre, item.tag_name, item.raw) == ("tag", " ", "if", "{%- if x -%}")
    out, raw = td.children
    assert isinstance(out, Liquid) and isinstance(raw, Liquid)
    assert (out.kind, out.tag_name, out.pre) == ("output", "", "")
    assert raw.tag_name == "raw" and raw.terminated


def test_raw_text_flags() -> None:
    doc = parsed("<style>a</style><template>b</template>")
    style, template = doc.children
    assert isinstance(style, Element) and isinstance(template, Element)
    assert style.raw_text and not template.raw_text


@pytest.mark.parametrize("name", ["iframe", "noembed", "noframes", "xmp", "textarea", "title"])
def test_the_tokenizers_text_only_elements_hold_text(name: str) -> None:
    # (iframe, noembed and noframes joined the parser's raw-text elements with
    # components.markup.elements.TEXT_ONLY; before, their content was read as markup)
    doc = parsed(f"<{name}><p>a</p>{{{{ x }}}}</{name}><b>c</b>")
    el, b = doc.children
    assert isinstance(el, Element) and el.raw_text
    assert [type(c).__name__ for c in el.children] == ["Text", "Liquid"]
    assert isinstance(b, Element) and b.name == "b"


def test_noscript_holds_markup() -> None:
    # a mail client runs no scripts: noscript's content is markup (TEXT_ONLY leaves it out)
    (noscript,) = parsed("<noscript><p>a</p></noscript>").children
    assert isinstance(noscript, Element) and not noscript.raw_text
    assert [c.name for c in noscript.children if isinstance(c, Element)] == ["p"]


# -- issues ------------------------------------------------------------------------


class IssueCase(NamedTuple):
    description: str
    input: str
    expect: list[tuple[str, Severity, int, int]]


ISSUE_CASES = [
    IssueCase(
        "unclosed element at EOF",
        "<div>\n  <table>\n",
        [
            ("markup/unclosed-tag", Severity.ERROR, 2, 3),
            ("markup/unclosed-tag", Severity.ERROR, 1, 1),
        ],
    ),
    IssueCase("optional end tags are fine at EOF", "<html><body><p>a<li>b<td>c", []),
    # (OPTIONAL_END is the standard's list: a caption's end tag may be omitted; before,
    # the parser reported it)
    IssueCase("an omitted caption end tag is fine", "<table><caption>a</table>", []),
    IssueCase(
        "misnested",
        "<b><i></b></i>",
        [
            ("markup/misnested-tag", Severity.WARNING, 1, 4),
            ("markup/stray-end-tag", Severity.WARNING, 1, 11),
        ],
    ),
    IssueCase(
        "stray end tag: browsers ignore it",
        "<p>a</p>\n  </div>",
        [("markup/stray-end-tag", Severity.WARNING, 2, 3)],
    ),
    IssueCase(
        "stray </br>: browsers make it a line break",
        "a</br>",
        [("markup/stray-end-tag", Severity.ERROR, 1, 2)],
    ),
    IssueCase(
        "stray </p>: browsers make it an empty paragraph",
        "<p>a <table><tr><td>b</td></tr></table></p>",
        [("markup/stray-end-tag", Severity.ERROR, 1, 40)],
    ),
    IssueCase(
        "stray component end tag",
        "<x-row></x-row></x-row>",
        [("markup/stray-end-tag", Severity.ERROR, 1, 16)],
    ),
    IssueCase(
        "misnesting across a component is an error",
        "<x-column><b>a</x-column>",
        [("markup/misnested-tag", Severity.ERROR, 1, 11)],
    ),
    IssueCase(
        "a component closed by an HTML end tag",
        "<div><x-button>a</div>",
        [("markup/misnested-tag", Severity.ERROR, 1, 6)],
    ),
    IssueCase(
        "no issue for unmatched end tags in a conditional",
        "<!--[if mso]></td></tr></table><![endif]-->",
        [],
    ),
    IssueCase(
        "unterminated comment", "a\n<!-- x", [("markup/unterminated-comment", Severity.ERROR, 2, 1)]
    ),
    IssueCase(
        "unterminated conditional",
        "<p>\n <!--[if mso]><td>",
        [("markup/unterminated-conditional", Severity.ERROR, 2, 2)],
    ),
    IssueCase(
        "unterminated Liquid output",
        "Hi {{ name }\n<p>x</p>",
        [("markup/unterminated-liquid", Severity.ERROR, 1, 4)],
    ),
    IssueCase(
        "unterminated Liquid tag",
        "x\n\n  {% if a }",
        [("markup/unterminated-liquid", Severity.ERROR, 3, 3)],
    ),
    IssueCase(
        "unterminated raw block",
        "{% raw %}{{ x }}",
        [("markup/unterminated-liquid", Severity.ERROR, 1, 1)],
    ),
    IssueCase(
        "unterminated Liquid in an attribute list",
        "<a {{ x",
        [("markup/unterminated-liquid", Severity.ERROR, 1, 4)],
    ),
    IssueCase(
        "unterminated start tag",
        '<p>\n<img src="a" ',
        [("markup/unterminated-start-tag", Severity.ERROR, 2, 1)],
    ),
    IssueCase(
        "unterminated end tag",
        "<p>a</p",
        [
            ("markup/unterminated-end-tag", Severity.ERROR, 1, 5),
        ],
    ),
    IssueCase(
        "unterminated quoted value",
        '<a\n  href="x>y</a>',
        [("markup/unterminated-attribute-value", Severity.ERROR, 2, 8)],
    ),
    IssueCase(
        "unterminated declaration",
        "<!DOCTYPE html",
        [("markup/unterminated-declaration", Severity.ERROR, 1, 1)],
    ),
    IssueCase(
        "duplicate attribute",
        '<td class="a"\n class="b" CLASS=c>x</td>',
        [
            ("markup/duplicate-attribute", Severity.WARNING, 2, 2),
            ("markup/duplicate-attribute", Severity.WARNING, 2, 12),
        ],
    ),
    IssueCase(
        "directive names are not duplicates of plain ones",
        '<a href="x" :href="y" #set:class:a="1" #set:class:b="2">x</a>',
        [],
    ),
    IssueCase(
        "a quote where a name should be",
        '<img src="a.png border="0" alt="">',
        [("markup/malformed-attribute", Severity.WARNING, 1, 26)],
    ),
    IssueCase(
        "= where a name should be",
        "<a =x>y</a>",
        [("markup/malformed-attribute", Severity.WARNING, 1, 4)],
    ),
    IssueCase(
        "stand-alone conditional end",
        "a\n<![endif]-->",
        [("markup/stray-conditional-end", Severity.WARNING, 2, 1)],
    ),
    IssueCase(
        "element implicitly closed by a parent's end tag",
        "<div><span>a</div>",
        [("markup/misnested-tag", Severity.WARNING, 1, 6)],
    ),
    IssueCase(
        "the sendwithus heading mistake",
        "<td><h4>Awesome Co<h4>\n</td>",
        [("markup/misnested-tag", Severity.WARNING, 1, 19)],
    ),
]


@pytest.mark.parametrize("case", ISSUE_CASES, ids=lambda c: c.description)
def test_issues(case: IssueCase) -> None:
    result = parse(case.input, "e.html")
    check_invariants(case.input, result.document)
    got = [(i.rule, i.severity, i.line, i.column) for i in result.issues]
    assert got == case.expect
    assert all(i.file == "e.html" for i in result.issues)


def test_issue_messages_read_well() -> None:
    text = "<table>\n<tr><td>x</td></tr>\n</div>"
    issues = parse(text, "emails/welcome.html").issues
    messages = {i.rule: i.message for i in issues}
    assert messages["markup/stray-end-tag"] == (
        "stray </div> with no matching open element (browsers and mail clients ignore it)"
    )
    assert messages["markup/unclosed-tag"] == "<table> opened here is never closed"
    shown = format_issue(next(i for i in issues if i.rule == "markup/stray-end-tag"), text)
    assert shown.startswith("emails/welcome.html:3:1: warning: stray </div>")
    assert shown.endswith("| </div>\n      | ^")
    misnested = parse("<b><i></b>").issues[0]
    assert misnested.message == (
        "<i> opened here is closed implicitly by </b> at 1:7 "
        "(browsers and mail clients recover from it)"
    )


def test_unterminated_nodes_are_flagged() -> None:
    doc = parsed("x {{ y <!-- z")
    liquid = doc.children[1]
    assert isinstance(liquid, Liquid) and not liquid.terminated
    assert liquid.raw == "{{ y <!-- z"
    doc = parsed("<!-- z {{ y }}")
    comment = doc.children[0]
    assert isinstance(comment, Comment) and not comment.terminated


def test_unterminated_value_keeps_its_quote_in_the_value() -> None:
    doc = parsed('<a href="x {{ y }}')
    (a,) = doc.children
    assert isinstance(a, Element)
    (href,) = a.attrs
    assert isinstance(href, Attr)
    assert (href.quote, href.value, a.tag_end) == ("", '"x {{ y }}', "")
    assert [type(p).__name__ for p in href.parts] == ["Text", "Liquid"]


# -- robustness ----------------------------------------------------------------------


def test_deep_nesting_has_no_recursion_limit() -> None:
    depth = 10_000
    text = "<div>" * depth + "x" + "</div>" * depth
    result = parse(text)
    assert result.issues == []
    doc = result.document
    assert serialize(doc) == text
    assert sum(1 for _ in iter_elements(doc)) == depth
    unclosed = "<div><span>" * depth
    result = parse(unclosed)
    assert serialize(result.document) == unclosed
    assert len(result.issues) == 2 * depth


def test_large_inputs() -> None:
    block = (
        '<tr><td class="a" style="color:{{ c }}">{{ name }} &amp; text</td></tr>\n'
        "<!--[if mso]><table><tr><td><![endif]-->{% if x %}<p>y</p>{% endif %}\n"
    )
    text = "<table>" + block * (5_000_000 // len(block)) + "</table>"
    assert len(text) > 4_900_000
    result = parse(text)
    assert serialize(result.document) == text
    one_line = "<p>" + "word " * 400_000 + "{{ x }}</p>"
    assert serialize(parse(one_line).document) == one_line


@pytest.mark.parametrize(
    "unit",
    [
        "{{",
        "{%",
        "{% raw %}",
        '<a href="{{">',
        "</a",
        "<!--[if mso]>",
        "<!-- ",
        "<a b='{%'>",
        "<style>{{",
        "<div>",
        "</div>",
        "<p><b></p>",
        "<!x",
        "<a ",
        "{{!--",
        "<![endif]-->",
        "<a {{ x }}",
    ],
    ids=repr,
)
def test_hostile_repetition_stays_linear(unit: str) -> None:
    # 200k repetitions: a quadratic scan would take minutes, a linear one well under a second.
    text = unit * (1_000_000 // len(unit))
    result = parse(text)
    assert serialize(result.document) == text


@pytest.mark.parametrize(
    "front",
    [
        "---\nsubject: Hi {{ name }} <b>\n---\n",
        "---\r\ntitle: a -->\r\n---\r\n",
        "---\n---\n",
        "+++\nx = '<!--[if mso]>'\n+++",
    ],
)
@pytest.mark.parametrize(
    "body",
    [
        '<x-base title="A — B">\n  <p>{{ x }}</p></x-base>\n',
        "{% if a %}<td>b</td>{% endif %}",
        "",
        "  text, then <br>",
    ],
)
def test_a_blanked_front_is_read_as_the_blanked_copy_is(front: str, body: str) -> None:
    """``parse(text, blank=n)`` builds the tree of the text with its first ``n``
    characters blanked (spaces, newlines kept), without making that copy: the same nodes,
    raws, spans, ids and issues."""
    text = front + body
    n = len(front)
    copy = re.sub(r"[^\r\n]", " ", text[:n]) + text[n:]

    def seen(result: parser.ParseResult) -> list[object]:
        rows: list[object] = [serialize(result.document), dump(result.document)]
        for node in walk(result.document):
            rows.append((type(node).__name__, node.id, node.span, getattr(node, "raw", None)))
            for a in getattr(node, "attrs", []):
                if isinstance(a, Attr):
                    rows.append((a.raw, a.span, [(x.raw, x.span, x.id) for x in a.parts]))
        rows += [(i.rule, i.line, i.column, i.message) for i in result.issues]
        return rows

    assert seen(parse(text, "e.html", blank=n)) == seen(parse(copy, "e.html"))
    assert serialize(parse(text, blank=n).document) == copy


# -- parse(skim=True): attribute lists read, not kept ----------------------------------


def _attr_view(attrs: list[Attr | Liquid]) -> list[tuple[object, ...]]:
    return [(type(a).__name__, a.raw, a.span, getattr(a, "pre", "")) for a in attrs]


def _same_but_attrs(full: Node, skimmed: Node) -> int:
    """Asserts that ``skimmed`` (a node of ``parse(text, skim=True)``) is ``full`` (the
    same node of the full parse) but for the ids and an element's attributes, which it may
    leave out only when the validator reads none of them: plain attributes (no Liquid
    token in the list), none given twice, none a directive, the tag terminated, the element
    neither ``<html>`` nor an ``x-`` component. Returns how many lists it left out."""
    assert type(full) is type(skimmed)
    assert full.span == skimmed.span
    left_out = 0
    if isinstance(full, Element):
        assert isinstance(skimmed, Element)
        fields = ("name", "name_raw", "tag_end", "end_raw", "self_closing", "void", "raw_text")
        assert [getattr(full, f) for f in fields] == [getattr(skimmed, f) for f in fields]
        if full.attrs and not skimmed.attrs:
            left_out = 1
            names = [a.name.lower() for a in full.attrs if isinstance(a, Attr)]
            assert len(names) == len(set(names)) == len(full.attrs)
            assert not any(name[:1] in "#:" for name in names)
            assert full.name[:2] != "x-" and full.name != "html"
            assert full.tag_end.endswith(">")
        else:
            assert _attr_view(full.attrs) == _attr_view(skimmed.attrs)
    elif isinstance(full, Conditional):
        assert isinstance(skimmed, Conditional)
        assert (full.open_raw, full.close_raw) == (skimmed.open_raw, skimmed.close_raw)
    else:
        assert full.raw == skimmed.raw  # type: ignore[union-attr]
    if isinstance(full, (Element, Conditional)):
        assert isinstance(skimmed, (Element, Conditional))
        assert len(full.children) == len(skimmed.children)
        for a, b in zip(full.children, skimmed.children, strict=True):
            left_out += _same_but_attrs(a, b)
    return left_out


def test_a_skimmed_parse_keeps_what_the_full_parse_has_but_attribute_lists() -> None:
    """``parse(text, skim=True)`` gives the full parse's issues and nodes (spans, fields),
    leaving out only attribute lists the validator reads nothing of (``_same_but_attrs``);
    and it does leave them out."""
    rng = random.Random(15)
    texts = [soup(rng) for _ in range(400)]
    alphabet = "<>/!-=\"' {}%[]#:ifmsoendx\n\r\t"
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 200))) for _ in range(400)
    ]
    texts += [p.read_text(encoding="utf-8", errors="surrogateescape") for p in CORPUS[::5]]
    texts += [
        (ROOT / "bench" / "emails" / name).read_text(encoding="utf-8")
        for name in ("marketing-32.mjml", "marketing-32.html")
    ]
    texts += [
        '<mj-text Align="x" align="y">a</mj-text><mj-text #if="x" b="c">b</mj-text>',
        '<mj-image src="a.png" :alt="x" /><mj-image src="a.png"/><mj-image src=a.png / >',
        '<html lang="en" ⚡4email><x-section padding="1" background="#fff"></x-section></html>',
        '<mj-button href="{{ u }}" {% if x %}class="y"{% endif %} css-class=\'z\'>b</mj-button>',
        '<p src="a.png border="0">x</p><p a="{{ x }">y</p><p b="c" c=d e>z</p>',
        '<mj-section padding="1" background-color="#fff"',
        '<mj-text align="center" style="{{ s | default: "x" }}">{{ t }}</mj-text><br a="1">',
    ]
    left_out = 0
    for text in texts:
        full = parse(text, "t.mjml")
        skimmed = parse(text, "t.mjml", skim=True)
        assert skimmed.issues == full.issues, text
        assert len(full.document.children) == len(skimmed.document.children), text
        for a, b in zip(full.document.children, skimmed.document.children, strict=True):
            left_out += _same_but_attrs(a, b)
    assert left_out > 1000


def test_an_element_copied_with_other_attributes_keeps_the_rest() -> None:
    """``Element.with_attrs``: the expander's pass-through (directives dropped) and a
    custom component's slot copies (``#slot`` dropped) change only the attributes."""
    el = parse('\n<p class="a" #slot="x" id="b">hi</p>', "e.html").document.children[1]
    assert isinstance(el, Element)
    kept = [a for a in el.attrs if not (isinstance(a, Attr) and a.name == "#slot")]
    copy = el.with_attrs(kept)
    assert copy.attrs == kept and copy is not el
    assert copy.children is el.children and (copy.id, copy.span) == (el.id, el.span)
    assert (copy.name, copy.name_raw, copy.tag_end, copy.end_raw) == (
        el.name,
        el.name_raw,
        el.tag_end,
        el.end_raw,
    )
    assert serialize(copy) == '<p class="a" id="b">hi</p>'
