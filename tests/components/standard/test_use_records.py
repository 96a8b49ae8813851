"""Uses written again from the record of an earlier one (``UseRecord``, in
``components/standard/registry.py``): a standard component used with the same attribute
list in the same context in one expansion makes its props at the first use, shares them
from the second, is recorded at the third and written from the record from the fourth
on. What is checked here: the expansion is the one made
without records (the journaled expansion of the studio's cache never records), in its
HTML with the marks, its source map, its issues and its CSS; records are made and used
(so the comparison is not vacuous); and they live in one expansion only.
"""

from __future__ import annotations

from components.diagnostics import Issue
from components.expand import ExpandOptions
from components.expand.context import ExpandContext
from components.expand.expander import expand
from components.expand.replay import ExpansionCache
from components.markup import parse
from components.standard import REGISTRY
from components.standard.registry import UseRecord
from styles.css import CssBuilder
from styles.model import GlobalStyles

STYLES = GlobalStyles(
    defaults={
        "paragraph": {"color": {"light": "#111111", "dark": "#eeeeee"}, "font-size": 14},
        "heading2": {"color": "#222222"},
        "button": {"padding": "10px 20px"},
    }
)

#: one band of the email: every replayable component, in a section that hands text props
#: down, in a row whose columns get the same frame, with Liquid in props and content
BAND = (
    '  <x-section padding="8px" color="#123456" font-family="Georgia, serif" '
    'hide-on="mobile">\n'
    '    <x-heading-2 text-align="center">Title {{ n }}</x-heading-2>\n'
    '    <x-paragraph font-size="15">Hi <a href="https://a.example/{{ id }}">you</a>'
    "</x-paragraph>\n"
    '    <x-row :layout="[50,50]"><x-column vertical-align="middle">\n'
    '      <x-image src="https://cdn.example/{{ id }}.png" alt="" width="120" '
    'href="https://a.example/?c={{ id }}"></x-image>\n'
    '    </x-column><x-column vertical-align="middle">\n'
    '      <x-cta href="https://a.example/buy?u={{ id }}" background="#23412f" '
    'font-size="14">Buy</x-cta>\n'
    "    </x-column></x-row>\n"
    '    <x-box padding="4px"><x-list><li>one</li></x-list>'
    "<x-hidden-text>hidden</x-hidden-text></x-box>\n"
    '    <x-hr height="2"></x-hr><x-spacer size="8"></x-spacer>\n'
    "  </x-section>\n"
)


def email(bands: int) -> str:
    return '<x-base title="T">\n' + BAND * bands + "</x-base>\n"


def expanded(text: str, *, journaled: bool) -> tuple[str, object, list[Issue]]:
    doc = parse(text, "emails/e.html").document
    out = expand(
        doc,
        file="emails/e.html",
        styles=STYLES,
        options=ExpandOptions(),
        cache=ExpansionCache() if journaled else None,
    )
    return out.html, out.source_map.origins, list(out.issues)


def context_after(text: str) -> tuple[ExpandContext, str]:
    """The state of an expansion of ``text`` when it is done (what ``expand`` lets go)."""
    doc = parse(text, "emails/e.html").document
    ctx = ExpandContext(
        file="emails/e.html",
        styles=STYLES,
        options=ExpandOptions(),
        library=None,
        registry=REGISTRY,
        css=CssBuilder(600),
        document=doc,
    )
    out: list[str] = []
    ctx.expand_nodes(doc.children, out)
    return ctx, "".join(out)


def test_uses_written_from_records_are_the_uses_rendered() -> None:
    text = email(6)
    recorded = expanded(text, journaled=False)
    rendered = expanded(text, journaled=True)  # (a journal turns records off)
    assert recorded[0] == rendered[0]
    assert recorded[1] == rendered[1]
    assert recorded[2] == rendered[2]


def test_records_are_made_and_written() -> None:
    ctx, html = context_after(email(6))
    tag_of = {id(props): key[0] for key, props in ctx.props_memo.items()}
    recorded = {tag_of[id(r.props)] for r in ctx.use_records.values() if type(r) is UseRecord}
    assert recorded == {c.tag for c in REGISTRY.values() if c.replayable} - {
        "x-heading-1",
        "x-heading-3",
        "x-heading-4",
        "x-heading-5",
        "x-heading-6",
    }
    # A band has 12 uses of replayable components (its x-row is not one). The first band
    # makes their props; the second meets them again in the same context (the sections'
    # content gets one inherited dict); the third records them and the fourth to sixth
    # are written from the records. A row's two columns are alike: the first band's
    # second column is noted, the second band's first column records and its second is
    # written from that record, and so are the third band's two.
    assert ctx.uses_replayed == 3 * 12 + 1 + 2
    # each use marked with its own id, each id with its origin
    assert html.count('data-mw-node="') == len(ctx.source_map.origins)


def test_a_record_lives_in_one_expansion() -> None:
    first, _ = context_after(email(5))
    second, _ = context_after(email(5))
    records = [
        [r for r in ctx.use_records.values() if type(r) is UseRecord] for ctx in (first, second)
    ]
    assert records[0] and records[1]
    assert not {id(r) for r in records[0]} & {id(r) for r in records[1]}
    assert not {id(r.props) for r in records[0]} & {id(r.props) for r in records[1]}


def test_each_use_reports_its_own_problem() -> None:
    # Liquid in a prop the component needs when the email is built: reported at every
    # use, the ones written from a record included
    text = "<x-base>\n" + '<x-paragraph hide-on="{{ a }}">Go</x-paragraph>\n' * 6 + "</x-base>\n"
    html, _, issues = expanded(text, journaled=False)
    lines = [i.line for i in issues if i.rule == "props/liquid-unsupported"]
    assert lines == [2, 3, 4, 5, 6, 7]
    assert html.count("{{ a }}") == 6
    assert expanded(text, journaled=True) == (html, expanded(text, journaled=False)[1], issues)


def test_a_plain_literal_directive_keeps_the_props_shared() -> None:
    row = '<x-row :layout="{}"><x-column>a</x-column><x-column>b</x-column></x-row>\n'
    ctx, _ = context_after(
        "<x-base>\n" + row.format("[50,50]") * 2 + row.format("[50, 25 + 25]") * 2 + "</x-base>\n"
    )
    # (a key: the tag, then each attribute's name and value)
    layouts = [
        value
        for key in ctx.props_memo
        if key[0] == "x-row"
        for name, value in zip(key[1::2], key[2::2], strict=True)
        if name == ":layout"
    ]
    # the literal one is kept for the uses written alike; the expression is evaluated
    # at each use (the engine decides it)
    assert layouts == ["[50,50]"]
    assert not ctx.issues
