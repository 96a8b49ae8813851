"""The dashboard over a real workspace folder (no WebEngine)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.qt.dashboard import Dashboard
from studio.workspace import FileKind, Workspace

pytestmark = pytest.mark.qt


@pytest.fixture
def dash(tmp_path: Path, qtbot: QtBot) -> Dashboard:
    ws = Workspace.create(tmp_path / "w", "Shop")
    (ws.root / "emails" / "welcome.html").write_text("<x-base><shop-header/>Hello "
                                                     "{{ customer.first_name }}</x-base>")
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
