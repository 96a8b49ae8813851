"""The properties panel draws the model's fields with real controls and writes back
through the model: one undo step per change, the exact source edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.models.document import EmailDocument
from studio.models.preview import PreviewSettings
from studio.qt.editor_page import EditorPage
from studio.qt.properties_panel import REBUILD_DELAY_MS, PropertiesPanel
from styles.model import ColorVar, GlobalStyles

pytestmark = pytest.mark.qt

TEXT = (
    "---\nsubject: Hi\n---\n<x-base>\n"
    '  <x-section padding="10px">\n'
    '    <x-paragraph color="#111" font-size="16">Hello</x-paragraph>\n'
    "  </x-section>\n"
    '  <x-cta href="#" :track-link="false">Go</x-cta>\n'
    "</x-base>\n"
)


def panel_for(qtbot: QtBot, tag: str, *more: str) -> tuple[EmailDocument, PropertiesPanel]:
    doc = EmailDocument(TEXT)
    styles = GlobalStyles(colors=[ColorVar("Brand", "#c8553d", id="k2j3m4n5p6q7")])
    panel = PropertiesPanel(doc, styles=styles)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([TEXT.index(f"<{t}") for t in (tag, *more)])
    return doc, panel


def type_into(edit: QWidget, text: str) -> None:
    assert isinstance(edit, QLineEdit), edit
    edit.setText(text)
    edit.editingFinished.emit()


def text_of(edit: QWidget) -> str:
    assert isinstance(edit, QLineEdit), edit
    return edit.text()


def click(button: QWidget) -> None:
    assert isinstance(button, QAbstractButton), button
    button.click()


def test_a_text_field_writes_one_undo_step(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-section")
    assert panel.title.text() == "Section"
    padding = panel.controls["padding"]
    assert isinstance(padding, QLineEdit) and padding.text() == "10px"
    type_into(padding, "20px")
    assert '<x-section padding="20px">' in doc.text
    type_into(panel.controls["padding/medium"], "40px")
    assert "<x-section :padding=\"{ small: '20px', medium: '40px' }\">" in doc.text
    doc.undo()
    assert '<x-section padding="20px">' in doc.text
    qtbot.waitUntil(lambda: text_of(panel.controls["padding/medium"]) == "")
    assert text_of(panel.controls["padding"]) == "20px"
    doc.undo()
    assert doc.text == TEXT


def test_dark_colour_and_reset(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-paragraph")
    type_into(panel.controls["color/dark"], "#eeeeee")
    assert "<x-paragraph :color=\"{ light: '#111', dark: '#eeeeee' }\"" in doc.text
    reset = panel.controls["color/reset"]
    assert isinstance(reset, QToolButton) and reset.isEnabled()
    reset.click()
    assert '<x-paragraph font-size="16">Hello' in doc.text


def test_number_select_switch_and_global_colour(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-paragraph")
    size = panel.controls["font-size"]
    assert isinstance(size, QDoubleSpinBox) and size.value() == 16
    size.setValue(18)
    size.editingFinished.emit()
    assert 'font-size="18"' in doc.text
    weight = panel.controls["font-weight"]
    assert isinstance(weight, QComboBox)
    index = weight.findData("700")
    weight.setCurrentIndex(index)
    weight.activated.emit(index)
    assert 'font-size="18" font-weight="700">' in doc.text
    swatch = panel.controls["color/swatch"]
    assert isinstance(swatch, QToolButton)
    menu = swatch.menu()
    assert menu is not None
    workspace, _sep, picker = menu.actions()
    assert (workspace.text(), picker.text()) == ("Brand  #c8553d", "Pick a colour…")
    workspace.trigger()
    assert ':color="globalStyles.colors.brand_k2j3m4n5p6q7"' in doc.text
    panel.show_rows([doc.text.index("<x-cta")])
    track = panel.controls["track-link"]
    assert isinstance(track, QCheckBox) and not track.isChecked()
    track.setChecked(True)
    assert ':track-link="true"' in doc.text


def test_multi_select_and_refusal(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-section", "x-cta")
    assert "outer-background" not in panel.controls  # a section's only
    type_into(panel.controls["id"], "k")
    assert '<x-section padding="10px" id="k">' in doc.text
    assert '<x-cta href="#" :track-link="false" id="k">' in doc.text
    doc.undo()
    assert doc.text == TEXT


def test_message_fields_write_the_envelope(qtbot: QtBot) -> None:
    doc = EmailDocument(TEXT)
    panel = PropertiesPanel(doc)
    qtbot.addWidget(panel)
    panel.show_message()
    subject = panel.controls["envelope:subject"]
    assert isinstance(subject, QLineEdit) and subject.text() == "Hi"
    type_into(subject, "Hello {{ first_name }}")
    assert doc.text.startswith("---\nsubject: Hello {{ first_name }}\n---\n")
    type_into(panel.controls["font-family"], "Georgia, serif")
    assert '<x-base font-family="Georgia, serif">' in doc.text


def test_a_write_before_the_rebuild_uses_the_text_of_now(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-paragraph")
    doc.replace(0, 0, "<!-- a comment typed in the code -->\n")
    type_into(panel.controls["id"], "k")
    assert '<x-paragraph color="#111" font-size="16" id="k">Hello</x-paragraph>' in doc.text


def test_edits_elsewhere_rebuild_after_a_pause_and_only_when_visible(qtbot: QtBot) -> None:
    doc, panel = panel_for(qtbot, "x-paragraph")
    doc.replace(doc.text.index("#111"), doc.text.index("#111") + 4, "#222")
    qtbot.waitUntil(lambda: text_of(panel.controls["color"]) == "#222")
    panel.hide()
    at = doc.text.index("#222")
    doc.replace(at, at + 4, "#333")
    qtbot.wait(REBUILD_DELAY_MS * 3)
    assert text_of(panel.controls["color"]) == "#222"
    panel.show()
    assert text_of(panel.controls["color"]) == "#333"


def test_typing_that_leaves_the_fields_as_they_are_keeps_the_form(qtbot: QtBot) -> None:
    """Typing in the selected paragraph's text (in the code) leaves every field as it
    was: the form shown stays, with its widgets; a changed value, or a new label,
    builds it again."""
    doc, panel = panel_for(qtbot, "x-paragraph")
    built: list[bool] = []
    panel.rebuilt.connect(lambda: built.append(True))
    color = panel.controls["color"]
    at = doc.text.index("Hello") + 5
    doc.replace(at, at, ", typed")
    panel.refresh()  # what the visual editor does once the canvas shows the edit
    assert not built and panel.controls["color"] is color
    assert panel.title.text() == "Paragraph"
    doc.replace(doc.text.index("#111"), doc.text.index("#111") + 4, "#222")
    panel.refresh()
    assert built == [True] and panel.controls["color"] is not color
    assert text_of(panel.controls["color"]) == "#222"
    at = doc.text.index("<x-paragraph")
    doc.replace(at, at, "<!-- Greeting -->\n    ")
    panel.refresh()
    assert built == [True, True] and panel.title.text() == "Greeting"
    panel.show_rows([doc.text.index("<x-paragraph")])  # a selection: always built
    assert built == [True, True, True]


def test_the_visual_editor_shows_the_selection_on_the_right(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "emails" / "hook.html"
    path.parent.mkdir(parents=True)
    path.write_text(TEXT, encoding="utf-8")
    page = EditorPage(
        EmailDocument.load(path), editor_mode="visual", preview_settings=PreviewSettings()
    )
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        page.show()
    try:
        visual = page.visual
        assert visual.properties.geometry().left() > visual.middle.geometry().right()
        section = next(r.id for r in visual.current_layers() if r.tag == "x-section")
        visual.select([section])
        assert visual.properties.title.text() == "Section"
        type_into(visual.properties.controls["padding"], "24px")
        assert '<x-section padding="24px">' in page.document.text
    finally:
        page.shutdown()


# -- part 2: compound controls, mobile only, visibility, save as component -------------

STYLED = (
    "<x-base>\n"
    '  <x-section padding="14px 32px" background="#2f4f3a">\n'
    '    <x-cta href="#" background="#b4472f" padding="14px 32px">Go</x-cta>\n'
    "  </x-section>\n"
    "</x-base>\n"
)


def styled_panel(
    qtbot: QtBot, tag: str, root: Path | None = None
) -> tuple[EmailDocument, PropertiesPanel]:
    doc = EmailDocument(STYLED)
    panel = PropertiesPanel(doc)
    panel.root = root
    panel.profile = {"customer": {"first_name": "Maya", "member": True}}
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([STYLED.index(f"<{tag}")])
    return doc, panel


def spin_to(spin: QWidget, value: int) -> None:
    assert isinstance(spin, (QDoubleSpinBox, QSpinBox))
    spin.setValue(value)
    spin.editingFinished.emit()


def test_colour_with_opacity_and_its_dark_value(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-cta")
    spin_to(panel.controls["background/opacity"], 80)
    assert 'background="rgba(180, 71, 47, 0.8)"' in doc.text
    type_into(panel.controls["background/dark"], "#1d6fb8")
    assert ":background=\"{ light: 'rgba(180, 71, 47, 0.8)', dark: '#1d6fb8' }\"" in doc.text
    assert text_of(panel.controls["background"]) == "#b4472f"
    opacity = panel.controls["background/opacity"]
    assert isinstance(opacity, QSpinBox) and opacity.value() == 80


def test_background_gradient_editor(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-section")
    click(panel.controls["background/gradient"])
    assert 'background="linear-gradient(180deg, #2f4f3a 0%, #97a79c 100%)"' in doc.text
    spin_to(panel.controls["background/angle"], 135)
    type_into(panel.controls["background/stop1"], "#1d3b2a")
    spin_to(panel.controls["background/stop1/position"], 90)
    assert 'background="linear-gradient(135deg, #2f4f3a 0%, #1d3b2a 90%)"' in doc.text
    click(panel.controls["background/add-stop"])
    assert "#2f4f3a 0%, #2f4f3a 45%, #1d3b2a 90%)" in doc.text
    click(panel.controls["background/remove-stop1"])
    assert 'background="linear-gradient(135deg, #2f4f3a 0%, #1d3b2a 90%)"' in doc.text
    type_into(panel.controls["background/dark"], "#0f1a14")
    assert (
        ":background=\"{ light: 'linear-gradient(135deg, #2f4f3a 0%, #1d3b2a 90%)', "
        "dark: '#0f1a14' }\""
    ) in doc.text


def test_padding_box_unlinked_and_mobile_only(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-cta")
    link = panel.controls["padding/linked"]
    assert isinstance(link, QToolButton) and not link.isChecked()
    type_into(panel.controls["padding/left"], "20px")
    assert 'padding="14px 32px 14px 20px"' in doc.text
    doc.undo()
    qtbot.waitUntil(lambda: text_of(panel.controls["padding"]) == "14px 32px")
    assert panel.mobile.isVisible()
    panel.mobile.setChecked(True)
    type_into(panel.controls["padding"], "10px 20px")
    assert ":padding=\"{ small: '10px 20px', medium: '14px 32px' }\"" in doc.text
    assert text_of(panel.controls["padding/medium"]) == "14px 32px"


def test_bare_numbers_typed_into_padding_are_pixels(qtbot: QtBot) -> None:
    """A designer types 20 into a side (or "8 16" into the shorthand): a unitless length
    is not CSS (a browser drops it), so the panel writes px."""
    doc, panel = styled_panel(qtbot, "x-cta")
    type_into(panel.controls["padding/left"], "20")
    assert 'padding="14px 32px 14px 20px"' in doc.text
    doc.undo()
    qtbot.waitUntil(lambda: text_of(panel.controls["padding"]) == "14px 32px")
    type_into(panel.controls["padding"], "8 0 1.5em 16")
    assert 'padding="8px 0 1.5em 16px"' in doc.text


def test_each_padding_side_has_its_unit(qtbot: QtBot) -> None:
    """A side shows its number beside a unit picker: picking a unit rewrites that side
    in it; a length typed with its own unit sets the picker; zero needs none."""
    doc, panel = styled_panel(qtbot, "x-cta")
    left, unit = panel.controls["padding/left"], panel.controls["padding/left/unit"]
    assert isinstance(left, QLineEdit) and isinstance(unit, QComboBox)
    assert (left.text(), unit.currentText()) == ("32", "px")
    unit.setCurrentText("%")
    unit.activated.emit(unit.currentIndex())
    assert 'padding="14px 32px 14px 32%"' in doc.text
    doc.undo()
    qtbot.waitUntil(lambda: text_of(panel.controls["padding"]) == "14px 32px")
    bottom = panel.controls["padding/bottom"]
    type_into(bottom, "1.5em")
    assert 'padding="14px 32px 1.5em"' in doc.text
    doc.undo()
    qtbot.waitUntil(lambda: text_of(panel.controls["padding"]) == "14px 32px")
    top, top_unit = panel.controls["padding/top"], panel.controls["padding/top/unit"]
    assert isinstance(top_unit, QComboBox)
    top_unit.setCurrentText("em")
    type_into(top, "0")
    assert 'padding="0 32px 14px"' in doc.text


def test_visibility_condition_written_edited_and_removed(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-section")
    attribute = panel.controls["visibility/attribute"]
    assert isinstance(attribute, QComboBox)
    assert [attribute.itemText(i) for i in range(attribute.count())] == [
        "customer.first_name",
        "customer.member",
    ]
    attribute.setCurrentText("customer.member")
    click(panel.controls["visibility/apply"])
    assert doc.text == STYLED.replace(
        "  <x-section", "  {% if customer.member %}\n  <x-section"
    ).replace("  </x-section>\n", "  </x-section>\n  {% endif %}\n")
    assert panel.title.text() == "Section"  # still the section, now inside the condition
    operator = panel.controls["visibility/operator"]
    assert isinstance(operator, QComboBox)
    operator.setCurrentIndex(operator.findData("falsy"))
    click(panel.controls["visibility/apply"])
    assert "{% if customer.member == false %}" in doc.text
    click(panel.controls["visibility/remove"])
    assert doc.text == STYLED


def test_save_as_component_writes_the_file_and_two_instances(qtbot: QtBot, tmp_path: Path) -> None:
    doc, panel = styled_panel(qtbot, "x-cta", root=tmp_path)
    saved: list[str] = []
    panel.component_saved.connect(saved.append)
    assert panel.save_as_component("go-button", uses=2)
    assert saved == ["components/go-button.html"]
    assert '<template>\n<x-cta href="#"' in (tmp_path / saved[0]).read_text()
    assert "    <go-button></go-button>\n    <go-button></go-button>\n" in doc.text
    doc.undo()
    assert doc.text == STYLED
    panel.show_rows([STYLED.index("<x-cta")])
    assert not panel.save_as_component("go-button")
    assert panel.problem.text() == "components/go-button.html exists already"


def test_array_items_added_and_removed_in_the_panel(qtbot: QtBot) -> None:
    from components.custom.library import library_from_sources

    kit = """<script>
