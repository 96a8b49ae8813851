"""Visual editor model benchmarks (issue 10): layers rebuild, edit operations, drop
places and memory over 1,000 operations, on generated emails of ~200 and ~2,000
components.

    python bench/run.py --suite visual

Targets: layers rebuilt ≤ 30 ms (200 components) / ≤ 200 ms (2,000); memory after
1,000 operations and undo-all within 10 % of the start. The canvas-side targets
(selection feedback, drop → canvas updated) are measured by the canvas's own
benchmarks in the Qt layer.

Benches (``N`` = 200 or 2000):
  visual/layers-N           build_layers on the text (parse included)
  visual/insert-N           one insert (a paragraph into the middle section),
                            layers prebuilt; likewise move-N (a section to the top),
                            duplicate-N, delete-N, rename-N
  visual/places-N           every valid drop place for a paragraph (the drop
                            indicator's whole answer)
  visual/cycle-N            what one drop costs the model end to end: layers
                            rebuilt, the edit made and applied through the document
  visual/compile-full-N / compile-incremental-N
                            the compile after a paragraph is inserted in the middle
                            section (or taken out again): full, and replaying the
                            previous expansion (components/expand/replay.py)
  visual/memory-200         1,000 operations then undo-all through the document,
                            layers rebuilt after each: process RSS now against the
                            start, the memory Python still holds (tracemalloc) with
                            the document open (its redo history) and once closed
"""

from __future__ import annotations

import gc
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from compiler.pipeline import CompileOptions, compile_email  # noqa: E402
from compiler.project import load_project  # noqa: E402
from components.custom.library import load_library  # noqa: E402
from components.expand.replay import ExpansionCache  # noqa: E402
from studio.models import visual_edits as V  # noqa: E402
from studio.models.document import EmailDocument  # noqa: E402
from studio.models.drop_rules import Dragged, Place, places  # noqa: E402
from studio.models.layers import build_layers  # noqa: E402

DEMO = ROOT / "resources" / "demo"

SECTION = """  <!-- Section {n} -->
  <x-section width="600" padding="24px">
    <x-heading-2>Picked for you {n}</x-heading-2>
    <x-paragraph>Hi {{{{ customer.first_name | default: "there" }}}}, item {n}.</x-paragraph>
    {{% if customer.member %}}
    <x-cta href="https://fernway.example/{n}">Shop now</x-cta>
    {{% endif %}}
    <x-row :layout="[50,50]" gap="16">
      <x-column>
        <fernway-product-card name="Shell {n}" price="$189"
          href="https://fernway.example/p/{n}" image="https://assets.fernway.example/{n}.jpg"></fernway-product-card>
      </x-column>
      <x-column>
        <x-image src="https://assets.fernway.example/{n}b.jpg" alt="Item {n}" width="272"></x-image>
        <x-paragraph>Second item</x-paragraph>
      </x-column>
    </x-row>
  </x-section>
"""
PER_SECTION = 10  # components per generated section


def generated(components: int) -> str:
    """An email of about ``components`` components (sections of ten)."""
    sections = max(1, components // PER_SECTION)
    body = "".join(SECTION.format(n=i) for i in range(sections))
    return f'<x-base title="Bench" lang="en">\n{body}</x-base>\n'


def _runner() -> ModuleType:
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "Result") and hasattr(main, "Bench"):
        return main
    from bench import run

    return run


