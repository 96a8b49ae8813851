"""Where a drop on the canvas goes, from the nodes under the pointer (no Qt)."""

from __future__ import annotations

from studio.models.canvas_drop import Hit, choose
from studio.models.drop_rules import Dragged, Place
from studio.models.layers import Layers, build_layers

EMAIL = """<x-base>
  <x-section padding="16px">
    <x-heading-1>Title</x-heading-1>
  </x-section>
  <x-section>
  </x-section>
  <x-section>
    <x-row :layout="[100]">
      <x-column>
      </x-column>
    </x-row>
  </x-section>
</x-base>
"""
PARAGRAPH = Dragged.markup("<x-paragraph>Hi</x-paragraph>")
COLUMN = Dragged.markup("<x-column></x-column>")


def node(layers: Layers, tag: str, nth: int = 0) -> int:
    return [r.node_id for r in layers if r.tag == tag][nth]


def rid(layers: Layers, tag: str, nth: int = 0) -> str:
    return [r.id for r in layers if r.tag == tag][nth]


def test_lower_half_of_a_heading_is_after_it() -> None:
    layers = build_layers(EMAIL)
    chain = [
        Hit(node(layers, "x-heading-1"), 0, 16, 600, 40),
        Hit(node(layers, "x-section"), 0, 0, 600, 72),
        Hit(node(layers, "x-base"), 0, 0, 600, 300),
    ]
    got = choose(layers, PARAGRAPH, chain, 10, 50)
    assert got.place == Place(rid(layers, "x-section"), 1)
    assert got.indicator is not None and (got.indicator.kind, got.indicator.y) == ("line", 56)
    got = choose(layers, PARAGRAPH, chain, 10, 20)
    assert got.place == Place(rid(layers, "x-section"), 0)


def test_a_sections_padding_is_its_end_and_its_edge_is_between_sections() -> None:
    layers = build_layers(EMAIL)
    chain = [
        Hit(node(layers, "x-section"), 0, 0, 600, 72),
        Hit(node(layers, "x-base"), 0, 0, 600, 300),
    ]
    inside = choose(layers, PARAGRAPH, chain, 10, 60)  # in the bottom padding
    assert inside.place == Place(rid(layers, "x-section"), 1)
    edge = choose(layers, PARAGRAPH, chain, 10, 70)  # 2 px above the bottom
    assert edge.place == Place(rid(layers, "x-base"), 1)


def test_an_empty_container_is_a_box() -> None:
    layers = build_layers(EMAIL)
    chain = [
        Hit(node(layers, "x-column"), 0, 200, 600, 48),
        Hit(node(layers, "x-row"), 0, 200, 600, 48),
    ]
    got = choose(layers, PARAGRAPH, chain, 10, 224)
    assert got.place == Place(rid(layers, "x-column"), 0)
    assert got.indicator is not None and got.indicator.kind == "box"


def test_nothing_valid_gives_the_reason() -> None:
    layers = build_layers(EMAIL)
    chain = [
        Hit(node(layers, "x-heading-1"), 0, 16, 600, 40),
        Hit(node(layers, "x-section"), 0, 0, 600, 72),
        Hit(node(layers, "x-base"), 0, 0, 600, 300),
    ]
    got = choose(layers, COLUMN, chain, 10, 20)
    assert got.place is None and got.indicator is None
    assert "x-row" in got.reason
    # the column goes where a row has room for it
    row_chain = [
        Hit(node(layers, "x-column"), 0, 200, 600, 48),
        Hit(node(layers, "x-row"), 0, 200, 600, 48),
    ]
    got = choose(layers, COLUMN, row_chain, 10, 240)
    assert got.place == Place(rid(layers, "x-row"), 1)
