"""The layers panel's view state follows the document's edits and never edits it."""

from __future__ import annotations

from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.drop_rules import Place
from studio.models.layer_view import LayerView
from studio.models.layers import Layers, build_layers

SRC = (
    "<x-section>\n  <x-heading-1>A</x-heading-1>\n  {% if vip %}\n"
    "  <x-paragraph>B</x-paragraph>\n  {% endif %}\n  <table><tr><td>x</td></tr></table>\n"
    "  <x-hr></x-hr>\n</x-section>\n"
)


def by_tag(layers: Layers, tag: str) -> str:
    return next(r.id for r in layers if r.tag == tag)


def test_collapse_and_hide_follow_edits_and_undo() -> None:
    doc = EmailDocument(SRC)
    view = LayerView()
    doc.changed.connect(view.follow)
    layers = build_layers(doc.text)
    group = next(r for r in layers if r.kind == "html-group")
    assert view.collapsed(group)  # HTML rows start collapsed
    assert "table" not in [r.tag for r in view.visible_rows(layers)]
    assert view.toggle(group) is False
    assert "table" in [r.tag for r in view.visible_rows(layers)]
    liquid = next(r for r in layers if r.kind == "liquid")
    view.set_hidden(liquid, True)
    view.set_hidden(layers.rows[by_tag(layers, "x-hr")], True)
    marks = view.hidden_marks(layers)
    assert marks == [
        layers.rows[by_tag(layers, "x-paragraph")].node_id,
        layers.rows[by_tag(layers, "x-hr")].node_id,
    ]
    # an insert above moves every kept row; the state follows
    V.apply(doc, V.insert(layers, "<x-spacer></x-spacer>", Place(layers.roots[0], 0)))
    layers = build_layers(doc.text)
    assert [r.tag for r in layers if view.hidden(r)] == ["if", "x-hr"]
    assert not view.collapsed(next(r for r in layers if r.kind == "html-group"))
    doc.undo()
    layers = build_layers(doc.text)
    assert [r.tag for r in layers if view.hidden(r)] == ["if", "x-hr"]
    # deleting a hidden row forgets it; the source never holds view state
    V.apply(doc, V.delete(layers, [by_tag(layers, "x-hr")]))
    layers = build_layers(doc.text)
    assert [r.tag for r in layers if view.hidden(r)] == ["if"]
    assert "hidden" not in doc.text and doc.text == SRC.replace("  <x-hr></x-hr>\n", "")


def test_a_moved_row_keeps_its_state_and_its_inner_rows_state() -> None:
    src = (
        "<x-section>\n  <x-heading-1>A</x-heading-1>\n</x-section>\n"
        "<x-section>\n  <x-paragraph>B</x-paragraph>\n  <x-hr></x-hr>\n</x-section>\n"
        "<x-section>\n  <x-heading-2>C</x-heading-2>\n</x-section>\n"
    )
    doc = EmailDocument(src)
    view = LayerView()
    doc.changed.connect(view.follow)
    layers = build_layers(doc.text)
    second = layers.rows[layers.roots[1]]
    view.toggle(second)  # collapsed
    view.set_hidden(layers.rows[by_tag(layers, "x-hr")], True)
    # the second section moved to the end (below the third)
    edit = V.move(layers, [second.id], Place(None, 3))
    assert edit is not None and edit.moved == (second.id,)
    view.carry(layers, edit.moved, edit.selection, edit.result(layers.text))
    V.apply(doc, edit)
    stale = build_layers(src)
    view.settle(stale)  # layers of another text: nothing is put back yet
    layers = build_layers(doc.text)
    assert [layers.rows[r].label for r in layers.roots] == ["Section"] * 3
    view.settle(layers)
    moved = layers.rows[layers.roots[2]]
    assert [r.tag for r in layers if r.id in moved.children] == ["x-paragraph", "x-hr"]
    assert [view.collapsed(layers.rows[r]) for r in layers.roots] == [False, False, True]
    assert [r.tag for r in layers if view.hidden(r)] == ["x-hr"]
    assert "hidden" not in doc.text


def test_hidden_marks_are_every_element_at_or_inside_a_hidden_row() -> None:
    """On the demo's marketing email, each row hidden in turn (and two at once): the
    marks are the elements whose row or an ancestor row is hidden, in document order."""
    from tests.conftest import DEMO

    text = (DEMO / "emails" / "marketing" / "spring-collection.html").read_text("utf-8")
    layers = build_layers(text)
    assert LayerView().hidden_marks(layers) == []
    rows = list(layers)
    for picked in ([rows[1]], [rows[len(rows) // 2]], [rows[2], rows[-3]]):
        view = LayerView()
        for row in picked:
            view.set_hidden(row, True)
        expected = [
            r.node_id
            for r in rows
            if r.node_id and any(view.hidden(a) for a in [*layers.ancestors(r.id), r])
        ]
        assert expected and view.hidden_marks(layers) == expected
