"""Mailwright benchmarks (not timed tests).

    python bench/run.py [--json] [--runs N] [--suite NAME ...] [NAME-PREFIX ...]

Every module in ``bench/suites/`` defines ``benches(runs: int) -> list[Bench]``.
A :class:`Bench` is a name and a zero-argument callable; the runner calls it
``runs`` times after one warm-up call and prints the median in milliseconds.
Suites may also return ready-made results (``Result``) for things that are not
a simple repeated call (cold starts, concurrent checks).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
#: the bundled demo workspace, and the marketing email most suites measure
DEMO = ROOT / "resources" / "demo"
DEMO_EMAIL = DEMO / "emails" / "marketing" / "spring-collection.html"


@dataclass
class Bench:
    name: str
    func: Callable[[], object]
    runs: int | None = None
    memory: bool = False


@dataclass
class Result:
    name: str
    median_ms: float
    runs: int
    extra: dict[str, object] | None = None


if __name__ == "__main__":
    # Suites import `bench.run`; make that name this very module.
    sys.modules.setdefault("bench.run", sys.modules[__name__])


def measure(b: Bench, runs: int) -> Result:
    n = b.runs or runs
    b.func()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        b.func()
        times.append((time.perf_counter() - t0) * 1000)
    extra: dict[str, object] = {}
    if b.memory:
        tracemalloc.start()
        b.func()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        extra["peak_mb"] = round(peak / 1e6, 2)
    return Result(b.name, statistics.median(times), n, extra or None)


def load_suites(only: list[str]) -> list[ModuleType]:
    mods: list[ModuleType] = []
    for path in sorted((ROOT / "bench" / "suites").glob("*.py")):
        if path.name.startswith("_") or (only and path.stem not in only):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_suite_{path.stem}", path)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--json", action="store_true", help="one JSON object per line")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument(
        "--suite",
        action="append",
        default=[],
        help="run only this suite of bench/suites/ (repeatable)",
    )
    ap.add_argument("only", nargs="*", help="report benches whose name starts with one of these")
    args = ap.parse_args()
    for mod in load_suites(args.suite):
        for item in mod.benches(args.runs):
            if args.only and not any(item.name.startswith(p) for p in args.only):
                continue
            res = item if isinstance(item, Result) else measure(item, args.runs)
            if args.json:
                obj: dict[str, object] = {
                    "bench": res.name,
                    "median_ms": round(res.median_ms, 3),
                    "runs": res.runs,
                }
                if res.extra:
                    obj.update(res.extra)
                print(json.dumps(obj), flush=True)
            else:
                more = "".join(f"  {k}={v}" for k, v in (res.extra or {}).items())
                line = f"{res.name:<40} {res.median_ms:10.3f} ms  (runs={res.runs}){more}"
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
