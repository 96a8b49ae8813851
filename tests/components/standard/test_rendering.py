"""The standard components' output in a real browser engine (Qt WebEngine, offscreen).

The demo email is compiled once and laid out at a desktop (800 px) and a phone
(375 px) width; the tests read bounding boxes and computed styles with
``runJavaScript``. Dark mode is emulated by rewriting the page's
``prefers-color-scheme: dark`` media queries to ``all`` (engine-independent:
no reliance on an engine's colour-scheme switch). Every network request of the
page (images, fonts) is blocked: nothing leaves the machine.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QTimer, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

import compiler
from tests.conftest import DEMO

DESKTOP, PHONE = 800, 375
APP_WORLD = int(QWebEngineScript.ScriptWorldId.ApplicationWorld.value)
TIMEOUT_S = 20.0


class _BlockNetwork(QWebEngineUrlRequestInterceptor):
    """Lets the page itself (data:/about:) load; blocks everything else."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() not in ("data", "about"):
            self.blocked.append(url.toString())
            info.block(True)


class Browser:
    """One offscreen view; :meth:`load` a page at a width, :meth:`js` to read it."""

    def __init__(self) -> None:
        self.app = QApplication.instance() or QApplication([])
        self.interceptor = _BlockNetwork()
        self.profile = QWebEngineProfile()  # off the record
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.view = QWebEngineView()
        self.page = QWebEnginePage(self.profile, self.view)
        self.view.setPage(self.page)
        self.view.resize(DESKTOP, 700)
        self.view.show()
        self._loaded: list[bool] = []
        self.page.loadFinished.connect(self._loaded.append)

    def _wait(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        loop = QEventLoop()
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} took longer than {TIMEOUT_S:g} s")
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    def load(self, html: str, width: int, *, dark: bool = False) -> None:
        self.view.resize(width, 700)
        self._loaded.clear()
        self.page.setHtml(emulate_dark(html) if dark else html, QUrl("about:blank"))
        self._wait(lambda: bool(self._loaded), "loading the page")
        assert self._loaded[0], "the page failed to load"
        assert self.js("window.innerWidth") == width

    def js(self, expression: str) -> object:
        """The JSON value of ``expression`` evaluated in the page."""
        box: list[object] = []
        self.page.runJavaScript(
            "(function(){ try { return JSON.stringify({v: (" + expression + ")}); }"
            " catch (e) { return JSON.stringify({error: String(e)}); } })()",
            APP_WORLD,
            box.append,
        )
        self._wait(lambda: bool(box), "a script")
        data = json.loads(str(box[0]))
        assert "error" not in data, data.get("error")
        return data.get("v")

    def close(self) -> None:
        self.view.close()
        self.page.deleteLater()
        self.view.deleteLater()
        done: list[bool] = []
        self.page.destroyed.connect(lambda: done.append(True))
        self._wait(lambda: bool(done), "closing the page")
        self.profile.deleteLater()  # after its page, as Qt requires


_DARK_ALONE = re.compile(r"(@media\s*|media=\")\(\s*prefers-color-scheme\s*:\s*dark\s*\)")
_DARK_PART = re.compile(r"\(\s*prefers-color-scheme\s*:\s*dark\s*\)")


def emulate_dark(html: str) -> str:
    """Make every dark-mode media query apply: a query that is only
    ``(prefers-color-scheme: dark)`` becomes ``all``; inside a compound query the
    feature becomes the always-true ``(min-width: 0px)``."""
    html = _DARK_ALONE.sub(lambda m: m.group(1) + "all", html)
    return _DARK_PART.sub("(min-width: 0px)", html)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    engine = Browser()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def demo_html() -> str:
    result = compiler.compile_file(DEMO_EMAIL, project=compiler.load_project(Path(DEMO)))
    errors = [i for i in result.issues if i.is_error]
    assert errors == [], errors
    return result.html


# -- JavaScript helpers ----------------------------------------------------------------


def _box(selector_js: str) -> str:
    return (
        f"(function(){{ const r = ({selector_js}).getBoundingClientRect(); "
        "return {x: r.x, y: r.y, w: r.width, h: r.height, "
        "right: r.right, bottom: r.bottom}; })()"
    )


def _row_with(text: str) -> str:
    """JS: the standard row (x-row output) whose text contains ``text``."""
    return (
        "[...document.querySelectorAll('div[class^=\"mw-row-\"]')]"
        f".filter(e => e.textContent.includes({json.dumps(text)})).pop()"
    )


