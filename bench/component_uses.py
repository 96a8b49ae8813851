"""CPU time of one use of each standard component, for A/B runs of the expander.

    python bench/component_uses.py EMAIL [--runs N]

Compiles ``EMAIL`` ``N`` times (after a warm-up) with the default transformers and
prints, for each standard component it uses, the uses per compile and the mean CPU time
(``time.process_time_ns``) of one use — reading its props, rendering, the Liquid check —
and of its render function alone. Both are exclusive: the time of the components inside
it is counted for them, not for it (an ``x-row``'s columns, a section's rows). Run it
from each tree's root, alternated, as ``bench/compile_steps.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import compile_email  # noqa: E402
from compiler.project import Project  # noqa: E402
from components.standard import REGISTRY  # noqa: E402
from components.standard.registry import Render, StandardComponent  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("email", type=Path)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    source = args.email.read_text(encoding="utf-8")
    project = Project()
    use: dict[str, int] = defaultdict(int)
    render: dict[str, int] = defaultdict(int)
    uses: dict[str, int] = defaultdict(int)
    clock = time.process_time_ns
    inner = [0]  # the time of the components inside the one being timed, per level
    expand = StandardComponent.expand

    def timed_expand(self: StandardComponent, *rest: Any) -> None:
        inner.append(0)
        t0 = clock()
        expand(self, *rest)
        spent = clock() - t0
        use[self.tag] += spent - inner.pop()
        uses[self.tag] += 1
        inner[-1] += spent

    def timed_render(tag: str, run: Render) -> Render:
        def timed(*rest: Any) -> None:
            inner.append(0)
            t0 = clock()
            run(*rest)
            spent = clock() - t0
            nested = inner.pop()
            render[tag] += spent - nested
            inner[-1] += nested  # (the render's own time is its use's)

        return timed

    StandardComponent.expand = timed_expand  # type: ignore[method-assign, assignment]
    for component in REGISTRY.values():  # (frozen dataclasses)
        object.__setattr__(component, "render", timed_render(component.tag, component.render))
    for _ in range(min(20, args.runs)):
        compile_email(source, file=str(args.email), project=project)
    for counts in (use, render, uses):
        counts.clear()
    for _ in range(args.runs):
        compile_email(source, file=str(args.email), project=project)
    print(f"{'component':12s} {'uses':>5s} {'use µs':>8s} {'render µs':>10s}")
    for tag in sorted(use, key=lambda t: -use[t]):
        n = uses[tag]
        print(
            f"{tag:12s} {n / args.runs:5.0f} {use[tag] / n / 1000:8.1f} "
            f"{render[tag] / n / 1000:10.1f}"
        )
    total, rendered = sum(use.values()) / args.runs, sum(render.values()) / args.runs
    print(
        f"all uses {total / 1e6:.3f} ms a compile, render {rendered / 1e6:.3f} ms "
        f"({100 * rendered / total:.0f} %)"
    )


if __name__ == "__main__":
    main()
