"""The shared token stream: lossless, one node per tag/comment/text run."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.transformers.core.markup import Tag, Text, cut, parse
from tests.conftest import corpus_files, requires_corpus


@dataclass(frozen=True)
class Case:
    description: str
    html: str
    kinds: list[str]  # node kinds: tag names (with / for end tags), or text kinds


CASES = [
    Case("tags and text", '<p class="a">x</p>', ["p", "text", "/p"]),
    Case("raw text keeps markup", "<style>a<b>{}</style>", ["style", "raw", "/style"]),
    Case("raw end tag in any case", "<STYLE>a</Style >b", ["style", "raw", "/style", "text"]),
    Case("unterminated raw text", "<script>if (a<b)", ["script", "raw"]),
    Case("not a raw element", "<styles>x</styles>", ["styles", "text", "/styles"]),
    # (iframe, noembed, noframes: raw since components.markup.elements.TEXT_ONLY; the
    # scan read their content as markup before)
    Case("iframe holds text", "<iframe><p>x</p></iframe>", ["iframe", "raw", "/iframe"]),
    Case("noframes holds text", "<NOFRAMES><b>İ</b></noframes>", ["noframes", "raw", "/noframes"]),
    Case(
        "noscript holds markup",
        "<noscript><b>x</b></noscript>",
        ["noscript", "b", "text", "/b", "/noscript"],
    ),
    Case("unterminated comment", "<p><!-- x", ["p", "comment"]),
    Case("comment with dashes", "<!-- a --- b -->c", ["comment", "text"]),
    Case("declarations", "<?xml x?><!DOCTYPE html>", ["decl", "decl"]),
    Case("stray <", "a < b <c d", ["text"]),
    Case("> inside a quoted value", '<a title="x>y">z</a>', ["a", "text", "/a"]),
]


def _kinds(html: str) -> list[str]:
    out = []
    for n in parse(html).nodes:
        if isinstance(n, Tag):
            out.append(("/" if n.end else "") + n.name)
        else:
            assert isinstance(n, Text)
            out.append(n.kind)
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_parse_is_lossless_and_cuts_where_expected(case: Case) -> None:
    assert parse(case.html).serialize() == case.html
    assert _kinds(case.html) == case.kinds


def test_reading_attributes_does_not_mark_the_tag_edited() -> None:
    tag = next(parse("<td CLASS=\"a\" style='b' hidden/>").tags())
    assert (tag.get("class"), tag.get("style"), tag.get("hidden"), tag.get("id")) == (
        "a",
        "b",
        "",
        None,
    )
    assert not tag.dirty and tag.serialize() == "<td CLASS=\"a\" style='b' hidden/>"
    tag.set("id", "x")
    assert tag.serialize() == '<td CLASS="a" style=\'b\' hidden id="x" />'
    tag.remove("hidden")
    assert tag.serialize() == '<td CLASS="a" style=\'b\' id="x" />'


def test_a_parse_s_read_indexes_are_let_go_at_once_and_reads_still_answer() -> None:
    """The attribute indexes a read makes are held by the parse's one dictionary (the
    tags that share a text share one), not by each tag, so that ``forget_reads`` lets
    them all go; a tag read after that is split again and answers the same."""
    doc = parse('<td class="a" id=x><td class="a" id=x><p title="t">')
    first, second, p = list(doc.tags())
    assert first.get("class") == second.get("class") == "a"
    assert doc.reads == {first.raw: {"class": '"a"', "id": "x"}}
    assert first._index is None  # (on the parse's dictionary only)
    doc.forget_reads()
    assert doc.reads == {}
    assert (first.get("id"), second.get("class"), p.get("title"), p.get("id")) == (
        "x",
        "a",
        "t",
        None,
    )


@pytest.mark.parametrize(
    "html",
    ["<td CLASS=\"a\" style='b' hidden/>", "</TD  x>", "<br>", '<img src="x">', "<a\thref=y >"],
)
def test_a_tag_with_other_attribute_text_is_the_tag_parse_reads(html: str) -> None:
    tag = parse(html).nodes[0]
    assert isinstance(tag, Tag)
    for text in ("", ' id="q"', " mwl0x", ' a="{>}" b=\'"\' /'):
        made = tag.with_attr_text(text)
        assert made == parse(html[: tag.attr_start] + text + ">").nodes[0]


@pytest.mark.parametrize(
    ("html", "attr_text"),
    [
        ("<TD Class=\"a\" style='b'>", " Class=\"a\" style='b'"),
        ("</TD  x>", "  x"),
        ("<br/>", "/"),
        ("<p>", ""),
        ('<a\thref=y title="x>y" >', '\thref=y title="x>y" '),
    ],
)
def test_a_tag_s_attribute_text_is_cut_from_its_text_when_read_and_kept_by_a_rename(
    html: str, attr_text: str
) -> None:
    # (parse() cuts no attribute text: a tag's is cut from its raw text when read)
    tag, renamed = parse(html).nodes[0], parse(html).nodes[0]
    assert isinstance(tag, Tag) and isinstance(renamed, Tag)
    renamed.rename("blockquote")  # a longer name: the text is still the parsed tag's
    for t in (tag, renamed):
        assert t.attr_text == attr_text and t.attr_start == len(html) - len(attr_text) - 1
        assert (t.get("class"), t.get("style"), t.get("href"), t.get("title"), t.get("x")) == tuple(
            Tag("", "", False, None, attr_text).get(n)
            for n in ("class", "style", "href", "title", "x")
        )
    assert renamed.serialize().startswith("</blockquote" if tag.end else "<blockquote")


@requires_corpus
def test_every_corpus_file_round_trips() -> None:
    for path in corpus_files(".html", ".htm", ".hbs", ".liquid", ".mjml"):
        html = path.read_text(encoding="utf-8", errors="replace")
        assert parse(html).serialize() == html, path


def test_attribute_reads_take_the_first_of_repeated_names_in_any_case() -> None:
    tag = next(parse('<td Class="a" class="b" STYLE=\'c\' data-x=d hidden>').tags())
    assert tag.get("class") == "a"
    assert tag.get("style") == "c"
    assert tag.get("data-x") == "d"
    assert tag.get("hidden") == ""
    assert tag.get("id") is None
    tag.set("class", "z")  # edits are read back
    assert tag.get("class") == "z"


def test_raw_text_ends_only_at_its_own_end_tag_in_any_case() -> None:
    nodes = parse("<STYLE>a<b>c</styles></style ><p>x</p><script>1</SCRIPT><title>t").nodes
    assert [(type(n).__name__, n.serialize()) for n in nodes] == [
        ("Tag", "<STYLE>"),
        ("Text", "a<b>c</styles>"),
        ("Tag", "</style >"),
        ("Tag", "<p>"),
        ("Text", "x"),
        ("Tag", "</p>"),
        ("Tag", "<script>"),
        ("Text", "1"),
        ("Tag", "</SCRIPT>"),
        ("Tag", "<title>"),
        ("Text", "t"),
    ]
    assert [n.kind for n in nodes if isinstance(n, Text)] == ["raw", "text", "raw", "raw"]


RAW_CASES = [
    "<style><!-- a { } --></style><p>x</p>",  # a comment in a style block
    "<style>a</style/>b</style>c",  # "</style/>" is not its end tag
    "<style>a</stylex>b</style>c",
    "<style a='>'>b</style>",
    "<style>a</style\n>",
    '<p a="<style>">x</p><style>y</style>',
    "<textarea>a</textarea b>c</textarea>",
    "<xmp><p></xmp>",
    "<iframe><p></iframe>x<noembed><b></noembed><noframes>\u0130</noframes>",
    "<style/>x</style>",
    "<style>x<!--",
    "<\u017ftyle>x</style>",  # long s: Python's case-insensitive match reads it as "s"
    "<scr\u0130pt>x</script>",
]
_PIECES = [
    "<style>",
    "</style>",
    "</STYLE >",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<p>",
    "</p>",
    "<",
    ">",
    "a",
    " ",
    '"',
    "'",
    "<title>",
    "</title>",
    "<!x>",
    "<?",
    "/",
    "=",
    "<textarea>",
    "</textarea>",
    "<xmp>",
    "</xmp>",
    "\u017f",
]


def test_the_fast_scan_cuts_exactly_where_the_full_regex_does() -> None:
    """parse() scans without the raw-text alternative and re-reads a raw body only when
    it holds markup; the nodes are those of the full regex, for any input."""
    import random

    from compiler.transformers.core.markup import _parse_full

    rnd = random.Random(15)
    generated = [
        "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 14))) for _ in range(5000)
    ]
    for html in RAW_CASES + generated:
        assert parse(html).nodes == _parse_full(html).nodes, html
        assert parse(html).serialize() == html


@requires_corpus
def test_the_fast_scan_reads_every_corpus_file_as_the_full_regex() -> None:
    from compiler.transformers.core.markup import _parse_full

    for path in corpus_files(".html", ".htm", ".hbs", ".liquid", ".mjml"):
        html = path.read_text(encoding="utf-8", errors="replace")
        assert parse(html).nodes == _parse_full(html).nodes, path


def _exact(parts: list[str | None]) -> bool:
    """Whether every raw-text body of a split is ended by the next match (else parse()
    reads it again and the split is not how the tree cuts the text)."""
    from compiler.transformers.core.markup import FIELDS, ends_raw
    from components.markup.elements import TEXT_ONLY

    raw = ""
    for i in range(1, len(parts), FIELDS):
        _c, _d, end, name, attrs, _x = parts[i : i + FIELDS]
        if raw and not ends_raw(raw, end, name, attrs):
            return False
        raw = name.lower() if end is None and name is not None and name.lower() in TEXT_ONLY else ""
    return True


def _lower_names(parts: list[str | None]) -> list[str | None]:
    """``parts`` with tag names in lower case (flat() gives the tree's names)."""
    out = list(parts)
    for i in range(4, len(out), 6):
        name = out[i]
        out[i] = name.lower() if name is not None else None
    return out


def test_the_flat_split_is_the_tree_laid_flat() -> None:
    """split() gives the nodes' groups without making nodes: where its raw bodies are
    exact it equals flat(parse(html).nodes); otherwise the reader goes to the tree."""
    import random

    from compiler.transformers.core.markup import flat, split

    rnd = random.Random(7)
    generated = [
        "".join(
            rnd.choice([*_PIECES, "<P a='1'>", "<br/>", "</DIV >"])
            for _ in range(rnd.randint(0, 14))
        )
        for _ in range(5000)
    ]
    exact = 0
    for html in RAW_CASES + generated:
        parts = split(html)
        if parts is None:  # İ, ı, ſ: only the full regex cuts it as parse() does
            assert any(c in html for c in "\u0130\u0131\u017f"), html
            continue
        if _exact(parts):
            exact += 1
            assert _lower_names(parts) == flat(parse(html).nodes), html
    assert exact > 2000  # the comparison is made on many inputs (the pieces are raw-heavy)


def test_flat_writes_edited_tags_as_they_serialize() -> None:
    from compiler.transformers.core.markup import flat

    doc = parse('<TD class="a">x</TD>')
    tag = next(doc.tags())
    tag.set("id", "b")
    assert flat(doc.nodes) == [
        "",
        None,
        None,
        None,
        "td",
        ' class="a" id="b"',
        "x",
        None,
        None,
        "/",
        "td",
        "",
        "",
    ]


@requires_corpus
def test_the_flat_split_of_every_corpus_file_is_its_tree_laid_flat() -> None:
    from compiler.transformers.core.markup import flat, split

    for path in corpus_files(".html", ".htm", ".hbs", ".liquid", ".mjml"):
        html = path.read_text(encoding="utf-8", errors="replace")
        parts = split(html)
        if parts is not None and _exact(parts):
            assert _lower_names(parts) == flat(parse(html).nodes), path


def _tuples(parts: list[str | None]) -> list[tuple[str | None, ...]]:
    groups = iter(parts)
    lead = next(groups)
    return [(None, None, None, None, None, lead), *zip(*([groups] * 6), strict=True)]


def test_matches_read_in_pieces_are_the_split() -> None:
    """matches() reads a few characters at a time and keeps only what the whole scan
    reads the same: for any input and any piece size, the tuples of split()."""
    import random

    from compiler.transformers.core.markup import matches, split

    rnd = random.Random(3)
    pieces = [*_PIECES, "<p a='1'>", "<br/>", "</div >", "x y", '<a href="<b>">', "<a b='>'>"]
    generated = [
        "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(3000)
    ]
    for html in RAW_CASES + generated:
        parts = split(html)
        if parts is None:
            assert matches(html) is None
            continue
        for size in (1, 2, 3, 5, 8, 13, 40):
            scan = matches(html, size)
            assert scan is not None and list(scan) == _tuples(parts), (html, size)


@requires_corpus
def test_matches_of_every_corpus_file_are_its_split() -> None:
    from compiler.transformers.core.markup import matches, split

    for path in corpus_files(".html", ".htm", ".hbs", ".liquid", ".mjml"):
        html = path.read_text(encoding="utf-8", errors="replace")
        parts = split(html)
        if parts is not None:
            for size in (64, 4096):
                scan = matches(html, size)
                assert scan is not None and list(scan) == _tuples(parts), (path, size)


# --- runs: several matches read as one ------------------------------------------------

_RUN_PIECES = [
    *_PIECES,
    "<table>",
    "</table>",
    "<td style='a>b'>",
    "</td >",
    "<tr>",
    "<br/>",
    "<TD>",
    "<tbody\n>",
    "<!-- x -->",
    "<!--[if mso]><p>x</p><![endif]-->",
    "\n  ",
    "<tdx>",
    "<b>",
    "<body>",
    "<bx>",
    "<pre>",
    "<P>",
    "text",
    "<!-- open",
    # a name's end: its ">" at once, or whitespace or "/" and the attribute text
    "<td/>",
    "<br />",
    "<tr\t>",
    "</td\u00a0>",
    '<table title="a/b>c">',
    "<p/x>",
    "<tr/",
]


def _unrun(parts: list[str | None], fields: int) -> list[tuple[str | None, ...]]:
    """A run scan's tuples with each run cut back into split()'s matches."""
    from compiler.transformers.core.markup import split

    out: list[tuple[str | None, ...]] = []
    for match in zip(*([iter(parts[1:])] * fields), strict=True):
        run = match[0] or match[1]
        if run is None:
            out.append(match[2:])
            continue
        cut = split("<" + run)
        assert cut is not None and cut[0] == ""
        cut[-1] = (cut[-1] or "") + (match[-1] or "")  # the text after the run
        out += _tuples(cut)[1:]
    return [(None, None, None, None, None, parts[0]), *out]


def test_a_run_scan_cuts_as_split_but_inside_its_runs() -> None:
    import random

    from compiler.transformers.core.markup import matches, scan_runs, split

    scan = scan_runs({"table", "p"}, {"td", "tr", "br", "tbody", "b", "body"})
    assert scan.groups + 1 == 8  # the two kinds of run, then split()'s groups
    rnd = random.Random(16)
    generated = [
        "".join(rnd.choice(_RUN_PIECES) for _ in range(rnd.randint(0, 30))) for _ in range(3000)
    ]
    runs = 0
    for html in generated:
        parts = split(html)
        if parts is None:
            continue
        whole = scan.split(html)
        runs += sum(1 for r in whole[1::8] if r)
        for r, kind in ((r, k) for k in (0, 1) for r in whole[1 + k :: 8] if r):
            names = {n for n in (split("<" + r) or [])[4::6] if n is not None}
            assert names <= {"table", "p", "td", "tr", "br", "tbody", "b", "body"}, r
            assert (kind == 0) == bool(names & {"table", "p"}), r  # marked or not
        assert _unrun(whole, 8) == _tuples(parts), html
        for size in (1, 5, 13, 40):  # read in pieces: runs may end early, never wrongly
            pieces = matches(html, size, scan=scan)
            assert pieces is not None
            flat: list[str | None] = [next(iter(pieces))[-1]]
            for match in pieces:
                flat += match
            assert _unrun(flat, 8) == _tuples(parts), (html, size)
    assert runs > 1500  # most inputs hold runs


def test_a_run_tag_s_name_ends_where_a_lookahead_and_the_attribute_text_end_it() -> None:
    # a run's tag reads its ">" at once after the name, or whitespace or "/" and the
    # attribute text: the same matches as the name, (?=[\s/>]), the attribute text, ">"
    # (the trie's branches in any order)
    import random
    import re

    from compiler.transformers.core import markup

    marked, other = {"table", "p", "div", "h1"}, {"td", "tr", "br", "tbody", "b", "body", "th"}
    scan = markup.scan_runs(marked, other)
    read = r"(?:>|[\s/]" + markup._ATTRS + ">)"
    assert scan.pattern.count(read) == 6  # each name of the two kinds of run
    looked = re.compile(
        scan.pattern.replace(read, r"(?=[\s/>])" + markup._ATTRS + ">").replace(
            markup._trie(other), "|".join(sorted(other, key=len, reverse=True))
        ),
        re.S,
    )
    rnd = random.Random(17)
    pieces = [*_RUN_PIECES, "<th>", "<div\n>", "<h1/>", "<thx>", "</div x='>'>", "<divx>"]
    for _ in range(4000):
        html = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        assert scan.split(html) == looked.split(html), html


@pytest.mark.parametrize(
    "attrs",
    [
        ' href="a" HREF=b',
        " Href='a'",
        " data-href=x href",
        " href=a/",
        ' title="href=x"',
        "",
        " hreff=1 href = 'z' ",
        ' alt=" x " /',
        " ALT",
        "href",
        ' a=b"c href=d',
        # the first attribute double-quoted (read without the attribute pattern)
        ' href="https://x.example/?a=1" target="_blank"',
        ' href="a/"/',
        ' href="a" /',
        ' href="',
        ' href="a',
        ' href=""',
        ' alt="a>b" src=x',
        ' href="x" href="y"',
        ' hrefx="1" href="2"',
        '\thref="a"',
        ' HREF="a"',
        ' href ="a"',
        # a later one after double-quoted attributes only (read without the pattern)
        ' src="x" alt="a" href="h"',
        ' src="x" ALT="b" alt="c" href="h"',
        ' data-alt="x" alt="y"',
        ' src="x" alt="a/"/',
        ' src="x" alt="',
        " src='x' alt=\"a\"",
        ' src=x alt="a"',
        ' src="x"\talt="a"',
        ' title="alt=" alt="z"',
        ' src="a>b" alt="c" href="d e"',
        ' src="x" alt="a" alt="b"',
        ' src="x" alt="" href=""',
    ],
)
def test_attribute_reads_as_a_tag_reads(attrs: str) -> None:
    from compiler.transformers.core.markup import attribute

    for name in ("href", "alt"):
        assert attribute(attrs, name) == Tag("", "", False, None, attrs).get(name)


def test_attribute_reads_generated_attribute_texts_as_a_tag_reads() -> None:
    import random

    from compiler.transformers.core.markup import attribute

    parts = [" ", "\t", "src", "alt", "ALT", "href", "data-alt", "=", '="', '"', "'", "x"]
    parts += ["a b", "/", ' alt="', ' src="s"', ' href="', "alt=", "\u2014"]
    rnd = random.Random(29)
    for _ in range(20000):
        attrs = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 10)))
        for name in ("href", "alt"):
            assert attribute(attrs, name) == Tag("", "", False, None, attrs).get(name), attrs


