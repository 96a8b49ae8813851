"""The dashboard over a real workspace folder (no WebEngine)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel
from pytestqt.qtbot import QtBot

from studio.qt.dashboard import Dashboard
from studio.workspace import FileKind, Workspace

pytestmark = pytest.mark.qt


@pytest.fixture
def dash(tmp_path: Path, qtbot: QtBot) -> Dashboard:
    ws = Workspace.create(tmp_path / "w", "Shop")
    (ws.root / "emails" / "welcome.html").write_text(
        "<x-base><shop-header/>Hello {{ customer.first_name }}</x-base>"
    )
    (ws.root / "emails" / "promos").mkdir()
    (ws.root / "components" / "shop-header.html").write_text("<template>Logo</template>")
    d = Dashboard(ws)
    qtbot.addWidget(d)
    return d


def test_lists_folders_first_and_searches_content(dash: Dashboard, qtbot: QtBot) -> None:
    rows = dash.rows()
    assert rows.index("emails/promos") < rows.index("emails/welcome.html")
    assert "components/shop-header.html" in rows
    item = dash.item_for("components/shop-header.html")
    assert item is not None and item.text(3) == "1"  # used in one email
    dash.search.setText("first_name")
    assert dash.stack.currentIndex() == 1
    assert dash.results.count() == 1
    assert dash.results_label.text() == "1 file matches “first_name”"
    label = dash.results.itemWidget(dash.results.item(0))
    assert isinstance(label, QLabel)
    assert "background:#ffe066'>first_name<" in label.text()
    with qtbot.waitSignal(dash.open_requested) as sig:
        dash.results.itemActivated.emit(dash.results.item(0))
    assert sig.args == ["emails/welcome.html"]
    dash.search.setText("")
    assert dash.stack.currentIndex() == 0


def test_create_duplicate_move_delete(dash: Dashboard) -> None:
    assert dash.create_file(FileKind.EMAIL, "launch") == "emails/launch.html"
    assert dash.duplicate("emails/launch.html") == "emails/[Copy] launch.html"
    assert "emails/[Copy] launch.html" in dash.rows()
    assert dash.move_entry("emails/launch.html", "emails/promos") == "emails/promos/launch.html"
    assert "emails/promos/launch.html" in dash.rows()
    assert not dash.delete("components/shop-header.html")
    assert dash.message.isVisibleTo(dash)
    assert "emails/welcome.html:1:9" in dash.message.text()
    assert dash.create_file(FileKind.COMPONENT, "Bad Name") is None
    assert "not a valid component tag name" in dash.message.text()
    dash.tree_model.set_filter("components")
    assert dash.rows() == ["components", "components/shop-header.html"]


def test_import_eml_shows_result(dash: Dashboard, tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Hello"
    msg.set_content("<p>hi</p>", subtype="html")
    eml = tmp_path / "m.eml"
    eml.write_bytes(bytes(msg))
    assert dash.import_files([eml]) == ["emails/Hello.html"]
    assert "emails/Hello.html" in dash.rows()
    assert "Imported emails/Hello.html" in dash.message.text()


def drag_onto(dash: Dashboard, rel: str, target: str) -> None:
    """Drop the row of ``rel`` on the row of ``target``.

    A drag inside the tree is Qt's own (``QDrag`` with the tree as source,
    which a synthetic event cannot be); the drop at its end reaches
    ``FileTree.dropEvent`` with the dragged row current, which is what this does.
    """
    tree = dash.tree
    assert tree.dragEnabled() and tree.dragDropMode() is QAbstractItemView.DragDropMode.InternalMove
    dash.resize(900, 700)
    dash.show()
    source, dest = dash.item_for(rel), dash.item_for(target)
    assert source is not None and dest is not None
    tree.setCurrentItem(source)
    mime = tree.model().mimeData([tree.indexFromItem(source)])
    tree.scrollToItem(dest)
    pos = QPointF(tree.visualItemRect(dest).center())
    drop = QDropEvent(
        pos,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(drop)
    assert not drop.isAccepted()  # the tree never moves rows itself: it is rebuilt from disk


def test_drag_moves_files_and_folders_into_folders(dash: Dashboard) -> None:
    assert dash.create_folder("2024", "emails") == "emails/2024"
    drag_onto(dash, "emails/promos", "emails/2024")  # a folder into a folder
    assert (dash.workspace.root / "emails" / "2024" / "promos").is_dir()
    assert "emails/2024/promos" in dash.rows() and "emails/promos" not in dash.rows()
    drag_onto(dash, "emails/welcome.html", "emails/2024/promos")
    assert "emails/2024/promos/welcome.html" in dash.rows()
    # dropped on a file: into that file's folder
    assert dash.create_file(FileKind.EMAIL, "launch") == "emails/launch.html"
    drag_onto(dash, "emails/launch.html", "emails/2024/promos/welcome.html")
    assert "emails/2024/promos/launch.html" in dash.rows()
    # an email cannot go among the components: refused with the reason, nothing moves
    drag_onto(dash, "emails/2024/promos/launch.html", "components")
    assert "emails/2024/promos/launch.html" in dash.rows()
    assert dash.message.isVisibleTo(dash) and "another kind" in dash.message.text()


def test_sort_by_used_in_from_the_column_header(dash: Dashboard, qtbot: QtBot) -> None:
    ws = dash.workspace
    ws.create_component("shop-footer")
    (ws.root / "emails" / "news.html").write_text("<shop-header/><shop-footer/>")
    (ws.root / "emails" / "sale.html").write_text("<shop-header></shop-header>")
    dash.tree_model.refresh()
    dash.show()
    header = dash.tree.header()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    def components() -> list[str]:
        return [r for r in dash.rows() if r.startswith("components/")]

    assert components() == ["components/shop-footer.html", "components/shop-header.html"]
    click(3)  # Used in, ascending
    assert dash.tree_model.sort_key == "used_in" and not dash.tree_model.descending
    assert components() == ["components/shop-footer.html", "components/shop-header.html"]
    item = dash.item_for("components/shop-header.html")
    assert item is not None and item.text(3) == "3"
    click(3)  # again: descending
    assert dash.tree_model.descending
    assert components() == ["components/shop-header.html", "components/shop-footer.html"]
    assert header.sortIndicatorSection() == 3
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_recent_files_are_listed_and_open(dash: Dashboard, qtbot: QtBot) -> None:
    assert dash.recent.count() == 0
    dash.workspace.touch_recent("components/shop-header.html")
    dash.workspace.touch_recent("emails/welcome.html")
    dash.tree_model.refresh()
    names = [dash.recent.item(i).text() for i in range(dash.recent.count())]
    assert names == ["welcome.html", "shop-header.html"]  # the last opened first
    with qtbot.waitSignal(dash.open_requested) as sig:
        dash.recent.itemActivated.emit(dash.recent.item(1))
    assert sig.args == ["components/shop-header.html"]
    # a move keeps the entry, pointing at the new place
    dash.move_entry("emails/welcome.html", "emails/promos")
    assert dash.recent.item(0).toolTip() == "emails/promos/welcome.html"


def test_dates_are_not_cut_off(dash: Dashboard, qtbot: QtBot) -> None:
    """Issue 12, chrome: the "Last edited" column was clipped to "2026-12-07 0…"."""
    dash.resize(1280, 700)
    dash.show()
    qtbot.waitExposed(dash)
    tree = dash.tree
    item = dash.item_for("emails/welcome.html")
    assert item is not None
    text = item.text(2)
    assert len(text) == len("2026-12-07 10:42")
    rect = tree.visualItemRect(item)
    index = tree.indexFromItem(item, 2)
    needed = tree.sizeHintForIndex(index).width() if rect.isValid() else 0
    assert tree.columnWidth(2) >= needed
    assert tree.columnWidth(2) >= tree.fontMetrics().horizontalAdvance(text)


def test_folders_stay_as_the_user_left_them_after_a_search(dash: Dashboard, qtbot: QtBot) -> None:
    """Issue 12, chrome: the tree collapsed its folders after a search (and nested folders
    on every refresh)."""
    (dash.workspace.root / "emails" / "promos" / "spring").mkdir()
    (dash.workspace.root / "emails" / "promos" / "spring" / "sale.html").write_text(
        "<x-base>Sale</x-base>"
    )
    dash.tree_model.refresh()

    def expanded(rel: str) -> bool:
        item = dash.item_for(rel)
        assert item is not None
        return item.isExpanded()

    assert expanded("emails") and expanded("emails/promos") and expanded("emails/promos/spring")
    item = dash.item_for("components")
    assert item is not None
    item.setExpanded(False)  # the user folds components/
    dash.search.setText("sale")
    qtbot.waitUntil(lambda: dash.stack.currentIndex() == 1)
    dash.search.setText("")
    dash.tree_model.refresh()  # and a file changed on disk meanwhile
    assert dash.stack.currentIndex() == 0
    assert not expanded("components")
    assert expanded("emails") and expanded("emails/promos") and expanded("emails/promos/spring")
    # a folder created later opens
    (dash.workspace.root / "emails" / "later").mkdir()
    (dash.workspace.root / "emails" / "later" / "x.html").write_text("<x-base>x</x-base>")
    dash.tree_model.refresh()
    assert expanded("emails/later")


def test_a_first_start_offers_new_email_not_an_empty_box(dash: Dashboard, qtbot: QtBot) -> None:
    dash.show()
    qtbot.waitExposed(dash)
    assert not dash.recent.isVisible() and dash.no_recent.isVisible()
    qtbot.mouseClick(dash.new_email_button, Qt.MouseButton.LeftButton)
    dialog = dash.new_email
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    dash.workspace.touch_recent("emails/welcome.html")
    dash.rebuild()
    assert dash.recent.isVisible() and not dash.no_recent.isVisible()
