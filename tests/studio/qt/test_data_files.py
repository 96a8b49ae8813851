"""Snippets and data in the dashboard (issue 12): listed, edited with their problems
shown, "used in" for snippets; a saved profile or snippet reaches the open previews at
once. The real window on a copy of the demo, offscreen. With
``MAILWRIGHT_DOC_SCREENSHOTS=docs/images`` the profile editor's screenshot is saved for
``docs/studio.md``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from studio.qt.data_files import DataFilePage
from studio.qt.main_window import MainWindow
from tests.studio.qt.test_done_when import double_click_in_dashboard, shown_text, wait_shown
from tests.studio.qt.test_layout import shots_dir

pytestmark = pytest.mark.qt
SPRING = "emails/marketing/spring-collection.html"
MAYA = "data/profiles/maya.json"


def open_in_dashboard(qtbot: QtBot, window: MainWindow, rel: str) -> DataFilePage:
    window.show_dashboard()
    assert window.dashboard is not None
    item = window.dashboard.item_for(rel)
    assert item is not None, window.dashboard.rows()
    window.dashboard.tree.itemDoubleClicked.emit(item, 0)
    page = window.editors.currentWidget()
    assert isinstance(page, DataFilePage) and page.rel == rel
    return page


def test_a_profile_edited_in_the_studio_reaches_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    spring = double_click_in_dashboard(qtbot, window, SPRING)
    assert window.dashboard is not None
    rows = window.dashboard.rows()
    assert "data/profiles/lea-fr.json" in rows and "data/people.jsonl" in rows
    page = open_in_dashboard(qtbot, window, MAYA)
    editor = page.editor
    # a typo: located, and the file is not saved
    typed = editor.textCursor()  # an edit as typing makes it (undoable)
    start = editor.toPlainText().index('"Maya",')
    typed.setPosition(start)
    typed.setPosition(start + len('"Maya",'), QTextCursor.MoveMode.KeepAnchor)
    typed.insertText('"Mia"')
    assert page.dirty and window.editors.tabText(window.editors.currentIndex()).startswith("●")
    assert page.problems.isVisible() and "line " in page.problems.text()
    assert not page.save_button.isEnabled()
    window.registry.trigger("edit.undo")  # Edit ▸ Undo (Ctrl+Z) undoes in the tab
    assert '"Maya",' in editor.toPlainText() and not page.dirty
    window.registry.trigger("edit.redo")
    assert '"Mia"' in editor.toPlainText() and page.dirty
    assert not window.save()
    window.grab().save(str(shots_dir(tmp_path) / "studio-1280x800-data.png"))
    assert '"Maya"' in window.workspace.path(MAYA).read_text("utf-8")
    # fixed and saved: the open preview greets Mia
    editor.setPlainText(editor.toPlainText().replace('"Mia"', '"Mia",'))
    assert page.save_button.isEnabled() and not page.problems.isVisible()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.dirty
    qtbot.waitUntil(
        lambda: (
            spring.preview.inbox.subject_label.full_text() == "Mia, the spring collection is here"
        ),
        timeout=30000,
    )
    window.open_file(SPRING)  # back to the email's tab (a hidden view paints when shown)
    wait_shown(qtbot, spring)
    shown_text(qtbot, spring, "Hi Mia,")
    assert spring.preview.data_box.currentText() == "profiles/maya.json"


def test_a_snippet_lists_where_it_is_used(qtbot: QtBot, window: MainWindow) -> None:
    assert window.workspace is not None
    root = window.workspace.root
    (root / "snippets").mkdir(exist_ok=True)
    (root / "snippets" / "signoff.html").write_text("The Fernway team", encoding="utf-8")
    receipt = root / "emails" / "transactional" / "receipt.html"
    receipt.write_text(
        receipt.read_text("utf-8").replace(
            "</x-base>", "<x-paragraph>{{ snippets.signoff }}</x-paragraph></x-base>"
        ),
        "utf-8",
    )
    window.show_dashboard()
    assert window.dashboard is not None
    dash = window.dashboard
    dash.filter_box.setCurrentIndex(dash.filter_box.findText("Snippets"))
    assert dash.rows() == ["snippets", "snippets/signoff.html"]
    item = dash.item_for("snippets/signoff.html")
    assert item is not None and item.text(1) == "snippet" and item.text(3) == "1"
    dash.filter_box.setCurrentIndex(0)
    page = open_in_dashboard(qtbot, window, "snippets/signoff.html")
    assert page.uses.isVisible()
    assert 'href="emails/transactional/receipt.html"' in page.uses.text()
    page.uses.linkActivated.emit("emails/transactional/receipt.html")
    opened = window.current_page()
    assert opened is not None and opened.document.path == receipt
    wait_shown(qtbot, opened)
    shown_text(qtbot, opened, "The Fernway team")
    # edited and saved: the receipt's preview shows the new text
    page = open_in_dashboard(qtbot, window, "snippets/signoff.html")
    page.editor.setPlainText("Love, the Fernway crew")
    assert page.save()
    window.open_file("emails/transactional/receipt.html")
    wait_shown(qtbot, opened)
    shown_text(qtbot, opened, "Love, the Fernway crew")
