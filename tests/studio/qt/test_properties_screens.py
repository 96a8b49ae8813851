"""Screens of the properties panel and inline text editing, rendered offscreen from the
real studio window at 1280×800 and 1920×1080.

With ``MAILWRIGHT_SCREENSHOTS=<folder>`` set, the PNGs that ``docs/studio.md`` shows are
written there::

    MAILWRIGHT_SCREENSHOTS=docs/images \\
        .venv/bin/python -m pytest tests/studio/qt/test_properties_screens.py

without it they go to a temporary folder. Either way the test checks what is on screen:
the panel shows the gradient editor's stops, the unlinked padding sides, the bubble
menu over the canvas.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from studio.qt.editor_page import EditorPage
from tests.studio.qt.test_canvas import node_of, row_of
from tests.studio.qt.test_visual_screens import FRAME, has_colour, visual_window

pytestmark = pytest.mark.qt

EMAIL = "emails/marketing/spring-collection.html"


def settle(qtbot: QtBot, page: EditorPage) -> None:
    qtbot.waitUntil(
        lambda: page.visual.layers is not None and page.visual.layers.text == page.document.text,
        timeout=30000,
    )


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_properties_screens(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    out, window, page = visual_window(qtbot, tmp_path, size)
    visual = page.visual
    panel = visual.properties
    tag = f"{size[0]}x{size[1]}"

    def shot(name: str, node: int) -> QImage:
        """Grab the window once the canvas has painted the frame around ``node``."""
        settle(qtbot, page)
        canvas = visual.canvas
        with qtbot.waitCallback(timeout=10000) as cb:
            canvas.reveal(node, cb)
        rect = cb.args[0]
        origin = canvas.view.mapTo(window, QPoint(0, 0))
        edge = QRect(
            origin.x() + int(rect["x"]), origin.y() + int(rect["y"]) - 3, max(int(rect["w"]), 4), 6
        )
        box: list[QImage] = []

        def painted() -> bool:
            box[:] = [window.grab().toImage()]
            return has_colour(box[0].copy(edge), FRAME)

        qtbot.waitUntil(painted, timeout=15000)
        image = box[0]
        image.save(str(out / f"properties-{name}-{tag}.png"))
        assert (image.width(), image.height()) == size
        return image

    def select(tag_name: str, nth: int = 0) -> None:
        settle(qtbot, page)
        with qtbot.waitSignal(visual.selection_shown, timeout=10000):
            visual.select([row_of(page, tag_name, nth)])

    # a section with a gradient fill and its dark colour: the gradient editor
    select("x-section", 2)
    gradient = panel.controls["background/gradient"]
    assert isinstance(gradient, QAbstractButton)
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        gradient.click()
    stop = panel.controls["background/stop1"]
    assert isinstance(stop, QLineEdit)
    stop.setText("#cfe3d2")
    with qtbot.waitSignal(panel.rebuilt, timeout=10000):
        stop.editingFinished.emit()
    panel.controls["background/angle"].setFocus()
    qtbot.waitUntil(panel.controls["background/stop1/position"].isVisible)
    shot("section", node_of(page, "x-section", 2))

    # the button, Mobile only on: the padding's sides unlinked, the desktop value below
    select("x-cta")
    panel.mobile.setChecked(True)
    link = panel.controls["padding/linked"]
    assert isinstance(link, QToolButton) and not link.isChecked()
    qtbot.waitUntil(panel.controls["padding/left"].isVisible)
    shot("button", node_of(page, "x-cta"))

    # an image selected: the assets panel under the layers, the media picker
    select("x-image", 1)
    assets = visual.assets_panel
    qtbot.waitUntil(lambda: assets.list.count() > 0)
    assets.list.setCurrentRow([a.path for a in assets.assets].index("beanie.jpg"))
    assert "beanie.jpg" in assets.note.text()
    shot("assets", node_of(page, "x-image", 1))

    # the headline edited on the canvas: the bubble menu with the heading's marks
    settle(qtbot, page)
    visual.side_tabs.setCurrentWidget(visual.personalization)  # the attributes beside
    editing = visual.text_editing
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-heading-1"))
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("trail", cb)
    assert editing.bubble.isVisible()
    image = window.grab().toImage()
    image.save(str(out / f"properties-text-{tag}.png"))
    editing.cancel()
    window.close()
