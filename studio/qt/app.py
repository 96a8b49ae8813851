"""Start the studio: the QApplication, the theme, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from studio.qt.main_window import APPLICATION, ORGANIZATION, MainWindow


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
    assert isinstance(app, QApplication)
    return app


def run(workspace: Path | None = None, *, open_file: str = "",
        quit_after_ms: int = 0, settings: QSettings | None = None,
        settings_file: Path | None = None) -> int:
    """Open the studio window; returns the exit code when the window closes.

    The event loop ends when this window closes (even if other top-level
    windows of the process are open, as in tests).
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
    if open_file:
        window.open_file(open_file)
    window.show()
    loop = QEventLoop()
    window.closed.connect(loop.quit)
    app.aboutToQuit.connect(loop.quit)
    if quit_after_ms:
        QTimer.singleShot(quit_after_ms, window.close)
    loop.exec()
    return 0
