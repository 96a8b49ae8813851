"""Mailwright against MJML on one marketing email (issue 15, goal 1), in one run.

    python bench/run.py --suite mjml_reference [--runs N]

The email: ``bench/emails/marketing-32.html`` (Mailwright components) and
``bench/emails/marketing-32.mjml`` (the same email in MJML) — header with logo and
"view in browser", hero, h1/h2, paragraphs, a 3- and a 2-column product row, buttons,
a divider, an image+text split, a 3-column feature row, a quote, a
``{% if customer.vip %}`` and a ``{% for rec in recommendations limit:3 %}`` section,
social links and a footer with ``{{ unsubscribe_url }}``; Liquid in text, ``href``,
``src`` and ``style``. The 10× variants repeat the body ten times.

For each size it times, interleaved round by round so that a change in the machine's
load hits every contender alike:

* Mailwright on the component form and on the MJML form, default transformers and
  ``--enable all``, whole ``compile_email`` calls (medians);
* ``mjml`` 5.4 (the official compiler, Node) on the MJML form, timed inside one Node
  process per round (``bench/mjml/time.js``; install it with
  ``npm install --prefix bench/mjml``); skipped with a message when Node or the
  package is absent. ``mjml5.4`` is timed warm (after :data:`WARM_MS` of compiles, as a
  long-running process runs it, and as Mailwright is timed); ``mjml5.4-fresh`` is the
  process's second to seventh compile, while V8 is still compiling MJML (about twice
  as slow; what this bench called MJML's time before 2026-12-07, 18:00);
* mjml-python (MRML, Rust, in this process) on the MJML form: the floor.

Each result's ``ratio`` is its median over warm MJML 5.4's median on the same size in
the same run (``ratio_fresh`` over the fresh one's, ``vs_mrml`` over MRML's); targets
≤ 0.25 (default) and ≤ 0.5 (all).
``share_pct`` is each compile step's share of the whole (no step above 25 %), and
``peak_x_output`` the tracemalloc peak of one compile over the output's size (≤ 5).
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import mjml as mrml

from bench.run import ROOT, Result
from compiler import compile_email
from compiler.pipeline import CompileOptions, TransformerOverrides
from compiler.project import Project

EMAILS = ROOT / "bench" / "emails"
NODE_DIR = ROOT / "bench" / "mjml"
ALL = CompileOptions(transformers=TransformerOverrides(enable=("all",)))
ROUNDS = 5
#: how long each Node process compiles the email before it is timed (and at least 20
#: times): V8 compiles MJML's code over the first ~40 compiles, halving their time
WARM_MS = 2000
#: a workspace without files (built-in styles, no custom components), loaded once as a
#: build or the studio does
PROJECT = Project()


def ten_times(source: str, tag: str) -> str:
    """``source`` with the content of its ``tag`` element (x-base, mj-body) repeated 10×."""
    m = re.search(rf"(<{tag}\b[^>]*>)(.*)(</{tag}>)", source, re.S)
    assert m, f"no {tag} in the bench email"
    return source[: m.start(2)] + m.group(2) * 10 + source[m.end(2) :]


def forms(workdir: Path) -> dict[str, dict[str, Path]]:
    """size → form → file, the 10× files written to ``workdir``."""
    html = EMAILS / "marketing-32.html"
    mjml = EMAILS / "marketing-32.mjml"
    big_html = workdir / "marketing-320.html"
    big_mjml = workdir / "marketing-320.mjml"
    big_html.write_text(ten_times(html.read_text(encoding="utf-8"), "x-base"), encoding="utf-8")
    big_mjml.write_text(ten_times(mjml.read_text(encoding="utf-8"), "mj-body"), encoding="utf-8")
    return {
        "32": {"components": html, "mjml": mjml},
        "32x10": {"components": big_html, "mjml": big_mjml},
    }


def node_reason() -> str | None:
    """Why MJML 5.4 cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node is not installed: MJML 5.4 not timed (mjml-python is the reference)"
    if not (NODE_DIR / "node_modules" / "mjml").is_dir():
        return (
            "MJML 5.4 is not installed (npm install --prefix bench/mjml): "
            "mjml-python is the reference"
        )
    return None


