"""The source map: origins that find their line and column when read."""

from __future__ import annotations

import gc

import pytest

from components.markup import parse
from components.markup.nodes import Element, Span, iter_elements
from components.sourcemap import Origin, SourceMap

SOURCE = '<div>\n  <p class="a">one</p>\n\n  <table><tr><td>two</td></tr></table>\n</div>\n'


def test_origin_of_a_parsed_element_is_its_span_found_when_read() -> None:
    for el in iter_elements(parse(SOURCE, "e.html").document):
        origin = Origin.of("e.html", el, el.name)
        assert origin.span == el.span, el.name  # the element's span, asked after
        assert origin == Origin("e.html", el.span, el.name)
        assert hash(origin) == hash(Origin("e.html", el.span, el.name))
        assert repr(origin) == f"Origin(file='e.html', span={el.span!r}, tag={el.name!r})"
    td = next(e for e in iter_elements(parse(SOURCE, "e.html").document) if e.name == "td")
    origin = Origin.of("e.html", td, "td")  # the span not asked of the element first
    assert origin.span == Span(SOURCE.index("<td>"), SOURCE.index("</tr>"), 4, 14)
    assert origin.span is origin.span, "made once"


def test_origin_of_an_element_built_in_code_keeps_its_span() -> None:
    span = Span(3, 9, 2, 1)
    el = Element("p", span=span)
    assert el.span_source()[0] is span
    assert Origin.of("c.html", el, "p").span is span
    assert Origin.of("c.html", el, "p") != Origin("c.html", span, "div")


def test_node_at_and_locate_output_read_lazy_origins() -> None:
    doc = parse(SOURCE, "e.html").document
    source_map = SourceMap()
    for el in iter_elements(doc):
        source_map.add(el.id, Origin.of("e.html", el, el.name))
    td = next(e for e in iter_elements(doc) if e.name == "td")
    assert source_map.node_at(SOURCE.index("two")) == td.id
    html = f'<td data-mw-node="{td.id}">two</td>'
    found = source_map.locate_output(html, len(html) - 1)
    assert found is not None and found.tag == "td" and found.span.line == 4


def test_an_origin_keeps_the_line_starts_not_the_source_text() -> None:
    source = SOURCE * 3  # a string of its own
    doc = parse(source, "e.html").document
    el = next(iter_elements(doc))
    lines = el.span_source()[0]
    assert any(r is source for r in gc.get_referents(lines)), "the tree keeps its text"
    origin = Origin.of("e.html", el, el.name)
    assert not any(r is source for r in gc.get_referents(lines)), "the origin keeps no text"
    assert origin.span == Span(0, len(SOURCE) - 1, 1, 1)
    last = list(iter_elements(doc))[-1]  # the third copy's <td>, on its fourth line
    assert Origin.of("e.html", last, "td").span == last.span == Span(195, 207, 14, 14)


def test_unmark_gives_the_stripped_page_and_marks_that_put_it_back() -> None:
    from components.sourcemap import Marks, mark, strip_marks, unmark

    page = (
        f'<!doctype html><p{mark(3)}>“one”</p>\n<td{mark(12345)} class="a">'
        f"x</td><a{mark(7)}>{{{{ name }}}}</a>"
    )
    pages = [page]
    html, marks = unmark(pages)
    assert pages == []  # the page's reference is handed over
    assert html == strip_marks(page) and "data-mw-node" not in html
    assert len(marks) == 3
    assert marks.apply(html) == page
    assert marks == unmark([page])[1] and marks != unmark([html])[1]
    plain, none = unmark(["<p>no marks</p>"])
    assert plain == "<p>no marks</p>" and len(none) == 0
    assert none.apply(plain) == plain and Marks().apply(plain) == plain


@pytest.mark.parametrize(
    "page",
    ["", "<p>no marks</p>", '<p data-mw-node="1">', '<p  data-mw-node="x">', f"<p{'x' * 99}>"],
)
def test_a_page_without_marks_is_unmarked_as_its_split_would(page: str) -> None:
    """A page without a mark (an MJML email's) is taken as it is, with the marks the split
    at the marks gives (none: the page's length)."""
    from array import array

    from components.sourcemap import MARK_RE, Marks, unmark

    html, marks = unmark([page])
    parts = MARK_RE.split(page)
    assert html == "".join(parts[::2])
    assert marks == Marks(array("L", map(len, parts[::2])), " ".join(parts[1::2]))
    assert marks.apply(html) == page


