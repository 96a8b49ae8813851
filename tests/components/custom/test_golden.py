"""Fixture-driven golden tests: every folder of fixtures/golden is one documented example.

A folder holds ``components/*.html``, ``email.html`` and ``expected.html`` (the output
the page shows, compared structurally: whitespace-insensitive, marks removed) and, when
the page's example has a mistake (component-language §3), ``doc-mistake.txt`` naming it;
the test then checks the intended behaviour and carries the mistake in its id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.components.custom.helpers import compile_email, norm

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def _cases() -> list[object]:
    out: list[object] = []
    for folder in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        mistake = folder / "doc-mistake.txt"
        label = folder.name + (
            f" [doc mistake: {mistake.read_text().strip()}]" if mistake.exists() else ""
        )
        out.append(pytest.param(folder, id=label))
    return out


@pytest.mark.parametrize("folder", _cases())
def test_golden(folder: Path) -> None:
    components = {p.stem: p.read_text() for p in (folder / "components").glob("*.html")}
    result = compile_email(components, (folder / "email.html").read_text())
    assert result.errors == [], result.explain()
    assert norm(result.html) == norm((folder / "expected.html").read_text())
