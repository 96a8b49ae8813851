"""CPU time of each compile step for one email, for A/B runs on a loaded machine.

    python bench/compile_steps.py EMAIL [--runs N] [--workspace DIR]

Compiles ``EMAIL`` ``N`` times (after a warm-up) with the default transformers and
prints the median CPU time (``time.process_time``) of the whole compile and of each
step of ``compiler.pipeline.STEPS``, with its share. CPU time, unlike the wall clock,
does not count the time the process waits for a core, so two trees run alternately in
the same minutes compare even when other work loads the machine (it still grows
somewhat with the load: shared caches). Run it from each tree's root.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import compile_email, load_project, pipeline  # noqa: E402
from compiler.project import Project  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("email", type=Path)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workspace", type=Path, default=None)
    args = parser.parse_args()
    project = load_project(args.workspace) if args.workspace else Project()
    source = args.email.read_text(encoding="utf-8")
    spent: dict[str, list[float]] = {}

    def timed(
        name: str,
        step: Callable[[pipeline.Compilation], None],
    ) -> Callable[[pipeline.Compilation], None]:
        def run(c: pipeline.Compilation) -> None:
            t0 = time.process_time()
            try:
                step(c)
            finally:
                spent.setdefault(name, []).append((time.process_time() - t0) * 1000)

        return run

    pipeline.STEPS = tuple((name, timed(name, step)) for name, step in pipeline.STEPS)
    for _ in range(min(20, args.runs)):
        compile_email(source, file=str(args.email), project=project)
    spent.clear()
    totals = []
    for _ in range(args.runs):
        t0 = time.process_time()
        compile_email(source, file=str(args.email), project=project)
        totals.append((time.process_time() - t0) * 1000)
    total = statistics.median(totals)
    print(f"compile {total:.3f} ms CPU (median of {args.runs})")
    for name, times in spent.items():
        ms = statistics.median(times)
        print(f"  {name:14s} {ms:8.3f} ms  {100 * ms / total:5.1f} %")


if __name__ == "__main__":
    main()
