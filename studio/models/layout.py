"""The editor page's layout, remembered per user: pure data, no Qt.

The studio is designed at a laptop's 1280×800 first: the preview takes the
space (code ≈ 36 % of the width, the preview the rest), the developer tools
sit closed under the preview as a one-line Problems strip with counts, the
envelope form is folded into one line (the inbox line above the preview shows
what it holds). Splitter positions are stored as *fractions*, so a layout
saved on a 1920 px screen opens sensibly on a 1280 px one.

:class:`EditorLayout` is what the window saves (``to_json``) and restores
(``from_json``; bad values fall back to defaults). ``Reset layout`` is
``EditorLayout()``. The window's dock panels (files, version history, the
visual editor's insert / layers / properties) are Qt's own state and are saved
beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from components.diagnostics import Issue, Severity

#: Fractions are kept inside these bounds, so neither side can vanish by accident.
MIN_FRACTION, MAX_FRACTION = 0.15, 0.85


@dataclass(frozen=True, slots=True)
class EditorLayout:
    """How an editor page divides its space."""

    code_fraction: float = 0.36  # share of the page's width for the code column
    devtools_open: bool = False  # the developer tools under the preview
    devtools_fraction: float = 0.35  # their share of the preview column's height when open
    envelope_open: bool = False  # the envelope form unfolded

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: object) -> EditorLayout:
        if not isinstance(data, dict):
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(getattr(cls(), f.name), bool):
                if isinstance(value, bool):
                    values[f.name] = value
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values[f.name] = clamp_fraction(float(value))
        return replace(cls(), **values)


def clamp_fraction(value: float) -> float:
    if math.isnan(value):
        return MIN_FRACTION
    return max(MIN_FRACTION, min(MAX_FRACTION, value))


def split(total: int, fraction: float) -> tuple[int, int]:
    """Pixel sizes of a two-way split of ``total`` with ``fraction`` for the first side."""
    first = round(max(0, total) * clamp_fraction(fraction))
    return first, max(0, total) - first


def fraction_of(first: int, second: int) -> float | None:
    """The first side's fraction of a split, or None when nothing is laid out yet."""
    total = first + second
    if first <= 0 or second <= 0 or total <= 0:
        return None
    return clamp_fraction(first / total)


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    """How many problems of each severity; the Problems strip's text."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @classmethod
    def of(cls, issues: list[Issue] | tuple[Issue, ...]) -> ProblemCounts:
        sev = [i.severity for i in issues]
        return cls(sev.count(Severity.ERROR), sev.count(Severity.WARNING), sev.count(Severity.INFO))

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos

    def summary(self) -> str:
        """``"2 errors · 1 warning"``; ``"No problems"`` when there are none."""
        parts = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in (
                (self.errors, "error"),
                (self.warnings, "warning"),
                (self.infos, "note"),
            )
            if n
        ]
        return " · ".join(parts) if parts else "No problems"
