"""Whole-compile benchmarks on the demo marketing email and a 10× variant."""

from __future__ import annotations

import re
from functools import partial

from bench.run import DEMO, DEMO_EMAIL, Bench
from compiler import compile_email, load_project
from compiler.envelope import blank_front_matter, read_front_matter
from components.expand.expander import expand
from components.markup import parse

EMAIL = DEMO_EMAIL


def ten_times(source: str) -> str:
    """The demo email with its sections repeated ten times inside one x-base."""
    m = re.search(r"(<x-base[^>]*>)(.*)(</x-base>)", source, re.S)
    assert m, "demo email has no x-base"
    return source[: m.start(2)] + m.group(2) * 10 + source[m.end(2) :]


def benches(runs: int) -> list[Bench]:
    project = load_project(DEMO)
    source = EMAIL.read_text(encoding="utf-8")
    big = ten_times(source)
    out = []
    for name, text in (("demo", source), ("demo-10x", big)):
        body = blank_front_matter(text, read_front_matter(text).end)
        doc = parse(body).document
        out += [
            Bench(f"parse:{name}", partial(parse, body)),
            Bench(
                f"expand:{name}",
                partial(
                    expand, doc, file="e.html", styles=project.styles, library=project.components
                ),
            ),
            Bench(
                f"compile:{name}",
                partial(compile_email, text, file=str(EMAIL), project=project),
                memory=True,
            ),
        ]
    return out
