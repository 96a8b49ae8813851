"""Start the studio: the QApplication, the theme, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from studio.qt.main_window import APPLICATION, ORGANIZATION, MainWindow

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def application() -> QApplication:
    """The QApplication (created with what Qt WebEngine needs when there is none)."""
    from studio.render.engine import ensure_environment

    app = QCoreApplication.instance()
    if app is None:
        ensure_environment(offscreen=False)  # the window goes on the user's screen
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        from PySide6.QtCore import Qt

        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication([sys.argv[0] if sys.argv else "mailwright"])
        from PySide6.QtGui import QGuiApplication, QIcon

        QGuiApplication.setDesktopFileName("mailwright")  # the menu entry's icon and name
        app.setWindowIcon(QIcon(str(ICONS / "mailwright.svg")))
    assert isinstance(app, QApplication)
    return app


def run(workspace: Path | None = None, *, open_file: str = "",
        quit_after_ms: int = 0, settings: QSettings | None = None,
        settings_file: Path | None = None, quit_when_previewed: bool = False) -> int:
    """Open the studio window; returns the exit code when the window closes.

    The event loop ends when this window closes (even if other top-level
    windows of the process are open, as in tests). With no workspace to open, the
    first-launch dialog offers the demo, a new workspace and a folder.
    ``quit_when_previewed`` prints ``mailwright: previewed`` and closes the window once
    the opened email's preview has loaded (the bundle test and the cold-start bench).
    """
    app = application()
    if settings is None and settings_file is not None:
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    if workspace is not None:
        window.open_workspace(workspace)
    elif window.recent_workspaces():
        last = Path(window.recent_workspaces()[0])
        if last.is_dir():
            window.open_workspace(last)
    page = window.open_file(open_file) if open_file else None
    if quit_when_previewed:
        if page is None:
            print("mailwright: nothing to preview (give a workspace and --open EMAIL)")
            return 2

        def previewed(_ok: bool) -> None:
            print("mailwright: previewed", flush=True)
            window.ask = lambda *_a: "Discard"
            window.close()

        page.preview.page.loadFinished.connect(previewed)
    window.show()
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
    return 0
