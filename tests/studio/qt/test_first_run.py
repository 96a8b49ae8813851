"""First run on the demo (issue 12): New Email → a starter → Create, for every starter.

The real window and dialog: each created email opens in an editor, compiles, and its
Problems list (the same checks as ``mailwright check``) has no error; the
accessibility check (axe-core in the real engine, and the EMC rules) finds no error
either. The newsletter is two clicks: New Email, Create.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compiler.validators import CheckOptions, check_email
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.qt.new_email import CARD, NewEmailDialog
from studio.render import browser
from studio.workspace.starters import STARTERS
from tests.studio.qt.test_layout import shots_dir

pytestmark = pytest.mark.qt


def open_dialog(qtbot: QtBot, window: MainWindow) -> NewEmailDialog:
    window.registry.trigger("file.new_email")  # the toolbar's New Email
    assert window.dashboard is not None
    dialog = window.dashboard.new_email
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def created_page(qtbot: QtBot, window: MainWindow, before: int) -> EditorPage:
    qtbot.waitUntil(lambda: len(window.pages()) == before + 1, timeout=10000)
    page = window.current_page()
    assert page is not None
    qtbot.waitUntil(lambda: page.state.in_sync and page.state.checked, timeout=60000)
    return page


def test_newsletter_in_two_clicks(qtbot: QtBot, window: MainWindow) -> None:
    before = len(window.pages())
    dialog = open_dialog(qtbot, window)  # click 1
    assert dialog.value().starter == "newsletter" and dialog.name.text() == "newsletter"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # click 2
    page = created_page(qtbot, window, before)
    assert page.document.path is not None and page.document.path.name == "newsletter.html"
    assert [p.issue for p in page.state.problems if p.issue.is_error] == []
    # A second newsletter gets a free name.
    dialog = open_dialog(qtbot, window)
    assert dialog.name.text() == "newsletter-2"
    dialog.reject()


def test_the_gallery_shows_each_starter_as_a_thumbnail(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    try:
        gallery = dialog.gallery
        starters = [
            gallery.item(i)
            for i in range(gallery.count())
            if gallery.item(i).data(Qt.ItemDataRole.UserRole)[0] == "starter"
        ]
        assert [i.text() for i in starters] == [s.name for s in STARTERS]
        for item, s in zip(starters, STARTERS, strict=True):
            assert item.toolTip() == s.description
            size = item.icon().actualSize(gallery.iconSize())
            assert (size.width(), size.height()) == CARD
        assert gallery.item(gallery.count() - 1).text() == "From scratch"
        assert dialog.width() <= 1280 and dialog.height() <= 800  # fits the laptop
        # every card is in view without scrolling at its size
        qtbot.waitUntil(
            lambda: gallery.visualItemRect(gallery.item(gallery.count() - 1)).bottom() > 0
        )
        assert gallery.verticalScrollBar().maximum() == 0
        dialog.grab().save(str(shots_dir(tmp_path) / "new-email-dialog.png"))
    finally:
        dialog.reject()


@pytest.mark.parametrize("starter_id", [s.id for s in STARTERS])
def test_an_email_from_each_starter_opens_with_no_errors(
    qtbot: QtBot, window: MainWindow, starter_id: str
) -> None:
    before = len(window.pages())
    dialog = open_dialog(qtbot, window)
    dialog.select("starter", starter_id)
    dialog.name.setText(f"first-{starter_id}")
    dialog.subject.setText(f"A {starter_id} for {{{{ customer.first_name }}}}")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    page = created_page(qtbot, window, before)
    assert page.document.envelope.subject == f"A {starter_id} for {{{{ customer.first_name }}}}"
    assert [p.issue for p in page.state.problems if p.issue.is_error] == []
    # The inbox line shows the subject rendered for the default profile (Maya).
    assert page.preview.inbox.subject_label.full_text() == f"A {starter_id} for Maya"
    result = page.state.result
    assert result is not None
    a11y = check_email(
        result,
        ["emc", "a11y"],
        project=window.project,
        options=CheckOptions(browser=browser("qt"), url_cache={}),
    )
    assert [i for i in a11y if i.is_error] == []
