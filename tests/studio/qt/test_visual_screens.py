"""Screens of the visual editor, rendered offscreen from the real studio window.

With ``MAILWRIGHT_SCREENSHOTS=<folder>`` set, the PNGs that ``docs/studio.md``
shows are written there::

    MAILWRIGHT_SCREENSHOTS=docs/images \
        .venv/bin/python -m pytest tests/studio/qt/test_visual_screens.py

without it they go to a temporary folder. Either way the test checks what is on screen: the
selection frame's colour is painted on the canvas, and the drop line, or the
refusal note, while an insert entry is dragged over it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.qt.canvas import insert_mime
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from tests.conftest import DEMO
from tests.studio.qt.test_canvas import node_of, row_of

pytestmark = pytest.mark.qt

EMAIL = "emails/marketing/spring-collection.html"
FRAME = QColor("#4f6bed")  # the overlay's selection colour
DROP = QColor("#16a34a")  # the drop line
NOTE = QColor("#b42318")  # a refusal


def has_colour(image: QImage, colour: QColor) -> bool:
    """True when some pixel of ``image`` is ``colour`` (every 2nd pixel looked at)."""
    target = colour.rgb()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixel(x, y) == target:
                return True
    return False


def visual_window(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> tuple[Path, MainWindow, EditorPage]:
    """(the screenshot folder, a studio window of ``size`` on a copy of the demo, the
    marketing email's page in Visual mode with its canvas loaded)."""
    out = Path(os.environ.get("MAILWRIGHT_SCREENSHOTS") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEMO, tmp_path / "demo")
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    qtbot.addWidget(window)
    assert window.open_workspace(tmp_path / "demo")
    page = window.open_file(EMAIL)
    assert page is not None
    window.resize(*size)
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        page.set_editor_mode("visual")
        window.show()
    window.resize(*size)  # again: the code view's wide minimum is gone now
    return out, window, page


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_visual_editor_screens(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    out, window, page = visual_window(qtbot, tmp_path, size)
    visual = page.visual
    tag = f"{size[0]}x{size[1]}"

    def shot(name: str, colour: QColor) -> QImage:
        """Grab the window once the canvas shows ``colour`` (the frame is painted)."""
        box: list[QImage] = []
        canvas = visual.canvas
        area = canvas.geometry().translated(
            canvas.mapTo(window, canvas.rect().topLeft()) - canvas.geometry().topLeft()
        )

        inner: list[int] = []
        canvas.run("window.innerWidth", lambda w: inner.append(int(w or 0)))

        def painted() -> bool:
            # the page has taken the canvas's width (after a mode change) and is painted
            if not inner or inner[-1] != canvas.view.width():
                canvas.run("window.innerWidth", lambda w: inner.append(int(w or 0)))
                return False
            image = window.grab().toImage()
            box[:] = [image]
            return has_colour(image.copy(area), colour)

        qtbot.waitUntil(painted, timeout=15000)
        box[0].save(str(out / f"visual-{name}-{tag}.png"))
        return box[0]

    # a heading selected: frame, chip and handle on the canvas, the row in the layers
    with qtbot.waitSignal(visual.selection_shown, timeout=10000):
        visual.select([row_of(page, "x-heading-1")])
    image = shot("select", FRAME)
    assert image.width() == size[0] and image.height() == size[1]
    assert visual.layers_panel.selected_ids() == [row_of(page, "x-heading-1")]

    # an insert entry dragged over the canvas: the drop line where it would go
    heading = node_of(page, "x-heading-2")
    with qtbot.waitCallback(timeout=10000) as cb:
        visual.canvas.reveal(heading, cb)
    rect = cb.args[0]
    point = QPointF(rect["x"] + 20, rect["y"] + rect["h"] - 3)
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    paragraph = insert_mime("x-paragraph")  # the events keep a pointer to it: keep it alive
    column = insert_mime("x-column")
    with qtbot.waitSignal(visual.canvas.drop_shown, timeout=10000):
        QApplication.sendEvent(
            visual.canvas.surface,
            QDragEnterEvent(point.toPoint(), actions, paragraph, buttons, mods),
        )
        QApplication.sendEvent(
            visual.canvas.surface,
            QDragMoveEvent(point.toPoint(), actions, paragraph, buttons, mods),
        )
    shot("drop", DROP)

    # a column dragged outside a row: no line, the reason beside the pointer
    with qtbot.waitSignal(visual.canvas.drop_shown, timeout=10000):
        QApplication.sendEvent(
            visual.canvas.surface, QDragMoveEvent(point.toPoint(), actions, column, buttons, mods)
        )
    shot("refused", NOTE)
    with qtbot.waitSignal(visual.canvas.drop_shown, timeout=10000):
        QApplication.sendEvent(visual.canvas.surface, QDragLeaveEvent())
    assert visual.status.isHidden()

    # a rubber band drawn over the product row: the row is selected on release
    row = node_of(page, "x-row")
    with qtbot.waitCallback(timeout=10000) as cb:
        visual.canvas.reveal(row, cb)
    r = cb.args[0]
    start = QPoint(int(r["x"] - 6), int(r["y"] - 6))
    end = QPoint(int(r["x"] + r["w"] + 6), int(r["y"] + r["h"] + 6))
    QTest.mousePress(visual.canvas.surface, buttons, mods, start)
    QTest.mouseMove(visual.canvas.surface, (start + end) / 2)
    QTest.mouseMove(visual.canvas.surface, end)
    banded: list[object] = []

    def band_shown() -> bool:
        visual.canvas.run(
            "getComputedStyle(document.querySelector('mw-overlay').shadowRoot"
            ".querySelector('.band')).display",
            banded.append,
        )
        return bool(banded) and banded[-1] == "block"

    qtbot.waitUntil(band_shown, timeout=10000)
    shot("band", FRAME)
    with qtbot.waitSignal(visual.canvas.marqueed, timeout=10000):
        QTest.mouseRelease(visual.canvas.surface, buttons, mods, end)
    assert visual.selection.ids == (row_of(page, "x-row"),)

    # Split: panels, canvas and code side by side
    if size == (1920, 1080):
        with qtbot.waitSignal(visual.selection_shown, timeout=10000):
            page.set_editor_mode("split")
            visual.select([row_of(page, "fernway-product-card")])
        shot("split", FRAME)
    window.close()