def _columns(browser: Browser, text: str) -> list[dict[str, float]]:
    found = browser.js(
        f"[...({_row_with(text)}).querySelectorAll(':scope > div > div')].map(c => {{"
        " const r = c.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, right: r.right,"
        " bottom: r.bottom}; })"
    )
    assert isinstance(found, list)
    return found


def _element_with(tag: str, text: str) -> str:
    return (
        f"[...document.querySelectorAll({json.dumps(tag)})]"
        f".find(e => e.textContent.includes({json.dumps(text)}))"
    )


# -- columns -----------------------------------------------------------------------------


def test_columns_sit_side_by_side_on_desktop(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, DESKTOP)
    left, right = _columns(browser, "Ridge rain shell")
    assert abs(left["y"] - right["y"]) < 1, "columns of one row share their top"
    assert right["x"] >= left["right"] - 0.5, "the second column is right of the first"
    # :layout="[50,50]" with gap="16": equal boxes; the gap separates the fills
    assert abs(left["w"] - right["w"]) < 1
    fills = browser.js(
        f"[...({_row_with('Ridge rain shell')}).querySelectorAll(':scope > div > div > div')]"
        ".map(d => { const r = d.getBoundingClientRect(); return [r.x, r.right]; })"
    )
    assert isinstance(fills, list) and len(fills) == 2
    assert fills[1][0] - fills[0][1] == pytest.approx(16, abs=1), "gap between the fills"


def test_layout_widths_are_applied(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, DESKTOP)
    first, second = _columns(browser, "Why members")  # the membership row, :layout="[40,60]"
    total = first["w"] + second["w"]
    assert first["w"] / total == pytest.approx(0.40, abs=0.01)
    three = _columns(browser, "Trail flask")  # :layout="[33,34,33]"
    assert len(three) == 3
    assert len({round(c["y"]) for c in three}) == 1, "three columns on one line"
    assert three[1]["w"] > three[0]["w"]


def test_columns_stack_on_a_phone(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, PHONE)
    left, right = _columns(browser, "Ridge rain shell")
    assert right["y"] >= left["bottom"] - 0.5, "the second column is below the first"
    assert abs(left["x"] - right["x"]) < 1 and abs(left["w"] - right["w"]) < 1
    row = browser.js(_box(_row_with("Ridge rain shell")))
    assert isinstance(row, dict)
    assert left["w"] == pytest.approx(row["w"], abs=1), "a stacked column takes the full width"
    # the gap separates the stacked fills too
    fills = browser.js(
        f"[...({_row_with('Ridge rain shell')}).querySelectorAll(':scope > div > div > div')]"
        ".map(d => { const r = d.getBoundingClientRect(); return [r.y, r.bottom]; })"
    )
    assert isinstance(fills, list)
    assert fills[1][0] - fills[0][1] == pytest.approx(16, abs=1)


# -- hide-on -------------------------------------------------------------------------


def _display_of_section_with(browser: Browser, text: str) -> list[Any]:
    """[display, height] of the mw-hide-mobile section around the heading ``text``, and the
    heading's height."""
    found = browser.js(
        f"(function(){{ const h = {_element_with('h1,h2,h3,h4,h5,h6', text)};"
        " const s = h.closest('.mw-hide-mobile');"
        " return [getComputedStyle(s).display, s.getBoundingClientRect().height,"
        " h.getBoundingClientRect().height]; })()"
    )
    assert isinstance(found, list)
    return found


def test_hide_on_mobile_section(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, PHONE)
    display, height, heading = _display_of_section_with(browser, "Find us in store")
    assert display == "none" and height == 0 and heading == 0
    browser.load(demo_html, DESKTOP)
    display, height, heading = _display_of_section_with(browser, "Find us in store")
    assert display == "block" and height > 0 and heading > 0


# -- dark mode -----------------------------------------------------------------------

DEMO_EMAIL = DEMO / "emails" / "marketing" / "spring-collection.html"


def _start_tag_before(text: str, tag: str) -> str:
    """The demo's source start tag of the last ``<tag`` before ``text`` (the demo
    evolves: expected colours are read from it, not copied into this test)."""
    source = DEMO_EMAIL.read_text()
    at = source.index(text)
    start = source.rindex(f"<{tag}", 0, at)
    return source[start : source.index(">", start) + 1]


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


def _light_dark(start_tag: str, prop: str) -> tuple[str, str]:
    quote = "['`\"]"
    found = re.search(
        rf':{prop}="\{{\s*light:\s*{quote}(#[0-9a-fA-F]+){quote}\s*,\s*'
        rf'dark:\s*{quote}(#[0-9a-fA-F]+){quote}\s*\}}"',
        start_tag,
    )
    assert found, f"the demo no longer gives {prop} as {{light, dark}}: {start_tag}"
    return _rgb(found.group(1)), _rgb(found.group(2))