def _rss_mb() -> float:
    """The process's resident memory now (Linux ``/proc``; else its peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory(runner: ModuleType, text: str, library: Any, ops: int) -> Any:
    rng = random.Random(10)
    opened = [EmailDocument(text)]

    def one(i: int) -> None:
        doc = opened[0]
        layers = build_layers(doc.text, library)
        sections = [r.id for r in layers if r.tag == "x-section"]
        kind = i % 4
        edit: V.VisualEdit | None
        if kind == 0:
            edit = V.insert(
                layers, "<x-paragraph>New</x-paragraph>", Place(rng.choice(sections), 0)
            )
        elif kind == 1:
            edit = V.move(layers, [rng.choice(sections)], Place(layers.roots[0], 0))
        elif kind == 2:
            edit = V.duplicate(layers, [rng.choice(sections)])
        else:
            edit = V.delete(layers, [rng.choice(sections)])
        V.apply(doc, edit)

    doc = opened[0]
    for i in range(8):  # warm up every path
        one(i)
    while doc.can_undo:
        doc.undo()
    gc.collect()
    tracemalloc.start()
    start_traced = tracemalloc.get_traced_memory()[0]
    start_rss = _rss_mb()
    t0 = time.perf_counter()
    for i in range(ops):
        one(i)
    undone = 0
    while doc.can_undo:
        doc.undo()
        undone += 1
    elapsed = (time.perf_counter() - t0) * 1000
    gc.collect()
    end_traced = tracemalloc.get_traced_memory()[0]
    end_rss = _rss_mb()
    assert doc.text == text, "undo-all did not restore the text"
    del doc
    opened.clear()  # what is left once the document (and its undo/redo history) is closed
    gc.collect()
    closed = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    extra = {
        "operations": ops,
        "undone": undone,
        "rss_start_mb": round(start_rss, 1),
        "rss_end_mb": round(end_rss, 1),
        "rss_growth_pct": round((end_rss - start_rss) / start_rss * 100, 1),
        "held_after_kb": round((end_traced - start_traced) / 1024, 1),
        "held_after_close_kb": round((closed - start_traced) / 1024, 1),
        "text_kb": round(len(text) / 1024, 1),
    }
    return runner.Result("visual/memory-200", elapsed / ops, ops, extra)


def _compiles(
    runner: ModuleType,
    size: int,
    text: str,
    at: int,
    runs: int | None,
) -> list[Any]:
    """The compile after an edit (a paragraph inserted in the middle section, then taken
    out again, alternately), full and replaying the previous expansion."""
    project = load_project(DEMO)
    file = str(DEMO / "emails" / "bench.html")
    end = text.index("</x-heading-2>", at) + len("</x-heading-2>")
    edited = text[:end] + "\n    <x-paragraph>New</x-paragraph>" + text[end:]
    texts = [text, edited]
    cache = ExpansionCache()
    options = CompileOptions(expansion_cache=cache)
    compile_email(text, file=file, project=project, options=options)
    flip = [0]

    def incremental() -> None:
        flip[0] ^= 1
        compile_email(texts[flip[0]], file=file, project=project, options=options)

    def full() -> None:
        flip[0] ^= 1
        compile_email(texts[flip[0]], file=file, project=project)

    return [
        runner.Bench(f"visual/compile-full-{size}", full, runs=runs),
        runner.Bench(f"visual/compile-incremental-{size}", incremental, runs=runs),
    ]


def benches(runs: int) -> list[Any]:
    runner = _runner()
    library = load_library(DEMO)
    out: list[Any] = []
    for size in (200, 2000):
        text = generated(size)
        layers = build_layers(text, library)
        count = sum(1 for r in layers if r.kind in ("standard", "custom"))
        sections = [r for r in layers if r.tag == "x-section"]
        middle = sections[len(sections) // 2]
        paragraph = next(r for r in layers if r.tag == "x-paragraph")
        n = 10 if size == 2000 else None
        out.append(
            runner.Bench(
                f"visual/layers-{size} ({count} components)",
                lambda t=text: build_layers(t, library),
                runs=n,
            )
        )
        out.append(
            runner.Bench(
                f"visual/insert-{size}",
                lambda L=layers, m=middle: V.insert(
                    L, "<x-paragraph>New</x-paragraph>", Place(m.id, 1)
                ),
            )
        )
        out.append(
            runner.Bench(
                f"visual/move-{size}",
                lambda L=layers, m=middle: V.move(L, [m.id], Place(L.roots[0], 0)),
            )
        )
        out.append(
            runner.Bench(
                f"visual/duplicate-{size}", lambda L=layers, m=middle: V.duplicate(L, [m.id])
            )
        )
        out.append(
            runner.Bench(f"visual/delete-{size}", lambda L=layers, m=middle: V.delete(L, [m.id]))
        )
        out.append(
            runner.Bench(
                f"visual/rename-{size}", lambda L=layers, p=paragraph: V.rename(L, p.id, "Intro")
            )
        )
        out.append(
            runner.Bench(
                f"visual/places-{size}",
                lambda L=layers: places(L, Dragged.markup("<x-paragraph>New</x-paragraph>")),
                runs=n,
            )
        )

        def cycle(t: str = text, m: int = middle.span[0]) -> None:
            doc = EmailDocument(t)
            fresh = build_layers(doc.text, library)
            row = fresh.starting_at(m)
            assert row is not None
            V.apply(doc, V.insert(fresh, "<x-paragraph>New</x-paragraph>", Place(row.id, 1)))

        out.append(runner.Bench(f"visual/cycle-{size}", cycle, runs=n))
        out.extend(_compiles(runner, size, text, middle.span[0], n))
    if runs:  # measured last, after the timings
        out.append(_memory(runner, generated(200), library, 1000))
    return out
