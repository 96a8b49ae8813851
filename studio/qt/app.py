"""Start the studio: the QApplication, the theme, the main window.

A cold start (``mailwright studio``) starts Chromium first (:func:`warm_up`) and imports
the window's modules on a worker thread while this thread runs the event loop, where
Chromium's start-up tasks run: the imports and the engine's start overlap instead of
following each other (``docs/performance.md``, "Cold start").
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QMetaObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from studio import APPLICATION, ORGANIZATION
from studio.qt.collector import EventLoopCollector
from studio.render.engine import ensure_environment, warm_up
from studio.startup import mark, paused_collection

if TYPE_CHECKING:
    from studio.qt.main_window import MainWindow

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def import_while_running(name: str) -> ModuleType:
    """Import module ``name`` on a worker thread while this thread runs the Qt event loop
    (so what the loop has to do, such as Chromium's start, goes on meanwhile); the
    import's own exception propagates. A module already imported is returned at once."""
    if name in sys.modules:
        return sys.modules[name]
    loop = QEventLoop()
    outcome: list[ModuleType | BaseException] = []

    def work() -> None:
        try:
            outcome.append(importlib.import_module(name))
        except BaseException as exc:  # re-raised on the calling thread
            outcome.append(exc)
        QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

    worker = threading.Thread(target=work, name=f"import {name}", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


#: how long a thread may hold the interpreter while another waits for it (the studio)
SWITCH_INTERVAL_S = 0.001


def application() -> QApplication:
    """The QApplication (created with what Qt WebEngine needs when there is none)."""
    app = QCoreApplication.instance()
    if app is None:
        ensure_environment(offscreen=False)  # the window goes on the user's screen
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication([sys.argv[0] if sys.argv else "mailwright"])
        from PySide6.QtGui import QGuiApplication, QIcon

        QGuiApplication.setDesktopFileName("mailwright")  # the menu entry's icon and name
        app.setWindowIcon(QIcon(str(ICONS / "mailwright.svg")))
        # The GUI thread shares the interpreter with the compile and check threads; it
        # waited up to the default 5 ms for the lock at every Python call of a paint
        # while a compile ran (a typed character on the 10x email reached the screen
        # after 34-37 ms; 20-21 ms with 1 ms, docs/performance.md).
        sys.setswitchinterval(SWITCH_INTERVAL_S)
    assert isinstance(app, QApplication)
    return app


def run(
    workspace: Path | None = None,
    *,
    open_file: str = "",
    quit_after_ms: int = 0,
    settings: QSettings | None = None,
    settings_file: Path | None = None,
    quit_when_previewed: bool = False,
) -> int:
    """Open the studio window; returns the exit code when the window closes.

    The event loop ends when this window closes (even if other top-level
    windows of the process are open, as in tests). With no workspace to open, the
    first-launch dialog offers the demo, a new workspace and a folder.
    ``quit_when_previewed`` prints ``mailwright: previewed`` and closes the window once
    the opened email is shown — its preview page loaded in Code mode, on the canvas in
    Visual and Split mode (the bundle test and the cold-start bench).
    """
    mark("studio.qt.app imported")
    # A cold start (this call makes the QApplication) pauses the garbage collector while
    # it imports and builds the window (objects that live as long as the process); in a
    # process that already runs Qt (tests) nothing is frozen.
    cold = QCoreApplication.instance() is None
    with paused_collection() if cold else contextlib.nullcontext():
        app = application()
        mark("QApplication")
        warm_up()
        mark("engine starting")
        window_class: type[MainWindow] = import_while_running("studio.qt.main_window").MainWindow
        mark("studio imported")
        if settings is None and settings_file is not None:
            settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        window = window_class(settings)
        mark("main window")
        if workspace is not None:
            window.open_workspace(workspace)
            mark("workspace opened")
        elif window.recent_workspaces():
            last = Path(window.recent_workspaces()[0])
            if last.is_dir():
                window.open_workspace(last)
    page = window.open_file(open_file) if open_file else None
    mark("email opened")
    if quit_when_previewed:
        if page is None:
            print("mailwright: nothing to preview (give a workspace and --open EMAIL)")
            return 2

        def previewed(_ok: bool) -> None:
            mark("previewed")
            print("mailwright: previewed", flush=True)
            window.ask = lambda *_a: "Discard"
            window.close()

        if page.editor_mode == "code":  # the code column's preview shows the email
            page.preview.page.loadFinished.connect(previewed)
        else:  # Visual and Split: the canvas shows it (loaded, its overlay up)
            page.visual.canvas.updated.connect(lambda _how: previewed(True))
    # the studio's own process: collect from the event loop, never inside a destructor
    collector = EventLoopCollector(app) if cold else None
    window.show()
    mark("window shown")
    first_launch = None
    if window.workspace is None:
        from studio.qt.first_launch import offer

        first_launch = offer(window)
    loop = QEventLoop()
    window.closed.connect(loop.quit)
    app.aboutToQuit.connect(loop.quit)
    if quit_after_ms:
        QTimer.singleShot(quit_after_ms, window.close)
    loop.exec()
    del first_launch
    if collector is not None:
        collector.stop()
    return 0
