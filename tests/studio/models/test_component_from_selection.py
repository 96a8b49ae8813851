"""Save as component: the selected rows become a component file and instances of it;
the email compiles to the same HTML as before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from compiler.pipeline import compile_email
from compiler.project import load_project
from components.custom.library import library_from_sources
from components.custom.workspace_ops import save_component
from studio.models.component_from_selection import detach, save_as_component, suggested_tag
from studio.models.layers import build_layers
from studio.models.visual_edits import EditRefused
from tests.conftest import DEMO

TEXT = (
    "<x-base>\n"
    "  <x-section>\n"
    "    <!-- Cards -->\n"
    "    <x-row>\n"
    "      <x-column><x-paragraph>A</x-paragraph></x-column>\n"
    "    </x-row>\n"
    '    <x-spacer size="8"></x-spacer>\n'
    "  </x-section>\n"
    "</x-base>\n"
)


def ids(text: str, *tags: str) -> list[str]:
    return [r.id for r in build_layers(text) if r.tag in tags]


def test_rows_become_a_component_file_and_two_instances() -> None:
    layers = build_layers(TEXT)
    made = save_as_component(layers, ids(TEXT, "x-row", "x-spacer"), "cards", uses=2)
    assert made.path == "components/cards.html"
    assert made.edit.result(TEXT) == (
        "<x-base>\n  <x-section>\n"
        "    <cards></cards>\n    <cards></cards>\n"
        "  </x-section>\n</x-base>\n"
    )
    assert made.source.endswith(
        "<template>\n<!-- Cards -->\n<x-row>\n"
        "  <x-column><x-paragraph>A</x-paragraph></x-column>\n"
        '</x-row>\n<x-spacer size="8"></x-spacer>\n</template>\n'
    )
    after = build_layers(made.edit.result(TEXT))
    assert [row.tag for s in made.edit.selection if (row := after.starting_at(s)) is not None] == [
        "cards",
        "cards",
    ]


@pytest.mark.parametrize(
    ("tag", "rows", "message"),
    [
        ("x-cards", ("x-row",), "reserved for standard components"),
        ("Cards", ("x-row",), "no uppercase"),
        ("taken", ("x-row",), "already exists"),
        ("cards", (), "select the rows"),
        ("cards", ("x-row", "x-paragraph"), None),  # the paragraph is inside the row: the row only
        ("cards", ("x-paragraph", "x-spacer"), "neighbouring rows"),
    ],
)
def test_refusals(tag: str, rows: tuple[str, ...], message: str | None) -> None:
    layers = build_layers(TEXT)
    if message is None:
        assert save_as_component(layers, ids(TEXT, *rows), tag).tag == tag
        return
    with pytest.raises(EditRefused, match=message):
        save_as_component(layers, ids(TEXT, *rows), tag, existing={"taken"})


def test_suggested_tag_is_free() -> None:
    layers = build_layers(TEXT)
    assert suggested_tag(layers, ids(TEXT, "x-row"), {"cards"}) == "cards-2"
    assert suggested_tag(layers, ids(TEXT, "x-spacer")) == "saved-spacer"  # <spacer> is HTML


def test_the_demo_product_cards_compile_to_the_same_html(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    path = root / "emails" / "marketing" / "spring-collection.html"
    text = path.read_text(encoding="utf-8")
    before = compile_email(text, project=load_project(root), file=str(path))
    layers = build_layers(text, load_project(root).components)
    row = next(r.id for r in layers if r.tag == "x-row")
    made = save_as_component(layers, [row], "product-pair")
    save_component(root, made.tag, made.source)
    after = compile_email(made.edit.result(text), project=load_project(root), file=str(path))
    assert [i for i in after.issues if i.is_error] == []
    assert renumbered(after.html) == renumbered(before.html)


def renumbered(html: str) -> str:
    """Generated class names (``mw-row-139``, ``mw-3fa2…``) numbered by first appearance
    (they follow node ids, which a component's own nodes change) and the indentation
    between tags dropped (the template is written at column 0)."""
    seen: dict[str, str] = {}
    html = re.sub(r">\s+<", "><", html)
    return re.sub(
        r"\bmw-(?:[a-z]+-)?[0-9a-f]*\d[0-9a-f]*\b",
        lambda m: seen.setdefault(m.group(), f"mw-{len(seen)}"),
        html,
    )


# -- detach ---------------------------------------------------------------------------------

INNER = """<script>
export const props = Component.defineProps({
  title: Component.props.string().default(''),
  size: Component.props.number().default(1),
  items: Component.props.object({ label: Component.props.string() }).array().default([]),
});
</script>
<template><ul :title="title"><li #each="it in items">${it.label}</li></ul></template>
"""
OUTER = """<script>
export const props = Component.defineProps({
  items: Component.props.object({ label: Component.props.string() }).array().default([]),
  heading: Component.props.string().default('Hi'),
});
</script>
<template>
  <div class="outer">
    <inner-list :title="heading" :size="2" :items="items"></inner-list>
  </div>
</template>
"""


def test_detach_writes_the_parts_as_a_person_would() -> None:
    library = library_from_sources(
        {"components/inner-list.html": INNER, "components/outer-box.html": OUTER}
    )
    text = (
        "<x-base>\n  <x-section>\n"
        "    <outer-box :items=\"[{ label: 'A' }, { label: 'B' }]\" heading=\"Hey\">"
        "</outer-box>\n  </x-section>\n</x-base>\n"
    )
    layers = build_layers(text, library)
    row = next(r.id for r in layers if r.tag == "outer-box")
    edit = detach(layers, row, library)
    assert edit.result(text) == (
        "<x-base>\n  <x-section>\n"
        '    <div class="outer">\n'
        '      <inner-list title="Hey" :size="2" :items="[{ label: \'A\' }, '
        "{ label: 'B' }]\"></inner-list>\n"
        "    </div>\n  </x-section>\n</x-base>\n"
    )
    with pytest.raises(EditRefused, match="select a component of the workspace"):
        detach(layers, next(r.id for r in layers if r.tag == "x-section"), library)


def test_detach_the_demo_product_card_compiles_the_same(tmp_path: Path) -> None:
    project = load_project(DEMO)
    assert project.components is not None
    path = DEMO / "emails" / "marketing" / "spring-collection.html"
    text = path.read_text(encoding="utf-8")
    layers = build_layers(text, project.components)
    row = next(r.id for r in layers if r.tag == "fernway-product-card")
    edit = detach(layers, row, project.components, styles=project.styles)
    after = edit.result(text)
    assert 'fernway-product-card name="Ridge rain shell"' not in after
    assert "\n        <x-head><style>" in after and '\n        <div class="fw-card"' in after
    before = compile_email(text, project=project, file=str(path))
    result = compile_email(after, project=project, file=str(path))
    assert [i for i in result.issues if i.is_error] == []
    assert renumbered(result.html).count("Ridge rain shell") == renumbered(before.html).count(
        "Ridge rain shell"
    )


def test_attributes_made_props_keep_the_render_and_can_differ_per_use(tmp_path: Path) -> None:
    from studio.models import properties as P
    from studio.models.component_from_selection import PropChoice

    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    path = root / "emails" / "marketing" / "spring-collection.html"
    text = path.read_text(encoding="utf-8")
    project = load_project(root)
    before = compile_email(text, project=project, file=str(path))
    layers = build_layers(text, project.components)
    row = next(r for r in layers if r.tag == "x-row")
    cards = [r.id for r in layers if r.tag == "fernway-product-card"]
    made = save_as_component(
        layers,
        [row.id],
        "product-pair",
        uses=2,
        props=[
            PropChoice(cards[0], "name", "first", "First product"),
            PropChoice(cards[1], "price", "secondPrice"),
        ],
    )
    assert (
        "export const props = Component.defineProps({\n"
        "  first: { label: 'First product', schema: Component.props.string()"
        ".default('Ridge rain shell') },\n"
        "  secondPrice: { label: 'price', schema: Component.props.string()"
        ".default('$229') },\n});\n"
    ) in made.source
    assert '<fernway-product-card :name="first" price="$189"' in made.source
    assert 'name="Scree mid boot" :price="secondPrice"' in made.source
    save_component(root, made.tag, made.source)
    after_text = made.edit.result(text)
    project = load_project(root)
    after = compile_email(after_text, project=project, file=str(path))
    assert [i for i in after.issues if i.is_error] == []
    assert after.html.count("Ridge rain shell") == 2 * before.html.count("Ridge rain shell")
    # the second use gets its own first product, through the generated form
    layers = build_layers(after_text, project.components)
    second = [r.id for r in layers if r.tag == "product-pair"][1]
    assert [f.name for f in P.fields(layers, second)][:2] == ["first", "secondPrice"]
    edit = P.set_value(layers, [second], "first", "Summit pack")
    assert edit is not None
    final = compile_email(edit.result(after_text), project=project, file=str(path)).html
    assert final.count("Summit pack") == before.html.count("Ridge rain shell")


@pytest.mark.parametrize(
    ("attribute", "name", "message"),
    [
        ("nope", "x", "has no nope="),
        ("gap", "two words", "a prop name is a word"),
    ],
)
def test_props_that_cannot_be_made(attribute: str, name: str, message: str) -> None:
    from studio.models.component_from_selection import PropChoice

    layers = build_layers(TEXT)
    row = next(r.id for r in layers if r.tag == "x-row")
    spacer = next(r.id for r in layers if r.tag == "x-spacer")
    with pytest.raises(EditRefused, match=message):
        save_as_component(layers, [row], "cards", props=[PropChoice(row, attribute, name)])
    with pytest.raises(EditRefused, match="a row of the selection"):
        save_as_component(layers, [row], "cards", props=[PropChoice(spacer, "size", "s")])


def test_a_text_marked_as_a_slot_can_differ_per_use(tmp_path: Path) -> None:
    from studio.models.component_from_selection import SlotChoice

    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    (root / "emails" / "promo.html").write_text(
        "<x-base>\n  <x-section>\n    <x-heading-2>Picked for you</x-heading-2>\n"
        "  </x-section>\n</x-base>\n",
        encoding="utf-8",
    )
    text = (root / "emails" / "promo.html").read_text(encoding="utf-8")
    project = load_project(root)
    layers = build_layers(text, project.components)
    section = next(r.id for r in layers if r.tag == "x-section")
    heading = next(r.id for r in layers if r.tag == "x-heading-2")
    made = save_as_component(
        layers, [section], "picked", uses=2, slots=[SlotChoice(heading, "title")]
    )
    assert '<x-heading-2><slot name="title">Picked for you</slot></x-heading-2>' in made.source
    assert (
        "export const slots = Component.defineSlots({\n  title: { schema: "
        "Component.slots.text(), marks: ['bold', 'italic', 'underline', "
        "'strikethrough', 'link', 'color', 'linebreak'] },\n});\n"
    ) in made.source
    save_component(root, made.tag, made.source)
    after = made.edit.result(text)
    project = load_project(root)
    html = compile_email(after, project=project).html
    assert html.count("Picked for you") == 2
    second = after.rindex("<picked></picked>")
    filled = (
        after[:second] + '<picked><fragment #slot="title">Also <b>new</b></fragment>'
        "</picked>" + after[second + len("<picked></picked>") :]
    )
    result = compile_email(filled, project=project)
    assert [i for i in result.issues if i.is_error] == []
    assert result.html.count("Picked for you") == 1 and "Also <b>new</b>" in result.html
    with pytest.raises(EditRefused, match="a text slot is made from a text"):
        save_as_component(layers, [section], "picked2", slots=[SlotChoice(section)])