def _computed(browser: Browser, element_js: str, prop: str = "color") -> object:
    return browser.js(f"getComputedStyle({element_js})[{json.dumps(prop)}]")


def test_dark_mode_changes_a_dynamic_heading_colour(browser: Browser, demo_html: str) -> None:
    heading = _element_with("h1", "Spring is on the trail")
    light, dark = _light_dark(_start_tag_before("Spring is on the trail", "x-heading-1"), "color")
    # the nearest ancestor of the box's heading that paints a background: the box fill
    box = (
        "(() => { let e = " + _element_with("h2", "Why members come back") + ";"
        " while (e && getComputedStyle(e).backgroundColor === 'rgba(0, 0, 0, 0)')"
        " e = e.parentElement; return e; })()"
    )
    box_light, box_dark = _light_dark(
        _start_tag_before("Why members come back", "x-box"), "background"
    )
    button = _element_with("a", "Shop the collection")
    plain = re.search(
        r'\scolor="(#[0-9a-fA-F]+)"', _start_tag_before("Shop the collection", "x-cta")
    )
    assert plain, "the demo's main button no longer has a plain text colour"
    assert light != dark and box_light != box_dark

    browser.load(demo_html, DESKTOP)
    assert _computed(browser, heading) == light
    assert _computed(browser, box, "backgroundColor") == box_light
    browser.load(demo_html, DESKTOP, dark=True)
    assert _computed(browser, heading) == dark
    assert _computed(browser, box, "backgroundColor") == box_dark
    # a plain colour has no dark variant and stays as it is
    assert _computed(browser, button) == _rgb(plain.group(1))


def test_dark_mode_swaps_the_image_source(browser: Browser, demo_html: str) -> None:
    hero = "document.querySelector('img[alt^=\"Two hikers\"]').currentSrc"
    browser.load(demo_html, DESKTOP)
    assert str(browser.js(hero)).endswith("/spring-hero.jpg")
    browser.load(demo_html, DESKTOP, dark=True)
    assert str(browser.js(hero)).endswith("/spring-hero-night.jpg")


# -- the button ----------------------------------------------------------------------


def test_cta_is_clickable_over_its_whole_padded_area(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, DESKTOP)
    link = _element_with("a", "Shop the collection")
    found = browser.js(
        f"(function(){{ const a = {link}; a.scrollIntoView();"
        " const box = a.getBoundingClientRect();"
        " const range = document.createRange(); range.selectNodeContents(a);"
        " const text = range.getBoundingClientRect();"
        " const hit = (x, y) => { const e = document.elementFromPoint(x, y);"
        "   return !!e && (e === a || a.contains(e)); };"
        " const mx = (box.left + box.right) / 2, my = (box.top + box.bottom) / 2;"
        # the padding next to each edge, and each corner just inside its 6px radius
        " return {box: [box.left, box.top, box.right, box.bottom],"
        "  text: [text.left, text.top, text.right, text.bottom],"
        "  edges: [hit(box.left + 2, my), hit(box.right - 2, my),"
        "   hit(mx, box.top + 2), hit(mx, box.bottom - 2)],"
        "  corners: [hit(box.left + 6, box.top + 6), hit(box.right - 6, box.top + 6),"
        "   hit(box.left + 6, box.bottom - 6), hit(box.right - 6, box.bottom - 6)],"
        "  outside: hit(box.left - 2, box.top - 2)}; })()"
    )
    assert isinstance(found, dict)
    left, top, right, bottom = found["box"]
    t_left, t_top, t_right, t_bottom = found["text"]
    # padding="14px 32px": the link's own box holds the padding around its text
    assert t_left - left == pytest.approx(32, abs=1)
    assert right - t_right == pytest.approx(32, abs=1)
    assert t_top - top >= 13 and bottom - t_bottom >= 13
    assert found["edges"] == [True] * 4, "the padding on every side is part of the link"
    assert found["corners"] == [True] * 4, "so are the (rounded) corners"
    assert found["outside"] is False


def test_the_page_loaded_nothing_from_the_network(browser: Browser, demo_html: str) -> None:
    browser.load(demo_html, DESKTOP)
    browser._wait(lambda: bool(browser.interceptor.blocked), "the image requests")
    assert all(u.startswith("https://") for u in browser.interceptor.blocked)
