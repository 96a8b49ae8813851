"""The three-way merge offer in the real window: the open email has unsaved changes
and another program (a git pull, another editor) changes the file on disk."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.models.merge import OURS_MARK, THEIRS_MARK
from studio.qt.main_window import MainWindow

SPRING = "emails/marketing/spring-collection.html"


def test_merge_combines_unsaved_text_with_the_disk_and_marks_conflicts(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.project is not None
    root = window.project.root
    assert root is not None
    path: Path = root / SPRING
    page = window.open_file(SPRING)
    assert page is not None
    doc = page.document
    original = doc.text
    # ours: the heading; theirs (on disk): the button
    at = doc.text.index("Spring is on the trail")
    doc.replace(at, at + len("Spring"), "Summer")
    path.write_text(original.replace("Shop the collection", "Shop now"), "utf-8")
    qtbot.waitUntil(lambda: page.disk_banner.isVisibleTo(page), timeout=10000)
    assert "<a href='merge'>Merge</a>" in page.disk_banner.text()
    page.disk_banner.linkActivated.emit("merge")
    assert "Summer is on the trail" in doc.text and "Shop now" in doc.text
    assert doc.saved_text == path.read_text("utf-8") and doc.dirty
    assert not page.disk_banner.isVisibleTo(page)
    assert page.editor.toPlainText() == doc.text
    doc.undo()  # the merge is one undoable step
    assert "Summer is on the trail" in doc.text and "Shop the collection" in doc.text
    doc.redo()

    # both sides change the same line: conflict markers in the code, cursor on them
    at = doc.text.index("Summer is on the trail")
    doc.replace(at, at + len("Summer"), "Autumn")
    path.write_text(
        path.read_text("utf-8").replace("Spring is on the trail", "Winter is on the trail"), "utf-8"
    )
    qtbot.waitUntil(lambda: page.disk_banner.isVisibleTo(page), timeout=10000)
    merged = page.merge_from_disk()
    assert merged is not None and merged.conflicts == 1
    block = doc.text[merged.regions[0][0] : merged.regions[0][1]]
    assert block.startswith(OURS_MARK) and block.endswith(THEIRS_MARK)
    assert "Autumn is on the trail" in block and "Winter is on the trail" in block
    assert page.state.cursor == merged.regions[0][0]
    assert "Merged with 1 conflict" in page.disk_banner.text()
    assert window.save(page)
    assert OURS_MARK.strip() in path.read_text("utf-8")  # saved as the user chose