def test_trie_matches_exactly_its_names() -> None:
    import re

    from compiler.transformers.core.markup import _trie

    names = ["b", "body", "br", "blockquote", "td", "th", "thead", "tr", "o:p"]
    pattern = re.compile(f"(?:{_trie(names)})")
    assert all(pattern.fullmatch(n) for n in names)
    assert not any(pattern.fullmatch(n) for n in ["bo", "t", "the", "tbody", "o", "bod", ""])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii <b>x</b>",
        "caf\u00e9 " * 3000,
        "\u2014 dash \u201cquoted\u201d " * 700,
        "emoji \U0001f600 and \u00e9" * 500,
        "a" * 2047 + "\u00e9" + "\U0001f600" * 3,
    ],
)
def test_utf8_size_is_the_encoded_length(text: str) -> None:
    from compiler.transformers.core.base import utf8_size

    assert utf8_size(text) == len(text.encode("utf-8"))


def test_a_cut_is_the_tree_parse_makes_or_none() -> None:
    """cut() keeps the scan's parts and makes no node: its text is the document and its
    tree is parse()'s, for any input it takes; it refuses (None) exactly where parse()
    reads otherwise than part by part — a raw-text body holding markup, or İ/ı/ſ."""
    import random

    from compiler.transformers.core.markup import NODES_RE, cut

    rnd = random.Random(16)
    generated = [
        "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 14))) for _ in range(5000)
    ]
    taken = 0
    for html in RAW_CASES + generated:
        made = cut(html)
        reread = NODES_RE.split(html) != _cut_parts(html)
        if made is None:  # (the full regex decides where İ, ı or ſ is: not cut)
            assert reread or any(c in html for c in "\u0130\u0131\u017f"), html
            continue
        taken += 1
        assert not reread, html
        assert made.text() == html
        assert made.markup() == parse(html), html
        # the style blocks, as the tree's
        assert [(t.raw, b.text) for t, b in made.style_blocks()] == [
            (t.raw, x.text) for t, x in parse(html).style_blocks()
        ], html
    assert taken > 2000


