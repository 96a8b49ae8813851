"""The app themes on real widgets (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from studio.qt.theme import THEMES, apply_theme

pytestmark = pytest.mark.qt


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def indicator_colours(qtbot: QtBot, box: QCheckBox) -> set[str]:
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    }


def contrast(a: str, b: str) -> int:
    return abs(QColor(a).lightness() - QColor(b).lightness())


@pytest.mark.parametrize("name", ["dark", "light"])
def test_check_boxes_keep_their_box(app: QApplication, qtbot: QtBot, name: str) -> None:
    """Issue 12, chrome: in the dark theme an unchecked box was drawn in the window's
    own colour (no box to see)."""
    theme = THEMES[name]
    apply_theme(app, name)
    unchecked = indicator_colours(qtbot, QCheckBox("Block images"))
    assert max(contrast(c, theme.window) for c in unchecked) >= 40
    checked_box = QCheckBox("Block images")
    checked_box.setChecked(True)
    checked = indicator_colours(qtbot, checked_box)
    assert theme.accent in checked
    assert max(contrast(c, theme.accent) for c in checked) >= 60  # the check mark
