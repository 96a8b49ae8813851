"""Issue 12's "Done when", as a designer does it, through the real window at 1280×800.

Opens the demo, double-clicks the spring email in the dashboard: the preview is large,
shows Maya's name rendered, the inbox line sits above it. New Email in the toolbar,
Create in the dialog: two clicks, a newsletter opens with no errors. The receipt's
language box switches it to French: the preview renders the French receipt. The
preview's Screenshot button saves a complete, full-height picture. Also: a French
profile on the English receipt previews the French translation, as ``mailwright
render`` renders it. ``bench/capture_stress.sh`` runs this module under load too.

With ``MAILWRIGHT_DOC_SCREENSHOTS=docs/images`` the window at each step is saved for
``docs/studio.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QFileDialog, QToolBar, QTreeWidget
from pytestqt.qtbot import QtBot

from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from tests.studio.qt.test_layout import clipped, preview_share, save_shot, shots_dir

pytestmark = pytest.mark.qt
SPRING = "emails/marketing/spring-collection.html"
RECEIPT = "emails/transactional/receipt.html"


def wait_shown(qtbot: QtBot, page: EditorPage) -> None:
    """The newest compile's page is shown, and its Problems checks (which run once it
    is) have reported."""
    qtbot.waitUntil(
        lambda: (
            page.state.in_sync
            and page.preview.loaded
            and not page.preview.busy
            and page.state.checked
        ),
        timeout=60000,
    )


def page_js(qtbot: QtBot, page: EditorPage, script: str) -> Any:
    out: list[Any] = []
    page.preview.run_js(script, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=30000)
    return out[0]


def shown_text(qtbot: QtBot, page: EditorPage, *needles: str) -> str:
    """The preview's text once it holds every needle (the page the view shows can lag
    the last load signal by a frame; this waits for the text itself)."""
    seen: list[str] = [""]

    def has() -> bool:
        seen[0] = str(page_js(qtbot, page, "document.body ? document.body.innerText : ''"))
        return all(n in seen[0] for n in needles)

    qtbot.waitUntil(has, timeout=30000)
    return seen[0]


def double_click_in_dashboard(qtbot: QtBot, window: MainWindow, rel: str) -> EditorPage:
    window.show_dashboard()
    assert window.dashboard is not None
    tree: QTreeWidget = window.dashboard.tree
    item = window.dashboard.item_for(rel)
    assert item is not None
    tree.scrollToItem(item)
    point = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    workspace = window.workspace
    assert workspace is not None

    def opened() -> bool:
        shown = window.current_page()
        return shown is not None and shown.document.path == workspace.path(rel)

    qtbot.waitUntil(opened)
    page = window.current_page()
    assert page is not None
    wait_shown(qtbot, page)
    return page


def choose(qtbot: QtBot, box: QComboBox, starts_with: str) -> None:
    """Pick an entry of a drop-down as a user does: open it, click the entry."""
    index = next(i for i in range(box.count()) if box.itemText(i).startswith(starts_with))
    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def toolbar_button(window: MainWindow, action_id: str) -> Any:
    action = window.qactions[action_id]
    for bar in window.findChildren(QToolBar):
        button = bar.widgetForAction(action)
        if button is not None:
            return button
    raise AssertionError(f"{action_id} is not on a toolbar")


def test_a_designer_at_1280x800(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (window.width(), window.height()) == (1280, 800)
    shots = shots_dir(tmp_path)

    # Opens the demo (the dashboard) and the spring email: large, Maya's name rendered, the
    # inbox line above.
    window.show_dashboard()
    window.grab().save(str(shots / "done-0-dashboard-1280x800.png"))
    spring = double_click_in_dashboard(qtbot, window, SPRING)
    assert preview_share(window, spring) >= 0.45
    assert clipped(window) == []
    inbox = spring.preview.inbox
    assert inbox.isVisible()
    assert (
        inbox.mapTo(window, QPoint(0, 0)).y() < spring.preview.view.mapTo(window, QPoint(0, 0)).y()
    )
    assert inbox.subject_label.full_text() == "Maya, the spring collection is here"
    text = shown_text(qtbot, spring, "Hi Maya, the days are longer")
    assert "{{" not in text
    save_shot(window, spring, qtbot, shots / "done-1-spring-1280x800.png")

    # A new email from the newsletter starter: two clicks.
    before = len(window.pages())
    qtbot.mouseClick(toolbar_button(window, "file.new_email"), Qt.MouseButton.LeftButton)  # 1
    assert window.dashboard is not None
    dialog = window.dashboard.new_email
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # 2
    qtbot.waitUntil(lambda: len(window.pages()) == before + 1, timeout=10000)
    newsletter = window.current_page()
    assert newsletter is not None and newsletter.document.path is not None
    assert newsletter.document.path.name == "newsletter.html"
    qtbot.waitUntil(lambda: newsletter.state.in_sync and newsletter.state.checked, timeout=60000)
    assert [p.issue for p in newsletter.state.problems if p.issue.is_error] == []

    # The receipt, switched to French with its language box.
    receipt = double_click_in_dashboard(qtbot, window, RECEIPT)
    assert receipt.language_box.isVisible()
    choose(qtbot, receipt.language_box, "FR")
    qtbot.waitUntil(lambda: window.current_page() is not receipt)
    french = window.current_page()
    assert french is not None and french.document.path is not None
    assert french.document.path.name == "receipt.fr.html"
    assert french.language_box.currentText().startswith("FR")
    wait_shown(qtbot, french)
    assert page_js(qtbot, french, "document.documentElement.lang") == "fr"
    text = shown_text(qtbot, french, "Merci, Maya !", "Suivre ma commande")
    assert "Thanks" not in text
    assert french.preview.inbox.subject_label.full_text() == "Votre reçu Fernway FW-10401"
    assert clipped(window) == []
    save_shot(window, french, qtbot, shots / "done-2-receipt-fr-1280x800.png")

    # The preview's Screenshot button: a complete, full-height picture.
    target = tmp_path / "receipt-fr.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "PNG (*.png)"))
    )
    qtbot.mouseClick(french.preview.shot_button, Qt.MouseButton.LeftButton)
    assert target.is_file()
    image = QImage(str(target))
    bottom = page_js(
        qtbot,
        french,
        "Math.max.apply(null, Array.prototype.map.call("
        "document.body.querySelectorAll('*'), function (e) {"
        " return e.getBoundingClientRect().bottom; })) + window.scrollY",
    )
    assert image.height() >= int(bottom) > 400  # down to the footer's last line
    lower = {
        image.pixel(x, y)
        for y in range(image.height() // 3, image.height(), 5)
        for x in range(0, image.width(), 7)
    }
    assert len(lower) > 50  # painted below the header (the blank captures had one colour)
    green = QImage(1, 1, QImage.Format.Format_RGB32)
    green.fill(0x2F4F3A)  # the "Suivre ma commande" button
    assert green.pixel(0, 0) in lower


def test_a_french_profile_previews_the_french_translation(qtbot: QtBot, window: MainWindow) -> None:
    """The preview follows the profile's language as ``mailwright render`` does: Léa
    (``customer.language: fr``) on the English receipt sees ``receipt.fr.html``."""
    receipt = window.open_file(RECEIPT)
    assert receipt is not None
    wait_shown(qtbot, receipt)
    choose(qtbot, receipt.preview.data_box, "profiles/lea-fr.json")
    wait_shown(qtbot, receipt)
    shown_text(qtbot, receipt, "Merci, Léa !")
    assert receipt.preview.inbox.subject_label.full_text() == "Votre reçu Fernway FW-10403"
    note = receipt.preview.translation_note
    assert note.isVisible() and "receipt.fr.html" in note.text()
    # Problems stay the English receipt's own (the file being edited).
    assert receipt.state.result is not None
    assert receipt.state.result.source == receipt.document.text
    # The translation saved elsewhere: the preview follows (the window's disk check).
    assert receipt.document.path is not None
    french = receipt.document.path.with_name("receipt.fr.html")
    french.write_text(french.read_text("utf-8").replace("Merci, ", "Bonjour, "), "utf-8")
    window.check_disk()
    shown_text(qtbot, receipt, "Bonjour, Léa !")
    # "Open it" opens the translation.
    before = window.current_page()
    note.linkActivated.emit(str(french))
    qtbot.waitUntil(lambda: window.current_page() is not before)
    opened = window.current_page()
    assert opened is not None and opened.document.path is not None
    assert opened.document.path.name == "receipt.fr.html"
    # Back to Maya (English): the English receipt again.
    window.open_file(RECEIPT)
    choose(qtbot, receipt.preview.data_box, "profiles/maya.json")
    wait_shown(qtbot, receipt)
    assert not note.isVisible()
    shown_text(qtbot, receipt, "Thanks, Maya")
