"""Three-way merge of unsaved text with the file changed on disk: a table of cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from studio.models.merge import OURS_MARK, SEPARATOR, THEIRS_MARK, merge3

BASE = (
    "<x-base>\n"
    "  <x-heading-1>Spring</x-heading-1>\n"
    '  <x-paragraph>Hi {{ customer.first_name | default: "there" }}</x-paragraph>\n'
    '  <x-cta href="https://x.example/?m={{ customer.member }}">Shop</x-cta>\n'
    "</x-base>\n"
)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text
    return text.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    description: str
    ours: str
    theirs: str
    expect: str
    conflicts: int = 0


CASES = [
    Case("nothing changed", BASE, BASE, BASE),
    Case("only ours changed", edit("Spring", "Summer"), BASE, edit("Spring", "Summer")),
    Case("only theirs changed", BASE, edit("Shop<", "Buy<"), edit("Shop<", "Buy<")),
    Case(
        "different lines on each side",
        edit("Spring", "Summer"),
        edit("Shop<", "Buy<"),
        edit("Shop<", "Buy<", edit("Spring", "Summer")),
    ),
    Case(
        "the same change on both sides",
        edit("Spring", "Summer"),
        edit("Spring", "Summer"),
        edit("Spring", "Summer"),
    ),
    Case(
        "a line added at the end on one side, one edited on the other",
        BASE + "<!-- mine -->\n",
        edit("Shop<", "Buy<"),
        edit("Shop<", "Buy<") + "<!-- mine -->\n",
    ),
    Case(
        "the same line changed differently: a conflict with both versions",
        edit("Spring", "Summer"),
        edit("Spring", "Autumn"),
        edit(
            "  <x-heading-1>Spring</x-heading-1>\n",
            OURS_MARK
            + "  <x-heading-1>Summer</x-heading-1>\n"
            + SEPARATOR
            + "  <x-heading-1>Autumn</x-heading-1>\n"
            + THEIRS_MARK,
        ),
        1,
    ),
    Case(
        "a last line without a newline still gets its markers on their own lines",
        "a\nb",
        "a\nc",
        "a\n" + OURS_MARK + "b\n" + SEPARATOR + "c\n" + THEIRS_MARK,
        1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_merge3(case: Case) -> None:
    base = "a\nx" if case.description.startswith("a last line") else BASE
    merged = merge3(base, case.ours, case.theirs)
    assert merged.text == case.expect
    assert merged.conflicts == case.conflicts
    for start, end in merged.regions:
        block = merged.text[start:end]
        assert block.startswith(OURS_MARK) and block.endswith(THEIRS_MARK)


def test_liquid_and_line_endings_outside_a_conflict_are_kept_exactly() -> None:
    base = BASE.replace("\n", "\r\n")
    ours = base.replace("Spring", "Summer")
    theirs = base.replace("Shop<", "Buy<")
    merged = merge3(base, ours, theirs)
    assert merged.clean
    assert merged.text == base.replace("Spring", "Summer").replace("Shop<", "Buy<")
    assert '{{ customer.first_name | default: "there" }}' in merged.text
