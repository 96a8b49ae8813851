"""The studio's layout at a laptop's 1280×800 and 1366×768 and at 1920×1080 (issue 12).

The real window on a copy of the demo workspace, offscreen, with the real preview:
the preview gets at least 45 % of the window when an email opens, no visible
control is clipped (its size hint fits its geometry, and it lies inside the
window), the window fits 1280 px also with Version History open or a component
tab, and the layout survives a restart.

Screenshots of each state are saved; with ``MAILWRIGHT_DOC_SCREENSHOTS=docs/images``
they are the ones ``docs/studio.md`` shows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.models.layout import EditorLayout
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from tests.conftest import DEMO
from tests.studio.qt.conftest import code_first

pytestmark = pytest.mark.qt
EMAIL = "emails/marketing/spring-collection.html"
COMPONENT = "components/fernway-product-card.html"
SIZES = [(1280, 800), (1366, 768), (1920, 1080)]


class Answers:
    def __call__(self, title: str, text: str, buttons: tuple[str, ...]) -> str:
        return "Discard" if "Discard" in buttons else buttons[-1]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


def new_window(settings_file: Path, workspace: Path, size: tuple[int, int]) -> MainWindow:
    w = MainWindow(code_first(QSettings(str(settings_file), QSettings.Format.IniFormat)))
    w.ask = Answers()
    assert w.open_workspace(workspace)
    w.resize(*size)
    w.show()
    return w


@pytest.fixture
def windows(qapp: QApplication) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for w in made:
        w.close()
        w.deleteLater()


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MAILWRIGHT_DOC_SCREENSHOTS", "") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_preview(qtbot: QtBot, page: EditorPage) -> None:
    qtbot.waitUntil(
        lambda: page.state.in_sync and page.preview.loaded and not page.preview.busy, timeout=60000
    )


MARK = """(function (on) {
  var e = document.getElementById('__mw_test_mark');
  if (!on) { if (e) { e.remove(); } return 1; }
  if (!e) { e = document.createElement('div'); e.id = '__mw_test_mark';
            document.documentElement.appendChild(e); }
  e.style.cssText = 'position:fixed;left:0;bottom:0;width:6px;height:6px;z-index:2147483647;'
    + 'background:#ff00ff';
  return 1;
})(%s)"""


def wait_painted(qtbot: QtBot, page: EditorPage) -> None:
    """Until the live preview widget shows a frame painted at its current size (Chromium
    hands frames over asynchronously): a magenta mark in the view's bottom-left corner
    must show, then be gone."""
    view = page.preview.view

    def corner() -> str:
        image = view.grab().toImage()
        return image.pixelColor(3, image.height() - 3).name()

    for on, ok in (
        ("true", lambda: corner() == "#ff00ff"),
        ("false", lambda: corner() != "#ff00ff"),
    ):
        done: list[object] = []
        page.preview.run_js(MARK % on, done.append)
        qtbot.waitUntil(lambda d=done: bool(d), timeout=30000)  # type: ignore[misc]
        qtbot.waitUntil(ok, timeout=30000)


def save_shot(window: MainWindow, page: EditorPage, qtbot: QtBot, path: Path) -> None:
    wait_painted(qtbot, page)
    window.grab().save(str(path))


def _scrolls(w: QWidget) -> bool:
    """Inside something that scrolls or lists (there, being partly out of view is fine)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractScrollArea, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def clipped(window: MainWindow) -> list[str]:
    """Every visible control whose size hint does not fit its geometry, or that sticks out
    of the window."""
    bad: list[str] = []
    frame = window.rect()
    # what a changed text or icon asked for is laid out first (the next turn of the
    # event loop would): a layout request reaches the parents one level at a time
    for _ in range(16):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    for w in window.findChildren(QWidget):
        if not w.isVisible() or not isinstance(
            w, (QAbstractButton, QComboBox, QAbstractSpinBox, QLabel)
        ):
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text()):
            continue
        if _scrolls(w):
            continue
        name = f"{type(w).__name__}({w.objectName() or getattr(w, 'text', lambda: '')()!r})"
        hint = w.sizeHint()
        if w.width() < hint.width() or w.height() < hint.height():
            bad.append(f"{name}: {w.width()}×{w.height()} < hint {hint.width()}×{hint.height()}")
        box = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
        if not frame.contains(box):
            bad.append(f"{name}: {box} outside the window {frame}")
    return bad


def code_share(page: EditorPage) -> float:
    sizes = page.splitter.sizes()
    left = sizes[page.splitter.indexOf(page.left)]
    right = sizes[page.splitter.indexOf(page.right)]
    return left / (left + right)


def preview_share(window: MainWindow, page: EditorPage) -> float:
    view = page.preview.view
    assert view.isVisible()
    return view.width() * view.height() / (window.width() * window.height())


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_an_email_opens_large_with_nothing_clipped(
    qtbot: QtBot, workspace: Path, windows: list[MainWindow], tmp_path: Path, size: tuple[int, int]
) -> None:
    window = new_window(tmp_path / "s.ini", workspace, size)
    windows.append(window)
    page = window.open_file(EMAIL)
    assert page is not None
    wait_preview(qtbot, page)
    assert (window.width(), window.height()) == size
    assert preview_share(window, page) >= 0.45
    assert clipped(window) == []
    save_shot(window, page, qtbot, shots_dir(tmp_path) / f"studio-{size[0]}x{size[1]}.png")


