"""Golden fixtures: every ``fixtures/<component>/<case>.html`` expands to its
``<case>.expected.html`` (compared structurally).

The expected files are written and reviewed by hand: a missing or different
expectation fails, nothing is ever regenerated from the code under test. A
case expects no issues unless a ``<case>.issues`` file lists the rule ids it
must report (one per line). In every case each Liquid token of the input
appears in the output exactly as often as in the input (Liquid is sacred);
``test_output.py`` holds the focused assertions on what each fixture shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import LIQUID_RE, parse
from styles.model import GlobalStyles
from tests.components.standard.htmlcompare import parse as describe_html
from tests.components.standard.htmlcompare import same_structure

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.rglob("*.html") if not p.name.endswith(".expected.html"))
assert CASES, f"no fixtures found in {FIXTURES}"


def test_every_component_has_fixtures() -> None:
    from components.standard import STANDARD_COMPONENTS

    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    for component in STANDARD_COMPONENTS:
        name = "x-heading" if component.tag.startswith("x-heading-") else component.tag
        if component.tag == "x-column":
            name = "x-row"
        assert name in folders, f"no fixtures for {component.tag}"


def _expected_rules(case: Path) -> list[str]:
    path = case.with_name(case.stem + ".issues")
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path) -> None:
    expected_path = case.with_name(case.stem + ".expected.html")
    source = case.read_text()
    html, rules = _expand_rules(source, case.name)
    assert rules == _expected_rules(case)
    assert expected_path.exists(), (
        f"{expected_path.name} is missing: write the expected output by hand (the actual "
        f"output is below for reference)\n{html}"
    )
    expected = expected_path.read_text()
    assert same_structure(html, expected), (
        f"{case.name}: output differs structurally\n--- actual\n{html}\n--- expected\n{expected}"
    )
    assert describe_html(expected), "an empty expectation checks nothing"
    for token in set(LIQUID_RE.findall(source)):
        assert html.count(token) == source.count(token), f"Liquid {token!r} not kept as is"


def _expand_rules(source: str, file: str) -> tuple[str, list[str]]:
    result = parse(source, file)
    expansion = expand(
        result.document, file=file, styles=GlobalStyles(), options=ExpandOptions(marks=False)
    )
    return expansion.html, [i.rule for i in [*result.issues, *expansion.issues]]


def test_docs_reference_is_generated_from_the_registry() -> None:
    from components.standard import markdown_reference

    doc = (Path(__file__).resolve().parents[3] / "docs" / "standard-components.md").read_text()
    assert markdown_reference() in doc, (
        "docs/standard-components.md is out of date: regenerate its reference section "
        "from components.standard.markdown_reference()"
    )
