"""Transformer benchmarks.

* ``compile:demo-all-transformers`` / ``compile:demo-10x-all-transformers``: the
  whole compile (``compiler.compile_email``) of the demo marketing email and its
  10× variant (``bench.suites.compile.ten_times``) with every transformer enabled
  (``--enable all``, default options). Targets (issue 4): median ≤ 15 ms / ≤ 60 ms.
  ``ms`` holds each step's median (``transform:<name>`` for each transformer),
  ``share_pct`` its share of the whole compile.
* ``transformers:all:…``: the transformers alone, with minify + entities +
  widows + shortened names + URL parameters, on the expanded demo email (or a
  built-in 35-block email in the same output style when the demo is missing).
"""
# ruff: noqa: E501  (HTML data reads better unwrapped)

from __future__ import annotations

import re
import statistics
import time

from bench.run import DEMO_EMAIL, Bench, Result
from compiler import compile_email, load_project
from compiler.pipeline import CompileOptions, TransformerOverrides
from compiler.transformers import run_transformers, settings_from

SETTINGS = settings_from(
    {},
    {
        "css-variables": True,
        "inline-css": True,
        "css-cleanup": {"enabled": True, "shorten": True},
        "url-params": {
            "enabled": True,
            "params": {"utm_source": "newsletter", "utm_campaign": "{{ campaign.id }}"},
        },
        "a11y-fixes": True,
        "format": {"enabled": True, "minify": True, "entities": True, "widows": True},
    },
)

_HEAD = """<!DOCTYPE html><html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>{{ subject }}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
<style>
:root { color-scheme: light dark; --brand: #0b5cff; --text: #1f2328; --radius: 6px; }
body { margin: 0; padding: 0; }
.section { max-width: 37.5em; margin: 0 auto; }
.heading { font-family: Arial, sans-serif; font-size: 24px; color: var(--text); }
.paragraph { font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: var(--text); }
.cta { display: inline-block; padding: .5em 2em; background: var(--brand); color: #fff; border-radius: var(--radius); }
.col { display: table-cell; width: 50%; vertical-align: top; }
.unused-{n} { color: red; }
u + #body a { color: inherit; }
@media (min-width: 600px) { .col { padding: 0 8px; } .heading { font-size: 28px !important; } }
@media (prefers-color-scheme: dark) { .paragraph { color: #eee !important; } }
[data-ogsc] .paragraph { color: #eee !important; }
</style></head><body id="body" class="body">
<div role="article" aria-roledescription="email" lang="en" dir="ltr">
<div style="display:none">{{ preheader }}&#8199;&#65279;&#847;</div>
"""

_BLOCK = """<!--[if true]><table role="presentation" style="width:37.5em" align="center"><tr><td><![endif]-->
<div class="section" data-mw-node="{a}"><h2 class="heading" data-mw-node="{b}">Block {i}: {{{{ product_{i}.title }}}}</h2>
<p class="paragraph" data-mw-node="{c}">Hi {{{{ customer.first_name | default: "there" }}}}, this season’s picks © are here for you to enjoy today</p>
<!--[if mso]><table role="presentation" width="100%"><tr><td width="50%"><![endif]-->
<div style="display:table;width:100%"><div class="col"><img src="{{{{ product_{i}.image }}}}" alt="{{{{ product_{i}.title }}}}" width="280"></div>
<div class="col"><table role="presentation">{{% for v in product_{i}.variants %}}<tr><td class="paragraph">{{{{ v.name }}}}</td></tr>{{% endfor %}}</table></div></div>
<!--[if mso]></td></tr></table><![endif]-->
<a class="cta" href="https://shop.example.com/p/{{{{ product_{i}.handle }}}}?ref=mail" data-mw-node="{d}">Shop now</a>
</div>
<!--[if true]></td></tr></table><![endif]-->
"""


def builtin_email(blocks: int) -> str:
    body = "".join(
        _BLOCK.format(i=i, a=4 * i, b=4 * i + 1, c=4 * i + 2, d=4 * i + 3) for i in range(blocks)
    )
    return _HEAD.replace("{n}", "0") + body + "</div></body></html>"


def ten_times(source: str) -> str:
    """The demo email with its sections repeated ten times inside one x-base
    (as ``bench/suites/compile.py``)."""
    m = re.search(r"(<x-base[^>]*>)(.*)(</x-base>)", source, re.S)
    assert m, "demo email has no x-base"
    return source[: m.start(2)] + m.group(2) * 10 + source[m.end(2) :]


def demo_html(repeat: int) -> str | None:
    """The demo email, expanded by the compiler (sections repeated ``repeat`` times)."""
    if not DEMO_EMAIL.exists():
        return None
    try:
        project = load_project(DEMO_EMAIL.parents[2])
        source = DEMO_EMAIL.read_text(encoding="utf-8")
        if repeat > 1:
            source = ten_times(source)
        return compile_email(source, file=str(DEMO_EMAIL), project=project).marked_html
    except Exception:  # the demo is someone else's work in progress: fall back
        return None


def _medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {k: round(statistics.median(v), 3) for k, v in samples.items()}


def _whole_compile(name: str, source: str, runs: int) -> Result:
    """Median whole compile with every transformer on; each step's share of it."""
    project = load_project(DEMO_EMAIL.parents[2])
    options = CompileOptions(transformers=TransformerOverrides(enable=("all",)))

    def once() -> object:
        return compile_email(source, file=str(DEMO_EMAIL), project=project, options=options)

    once()  # warm-up
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = compile_email(source, file=str(DEMO_EMAIL), project=project, options=options)
        totals.append((time.perf_counter() - t0) * 1000)
        for step, ms in result.timings.items():
            parts.setdefault(step, []).append(ms)
    assert result is not None
    median = statistics.median(totals)
    per_step = _medians(parts)
    share = {k: round(100 * v / median, 1) for k, v in per_step.items() if k != "total"}
    errors = [i.rule for i in result.issues if i.is_error]
    return Result(
        name,
        median,
        runs,
        {
            "ms": per_step,
            "share_pct": share,
            "bytes_out": len(result.html.encode()),
            "errors": errors,
        },
    )


def _shares(name: str, html: str, runs: int) -> Result:
    run_transformers(html, SETTINGS)  # warm-up
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    for _ in range(runs):
        t0 = time.perf_counter()
        out = run_transformers(html, SETTINGS)
        totals.append((time.perf_counter() - t0) * 1000)
        for step, ms in out.timings.items():
            parts.setdefault(step, []).append(ms)
    median = statistics.median(totals)
    share = {k: round(100 * statistics.median(v) / median, 1) for k, v in parts.items()}
    per_step = {k: round(statistics.median(v), 3) for k, v in parts.items()}
    return Result(
        name,
        median,
        runs,
        {
            "bytes_in": len(html.encode()),
            "bytes_out": len(out.html.encode()),
            "ms": per_step,
            "share_pct": share,
        },
    )


def benches(runs: int) -> list[Bench | Result]:
    out: list[Bench | Result] = []
    if DEMO_EMAIL.exists():
        source = DEMO_EMAIL.read_text(encoding="utf-8")
        out.append(_whole_compile("compile:demo-all-transformers", source, runs))
        out.append(_whole_compile("compile:demo-10x-all-transformers", ten_times(source), runs))
    for label, repeat, blocks in (("35-block", 1, 35), ("10x", 10, 350)):
        demo = demo_html(repeat)
        html = demo or builtin_email(blocks)
        out.append(_shares(f"transformers:all:{label}:{'demo' if demo else 'builtin'}", html, runs))
    return out