def test_fits_a_laptop_with_version_history_and_a_component_tab(
    qtbot: QtBot, workspace: Path, windows: list[MainWindow], tmp_path: Path
) -> None:
    window = new_window(tmp_path / "s.ini", workspace, (1280, 800))
    windows.append(window)
    page = window.open_file(EMAIL)
    assert page is not None
    wait_preview(qtbot, page)
    assert window.show_history() is not None
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() == 1280
    assert clipped(window) == []
    save_shot(window, page, qtbot, shots_dir(tmp_path) / "studio-1280x800-history.png")
    component = window.open_file(COMPONENT)
    assert component is not None
    wait_preview(qtbot, component)
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() == 1280
    assert clipped(window) == []
    # 1366×768 too
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.height() == 768)
    assert window.minimumSizeHint().height() <= 768
    assert clipped(window) == []


def test_problems_strip_opens_the_developer_tools_on_demand(
    qtbot: QtBot, workspace: Path, windows: list[MainWindow], tmp_path: Path
) -> None:
    window = new_window(tmp_path / "s.ini", workspace, (1280, 800))
    windows.append(window)
    page = window.open_file(EMAIL)
    assert page is not None
    wait_preview(qtbot, page)
    assert not page.devtools.isVisible()
    strip = page.problems_strip
    assert strip.isVisible() and strip.button.text().startswith("Problems:")
    qtbot.mouseClick(strip.button, Qt.MouseButton.LeftButton)
    assert page.devtools.isVisible()
    assert window.registry.checked("view.devtools")
    assert page.devtools.height() > 100
    assert clipped(window) == []
    save_shot(window, page, qtbot, shots_dir(tmp_path) / "studio-1280x800-devtools.png")
    window.registry.trigger("view.devtools")  # View ▸ Developer Tools closes it again
    assert not page.devtools.isVisible()


def test_layout_survives_a_restart_and_reset_puts_it_back(
    qtbot: QtBot, workspace: Path, windows: list[MainWindow], tmp_path: Path
) -> None:
    ini = tmp_path / "s.ini"
    first = new_window(ini, workspace, (1280, 800))
    windows.append(first)
    page = first.open_file(EMAIL)
    assert page is not None
    wait_preview(qtbot, page)
    # The user drags the code column wider, opens the tools and moves Version History left.
    page.splitter.moveSplitter(640, page.splitter.indexOf(page.right))
    qtbot.mouseClick(page.problems_strip.button, Qt.MouseButton.LeftButton)
    history = first.show_history()
    assert history is not None and first.history_dock is not None
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.history_dock)
    saved = first.editor_layout
    assert saved.devtools_open and abs(saved.code_fraction - 0.5) < 0.03
    first.close()

    second = new_window(ini, workspace, (1280, 800))
    windows.append(second)
    assert second.editor_layout == saved
    again = second.open_file(EMAIL)
    assert again is not None
    wait_preview(qtbot, again)
    assert again.devtools.isVisible()
    assert abs(code_share(again) - saved.code_fraction) < 0.02
    assert second.show_history() is not None and second.history_dock is not None
    assert second.dockWidgetArea(second.history_dock) == Qt.DockWidgetArea.LeftDockWidgetArea

    second.registry.trigger("view.reset_layout")
    assert second.editor_layout == EditorLayout()
    assert not again.devtools.isVisible()
    assert second.dockWidgetArea(second.history_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert abs(code_share(again) - EditorLayout().code_fraction) < 0.02


def test_panels_registered_later_are_remembered(
    qtbot: QtBot, workspace: Path, windows: list[MainWindow], tmp_path: Path
) -> None:
    """The visual editor's panels (insert, layers, properties) register after start-up."""
    ini = tmp_path / "s.ini"
    first = new_window(ini, workspace, (1280, 800))
    windows.append(first)
    dock = QDockWidget("Layers", first)
    dock.setObjectName("layers")
    dock.setWidget(QLabel("layers"))
    first.add_panel(dock, Qt.DockWidgetArea.LeftDockWidgetArea)
    assert dock.toggleViewAction() in first.panels_menu.actions()
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    first.close()
    second = new_window(ini, workspace, (1280, 800))
    windows.append(second)
    again = QDockWidget("Layers", second)
    again.setObjectName("layers")
    again.setWidget(QLabel("layers"))
    second.add_panel(again, Qt.DockWidgetArea.LeftDockWidgetArea)
    assert second.dockWidgetArea(again) == Qt.DockWidgetArea.RightDockWidgetArea
    second.reset_layout()
    assert second.dockWidgetArea(again) == Qt.DockWidgetArea.LeftDockWidgetArea
