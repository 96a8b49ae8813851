"""Conditional display of whole components: {% if %} around rows, edited as a form."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.pipeline import compile_email
from studio.models import conditions as C
from studio.models.layers import build_layers
from studio.models.visual_edits import EditRefused

TEXT = (
    "<x-base>\n"
    '  <x-section padding="8px">\n'
    "    <x-paragraph>Members</x-paragraph>\n"
    "  </x-section>\n"
    "  <x-section>\n"
    "    <x-paragraph>All</x-paragraph><x-paragraph>Inline</x-paragraph>\n"
    "  </x-section>\n"
    "</x-base>\n"
)


@dataclass(frozen=True)
class Form:
    description: str
    condition: C.Condition
    liquid: str


FORMS = [
    Form("true", C.Condition("customer.member"), "customer.member"),
    Form("false", C.Condition("customer.member", "falsy"), "customer.member == false"),
    Form("equals text", C.Condition("customer.language", "==", "es"), 'customer.language == "es"'),
    Form("number", C.Condition("customer.orders", ">", "3"), "customer.orders > 3"),
    Form(
        "contains",
        C.Condition("customer.tags", "contains", '"vip"'),
        'customer.tags contains "vip"',
    ),
]


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.description)
def test_the_form_writes_and_reads_the_expression(case: Form) -> None:
    assert case.condition.liquid() == case.liquid
    parsed = C.Condition.parse(case.liquid)
    assert parsed is not None and parsed.liquid() == case.liquid


def test_the_form_refuses_what_is_not_an_attribute() -> None:
    assert C.Condition.parse("a and b or c") is None
    with pytest.raises(EditRefused, match="not an attribute"):
        C.Condition("not a path!").liquid()


def rows(text: str, tag: str) -> list[str]:
    return [r.id for r in build_layers(text) if r.tag == tag]


def test_wrap_writes_two_lines_and_selects_the_condition_row() -> None:
    layers = build_layers(TEXT)
    edit = C.wrap(layers, rows(TEXT, "x-section")[:1], "customer.member")
    assert edit is not None
    after = edit.result(TEXT)
    assert after == TEXT.replace(
        '  <x-section padding="8px">\n',
        '  {% if customer.member %}\n  <x-section padding="8px">\n',
        1,
    ).replace("  </x-section>\n", "  </x-section>\n  {% endif %}\n", 1)
    again = build_layers(after)
    row = again.starting_at(edit.selection[0])
    assert row is not None and row.kind == "liquid"
    assert C.condition_of(again, row.id) == ("if", "customer.member")
    html = compile_email(after).html
    assert "{% if customer.member %}" in html and "{% endif %}" in html


def test_wrap_inline_rows_and_neighbours() -> None:
    layers = build_layers(TEXT)
    paragraphs = rows(TEXT, "x-paragraph")[1:]
    edit = C.wrap(layers, paragraphs, "customer.member", tag="unless")
    assert edit is not None
    after = edit.result(TEXT)
    assert (
        "    {% unless customer.member %}<x-paragraph>All</x-paragraph>{% endunless %}"
        "{% unless customer.member %}<x-paragraph>Inline</x-paragraph>{% endunless %}\n"
    ) in after
    again = build_layers(after)
    found = [again.starting_at(s) for s in edit.selection]
    assert [r.kind if r else None for r in found] == ["liquid", "liquid"]


def test_edit_and_remove_a_condition() -> None:
    layers = build_layers(TEXT)
    edit = C.wrap(layers, rows(TEXT, "x-section")[:1], "customer.member")
    assert edit is not None
    wrapped = edit.result(TEXT)
    layers = build_layers(wrapped)
    row = next(r.id for r in layers if r.kind == "liquid")
    changed = C.set_condition(layers, row, 'customer.language == "es"', tag="unless")
    assert changed is not None
    text = changed.result(wrapped)
    assert '  {% unless customer.language == "es" %}\n' in text
    assert "  {% endunless %}\n" in text
    layers = build_layers(text)
    row = next(r.id for r in layers if r.kind == "liquid")
    assert C.set_condition(layers, row, 'customer.language == "es"') is None
    assert C.unwrap(layers, row).result(text) == TEXT


def test_refusals() -> None:
    layers = build_layers(TEXT)
    with pytest.raises(EditRefused, match="write a condition"):
        C.wrap(layers, rows(TEXT, "x-section"), "  ")
    with pytest.raises(EditRefused, match="condition row"):
        C.unwrap(layers, rows(TEXT, "x-section")[0])
    branched = (
        TEXT.replace('  <x-section padding="8px">', '  {% if a %}<x-section padding="8px">')
        .replace("  </x-section>\n  <x-section>", "  </x-section>{% else %}<x-section>", 1)
        .replace("  </x-section>\n</x-base>", "  </x-section>{% endif %}\n</x-base>")
    )
    layers = build_layers(branched)
    row = next(r.id for r in layers if r.kind == "liquid")
    with pytest.raises(EditRefused, match="other branches"):
        C.unwrap(layers, row)


def test_repeat_for_each_item_of_a_list_and_back() -> None:
    layers = build_layers(TEXT)
    edit = C.repeat(layers, rows(TEXT, "x-section")[:1], "item", "message_data.items")
    assert edit is not None
    after = edit.result(TEXT)
    assert after == TEXT.replace(
        '  <x-section padding="8px">\n',
        '  {% for item in message_data.items %}\n  <x-section padding="8px">\n',
        1,
    ).replace("  </x-section>\n", "  </x-section>\n  {% endfor %}\n", 1)
    again = build_layers(after)
    row = again.starting_at(edit.selection[0])
    assert row is not None and (row.kind, row.tag) == ("liquid", "for")
    assert C.unwrap(again, row.id).result(after) == TEXT
    with pytest.raises(EditRefused, match="each item of a list"):
        C.repeat(layers, rows(TEXT, "x-section")[:1], "item", "not a list!")
