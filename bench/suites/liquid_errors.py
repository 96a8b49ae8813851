"""Locating Liquid errors at scale (issue 18, item 10): linear up to 100k tokens.

A compiled email whose body holds N Liquid outputs that all fail (a missing
variable) is rendered for one profile: every error is mapped from the compiled
HTML back to its line and column in the email source. The reference, in the
same run, is python-liquid itself parsing and rendering a valid template of the
same N outputs. Reported per size:

* ``ratio_to_reference`` — our render with N located errors / the reference;
* ``per_token_vs_1k`` — time per token at N / time per token at 1k (1.0 is
  linear; the quadratic locator this replaced grew about 10× per 10× tokens).

Each size runs once (CPU seconds of this process, so other load on the machine
does not count).
"""

from __future__ import annotations

import time

from liquid import Environment

from bench.run import Result
from compiler.liquid import Renderer
from compiler.liquid.snippets import SnippetSet
from compiler.result import CompileResult

SIZES = (1_000, 10_000, 100_000)


def _cpu(func: object) -> float:
    start = time.process_time()
    func()  # type: ignore[operator]
    return time.process_time() - start


def benches(runs: int) -> list[Result]:
    out: list[Result] = []
    per_token_1k = 0.0
    for n in SIZES:
        source = "<p>{{ customer.nickname }}</p>\n" * n
        html = "<div><p>{{ customer.nickname }}</p>\n</div>" * n
        result = CompileResult(file="emails/e.html", source=source, html=html, text="")
        renderer = Renderer(snippets=SnippetSet({}))
        issues: list[object] = []
        ours = _cpu(lambda: issues.extend(renderer.render(result, {}).issues))  # noqa: B023
        assert len(issues) == n
        valid = "<div><p>{{ customer.name }}</p>\n</div>" * n
        env = Environment()
        reference = _cpu(lambda: env.from_string(valid).render(customer={"name": "A"}))  # noqa: B023
        per_token = ours / n
        if n == SIZES[0]:
            per_token_1k = per_token
        out.append(
            Result(
                f"liquid:locate:{n // 1000}k",
                ours * 1000,
                1,
                {
                    "errors_located": n,
                    "reference_ms": round(reference * 1000, 1),
                    "ratio_to_reference": round(ours / reference, 2),
                    "per_token_vs_1k": round(per_token / per_token_1k, 2),
                },
            )
        )
    return out
