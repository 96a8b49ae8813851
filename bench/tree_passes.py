"""The passes over the page after css-inline, each timed, in the every-transformer compile.

    python bench/tree_passes.py [--runs N]

The 32-block email of ``--suite mjml_reference`` (both forms, every transformer on, one
loaded ``Project``), compiled ``--runs`` times; the CPU time (``time.process_time``) of
each function that reads the page after css-inline's engine, wrapped where the compile
calls it, as the median over the compiles, with the nodes of the run's final tree:
the parse of the engine's output, the marks taken off it (``_settle``), css-cleanup's
read and the rest of css-cleanup, a11y-fixes, the run's restore and check (one walk), and
the plain text (the tree laid flat, then its walk and tidy). What a step costs per node
and per pass is what decides whether passes are worth merging
(``docs/performance.md``, "Issue 15, sixth session: fewer passes after inline-css").
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100, help="compiles of each form")
    args = parser.parse_args()
    time.perf_counter = time.process_time  # before the compiler reads the clock
    sys.path.insert(0, str(ROOT))
    from bench.suites.mjml_reference import ALL, EMAILS, PROJECT
    from compiler import compile_email
    from compiler.transformers import a11y_fixes, css_cleanup, inline_css, plaintext
    from compiler.transformers.core import liquid_guard, markup

    spent: dict[str, float] = {}
    nodes: list[int] = []

    def timed(module: ModuleType, name: str, label: str) -> None:
        f: Callable[..., Any] = getattr(module, name)

        @functools.wraps(f)
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t0

        setattr(module, name, wrapper)

    timed(inline_css, "parse", "parse of the engine's output")
    timed(inline_css, "_settle", "marks taken off (_settle)")
    timed(css_cleanup, "_read", "css-cleanup: its read")
    timed(css_cleanup, "apply", "css-cleanup: all")
    timed(a11y_fixes, "apply", "a11y-fixes")
    timed(liquid_guard, "restore_intact", "restore and check (one walk)")
    timed(markup, "flat", "plain text: the tree laid flat")
    timed(plaintext, "_walk", "plain text: its walk and tidy")
    timed(plaintext, "generate_guarded", "plain text: all")
    restore = liquid_guard.restore_intact

    def counted(expected: Any, doc: markup.Markup, guard: Any) -> str | None:
        nodes.append(len(doc.nodes))
        return restore(expected, doc, guard)

    liquid_guard.restore_intact = counted  # (the runner reads it from the module)
    for form in ("mjml", "html"):
        path = EMAILS / f"marketing-32.{form}"
        source = path.read_text(encoding="utf-8")
        for _ in range(3):
            compile_email(source, file=str(path), project=PROJECT, options=ALL)
        spent.clear()
        nodes.clear()
        totals = []
        for _ in range(args.runs):
            t0 = time.process_time()
            compile_email(source, file=str(path), project=PROJECT, options=ALL)
            totals.append(time.process_time() - t0)
        print(
            f"{form}: compile {statistics.median(totals) * 1000:.2f} ms CPU (median), "
            f"final tree {statistics.median(nodes):.0f} nodes; per compile (mean):"
        )
        for label, seconds in spent.items():
            print(f"  {label:34} {seconds / args.runs * 1000:6.3f} ms")


if __name__ == "__main__":
    main()
