"""The studio's icons are qtawesome's Material Design Icons 6, drawn without importing
qtawesome (its qtpy import is a fifth of the studio's start): pixel for pixel the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from studio.qt.icons import _colours, icon

NAMES = ("content-save-outline", "monitor", "cellphone", "eye-outline", "format-bold")


def image(i: QIcon, size: int, mode: QIcon.Mode, state: QIcon.State) -> QImage:
    return (
        i.pixmap(QSize(size, size), mode, state)
        .toImage()
        .convertToFormat(QImage.Format.Format_ARGB32)
    )


@pytest.mark.parametrize("name", NAMES)
def test_icons_match_qtawesome(qapp: QApplication, name: str) -> None:
    qta = pytest.importorskip("qtawesome")
    normal, disabled, active = _colours()
    theirs = qta.icon(
        f"mdi6.{name}",
        color=normal,
        color_disabled=disabled,
        color_active=normal,
        color_on=active,
        color_on_active=active,
    )
    ours = icon(name)
    assert not ours.isNull()
    for size in (16, 24, 32):
        for mode in (
            QIcon.Mode.Normal,
            QIcon.Mode.Disabled,
            QIcon.Mode.Active,
            QIcon.Mode.Selected,
        ):
            for state in (QIcon.State.Off, QIcon.State.On):
                mine = image(ours, size, mode, state)
                assert mine == image(theirs, size, mode, state), (name, size, mode, state)
    # and something is drawn: not a transparent square
    drawn = image(ours, 24, QIcon.Mode.Normal, QIcon.State.Off)
    assert any(drawn.pixelColor(x, y).alpha() for x in range(24) for y in range(24))


def test_unknown_and_empty_names_give_empty_icons(qapp: QApplication) -> None:
    assert icon("").isNull()
    assert icon("no-such-icon-anywhere").isNull()


def test_without_the_font_files_qtawesome_draws(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.qt import icons

    monkeypatch.setattr(icons, "_loaded", [None])  # as if qtawesome kept its fonts elsewhere
    assert not icon("monitor").isNull()
    assert icon("").isNull()
