"""A workspace template's card in the New Email gallery is its own thumbnail: made in
the offscreen engine after the dialog shows, cached under .mailwright/thumbnails, and
made again when the template or the workspace's styles change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from studio.qt.new_email import CARD, NewEmailDialog
from studio.workspace import Workspace

pytestmark = pytest.mark.qt

TEMPLATE = """---
subject: Promo
---
<x-base>
  <x-section background="#c0392b" padding="120px 20px">
    <x-heading-1 color="#ffffff">{{ customer.first_name | default: "Hello" }}</x-heading-1>
  </x-section>
</x-base>
"""


def card_colour(dialog: NewEmailDialog, rel: str) -> QColor:
    gallery = dialog.gallery
    item = next(
        gallery.item(i)
        for i in range(gallery.count())
        if gallery.item(i).data(Qt.ItemDataRole.UserRole) == ("template", rel)
    )
    image = item.icon().pixmap(*CARD).toImage()
    return image.pixelColor(CARD[0] // 2, CARD[1] // 4)


def open_dialog(qtbot: QtBot, workspace: Workspace) -> NewEmailDialog:
    dialog = NewEmailDialog(workspace)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.thumbnails_made, timeout=60000):
        dialog.show()
    return dialog


def test_a_template_card_shows_the_template(qtbot: QtBot, tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "ws", "Shop")
    (workspace.root / "templates").mkdir(exist_ok=True)
    (workspace.root / "templates" / "promo.html").write_text(TEMPLATE, "utf-8")
    cache = workspace.root / ".mailwright" / "thumbnails"

    dialog = open_dialog(qtbot, workspace)
    red = card_colour(dialog, "templates/promo.html")
    assert red.red() > 150 and red.green() < 100 and red.blue() < 100  # the red section
    [made] = list(cache.glob("*.png"))
    dialog.reject()

    again = NewEmailDialog(workspace)  # cached: shown at once, nothing left to make
    qtbot.addWidget(again)
    assert again.thumbnails_pending == []
    assert card_colour(again, "templates/promo.html") == red
    again.reject()

    (workspace.root / "templates" / "promo.html").write_text(
        TEMPLATE.replace("#c0392b", "#2563eb"), "utf-8"
    )
    changed = open_dialog(qtbot, workspace)
    blue = card_colour(changed, "templates/promo.html")
    assert blue.blue() > 150 and blue.red() < 100
    assert {p.name for p in cache.glob("*.png")} > {made.name}
    changed.reject()


def test_a_template_unreadable_or_huge_keeps_its_icon(qtbot: QtBot, tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "ws", "Shop")
    (workspace.root / "templates").mkdir(exist_ok=True)
    (workspace.root / "templates" / "bad.html").write_bytes(b"\xff\xfe not utf-8 \x00")
    (workspace.root / "templates" / "huge.html").write_text(
        TEMPLATE.replace("</x-base>", "<x-paragraph>x</x-paragraph>\n" * 40_000 + "</x-base>"),
        "utf-8",
    )  # over a million characters: not compiled for a card
    dialog = open_dialog(qtbot, workspace)
    for rel in ("templates/bad.html", "templates/huge.html"):
        grey = card_colour(dialog, rel)
        assert (grey.red(), grey.green(), grey.blue()) == (0xF3, 0xF4, 0xF6)  # the blank card
    assert not list((workspace.root / ".mailwright" / "thumbnails").glob("*.png"))
    dialog.reject()
