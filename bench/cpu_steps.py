"""Each compile step's CPU time and share, and the peak memory, on the 32-block email.

    python bench/cpu_steps.py [--runs N] [--steps a11y-fixes,css-variables] [--only all]

The same compiles as ``--suite mjml_reference`` (both forms, default transformers and
every transformer, the 32-block email and its 10x variant; one loaded ``Project``), but
every step's timing is CPU time: ``time.perf_counter`` is replaced by
``time.process_time`` before the compiler is imported. On a machine shared with other
work, wall-clock step times swing 2-3x between runs a minute apart, CPU time by about
10 %, so an A/B of a step (this script on the tree before and after, alternated) is
readable at any load. Prints, per email: the median total, the peak (``tracemalloc``,
one compile) over the output's UTF-8 size, and the four largest steps with their share
(``--steps``: these steps' too, after them; ``--only``: the ``default`` or ``all`` runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="compiles of the 32-block email")
    parser.add_argument(
        "--steps", default="", help="comma-separated steps to print besides the four largest"
    )
    parser.add_argument("--only", choices=("default", "all"), help="only these transformers")
    args = parser.parse_args()
    extra = [s for s in args.steps.split(",") if s]
    time.perf_counter = time.process_time  # before the compiler reads the clock
    sys.path.insert(0, str(ROOT))
    from bench.suites.mjml_reference import ALL, EMAILS, PROJECT, ten_times
    from compiler import compile_email

    for name, options in (("default", None), ("all", ALL)):
        if args.only and name != args.only:
            continue
        for form, tag in (("mjml", "mj-body"), ("html", "x-base")):
            path = EMAILS / f"marketing-32.{form}"
            source = path.read_text(encoding="utf-8")
            for size, text in (("32", source), ("32x10", ten_times(source, tag))):
                runs = args.runs if size == "32" else max(5, args.runs // 6)
                for _ in range(3):
                    compile_email(text, file=str(path), project=PROJECT, options=options)
                steps: dict[str, list[float]] = {}
                for _ in range(runs):
                    result = compile_email(text, file=str(path), project=PROJECT, options=options)
                    for step, ms in result.timings.items():
                        steps.setdefault(step, []).append(ms)
                median = {k: statistics.median(v) for k, v in steps.items()}
                total = median.pop("total")
                median.pop("transform", None)
                tracemalloc.start()
                result = compile_email(text, file=str(path), project=PROJECT, options=options)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                top = sorted(median.items(), key=lambda kv: -kv[1])[:4]
                shown = [k for k, _ in top]
                top += [
                    (k, median[k])
                    for k in (f"transform:{s}" for s in extra)
                    if k in median and k not in shown
                ]
                shares = "  ".join(
                    f"{k.removeprefix('transform:')} {ms:.2f} ({100 * ms / total:.1f} %)"
                    for k, ms in top
                )
                print(
                    f"{form:4} {name:7} {size:5} total {total:7.2f} ms CPU  "
                    f"peak {peak / len(result.html.encode('utf-8')):4.1f}x | {shares}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