export const props = Component.defineProps({
  tags: Component.props.string().array().optional(),
  links: Component.props.object({ label: Component.props.string(),
    href: Component.props.string() }).array().default([]),
});
</script>
<template><p>kit</p></template>
"""
    text = "<x-base>\n  <kit-list :tags=\"['a', 'b']\"></kit-list>\n</x-base>\n"
    doc = EmailDocument(text)
    panel = PropertiesPanel(doc, library=library_from_sources({"components/kit-list.html": kit}))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([text.index("<kit-list")])
    assert isinstance(panel.controls["tags/0"], QLineEdit)
    click(panel.controls["tags/add"])
    assert ":tags=\"['a', 'b', '']\"" in doc.text
    type_into(panel.controls["tags/2"], "c")
    assert ":tags=\"['a', 'b', 'c']\"" in doc.text
    click(panel.controls["tags/0/remove"])
    assert ":tags=\"['b', 'c']\"" in doc.text
    click(panel.controls["links/add"])
    assert ":links=\"[{ label: '', href: '' }]\"" in doc.text
    type_into(panel.controls["links/0/label"], "Shop")
    assert ":links=\"[{ label: 'Shop', href: '' }]\"" in doc.text
    click(panel.controls["links/0/remove"])
    assert ':links="[]"' in doc.text


def test_detach_a_component_instance(qtbot: QtBot) -> None:
    from compiler.project import load_project
    from tests.conftest import DEMO

    project = load_project(DEMO)
    text = (
        '<x-base>\n  <x-section>\n    <fernway-product-card name="Pack" price="$9" '
        'href="https://e.x" image="https://e.x/p.jpg"></fernway-product-card>\n'
        "  </x-section>\n</x-base>\n"
    )
    doc = EmailDocument(text)
    panel = PropertiesPanel(doc, library=project.components, styles=project.styles)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([text.index("<fernway-product-card")])
    button = panel.controls["detach"]
    assert isinstance(button, QAbstractButton)
    assert button.text() == "Detach <fernway-product-card>"
    button.click()
    assert "fernway-product-card" not in doc.text
    assert '\n    <div class="fw-card"' in doc.text and ">Pack</h3>" in doc.text
    doc.undo()
    assert doc.text == text


def test_style_declarations_editor_and_url_kinds(qtbot: QtBot) -> None:
    text = (
        '<x-base>\n  <x-section style="color: red; margin: 0 auto">\n'
        '    <x-cta href="mailto:hi@e.x">Go</x-cta>\n  </x-section>\n</x-base>\n'
    )
    doc = EmailDocument(text)
    panel = PropertiesPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([text.index("<x-section")])
    type_into(panel.controls["style/color"], "#2f4f3a")
    assert 'style="color: #2f4f3a; margin: 0 auto"' in doc.text
    type_into(panel.controls["style/margin"], "")
    assert 'style="color: #2f4f3a"' in doc.text
    new = panel.controls["style/new-property"]
    assert isinstance(new, QLineEdit)
    new.setText("letter-spacing")
    type_into(panel.controls["style/new"], "1px")
    assert 'style="color: #2f4f3a; letter-spacing: 1px"' in doc.text

    panel.show_rows([doc.text.index("<x-cta")])
    kind = panel.controls["href/kind"]
    assert isinstance(kind, QComboBox) and kind.currentText() == "Email"
    href = panel.controls["href"]
    assert isinstance(href, QLineEdit) and href.text() == "hi@e.x"
    type_into(href, "help@e.x")
    assert 'href="mailto:help@e.x"' in doc.text
    kind = panel.controls["href/kind"]
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("phone"))
    type_into(panel.controls["href"], "+15551234")
    assert 'href="tel:+15551234"' in doc.text


def test_repeat_a_row_for_each_item_of_a_list(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-section")
    panel.profile = {"message_data": {"items": [{"name": "Boot"}], "total": "9"}}
    panel.rebuild()
    lists = panel.controls["repeat/list"]
    assert isinstance(lists, QComboBox)
    assert [lists.itemText(i) for i in range(lists.count())] == ["message_data.items"]
    lists.setCurrentText("message_data.items")
    click(panel.controls["repeat/apply"])
    assert "  {% for item in message_data.items %}\n  <x-section" in doc.text
    assert "  </x-section>\n  {% endfor %}\n" in doc.text
    assert panel.title.text() == "Section"
    click(panel.controls["visibility/no-repeat"])
    assert doc.text == STYLED


def test_save_as_component_dialog_makes_checked_attributes_props(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.qt.properties_panel import SaveComponentDialog

    doc, panel = styled_panel(qtbot, "x-cta", root=tmp_path)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SaveComponentDialog)
        labels = [dialog.props.item(i).text() for i in range(dialog.props.count())]
        assert labels == [
            "Button href → href",
            "Button background → background",
            "Button padding → padding",
        ]
        dialog.tag.setText("go-button")
        dialog.props.item(1).setCheckState(Qt.CheckState.Checked)
        assert [dialog.slots.item(i).text() for i in range(dialog.slots.count())] == [
            "Button: Go → slot button"
        ]
        dialog.slots.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    QTimer.singleShot(0, fill)
    panel.ask_save_as_component()
    source = (tmp_path / "components" / "go-button.html").read_text()
    assert (
        "  background: { label: 'Button background', schema: Component.props.string()"
        ".default('#b4472f') }," in source
    )
    assert (
        '<x-cta href="#" :background="background" padding="14px 32px">'
        '<slot name="button">Go</slot></x-cta>'
    ) in source
    assert "  button: { schema: Component.slots.text(), marks: ['bold', 'italic'" in source
    assert "    <go-button></go-button>\n" in doc.text


def test_background_image_with_its_fallback_colour(qtbot: QtBot) -> None:
    doc, panel = styled_panel(qtbot, "x-section")
    toggle = panel.controls["background/image-toggle"]
    assert isinstance(toggle, QToolButton)
    toggle.click()  # the fields show; nothing written yet
    assert doc.text == STYLED
    type_into(panel.controls["background/image"], "https://e.x/hero.jpg")
    assert "background=\"#2f4f3a url('https://e.x/hero.jpg') center / cover no-repeat\"" in doc.text
    size = panel.controls["background/size"]
    assert isinstance(size, QComboBox)
    size.setCurrentText("contain")
    size.activated.emit(size.currentIndex())
    assert "center / contain no-repeat" in doc.text
    type_into(panel.controls["background"], "#111111")
    assert (
        "background=\"#111111 url('https://e.x/hero.jpg') center / contain no-repeat\"" in doc.text
    )
    click(panel.controls["background/image-toggle"])
    assert 'background="#111111"' in doc.text


def test_a_size_with_its_unit(qtbot: QtBot) -> None:
    text = '<x-base>\n  <x-image src="a.png" alt="" width="172"></x-image>\n</x-base>\n'
    doc = EmailDocument(text)
    panel = PropertiesPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([text.index("<x-image")])
    unit = panel.controls["width/unit"]
    assert isinstance(unit, QComboBox) and unit.currentText() == "px"
    assert [unit.itemText(i) for i in range(unit.count())] == ["auto", "px", "%"]
    type_into(panel.controls["width"], "200")
    assert 'width="200"' in doc.text
    unit = panel.controls["width/unit"]
    assert isinstance(unit, QComboBox)
    unit.setCurrentIndex(unit.findData("percentage"))
    unit.activated.emit(unit.currentIndex())
    assert 'width="200%"' in doc.text
    unit = panel.controls["width/unit"]
    assert isinstance(unit, QComboBox) and unit.currentData() == "percentage"
    unit.setCurrentIndex(unit.findData("auto"))
    unit.activated.emit(unit.currentIndex())
    assert 'width="auto"' in doc.text
