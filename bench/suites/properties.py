"""Properties panel and inline text editing benchmarks (issue 11), in a real offscreen page.

    python bench/run.py --suite properties

On the generated ~200-component email (``bench/suites/visual.py``'s generator, the demo
workspace's components), one editor page in Visual mode:

  properties/fields-200     the panel's fields for a selected section (model only:
                            layers built, ``shared_fields``)
  properties/edit-200       a property typed into the panel (a section's padding) →
                            the canvas patched with the new page (``Canvas.updated``):
                            the write through the model, the edit applied, the panel
                            rebuilt, the compile (worker thread, no debounce), page
                            preparation and the in-place patch
  properties/keystroke-200  one character typed into a heading being edited on the
                            canvas → the page has it (the JavaScript call's answer):
                            no compile runs while typing

Targets: property edit → canvas ≤ 150 ms; inline keystroke → canvas ≤ 50 ms.
Every wait is for the signal or callback that means done.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.run import Result  # noqa: E402
from bench.suites.canvas import _call, _page, _wait  # noqa: E402
from bench.suites.visual import generated  # noqa: E402

N = 200


def _bench(runs: int, folder: Path) -> list[Result]:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QLineEdit

    from studio.models import properties as P

    page = _page(generated(N), folder)
    visual = page.visual
    canvas = visual.canvas
    layers = visual.layers
    components = sum(1 for r in layers if r.kind in ("standard", "custom"))
    sections = [r.id for r in layers if r.tag == "x-section"]
    middle = sections[len(sections) // 2]

    fields_ms: list[float] = []
    current = visual.current_layers()
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        P.shared_fields(current, [middle])
        fields_ms.append((time.perf_counter() - t0) * 1000)
    fields_ms = fields_ms[1:]

    visual.select([middle])
    _wait(visual.selection_shown)
    edit_ms: list[float] = []
    for i in range(runs + 1):
        # the panel's rebuild after the canvas updated, and its replaced widgets
        # deleted, as the main loop does between two edits (this loop is not inside one)
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        box = visual.properties.controls["padding"]
        assert isinstance(box, QLineEdit)
        box.setText(f"{20 + i % 2}px")
        t0 = time.perf_counter()
        box.editingFinished.emit()
        kind = _wait(canvas.updated)
        edit_ms.append((time.perf_counter() - t0) * 1000)
        assert kind == ("morph",), kind
    edit_ms = edit_ms[1:]

    editing = visual.text_editing
    heading = next(r.id for r in visual.current_layers() if r.tag == "x-heading-2")
    editing.start(heading)
    _wait(editing.started)
    key_ms: list[float] = []
    for _ in range(runs * 3 + 1):
        t0 = time.perf_counter()
        _call(
            lambda cb: canvas.run(
                "document.execCommand('insertText', false, 'a'), "
                "document.querySelector('[data-mw-editing]').textContent.length",
                cb,
            )
        )
        key_ms.append((time.perf_counter() - t0) * 1000)
    key_ms = key_ms[1:]
    editing.cancel()

    page.shutdown()
    page.close()
    page.deleteLater()
    extra: dict[str, Any] = {"components": components}
    return [
        Result(f"properties/fields-{N}", statistics.median(fields_ms), runs, extra),
        Result(
            f"properties/edit-{N}",
            statistics.median(edit_ms),
            runs,
            {**extra, "max_ms": round(max(edit_ms), 1)},
        ),
        Result(
            f"properties/keystroke-{N}",
            statistics.median(key_ms),
            len(key_ms),
            {**extra, "max_ms": round(max(key_ms), 1)},
        ),
    ]


def benches(runs: int) -> list[Result]:
    from studio.render.engine import ensure_application

    ensure_application()
    with tempfile.TemporaryDirectory() as tmp:
        return _bench(max(5, min(runs, 15)), Path(tmp))
