"""The offscreen Qt WebEngine renderer (screenshots, JavaScript, axe-core).

One :class:`QtEngine` owns one hidden ``QWebEngineView`` with a private,
off-the-record profile and a :class:`PreviewPage`. Start it once and reuse
it: the first page costs the Chromium start-up, later ones are warm. It must
be used from the thread that owns the ``QApplication`` (the main thread).

How it works (measured with PySide6 / Qt WebEngine 6.12, ``QT_QPA_PLATFORM=offscreen``):

* Loading: ``setHtml`` (pages over 1.5 MB go through a temporary file, because
  ``setHtml`` carries the page in a ``data:`` URL limited to 2 MB), then wait
  for ``loadFinished`` (fired after the window ``load`` event, so images are
  in), ``document.readyState == 'complete'`` and ``document.fonts.status ==
  'loaded'``. Every wait has a deadline and raises :class:`RenderTimeout`.
* JavaScript: the page runs with JavaScript *disabled* and a CSP of
  ``script-src 'none'``, so email content never runs scripts; our own
  snippets run through ``runJavaScript`` in the application world (an isolated
  world that shares the DOM), which neither setting blocks. Results travel as
  JSON strings (Qt does not convert JS arrays reliably, and does not await
  promises: async work stores its result in a global that we poll).
* Screenshots: ``QWidget.grab()`` of the view works offscreen (software
  compositing). For a full-height shot the view is resized to ``width × 100``,
  the document height measured, the view resized to ``width × height`` (again
  if the height changed, e.g. with ``vh`` units), two animation frames awaited
  and the view grabbed. Heights are capped at :data:`MAX_HEIGHT`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    QUrl,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from studio.models.preview import DESKTOP_WIDTH, PreviewState
from studio.render.axe import RESULT_VAR, axe_run_script, axe_source, decode_result
from studio.render.page import AssetMap, PreparedPage, prepare_page

MAX_HEIGHT = 16384          # px; taller emails are cut (noted on the result)
SET_HTML_LIMIT = 1_500_000  # bytes; above this the page is loaded from a temporary file
APP_WORLD = int(QWebEngineScript.ScriptWorldId.ApplicationWorld.value)


class RenderError(RuntimeError):
    """The engine could not do what was asked; the message says why."""


class RenderTimeout(RenderError):
    """A load, script or paint did not finish within its deadline."""


def ensure_environment(*, offscreen: bool = True) -> None:
    """Environment Qt WebEngine needs here: offscreen platform, no sandbox as root, quiet logs.

    ``offscreen=False`` (the desktop studio) keeps the platform Qt picks for the screen.
    Has effect only before the first ``QApplication`` / WebEngine start.
    """
    if offscreen and QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags = f"{flags} --no-sandbox".strip()
    if "--log-level" not in flags:
        flags = f"{flags} --log-level=3".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


# Start-up chatter of software rendering offscreen (no GPU here): expected, not a problem.
_EXPECTED_MESSAGES = (
    "QRhiGles2: Failed to create", "Failed to create RHI for backend",
    "This plugin does not support createPlatformVulkanInstance",
    "QVulkanInstance: Failed to initialize Vulkan", "GBM is not supported",
    "GPUInfo not initialized on GpuInfoUpdate",
)
_quiet: list[bool] = []


def _quiet_expected_messages() -> None:
    """Drop Qt's expected no-GPU warnings offscreen; every other message passes through."""
    if _quiet:
        return
    _quiet.append(True)
    previous: list[Callable[..., object] | None] = [None]

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message.startswith(_EXPECTED_MESSAGES):
            return
        if previous[0] is not None:
            previous[0](mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous[0] = qInstallMessageHandler(handler)


def ensure_application() -> QApplication:
    """The running ``QApplication``, started (offscreen) when there is none."""
    app = QCoreApplication.instance()
    if app is None:
        ensure_environment()
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication([sys.argv[0] if sys.argv else "mailwright"])
    if not isinstance(app, QApplication):
        raise RenderError("Qt WebEngine needs a QApplication, but a "
                          f"{type(app).__name__} is already running")
    return app


def apply_safe_settings(settings: QWebEngineSettings, *, block_images: bool = False,
                        javascript: bool = False) -> None:
    """Settings for showing email content: no scripts, windows, plugins or clipboard.

    ``javascript=True`` is only for our own tools (axe-core needs timers, which
    Chromium stops when JavaScript is off); the page's CSP still forbids every
    script of the email itself.
    """
    attr = QWebEngineSettings.WebAttribute
    settings.setAttribute(attr.JavascriptEnabled, javascript)
    settings.setAttribute(attr.JavascriptCanOpenWindows, False)
    settings.setAttribute(attr.JavascriptCanAccessClipboard, False)
    settings.setAttribute(attr.PluginsEnabled, False)
    settings.setAttribute(attr.AutoLoadIconsForPage, False)
    settings.setAttribute(attr.ErrorPageEnabled, False)
    settings.setAttribute(attr.FocusOnNavigationEnabled, False)
    settings.setAttribute(attr.AutoLoadImages, not block_images)
    # A page given a file: base URL (every email opened from disk) is "local content": Qt
    # WebEngine refuses it every http(s) image unless this is on. Blocked images: the CSP and
    # AutoLoadImages keep everything out; scripts never run, so this lets in only what the CSP
    # allows (images, fonts, stylesheets).
    settings.setAttribute(attr.LocalContentCanAccessRemoteUrls, not block_images)


class PreviewPage(QWebEnginePage):
    """A page for email content: refuses navigation away, collects console messages.

    The studio's live-preview widget can use it directly:
    ``view.setPage(PreviewPage(profile, view))``, then ``load_prepared(view.page(), page)``.
    """

    def __init__(self, profile: QWebEngineProfile, parent: Any = None) -> None:
        super().__init__(profile, parent)
        apply_safe_settings(self.settings())
        self.console: list[str] = []
        self.refused: list[str] = []
        self.link_handler: Callable[[str], object] | None = None

    def acceptNavigationRequest(self, url: QUrl | str,
                                type: QWebEnginePage.NavigationType,
                                isMainFrame: bool) -> bool:
        nav = QWebEnginePage.NavigationType
        if type in (nav.NavigationTypeLinkClicked, nav.NavigationTypeFormSubmitted,
                    nav.NavigationTypeBackForward, nav.NavigationTypeReload):
            text = url.toString() if isinstance(url, QUrl) else str(url)
            self.refused.append(text)
            if self.link_handler is not None and type == nav.NavigationTypeLinkClicked:
                self.link_handler(text)
            return False
        return True

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,
                                 message: str, lineNumber: int,
                                 sourceID: str) -> None:
        if len(self.console) < 500:
            self.console.append(message)


