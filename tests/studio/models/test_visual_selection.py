"""The visual editor's selection and keyboard moves, without Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from studio.models.preferences import Preferences
from studio.models.visual_selection import VisualSelection, step

# 1 ─┬─ 2 ─┬─ 4
#    │     └─ 5
#    └─ 3
# 6
TREE = {1: [2, 3], 2: [4, 5], 3: [], 4: [], 5: [], 6: []}
ROOTS = [1, 6]


@dataclass
class Tree:
    kids: dict[int, list[int]]
    top: list[int]

    def parent(self, node_id: int) -> int | None:
        return next((p for p, ks in self.kids.items() if node_id in ks), None)

    def children(self, node_id: int) -> Sequence[int]:
        return self.kids.get(node_id, [])

    def roots(self) -> Sequence[int]:
        return self.top


@pytest.mark.parametrize(("start", "move", "expect"), [
    (4, "parent", 2), (2, "parent", 1), (1, "parent", None),
    (1, "child", 2), (2, "child", 4), (4, "child", None),
    (4, "next", 5), (5, "next", None), (5, "previous", 4), (4, "previous", None),
    (1, "next", 6), (6, "previous", 1), (2, "next", 3),
])
def test_keyboard_steps(start: int, move: str, expect: int | None) -> None:
    assert step(Tree(TREE, ROOTS), start, move) == expect


def test_unknown_move_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown move"):
        step(Tree(TREE, ROOTS), 1, "sideways")


def test_click_extend_and_events() -> None:
    sel = VisualSelection()
    seen: list[tuple[int, ...]] = []
    sel.changed.connect(seen.append)
    assert sel.click(4)
    assert not sel.click(4)                   # no change, no event
    assert sel.click(5, extend=True)          # Shift/Ctrl adds, newest is primary
    assert sel.ids == (5, 4) and sel.primary == 5
    assert sel.click(4, extend=True)          # …and takes out again
    assert sel.ids == (5,)
    assert not sel.click(-1, extend=True)     # empty canvas with Shift keeps the selection
    assert sel.click(-1)                      # a plain click there clears it
    assert seen == [(4,), (5, 4), (5,), ()]


def test_move_and_remap() -> None:
    tree = Tree(TREE, ROOTS)
    sel = VisualSelection()
    assert sel.move(tree, "next")             # nothing selected: Down picks the first node
    assert sel.ids == (1,)
    assert not sel.move(tree, "parent")
    sel.set((4, 5))
    assert sel.move(tree, "parent") and sel.ids == (2,)
    sel.set((4, 5))
    assert sel.remap({4: 14, 5: None}) and sel.ids == (14,)


def test_editor_mode_preference_is_kept_and_checked() -> None:
    assert Preferences().editor_mode == "code"
    assert Preferences.from_dict({"editor_mode": "visual"}).editor_mode == "visual"
    assert Preferences.from_dict({"editor_mode": "canvas"}).editor_mode == "code"
