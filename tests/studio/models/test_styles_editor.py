"""The styles editor model against the real styles package (no window)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.models.styles_editor import Change, StylesEditor, compose, parse_leaf, split
from styles import COMPONENT_PROPS, ColorVar, StylesError, load_styles
from styles.io import dumps_styles
from styles.model import StyleValue
from tests.conftest import DEMO

BRAND = """{
  "version": 1,
  "colors": [
    {"id": "brandbrand01", "name": "Brand", "hex": "#2563eb", "opacity": 100},
    {"id": "inkinkinkink", "name": "Ink", "hex": "#111111", "opacity": 100}
  ],
  "spacing": [{"id": "smallsmall01", "name": "Small", "px": 12}],
  "defaults": {
    "heading1": {"color": {"light": "$colors.brand_brandbrand01", "dark": "#f9fafb"},
                 "font-size": {"small": 28, "medium": 34}},
    "button": {"padding": "$spacing.small_smallsmall01 24px"}
  }
}
"""


@pytest.fixture
def editor(tmp_path: Path) -> StylesEditor:
    path = tmp_path / "styles.json"
    path.write_text(BRAND, encoding="utf-8")
    return StylesEditor.open(path)


def test_edit_colour_undo_redo_and_dirty(editor: StylesEditor) -> None:
    changes: list[Change] = []
    dirty: list[bool] = []
    editor.changed.connect(changes.append)
    editor.dirty_changed.connect(dirty.append)
    assert not editor.dirty and not editor.can_undo
    editor.set_variable("brandbrand01", "hex", "#ff0000")
    editor.set_variable("brandbrand01", "opacity", "50")
    assert editor.styles.colors[0].css() == "rgba(255, 0, 0, 0.5)"
    assert changes == [Change("variable", "brandbrand01")] * 2 and dirty == [True]
    assert editor.undo() and editor.styles.colors[0].opacity == 100
    assert editor.undo() and editor.styles.colors[0].hex == "#2563eb"
    assert not editor.dirty and dirty == [True, False]  # back to what is on disk
    assert not editor.undo()
    assert editor.redo() and editor.styles.colors[0].hex == "#ff0000" and editor.dirty


def test_save_writes_atomically_and_reloads_equal(editor: StylesEditor) -> None:
    assert editor.path is not None
    saved: list[Path] = []
    editor.saved.connect(saved.append)
    editor.set_place("heading1", "color", "dark", "#000000")
    editor.set_place("heading1", "font-size", "desktop", "40")
    assert editor.save() and saved == [editor.path] and not editor.dirty
    back = load_styles(editor.path)
    assert back == editor.styles
    assert back.defaults["heading1"]["font-size"] == {"small": 28, "medium": 40}
    assert back.defaults["heading1"]["color"] == {
        "light": "$colors.brand_brandbrand01",
        "dark": "#000000",
    }
    assert editor.path.read_text(encoding="utf-8") == dumps_styles(back)
    assert [p.name for p in editor.path.parent.iterdir()] == ["styles.json"]  # no temp left


def test_invalid_value_reports_the_field_and_save_is_refused(editor: StylesEditor) -> None:
    assert editor.path is not None
    before = editor.path.read_bytes()
    seen: list[dict[str, str]] = []
    editor.errors_changed.connect(seen.append)
    editor.set_variable("inkinkinkink", "hex", "blu")
    editor.set_place("heading1", "color", "dark", "notacolour")
    assert editor.errors["colors[1].hex"].startswith("expected a hex colour")
    assert "notacolour" in editor.errors["defaults.heading1.color.dark"]
    assert editor.errors_at("defaults.heading1.color") == [
        "dark: " + editor.errors["defaults.heading1.color.dark"]
    ]
    assert editor.path_of("inkinkinkink", "hex") == "colors[1].hex"
    assert not editor.save() and "2 problems" in editor.save_error
    assert editor.path.read_bytes() == before
    editor.set_variable("inkinkinkink", "hex", "#123")
    editor.set_place("heading1", "color", "dark", "")
    assert editor.valid and seen[-1] == {}
    assert editor.save()
    assert editor.path.read_bytes() != before


def test_rename_keeps_id_and_references_follow(editor: StylesEditor) -> None:
    editor.rename_variable("brandbrand01", "Primary Blue")
    assert editor.styles.colors[0].id == "brandbrand01"
    assert editor.save()
    assert editor.path is not None
    text = editor.path.read_text(encoding="utf-8")
    assert '"$colors.primary_blue_brandbrand01"' in text and "brand_brandbrand01" not in text
    assert editor.reference_name("$colors.primary_blue_brandbrand01") == "Primary Blue"


def test_delete_keeps_last_value_in_defaults(editor: StylesEditor) -> None:
    gone = editor.delete_variable("brandbrand01")
    assert isinstance(gone, ColorVar)
    assert editor.styles.defaults["heading1"]["color"] == {"light": "#2563eb", "dark": "#f9fafb"}
    gone_sp = editor.delete_variable("smallsmall01")
    assert gone_sp is not None and editor.styles.defaults["button"]["padding"] == "12px 24px"
    assert editor.valid and editor.delete_variable("nosuchid0000") is None
    editor.undo()
    assert [s.id for s in editor.styles.spacing] == ["smallsmall01"]


def test_add_variables_and_use_them_by_name(editor: StylesEditor) -> None:
    font = editor.add_variable("fonts", "Display")
    editor.set_variable(font.id, "type", "custom")
    editor.set_variable(font.id, "family", "Inter")
    assert "url" in " ".join(editor.errors)  # a custom font needs its stylesheet
    editor.set_variable(font.id, "url", "https://fonts.googleapis.com/css2?family=Inter")
    editor.set_variable(font.id, "fallback", "Arial")
    assert editor.valid
    radius = editor.add_variable("radii")
    assert radius.name == "Radius 1" and len(radius.id) == 12
    editor.set_variable(radius.id, "px", "-3")
    assert list(editor.errors) == ["radii[0].px"]
    editor.set_variable(radius.id, "px", "6")
    editor.set_place("paragraph", "font-family", "base", "Display")
    editor.set_place("button", "border-radius", "base", radius.name)
    assert editor.value("paragraph", "font-family") == f"$fonts.{font.key}"
    assert editor.value("button", "border-radius") == f"$radii.{radius.key}"
    assert editor.valid and editor.save()
    assert editor.path is not None
    assert load_styles(editor.path).font_stylesheets() == [
        "https://fonts.googleapis.com/css2?family=Inter"
    ]
    # a colour name is no font: the wrong type is reported at the field
    editor.set_place("paragraph", "font-family", "base", "$colors.ink_inkinkinkink")
    assert "defaults.paragraph.font-family" in editor.errors


def test_missing_file_starts_from_defaults_and_broken_file_refuses(tmp_path: Path) -> None:
    fresh = StylesEditor.open(tmp_path / "styles.json")
    assert fresh.dirty and fresh.styles.colors
    assert fresh.save() and (tmp_path / "styles.json").is_file()
    (tmp_path / "styles.json").write_text('{"colors": [', encoding="utf-8")
    with pytest.raises(StylesError) as info:
        StylesEditor.open(tmp_path / "styles.json")
    assert info.value.line == 1


def test_places_compose_in_the_file_form() -> None:
    bg = COMPONENT_PROPS["button"]["background"]
    size = COMPONENT_PROPS["heading1"]["font-size"]
    assert compose({"base": 16}, size) == 16
    assert compose({"base": 16, "desktop": 20}, size) == {"small": 16, "medium": 20}
    assert compose({"base": "#fff", "dark": "#000"}, bg) == {"light": "#fff", "dark": "#000"}
    combined: StyleValue = {"small:light": "#fff", "medium:dark": "#222"}
    assert compose(split(combined) | {"dark": "#111"}, bg, combined) == {
        "small:light": "#fff",
        "small:dark": "#111",
        "medium:dark": "#222",
    }
    assert compose({}, bg) is None
    assert parse_leaf(" 28 ") == 28 and parse_leaf("1.5") == 1.5 and parse_leaf("2.0") == 2.0
    assert parse_leaf("12px") == "12px"


def test_demo_styles_round_trip_and_uses(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    ed = StylesEditor.open(tmp_path / "demo" / "styles.json")
    assert ed.valid and not ed.dirty
    assert ed.places("heading1", "font-size") == {"base": 28, "desktop": 34}
    ed.set_place("heading2", "color", "base", "#ff0000")
    assert ed.save()
    assert load_styles(tmp_path / "demo" / "styles.json").defaults["heading2"]["color"] == {
        "light": "#ff0000",
        "dark": "$colors.fern_light_f3rnfern0006",
    }
    comp = tmp_path / "demo" / "components" / "fernway-header.html"
    note = "\n<!-- globalStyles.colors.moss_f3rnm0ss0001 -->"
    comp.write_text(comp.read_text(encoding="utf-8") + note, encoding="utf-8")
    assert ed.uses_in_workspace("f3rnm0ss0001") == ["components/fernway-header.html"]
