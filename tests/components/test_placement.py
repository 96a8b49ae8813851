"""The one parent check (components/placement.py) and its three readers agree."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from components.markup import parse
from components.placement import Parents
from components.standard import REGISTRY
from components.validate import validate
from tests.components.custom.helpers import compile_email

COLUMN = REGISTRY["x-column"].parents
CUSTOM = Parents(
    ("x-section", "menu-bar"),
    direct=False,
    declared_as="config.allowedParents",
    rule="components/allowed-parents",
    error=False,
)


@dataclass(frozen=True)
class Case:
    description: str
    rule: Parents
    ancestors: tuple[str, ...]
    expect: str | None  # the refusal, or None when accepted


CASES = [
    Case("column directly in a row", COLUMN, ("x-base", "x-row"), None),
    Case(
        "column in a section",
        COLUMN,
        ("x-base", "x-section"),
        "<x-column> may only be placed directly in <x-row>; it is inside <x-section>; wrap "
        'the columns in <x-row :layout="[…]">',
    ),
    Case(
        "column in html inside a row: direct parent counts",
        COLUMN,
        ("x-row", "div"),
        "<x-column> may only be placed directly in <x-row>; it is inside <div>; wrap the "
        'columns in <x-row :layout="[…]">',
    ),
    Case(
        "column at the top",
        COLUMN,
        (),
        "<x-column> may only be placed directly in <x-row>; it is at the top level; wrap "
        'the columns in <x-row :layout="[…]">',
    ),
    Case("custom: html between does not count", CUSTOM, ("x-section", "div", "td"), None),
    Case(
        "custom: nearest component decides",
        CUSTOM,
        ("x-section", "x-box", "div"),
        "<nav-item> may only be placed in <x-section>, <menu-bar> (config.allowedParents); "
        "it is inside <x-box>",
    ),
    Case(
        "custom: no component around",
        CUSTOM,
        ("div",),
        "<nav-item> may only be placed in <x-section>, <menu-bar> (config.allowedParents); "
        "it is outside any of them",
    ),
    Case("no rule: anywhere", Parents(), ("td",), None),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_parent_rule(case: Case) -> None:
    tag = "x-column" if case.rule is COLUMN else "nav-item"
    is_component = lambda t: t.startswith("x-") or t == "menu-bar"  # noqa: E731
    parent = case.rule.parent_in(case.ancestors, is_component)
    assert case.rule.refusal(tag, parent) == case.expect
    assert case.rule.accepts(parent) is (case.expect is None)


def test_the_validator_and_the_expander_say_the_same() -> None:
    """The email's own column is the validator's; one made by a component template is
    the expander's; both read COLUMN.parents."""
    doc = parse("<x-section><x-column>a</x-column></x-section>", "e.html").document
    [by_validator] = validate(doc)
    loose = "<script></script><template><x-section><x-column>a</x-column></x-section></template>"
    result = compile_email({"loose-column": loose}, "<loose-column></loose-column>")
    [by_expander] = [i for i in result.issues if i.rule == "markup/column-outside-row"]
    assert by_validator.message == by_expander.message == COLUMN.refusal("x-column", "x-section")
    assert by_expander.file == "components/loose-column.html"
    # a template's column directly in its row is fine
    ok = (
        "<script></script><template><x-row><x-column>a</x-column><x-column>b</x-column>"
        "</x-row></template>"
    )
    assert compile_email({"two-cols": ok}, "<two-cols></two-cols>").rules() == []


ROOT = Path(__file__).resolve().parents[2]


def test_standard_components_do_not_import_the_validator() -> None:
    """The old standard → columns → validate → standard cycle stays gone: the rules are
    data on the components, the validator reads them."""
    for path in (ROOT / "components" / "standard").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "components.validate", path.name
