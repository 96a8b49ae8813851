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
  custom:isolation            what isolating components costs, against one warm
                              instance measured in the same loop: locking the realm
                              down (once per compile that uses components) and, for
                              comparison, a fresh QuickJS context with the runtime
                              (what a context per instance or per definition would pay
                              each time)
  custom:expansion-limit      an email whose component nests #each 3000 × 3000: time
                              until the per-email cap stops it, against the 100x5 email
"""

from __future__ import annotations

import statistics
import sys
import time
from types import ModuleType
from typing import Any

from components.custom import library_from_sources
from components.custom.runtime import RUNTIME_JS, install
from components.expand import ExpandOptions
from components.expand.expander import expand
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
    return "".join(
        f'<c{i % kinds} title="T{i}" color="#{i % 999:03d}" :size="{12 + i % 9}">'
        f"Hello <b>{{{{ name }}}}</b></c{i % kinds}>"
        for i in range(count)
    )


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
        return run.Result(
            "custom:instance-warm", statistics.median(times), len(times), {"target_ms": 0.3}
        )

    def endless() -> Any:
        lib = library_from_sources(
            {
                "components/spin-it.html": "<script>export const props = "
                "Component.defineProps(['n']);"
                "while (props.n !== 0) {}</script><template>x</template>"
            }
        )
        doc = parse('<spin-it :n="1"></spin-it>', "e.html").document
        times = []
        for _ in range(5):
            engine = JSEngine(time_limit_ms=250)
            t0 = time.perf_counter()
            result = expand(doc, file="e.html", library=lib, engine=engine)
            times.append((time.perf_counter() - t0) * 1000)
            assert [i.rule for i in result.issues] == ["components/script-timeout"], result.issues
        return run.Result(
            "custom:endless-loop-stop",
            statistics.median(times),
            len(times),
            {"target_ms": 300, "max_ms": round(max(times), 1)},
        )

    def isolation() -> Any:
        instance, locked, fresh = [], [], []
        for _ in range(max(runs, 10)):
            t0 = time.perf_counter()
            expand(fifty, file="e.html", library=library, engine=warm, options=OPTIONS)
            t1 = time.perf_counter()
            expand(empty, file="e.html", library=library, engine=warm, options=OPTIONS)
            t2 = time.perf_counter()
            engine = JSEngine()
            engine.eval_source(RUNTIME_JS)
            t3 = time.perf_counter()
            engine.lockdown()
            t4 = time.perf_counter()
            instance.append(((t1 - t0) - (t2 - t1)) * 1000 / 50)
            fresh.append((t3 - t2) * 1000)
            locked.append((t4 - t3) * 1000)
        one = statistics.median(instance)
        lock = statistics.median(locked)
        ctx = statistics.median(fresh)
        return run.Result(
            "custom:isolation",
            lock,
            len(locked),
            {
                "instance_ms": round(one, 3),
                "lockdown_x_instance": round(lock / one, 1),
                "fresh_context_ms": round(ctx, 3),
                "fresh_context_x_instance": round(ctx / one, 1),
            },
        )

    def expansion_limit() -> Any:
        bomb = library_from_sources(
            {
                "components/grid-bomb.html": (
                    '<script></script><template><div #each="i in 3000"><span #each="j in 3000">'
                    "${i}.${j}</span></div></template>"
                )
            }
        )
        doc = parse("<grid-bomb></grid-bomb>", "e.html").document
        capped, reference = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            result = expand(doc, file="e.html", library=bomb, options=OPTIONS)
            t1 = time.perf_counter()
            expand(many, file="e.html", library=library, options=OPTIONS)
            t2 = time.perf_counter()
            assert [i.rule for i in result.issues] == ["components/expansion-limit"]
            capped.append((t1 - t0) * 1000)
            reference.append((t2 - t1) * 1000)
        median = statistics.median(capped)
        return run.Result(
            "custom:expansion-limit",
            median,
            len(capped),
            {"x_100x5_compile": round(median / statistics.median(reference), 1)},
        )

    install(warm)
    return [
        per_instance(),
        isolation(),
        expansion_limit(),
        run.Bench(
            "custom:100x5-compile",
            lambda: expand(many, file="e.html", library=library, options=OPTIONS),
        ),
        run.Bench(
            "custom:100x5-warm",
            lambda: expand(many, file="e.html", library=library, engine=warm, options=OPTIONS),
        ),
        endless(),
    ]
