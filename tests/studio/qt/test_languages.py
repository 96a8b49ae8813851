"""Languages in the studio (issue 12): the language box's "Add language…" through the real
window, offscreen. The copy opens at once, previews and checks clean, and every open
page of the email lists the new language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QInputDialog
from pytestqt.qtbot import QtBot

from studio.qt.main_window import MainWindow
from tests.studio.qt.test_done_when import choose, page_js, shown_text, wait_shown

pytestmark = pytest.mark.qt
RECEIPT = "emails/transactional/receipt.html"


def entries(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count()) if box.itemText(i)]


def test_add_language_from_the_language_box(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []

    def get_item(
        _parent: object, _title: str, _label: str, items: list[str], *_a: object
    ) -> tuple[str, bool]:
        asked.append(list(items))
        return "de", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    spring = window.open_file("emails/marketing/spring-collection.html")
    assert spring is not None
    assert spring.language_box.isVisible()  # one language yet: the box offers to add one
    assert entries(spring.language_box) == ["EN", "Add language…"]

    receipt = window.open_file(RECEIPT)
    assert receipt is not None
    wait_shown(qtbot, receipt)
    assert entries(receipt.language_box) == ["EN", "FR", "Add language…"]
    box = receipt.language_box
    assert box.itemData(1, Qt.ItemDataRole.ToolTipRole) == "receipt.fr.html"  # on hover
    choose(qtbot, receipt.language_box, "Add language…")
    assert asked and "fr" not in asked[0] and "de" in asked[0]  # codes it has not got
    qtbot.waitUntil(lambda: window.current_page() is not receipt)
    german = window.current_page()
    assert german is not None and german.document.path is not None
    assert german.document.path.name == "receipt.de.html"
    assert german.language_box.currentText() == "DE"
    assert receipt.language_box.currentText() == "EN"  # not "Add language…"
    assert entries(receipt.language_box) == ["EN", "DE", "FR", "Add language…"]
    assert window.dashboard is not None
    assert window.dashboard.item_for("emails/transactional/receipt.de.html") is not None
    wait_shown(qtbot, german)
    qtbot.waitUntil(lambda: german.state.checked, timeout=60000)
    assert [p.issue for p in german.state.problems if p.issue.is_error] == []
    assert page_js(qtbot, german, "document.documentElement.lang") == "de"
    text = shown_text(qtbot, german, "Thanks, Maya!")
    assert "Translate to" not in text

    # again: it exists, and says so
    said: list[str] = []

    def ask(_title: str, text: str, buttons: tuple[str, ...]) -> str:
        said.append(text)
        return buttons[-1]

    window.ask = ask
    assert window.add_language(receipt, "de") is None
    assert said and "receipt.de.html already exists" in said[0]
