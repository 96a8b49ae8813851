"""A studio in a subprocess for the edit-lock tests (``test_edit_lock.py``).

``python -m tests.studio.qt.lock_driver WORKSPACE EMAIL [--type TEXT]`` opens the real
main window (offscreen) on WORKSPACE, opens EMAIL, types TEXT with real key events
(unsaved) when it may edit, and prints one line per event, flushed, so the test waits
for events instead of sleeping:

    opened editable | opened view-only <holder>
    typed <json text>              the editor's text after typing
    taken-over <holder> kept=<path>    another studio took the file; our unsaved text
                                   was kept there
    view-only dirty=<0|1> saved-text=<0|1>   after dropping: unsaved? showing the file?
    error <message>

It ends when its standard input closes (the window closes as a user would close it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def say(*words: object) -> None:
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("email")
    parser.add_argument("--type", default="")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, QSocketNotifier
    from PySide6.QtTest import QTest

    from studio.qt.app import application
    from studio.qt.edit_lock import EditLockGuard
    from studio.qt.main_window import MainWindow
    from studio.workspace.locks import LockInfo

    app = application()
    settings = QSettings(
        str(args.workspace.parent / f"studio-{os.getpid()}.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings)
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    window.preview_settings.update(block_images=True)
    if not window.open_workspace(args.workspace):
        say("error", "cannot open the workspace")
        return 3
    page = window.open_file(args.email)
    if page is None:
        say("error", "cannot open", args.email)
        return 3
    window.resize(1000, 700)
    window.show()
    guard = page.findChild(EditLockGuard, "editLock")
    if guard is None:
        say("error", "the page has no edit lock")
        return 3
    if guard.editable:
        say("opened", "editable")
    else:
        holder = guard.lock.read()
        say("opened", "view-only", holder.holder if holder else "?")
    doc = page.document

    def taken(other: LockInfo) -> None:
        say("taken-over", other.holder, f"kept={guard.kept}")
        say("view-only", f"dirty={int(doc.dirty)}", f"saved-text={int(doc.text == doc.saved_text)}")

    guard.taken_over.connect(taken)
    if args.type and guard.editable:
        page.editor.setFocus()
        cursor = page.editor.textCursor()
        cursor.setPosition(doc.text.index("Spring is on the trail"))
        page.editor.setTextCursor(cursor)
        QTest.keyClicks(page.editor, args.type)
        say("typed", json.dumps(doc.text))

    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def readable() -> None:
        if not os.read(sys.stdin.fileno(), 4096):  # closed: the user closes the window
            stdin.setEnabled(False)
            window.close()
            app.quit()

    stdin.activated.connect(readable)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
