"""Golden fixtures: every ``fixtures/<component>/<case>.html`` expands to its
``<case>.expected.html`` (compared structurally), with no issues.

Regenerate after an intended output change with
``MW_REGENERATE=1 pytest tests/components/standard/test_fixtures.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from components.expand import ExpandOptions, expand
from components.markup import parse
from styles.model import GlobalStyles
from tests.components.standard.htmlcompare import parse as describe_html
from tests.components.standard.htmlcompare import same_structure

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.rglob("*.html") if not p.name.endswith(".expected.html"))


def _expand(source: str, file: str) -> tuple[str, list[str]]:
    result = parse(source, file)
    expansion = expand(result.document, file=file, styles=GlobalStyles(),
                       options=ExpandOptions(marks=False))
    return expansion.html, [i.message for i in expansion.issues]


def test_every_component_has_fixtures() -> None:
    from components.standard import STANDARD_COMPONENTS

    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    for component in STANDARD_COMPONENTS:
        name = "x-heading" if component.tag.startswith("x-heading-") else component.tag
        if component.tag == "x-column":
            name = "x-row"
        assert name in folders, f"no fixtures for {component.tag}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path) -> None:
    expected_path = case.with_name(case.stem + ".expected.html")
    html, issues = _expand(case.read_text(), case.name)
    assert issues == []
    if os.environ.get("MW_REGENERATE") or not expected_path.exists():
        expected_path.write_text(html)
        pytest.skip("expected output written; review it")
    expected = expected_path.read_text()
    assert same_structure(html, expected), (
        f"{case.name}: output differs structurally\n--- actual\n{html}\n--- expected\n{expected}"
    )
    # the comparison is not vacuous
    assert describe_html(html)


def test_docs_reference_is_generated_from_the_registry() -> None:
    from components.standard import markdown_reference

    doc = (Path(__file__).resolve().parents[3] / "docs" / "standard-components.md").read_text()
    assert markdown_reference() in doc, (
        "docs/standard-components.md is out of date: regenerate its reference section "
        "from components.standard.markdown_reference()")
