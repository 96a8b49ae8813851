from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.transformers import plaintext
from tests.conftest import corpus_files, requires_corpus


@dataclass(frozen=True)
class Case:
    description: str
    html: str
    expect: str


CASES = [
    Case(
        "heading and paragraphs",
        "<h1>Welcome</h1><p>First para.</p><p>Second.</p>",
        "Welcome\n\nFirst para.\n\nSecond.\n",
    ),
    Case(
        "lists",
        "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>",
        "- one\n- two\n\n1. a\n2. b\n",
    ),
    Case(
        "links",
        '<p><a href="https://x.com">Shop now</a> or <a href="mailto:a@b.c">mail</a></p>',
        "Shop now (https://x.com) or mail (a@b.c)\n",
    ),
    Case("link text is url", '<a href="https://x.com">https://x.com</a>', "https://x.com\n"),
    Case(
        "liquid kept",
        '<p>Hi {{ name }}, {% if vip %}VIP{% endif %}</p><a href="{{ url }}">Go</a>',
        "Hi {{ name }}, {% if vip %}VIP{% endif %}\n\nGo ({{ url }})\n",
    ),
    Case(
        "hidden and preheader skipped",
        '<div style="display:none">Preview&#8199;&#847;</div>'
        '<span style="max-height:0;overflow:hidden">sr</span><p>Body</p>',
        "Body\n",
    ),
    Case(
        "head and style skipped",
        "<html><head><title>T</title><style>p{}</style></head><body><p>B</p></body></html>",
        "B\n",
    ),
    Case(
        # (iframe, noembed, noframes hold text since components.markup.elements.TEXT_ONLY,
        # and a raw-text element's text is not written: an iframe's fallback text was)
        "iframe fallback skipped",
        "<p>a</p><iframe>Your client shows no frames</iframe><p>b</p>",
        "a\n\nb\n",
    ),
    Case("entities decoded", "<p>&copy; 2024 &amp; more</p>", "© 2024 & more\n"),
    Case("br", "<p>a<br>b</p>", "a\nb\n"),
    Case(
        "image link alt",
        '<a href="https://x.com"><img alt="Logo" src="l.png"></a>',
        "Logo (https://x.com)\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_generate(case: Case) -> None:
    assert plaintext.generate(case.html) == case.expect


def test_heading_marks_and_preheader() -> None:
    html = "<div>Sale now</div><h2>Title</h2>"
    text = plaintext.generate(html, plaintext.Options(heading_marks=True), preheader="Sale now")
    assert text == "## Title\n"


def test_escaped_example_becoming_a_live_token_is_flagged() -> None:
    # In HTML "&#123;&#123; x }}" is text; decoded into the text part it would be
    # live Liquid at send time. The check must say so.
    text, issues = plaintext.generate_with_issues("<p>&#123;&#123; x }} {{ y }}</p>")
    assert text == "{{ x }} {{ y }}\n"
    assert [i.rule for i in issues] == ["plaintext/liquid-changed"]
    assert "{{ x }}" in issues[0].message
    assert plaintext.generate_with_issues("<p>{{ y }}</p>")[1] == []


def test_tokens_the_tidy_would_change_are_kept_as_written() -> None:
    # tokens with runs of spaces, a tab or a line break stay behind placeholders while the
    # text is tidied; the others are written as they are: either way each comes back exactly
    html = (
        "<p>Hi {{  first_name  }},\t{{ a\tb }} {% if\n vip %}VIP{% endif %} {{ ok }}</p>"
        '<a href="https://x.example/{{  u  }}?q={{ v }}">Go</a> '
        '<a href="{{ w }}"><img alt="{{ a  b }} &amp; {{ c }}" src="i.png"></a>'
        '<div style="display:none"><table><tr><td>hidden {{ h }}</td></tr></table></div>'
        "<table><tr><td>shown</td></tr></table>"
    )
    assert plaintext.generate(html) == (
        "Hi {{  first_name  }}, {{ a\tb }} {% if\n vip %}VIP{% endif %} {{ ok }}\n\n"
        "Go (https://x.example/{{  u  }}?q={{ v }}) {{ a  b }} & {{ c }} ({{ w }})\n\nshown\n"
    )
    assert plaintext.generate(html, plaintext.Options(width=20)) == (
        "Hi {{  first_name  }},\n{{ a\tb }}\n{% if\n vip %}VIP{% endif %}\n{{ ok }}\n\nGo\n"
        "(https://x.example/{{  u  }}?q={{ v }})\n{{ a  b }} & {{ c }}\n({{ w }})\n\nshown\n"
    )


# --- one scan, no tree: the walk over the masked scan reads as the guarded tree ------

_EDGES = [
    "<p>{{ a }}{{ b }}<b {{ c }}{{ d }}>x</b></p>",  # a token in an attribute list
    '<a href="{{ u }}&amp;x={{ v }}"><img alt="{{ alt }} &amp; more" src="s"></a>',
    "<!-- {{ '-->' }} --><style>{{ '</style>' }} .a{b:c}</style>x {{ y }}",
    "a <{{ x }}b> </{{ y }}> &#123;&#123; z }}",
    "<title{{ x }}>{{ y }}</title>after",  # a token in a tag's name
    '<div style="display:{{ d }}none">{{ hidden }}</div><div style="DISPLAY:NONE">h</div>v',
    "<style>a<b>{{ x }}</style><p>{{ y }}</p>",  # a raw body holding markup
    "<p>x <{{ t }}</p><p>a <b {{ t }}</p>",  # text that its placeholder cuts into a tag
    "<pre>  {{ a }}\n  b</pre><ul><li>{{ i }}</li></ul><ol><li>x</li></ol>",
    "<p>\u017f{{ x }} ſtyle</p>",  # a character only the full regex reads
    '<td {% if x %}style="display:none"{% endif %}>shown {{ y }}</td>',
    "<p>{{ a }}</p>" + "&#847;&zwnj;" * 3 + "<span aria-hidden=TRUE>{{ b }}</span>",
    # a run of one comment (an MSO conditional) then whitespace, in text and in a link
    "a<!-- c --> d<!--x-->\te",
    '<p>a<!--[if mso]><i hidden>x</i><![endif]-->\n b</p><a href="{{ u }}">x<!--[if mso]>'
    '<i style="w" hidden>&emsp;</i><![endif]--> Go</a>',
    # every character a marker could be made of is in the text
    "<p>\x00\x01\x02\x03\x04\x05\x06\x07\x08\ufdd0\ufdd1 {{ a }}</p>",
]
_PARTS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<a href='{{ u }}'>",
    '<a href="x">',
    "</a>",
    "<img alt='{{ t }}'>",
    "<img alt=x>",
    "{{ x }}",
    "{% if a %}",
    "{% endif %}",
    " ",
    "text",
    "&amp;",
    "&#123;",
    "<br>",
    "<li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<pre>",
    "</pre>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<div style='display:none'>",
    "<span hidden>",
    "</span>",
    "<h2>",
    "</h2>",
    "<td {{ c }}>",
    "<title>",
    "<",
    ">",
    "'",
    '"',
    "\u200b",
    "<head>",
    "</head>",
    "<TR>",
    "</td>",
    '{{ "<p>" }}',
    "{% raw %}",
    "{% endraw %}",
    "\n",
    # runs of layout tags, read as one where nothing in them hides or holds a token
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td style='a'>",
    "</td>",
    "<tbody>",
    "<div style='display: NONE'>",
    '<td style="border:none">',
    "<!--[if mso]><tr><![endif]-->",
    "<span aria-hidden='true'>",
    "<p title='{{ t }}'>",
    "<br/>",
    "<hr>",
    "\t ",
    "<TD>",
    "<div title='\u2014'>",
    "</pre >",
    # tokens the tidy would change; a hidden element ended inside a run
    "{{  x  }}",
    "{% if\n a %}",
    "{{ a\tb }}",
    '<a href="https://x.example/{{  u  }}?q={{ v }}">',
    '<img alt="{{ a  b }} &amp; {{ c }}">',
    '<div style="display:none"><table><tr><td>',
    "</td></tr></table></div>",
    # links whose first attribute is a double-quoted href with one token (read without
    # the attribute pattern), with an entity, a mailto: address
    '<a href="{{ u }}">',
    '<a href="https://x.example/?c={{ c }}" target="_blank">',
    '<a href="{{ u }}&amp;x=1">',
    '<a href="mailto:{{ m }}">',
    '<a href="Mailto:a@x.example">',
    # images in links whose first attribute is a double-quoted alt
    '<img alt="{{ t }}" src="s">',
    '<img alt="A &amp; B" src="s">',
]


def _fast(html: str) -> str | None:
    """The one-scan walk, or None where it hands over to the tree."""
    from compiler.transformers.core import liquid_guard

    masked = liquid_guard.mask(html)
    # small pieces: their seams cross tags, runs, texts and tokens
    if masked is None:
        return None
    scan = plaintext._scan(masked, plaintext.Options(), 16)
    return plaintext._walk(scan, masked, plaintext.Options(), "", exact=False)


def _tree(html: str) -> str:
    from compiler.transformers.core import liquid_guard

    guard, doc = liquid_guard.protect_parsed(html)
    return plaintext.generate_guarded(doc, guard, plaintext.Options(), html=html)


def test_the_one_scan_walk_gives_the_text_of_the_guarded_tree() -> None:
    import random

    rnd = random.Random(15)
    generated = [
        "".join(rnd.choice(_PARTS) for _ in range(rnd.randint(0, 16))) for _ in range(4000)
    ]
    # most inputs are read by the one scan, and compared
    assert _read_alike(_EDGES + [c.html for c in CASES] + generated) > 2500


def _read_alike(inputs: list[str]) -> int:
    """Each input's plain text compared, as the tree gives it, as ``generate`` does and
    as the one-scan walk does where it reads it; how many the one scan read."""
    fast = 0
    for html in inputs:
        tree = _tree(html)
        assert plaintext.generate(html) == tree, html
        got = _fast(html)
        if got is not None:
            fast += 1
            assert got == tree, html
    return fast


def test_where_the_one_scan_hands_over_to_the_tree() -> None:
    assert _fast("<p>{{ a }}</p>") is not None
    for html in (
        "<b {{ c }}>x</b>",  # a token in the attribute list
        "<title{{ x }}>y</title>",  # in a tag's name
        "<style>a<b></style>{{ x }}",  # a raw-text body holding markup
        "<p>x <b {{ t }}</p>",  # text its placeholder cuts into a tag
        # a raw-text tag the full regex reads in İ, ı or ſ (the scan: text, a tag)
        "<ſtyle>a<b>{{ x }}</ſtyle>",
        "<scrİpt>{{ x }}</script>",
        "<style>{{ x }}</ſtyle>a</style>",
    ):
        assert _fast(html) is None, html
        assert plaintext.generate(html) == _tree(html)
    for html in ("ſ {{ x }}", '<p title="ſ">{{ x }} ı</p><!-- <ſtyle> -->'):  # read alike
        assert _fast(html) == _tree(html) == plaintext.generate(html), html


def test_the_one_scan_walk_reads_the_characters_the_full_regex_folds_as_the_tree_does() -> None:
    # İ, ı and ſ are read where they are (texts with a "<", tag names), not looked for in
    # the whole document: generated documents of raw-text tags spelled with them
    import random

    parts = [
        "<",
        "</",
        ">",
        "style",
        "script",
        "title",
        "textarea",
        "ſ",
        "ı",
        "İ",
        "s",
        "i",
        "t",
        "yle",
        "cript",
        " ",
        "{{ x }}",
        "<p>",
        "</p>",
        "<!--",
        "-->",
        "<style>",
        "</style>",
        "<script>",
        "</script>",
        "<title>",
        "</title>",
        "<ſtyle>",
        "</ſtyle>",
        "<scrİpt>",
        "</scrıpt>",
        '<p title="ſ<style>">',
        "<b class=ı>",
        "<table>",
        "x",
    ]
    rnd = random.Random(1)
    generated = ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 14))) for _ in range(3000)]
    assert _read_alike(generated) > 800


