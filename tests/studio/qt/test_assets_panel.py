"""The assets browser and the media picker: thumbnails with their uses, upload by the
dialog's path and by a file drop, optimize with before/after, and images over 2 MB
refused in the picker with the reason until optimized."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from compiler.project import Project, load_project
from studio.models.document import EmailDocument
from studio.qt.assets_panel import AssetsPanel
from studio.qt.properties_panel import PropertiesPanel
from tests.conftest import DEMO

pytestmark = pytest.mark.qt


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    noise = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
    buf = io.BytesIO()
    noise.save(buf, "PNG")
    (root / "assets" / "noise.png").write_bytes(buf.getvalue())
    return load_project(root)


def test_browse_upload_drop_and_optimize(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    panel = AssetsPanel(lambda: project)
    qtbot.addWidget(panel)
    panel.show()
    names = [a.path for a in panel.assets]
    assert "beanie.jpg" in names and "noise.png" in names
    beanie = panel.list.item(names.index("beanie.jpg"))
    assert "Used in:\nemails/marketing/spring-collection.html:" in beanie.toolTip()
    assert not beanie.icon().isNull()
    heavy = panel.list.item(names.index("noise.png"))
    assert "over 2 MB" in heavy.toolTip()

    upload = tmp_path / "flask.jpg"
    shutil.copy(DEMO / "assets" / "flask.jpg", upload)
    with qtbot.waitSignal(panel.changed):
        assert panel.upload([upload]) == ["flask-2.jpg"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(upload))])
    point = QPoint(10, 10)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel.list.viewport(), enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(panel.changed):
        QApplication.sendEvent(
            panel.list.viewport(),
            QDropEvent(
                QPointF(point),
                actions,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
    assert "flask-3.jpg" in [a.path for a in panel.assets]

    panel.list.setCurrentRow([a.path for a in panel.assets].index("noise.png"))
    assert "optimize it first" in panel.note.text()
    asset = panel.selected()
    assert asset is not None
    dialog = panel.optimize(asset)
    assert dialog is not None
    sizes = [w.text() for w in dialog.findChildren(QLabel) if "×" in w.text()]
    assert [s.split(",")[0:2] for s in sizes] == [["PNG", " 1400×1000"], ["JPEG", " 1400×1000"]]
    assert "Metadata removed" in dialog.summary.text()
    dialog.write()
    assert dialog.written == "noise.jpg"
    assert project.root is not None
    assert (project.root / "assets" / "noise.jpg").stat().st_size < 2_000_000


def test_the_media_picker_refuses_heavy_images_with_the_reason(
    qtbot: QtBot, project: Project
) -> None:
    text = '<x-base>\n  <x-image src="a.png" alt="A"></x-image>\n</x-base>\n'
    doc = EmailDocument(text)
    panel = PropertiesPanel(doc)
    panel.project = project
    qtbot.addWidget(panel)
    panel.show()
    panel.show_rows([text.index("<x-image")])
    pick = panel.controls["src/assets"]
    assert isinstance(pick, QToolButton)
    menu = pick.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    entries = {a.text().split("  ")[0]: a for a in menu.actions()}
    assert not entries["noise.png"].isEnabled()
    assert "over 2 MB" in entries["noise.png"].text()
    entries["beanie.jpg"].trigger()
    assert 'src="https://assets.fernway.example/beanie.jpg"' in doc.text
