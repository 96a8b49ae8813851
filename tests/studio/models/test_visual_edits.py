"""Visual edit operations: each case gives the exact source after the edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from components.custom.library import library_from_sources
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.drop_rules import Place
from studio.models.layers import Layers, build_layers

SRC = """<x-base>
  <x-section>
    <!-- Hero -->
    <x-heading-1 text-align='center' font-size="32">Hi</x-heading-1>
    <x-paragraph>P {{ name }}</x-paragraph>
  </x-section>
  <x-section>
  </x-section>
  <x-row :layout="[50,50]">
    <x-column></x-column>
    <x-column>
      {% if vip %}
      <x-hr></x-hr>
      {% endif %}
    </x-column>
  </x-row>
</x-base>
"""


def row(layers: Layers, tag: str, n: int = 0) -> str:
    return [r.id for r in layers if r.tag == tag][n]


Op = Callable[[Layers], "V.VisualEdit | None"]


@dataclass(frozen=True)
class Case:
    description: str
    op: Op
    expect: str  # the whole source after the edit
    selected: tuple[str, ...] = ()  # what the selection offsets point at


CASES = [
    Case(
        "insert into an empty section opens a line at the right depth",
        lambda L: V.insert(L, "<x-paragraph>New</x-paragraph>", Place(row(L, "x-section", 1), 0)),
        SRC.replace(
            "  <x-section>\n  </x-section>",
            "  <x-section>\n    <x-paragraph>New</x-paragraph>\n  </x-section>",
        ),
        ("<x-paragraph>New",),
    ),
    Case(
        "insert a multi-line entry between siblings, indented",
        lambda L: V.insert(
            L,
            '<x-row :layout="[50,50]">\n  <x-column>\n  </x-column>\n'
            "  <x-column>\n  </x-column>\n</x-row>",
            Place(row(L, "x-section"), 1),
        ),
        SRC.replace(
            "    <x-paragraph>P",
            '    <x-row :layout="[50,50]">\n      <x-column>\n'
            "      </x-column>\n      <x-column>\n      </x-column>\n    </x-row>\n"
            "    <x-paragraph>P",
        ),
        ('<x-row :layout="[50,50]">\n      <x-column>',),
    ),
    Case(
        "insert into <x-column></x-column> opens it up",
        lambda L: V.insert(L, "<x-spacer></x-spacer>", Place(row(L, "x-column"), 0)),
        SRC.replace(
            "    <x-column></x-column>",
            "    <x-column>\n      <x-spacer></x-spacer>\n    </x-column>",
        ),
        ("<x-spacer>",),
    ),
    Case(
        "inserting a column into a row gives the layout equal widths",
        lambda L: V.insert(L, "<x-column>\n</x-column>", Place(row(L, "x-row"), 2)),
        SRC.replace("[50,50]", "[33,34,33]").replace(
            "    </x-column>\n  </x-row>",
            "    </x-column>\n    <x-column>\n    </x-column>\n  </x-row>",
        ),
        ("<x-column>\n    </x-column>\n  </x-row>",),
    ),
    Case(
        "move carries the label comment and re-indents to the new depth",
        lambda L: V.move(L, [row(L, "x-heading-1")], Place(row(L, "x-column"), 0)),
        SRC.replace(
            "    <!-- Hero -->\n    <x-heading-1 text-align='center' font-size=\"32\">"
            "Hi</x-heading-1>\n",
            "",
        ).replace(
            "    <x-column></x-column>",
            "    <x-column>\n      <!-- Hero -->\n      <x-heading-1 text-align='center' "
            'font-size="32">Hi</x-heading-1>\n    </x-column>',
        ),
        ("<x-heading-1 text-align='center'",),
    ),
    Case(
        "move a Liquid block row: the tokens travel byte for byte",
        lambda L: V.move(
            L, [next(r.id for r in L if r.kind == "liquid")], Place(row(L, "x-section", 1), 0)
        ),
        SRC.replace("      {% if vip %}\n      <x-hr></x-hr>\n      {% endif %}\n", "").replace(
            "  <x-section>\n  </x-section>",
            "  <x-section>\n    {% if vip %}\n    <x-hr></x-hr>\n    {% endif %}\n  </x-section>",
        ),
        ("{% if vip %}",),
    ),
    Case(
        "move up swaps with the previous sibling",
        lambda L: V.move_up(L, row(L, "x-paragraph")),
        SRC.replace(
            "    <!-- Hero -->\n    <x-heading-1 text-align='center' font-size=\"32\">"
            "Hi</x-heading-1>\n    <x-paragraph>P {{ name }}</x-paragraph>\n",
            "    <x-paragraph>P {{ name }}</x-paragraph>\n    <!-- Hero -->\n"
            "    <x-heading-1 text-align='center' font-size=\"32\">Hi</x-heading-1>\n",
        ),
        ("<x-paragraph>P",),
    ),
    Case(
        "duplicate copies the block after itself",
        lambda L: V.duplicate(L, [row(L, "x-paragraph")]),
        SRC.replace(
            "    <x-paragraph>P {{ name }}</x-paragraph>\n",
            "    <x-paragraph>P {{ name }}</x-paragraph>\n" * 2,
        ),
        ("<x-paragraph>P {{ name }}</x-paragraph>\n  </x-section>",),
    ),
    Case(
        "duplicating a column updates the layout",
        lambda L: V.duplicate(L, [row(L, "x-column")]),
        SRC.replace("[50,50]", "[33,34,33]").replace(
            "    <x-column></x-column>\n", "    <x-column></x-column>\n" * 2
        ),
        ("<x-column></x-column>\n    <x-column>\n      {%",),
    ),
    Case(
        "delete removes the whole lines, comment included",
        lambda L: V.delete(L, [row(L, "x-heading-1")]),
        SRC.replace(
            "    <!-- Hero -->\n    <x-heading-1 text-align='center' font-size=\"32\">"
            "Hi</x-heading-1>\n",
            "",
        ),
    ),
    Case(
        "delete several rows at once",
        lambda L: V.delete(L, [row(L, "x-paragraph"), row(L, "x-hr")]),
        SRC.replace("    <x-paragraph>P {{ name }}</x-paragraph>\n", "").replace(
            "      <x-hr></x-hr>\n", ""
        ),
    ),
    Case(
        "rename rewrites the label comment",
        lambda L: V.rename(L, row(L, "x-heading-1"), "Big title"),
        SRC.replace("<!-- Hero -->", "<!-- Big title -->"),
        ("<x-heading-1",),
    ),
    Case(
        "rename writes a comment on its own line",
        lambda L: V.rename(L, row(L, "x-paragraph"), "Intro"),
        SRC.replace("    <x-paragraph>", "    <!-- Intro -->\n    <x-paragraph>"),
        ("<x-paragraph>",),
    ),
    Case(
        "an empty name removes the comment",
        lambda L: V.rename(L, row(L, "x-heading-1"), ""),
        SRC.replace("    <!-- Hero -->\n", ""),
        ("<x-heading-1",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_edit(case: Case) -> None:
    layers = build_layers(SRC)
    edit = case.op(layers)
    assert edit is not None
    after = edit.result(SRC)
    assert after == case.expect
    assert len(edit.selection) == len(case.selected)
    for offset, start in zip(edit.selection, case.selected, strict=True):
        assert after[offset:].startswith(start)
    # through the document: one undo step, selection restored
    doc = EmailDocument(SRC)
    restored: list[object] = []
    doc.selection_restored.connect(restored.append)
    V.apply(doc, case.op(build_layers(SRC)), selection_before=(5,))
    assert doc.text == case.expect
    doc.undo()
    assert doc.text == SRC and restored == [(5,)]
    doc.redo()
    assert doc.text == case.expect and restored[-1] == edit.selection


@dataclass(frozen=True)
class Refusal:
    description: str
    op: Op
    reason: str


REFUSALS = [
    Refusal(
        "a column outside a row",
        lambda L: V.insert(L, "<x-column></x-column>", Place(row(L, "x-section"), 0)),
        "<x-column> may only be placed directly in <x-row>; it is inside <x-section>",
    ),
    Refusal(
        "into a paragraph",
        lambda L: V.insert(L, "<x-hr></x-hr>", Place(row(L, "x-paragraph"), 0)),
        "<x-paragraph> takes text, not components",
    ),
    Refusal(
        "outside the message",
        lambda L: V.insert(L, "<x-hr></x-hr>", Place(None, 1)),
        "everything goes inside the message (<x-base>)",
    ),
    Refusal(
        "a second x-base",
        lambda L: V.insert(L, "<x-base></x-base>", Place(row(L, "x-section"), 0)),
        "<x-base> is the whole message",
    ),
    Refusal(
        "a section into itself",
        lambda L: V.move(L, [row(L, "x-section")], Place(row(L, "x-section"), 0)),
        "a layer cannot be moved into itself",
    ),
]


@pytest.mark.parametrize("case", REFUSALS, ids=lambda c: c.description)
def test_refused(case: Refusal) -> None:
    with pytest.raises(V.EditRefused) as caught:
        case.op(build_layers(SRC))
    assert str(caught.value).startswith(case.reason)


CARD = """<script>
export const config = { label: "Card",
  presets: [{ label: "Card", content: `<my-card></my-card>` }] };
