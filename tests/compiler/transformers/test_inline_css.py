"""CSS inlining never downloads external stylesheets (checked against a real server)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import css_inline
import pytest

from compiler.transformers import inline_css, run_transformers, settings_from, transform


class Server:
    """A real HTTP server in its own process (``css-inline`` holds the GIL while it
    downloads, so a server thread in this process could never answer)."""

    def __init__(self, folder: Path) -> None:
        (folder / "brand.css").write_text(".remote { color: red; }", encoding="utf-8")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
                str(folder),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (…) ..."
        self.url = f"http://127.0.0.1:{line.split(' port ')[1].split()[0]}"

    def requests(self) -> list[str]:
        """Stop the server; the paths it was asked for."""
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=10)
        return re.findall(r'"GET (\S+) HTTP', err)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path)
    try:
        yield srv
    finally:
        if srv.proc.poll() is None:
            srv.proc.terminate()
            srv.proc.communicate(timeout=10)


def page(base: str) -> str:
    return (
        f'<html><head><link rel="stylesheet" href="{base}/brand.css">'
        "<style>.local{color:blue}</style></head><body>"
        '<p class="remote local">x</p></body></html>'
    )


def test_the_server_would_be_used_by_an_engine_that_downloads(server: Server) -> None:
    # the control: css-inline itself fetches the sheet when asked to
    out = css_inline.inline(page(server.url), load_remote_stylesheets=True)
    assert "color: red" in out
    assert server.requests() == ["/brand.css"]


def test_external_stylesheets_are_never_downloaded(server: Server) -> None:
    out, issues = transform(inline_css.NAME, page(server.url), inline_css.Options(enabled=True))
    assert issues == []
    assert f'<link rel="stylesheet" href="{server.url}/brand.css">' in out  # left for clients
    assert 'style="color: blue;"' in out and "color: red" not in out
    assert server.requests() == []


def test_no_transformer_downloads_anything(server: Server) -> None:
    settings = settings_from({"all": True, "format": {"minify": True}})
    out = run_transformers(page(server.url), settings)
    assert f"{server.url}/brand.css" in out.html
    assert server.requests() == []


REFUSED = [
    (
        "<!DOCTYPE html><html><head><title>t</title><meta charset=utf-8>"
        "<style>td{color:red} @media (max-width:600px){td{color:blue}} a:hover{x:y} "
        "p{margin:0}</style><style media=print>p{a:b}</style></head><body>"
        '<table><tr><td style="color: {{ c }}">x</td><td class=a>y<br></td></tr></table>'
        "<p>{{ name }}</p></body></html>"
    ),
    # two blocks left alike, each with kept rules (each after its own block), repeated and
    # already-marked tags, held styles before and after the blocks, a fragment
    (
        '<p style="a:{{ x }}">a</p><style>\n@import url(a.css);\n</style><br><br>'
        "<style>\n@media screen{p{b:c}}\n</style><style data-embed>p{c:d}</style>"
        '<style media="screen">p{color:red} p:hover{e:f}</style>'
        '<table><tr><td style="b:{{ y }}" data-css-inline="keep">b</td>'
        '<td style="b:{{ y }}">c</td></tr></table>'
    ),
]


def test_kept_rules_stay_where_their_block_was() -> None:
    """Each style block's kept rules (@import, @media, :hover) follow that block, in the
    page's order, also where two blocks are left alike once their rules are inlined (they
    were put after the first of them: an @import came after the next block's @media)."""
    html = (
        "<html><head><style>@import url(a.css);p{margin:0}</style>"
        "<style>@media screen{p{b:c}}p{margin:0}</style>"
        "<style>a:hover{x:y}td{color:blue}</style></head>"
        "<body><p>a</p><table><tr><td>b</td></tr></table><a href='#'>c</a></body></html>"
    )
    out, issues = transform("inline-css", html)
    assert issues == []
    kept = re.findall(r"<style[^>]*>(.*?)</style>", out, re.S)
    assert [k for k in kept if k.strip()] == [
        "@import url(a.css);",
        "@media screen{p{b:c}}",
        "a:hover{x:y}",
    ]
    assert '<p style="margin: 0;">a</p>' in out


def test_style_attributes_the_engine_cannot_read_are_held_aside() -> None:
    """A style attribute holding Liquid, or one that is not a declaration list, is held
    aside from the engine and comes back as written after what the head's rules give;
    a readable one is merged by the engine (a tag whose attributes are written plainly
    is read as one written otherwise)."""
    html = (
        "<html><head><style>p{margin:0} td{padding:1px}</style></head><body>"
        '<p style="color: {{ c }}">a</p><p style="color:red">b</p>'
        "<table><tr><td style='x'>c</td><td>d</td></tr></table></body></html>"
    )
    out, issues = transform("inline-css", html)
    assert issues == []
    # the held ones after what the rules give, as written (the token not moved into CSS)
    assert '<p style="margin: 0; color: {{ c }}">a</p>' in out
    assert '<td style="padding: 1px; x">c</td>' in out
    assert '<p style="margin: 0;color: red">b</p>' in out  # read and merged by the engine
    assert '<td style="padding: 1px;">d</td>' in out


