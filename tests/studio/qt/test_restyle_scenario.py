"""Issue 11's Done-when through the real window, offscreen: the demo email restyled for a
new brand in Visual mode — message, gradient with a dark colour, the button on mobile,
the headline typed on the canvas, a members-only section, the product cards saved as a
component used twice — without the code editor ever shown; the source's diff is exactly
those changes (the same fixture as the model test), and the canvas, a real browser,
shows them in dark mode and at 375 px."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from studio.models.preview import Scheme, SizeMode
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.qt.properties_panel import PropertiesPanel, SaveComponentDialog
from tests.conftest import DEMO
from tests.studio.qt.test_canvas import js, node_of, row_of
from tests.studio.qt.tree_items import children, top_level_items

pytestmark = pytest.mark.qt

EMAIL = "emails/marketing/spring-collection.html"
EXPECTED = Path(__file__).parents[1] / "models" / "restyle_scenario.diff"


class ShowSpy(QObject):
    """Counts the Show events a widget gets (the code editor must get none)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shown += 1
        return False


def diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return "".join(list(lines)[2:])


def type_into(qtbot: QtBot, panel: PropertiesPanel, key: str, text: str) -> None:
    """Type into a field; wait for the panel drawn again (after the canvas updated)."""
    widget = panel.controls[key]
    assert isinstance(widget, QLineEdit)
    widget.setText(text)
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        widget.editingFinished.emit()


def spin_to(qtbot: QtBot, panel: PropertiesPanel, key: str, value: int) -> None:
    widget = panel.controls[key]
    assert isinstance(widget, (QSpinBox, QDoubleSpinBox))
    widget.setValue(value)
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        widget.editingFinished.emit()


def settle(qtbot: QtBot, page: EditorPage) -> None:
    """Wait for the compile of the text as it is now (its rows are the canvas's)."""
    qtbot.waitUntil(
        lambda: page.visual.layers is not None and page.visual.layers.text == page.document.text,
        timeout=30000,
    )


def select(qtbot: QtBot, page: EditorPage, tag: str, nth: int = 0) -> None:
    settle(qtbot, page)
    with qtbot.waitSignal(page.visual.selection_shown, timeout=10000):
        page.visual.select([row_of(page, tag, nth)])


def test_the_demo_restyled_for_a_new_brand_without_code(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    qtbot.addWidget(window)
    assert window.open_workspace(root)
    page = window.open_file(EMAIL)
    assert page is not None
    spy = ShowSpy()
    page.editor.installEventFilter(spy)
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        page.set_editor_mode("visual")
        window.resize(1280, 800)
        window.show()
    original = page.document.text
    visual = page.visual
    panel = visual.properties
    c = panel.controls

    # 1. the message: background and font (the Message row of the layers)
    select(qtbot, page, "x-base")
    assert panel.title.text() == "Message"
    type_into(qtbot, panel, "background", "#fbf7ef")
    type_into(qtbot, panel, "font-family", "Georgia, serif")

    # 2. the headline's section: a gradient (angle, two stops) and a dark-mode colour
    select(qtbot, page, "x-section", 2)
    toggle = c["background/gradient"]
    assert isinstance(toggle, QToolButton)
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        toggle.click()
    spin_to(qtbot, panel, "background/angle", 135)
    type_into(qtbot, panel, "background/stop0", "#1d3b2a")
    type_into(qtbot, panel, "background/stop1", "#2f4f3a")
    type_into(qtbot, panel, "background/dark", "#0f1a14")

    # 3. the button: its colour at 90 %, its padding on mobile only
    select(qtbot, page, "x-cta")
    type_into(qtbot, panel, "background", "#1d6fb8")
    spin_to(qtbot, panel, "background/opacity", 90)
    panel.mobile.setChecked(True)
    type_into(qtbot, panel, "padding", "10px 20px")
    panel.mobile.setChecked(False)

    # 4. the headline typed on the canvas: a bold word, the first name with a fallback
    editing = visual.text_editing
    settle(qtbot, page)
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-heading-1"))
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("Spring", cb)
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.bubble.buttons["bold"].click()
        editing.caret_to_end(cb)
    editing.type_text(", ")
    # the first name from the Personalize tab, with its fallback, at the caret
    personalize = visual.personalization
    visual.side_tabs.setCurrentWidget(personalize)
    customer = next(
        item for item in top_level_items(personalize.tree) if item.text(0) == "customer"
    )
    personalize.tree.setCurrentItem(
        next(child for child in children(customer) if child.text(0) == "first_name")
    )
    personalize.fallback.setText("friend")
    assert personalize.add()
    with qtbot.waitSignals([editing.finished, visual.canvas.updated], timeout=30000):
        QTest.keyClick(visual.canvas.surface, Qt.Key.Key_Return)

    # 5. the members' section: shown only when the profile is a member
    select(qtbot, page, "x-section", 4)
    attribute = c["visibility/attribute"]
    assert isinstance(attribute, QComboBox)
    assert attribute.findText("customer.member") >= 0  # the sample profile's attributes
    attribute.setCurrentText("customer.member")
    apply = c["visibility/apply"]
    assert isinstance(apply, QAbstractButton)
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        apply.click()

    # 6. the product cards' row: Save as component…, used twice
    select(qtbot, page, "x-row")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SaveComponentDialog)
        dialog.tag.setText("product-pair")
        dialog.uses.setValue(2)
        dialog.accept()

    save = c["save-component"]
    assert isinstance(save, QAbstractButton)
    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(visual.canvas.updated, timeout=30000):
        save.click()

    # the code tab shows only those changes; the code editor was never shown
    settle(qtbot, page)
    assert diff(original, page.document.text) == EXPECTED.read_text(encoding="utf-8")
    assert (root / "components" / "product-pair.html").is_file()
    assert spy.shown == 0 and page.editor_mode == "visual"
    assert visual.result is not None
    assert [i.message for i in visual.result.issues if i.is_error] == []
    canvas = visual.canvas
    assert js(qtbot, canvas, "document.body.innerText.split('Ridge rain shell').length") == 3
    section = node_of(page, "x-section", 2)
    backgrounds = (
        f'Array.from(document.querySelectorAll(\'[data-mw-node="{section}"], '
        f'[data-mw-node="{section}"] *\')).map(e => {{ const s = getComputedStyle(e);'
        " return s.backgroundImage + ' ' + s.backgroundColor; }).join('|')"
    )
    assert "linear-gradient(135deg, rgb(29, 59, 42) 0%, rgb(47, 79, 58) 100%)" in js(
        qtbot, canvas, backgrounds
    )
    with qtbot.waitSignal(canvas.updated, timeout=30000):
        window.preview_settings.update(scheme=Scheme.DARK, size_mode=SizeMode.MOBILE)
    assert "rgb(15, 26, 20)" in js(qtbot, canvas, backgrounds)
    assert js(qtbot, canvas, "window.innerWidth") == 375
    cta = node_of(page, "x-cta")
    padding = (
        f"Array.from(document.querySelectorAll('[data-mw-node=\"{cta}\"] a'))"
        ".map(e => getComputedStyle(e).padding).join('|')"
    )
    assert "10px 20px" in js(qtbot, canvas, padding)
    window.close()
