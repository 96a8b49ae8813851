"""Chromium through Selenium: the second :class:`~compiler.validators.base.BrowserEngine`.

Used for ``--browser chromium``. Needs the Debian packages ``chromium`` and
``chromium-driver`` (``/usr/bin/chromium`` and ``chromedriver``); nothing is
downloaded. The page is the same prepared page the Qt engine loads (CSP: no
email scripts run), written to a temporary file; axe runs through WebDriver's
script execution, which the page's CSP does not govern.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from studio.models.preview import DESKTOP_WIDTH, PreviewState
from studio.render.axe import axe_options, axe_source
from studio.render.page import prepare_page

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER_PATHS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


class EngineUnavailable(RuntimeError):
    """The requested browser engine is not installed; the message says how to get it."""


def find_chromium() -> tuple[str, str] | None:
    """(chromium, chromedriver) paths, or None when either is missing."""
    browser = next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None)
    driver = shutil.which("chromedriver") or next(
        (p for p in CHROMEDRIVER_PATHS if os.access(p, os.X_OK)), None
    )
    if browser is None or driver is None:
        return None
    return browser, driver


_AXE_ASYNC = """
var done = arguments[arguments.length - 1];
function nearestMark(target) {
  try {
    var sel = Array.isArray(target) ? target[target.length - 1] : target;
    if (Array.isArray(sel)) sel = sel[sel.length - 1];
    var el = document.querySelector(sel);
    var marked = el ? el.closest('[data-mw-node]') : null;
    return marked ? marked.getAttribute('data-mw-node') : null;
  } catch (e) { return null; }
}
axe.run(document, arguments[0]).then(function (r) {
  done(JSON.stringify({ok: true, violations: r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, description: v.description, help: v.help,
            helpUrl: v.helpUrl, tags: v.tags, nodes: v.nodes.map(function (n) {
              return {target: n.target, html: n.html, impact: n.impact,
                      failureSummary: n.failureSummary, mw_node: nearestMark(n.target)};
            })};
  })}));
}, function (e) { done(JSON.stringify({ok: false, error: String(e)})); });
"""


class ChromiumEngine:
    """Headless Chromium driven by Selenium; start once, reuse, :meth:`close` when done."""

    def __init__(self, *, timeout_s: float = 30.0) -> None:
        found = find_chromium()
        if found is None:
            raise EngineUnavailable(
                "Chromium is not installed (need /usr/bin/chromium and chromedriver): "
                "apt-get install chromium chromium-driver, or use the default Qt engine "
                "(--browser qt)"
            )
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = found[0]
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--window-size={DESKTOP_WIDTH},800",
            "--blink-settings=imagesEnabled=false",
        ):
            options.add_argument(arg)
        self._driver = webdriver.Chrome(options=options, service=Service(found[1]))
        self._driver.set_page_load_timeout(timeout_s)
        self._driver.set_script_timeout(timeout_s)
        self.timeout_s = timeout_s

    def run_axe(self, html: str, *, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        import json

        prepared = prepare_page(html, PreviewState(block_images=True), width=DESKTOP_WIDTH)
        fd, name = tempfile.mkstemp(prefix="mailwright-axe-", suffix=".html")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(prepared.html.encode("utf-8"))
            self._driver.set_page_load_timeout(timeout_s)
            self._driver.set_script_timeout(timeout_s)
            self._driver.get(Path(name).as_uri())
            self._driver.execute_script(axe_source())
            raw = self._driver.execute_async_script(_AXE_ASYNC, axe_options())
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)
        data = json.loads(raw) if isinstance(raw, str) else {}
        if not data.get("ok"):
            raise RuntimeError(f"axe-core failed: {data.get('error', 'no result')}")
        return [v for v in data.get("violations", []) if isinstance(v, dict)]

    def axe_version(self) -> str:
        """The version of axe-core in the last page :meth:`run_axe` checked ("" before any)."""
        return str(self._driver.execute_script("return window.axe ? axe.version : ''"))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._driver.quit()

    def __enter__(self) -> ChromiumEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
