"""One editor page on a temporary email: Transformers tab, Text tab, Responsive drag handle."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studio.models.document import EmailDocument
from studio.models.preview import PreviewSettings, SizeMode
from studio.qt.editor_page import EditorPage

pytestmark = pytest.mark.qt

EMAIL = """---
subject: Hello
---
<!doctype html>
<html lang="en"><head><title>Hello</title></head>
<body>
  <table role="presentation">
    <tr>
      <td><p>Hello <a href="https://shop.test/a">there</a> {{ customer.first_name }}</p></td>
    </tr>
  </table>
</body>
</html>
"""


@pytest.fixture
def page(qtbot: QtBot, tmp_path: Path) -> Iterator[EditorPage]:
    path = tmp_path / "emails" / "hello.html"
    path.parent.mkdir()
    path.write_text(EMAIL, encoding="utf-8")
    p = EditorPage(EmailDocument.load(path), preview_settings=PreviewSettings())
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: p.state.in_sync, timeout=30000)
    yield p
    p.shutdown()
    p.close()
    p.deleteLater()
    # Delete the page now: left to interpreter exit, its profile can go before its
    # WebEnginePage ("Release of profile requested but WebEnginePage still not deleted").
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_transformers_tab_writes_the_email_sidecar(qtbot: QtBot, page: EditorPage) -> None:
    tab = page.transformers_tab
    assert page.document.path is not None
    side = page.document.path.with_suffix(".json")
    assert page.state.result is not None and "\n    <tr>" in page.state.result.html
    enabled = tab.inputs[("format", "enabled")]
    minify = tab.inputs[("format", "minify")]
    assert isinstance(enabled, QCheckBox) and isinstance(minify, QCheckBox)
    assert not enabled.isChecked()
    enabled.setChecked(True)
    minify.setChecked(True)
    assert json.loads(side.read_text(encoding="utf-8")) == {
        "transformers": {"format": {"enabled": True, "minify": True}}
    }
    assert "this email" in tab.labels[("format", "minify")].text()
    # the preview recompiles with the email's settings
    qtbot.waitUntil(
        lambda: page.state.result is not None and "\n    <tr>" not in page.state.result.html,
        timeout=30000,
    )
    assert "{{ customer.first_name }}" in page.state.result.html  # Liquid untouched
    # other keys of the sidecar are kept; going back to the workspace value removes the key
    data = json.loads(side.read_text(encoding="utf-8"))
    data["subject"] = "From the sidecar"
    side.write_text(json.dumps(data), encoding="utf-8")
    minify.setChecked(False)
    assert json.loads(side.read_text(encoding="utf-8")) == {
        "subject": "From the sidecar",
        "transformers": {"format": {"enabled": True}},
    }
    reset = tab.findChild(QPushButton, "reset-format")
    assert reset is not None
    reset.click()
    assert json.loads(side.read_text(encoding="utf-8")) == {"subject": "From the sidecar"}
    assert not enabled.isChecked()
    side.unlink()


def test_transformers_tab_refuses_bad_values_with_the_reason(page: EditorPage) -> None:
    tab = page.transformers_tab
    edit = tab.inputs[("css-cleanup", "ignore_patterns")]
    assert isinstance(edit, QLineEdit)
    assert json.loads(edit.text()) == [["{{", "}}"], ["{%", "%}"]]
    edit.setText('[["{{"]]')
    edit.editingFinished.emit()
    assert "ignore_patterns" in tab.error.text()
    edit.setText("[not json")
    edit.editingFinished.emit()
    assert "not valid JSON" in tab.error.text()
    assert page.document.path is not None
    assert not page.document.path.with_suffix(".json").exists()


def test_text_tab_saves_the_plain_text_sidecar(qtbot: QtBot, page: EditorPage) -> None:
    tab = page.text_tab
    assert page.document.path is not None
    txt = page.document.path.with_suffix(".txt")
    tab.generate()
    generated = tab.edit.toPlainText()
    assert "Hello there" in generated and "{{ customer.first_name }}" in generated
    qtbot.waitUntil(txt.is_file, timeout=5000)
    assert txt.read_text(encoding="utf-8") == generated
    tab.edit.setPlainText("Hi {{ customer.first_name }}, plain and simple.")
    page.shutdown()  # closing the editor writes what is pending
    assert txt.read_text(encoding="utf-8") == "Hi {{ customer.first_name }}, plain and simple."
    # reopened, the tab shows the saved part
    again = EditorPage(EmailDocument.load(page.document.path))
    try:
        assert again.text_tab.edit.toPlainText().startswith("Hi {{ customer")
        assert "hello.txt" in again.text_tab.status.text()
        again.text_tab.edit.setPlainText("   ")
        assert again.text_tab.save()
        assert not txt.exists()  # empty: the generated text is used again
    finally:
        again.shutdown()
        again.deleteLater()


def _drag(widget: QWidget, dx: int) -> None:
    start = QPointF(widget.mapToGlobal(widget.rect().center()))
    local = QPointF(widget.rect().center())
    for kind, offset, buttons in (
        (QEvent.Type.MouseButtonPress, 0, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, dx // 2, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, dx, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, dx, Qt.MouseButton.NoButton),
    ):
        shift = QPointF(offset, 0)
        event = QMouseEvent(
            kind,
            local + shift,
            start + shift,
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)


def test_responsive_preview_resizes_by_dragging(qtbot: QtBot, page: EditorPage) -> None:
    preview = page.preview
    settings = preview.settings
    assert not preview.handle.isVisible()
    settings.set_width(500)
    qtbot.waitUntil(preview.handle.isVisible, timeout=5000)
    assert preview.view.width() == 500
    _drag(preview.handle, -120)
    assert settings.state.size_mode is SizeMode.RESPONSIVE
    assert settings.state.width == 380
    assert preview.view.width() == 380 and preview.width_box.value() == 380
    qtbot.waitUntil(lambda: preview.loaded, timeout=30000)
    # the engine learns the view's new width asynchronously: ask until it has

    def inner_width() -> object:
        box: list[object] = []
        preview.run_js("window.innerWidth", box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=10000)
        return box[0]

    widths: list[object] = []
    deadline = time.monotonic() + 30
    while not widths or (widths[-1] != 380 and time.monotonic() < deadline):
        widths.append(inner_width())
    assert widths[-1] == 380, widths
    settings.set_size_mode(SizeMode.DESKTOP)
    assert not preview.handle.isVisible()