@pytest.mark.parametrize("html", REFUSED)
def test_an_inlining_the_engine_refuses_leaves_the_document_as_it_was(
    monkeypatch: pytest.MonkeyPatch, html: str
) -> None:
    """The preparation edits the tree (marks on the head's tags, split style blocks, held
    style attributes, blocks of kept rules put in); when the engine stops, every edit is
    undone and the document is the step's input, byte for byte, with a warning. The real
    engine fails on no input found so far, so one that refuses stands in for it."""

    def refuse(*args: object, **kwargs: object) -> str:
        raise css_inline.InlineError("refused")

    inlined, _ = transform("inline-css", html)
    assert inlined != html  # the engine's inlining and the preparation change it
    monkeypatch.setattr(css_inline, "inline", refuse)  # the module inline_css calls
    out, issues = transform("inline-css", html)
    assert out == html
    assert [i.rule for i in issues] == ["inline-css/failed"]
    assert "refused" in issues[0].message


def test_nothing_to_inline_takes_the_marks_off_the_tree_as_off_its_text() -> None:
    """When no rule is to be inlined, the preparation's marks come off the prepared tree
    itself (no engine, no new parse): the same HTML as taking them off its text parsed
    again, on generated documents (kept @media, :hover and !important rules, blocks
    left empty, head tags, held styles, tags already holding the marks' names)."""
    import random

    from compiler.transformers.core import liquid_guard
    from compiler.transformers.core.base import Work

    pieces = [
        "<style>@media (max-width:1px){p{a:b}}</style>",
        "<style>a:hover{c:d}</style>",
        "<style>p{e:f!important}</style>",
        "<style> </style>",
        "<style media=print>p{g:h}</style>",
        "<style data-embed>p{i:j}</style>",
        "<head><title>t</title><meta charset=utf-8><br/></head>",
        '<p style="k:{{ l }}">m</p>',
        "<p style='n'>o</p>",
        "<td STYLE=p:q/>",
        '<p data-mw-skip data-css-inline="x">r</p>',
        "<style data-mw-kept>s{t:u}</style>",
        "<p>{{ v }}</p>",
        "<br>",
        "\n",
    ]
    rnd = random.Random(18)
    settled = 0
    for _ in range(600):
        html = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        options = inline_css.Options(enabled=True)
        outs = []
        for on_tree in (True, False):
            guard, doc = liquid_guard.protect_parsed(html)
            work = Work(guard, "", html)
            found = inline_css._survey(doc)
            if inline_css._prepare(work, doc, found, options, inline_css._Edits(doc.nodes)):
                break  # (a rule to inline: the engine's path)
            out = (
                inline_css._settle(doc, options)
                if on_tree
                else inline_css._finish(doc.serialize(), options, fragment=False)
            )
            outs.append(out.serialize())
        if len(outs) == 2:
            assert outs[0] == outs[1], html
            settled += 1
    assert settled > 300


def test_a_plainly_written_tag_is_read_as_its_attributes_read() -> None:
    """A tag written plainly (``_plainly_readable``) is taken to hold no unreadable style
    without its attributes read: on generated tags (styles quoted either way, unquoted,
    before a closing ``/``, in upper case, repeated, inside other values, holding
    placeholders, braces or a part without a value), each one it matches has no style or
    a readable one as ``Tag.get`` reads it."""
    import random

    from compiler.transformers.core.markup import Tag, parse

    prefix = "mwl"
    plainly = inline_css._plainly_readable(prefix)
    styles = [
        "color:red",
        "color: red;",
        "x:",
        "x",
        ";;",
        "",
        "a:{b}",
        "c:mwl0x",
        "d:e/",
        "f:g;h",
        " ",
        "i :j ;",
        "k:l>m",
        "-n:o",
        "p: ",
        ":q",
    ]
    attrs = [
        'style="{}"',
        "style='{}'",
        "style={}",
        "STYLE={}",
        'Style = "{}"',
        'title="style={}"',
        "data-style={}",
        'a="1"style="{}"',
        "{{}}",
        "x=style={}",
        "title='a>b style={}'",
        "/style={}",
        'style ="{}"',
        "nowrap",
        'b="c"',
    ]
    rnd = random.Random(18)
    matched = held = 0
    for _ in range(4000):
        chosen = [rnd.choice(attrs).format(rnd.choice(styles)) for _ in range(rnd.randint(0, 3))]
        sep = rnd.choice([" ", "  ", "\n", ""])
        html = f"<td{' ' if chosen else ''}{sep.join(chosen)}{rnd.choice(['>', '/>', ' />'])}"
        nodes = parse(html).nodes
        if not nodes or not isinstance(nodes[0], Tag) or nodes[0].raw != html:
            continue
        style = nodes[0].get("style")
        readable = style is None or inline_css._style_ok(style, prefix)
        if plainly.fullmatch(html):
            matched += 1
            assert readable, html
        held += not readable
    assert matched > 800 and held > 800


