"""The PDF review report, printed by the offscreen Qt WebEngine.

:func:`pdf_report` checks the email (every check of ``mailwright check --all``, through
:mod:`studio.checks`), gathers the report's data (:func:`studio.report.build`), takes
the four screenshots of :data:`studio.report.SHOTS` (desktop 700 px and mobile 320 px,
light and dark; Liquid rendered for the default sample profile, as the preview shows
it), lays the report out as HTML (:func:`studio.report.report_html`, pure) and prints
it with Chromium's own PDF printing (:meth:`QtEngine.print_pdf`). No other library.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from compiler import CompileResult, Project
from compiler.liquid.data import liquid_scope
from compiler.liquid.render import render
from studio.checks import Checks, check_result, prepare
from studio.models.preview import PreviewState, Scheme, SizeMode
from studio.publish import default_sample
from studio.render import shared_qt_engine
from studio.render.engine import QtEngine, image_to_png
from studio.render.page import base_url_for
from studio.report import SHOTS, SLICE_PX, Report, build, report_html

# progress(step) — "checking", "desktop-light", …, "printing"
Progress = Callable[[str], None]

# Numbered callouts beside every link of the page (the report's link numbers), drawn in
# the application world before the desktop light screenshot; returns how many.
JS_CALLOUTS = """(function (urls) {
  var shown = 0;
  Array.prototype.forEach.call(document.querySelectorAll('a[href], area[href]'),
    function (a) {
      var n = urls.indexOf((a.getAttribute('href') || '').trim());
      if (n < 0) { return; }
      var r = a.getBoundingClientRect();
      if (!r.width && !r.height) { return; }
      var b = document.createElement('div');
      b.className = 'mw-link-callout';
      b.textContent = String(n + 1);
      b.style.cssText = 'position:absolute;z-index:2147483646;min-width:18px;height:18px;' +
        'padding:0 3px;box-sizing:border-box;border-radius:9px;background:#b3261e;' +
        'color:#fff;font:bold 11px/18px sans-serif;text-align:center;' +
        'box-shadow:0 0 0 2px #fff;left:' + Math.max(0, r.left + window.scrollX - 9) +
        'px;top:' + Math.max(0, r.top + window.scrollY - 9) + 'px';
      document.body.appendChild(b);
      shown += 1;
    });
  return shown;
})(%s)"""
CALLOUT_SHOT = "desktop-light"


def preview_html(result: CompileResult, project: Project) -> str:
    """The email as the preview shows it: Liquid rendered for the default sample profile
    (as written when there is none, or when it does not render)."""
    profile, _label = default_sample(project)
    if profile is None:
        return result.html
    out = render(result, liquid_scope(profile), project=project)
    return result.html if any(i.is_error for i in out.issues) else out.html


def screenshots(
    engine: QtEngine,
    html: str,
    *,
    source: Path,
    project: Project,
    timeout_s: float = 30.0,
    progress: Progress | None = None,
    callouts: Sequence[str] = (),
) -> dict[str, list[bytes]]:
    """Every report screenshot, by :data:`SHOTS` key: full height, cut into PNG slices of
    at most :data:`SLICE_PX` (Chromium does not break one image across printed pages).
    ``callouts`` (the report's link URLs, in its order) number the links on the desktop
    light shot."""
    shots: dict[str, list[bytes]] = {}
    for shot in SHOTS:
        if progress is not None:
            progress(shot.key)
        state = PreviewState(
            size_mode=SizeMode.RESPONSIVE, responsive_width=shot.width, scheme=Scheme(shot.scheme)
        )
        prepared = engine.load_html(
            html,
            state,
            base_url=base_url_for(source),
            timeout_s=timeout_s,
            assets=project.asset_path,
        )
        if callouts and shot.key == CALLOUT_SHOT:
            engine.run_script(JS_CALLOUTS % json.dumps(list(callouts)), timeout_s=timeout_s)
        image = engine.screenshot(prepared.width, timeout_s=timeout_s)
        shots[shot.key] = [
            image_to_png(image.copy(0, top, image.width(), min(SLICE_PX, image.height() - top)))
            for top in range(0, max(1, image.height()), SLICE_PX)
        ]
    return shots


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def pdf_report(
    result: CompileResult,
    *,
    project: Project,
    description: str = "",
    checks: Checks | None = None,
    browser: str = "qt",
    timeout_s: float = 30.0,
    progress: Progress | None = None,
) -> tuple[bytes, Report]:
    """The PDF review report of a compiled email, and the data it shows."""
    source = Path(result.file)
    profile, _label = default_sample(project)
    if checks is None:
        checks = prepare(
            all_checks=True,
            browser=browser,
            timeout_s=min(timeout_s, 10.0),
            profile=liquid_scope(profile) if profile is not None else None,
        )
    if progress is not None:
        progress("checking")
    checked = check_result(result, project.relative(source), checks, project=project)
    report = build(checked, checks, project=project, description=description)
    engine = shared_qt_engine()
    shots = screenshots(
        engine,
        preview_html(result, project),
        source=source,
        project=project,
        timeout_s=timeout_s,
        progress=progress,
        callouts=[row.resolved for row in report.links],
    )
    if progress is not None:
        progress("printing")
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    html = report_html(
        report,
        {k: [data_url(p) for p in v] for k, v in shots.items()},
        generated=f"generated {today}",
    )
    return engine.print_pdf(html, timeout_s=timeout_s * 2), report