export const slots = Component.defineSlots({ title: Component.slots.text(),
  body: Component.slots.children(['x-paragraph']).max(1) });
</script>
<template><div><slot name="title"></slot><slot name="body"></slot></div></template>"""
NAV = """<script>export const config = { allowedParents: ['my-card'] };</script>
<template><a>nav</a></template>"""
LIB = library_from_sources({"components/my-card.html": CARD, "components/my-nav.html": NAV})


def test_slots_take_what_their_schema_allows() -> None:
    text = "<x-section>\n  <my-card>\n  </my-card>\n</x-section>\n"
    layers = build_layers(text, LIB)
    body = next(r for r in layers if r.id.endswith("/slot:body"))
    title = next(r for r in layers if r.id.endswith("/slot:title"))
    edit = V.insert(layers, "<x-paragraph>B</x-paragraph>", Place(body.id, 0))
    assert edit.result(text) == (
        '<x-section>\n  <my-card>\n    <fragment #slot="body">\n'
        "      <x-paragraph>B</x-paragraph>\n    </fragment>\n"
        "  </my-card>\n</x-section>\n"
    )
    again = build_layers(edit.result(text), LIB)
    body = next(r for r in again if r.id.endswith("/slot:body"))
    with pytest.raises(V.EditRefused, match="at most 1"):
        V.insert(again, "<x-paragraph>C</x-paragraph>", Place(body.id, 1))
    with pytest.raises(V.EditRefused, match="takes only <x-paragraph>; <x-hr>"):
        V.insert(layers, "<x-hr></x-hr>", Place(body.id, 0))
    with pytest.raises(V.EditRefused, match="takes text"):
        V.insert(layers, "<x-hr></x-hr>", Place(title.id, 0))
    # allowedParents: my-nav only inside my-card (the nearest component)
    with pytest.raises(
        V.EditRefused,
        match=r"\(config.allowedParents\); it is inside "
        "<x-section>",
    ):
        V.insert(layers, "<my-nav></my-nav>", Place(layers.roots[0], 0))


def test_copy_and_paste_between_emails() -> None:
    layers = build_layers(SRC)
    clip = V.copy(layers, [row(layers, "x-column", 1)])
    assert clip == ("<x-column>\n  {% if vip %}\n  <x-hr></x-hr>\n  {% endif %}\n</x-column>")
    other = (
        '<x-base>\n  <x-row :layout="[100]">\n    <x-column></x-column>\n  </x-row>\n</x-base>\n'
    )
    target = build_layers(other)
    edit = V.paste(target, clip, Place(row(target, "x-row"), 1))
    assert edit.result(other) == (
        '<x-base>\n  <x-row :layout="[50,50]">\n    <x-column></x-column>\n'
        "    <x-column>\n      {% if vip %}\n      <x-hr></x-hr>\n      {% endif %}\n"
        "    </x-column>\n  </x-row>\n</x-base>\n"
    )
    text, cut = V.cut(layers, [row(layers, "x-paragraph")])
    assert text == "<x-paragraph>P {{ name }}</x-paragraph>"
    assert cut is not None and "x-paragraph" not in cut.result(SRC)


def test_no_op_move_is_none_and_liquid_names_are_refused() -> None:
    layers = build_layers(SRC)
    assert V.move(layers, [row(layers, "x-paragraph")], Place(row(layers, "x-section"), 2)) is None
    assert V.move_up(layers, row(layers, "x-heading-1")) is None
    with pytest.raises(V.EditRefused, match="Liquid"):
        V.rename(layers, row(layers, "x-paragraph"), "{{ x }}")


def test_places_for_a_column_are_only_in_rows() -> None:
    from studio.models.drop_rules import Dragged, places

    layers = build_layers(SRC)
    found = places(layers, Dragged.markup("<x-column></x-column>"))
    the_row = row(layers, "x-row")
    assert found == [Place(the_row, 0), Place(the_row, 1), Place(the_row, 2)]
    anywhere = places(layers, Dragged.markup("<x-hr></x-hr>"))
    assert Place(row(layers, "x-section", 1), 0) in anywhere
    assert all(p.parent is not None for p in anywhere)  # never outside x-base
    empty = [p for p in anywhere if p.empty]
    assert Place(row(layers, "x-section", 1), 0) in empty


def test_a_placeholder_comment_stays_below_and_never_names_a_row() -> None:
    text = "<x-section>\n  <!-- Content goes here -->\n</x-section>\n"
    layers = build_layers(text)
    edit = V.insert(layers, "<x-hr></x-hr>", Place(layers.roots[0], 0))
    after = edit.result(text)
    assert after == ("<x-section>\n  <x-hr></x-hr>\n  <!-- Content goes here -->\n</x-section>\n")
    assert [r.label for r in build_layers(after)] == ["Section", "Divider"]


def test_last_column_gone_leaves_an_empty_layout_and_liquid_rows_take_names() -> None:
    text = '<x-row :layout="[100]">\n  <x-column></x-column>\n</x-row>\n'
    layers = build_layers(text)
    edit = V.delete(layers, [row(layers, "x-column")])
    assert edit is not None and edit.result(text) == '<x-row :layout="[]">\n</x-row>\n'
    layers = build_layers(SRC)
    block = next(r for r in layers if r.kind == "liquid")
    named = V.rename(layers, block.id, "Members only")
    assert named is not None
    after = named.result(SRC)
    assert "      <!-- Members only -->\n      {% if vip %}" in after
    assert [r.label for r in build_layers(after) if r.kind == "liquid"] == ["Members only"]


def test_double_click_inserts_after_the_selection_or_where_it_fits() -> None:
    from studio.models.drop_rules import Dragged, insert_after_selection

    layers = build_layers(SRC)
    hr = Dragged.markup("<x-hr></x-hr>")
    column = Dragged.markup("<x-column></x-column>")
    paragraph = row(layers, "x-paragraph")
    assert insert_after_selection(layers, hr, paragraph) == Place(row(layers, "x-section"), 2)
    # an empty section takes it inside
    empty = row(layers, "x-section", 1)
    assert insert_after_selection(layers, hr, empty) == Place(empty, 0)
    # a column after a paragraph: after the nearest place that takes one — not found
    # above the paragraph, so none; after a column: right after it
    assert insert_after_selection(layers, column, paragraph) is None
    first_column = row(layers, "x-column")
    assert insert_after_selection(layers, column, first_column) == Place(row(layers, "x-row"), 1)
    base = row(layers, "x-base")
    assert insert_after_selection(layers, hr, None) == Place(base, 3)
