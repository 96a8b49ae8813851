"""The studio in a subprocess for the crash-safety test (``test_crash_safety.py``).

``python -m tests.studio.qt.crash_driver WORKSPACE EMAIL`` opens the real
main window (offscreen) on WORKSPACE, opens EMAIL (accepting the offer to
recover autosaved changes), and types letters into it with real key events,
one every ``--key-ms``. With ``--data`` EMAIL is a snippet or sample-data file,
opened in its own tab (``DataFilePage``) and saved with its Save. It prints
one line per event, flushed, so the test can wait for events instead of
sleeping:

    opened <json text>         the editor's text after opening (and recovering)
    typed <n>                  n letters are in the text now
    autosaved <n>              the autosave timer fired; the journal holds n letters
    saving <n> / saved <n>     File ▸ Save of n letters started / finished
    styles-saving <k> / styles-saved <k>   the styles editor saved version k of styles.json
    error <message>            something the test must fail on

The letters go after ``TYPE-HERE:`` in the email; letter i is ``LETTERS[i % 26]``,
so any text can be checked for being a state the studio really had.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MARK = re.compile(r"TYPE-HERE:([a-z]*)</x-paragraph>")
STYLES_COLOR_ID = "xjrfto7lphdl"  # "Ink" in resources/styles/default.json


def letters(n: int) -> str:
    return "".join(LETTERS[i % 26] for i in range(n))


def typed_count(text: str) -> int:
    """How many letters ``text`` holds after the mark; -1 when it is not a state we typed."""
    m = MARK.search(text)
    if m is None or m.group(1) != letters(len(m.group(1))):
        return -1
    return len(m.group(1))


def say(*words: object) -> None:
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("email")
    parser.add_argument("--key-ms", type=int, default=15)
    parser.add_argument("--keys", type=int, default=2000)
    parser.add_argument("--save-every", type=int, default=0)
    parser.add_argument("--styles-every", type=int, default=0)
    parser.add_argument("--data", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from studio.models.styles_editor import StylesEditor
    from studio.qt.app import application
    from studio.qt.main_window import MainWindow

    app = application()
    settings = QSettings(
        str(args.workspace.parent / "studio-settings.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings)

    def answer(title: str, text: str, buttons: tuple[str, ...]) -> str:
        for choice in ("Recover", "Discard"):
            if choice in buttons:
                return choice
        return buttons[-1]

    window.ask = answer
    window.preview_settings.update(block_images=True)
    window.prefs.set("autosave_seconds", 1)
    if not window.open_workspace(args.workspace):
        say("error", "cannot open the workspace")
        return 3
    if args.data:
        data_page = window.open_data_file(args.email)
        if data_page is None:
            say("error", "cannot open", args.email)
            return 3
        model = data_page.model
        editor: QWidget = data_page.editor

        def text() -> str:
            return model.text

        def save() -> bool:
            return data_page.save()

        def place(offset: int) -> None:
            cursor = data_page.editor.textCursor()
            cursor.setPosition(offset, QTextCursor.MoveMode.MoveAnchor)
            data_page.editor.setTextCursor(cursor)
    else:
        page = window.open_file(args.email)
        if page is None:
            say("error", "cannot open", args.email)
            return 3
        doc = page.document
        editor = page.editor

        def text() -> str:
            return doc.text

        def save() -> bool:
            return window.save(page)

        def place(offset: int) -> None:
            page.editor.select_range((offset, offset))

    window.resize(1000, 700)
    window.show()
    say("opened", json.dumps(text()))
    n = typed_count(text())
    if n < 0:
        say("error", "the opened text is not a state the studio had")
        return 3
    m = MARK.search(text())
    assert m is not None
    place(m.end(1))
    editor.setFocus()
    styles_version = 0

    def autosaved() -> None:  # connected after the window's own autosave slot
        say("autosaved", typed_count(text()))

    def save_styles() -> None:
        nonlocal styles_version
        styles_version += 1
        say("styles-saving", styles_version)
        model = StylesEditor.open(args.workspace / "styles.json")
        model.set_variable(STYLES_COLOR_ID, "hex", "#1a2b3c" if styles_version % 2 else "#3c2b1a")
        if not model.save():
            say("error", "the styles editor did not save")
            app.exit(3)
        say("styles-saved", styles_version)

    def type_one() -> None:
        count = typed_count(text())
        if count < 0:
            say("error", "the editor's text is not what was typed:", json.dumps(text()))
            app.exit(3)
            return
        if count - n >= args.keys:
            return
        QTest.keyClicks(editor, LETTERS[count % 26])  # (a key click per character)
        after = typed_count(text())
        if after != count + 1:
            say("error", f"typing gave {after} letters, not {count + 1}")
            app.exit(3)
            return
        say("typed", after)
        if args.save_every and after % args.save_every == 0:
            say("saving", after)
            if not save():
                say("error", "save failed:", window.statusBar().currentMessage())
            say("saved", after)
        if args.styles_every and after % args.styles_every == 0:
            save_styles()

    window.autosave_timer.timeout.connect(autosaved)
    keys = QTimer()
    keys.setInterval(args.key_ms)
    keys.timeout.connect(type_one)
    keys.start()
    code = app.exec()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
