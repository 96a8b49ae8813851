"""The visual editor's selection and keyboard moves, without Qt (over real layers)."""

from __future__ import annotations

import pytest

from studio.models.layers import Layers, build_layers
from studio.models.preferences import Preferences
from studio.models.visual_selection import VisualSelection, step

EMAIL = """<x-base>
  <x-section>
    <x-heading-1>Title</x-heading-1>
    <x-paragraph>One</x-paragraph>
  </x-section>
  <x-section>
    <x-paragraph>Two</x-paragraph>
  </x-section>
</x-base>
"""


@pytest.fixture
def layers() -> Layers:
    return build_layers(EMAIL)


def rid(layers: Layers, tag: str, nth: int = 0) -> str:
    return [r.id for r in layers if r.tag == tag][nth]


@pytest.mark.parametrize(
    ("start", "move", "expect"),
    [
        (("x-heading-1", 0), "parent", ("x-section", 0)),
        (("x-section", 0), "parent", ("x-base", 0)),
        (("x-base", 0), "parent", None),
        (("x-base", 0), "child", ("x-section", 0)),
        (("x-section", 1), "child", ("x-paragraph", 1)),
        (("x-paragraph", 1), "child", None),
        (("x-heading-1", 0), "next", ("x-paragraph", 0)),
        (("x-paragraph", 0), "next", None),
        (("x-paragraph", 0), "previous", ("x-heading-1", 0)),
        (("x-heading-1", 0), "previous", None),
        (("x-section", 0), "next", ("x-section", 1)),
    ],
)
def test_keyboard_steps(
    layers: Layers, start: tuple[str, int], move: str, expect: tuple[str, int] | None
) -> None:
    want = rid(layers, *expect) if expect else None
    assert step(layers, rid(layers, *start), move) == want


def test_unknown_move_is_refused(layers: Layers) -> None:
    with pytest.raises(ValueError, match="unknown move"):
        step(layers, rid(layers, "x-base"), "sideways")


def test_click_extend_and_events() -> None:
    sel = VisualSelection()
    seen: list[tuple[str, ...]] = []
    sel.changed.connect(seen.append)
    assert sel.click("4")
    assert not sel.click("4")  # no change, no event
    assert sel.click("5", extend=True)  # Shift/Ctrl adds, newest is primary
    assert sel.ids == ("5", "4") and sel.primary == "5"
    assert sel.click("4", extend=True)  # …and takes out again
    # (mypy keeps the two-element narrowing of ids from the == above across the click)
    assert sel.ids == ("5",)  # type: ignore[comparison-overlap]
    assert not sel.click(None, extend=True)  # empty canvas with Shift keeps the selection
    assert sel.click(None)  # a plain click there clears it
    assert seen == [("4",), ("5", "4"), ("5",), ()]


def test_move(layers: Layers) -> None:
    sel = VisualSelection()
    assert sel.move(layers, "next")  # nothing selected: Down picks the first row
    assert sel.ids == (rid(layers, "x-base"),)
    assert not sel.move(layers, "parent")
    sel.set((rid(layers, "x-heading-1"), rid(layers, "x-paragraph")))
    assert sel.move(layers, "parent") and sel.ids == (rid(layers, "x-section"),)


def test_editor_mode_preference_is_kept_and_checked() -> None:
    # Visual first: a designer need never open the code (issue 10)
    assert Preferences().editor_mode == "visual"
    assert Preferences.from_dict({"editor_mode": "code"}).editor_mode == "code"
    assert Preferences.from_dict({"editor_mode": "canvas"}).editor_mode == "visual"


@pytest.mark.parametrize(
    ("inside", "extend", "before", "expect"),
    [
        # a band holding a section and its heading: the section
        ([("x-section", 0), ("x-heading-1", 0), ("x-paragraph", 0)], False, [], [("x-section", 0)]),
        # siblings in two sections: both, in page order
        (
            [("x-paragraph", 0), ("x-paragraph", 1)],
            False,
            [("x-heading-1", 0)],
            [("x-paragraph", 0), ("x-paragraph", 1)],
        ),
        # Shift: added to the selection as it was before the press
        (
            [("x-paragraph", 1)],
            True,
            [("x-heading-1", 0)],
            [("x-heading-1", 0), ("x-paragraph", 1)],
        ),
        # nothing whole inside: nothing selected (with Shift: what there was)
        ([], False, [("x-heading-1", 0)], []),
        ([], True, [("x-heading-1", 0)], [("x-heading-1", 0)]),
    ],
)
def test_rubber_band(
    layers: Layers,
    inside: list[tuple[str, int]],
    extend: bool,
    before: list[tuple[str, int]],
    expect: list[tuple[str, int]],
) -> None:
    sel = VisualSelection()
    sel.set(rid(layers, *b) for b in before)
    sel.click(rid(layers, "x-section", 1), extend=extend)  # the press that began it
    sel.marquee(
        [rid(layers, *i) for i in inside],
        layers,
        extend=extend,
        before=[rid(layers, *b) for b in before],
    )
    assert sel.ids == tuple(rid(layers, *e) for e in expect)