def new_profile(parent: Any = None) -> QWebEngineProfile:
    """An off-the-record profile: no disk cache, cookies or history."""
    profile = QWebEngineProfile(parent)
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    return profile


def load_prepared(page: QWebEnginePage, prepared: PreparedPage, *,
                  javascript: bool = False) -> Path | None:
    """Start loading a prepared page (non-blocking). Returns the temporary file used, if any."""
    apply_safe_settings(page.settings(), block_images=prepared.block_images,
                        javascript=javascript)
    data = prepared.html.encode("utf-8")
    if len(data) <= SET_HTML_LIMIT:
        page.setHtml(prepared.html, QUrl(prepared.base_url))
        return None
    fd, name = tempfile.mkstemp(prefix="mailwright-preview-", suffix=".html")
    with os.fdopen(fd, "wb") as fh:
        html = prepared.html
        if prepared.base_url and prepared.base_url != "about:blank":
            html = html.replace("<head>", f'<head><base href="{prepared.base_url}">', 1)
        fh.write(html.encode("utf-8"))
    page.load(QUrl.fromLocalFile(name))
    return Path(name)


class QtEngine:
    """An offscreen Qt WebEngine: load pages, run JavaScript, take screenshots, run axe."""

    def __init__(self, *, timeout_s: float = 30.0) -> None:
        self.timeout_s = timeout_s
        _quiet_expected_messages()
        self._app = ensure_application()
        self._profile = new_profile()
        self._view = QWebEngineView()
        self._page = PreviewPage(self._profile, self._view)
        self._view.setPage(self._page)
        # Offscreen shots are full height: no scroll bars, so 100% is the whole viewport width
        # (as on phones, whose scroll bars overlay the page).
        self._page.settings().setAttribute(QWebEngineSettings.WebAttribute.ShowScrollBars, False)
        if QApplication.platformName() != "offscreen":
            self._view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self._view.resize(DESKTOP_WIDTH, 600)
        self._view.show()
        self._loaded: bool | None = None
        self._temp: Path | None = None
        self._page.loadFinished.connect(self._on_load)
        self._closed = False

    # -- plumbing ---------------------------------------------------------------------

    @property
    def page(self) -> PreviewPage:
        return self._page

    @property
    def view(self) -> QWebEngineView:
        return self._view

    def _on_load(self, ok: bool) -> None:
        self._loaded = ok

    def _wait(self, done: Callable[[], bool], timeout_s: float, what: str) -> None:
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                raise RenderTimeout(f"{what} did not finish within {timeout_s:g} s")
            QTimer.singleShot(min(10, max(1, int(left * 1000))), loop.quit)
            loop.exec()

    def _check_open(self) -> None:
        if self._closed:
            raise RenderError("the engine was closed")

    # -- loading ----------------------------------------------------------------------

    def load(self, prepared: PreparedPage, *, timeout_s: float | None = None,
             javascript: bool = False) -> None:
        """Load a prepared page and wait for it, its images and its fonts."""
        self._check_open()
        timeout = timeout_s or self.timeout_s
        self._cleanup_temp()
        self._page.console.clear()
        self._loaded = None
        self._view.resize(prepared.width, max(100, self._view.height()))
        self._temp = load_prepared(self._page, prepared, javascript=javascript)
        try:
            self._wait(lambda: self._loaded is not None, timeout, "loading the page")
        except RenderTimeout:
            self._page.triggerAction(QWebEnginePage.WebAction.Stop)
            raise
        if not self._loaded:
            raise RenderError("the page failed to load")
        deadline = time.monotonic() + timeout

        want = f"complete|loaded|{prepared.width}"

        def ready() -> bool:
            # The resize reaches the renderer asynchronously: wait for the viewport too.
            state = self.evaluate("document.readyState + '|' + "
                                  "(document.fonts ? document.fonts.status : 'loaded') + '|' + "
                                  "window.innerWidth",
                                  timeout_s=max(0.1, deadline - time.monotonic()))
            return bool(state == want)

        self._wait(ready, max(0.1, deadline - time.monotonic()), "loading images and fonts")

    def load_html(self, html: str, state: PreviewState | None = None, *,
                  width: int | None = None, base_url: str = "about:blank",
                  timeout_s: float | None = None,
                  assets: AssetMap | None = None) -> PreparedPage:
        """Prepare ``html`` for ``state`` (see :func:`prepare_page`) and load it."""
        prepared = prepare_page(html, state, width=width, base_url=base_url, assets=assets)
        self.load(prepared, timeout_s=timeout_s)
        return prepared

    # -- JavaScript -------------------------------------------------------------------

    def run_script(self, script: str, *, timeout_s: float | None = None) -> object:
        """Run ``script`` in the application world and return Qt's conversion of its value."""
        self._check_open()
        box: list[object] = []
        self._page.runJavaScript(script, APP_WORLD, box.append)
        self._wait(lambda: bool(box), timeout_s or self.timeout_s, "a script")
        return box[0]

    def evaluate(self, expression: str, *, timeout_s: float | None = None) -> Any:
        """The JSON value of a JavaScript expression (evaluated in the application world)."""
        raw = self.run_script(
            "(function(){ try { return JSON.stringify({v: (" + expression + ")}); }"
            " catch (e) { return JSON.stringify({error: String(e)}); } })()",
            timeout_s=timeout_s)
        if not isinstance(raw, str):
            raise RenderError("the script returned no value")
        data = json.loads(raw)
        if "error" in data:
            raise RenderError(f"script error: {data['error']}")
        return data.get("v")

    def next_frame(self, *, timeout_s: float | None = None) -> None:
        """Wait until the page has painted two more animation frames."""
        self.run_script("window.__mwFrame = 0; requestAnimationFrame(function () {"
                        " requestAnimationFrame(function () { window.__mwFrame = 1; }); }); 1")
        self._wait(lambda: self.run_script("window.__mwFrame") == 1,
                   timeout_s or self.timeout_s, "painting")

    # -- screenshots ------------------------------------------------------------------

    def content_height(self) -> int:
        value = self.evaluate("Math.max(document.documentElement.scrollHeight,"
                              " document.body ? document.body.scrollHeight : 0)")
        return int(value or 1)

    def screenshot(self, width: int | None = None, *, full_height: bool = True,
                   height: int = 600, timeout_s: float | None = None) -> QImage:
        """Grab the loaded page at ``width``: full height (capped at MAX_HEIGHT) or ``height``."""
        self._check_open()
        width = width or self._view.width()
        if full_height:
            self._view.resize(width, 100)
            self.next_frame(timeout_s=timeout_s)
            target = min(MAX_HEIGHT, max(1, self.content_height()))
            for _ in range(3):
                self._view.resize(width, target)
                self.next_frame(timeout_s=timeout_s)
                measured = min(MAX_HEIGHT, self.content_height())
                if measured <= target:
                    break
                target = measured
        else:
            self._view.resize(width, height)
            self.next_frame(timeout_s=timeout_s)
        return self._settled_grab(timeout_s or self.timeout_s)

    def _settled_grab(self, timeout_s: float) -> QImage:
        """Grab until two grabs a frame apart agree (the compositor delivers frames late)."""
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        previous = self._view.grab().toImage()
        for _ in range(50):
            self.next_frame(timeout_s=_left(deadline))
            QTimer.singleShot(15, loop.quit)
            loop.exec()
            image = self._view.grab().toImage()
            if image.isNull():
                raise RenderError("the engine produced no image")
            if image == previous:
                return image
            previous = image
            if time.monotonic() > deadline:
                break
        raise RenderTimeout("the page did not finish painting")

    def render(self, html: str, state: PreviewState | None = None, *,
               width: int | None = None, base_url: str = "about:blank",
               timeout_s: float | None = None, assets: AssetMap | None = None) -> QImage:
        """Prepare, load and grab ``html`` full-height under the preview ``state``."""
        prepared = self.load_html(html, state, width=width, base_url=base_url,
                                  timeout_s=timeout_s, assets=assets)
        return self.screenshot(prepared.width, timeout_s=timeout_s)

    def render_png(self, html: str, state: PreviewState | None = None, *,
                   width: int | None = None, base_url: str = "about:blank",
                   timeout_s: float | None = None, assets: AssetMap | None = None) -> bytes:
        return image_to_png(self.render(html, state, width=width, base_url=base_url,
                                        timeout_s=timeout_s, assets=assets))

    # -- accessibility ----------------------------------------------------------------

    def run_axe(self, html: str, *, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        """axe-core's violations for ``html`` (BrowserEngine protocol).

        The page is loaded with remote loading blocked (fast, and no network in
        checks); each node carries ``mw_node``, its nearest ``data-mw-node`` id.
        """
        deadline = time.monotonic() + timeout_s
        prepared = prepare_page(html, PreviewState(block_images=True), width=DESKTOP_WIDTH)
        self.load(prepared, timeout_s=timeout_s, javascript=True)
        self.run_script(axe_source() + "\n;true", timeout_s=_left(deadline))
        self.run_script(axe_run_script(), timeout_s=_left(deadline))
        box: list[list[dict[str, Any]]] = []

        def done() -> bool:
            result = decode_result(self.run_script(f"window.{RESULT_VAR}",
                                                   timeout_s=_left(deadline)))
            if result is not None:
                box.append(result)
            return bool(box)

        self._wait(done, _left(deadline), "the accessibility check")
        return box[0]

    # -- life cycle -------------------------------------------------------------------

    def _cleanup_temp(self) -> None:
        if self._temp is not None:
            with contextlib.suppress(OSError):
                self._temp.unlink()
            self._temp = None

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cleanup_temp()
        self._page.loadFinished.disconnect(self._on_load)
        # The page must go before its profile (Qt warns otherwise).
        self._view.deleteLater()
        self._page.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self._profile.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def __enter__(self) -> QtEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _left(deadline: float) -> float:
    return max(0.05, deadline - time.monotonic())


def image_to_png(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
    buf.close()
    return bytes(data.data())
