"""The global styles editor widget (offscreen), alone and inside the studio window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studio.models.styles_editor import StylesEditor
from studio.qt.main_window import MainWindow
from studio.qt.preview import APP_WORLD
from studio.qt.styles_editor import StylesEditorWidget
from styles import load_styles
from tests.conftest import DEMO
from tests.studio.qt.conftest import code_first

pytestmark = pytest.mark.qt

MOSS = "f3rnm0ss0001"


def flush_deletes() -> None:
    """Delete what deleteLater() queued now (pages before their profiles), not at exit."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


@pytest.fixture
def widget(qtbot: QtBot, demo: Path) -> Iterator[StylesEditorWidget]:
    w = StylesEditorWidget(StylesEditor.open(demo / "styles.json"))
    w.resize(1100, 800)
    w.show()
    yield w
    w.close()
    w.deleteLater()
    flush_deletes()


def type_into(edit: QWidget | None, text: str) -> None:
    assert isinstance(edit, QLineEdit), edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_edit_colour_save_and_reload(widget: StylesEditorWidget, demo: Path) -> None:
    path = demo / "styles.json"
    before = path.read_text(encoding="utf-8")
    hex_field = widget.fields[f"var:{MOSS}:hex"]
    assert isinstance(hex_field, QLineEdit) and hex_field.text() == "#2f4f3a"
    type_into(hex_field, "#ff0000")
    assert widget.model.styles.colors[0].hex == "#ff0000"
    assert "#ff0000" in widget.swatches[MOSS].styleSheet()
    assert widget.title.startswith("●") and widget.undo_button.isEnabled()
    type_into(widget.fields[f"var:{MOSS}:opacity"], "50")
    assert "rgba(255, 0, 0, 0.5)" in widget.swatches[MOSS].styleSheet()
    widget.save_button.click()
    assert widget.status.text() == "Saved" and not widget.model.dirty
    after = path.read_text(encoding="utf-8")
    assert after != before and '"hex": "#ff0000"' in after
    assert load_styles(path) == widget.model.styles
    # the heading defaults that use the colour show it by name
    base = widget.fields["def:heading1:color:base"]
    assert isinstance(base, QComboBox) and base.currentText() == "Moss"
    widget.undo_button.click()
    assert widget.model.styles.colors[0].opacity == 100 and widget.model.dirty


def test_invalid_value_shows_the_field_error_and_save_is_refused(
    widget: StylesEditorWidget, demo: Path
) -> None:
    path = demo / "styles.json"
    before = path.read_bytes()
    dark = widget.fields["def:heading1:color:dark"]
    type_into(dark.lineEdit() if isinstance(dark, QComboBox) else dark, "blu")
    assert "expected a colour" in widget.field_error("def:heading1:color:dark")
    assert widget.field_error("def:heading1:color:base") == ""
    label = widget.error_labels["def:heading1:color"]
    assert not label.isHidden() and "'blu'" in label.text()
    size = widget.fields["def:heading2:font-size:desktop"]
    type_into(size.lineEdit() if isinstance(size, QComboBox) else size, "-4")
    assert "expected a size" in widget.field_error("def:heading2:font-size:desktop")
    assert widget.field_error("def:heading2:font-size:base") == ""
    widget.save_button.click()
    assert "not saved" in widget.status.text()
    assert path.read_bytes() == before
    widget.undo_button.click()
    widget.undo_button.click()
    assert widget.model.valid and label.isHidden()
    assert widget.field_error("def:heading1:color:dark") == ""


def test_add_rename_delete_variables(widget: StylesEditorWidget, qtbot: QtBot) -> None:
    add = widget.findChild(QPushButton, "add-colors")
    assert add is not None
    add.click()
    new = widget.model.styles.colors[-1]
    assert f"var:{new.id}:hex" in widget.fields
    type_into(widget.fields[f"var:{new.id}:name"], "Sky Blue")
    type_into(widget.fields[f"var:{new.id}:hex"], "#87ceeb")
    assert new.id == widget.model.styles.colors[-1].id and new.name == "Sky Blue"
    link = widget.fields["def:link:color:base"]
    assert isinstance(link, QComboBox) and link.findText("Sky Blue") >= 0
    link.setCurrentIndex(link.findText("Sky Blue"))
    link.activated.emit(link.currentIndex())
    assert widget.model.value("link", "color") == {
        "light": f"$colors.sky_blue_{new.id}",
        "dark": "$colors.salmon_f3rnsalm0011",
    }
    asked: list[str] = []

    def ask_delete(text: str) -> bool:
        asked.append(text)
        return True

    widget.ask_delete = ask_delete
    assert widget.confirm_delete(new.id)
    assert "#87ceeb" in asked[0]
    assert f"var:{new.id}:hex" not in widget.fields
    assert widget.model.value("link", "color") == {
        "light": "#87ceeb",
        "dark": "$colors.salmon_f3rnsalm0011",
    }
    link_colour = widget.fields["def:link:color:base"]
    assert isinstance(link_colour, QComboBox) and link_colour.currentText() == "#87ceeb"
    assert widget.model.valid and widget.save()