def node_times(files: list[Path], runs: int) -> dict[str, dict[str, list[float]]]:
    """``{file: {"fresh": [ms …], "warm": [ms …]}}`` from one Node process (time.js)."""
    out = subprocess.run(
        ["node", str(NODE_DIR / "time.js"), str(runs), str(WARM_MS), *map(str, files)],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    data: dict[str, dict[str, list[float]]] = json.loads(out.stdout)
    return data


def _timed(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _peak(func: Callable[[], str]) -> tuple[int, int]:
    """tracemalloc peak of one call, and the size of what it returned (UTF-8 bytes)."""
    tracemalloc.start()
    out = func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, len(out.encode("utf-8"))


def benches(runs: int) -> list[Result]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return _run(forms(Path(tmp)), runs)


def _run(files: dict[str, dict[str, Path]], runs: int) -> list[Result]:
    per_round = max(1, runs // ROUNDS)
    skip = node_reason()
    if skip:
        print(f"# {skip}", flush=True)
    samples: dict[str, list[float]] = {}
    steps: dict[str, dict[str, list[float]]] = {}
    calls: dict[str, Callable[[], str]] = {}
    for size, by_form in files.items():
        for form, path in by_form.items():
            source = path.read_text(encoding="utf-8")
            for label, options in (("default", None), ("all", ALL)):
                name = f"mw:{form}:{label}:{size}"

                def call(
                    s: str = source, f: str = str(path), o: CompileOptions | None = options
                ) -> str:
                    return compile_email(s, file=f, project=PROJECT, options=o).html

                calls[name] = call
                steps[name] = {}
        mjml_source = by_form["mjml"].read_text(encoding="utf-8")

        def mrml_call(s: str = mjml_source) -> str:
            return str(mrml.mjml2html(s))

        calls[f"mrml:{size}"] = mrml_call
    for warm_up in calls.values():
        warm_up()
    for _ in range(ROUNDS):
        if not skip:
            for size, by_form in files.items():
                n = per_round if size == "32" else max(1, per_round // 4)
                got = node_times([by_form["mjml"]], n)[str(by_form["mjml"])]
                samples.setdefault(f"mjml5.4:{size}", []).extend(got["warm"])
                samples.setdefault(f"mjml5.4-fresh:{size}", []).extend(got["fresh"])
        for name, timed in calls.items():
            n = per_round if name.endswith(":32") else max(1, per_round // 4)
            if name.startswith("mw:"):
                form, label, size = name.split(":")[1:]
                path = files[size][form]
                options = ALL if label == "all" else None
                source = path.read_text(encoding="utf-8")
                for _ in range(n):
                    t0 = time.perf_counter()
                    r = compile_email(source, file=str(path), project=PROJECT, options=options)
                    samples.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
                    for step, ms in r.timings.items():
                        steps[name].setdefault(step, []).append(ms)
            else:
                samples.setdefault(name, []).extend(_timed(timed, n))
    medians = {k: statistics.median(v) for k, v in samples.items()}
    results = []
    for name, median in medians.items():
        size = name.rsplit(":", 1)[1]
        extra: dict[str, object] = {}
        ref = medians.get(f"mjml5.4:{size}")
        fresh = medians.get(f"mjml5.4-fresh:{size}")
        if ref and not name.startswith("mjml5.4"):
            extra["ratio"] = round(median / ref, 3)
            if fresh:
                extra["ratio_fresh"] = round(median / fresh, 3)
        floor = medians[f"mrml:{size}"]
        if not name.startswith("mrml"):
            extra["vs_mrml"] = round(median / floor, 1)
        if name in steps:
            per_step = {
                k: statistics.median(v)
                for k, v in steps[name].items()
                if k not in ("total", "transform")
            }
            total = statistics.median(steps[name]["total"])
            extra["share_pct"] = {
                k: round(100 * v / total, 1)
                for k, v in sorted(per_step.items(), key=lambda kv: -kv[1])
            }
            peak, out_bytes = _peak(calls[name])
            extra["peak_x_output"] = round(peak / out_bytes, 2)
            extra["out_kb"] = round(out_bytes / 1024, 1)
        results.append(Result(name, median, len(samples[name]), extra))
    return results
