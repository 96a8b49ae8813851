"""The component file page's Try panel: the preview shows the chosen preset, the props
form is the component's own schema, a value tried reaches the preview and never the
component file; a prop added in the code shows in the form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from studio.qt.main_window import MainWindow

pytestmark = pytest.mark.qt

CARD = "components/fernway-product-card.html"


def test_try_presets_and_props_of_a_component(qtbot: QtBot, window: MainWindow) -> None:
    page = window.open_file(CARD)
    assert page is not None
    trial = page.trial
    assert trial is not None and trial.isVisible()
    qtbot.waitUntil(
        lambda: page.preview.loaded and "Ridgeline 45L Pack" in page.preview.html, timeout=60000
    )
    assert trial.preset_box.currentText() == "Product card"
    form = trial.form
    assert [
        k
        for k in (
            "name",
            "price",
            "href",
            "image",
            "badge",
            "background",
            "title-size",
            "button-align",
        )
        if k in form.controls
    ] == ["name", "price", "href", "image", "badge", "background", "title-size", "button-align"]
    assert "visibility/apply" not in form.controls and "save-component" not in form.controls
    name = form.controls["name"]
    assert isinstance(name, QLineEdit) and name.text() == "Ridgeline 45L Pack"
    before = page.document.text
    with qtbot.waitSignal(page.preview.shown, timeout=60000):
        name.setText("Summit 30L")
        name.editingFinished.emit()
    qtbot.waitUntil(lambda: "Summit 30L" in page.preview.html, timeout=60000)
    badge = form.controls["badge"]
    assert isinstance(badge, QLineEdit)
    with qtbot.waitSignal(page.preview.shown, timeout=60000):
        badge.setText("Sale")
        badge.editingFinished.emit()
    qtbot.waitUntil(lambda: "Sale" in page.preview.html, timeout=60000)
    assert page.document.text == before  # trying never edits the component
    assert page.state.problems == []
    shots = os.environ.get("MAILWRIGHT_SCREENSHOTS")
    if shots:
        window.resize(1280, 800)
        qtbot.waitUntil(lambda: page.preview.loaded, timeout=60000)
        window.grab().save(str(Path(shots) / "component-page-1280x800.png"))

    # a prop added in the code is in the form at once
    at = page.document.text.index("  badge:")
    page.document.replace(
        at, at, "  ribbon: { label: 'Ribbon', schema: Component.props.string().optional() },\n"
    )
    qtbot.waitUntil(lambda: "ribbon" in trial.form.controls, timeout=10000)
    assert isinstance(trial.preset_box, QComboBox) and trial.preset_box.count() == 1
    page.document.undo()