def _cut_parts(html: str) -> list[str | None]:
    """The scan's parts when the tree made from them as they are (no raw body read again)
    is parse()'s, else a sentinel."""
    from compiler.transformers.core.markup import NODES_RE, Markup, _made

    parts = NODES_RE.split(html)
    nodes: list[Tag | Text] = []
    try:
        _made(parts, nodes, {}, None)  # (asserts where a raw body would be read again)
    except AssertionError:
        return ["(re-read)"]
    return parts if Markup(nodes) == parse(html) else ["(otherwise)"]


def test_a_cut_s_edits_are_its_text_s_and_its_tree_parses_them() -> None:
    from compiler.transformers.core.markup import cut

    html = "<html><head><style>p{a:b}</style></head><body><p class=x>t</p></body></html>"
    made = cut(html)
    assert made is not None
    ((_tag, body),) = made.style_blocks()
    body.text = "p{c:d}"
    assert made.text() == html.replace("a:b", "c:d")
    assert made.markup() == parse(made.text())  # a body edited: no tag edited, no new scan
    made.tag(6).set("id", "y")  # the <p>
    made.put_after(3, "<style>q{}</style>")  # after </style>
    made.put_after(-1, "<!--end-->")
    made.put_after(3, "<b>")
    edited = (
        "<html><head><style>p{c:d}</style><style>q{}</style><b></head><body>"
        '<p class="x" id="y">t</p></body></html><!--end-->'
    )
    assert made.text() == edited
    assert made.markup() == parse(edited)
    assert made.tag(6) is made.tag(6)


def test_equal_tag_and_text_pieces_share_one_string_and_edits_stay_their_own() -> None:
    # (memory: MJML's tables repeat their tags; the tree keeps each distinct text once)
    html = '<td style="a">\n  <td style="a">\n  <td style="b">\n  </td>'
    doc = parse(html)
    tags = [n for n in doc.nodes if isinstance(n, Tag)]
    texts = [n for n in doc.nodes if isinstance(n, Text)]
    assert tags[0].raw is tags[1].raw
    assert tags[0].raw == tags[2].raw.replace("b", "a") and tags[2].raw is not tags[0].raw
    assert texts[0].text is texts[1].text is texts[2].text
    tags[0].set("style", "c")
    assert "".join(n.serialize() for n in doc.nodes) == html.replace('"a"', '"c"', 1)
    assert tags[1].serialize() == '<td style="a">'
    # a cut's tree shares the same way
    found = cut(html)
    assert found is not None
    made = [n for n in found.markup().nodes if isinstance(n, Tag)]
    assert made[0].raw is made[1].raw
