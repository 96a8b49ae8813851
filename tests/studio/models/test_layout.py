"""The editor layout model: fractions, persistence, problem counts (no Qt)."""

from __future__ import annotations

import pytest

from components.diagnostics import Issue, Severity
from studio.models.layout import (
    MAX_FRACTION,
    MIN_FRACTION,
    EditorLayout,
    ProblemCounts,
    fraction_of,
    split,
)


def test_defaults_give_the_preview_the_space() -> None:
    layout = EditorLayout()
    code, preview = split(1280, layout.code_fraction)
    assert preview > code and code + preview == 1280
    assert not layout.devtools_open and not layout.envelope_open


def test_json_round_trip_and_bad_values_fall_back() -> None:
    layout = EditorLayout(code_fraction=0.5, devtools_open=True, envelope_open=True)
    assert EditorLayout.from_json(layout.to_json()) == layout
    assert EditorLayout.from_json("nonsense") == EditorLayout()
    odd = EditorLayout.from_json(
        {
            "code_fraction": 7,
            "devtools_open": "yes",
            "devtools_fraction": float("nan"),
            "unknown": 1,
        }
    )
    assert odd.code_fraction == MAX_FRACTION
    assert odd.devtools_open is False
    assert odd.devtools_fraction == MIN_FRACTION


@pytest.mark.parametrize(
    ("first", "second", "expect"),
    [
        (380, 620, 0.38),
        (0, 900, None),
        (900, 0, None),
        (10, 990, MIN_FRACTION),
    ],
)
def test_fraction_of_a_split(first: int, second: int, expect: float | None) -> None:
    assert fraction_of(first, second) == expect


def issue(sev: Severity) -> Issue:
    return Issue("x/y", sev, "m")


def test_problem_counts_summary() -> None:
    assert ProblemCounts.of([]).summary() == "No problems"
    counts = ProblemCounts.of(
        [
            issue(Severity.ERROR),
            issue(Severity.WARNING),
            issue(Severity.WARNING),
            issue(Severity.INFO),
        ]
    )
    assert (counts.errors, counts.warnings, counts.infos, counts.total) == (1, 2, 1, 4)
    assert counts.summary() == "1 error · 2 warnings · 1 note"
