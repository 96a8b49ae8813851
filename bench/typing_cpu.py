"""The GUI thread's CPU time per keystroke while typing into the real editor.

    python bench/typing_cpu.py [--mode code|split] [--email demo|10x] [--keys N]

The same window, workspace and keystrokes as ``--suite typing`` (one offscreen main
window on a copy of the demo workspace, images on, a character typed into "Spring is
on the trail"), but what is measured is the CPU time of the GUI thread
(``time.thread_time``) from the first key until the last key's page is in the DOM,
divided by the keys: the studio's own work per keystroke on the thread that also paints
the window, which the compile (a worker thread) and the engine (another process) do not
count in. On a machine shared with other work the wall-clock bench swings 2x between
runs a minute apart; this figure moves by about 10 %, so an A/B of a change to the
studio (this script run from each tree's root, alternated) is readable at any load.
Prints the GUI CPU and the wall time per key.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path.cwd()  # the tree under test: run from its root
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("code", "split"), default="code")
    parser.add_argument("--email", choices=("demo", "10x"), default="10x")
    parser.add_argument("--keys", type=int, default=12)
    args = parser.parse_args()

    from PySide6.QtTest import QTest

    from bench.suites.typing import BIG, EMAIL, demo_window
    from studio.qt.app import application

    app = application()

    def wait(done: Callable[[], bool], limit: float = 60.0) -> None:
        deadline = time.time() + limit
        while not done() and time.time() < deadline:
            app.processEvents()
            time.sleep(0.001)
        if not done():
            raise TimeoutError("the studio did not settle")

    with tempfile.TemporaryDirectory() as tmp:
        window = demo_window(Path(tmp))
        page = window.open_file(EMAIL if args.email == "demo" else BIG)
        assert page is not None
        page.set_editor_mode(args.mode)
        preview, canvas = page.preview, page.visual.canvas

        def shown() -> bool:
            if not page.state.in_sync or preview.busy:
                return False
            if args.mode == "code":
                return bool(preview.loaded)
            return canvas.is_ready and canvas._pending is None and canvas.html != ""

        wait(shown)
        at = page.document.text.index("Spring is on the trail") + len("Spring")
        page.editor.setFocus()
        page.editor.select_range((at, at))
        cpu, wall = time.thread_time(), time.perf_counter()
        for i in range(args.keys):
            updates = canvas.morphs + canvas.loads
            loaded: list[bool] = []
            preview.page_loaded.connect(loaded.append)
            QTest.keyClicks(page.editor, "abcdefghij"[i % 10])

            def updated(got: list[bool] = loaded, before: int = updates) -> bool:
                if args.mode == "code":
                    return bool(got) and shown()
                return shown() and canvas.morphs + canvas.loads > before

            wait(updated)
            preview.page_loaded.disconnect(loaded.append)
        cpu_ms = (time.thread_time() - cpu) / args.keys * 1000
        wall_ms = (time.perf_counter() - wall) / args.keys * 1000
        print(
            f"{args.mode} {args.email}: GUI thread {cpu_ms:.1f} ms CPU per key, "
            f"{wall_ms:.1f} ms wall per key ({args.keys} keys)"
        )
        window.ask = lambda *a: "Discard"
        window.close()


if __name__ == "__main__":
    main()
