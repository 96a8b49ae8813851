"""The incremental expand (``components/expand/replay.py``), case by case.

Each case expands ``before`` with a cache, then ``after`` with the same cache, and
compares that second expansion with a fresh one of ``after``: the HTML (marks
included), the source map and the issues are equal. ``replayed`` says whether the
second expansion must reuse records (True), must not (False: the change is one whose
effect reaches elements it did not touch), or either (None). The random-edit property
test over real emails is ``tests/studio/models/test_incremental_compile.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from components.custom import library_from_sources
from components.expand import ExpandOptions
from components.expand.expander import expand
from components.expand.replay import ExpansionCache, Move, Where, shift_marks
from components.markup import parse
from styles.model import GlobalStyles

SECTION = (
    '  <x-section padding="8px">\n    <x-heading-2>Title {n}</x-heading-2>\n'
    '    <x-row :layout="[50,50]" gap="16"><x-column>A</x-column>'
    "<x-column>B</x-column></x-row>\n  </x-section>\n"
)

COMPONENTS = {
    "components/titled.html": (
        "<script>export const props = Component.defineProps("
        "['t']);</script><title>${props.t}</title>"
        "<template><p>titled</p></template>"
    ),
    "components/meta-tag.html": (
        '<meta name="robots" content="noindex"><template><p>meta</p></template>'
    ),
    "components/card.html": (
        "<script>export const props = Component.defineProps("
        "['name']);</script>"
        "<style>.card{color:red}</style>"
        '<template><div class="card">${props.name}<slot></slot></div>'
        "</template>"
    ),
}


def base(*parts: str) -> str:
    return '<x-base title="T">\n' + "".join(parts) + "</x-base>\n"


def sections(*ns: int) -> str:
    return base(*(SECTION.format(n=n) for n in ns))


@dataclass(frozen=True)
class Case:
    description: str
    before: str
    after: str
    replayed: bool | None = True


CASES = [
    Case(
        "an edit inside one section: the others are replayed",
        sections(1, 2, 3),
        sections(1, 2, 3).replace("Title 2", "Title two"),
    ),
    Case(
        "a section inserted first: the rest replayed with their ids shifted",
        sections(1, 2, 3),
        sections(0, 1, 2, 3),
    ),
    Case(
        "a section deleted: rows after it keep their shared class and rules",
        sections(1, 2, 3),
        sections(1, 3),
    ),
    Case(
        "sections moved (positions, lines and columns move)", sections(1, 2, 3), sections(3, 1, 2)
    ),
    Case(
        "re-indented (columns move on the first line only)",
        sections(1, 2),
        sections(1, 2).replace("  <x-section", "      <x-section"),
    ),
    Case(
        "a dynamic value's first user deleted: the second still writes its dark rule",
        base(
            "<x-paragraph :color=\"{light: '#111111', dark: '#eeeeee'}\">a</x-paragraph>\n",
            "<x-paragraph :color=\"{light: '#111111', dark: '#eeeeee'}\">b</x-paragraph>\n",
        ),
        base("<x-paragraph :color=\"{light: '#111111', dark: '#eeeeee'}\">b</x-paragraph>\n"),
    ),
    Case(
        "hide-on's rules come back from a replayed section",
        base(
            '<x-section hide-on="mobile"><x-paragraph>a</x-paragraph></x-section>\n',
            '<x-section hide-on="mobile"><x-paragraph>b</x-paragraph></x-section>\n',
        ),
        base('<x-section hide-on="mobile"><x-paragraph>b</x-paragraph></x-section>\n'),
    ),
    Case(
        "link styles: the first paragraph with a link deleted",
        base(
            '<x-paragraph>a <a href="https://a.example">x</a></x-paragraph>\n',
            '<x-paragraph>b <a href="https://b.example">y</a></x-paragraph>\n',
        ),
        base('<x-paragraph>b <a href="https://b.example">y</a></x-paragraph>\n'),
    ),
    Case(
        "a custom component's style and slot content",
        base('<card name="A"><x-paragraph>in</x-paragraph></card>\n', SECTION.format(n=1)),
        base(
            SECTION.format(n=0),
            '<card name="A"><x-paragraph>in</x-paragraph></card>\n',
            SECTION.format(n=1),
        ),
    ),
    Case(
        "a component title: the first one deleted, the second becomes the title",
        '<x-base>\n<titled t="One"></titled>\n<titled t="Two"></titled>\n</x-base>\n',
        '<x-base>\n<titled t="Two"></titled>\n</x-base>\n',
        None,
    ),
    Case(
        "a component's head tag is added once: uses of it are never replayed",
        base("<meta-tag></meta-tag>\n", "<meta-tag></meta-tag>\n", SECTION.format(n=1)),
        base("<meta-tag></meta-tag>\n", SECTION.format(n=1)),
        None,
    ),
    Case(
        "x-head content moved",
        base('<x-head><meta name="a" content="b"></x-head>\n', SECTION.format(n=1)),
        base(SECTION.format(n=1), '<x-head><meta name="a" content="b"></x-head>\n'),
    ),
    Case(
        "an issue in an unchanged element moves with it",
        base('<x-row :layout="[50]"><x-column>a</x-column><x-column>b</x-column></x-row>\n'),
        base(
            "<x-paragraph>new</x-paragraph>\n",
            '<x-row :layout="[50]"><x-column>a</x-column><x-column>b</x-column></x-row>\n',
        ),
    ),
    Case(
        "broken markup in between",
        sections(1, 2),
        sections(1, 2).replace("</x-heading-2>", "</x-heading-2><x-paragraph>unclosed", 1),
        None,
    ),
    Case(
        "the base's title changed: nothing under it is reused",
        sections(1, 2),
        sections(1, 2).replace('title="T"', 'title="U"'),
        False,
    ),
]


STYLES = GlobalStyles()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_replayed_expansion_is_the_full_expansion(case: Case) -> None:
    library = library_from_sources(COMPONENTS)
    cache = ExpansionCache()

    def run(text: str, with_cache: bool) -> tuple[str, object, list[object]]:
        doc = parse(text, "emails/e.html").document
        out = expand(
            doc,
            file="emails/e.html",
            styles=STYLES,
            library=library,
            options=ExpandOptions(),
            cache=cache if with_cache else None,
        )
        return out.html, out.source_map.origins, list(out.issues)

    run(case.before, True)
    assert cache.records, "the first expansion recorded nothing"
    fast = run(case.after, True)
    hits = cache.hits
    full = run(case.after, False)
    assert fast[0] == full[0]
    assert fast[1] == full[1]
    assert fast[2] == full[2]
    if case.replayed is True:
        assert hits > 0
    elif case.replayed is False:
        assert hits == 0


def test_the_same_text_twice_is_one_replay_of_the_whole() -> None:
    cache = ExpansionCache()
    library = library_from_sources(COMPONENTS)
    for _ in range(3):
        doc = parse(sections(1, 2), "e.html").document
        expand(doc, file="e.html", styles=STYLES, library=library, cache=cache)
    assert (cache.hits, cache.misses) == (1, 0)
    # and the inner records were kept with it: an edit inside still replays the rest
    doc = parse(sections(1, 2).replace("Title 1", "Title one"), "e.html").document
    expand(doc, file="e.html", styles=STYLES, library=library, cache=cache)
    assert cache.hits > 0


def test_other_components_or_options_start_afresh() -> None:
    cache = ExpansionCache()
    doc = parse(sections(1), "e.html").document
    expand(doc, file="e.html", styles=STYLES, library=library_from_sources(COMPONENTS), cache=cache)
    expand(doc, file="e.html", styles=STYLES, library=library_from_sources(COMPONENTS), cache=cache)
    assert cache.hits == 0, "another library object: its components may differ"
    expand(doc, file="e.html", styles=STYLES, options=ExpandOptions(breakpoint=480), cache=cache)
    assert cache.hits == 0


def test_broken_global_styles_keep_no_records() -> None:
    # a default the expander cannot read is reported once, by the first element that
    # needs it: which element that is depends on the whole email, so nothing is kept
    too_deep: Any = {"dark": {"deeper": 1}}  # deeper than a StyleValue nests
    styles = GlobalStyles(defaults={"paragraph": {"color": too_deep}})
    cache = ExpansionCache()
    text = base("<x-paragraph>a</x-paragraph>\n", "<x-paragraph>b</x-paragraph>\n")
    out = expand(parse(text, "e.html").document, file="e.html", styles=styles, cache=cache)
    assert [i.rule for i in out.issues].count("styles/invalid") == 1
    assert not cache.records


def test_moves() -> None:
    move = Move.between(Where(10, 2, 3, 5), Where(30, 4, 7, 9))
    assert move.position(2, 5) == (4, 9), "first line: the column moves too"
    assert move.position(3, 5) == (5, 5), "later lines: only the line"
    assert (
        move.host("emails/e.html:2:3 <card> › components/c.html:1:1 <x>", "emails/e.html")
        == "emails/e.html:4:7 <card> › components/c.html:1:1 <x>"
    )
    assert shift_marks('<p data-mw-node="5">', 4) == '<p data-mw-node="9">'
    assert shift_marks('<p data-mw-node="5">', 0) == '<p data-mw-node="5">'


def test_the_envelope_preheader_is_part_of_what_records_are_for() -> None:
    # x-base writes the front matter's preheader when it has none: a new preheader must
    # not replay the old page
    cache = ExpansionCache()
    text = sections(1)
    outs = []
    for preheader in ("First", "Second"):
        doc = parse(text, "e.html").document
        outs.append(
            expand(doc, file="e.html", styles=STYLES, preheader=preheader, cache=cache).html
        )
    full = expand(
        parse(text, "e.html").document, file="e.html", styles=STYLES, preheader="Second"
    ).html
    assert outs[1] == full and "Second" in full
