"""The markup parser of this tree against another revision's, alternated in one process.

    python bench/parse_ab.py [--before REV] [--rounds N] [--corpus]

Loads ``components/markup/parser.py`` twice: this tree's, and (``before``) the file as
it is at git revision ``REV`` (default ``main``); both run on this tree's ``nodes.py``,
so they build the same classes (a warning says so when ``REV``'s ``nodes.py`` differs).
Times ``parse`` of the bench emails (``bench/emails/marketing-32.{mjml,html}`` and their
10× variants, as ``--suite mjml_reference`` makes them) round by round, before and after
in turn, the order flipped every round: the shared machine's load drifts alike for both.
CPU time (``time.process_time``); prints, per email, the 10th percentile and the median
of each and the ratio of the medians. ``--corpus`` adds the shared corpus's emails
(``MAILWRIGHT_CORPUS``) in three size classes.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PARSER = "components/markup/parser.py"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def at_revision(rev: str, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def inputs(corpus: bool) -> list[tuple[str, list[str], int]]:
    """(label, texts, parses of them per timing) for each input."""
    from bench.suites.mjml_reference import EMAILS, ten_times

    out: list[tuple[str, list[str], int]] = []
    for form, tag in (("mjml", "mj-body"), ("html", "x-base")):
        source = (EMAILS / f"marketing-32.{form}").read_text(encoding="utf-8")
        out.append((f"{form} 32", [source], 40))
        out.append((f"{form} 10x", [ten_times(source, tag)], 4))
    if corpus:
        from tests.conftest import corpus_files

        texts = [p.read_text(encoding="utf-8", errors="surrogateescape") for p in corpus_files()]
        for label, low, high in (
            ("corpus <10k", 0, 10_000),
            ("corpus 10-30k", 10_000, 30_000),
            ("corpus >30k", 30_000, 1 << 40),
        ):
            chosen = [t for t in texts if low <= len(t) < high]
            if chosen:
                out.append((f"{label} ({len(chosen)})", chosen, 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the 'before'")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--corpus", action="store_true", help="the corpus emails too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if at_revision(args.before, "components/markup/nodes.py") != (
        ROOT / "components/markup/nodes.py"
    ).read_text(encoding="utf-8"):
        print(f"warning: {args.before}'s nodes.py differs; both parsers use this tree's")
    with tempfile.TemporaryDirectory() as tmp:
        before_file = Path(tmp) / "parser_before.py"
        before_file.write_text(at_revision(args.before, PARSER), encoding="utf-8")
        parsers: dict[str, Callable[[str], object]] = {
            "before": load(before_file, "_bench_parser_before").parse,
            "after": load(ROOT / PARSER, "_bench_parser_after").parse,
        }
        cases = inputs(args.corpus)
        times: dict[tuple[str, str], list[float]] = {}
        for r in range(args.rounds):
            for label, texts, reps in cases:
                for which in ("before", "after") if r % 2 == 0 else ("after", "before"):
                    parse = parsers[which]
                    parse(texts[0])
                    t = time.process_time()
                    for _ in range(reps):
                        for text in texts:
                            parse(text)
                    times.setdefault((label, which), []).append(
                        (time.process_time() - t) / reps * 1e3
                    )
    print(f"markup.parse, CPU ms, {args.rounds} rounds: before ({args.before}) / after")
    for label, _, _ in cases:
        row = []
        for which in ("before", "after"):
            values = sorted(times[(label, which)])
            row.append((values[len(values) // 10], statistics.median(values)))
        ratio = row[1][1] / row[0][1]
        print(
            f"  {label:20s} p10 {row[0][0]:8.3f} / {row[1][0]:8.3f}   "
            f"median {row[0][1]:8.3f} / {row[1][1]:8.3f}   after/before {ratio:.3f}"
        )


if __name__ == "__main__":
    main()
