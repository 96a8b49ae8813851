"""Browser-engine benchmarks: accessibility check (cold and warm) and preview renders.

Targets (issue 5): accessibility check of the demo email ≤ 3 s including
engine start (measured in a fresh process), ≤ 500 ms with the engine warm.
Measured on the compiled demo marketing email and on a synthetic ~35-block
email; with Chromium (``--browser chromium``) too where it is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.run import DEMO, DEMO_EMAIL, Bench, Result  # noqa: E402


def email(blocks: int = 35) -> str:
    """A realistic marketing email of ``blocks`` content blocks (headings, text, images, CTAs)."""
    parts = []
    for i in range(blocks):
        kind = i % 5
        if kind == 0:
            parts.append(
                f'<tr><td data-mw-node="{i}" style="padding:16px"><h2 style="margin:0;'
                f'color:#1a1a1a;font:bold 22px Arial">Section {i} heading</h2></td></tr>'
            )
        elif kind == 1:
            parts.append(
                f'<tr><td data-mw-node="{i}" style="padding:0 16px;color:#333333;'
                'font:15px/1.5 Arial">Our spring collection brings light fabrics and '
                "bright colours for the warmer days ahead. {{ customer.first_name }}, "
                "pick your favourites before they sell out.</td></tr>"
            )
        elif kind == 2:
            parts.append(
                f'<tr><td data-mw-node="{i}"><img src="data:," width="600" height="200" '
                f'alt="Product photo {i}" style="display:block;width:100%"></td></tr>'
            )
        elif kind == 3:
            parts.append(
                f'<tr><td data-mw-node="{i}" align="center" style="padding:16px">'
                '<a href="https://example.test/shop?utm_source=email" '
                'style="background:#0b3d91;color:#ffffff;padding:12px 24px;'
                f'text-decoration:none;font:bold 16px Arial">Shop item {i}</a></td></tr>'
            )
        else:
            parts.append(
                f'<tr><td data-mw-node="{i}"><table role="presentation" width="100%">'
                '<tr><td width="50%" style="padding:8px;color:#444">Left column</td>'
                '<td width="50%" style="padding:8px;color:#444">Right column</td></tr>'
                "</table></td></tr>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spring</title>'
        "<style>@media (max-width:600px){.w{width:100% !important}}</style></head>"
        '<body lang="en" dir="ltr" style="margin:0;background:#f4f4f4">'
        '<table role="presentation" class="w" width="600" align="center" '
        'style="background:#ffffff">' + "".join(parts) + "</table></body></html>"
    )


def _context(html: str, browser: object) -> object:
    from compiler.project import Project
    from compiler.result import CompileResult
    from compiler.validators.base import CheckContext, CheckOptions

    result = CompileResult(file="emails/spring.html", source=html, html=html, marked_html=html)
    return CheckContext(result, Project(), CheckOptions(browser=browser))  # type: ignore[arg-type]


def demo_context(browser: object) -> object:
    """The check context of the compiled demo marketing email (source-mapped)."""
    import compiler
    from compiler.validators.base import CheckContext, CheckOptions

    project = compiler.load_project(DEMO)
    result = compiler.compile_file(DEMO_EMAIL, project=project)
    return CheckContext(result, project, CheckOptions(browser=browser))  # type: ignore[arg-type]


_COLD = """
import os, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {suites!r})
import render as suite
from compiler.validators import a11y
from studio.render import browser
engine = browser("qt")
ctx = suite.demo_context(engine) if {demo!r} else suite._context(suite.email(), engine)
issues = list(a11y.check(ctx))
print((time.perf_counter() - t0) * 1000, len(issues))
"""


def cold_a11y(*, demo: bool = False) -> Result:
    script = _COLD.format(root=str(ROOT), suites=str(ROOT / "bench" / "suites"), demo=demo)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
        )
        wall = (time.perf_counter() - t0) * 1000
        times.append(wall)
        inner = float(out.stdout.split()[0])
    times.sort()
    name = "render/a11y-demo-cold" if demo else "render/a11y-35-blocks-cold"
    return Result(name, times[1], 3, {"target_ms": 3000, "in_process_ms": round(inner, 1)})


def benches(runs: int) -> list[Bench | Result]:
    from compiler.validators import a11y
    from studio.models.preview import PreviewState, Scheme
    from studio.render import shared_qt_engine
    from studio.render.chromium import find_chromium
    from studio.render.page import prepare_page

    html = email()
    engine = shared_qt_engine()
    ctx = _context(html, engine)
    demo = demo_context(engine)
    n = max(3, min(runs, 15))
    chromium: list[Bench | Result] = []
    if find_chromium() is not None:
        from studio.render import browser

        demo_chromium = demo_context(browser("chromium"))
        chromium.append(
            Bench(
                "render/a11y-demo-chromium-warm",
                lambda: list(a11y.check(demo_chromium)),  # type: ignore[arg-type]
                runs=n,
            )
        )
    return [
        Bench(
            "render/a11y-demo-warm",
            lambda: list(a11y.check(demo)),  # type: ignore[arg-type]
            runs=n,
        ),
        cold_a11y(demo=True),
        *chromium,
        Bench(
            "render/prepare-page-forced-dark",
            lambda: prepare_page(html, PreviewState(scheme=Scheme.FORCED_DARK_OUTLOOK)),
        ),
        Bench(
            "render/a11y-35-blocks-warm",
            lambda: list(a11y.check(ctx)),  # type: ignore[arg-type]
            runs=n,
        ),
        Bench("render/screenshot-35-blocks", lambda: engine.render_png(html), runs=n),
        cold_a11y(),
    ]
