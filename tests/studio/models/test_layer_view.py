"""The layers panel's view state follows the document's edits and never edits it."""

from __future__ import annotations

from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.drop_rules import Place
from studio.models.layer_view import LayerView
from studio.models.layers import Layers, build_layers

SRC = ("<x-section>\n  <x-heading-1>A</x-heading-1>\n  {% if vip %}\n"
       "  <x-paragraph>B</x-paragraph>\n  {% endif %}\n  <table><tr><td>x</td></tr></table>\n"
       "  <x-hr></x-hr>\n</x-section>\n")


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
    assert marks == [layers.rows[by_tag(layers, "x-paragraph")].node_id,
                     layers.rows[by_tag(layers, "x-hr")].node_id]
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