CUT_PIECES = [
    "<!DOCTYPE html>",
    "<html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "</html>",
    "<title>t {{ s }}</title>",
    "<meta charset=utf-8>",
    "<br/>",
    "<link rel=stylesheet href=a.css>",
    "<style>p{margin:0} td{padding:1px} @media (max-width:1px){p{a:b}} a:hover{c:d}</style>",
    "<style>:root{--c:red} p{color:var(--c)} td{x:y!important}</style>",
    "<STYLE media=print>p{g:h}</STYLE>",
    "<style data-embed>p{i:j}</style>",
    "<style>@import url(a.css);p{k:l}</style>",
    "<style>p{{{ bad</style>",
    "<style> </style>",
    "<style>.a{b:{{ c }}}</style>",
    '<style media="screen and (max-width:1px)">p{m:n}</style>',
    '<p style="k:{{ l }}">m</p>',
    "<p style='n'>o</p>",
    "<td STYLE=p:q/>",
    '<p class="a">x</p>',
    '<p data-mw-skip data-css-inline="x">r</p>',
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</tr>",
    "</table>",
    "<tbody>",
    "</tbody>",
    "<p>{{ v }}</p>",
    "{% if x %}",
    "{% endif %}",
    '<p style="color:var(--c)">w</p>',
    "<!-- c -->",
    "<!--[if mso]><p>o</p><![endif]-->",
    "\n",
]


def _inlined(html: str, on_cut: bool) -> tuple[str, list[object]] | None:
    """css-variables then inline-css on the run's guarded page, handed over as its cut
    (None when the run would not cut it) or as its tree: the guarded HTML and issues."""
    from compiler.transformers import css_variables
    from compiler.transformers.core import liquid_guard
    from compiler.transformers.core.base import Work

    work: Work
    if on_cut:
        found = liquid_guard.protect_cut(html)
        if found is None:
            return None
        work = Work(found[0], "", html)
        work.set_cut(found[1])
    else:
        guard, doc = liquid_guard.protect_parsed(html, text=False)
        work = Work(guard, "", html)
        work.set_markup(doc)
    css_variables.apply(work, css_variables.Options(enabled=True))
    inline_css.apply(work, inline_css.Options(enabled=True))
    return work.serialized(), list(work.issues)