@requires_corpus
def test_the_one_scan_walk_gives_the_text_of_the_guarded_tree_for_the_corpus() -> None:
    for path in corpus_files(".html", ".htm", ".hbs", ".liquid"):
        html = path.read_text(encoding="utf-8", errors="replace")
        assert plaintext.generate(html) == _tree(html), path


def test_a_run_holds_only_tags_that_write_no_more_than_separators() -> None:
    from components.markup.elements import NOT_SHOWN, TEXT_ONLY

    in_runs = plaintext._BREAKS | plaintext._QUIET
    acting = plaintext._START_ACTS | NOT_SHOWN | TEXT_ONLY | {"a", "pre", "ul", "ol"}
    assert not in_runs & acting
    assert all(
        plaintext._START_WRITES[n] == "\n\n" == plaintext._END_WRITES[n] for n in plaintext._BREAKS
    )
    assert {"table", "div", "p"} <= plaintext._BREAKS and "tr" in plaintext._QUIET


def test_a_page_is_read_in_pieces_of_a_quarter_within_bounds_and_reads_as_one() -> None:
    # a piece is at most a quarter of the page (its memory beside the page's), at least
    # 8,192 and at most 16,384 characters
    assert [plaintext._piece(n) for n in (0, 20_000, 36_000, 48_000, 400_000)] == [
        8192,
        8192,
        9000,
        12000,
        16384,
    ]
    from compiler.transformers.core import liquid_guard

    rows = "".join(
        f"<tr><td style='padding:{i}px;color:#333'><p>Row {i} \u2014 {{{{ r{i} }}}}</p></td></tr>"
        for i in range(700)
    )
    page = f"<table>{rows}</table><div style='display:none'>gone</div>"
    assert 40_000 < len(page) < 64_000  # four pieces by default
    masked = liquid_guard.mask(page, same_prefix=False)
    assert masked is not None
    opts = plaintext.Options()
    whole = plaintext._walk(plaintext._scan(masked, opts, len(page)), masked, opts, "", exact=False)
    assert whole is not None and "Row 699 \u2014 {{ r699 }}" in whole and "gone" not in whole
    assert plaintext.generate(page) == whole


