"""Visual editor canvas benchmarks (issue 10): the Qt side, in a real offscreen page.

    python bench/run.py --suite canvas

On generated emails of ~200 and ~2,000 components (``bench/suites/visual.py``'s
generator, the demo workspace's components), one editor page in Visual mode:

  canvas/select-N    a mouse click on a heading on the canvas → the selection frame
                     drawn (the overlay's ``select`` callback), the code selection and
                     the layers row set on the way
  canvas/drop-N      a paragraph dropped from the insert panel (the Qt drop event) →
                     the canvas patched with the new page (``Canvas.updated_at``, set
                     when the patch's answer arrives, before the layers and properties
                     panels follow it): the overlay's hit test, the drop rules, the edit
                     through the document, the incremental compile (worker thread, no
                     debounce; ``components/expand/replay.py``), page preparation and the
                     in-place patch. ``loads`` stays 1: the page is never reloaded
  canvas/drop-full-N the same with the expansion cache off (every compile a full one),
                     in the same run, for comparison
  canvas/layers-N    the layers panel's tree rebuilt from prebuilt layers

``MAILWRIGHT_BENCH_SIZES=2000`` runs one size only.

Targets: 200 components — selection ≤ 50 ms, drop → canvas ≤ 150 ms, layers ≤ 30 ms;
2,000 components — selection ≤ 100 ms, drop → canvas ≤ 500 ms, layers ≤ 200 ms.
Every wait is for the signal that means done (a nested event loop quits on it).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from bench.run import DEMO, Result  # noqa: E402
from bench.suites.visual import generated  # noqa: E402

SIZES = tuple(int(s) for s in os.environ.get("MAILWRIGHT_BENCH_SIZES", "200,2000").split(","))


def _wait(signal: Any, timeout_ms: int = 60000) -> tuple[Any, ...]:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    got: list[tuple[Any, ...]] = []

    def done(*args: Any) -> None:
        got.append(args)
        loop.quit()

    signal.connect(done)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    signal.disconnect(done)
    if not got:
        raise TimeoutError(f"{signal} did not come within {timeout_ms} ms")
    return got[0]


def _call(run: Any) -> Any:
    """Run ``run(callback)`` and wait for its callback."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    box: list[Any] = []

    def cb(value: Any) -> None:
        box.append(value)
        loop.quit()

    run(cb)
    if not box:
        loop.exec()
    return box[0]


def _page(text: str, folder: Path) -> Any:
    from compiler.project import load_project
    from studio.models.document import EmailDocument
    from studio.models.preview import PreviewSettings, PreviewState
    from studio.qt.editor_page import EditorPage

    path = folder / "emails" / "bench.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    page = EditorPage(
        EmailDocument.load(path),
        project=load_project(DEMO),
        preview_settings=PreviewSettings(PreviewState(block_images=True)),
        editor_mode="visual",
        debounce_ms=0,
    )
    page.resize(1280, 800)
    page.show()
    _wait(page.visual.canvas.updated)
    return page


def _size(n: int, runs: int, folder: Path) -> list[Result]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    page = _page(generated(n), folder)
    visual = page.visual
    canvas = visual.canvas
    layers = visual.layers
    headings = [r.node_id for r in layers if r.tag == "x-heading-2"]
    components = sum(1 for r in layers if r.kind in ("standard", "custom"))

    # selection: click a heading (alternating two, so each click changes the selection)
    select_ms: list[float] = []
    for i in range(runs + 1):
        node = headings[len(headings) // 2 + (i % 2)]
        rect = _call(lambda cb, node=node: canvas.reveal(node, cb))
        point = QPoint(int(rect["x"] + 10), int(rect["y"] + rect["h"] / 2))
        QTest.mouseMove(canvas.surface, point)
        t0 = time.perf_counter()
        QTest.mousePress(
            canvas.surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
        )
        _wait(visual.selection_shown)
        select_ms.append((time.perf_counter() - t0) * 1000)
        QTest.mouseRelease(
            canvas.surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
        )
    select_ms = select_ms[1:]

    # drop: a paragraph onto the lower half of a heading, through the Qt drop events;
    # with the incremental compile (the studio's), then with a full compile each time
    drop_ms = _drops(page, runs, len(headings))
    cache, page.preview.cache = page.preview.cache, None
    full_ms = _drops(page, runs, len(headings))
    page.preview.cache = cache

    # the layers panel rebuilt from prebuilt layers
    layers = visual.current_layers()
    panel_ms: list[float] = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        visual.layers_panel.set_layers(layers, visual.selection.ids)
        panel_ms.append((time.perf_counter() - t0) * 1000)
    panel_ms = panel_ms[1:]

    page.shutdown()
    page.close()
    page.deleteLater()
    extra = {"components": components}
    return [
        Result(
            f"canvas/select-{n}",
            statistics.median(select_ms),
            runs,
            {**extra, "max_ms": round(max(select_ms), 1)},
        ),
        Result(
            f"canvas/drop-{n}",
            statistics.median(drop_ms),
            runs,
            {
                **extra,
                "max_ms": round(max(drop_ms), 1),
                "page_loads": canvas.loads,
                "last_patch": canvas.last_stats,
            },
        ),
        Result(
            f"canvas/drop-full-{n}",
            statistics.median(full_ms),
            runs,
            {**extra, "max_ms": round(max(full_ms), 1)},
        ),
        Result(
            f"canvas/layers-{n}", statistics.median(panel_ms), runs, {**extra, "rows": len(layers)}
        ),
    ]


def _drops(page: Any, runs: int, headings: int) -> list[float]:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from studio.qt.canvas import insert_mime

    visual = page.visual
    canvas = visual.canvas
    drop_ms: list[float] = []
    loads = canvas.loads
    for _ in range(runs + 1):
        node = [r.node_id for r in visual.layers if r.tag == "x-heading-2"][headings // 2]
        rect = _call(lambda cb, node=node: canvas.reveal(node, cb))
        point = QPointF(rect["x"] + 10, rect["y"] + rect["h"] - 3)
        mime = insert_mime("x-paragraph")
        actions = Qt.DropAction.CopyAction
        t0 = time.perf_counter()
        QApplication.sendEvent(
            canvas.surface,
            QDragEnterEvent(
                point.toPoint(),
                actions,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
        QApplication.sendEvent(
            canvas.surface,
            QDropEvent(
                point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            ),
        )
        kind = _wait(canvas.updated)
        # to the moment the page was patched (the panels follow it after that)
        drop_ms.append((canvas.updated_at - t0) * 1000)
        assert kind == ("morph",), kind
    assert canvas.loads == loads, "the canvas reloaded instead of patching"
    return drop_ms[1:]


def benches(runs: int) -> list[Result]:
    from studio.render.engine import ensure_application

    ensure_application()
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            out.extend(_size(n, max(3, min(runs, 10)), Path(tmp) / str(n)))
    return out
