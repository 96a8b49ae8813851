"""The changed element of a page: found exactly, or None (the whole page is patched)."""

from __future__ import annotations

import random

import pytest

from compiler import compile_email, load_project
from studio.models.preview import PreviewState
from studio.render.page import prepare_page
from studio.render.region import PatchedPage, Region, changed_region
from tests.conftest import DEMO, corpus_files, requires_corpus

PAGE = (
    "<!DOCTYPE html><html><head><style>p{color:red}</style></head>"
    '<body data-mw-node="1"><table data-mw-node="2"><tr><td data-mw-node="3">'
    '<p data-mw-node="4">Hello <b>there</b></p><!-- a note --><img src="a.png">'
    '</td><td data-mw-node="5"><p data-mw-node="6">Second</p></td></tr></table>'
    '<p data-mw-node="7">Last</p></body></html>'
)


def spliced(old: str, new: str, region: Region) -> str:
    """``old`` with the region's element (found by its start, which both share) replaced."""
    start = new.index(region.html)
    end = start + len(region.html) - (len(new) - len(old))
    return old[:start] + region.html + old[end:]


def test_typing_in_a_paragraph_patches_that_paragraph() -> None:
    new = PAGE.replace("Hello", "Hello, you")
    region = changed_region(PAGE, new)
    assert region == Region(3, "p", "4", '<p data-mw-node="4">Hello, you <b>there</b></p>')
    assert spliced(PAGE, new, region) == new


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("<b>there</b>", "<i>there</i>", "4"),  # an element inside, replaced
        ("<!-- a note -->", "<!-- a longer note -->", "3"),  # a comment: its element
        ('src="a.png"', 'src="b.png"', "3"),  # a tag's attribute: its parent
        ('<p data-mw-node="6">', '<p data-mw-node="6" class="x">', "5"),
        ("Second</p></td>", "Second</p><p>Third</p></td>", "2"),  # ambiguous: the table
        ("Second", "Second <i>2</i>", "6"),
        ("Hello", "", "4"),  # deleted text
    ],
)
def test_the_innermost_marked_element_holding_the_change(old: str, new: str, expected: str) -> None:
    page = PAGE.replace(old, new, 1)
    region = changed_region(PAGE, page)
    assert region is not None and region.mark == expected
    assert spliced(PAGE, page, region) == page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("p{color:red}", "p{color:blue}"),  # the head
        ('<body data-mw-node="1">', '<body data-mw-node="1" class="x">'),  # the body's tag
        ("Hello", "Hello</td><td>"),  # unbalanced: not followed
        ("Second", "Second<div/>"),  # a self-closed div
        ("Last", "Last</p><p>"),  # the body's children
        ("Hello", "Hello"),  # nothing changed
    ],
)
def test_the_whole_page_where_no_one_element_holds_the_change(old: str, new: str) -> None:
    assert changed_region(PAGE, PAGE.replace(old, new, 1)) is None


def test_raw_text_and_a_change_spanning_two_cells() -> None:
    page = PAGE.replace("Hello", "<style>td>p{x:1}</style>Hello")
    region = changed_region(page, page.replace("x:1", "x:2"))
    assert region is not None and region.mark == "4"  # the style's element
    two = PAGE.replace("there", "here").replace("Second", "2nd")
    region = changed_region(PAGE, two)
    assert region is not None and region.mark == "2"  # the table holding both cells


def random_edits(page: str, rng: random.Random, count: int) -> tuple[int, int]:
    """``count`` random edits of ``page`` (typing, deleting, pasting markup); each region
    found, spliced into ``page``, must give the edited page. (edits, regions found)"""
    found = 0
    for _ in range(count):
        at = rng.randrange(len(page))
        cut = rng.choice([0, 0, 1, 3, 20])
        text = rng.choice(["a", " ", "<b>x</b>", "</td>", "<p>", "&amp;", ""])
        new = page[:at] + text + page[at + cut :]
        region = changed_region(page, new)
        if region is not None:
            found += 1
            assert spliced(page, new, region) == new
            assert region.html.startswith(f"<{region.name}") and region.mark
    return count, found


@requires_corpus
def test_random_edits_of_real_emails_splice_back_exactly() -> None:
    """Every tenth email of the shared corpus (written by others), compiled and prepared
    as the preview shows it: 30 random edits each."""
    rng = random.Random(16)
    edits = found = 0
    for path in corpus_files(".html", ".htm", ".mjml")[::10]:
        source = path.read_text(encoding="utf-8", errors="replace")
        result = compile_email(source, file=str(path))
        page = prepare_page(result.marked_html or result.html, PreviewState()).html
        n, k = random_edits(page, rng, 30)
        edits, found = edits + n, found + k
    assert edits >= 300 and found > edits // 5


def test_random_edits_of_the_demo_page_splice_back_exactly() -> None:
    """On the demo's compiled marketing email: typing, deleting and pasting at random
    places, the region found (when one is) spliced into the old page gives the new one,
    and a keystroke in a paragraph's text is one small region."""
    project = load_project(DEMO)
    path = DEMO / "emails" / "marketing" / "spring-collection.html"
    result = compile_email(path.read_text("utf-8"), file=str(path), project=project)
    page = prepare_page(result.marked_html, PreviewState()).html
    _edits, found = random_edits(page, random.Random(15), 300)
    assert found > 100
    at = page.index("Spring is on the trail") + 6
    region = changed_region(page, page[:at] + "k" + page[at:])
    assert region is not None and len(region.html) < 2000


def test_a_surface_patches_one_element_only_against_a_page_its_patches_made() -> None:
    """After a load the first patch is of the whole page; then one element, unless a
    patch is still on its way (it may fail, and the page not be what it sent)."""
    page = PatchedPage()
    one, two, three = PAGE, PAGE.replace("Hello", "Hi"), PAGE.replace("Hello", "Hey")
    assert page.patch(one) is None
    page.answered()
    assert page.patch(two) is not None
    assert page.patch(three) is None  # the patch to two is on its way
    page.answered()
    page.answered()
    page.reset()  # a load
    assert page.patch(two) is None and page.html == two