def test_a_compile_keeps_the_marks_and_makes_the_marked_page_when_read() -> None:
    from compiler import compile_email
    from compiler.result import CompileResult
    from components.sourcemap import Marks, strip_marks

    result = compile_email(
        "<x-base><x-section><x-text>Hi “you”</x-text></x-section></x-base>", file="emails/a.html"
    )
    assert isinstance(result.marks, Marks) and len(result.marks) > 0
    marked = result.marked_html
    assert "data-mw-node" in marked and strip_marks(marked) == result.html
    kept: object = result.marks
    assert kept is marked and result.marked_html is marked  # made once
    given = CompileResult(file="a.html", source="x", html="<p>x</p>", marked_html="<p m>x</p>")
    assert given.marked_html == "<p m>x</p>"
    assert CompileResult(file="a.html", source="x", html="<p>x</p>").marked_html == ""


def test_a_map_keeps_a_tree_s_origins_compactly_and_gives_them_as_origin_of_does() -> None:
    """The email's elements are recorded by id (their end and tag, the tree's lines
    once); origin(), node_at(), locate_output() and the origins dict made on first read
    give what Origin.of gives; an origin made in code, of another tree or with no end is
    kept as given; the first origin of an id is kept."""
    doc = parse(SOURCE, "e.html").document
    other = next(iter_elements(parse("<i>x</i>", "o.html").document))
    els = list(iter_elements(doc))
    source_map = SourceMap()
    for el in els:
        assert source_map.add_node(el.id, "e.html", el)
    assert not source_map.add_node(els[0].id, "e.html", els[1])  # the first is kept
    assert source_map.add_node(500, "o.html", other)  # another tree: kept as given
    made = Origin("e.html", Span(1, 2, 1, 2), "b")
    source_map.add(501, made)
    source_map.add(els[0].id, made)  # (an id kept already)
    expected = {el.id: Origin.of("e.html", el, el.name) for el in els}
    expected[500] = Origin.of("o.html", other, "i")
    expected[501] = made
    assert all(source_map.origin(k) == v for k, v in expected.items())
    td = next(e for e in els if e.name == "td")
    assert source_map.node_at(SOURCE.index("two")) == td.id
    assert source_map == SourceMap(dict(expected))  # compared without making the dict
    assert source_map.origins == expected and list(source_map.origins) == list(expected)
    assert source_map.origin(els[0].id) is source_map.origins[els[0].id]  # the dict now
    assert source_map.add_node(502, "e.html", els[1]) and 502 in source_map.origins


def test_a_marker_marks_and_records_as_add_node_does() -> None:
    """``SourceMap.marker(file)`` (the expander's ``ctx.mark`` without a journal) writes
    `` data-mw-node="<id>"`` and records what ``add_node(id, file, el)`` records, in the
    same order: the tree's elements (tags met first after the lines are known too), an
    element marked twice (its first origin kept), one of another tree, one built in code
    (no id: no mark), and after the origins dict is made."""
    from components.markup.nodes import Element
    from components.sourcemap import MARK_RE

    doc = parse(SOURCE, "e.html").document
    other = next(iter_elements(parse("<i>x</i><b>y</b>", "o.html").document))
    els = list(iter_elements(doc))
    built = Element("p")
    uses = [*els, els[0], els[2], other, built, els[1]]
    marked, added = SourceMap(), SourceMap()
    mark = marked.marker("e.html")
    for i, el in enumerate(uses):
        text = mark(el)
        if el.id:
            found = MARK_RE.fullmatch(text)
            assert found is not None and found.group(1) == str(el.id)
            added.add_node(el.id, "e.html", el)
        else:
            assert text == ""
        if i == len(els):  # (the dict made midway: the marks after it go into it)
            assert marked.origins == added.origins
    assert marked == added
    assert list(marked.origins.items()) == list(added.origins.items())