class _NoteNothing(dict[str, bool]):
    """A dictionary that never holds what it is given: each tag read anew."""

    def get(self, key: str, default: bool | None = None) -> bool | None:  # type: ignore[override]
        return default

    def setdefault(self, key: str, default: bool = False) -> bool:
        return default


def test_a_tags_hiding_is_read_once_per_attribute_text_as_each_tag_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the walk notes whether a start tag hides its content once per attribute text (a
    # dict per walk): the same documents read with each tag read anew read alike
    import random

    rnd = random.Random(7)
    hiding = [
        "<div style='display:none'>",
        "<div>",
        "<span hidden>",
        "<span>",
        "</span>",
        "</div>",
        '<td style="mso-hide:all">',
        '<td style="border:none">',
        '<p style="max-height:0;overflow:hidden">',
        '<p style="max-height:10px">',
        "</p>",
        "</td>",
        "<span aria-hidden='true'>",
        "<span aria-hidden='false'>",
        "<div style='display: NONE'>",
        "<DIV STYLE='DISPLAY:NONE'>",
        "<div title='\u2014' style='display:none'>",
    ]
    pool = _PARTS + hiding * 3
    docs = ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 20))) for _ in range(3000)]
    docs += _EDGES + [c.html for c in CASES]
    noted = [(_tree(html), plaintext.generate(html)) for html in docs]
    monkeypatch.setattr(plaintext, "_HidingOf", _NoteNothing)
    for html, (tree, text) in zip(docs, noted, strict=True):
        assert _tree(html) == tree, html
        assert plaintext.generate(html) == text, html
