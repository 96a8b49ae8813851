"""Custom components: warm cost per instance, a 100-instance email, the time limit.

    python bench/run.py custom:

Benches:
  custom:instance-warm        median cost of one instance (3 props, one slot, one
                              style block) with the engine and scripts warm: an email
                              of 50 instances, divided by 50 (target ≤ 0.3 ms)
  custom:100x5-compile        an email with 100 instances of 5 components, each run
                              with a fresh engine (one engine per compile, scripts
                              compiled once per compile) (target ≤ 40 ms)
  custom:100x5-warm           the same with one warm engine
  custom:endless-loop-stop    time from start until a 250 ms limit stops an endless
                              loop in a component script (target ≤ 300 ms)
"""

from __future__ import annotations

import statistics
import sys
import time
from types import ModuleType
from typing import Any

from components.custom import library_from_sources
from components.expand import ExpandOptions, expand
from components.js import JSEngine
from components.markup import parse

CARD = """<script>
export const props = Component.defineProps({
  title: Component.props.string().default('Hi'),
  color: Component.props.string().optional(),
  size: Component.props.number().default(16),
});
const st = { color: props.color, 'font-size': props.size + 'px' };
</script>
<style>.card-%d{border:1px solid set('props.color')}</style>
<template><div class="card-%d" :style="st"><h2>${title}</h2><slot>Fallback</slot></div></template>
"""
OPTIONS = ExpandOptions(marks=True)


def _runner() -> ModuleType:
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "Result") and hasattr(main, "Bench"):
        return main
    from bench import run

    return run


def _email(count: int, kinds: int) -> str:
    return "".join(f'<c{i % kinds} title="T{i}" color="#{i % 999:03d}" :size="{12 + i % 9}">'
                   f"Hello <b>{{{{ name }}}}</b></c{i % kinds}>" for i in range(count))


def benches(runs: int) -> list[Any]:
    run = _runner()
    library = library_from_sources({f"components/c{i}.html": CARD % (i, i) for i in range(5)})
    many = parse(_email(100, 5), "e.html").document
    fifty = parse(_email(50, 1), "e.html").document
    empty = parse("<p>x</p>", "e.html").document
    warm = JSEngine()

    def per_instance() -> Any:
        expand(fifty, file="e.html", library=library, engine=warm, options=OPTIONS)
        times = []
        for _ in range(max(runs, 10)):
            t0 = time.perf_counter()
            expand(fifty, file="e.html", library=library, engine=warm, options=OPTIONS)
            t1 = time.perf_counter()
            expand(empty, file="e.html", library=library, engine=warm, options=OPTIONS)
            t2 = time.perf_counter()
            times.append(((t1 - t0) - (t2 - t1)) * 1000 / 50)
        return run.Result("custom:instance-warm", statistics.median(times), len(times),
                          {"target_ms": 0.3})

    def endless() -> Any:
        lib = library_from_sources({"components/spin-it.html":
                                    "<script>export const props = Component.defineProps(['n']);"
                                    "while (props.n !== 0) {}</script><template>x</template>"})
        doc = parse('<spin-it :n="1"></spin-it>', "e.html").document
        times = []
        for _ in range(5):
            engine = JSEngine(time_limit_ms=250)
            t0 = time.perf_counter()
            result = expand(doc, file="e.html", library=lib, engine=engine)
            times.append((time.perf_counter() - t0) * 1000)
            assert [i.rule for i in result.issues] == ["components/script-timeout"], result.issues
        return run.Result("custom:endless-loop-stop", statistics.median(times), len(times),
                          {"target_ms": 300, "max_ms": round(max(times), 1)})

    return [
        per_instance(),
        run.Bench("custom:100x5-compile",
                  lambda: expand(many, file="e.html", library=library, options=OPTIONS)),
        run.Bench("custom:100x5-warm",
                  lambda: expand(many, file="e.html", library=library, engine=warm,
                                 options=OPTIONS)),
        endless(),
    ]
