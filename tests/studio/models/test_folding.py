"""Foldable regions of an email source (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from studio.models.folding import (
    FoldRegion,
    fold_regions,
    hidden_lines,
    region_to_fold,
    region_to_unfold,
    still_folded,
)
from tests.conftest import DEMO

SOURCE = """---
subject: Hi
---
<x-base>
  <x-section>
    <p>Hi {{ name }}</p>
    <img src="a.png">
    <br/>
  </x-section>
  <!--[if mso]>
  <table><tr><td>
  <![endif]-->
  <!--[if !mso]><!-->
  <div>modern</div>
  <!--<![endif]-->
  {% if vip %}
    <p>VIP</p>
  {% endif %}
  <style>
    p { color: red; }
    a { color: <blue; }
  </style>
</x-base>
"""


@dataclass(frozen=True)
class Case:
    description: str
    text: str
    expect: list[tuple[int, int, str]]


CASES = [
    Case("a two-line element does not fold", "<p>\n</p>", []),
    Case("an unclosed element never folds", "<div>\n<p>\nx\n", []),
    Case("a stray end tag closes the nearest open one", "<td>\n<p>\nx\n</td>", [(0, 3, "tag")]),
    Case(
        "self-closing and void tags open nothing",
        "<div>\n<br/>\n<img src=x>\n</div>",
        [(0, 3, "tag")],
    ),
    Case(
        "Liquid in a raw block is not a block",
        "{% raw %}\n{% if %}\n{% endraw %}",
        [(0, 2, "liquid")],
    ),
    Case("a quoted > inside an attribute", '<a title="a>b">\nx\n</a>', [(0, 2, "tag")]),
    Case("an unclosed comment runs to the end", "<!--\nx\ny", [(0, 2, "comment")]),
    *(
        Case(
            f"a revealed block written {reveal}",
            f"<!--[if !mso]>{reveal}\n<div>modern</div>\n<!--<![endif]-->",
            [(0, 2, "mso")],
        )
        for reveal in ("<!-->", "<!-- -->", "<!---->")
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_cases(case: Case) -> None:
    assert [(r.start, r.end, r.kind) for r in fold_regions(case.text)] == case.expect


def test_regions_of_an_email() -> None:
    got = [(r.start, r.end, r.kind) for r in fold_regions(SOURCE)]
    assert got == [
        (0, 2, "front-matter"),
        (3, 22, "tag"),
        (4, 8, "tag"),
        (9, 11, "mso"),
        (12, 14, "mso"),
        (15, 17, "liquid"),
        (18, 21, "tag"),  # <style>: its CSS (with a "<") is not read as tags
    ]


def test_fold_and_unfold_pick_the_innermost_region() -> None:
    regions = fold_regions(SOURCE)
    inner = region_to_fold(regions, 5)
    assert inner == FoldRegion(4, 8, "tag")
    assert region_to_fold(regions, 5, folded=[4]) == FoldRegion(3, 22, "tag")
    assert region_to_fold(regions, 23) is None  # the last empty line is in nothing
    assert region_to_unfold(regions, 5, folded=[]) is None
    assert region_to_unfold(regions, 5, folded=[3, 4]) == FoldRegion(4, 8, "tag")
    assert hidden_lines([FoldRegion(4, 8)]) == {5, 6, 7}


def test_folds_survive_edits_only_where_a_region_still_opens() -> None:
    before = fold_regions(SOURCE)
    assert still_folded(before, [4, 15]) == [FoldRegion(4, 8, "tag"), FoldRegion(15, 17, "liquid")]
    broken = SOURCE.replace("  {% endif %}\n", "")
    assert still_folded(fold_regions(broken), [4, 15]) == [FoldRegion(4, 8, "tag")]


def test_the_demo_email_has_regions_for_its_sections() -> None:
    path = DEMO / "emails" / "marketing" / "spring-collection.html"
    if not path.is_file():
        pytest.skip("demo email not found")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    regions = fold_regions(text)
    sections = [r for r in regions if lines[r.start].lstrip().startswith("<x-section")]
    assert len(sections) >= 3
    for r in sections:
        assert lines[r.end].lstrip().startswith("</x-section>")
