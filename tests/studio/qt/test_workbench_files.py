"""Component files and languages in the studio window (issue 12: defect 5, build 3)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from studio.qt.main_window import MainWindow

pytestmark = pytest.mark.qt


def test_a_component_file_has_no_envelope_and_no_false_warnings(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.open_file("components/fernway-product-card.html")
    assert page is not None
    qtbot.waitUntil(
        lambda: page.state.in_sync and page.state.checked and page.preview.loaded, timeout=60000
    )
    assert not page.envelope_section.isVisible()
    assert not page.preview.inbox.isVisible()
    assert page.state.problems == []
    assert "No problems" in page.problems_strip.button.text()
    assert "Ridgeline 45L Pack" in page.preview.html  # the component, shown in use


def test_the_receipt_switches_to_french(qtbot: QtBot, window: MainWindow) -> None:
    page = window.open_file("emails/transactional/receipt.html")
    assert page is not None
    box = page.language_box
    assert box.isVisible() and box.count() == 4  # EN, FR, a separator, Add language…
    assert box.currentText().startswith("EN")
    fr = next(i for i in range(box.count()) if box.itemText(i).startswith("FR"))
    box.activated.emit(fr)
    french = window.current_page()
    assert french is not None and french is not page
    assert french.document.path is not None and french.document.path.name == "receipt.fr.html"
    assert french.language_box.currentText().startswith("FR")
    qtbot.waitUntil(lambda: french.state.in_sync and french.preview.loaded, timeout=60000)
