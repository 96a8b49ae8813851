"""Markup parser throughput (MB/s) on real email HTML and on hostile input.

    python bench/run.py parse:

Benches:
  parse:corpus          every file of the shared corpus, concatenated (~3.4 MB)
  parse:largest-email   the largest single corpus email
  parse:email-1mb       a realistic ~1 MB email: a corpus email whose body
                        repeats until the file reaches 1 MB
  parse:deep-10000      10,000 nested <div>s (tree depth)
  parse:hostile-5mb     5 MB of unterminated tokens, unclosed tags and quotes
  serialize:corpus      writing the corpus trees back

Each result carries ``mb_per_s`` (source megabytes per second, 1 MB = 10^6
characters). The corpus benches are skipped when the corpus is absent.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from components.markup import parse, serialize
from tests.conftest import corpus_files


def _runner() -> ModuleType:
    """The module running us (bench/run.py as ``__main__``), whose classes it checks."""
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "Result") and hasattr(main, "Bench"):
        return main
    from bench import run

    return run


def _throughput(name: str, func: Callable[[], object], size: int, runs: int) -> Any:
    """A Result (of the runner's own class) measured only when the runner reads it."""
    runner = _runner()

    class Throughput(runner.Result):  # type: ignore[name-defined,misc]
        def __init__(self) -> None:  # fields are computed lazily, see _measure
            self.name = name
            self._done: tuple[float, int, dict[str, object]] | None = None

        def _measure(self) -> tuple[float, int, dict[str, object]]:
            if self._done is None:
                func()  # warm-up
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    func()
                    times.append((time.perf_counter() - t0) * 1000)
                med = statistics.median(times)
                extra: dict[str, object] = {
                    "mb": round(size / 1e6, 2),
                    "mb_per_s": round(size / 1e6 / (med / 1000), 2),
                }
                self._done = (med, runs, extra)
            return self._done

        median_ms = property(lambda self: self._measure()[0])
        runs = property(lambda self: self._measure()[1])
        extra = property(lambda self: self._measure()[2])

    return Throughput()


def _grow(source: str, size: int) -> str:
    """``source`` with the content of its <body> repeated until it is ``size`` long."""
    m = re.search(r"(<body[^>]*>)(.*)(</body>)", source, re.S | re.I)
    if m is None:
        return source * max(1, size // max(1, len(source)))
    body = m.group(2)
    times = max(1, (size - len(source)) // max(1, len(body)) + 1)
    return source[: m.start(2)] + body * times + source[m.end(2) :]


def _hostile(size: int) -> str:
    chunk = (
        '<div class="a" title="{{ x }}"><p>text {{ never closed <span>'
        "<a href='{% unclosed tag ' x=\"y\"></b></i><!--[if mso]><td>"
        "<table><tr><td>cell<td>cell <x-image src=a/> {{{ t }}}"
        "{% raw %}{{ open {% endraw %}<style>a{b:{{c}}}</style>\0\r\n"
    )
    return (chunk * (size // len(chunk) + 1))[:size]


def benches(runs: int) -> list[Any]:
    out: list[Any] = []
    files = corpus_files()
    if files:
        texts = [p.read_text(encoding="utf-8", errors="surrogateescape") for p in files]
        corpus = "".join(texts)
        largest = max(texts, key=len)
        big = _grow(largest, 1_000_000)
        trees = [parse(t).document for t in texts]
        few = max(3, runs // 5)
        out += [
            _throughput("parse:corpus", lambda: [parse(t) for t in texts], len(corpus), few),
            _throughput("parse:largest-email", lambda: parse(largest), len(largest), runs),
            _throughput("parse:email-1mb", lambda: parse(big), len(big), few),
            _throughput(
                "serialize:corpus", lambda: [serialize(d) for d in trees], len(corpus), few
            ),
        ]
    deep = "<div>" * 10_000 + "x" + "</div>" * 10_000
    hostile = _hostile(5_000_000)
    out += [
        _throughput("parse:deep-10000", lambda: parse(deep), len(deep), max(3, runs // 5)),
        _throughput("parse:hostile-5mb", lambda: parse(hostile), len(hostile), 3),
    ]
    return out
