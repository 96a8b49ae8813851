"""The plain text's CPU and the default compile's peak with 16,384-character pieces
against the default piece (a quarter of the page, 8,192-16,384 characters).

    python bench/plaintext_pieces.py [--rounds 40]

CPU: ``plaintext.generate`` on each form's marked final HTML (the 32-block email), the
two piece sizes alternated in one process, ``--rounds`` rounds of 20 calls each, medians
in ms. Peak: ``tracemalloc``'s peak of one default compile over the output's UTF-8 size.
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
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import compiler.transformers.plaintext as pt
    from bench.suites.mjml_reference import EMAILS, PROJECT
    from compiler import compile_email

    default_scan = pt._scan
    size: list[int | None] = [None]

    def scan(masked: object, opts: pt.Options, _size: int | None = None) -> object:
        return default_scan(masked, opts, size[0])  # type: ignore[arg-type]

    pt._scan = scan  # type: ignore[assignment]
    sizes: tuple[int | None, ...] = (16384, None)
    for form in ("html", "mjml"):
        path = EMAILS / f"marketing-32.{form}"
        source = path.read_text(encoding="utf-8")
        result = compile_email(source, file=str(path), project=PROJECT)
        html = result.marked_html
        times: dict[int | None, list[float]] = {s: [] for s in sizes}
        peaks: dict[int | None, float] = {}
        for n in range(args.rounds):
            for s in sizes if n % 2 else sizes[::-1]:
                size[0] = s
                t0 = time.process_time()
                for _ in range(20):
                    pt.generate(html)
                times[s].append((time.process_time() - t0) / 20 * 1000)
        for s in sizes:
            size[0] = s
            tracemalloc.start()
            out = compile_email(source, file=str(path), project=PROJECT)
            peaks[s] = tracemalloc.get_traced_memory()[1] / len(out.html.encode("utf-8"))
            tracemalloc.stop()
        for s in sizes:
            print(
                f"{form:4} {len(html):6} chars  piece {s or pt._piece(len(html)):5}: "
                f"plain text {statistics.median(times[s]):.3f} ms CPU, "
                f"compile peak {peaks[s]:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