def test_the_runs_cut_is_inlined_as_its_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run hands the page to css-variables and inline-css as the scan's cut (no node
    made: they make the tags they read): the same guarded HTML and issues as from the
    page's tree, on generated pages (inlined, kept, conditional, broken and templated
    rules, embedded and media blocks, head tags, held styles, var(), Liquid, fragments and
    whole pages, with and without a doctype or a tbody); where nothing is inlined; and
    where the engine refuses (the step's input back, byte for byte)."""
    import random

    from compiler.transformers import css_variables
    from compiler.transformers.core import liquid_guard
    from compiler.transformers.core.base import Work

    rnd = random.Random(19)
    compared = 0
    pages = [
        "".join(rnd.choice(CUT_PIECES) for _ in range(rnd.randint(1, 16))) for _ in range(700)
    ] + REFUSED
    for html in pages:
        cut = _inlined(html, on_cut=True)
        if cut is not None:
            assert cut == _inlined(html, on_cut=False), html
            compared += 1
    assert compared > 600

    def refuse(*args: object, **kwargs: object) -> str:
        raise css_inline.InlineError("refused")

    monkeypatch.setattr(css_inline, "inline", refuse)
    variables = css_variables.Options(enabled=True)
    refused = 0
    for html in pages[:300] + REFUSED + ["<style>p{a:b} @media x{p{c:d}}", "<p>x</p><style>"]:
        cut = _inlined(html, on_cut=True)
        if cut is not None:
            assert cut == _inlined(html, on_cut=False), html
            if not any(getattr(i, "rule", "") == "inline-css/failed" for i in cut[1]):
                continue  # (nothing to inline: no engine; the marks come off the tree)
            refused += 1
            # the step's input: the page after css-variables, as guarded
            guard = liquid_guard.protect(html)
            work = Work(guard, "", html)
            work.set_text(guard.text)
            css_variables.apply(work, variables)
            assert cut[0] == work.text(), html
    assert refused > 100


@pytest.mark.parametrize(
    ("steps", "cut"),
    [
        ({"all": True}, True),
        ({"inline-css": True}, True),
        ({"css-variables": True, "inline-css": True, "a11y-fixes": True}, True),
        ({"a11y-fixes": True}, False),
        ({"css-cleanup": True, "url-params": True}, False),
        ({"css-variables": True}, False),
    ],
)
def test_the_run_cuts_the_page_only_for_inline_css(
    monkeypatch: pytest.MonkeyPatch, steps: dict[str, bool], cut: bool
) -> None:
    """The run hands the page over as its cut when inline-css is the first step that reads
    it (css-variables before it reads the cut's style blocks); a run whose first step walks
    the tree protects on the tree (the cut's contexts cost more there, and the tree would be
    made from it at once). The same HTML either way."""
    from compiler.transformers.core import liquid_guard

    html = (
        "<html><head><style>p{color:red} .x{margin:0}</style></head><body>"
        '<p class="x">{{ a }}</p><img src="{{ b }}"></body></html>'
    )
    settings = settings_from(steps)
    calls: list[str] = []
    real = liquid_guard.protect_cut

    def watched(text: str) -> object:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(liquid_guard, "protect_cut", watched)
    out = run_transformers(html, settings)
    assert bool(calls) is cut
    monkeypatch.setattr(liquid_guard, "protect_cut", lambda text: None)  # the tree's way
    assert run_transformers(html, settings).html == out.html


class _NoteNothing(dict[str, str]):
    """A dictionary that never holds what it is given: each name read anew."""

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return default

    def __setitem__(self, key: str, value: str) -> None:
        pass


def test_the_cuts_survey_reads_each_name_once_as_it_reads_each_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The survey of a cut notes what each start tag's name (as written) is to it once;
    what it finds (the start tags, style blocks, links, the tags that draw nothing or
    sit in the head, the names) is what reading each name anew finds, on generated
    documents (heads opened and closed, bodies, names in any case, comments)."""
    import random

    from compiler.transformers.core.markup import cut, parse
    from components.markup.elements import TEXT_ONLY

    pieces = [
        "<html>",
        "<head>",
        "<HEAD>",
        "</head>",
        "</Head>",
        "<body>",
        "<BODY class=x>",
        "</body>",
        "<style>a{b:c}</style>",
        "<STYLE type=text/css>p{x:y}</STYLE>",
        "<link rel=stylesheet href=a.css>",
        "<LINK href=b>",
        "<meta charset=utf-8>",
        "<Meta name=x>",
        "<br>",
        "<BR/>",
        "<title>t</title>",
        "<noscript>",
        "</noscript>",
        "<template>",
        "<div>",
        "</div>",
        "<DIV>",
        "<td>",
        "</td>",
        "<p style='color:red'>",
        "<!-- <head> -->",
        "<!doctype html>",
        "text ",
        "{{ x }}",
        # names that start as the surveyed ones do
        "<li>",
        "<tr>",
        "<track src=x>",
        "<brand>",
        "<headline>",
        "</headline>",
        "<bodyx>",
        "<styled>",
        "<metadata>",
    ]
    rnd = random.Random(3)
    docs = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 24))) for _ in range(3000)]

    def surveyed() -> list[tuple[object, ...]]:
        out: list[tuple[object, ...]] = []
        for html in docs:
            doc = cut(html)
            assert doc is not None
            found = inline_css._survey_cut(doc)
            links = [k for k, _ in found.links]
            out.append((found.tags, found.blocks, found.unrendered, found.names, links))
        return out

    def on_the_tree() -> list[tuple[object, ...]]:
        # the tree's survey, each node by the match it was made from
        out: list[tuple[object, ...]] = []
        for html in docs:
            doc = cut(html)
            assert doc is not None
            parts = doc.parts
            match: dict[int, int] = {}  # node → match
            at = 1 if parts[0] else 0
            for k in range(len(parts) // 3):
                match[at] = k
                name, text = parts[3 * k + 2], parts[3 * k + 3]
                raw = name is not None and name.lower() in TEXT_ONLY
                at += 2 if raw and parts[3 * k + 1][1] != "/" else 1 + bool(text)
            found = inline_css._survey(parse(html))
            out.append(
                (
                    [match[i] for i in found.tags],
                    [match[i] for i in found.blocks],
                    [match[i] for i in found.unrendered],
                    found.names,
                    [match[i] for i, _ in found.links],
                )
            )
        return out

    once = surveyed()
    assert once == on_the_tree()
    assert sum(1 for found in once if found[2]) > 1000  # (most have tags that draw nothing)
    monkeypatch.setattr(inline_css, "_NamesRead", _NoteNothing)
    assert surveyed() == once
