"""How a standard component reads the props of one use (``StandardComponent.evaluate_props``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components.expand import ExpandContext, ExpandOptions
from components.markup import parse
from components.markup.nodes import Element
from components.schema import MISSING, Prop, string
from components.standard import REGISTRY
from components.standard.registry import StandardComponent
from styles.css import CssBuilder
from styles.model import GlobalStyles


@dataclass(frozen=True)
class Case:
    description: str
    source: str
    #: prop → expected value
    values: dict[str, object]
    #: "rule line:column" of each issue, in order
    issues: tuple[str, ...] = ()
    liquid: tuple[str, ...] = ()


CASES = [
    Case("literals are coerced to the schema's type",
         '<x-row gap="12" fallback="multi" reverse width="50%"></x-row>',
         {"gap": 12, "fallback": "multi", "reverse": True, "width": "50%"}),
    Case("unset props take their defaults", "<x-row></x-row>",
         {"gap": 0, "fallback": "single", "reverse": False, "width": MISSING}),
    Case("a later attribute of a prop replaces an earlier one",
         '<x-row gap="4" gap="8"></x-row>', {"gap": 8}),
    Case("an invalid attribute replaced by a valid one is not reported",
         '<x-row gap="x" gap="8"></x-row>', {"gap": 8}),
    Case("a valid attribute replaced by an invalid one: reported, default used",
         '<x-row gap="8" gap="x"></x-row>', {"gap": 0}, ("props/invalid 1:16",)),
    Case("issues come in prop order, not attribute order",
         '<x-row reverse="maybe" gap="x"></x-row>', {"gap": 0, "reverse": False},
         ("props/invalid 1:24", "props/invalid 1:8")),
    Case("a required prop not given is reported at the element",
         '<x-image alt="a"></x-image>', {"src": MISSING, "alt": "a"},
         ("props/invalid 1:1",)),
    Case("Liquid in a literal decides at send time", '<x-row gap="{{ g }}"></x-row>',
         {"gap": "{{ g }}"}),
    Case("a computed value replaces a literal", '<x-row gap="4" :gap="6 + 1"></x-row>',
         {"gap": 7}),
    Case("the Liquid of a dropped attribute stays in the attribute list",
         """<x-row :gap="'{{ g }}px'"></x-row>""", {"gap": 0}, ("props/invalid 1:8",),
         (" {{ g }}",)),
]


def _context() -> ExpandContext:
    return ExpandContext(file="e.html", styles=GlobalStyles(), options=ExpandOptions(),
                         library=None, registry=REGISTRY, css=CssBuilder())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_props_of_one_use(case: Case) -> None:
    el = parse(case.source, "e.html").document.children[0]
    assert isinstance(el, Element)
    ctx = _context()
    props = REGISTRY[el.name].evaluate_props(ctx, el)
    assert {k: props[k] for k in case.values} == case.values
    assert tuple(f"{i.rule} {i.line}:{i.column}" for i in ctx.issues) == case.issues
    assert tuple(props.liquid) == case.liquid


def test_uses_with_the_same_literal_attributes_share_their_props() -> None:
    doc = parse('<x-row gap="8"></x-row><x-row gap="8"></x-row><x-row gap="9"></x-row>'
                '<x-row gap="x"></x-row><x-row gap="x"></x-row>', "e.html").document
    rows = [n for n in doc.children if isinstance(n, Element)]
    ctx = _context()
    a, b, c, d, e = (REGISTRY["x-row"].evaluate_props(ctx, r) for r in rows)
    assert a is b and a is not c
    assert d is not e  # a use with problems is read (and reported) every time
    assert [i.column for i in ctx.issues] == [77, 100]


@pytest.mark.parametrize("name", [":href", "#if", "#set:href"])
def test_a_prop_name_cannot_start_a_directive(name: str) -> None:
    # the props loop reads an attribute named like a prop as a literal prop
    with pytest.raises(ValueError, match="cannot start with"):
        StandardComponent(tag="x-odd", props=(Prop(name, string().optional()),),
                          render=lambda ctx, el, props, out: None)
