"""Version History's side-by-side rows and visual-diff bands (plain Python)."""

from __future__ import annotations

from studio.models.diff import DiffRow, changed_bands, side_by_side


def test_side_by_side_aligns_equal_changed_added_and_removed_lines() -> None:
    old = "a\nb\nc\nd\n"
    new = "a\nB\nc\nx\ny\n"
    assert side_by_side(old, new) == [
        DiffRow("same", 1, "a", 1, "a"),
        DiffRow("changed", 2, "b", 2, "B"),
        DiffRow("same", 3, "c", 3, "c"),
        DiffRow("changed", 4, "d", 4, "x"),
        DiffRow("added", 0, "", 5, "y"),
    ]
    assert side_by_side("a\nb\n", "a\n") == [
        DiffRow("same", 1, "a", 1, "a"),
        DiffRow("removed", 2, "b", 0, ""),
    ]
    assert side_by_side("", "") == []


def test_a_block_inserted_above_does_not_mark_everything_below() -> None:
    # 10 rows of header, 5 rows inserted, then the same 20 rows shifted down
    old = ["h"] * 10 + [f"r{i}" for i in range(20)]
    new = ["h"] * 10 + ["new"] * 5 + [f"r{i}" for i in range(20)]
    assert changed_bands(old, new) == ([], [(10, 15)])
    # one row changed in place, and two close changes joined into one band
    edited = list(old)
    edited[12] = "X"
    edited[14] = "Y"
    assert changed_bands(old, edited) == ([(12, 15)], [(12, 15)])
    assert changed_bands(old, old) == ([], [])