HEADING_EMAIL = """---
subject: Styles check
---
<x-base>
  <x-section>
    <x-heading-2>Global heading</x-heading-2>
    <x-paragraph>Body text.</x-paragraph>
  </x-section>
</x-base>
"""


class Answers:
    def __call__(self, title: str, text: str, buttons: tuple[str, ...]) -> str:
        return "Discard" if "Discard" in buttons else buttons[-1]


@pytest.fixture
def window(qapp: QApplication, demo: Path, tmp_path: Path) -> Iterator[MainWindow]:
    settings = code_first(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings)
    w.ask = Answers()
    w.preview_settings.update(block_images=True)
    assert w.open_workspace(demo)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close()
    w.deleteLater()
    flush_deletes()


def js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    page = window.pages()[0]
    box: list[Any] = []
    page.preview.page.runJavaScript(script, APP_WORLD, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]


def test_saving_styles_recompiles_the_open_preview(
    qtbot: QtBot, window: MainWindow, demo: Path
) -> None:
    # The demo's emails set a colour on their sections, which their headings inherit;
    # this one (added to the copy) leaves the heading to the global default.
    (demo / "emails" / "styles-check.html").write_text(HEADING_EMAIL, encoding="utf-8")
    page = window.open_file("emails/styles-check.html")
    assert page is not None

    def shown() -> bool:
        return page.state.in_sync and page.preview.loaded and not page.preview.busy

    qtbot.waitUntil(shown, timeout=30000)
    colour = "getComputedStyle(document.querySelector('h2')).color"
    assert js(qtbot, window, colour) == "rgb(47, 79, 58)"  # Moss
    assert window.open_file("styles.json") is None  # opens the styles tab instead
    editor = window.styles_editor()
    assert editor is not None and window.editors.currentWidget() is editor
    assert window.registry.enabled("file.save")
    editor.set_field("def:heading2:color:base", "#c0392b")
    window.registry.trigger("edit.undo")
    assert editor.model.value("heading2", "color") == {
        "light": f"$colors.moss_{MOSS}",
        "dark": "$colors.fern_light_f3rnfern0006",
    }
    window.registry.trigger("edit.redo")
    assert window.registry.trigger("file.save")  # Ctrl+S saves the styles tab
    assert load_styles(demo / "styles.json").defaults["heading2"]["color"] == {
        "light": "#c0392b",
        "dark": "$colors.fern_light_f3rnfern0006",
    }
    assert window.project is not None
    assert window.project.styles.defaults["heading2"]["color"] == {
        "light": "#c0392b",
        "dark": "$colors.fern_light_f3rnfern0006",
    }
    qtbot.waitUntil(
        lambda: page.state.result is not None and "#c0392b" in page.state.result.html, timeout=30000
    )
    window.editors.setCurrentWidget(page)  # back to the email
    qtbot.waitUntil(shown, timeout=30000)
    qtbot.waitUntil(lambda: js(qtbot, window, colour) == "rgb(192, 57, 43)", timeout=10000)
    # another program changes styles.json: the project is read again too
    text = (demo / "styles.json").read_text(encoding="utf-8")
    (demo / "styles.json").write_text(text.replace('"#c0392b"', '"#123"'), encoding="utf-8")
    window.check_disk()
    assert window.project.styles.defaults["heading2"]["color"]["light"] == "#123"
    qtbot.waitUntil(lambda: js(qtbot, window, colour) == "rgb(17, 34, 51)", timeout=30000)
    assert window.close_editor(window.editors.indexOf(editor))
    assert window.styles_editor() is None


def test_a_broken_styles_file_is_not_opened(window: MainWindow, demo: Path) -> None:
    (demo / "styles.json").write_text('{"colors": [}', encoding="utf-8")
    assert window.open_styles() is None
    assert window.dashboard is not None and "not valid JSON" in window.dashboard.message.text()
