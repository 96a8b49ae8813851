"""Review comments: anchors found again after edits, the JSON files, the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.models.reviews import (
    Comment,
    ReviewError,
    ReviewStore,
    anchor_at_line,
    anchor_for_node,
    elements,
    locate,
    pins,
)

EMAIL = """---
subject: Hello
---
<x-base>
  <x-section padding="0">
    <x-image src="hero.png" alt="Hero"></x-image>
  </x-section>
  <x-section padding="24px">
    <x-paragraph>First</x-paragraph>
    <x-paragraph>Second</x-paragraph>
  </x-section>
</x-base>
"""


@dataclass(frozen=True)
class Case:
    description: str
    edit: tuple[str, str]  # (old, new) applied to EMAIL
    line: int  # the anchored element's line in EMAIL
    state: str
    now_line: int  # where it is after the edit (0: nowhere)


CASES = [
    Case("unchanged", ("", ""), 6, "current", 6),
    Case("text edited inside", ("First<", "First, now longer<"), 9, "current", 9),
    Case(
        "a line added above", ("<x-base>\n", "<x-base>\n  <x-spacer></x-spacer>\n"), 6, "current", 7
    ),
    Case(
        "element deleted",
        (
            '    <x-image src="hero.png" alt="Hero"></x-image>\n',
            "",
        ),
        6,
        "outdated",
        0,
    ),
    Case("attributes changed in place", ('alt="Hero"', 'alt="Two hikers"'), 6, "edited", 6),
    Case(
        "section swapped: found by its start tag",
        (
            '  <x-section padding="0">\n    <x-image src="hero.png" alt="Hero"></x-image>\n'
            "  </x-section>\n",
            "",
        ),
        9,
        "moved",
        6,
    ),
    Case(
        "second paragraph after the first is deleted: found by start tag and text",
        ("    <x-paragraph>First</x-paragraph>\n", ""),
        10,
        "moved",
        9,
    ),
    Case(
        "the only element with that start tag, text changed, elsewhere",
        (
            '  <x-section padding="0">\n    <x-image src="hero.png" alt="Hero"></x-image>\n'
            "  </x-section>\n",
            '  <x-section padding="0"></x-section>\n'
            '  <x-section padding="8px">\n    <x-image src="hero.png" alt="Hero"></x-image>\n'
            "  </x-section>\n",
        ),
        6,
        "moved",
        7,
    ),
    Case(
        "a generic start tag with other text is not guessed",
        (
            "    <x-paragraph>First</x-paragraph>\n    <x-paragraph>Second</x-paragraph>\n",
            "    <x-paragraph>One</x-paragraph>\n  </x-section>\n  <x-section>\n"
            "    <x-paragraph>Two</x-paragraph>\n",
        ),
        10,
        "outdated",
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_an_anchor_is_found_again_after_an_edit(case: Case) -> None:
    anchor = anchor_at_line(EMAIL, case.line)
    assert anchor is not None
    old, new = case.edit
    text = EMAIL.replace(old, new, 1) if old else EMAIL
    found, state = locate(text, anchor)
    assert state == case.state
    if case.now_line:
        assert found is not None
        assert text[: found.element.span.start].count("\n") + 1 == case.now_line
    else:
        assert found is None


def test_anchors_name_the_element_by_path_start_tag_and_place() -> None:
    anchor = anchor_at_line(EMAIL, 6)
    assert anchor is not None
    assert (anchor.tag, anchor.path, anchor.line, anchor.column) == (
        "x-image",
        "x-base[1]/x-section[1]/x-image[1]",
        6,
        5,
    )
    assert anchor.excerpt == '<x-image src="hero.png" alt="Hero">'
    second = anchor_at_line(EMAIL, 10, 20)  # inside the second paragraph's text
    assert second is not None and second.path == "x-base[1]/x-section[2]/x-paragraph[2]"
    assert anchor_at_line(EMAIL, 99) is None


def test_node_ids_are_the_compilers_marks() -> None:
    from compiler import compile_email

    result = compile_email(EMAIL, file="emails/a.html")
    image = next(p for p in elements(EMAIL) if p.element.name == "x-image")
    assert f'data-mw-node="{image.element.id}"' in result.marked_html
    assert anchor_for_node(EMAIL, image.element.id) == anchor_at_line(EMAIL, 6)


def test_pins_keep_outdated_comments(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    hero = store.add(
        "emails/a.html",
        "Hero too dark",
        author="Ana",
        anchor=anchor_at_line(EMAIL, 6),
        device="mobile",
        scheme="dark",
        created="2026-12-07T09:00:00Z",
    )
    whole = store.add(
        "emails/a.html", "Nice overall", author="Ben", anchor=None, created="2026-12-07T09:05:00Z"
    )
    edited = EMAIL.replace('    <x-image src="hero.png" alt="Hero"></x-image>\n', "")
    placed = pins(edited, store.comments("emails/a.html"))
    assert [(p.comment.id, p.state) for p in placed] == [
        (hero.id, "outdated"),
        (whole.id, "unpinned"),
    ]
    assert placed[0].outdated and placed[0].line == 6  # where it was


def test_one_json_file_per_comment_round_trips(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    c = store.add(
        "emails/news/march.html",
        "  Fix the price  ",
        author="Ana",
        anchor=anchor_at_line(EMAIL, 9),
        created="2026-12-07T09:58:00Z",
    )
    file = tmp_path / "reviews" / "news" / "march" / f"{c.id}.json"
    assert store.file(c) == file and file.is_file()
    assert c.id.startswith("20261207-095800-")
    data = json.loads(file.read_text("utf-8"))
    assert data["text"] == "Fix the price" and data["status"] == "open"
    assert data["anchor"]["path"] == "x-base[1]/x-section[2]/x-paragraph[1]"
    assert Comment.from_json(data, "x") == c
    done = store.resolve(store.find("emails/news/march.html", "1"), by="Ben")
    assert (done.status, done.resolved_by) == ("resolved", "Ben")
    again = store.reopen(store.find("emails/news/march.html", c.id[-6:]))
    assert again.status == "open" and again.resolved_by is None
    answered = store.reply(again, "Done in v3", author="Ana")
    assert (
        [r.text for r in store.comments("emails/news/march.html")[0].replies]
        == ["Done in v3"]
        == [r.text for r in answered.replies]
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "cannot read"),
        ('{"id": "x", "email": "e", "text": "t", "device": "watch"}', "'device' is 'watch'"),
        ('{"id": "x", "email": "e", "text": "t", "format": 9}', "format 9 is newer"),
        ("[1, 2]", "not a comment"),
    ],
)
def test_a_bad_comment_file_is_named_and_the_rest_still_read(
    tmp_path: Path, content: str, says: str
) -> None:
    store = ReviewStore(tmp_path)
    good = store.add("emails/a.html", "ok", author="Ana", anchor=None)
    (tmp_path / "reviews" / "a" / "zz-bad.json").write_text(content, "utf-8")
    assert [c.id for c in store.comments("emails/a.html")] == [good.id]
    assert len(store.problems) == 1
    assert store.problems[0].startswith("reviews/a/zz-bad.json: ") and says in store.problems[0]


def test_an_empty_comment_or_unknown_reference_is_refused(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    with pytest.raises(ReviewError, match="needs some text"):
        store.add("emails/a.html", "  ", author="Ana", anchor=None)
    with pytest.raises(ReviewError, match="no comment 'nope'"):
        store.find("emails/a.html", "nope")


def test_a_comment_edited_in_two_places_merges(tmp_path: Path) -> None:
    from dataclasses import replace

    from studio.models.reviews import Reply, merge_comment

    base = ReviewStore(tmp_path).add("emails/a.html", "Fix", author="Ana", anchor=None)
    r1, r2 = (
        Reply("Ben", "2026-12-07T10:00:00.000Z", "ok"),
        Reply("Cy", "2026-12-07T09:00:00.000Z", "why"),
    )
    ours = replace(base, replies=(r1,))
    theirs = replace(
        base,
        replies=(r2, r1),
        status="resolved",
        resolved_by="Cy",
        resolved_at="2026-12-07T11:00:00.000Z",
    )
    both = merge_comment(ours, theirs)
    assert both.replies == (r2, r1) and (both.status, both.resolved_by) == ("resolved", "Cy")
    assert merge_comment(ours, replace(base)) == ours  # nothing new: unchanged
