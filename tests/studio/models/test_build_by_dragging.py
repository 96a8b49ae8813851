"""Issue 10's "Done when", in the model: the demo's spring-collection layout built
from an empty email by inserting and reordering only, and the code is what a
developer would have written. (The same through the real panels is the Qt test.)"""

from __future__ import annotations

from compiler.pipeline import compile_email
from compiler.project import load_project
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.drop_rules import Place
from studio.models.insert_catalog import entry_by_id, insert_catalog
from studio.models.layers import Layers, build_layers
from tests.conftest import DEMO

PROJECT = load_project(DEMO)
LIBRARY = PROJECT.components
CATALOG = insert_catalog(LIBRARY)
# An empty email: one empty section (the shape the visual editor starts from).
EMPTY = """<x-base title="Subject goes here" preheader="Preview text goes here" lang="en">
  <x-section>
    <!-- Content goes here -->
  </x-section>
</x-base>
"""

CARD = (
    '<fernway-product-card name="Ridgeline 45L Pack" price="$189" '
    'href="https://fernway.example/ridgeline" '
    'image="https://fernway.example/img/ridgeline.jpg"></fernway-product-card>'
)
WANT = """<x-base title="Subject goes here" preheader="Preview text goes here" lang="en">
  <x-section>
    <fernway-header>
      <fernway-nav-link href="https://fernway.example/new">New in</fernway-nav-link>
      <fernway-nav-link href="https://fernway.example/camp">Camp</fernway-nav-link>
      <fernway-nav-link href="https://fernway.example/trail">Trail</fernway-nav-link>
    </fernway-header>
    <x-image src="https://placehold.co/600x300" alt=""></x-image>
    <x-heading-1>Heading 1</x-heading-1>
    <x-paragraph>Write your text here.</x-paragraph>
    <x-cta href="https://example.com">Button</x-cta>
    <x-row :layout="[50,50]">
      <x-column>
{card}
      </x-column>
      <x-column>
{card}
      </x-column>
    </x-row>
    <fernway-footer>
      <x-paragraph>Fernway Outfitters · 12 Trailhead Road · Bend, OR</x-paragraph>
    </fernway-footer>
    <!-- Content goes here -->
  </x-section>
</x-base>
""".replace("{card}", "        " + CARD)


def _row(layers: Layers, tag: str, n: int = 0) -> str:
    return [r.id for r in layers if r.tag == tag][n]


def test_spring_collection_layout_by_inserting_and_dragging_only() -> None:
    doc = EmailDocument(EMPTY)

    def insert(entry_id: str, where: str, index: int, n: int = 0) -> None:
        layers = build_layers(doc.text, LIBRARY)
        entry = entry_by_id(CATALOG, entry_id)
        assert entry is not None
        V.apply(doc, V.insert(layers, entry.markup, Place(_row(layers, where, n), index)))

    def count(where: str, n: int = 0) -> int:
        layers = build_layers(doc.text, LIBRARY)
        return len(layers.rows[_row(layers, where, n)].children)

    # dropped in a designer's order, not the final one
    insert("fernway-footer#0", "x-section", 0)
    insert("x-heading-1", "x-section", 0)
    insert("x-paragraph", "x-section", 1)
    insert("x-row", "x-section", 2)
    insert("fernway-product-card#0", "x-column", 0, 0)
    insert("fernway-product-card#0", "x-column", 0, 1)
    insert("x-cta", "x-section", count("x-section"))  # at the end: moved up below
    insert("x-image", "x-section", 0)
    insert("fernway-header#0", "x-section", 1)
    # reorder: the header above the hero image, the button above the row
    layers = build_layers(doc.text, LIBRARY)
    V.apply(doc, V.move_up(layers, _row(layers, "fernway-header")))
    layers = build_layers(doc.text, LIBRARY)
    cta = _row(layers, "x-cta")
    V.apply(doc, V.move(layers, [cta], Place(_row(layers, "x-section"), 4)))
    assert doc.text == WANT
    result = compile_email(doc.text, file=str(DEMO / "emails" / "built.html"), project=PROJECT)
    assert [i for i in result.issues if i.severity.name == "ERROR"] == []
    while doc.can_undo:
        doc.undo()
    assert doc.text == EMPTY
