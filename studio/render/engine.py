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
  compositing). Before a grab: every image decoded or failed
  (``HTMLImageElement.decode()``), fonts ready, and for a full-height shot the
  view resized to ``width × 100``, the document height measured, the view
  resized to ``width × height`` (again if the height changed, e.g. with ``vh``
  units); after every resize the viewport must report the new size and two
  animation frames be painted. Chromium hands frames to Qt asynchronously, so
  the grab then waits for a frame painted *after* all that to reach the
  widget (a strip below the shot, cut off afterwards; see ``_grab``). Heights
  are capped at :data:`MAX_HEIGHT`.
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
    QMarginsF,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    QUrl,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from compiler.addresses import url_host_refusal
from compiler.root import find_root
from studio.models.preview import DESKTOP_WIDTH, PreviewState
from studio.render.axe import RESULT_VAR, axe_run_script, axe_source, decode_result
from studio.render.page import AssetMap, PreparedPage, prepare_page

MAX_HEIGHT = 16384  # px; taller emails are cut (noted on the result)
SET_HTML_LIMIT = 1_500_000  # bytes; above this the page is loaded from a temporary file
APP_WORLD = int(QWebEngineScript.ScriptWorldId.ApplicationWorld.value)

PRINT_WIDTH = 794  # px: an A4 page at 96 dpi (what the print layout sees)
FRAME_MARK_PX = 4  # rows below a screenshot where the "frame shown" strip is painted
JS_FRAME_MARK = """(function (top, h, colour) {
  var e = document.getElementById('__mw_frame_mark');
  if (!e) { e = document.createElement('div'); e.id = '__mw_frame_mark';
            document.documentElement.appendChild(e); }
  e.style.cssText = 'position:absolute;left:0;top:' + top + 'px;width:100%%;height:' + h
    + 'px;margin:0;padding:0;border:0;z-index:2147483647;pointer-events:none;background:'
    + colour;
  return 1;
})(%d, %d, '%s')"""
JS_FRAME_UNMARK = """(function () {
  var e = document.getElementById('__mw_frame_mark'); if (e) { e.remove(); } return 1;
})()"""

# Decode every image (settles when each can be painted or has failed); the count lands in a
# global that is polled (Qt does not await promises).
JS_DECODE_IMAGES = """(function () {
  window.__mwDecoded = -1;
  var images = Array.prototype.slice.call(document.images);
  Promise.all(images.map(function (img) {
    if (img.loading === 'lazy') { img.loading = 'eager'; }
    return img.decode ? img.decode().then(function () { return 1; }, function () { return 0; })
                      : 1;
  })).then(function (r) { window.__mwDecoded = r.length; });
  return 1;
})()"""


RESOURCE_TIMEOUT_S = 10.0  # per page: how long a slow image, stylesheet or font may hold it

# What a page still waits for: images not yet complete, stylesheets without a sheet, fonts
# still loading (URLs, deduplicated, at most 20).
JS_PENDING_RESOURCES = """(function () {
  var out = [];
  function add(u) { if (u && out.indexOf(u) < 0 && out.length < 20) { out.push(u); } }
  Array.prototype.forEach.call(document.images, function (i) {
    if (!i.complete) { add(i.currentSrc || i.src); } });
  Array.prototype.forEach.call(document.querySelectorAll('link[rel~=stylesheet]'),
    function (l) { if (!l.sheet) { add(l.href); } });
  return out;
})()"""


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
    "QRhiGles2: Failed to create",
    "Failed to create RHI for backend",
    "This plugin does not support createPlatformVulkanInstance",
    "QVulkanInstance: Failed to initialize Vulkan",
    "GBM is not supported",
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
        raise RenderError(
            f"Qt WebEngine needs a QApplication, but a {type(app).__name__} is already running"
        )
    return app


def apply_safe_settings(
    settings: QWebEngineSettings, *, block_images: bool = False, javascript: bool = False
) -> None:
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

    def acceptNavigationRequest(
        self, url: QUrl | str, type: QWebEnginePage.NavigationType, isMainFrame: bool
    ) -> bool:
        nav = QWebEnginePage.NavigationType
        if type in (
            nav.NavigationTypeLinkClicked,
            nav.NavigationTypeFormSubmitted,
            nav.NavigationTypeBackForward,
            nav.NavigationTypeReload,
        ):
            text = url.toString() if isinstance(url, QUrl) else str(url)
            self.refused.append(text)
            if self.link_handler is not None and type == nav.NavigationTypeLinkClicked:
                self.link_handler(text)
            return False
        return True

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        lineNumber: int,
        sourceID: str,
    ) -> None:
        if len(self.console) < 500:
            self.console.append(message)


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """What a previewed page may load: local files only inside its workspace, and nothing
    from link-local or cloud metadata addresses.

    An email is content from anywhere; without this, ``<img src="file:///home/…">`` or
    ``../../../`` paths would show any image on disk in the preview (and in the PNGs and
    PDF reports made from it), and ``http://169.254.169.254/`` would be requested from the
    user's machine. :func:`load_prepared` sets :attr:`roots` for each page (the workspace
    of the page's base URL, or its folder; the page's own temporary file). Refused URLs
    are kept in :attr:`refused` as ``"URL: why"`` (cleared per page) for the caller to name.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.roots: tuple[Path, ...] = ()
        self.refused: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        scheme = url.scheme()
        why = ""
        if scheme == "file":
            path = Path(os.path.realpath(url.toLocalFile() or "/"))
            if not any(path == root or path.is_relative_to(root) for root in self.roots):
                why = "outside the workspace"
        elif scheme in ("http", "https", "ws", "wss"):
            # an IP literal, or a metadata service's name; any other name is resolved
            # by Chromium, unchecked (see docs/security.md)
            why = url_host_refusal(url.host(), allow_private=True)
        if why:
            info.block(True)
            text = f"{url.toString()}: {why}"
            if text not in self.refused and len(self.refused) < 50:
                self.refused.append(text)


class PreviewProfile(QWebEngineProfile):
    """An off-the-record profile (no disk cache, cookies or history) with a
    :class:`RequestGuard`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        self.guard = RequestGuard(self)
        self.setUrlRequestInterceptor(self.guard)


def new_profile(parent: Any = None) -> PreviewProfile:
    """The profile every preview surface uses (see :class:`PreviewProfile`)."""
    return PreviewProfile(parent)


#: The page :func:`warm_up` started and its profile, until :func:`preview_page` hands
#: them over (the profile is kept here: a page does not keep its profile alive).
_warm: list[tuple[PreviewPage, PreviewProfile]] = []


def warm_up() -> None:
    """Start Chromium now: a :class:`PreviewPage` on its own :class:`PreviewProfile`
    loading ``about:blank``, handed to the first :func:`preview_page` asked for.

    Chromium starts its renderer and GPU processes in the background (about 0.3 s of
    the studio's cold start); started before the studio imports and builds its window,
    that work overlaps theirs, and the first preview loads into a renderer already
    running. Chromium reuses a renderer only within one profile, so the warm page and
    its profile are the ones the preview then uses. Needs the ``QApplication``."""
    if not _warm:
        profile = new_profile()
        page = PreviewPage(profile)
        page.load(QUrl("about:blank"))
        _warm.append((page, profile))


def preview_page(parent: Any, *, warm: bool = True) -> tuple[PreviewPage, PreviewProfile]:
    """A :class:`PreviewPage` on a new :class:`PreviewProfile` for a preview surface
    (``parent`` owns the profile; keep it and set the page on the view): the ones
    :func:`warm_up` started if still unclaimed and ``warm`` (a surface that is not shown
    first leaves them to the one that is)."""
    if warm and _warm:
        page, profile = _warm.pop()
        profile.setParent(parent)
        return page, profile
    profile = new_profile(parent)
    return PreviewPage(profile), profile


def page_roots(base_url: str) -> tuple[Path, ...]:
    """Where a page with ``base_url`` may read local files: its workspace (or, outside any
    workspace, the folder of its base URL); none for ``about:blank``."""
    url = QUrl(base_url)
    if not url.isLocalFile():
        return ()
    folder = Path(os.path.realpath(url.toLocalFile()))
    root = find_root(folder) if folder.is_dir() else None
    return (Path(os.path.realpath(root or folder)),)


def load_prepared(
    page: QWebEnginePage, prepared: PreparedPage, *, javascript: bool = False
) -> Path | None:
    """Start loading a prepared page (non-blocking). Returns the temporary file used, if any."""
    apply_safe_settings(page.settings(), block_images=prepared.block_images, javascript=javascript)
    profile = page.profile()
    guard = profile.guard if isinstance(profile, PreviewProfile) else None
    roots = page_roots(prepared.base_url)
    if guard is not None:
        guard.roots, guard.refused = roots, []
    data = prepared.html.encode("utf-8")
    if len(data) <= SET_HTML_LIMIT:
        page.setHtml(prepared.html, QUrl(prepared.base_url))
        return None
    fd, name = tempfile.mkstemp(prefix="mailwright-preview-", suffix=".html")
    if guard is not None:
        guard.roots = (*roots, Path(os.path.realpath(name)))
    with os.fdopen(fd, "wb") as fh:
        html = prepared.html
        if prepared.base_url and prepared.base_url != "about:blank":
            html = html.replace("<head>", f'<head><base href="{prepared.base_url}">', 1)
        fh.write(html.encode("utf-8"))
    page.load(QUrl.fromLocalFile(name))
    return Path(name)


class QtEngine:
    """An offscreen Qt WebEngine: load pages, run JavaScript, take screenshots, run axe."""

    def __init__(
        self, *, timeout_s: float = 30.0, resource_timeout_s: float = RESOURCE_TIMEOUT_S
    ) -> None:
        self.timeout_s = timeout_s
        # A resource (image, stylesheet, font) still loading after this long is given up:
        # loading stops, the page renders with it broken, and `stalled` names it.
        self.resource_timeout_s = resource_timeout_s
        self.stalled: list[str] = []
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
    def refused(self) -> list[str]:
        """``"URL: why"`` for each URL the last page was refused (see :class:`RequestGuard`)."""
        return list(self._profile.guard.refused)

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

    def _give_up_stalled(self, deadline: float, timeout: float) -> None:
        """The page's ``load`` event is overdue: name what is still loading, stop it, and
        wait for the page to finish without it (its images then show as broken)."""
        try:
            pending = self.evaluate(
                JS_PENDING_RESOURCES, timeout_s=max(0.1, min(2.0, deadline - time.monotonic()))
            )
        except RenderError:
            pending = None
        self.stalled = [str(u) for u in pending] if isinstance(pending, list) else []
        if not self.stalled:
            self.stalled = ["(a resource of the page)"]
        self._page.triggerAction(QWebEnginePage.WebAction.Stop)
        try:
            self._wait(
                lambda: self._loaded is not None,
                max(0.1, deadline - time.monotonic()),
                "loading the page",
            )
        except RenderTimeout:
            raise RenderTimeout(
                f"loading the page did not finish within {timeout:g} s "
                f"(still loading: {', '.join(self.stalled)})"
            ) from None

    # -- loading ----------------------------------------------------------------------

    def load(
        self, prepared: PreparedPage, *, timeout_s: float | None = None, javascript: bool = False
    ) -> None:
        """Load a prepared page and wait for it, its images and its fonts."""
        self._check_open()
        timeout = timeout_s or self.timeout_s
        self._cleanup_temp()
        self._page.console.clear()
        self._loaded = None
        self._view.resize(prepared.width, max(100, self._view.height()))
        self.stalled = []
        self._temp = load_prepared(self._page, prepared, javascript=javascript)
        deadline = time.monotonic() + timeout
        try:
            # at most half the budget, so stopping and finishing without it has the rest
            self._wait(
                lambda: self._loaded is not None,
                min(timeout / 2, self.resource_timeout_s),
                "loading the page",
            )
        except RenderTimeout:
            self._give_up_stalled(deadline, timeout)
        if not self._loaded and not self.stalled:  # stopped on purpose: loadFinished(False)
            raise RenderError("the page failed to load")
        deadline = time.monotonic() + timeout

        want = f"complete|loaded|{prepared.width}"

        def ready() -> bool:
            # The resize reaches the renderer asynchronously: wait for the viewport too.
            state = self.evaluate(
                "document.readyState + '|' + "
                "(document.fonts ? document.fonts.status : 'loaded') + '|' + "
                "window.innerWidth",
                timeout_s=max(0.1, deadline - time.monotonic()),
            )
            return bool(state == want)

        self._wait(ready, max(0.1, deadline - time.monotonic()), "loading images and fonts")

    def load_html(
        self,
        html: str,
        state: PreviewState | None = None,
        *,
        width: int | None = None,
        base_url: str = "about:blank",
        timeout_s: float | None = None,
        assets: AssetMap | None = None,
    ) -> PreparedPage:
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
            timeout_s=timeout_s,
        )
        if not isinstance(raw, str):
            raise RenderError("the script returned no value")
        data = json.loads(raw)
        if "error" in data:
            raise RenderError(f"script error: {data['error']}")
        return data.get("v")

    def next_frame(self, *, timeout_s: float | None = None) -> None:
        """Wait until the page has painted two more animation frames."""
        self.run_script(
            "window.__mwFrame = 0; requestAnimationFrame(function () {"
            " requestAnimationFrame(function () { window.__mwFrame = 1; }); }); 1"
        )
        self._wait(
            lambda: self.run_script("window.__mwFrame") == 1,
            timeout_s or self.timeout_s,
            "painting",
        )

    def wait_images(self, *, timeout_s: float | None = None) -> int:
        """Wait until every image of the page is decoded or has failed; returns how many.

        ``HTMLImageElement.decode()`` settles when the image can be painted (or
        will never be); ``complete`` alone is true before decoding finishes.
        """
        self.run_script(JS_DECODE_IMAGES)
        box: list[int] = []

        def done() -> bool:
            value = self.run_script("window.__mwDecoded")
            if isinstance(value, (int, float)) and value >= 0:
                box.append(int(value))
            return bool(box)

        self._wait(done, timeout_s or self.timeout_s, "decoding images")
        return box[0]

    def wait_viewport(self, width: int, height: int, *, timeout_s: float | None = None) -> None:
        """Wait until the renderer's viewport is ``width × height`` (a resize is asynchronous)."""
        want = f"{width}x{height}"
        self._wait(
            lambda: self.evaluate("window.innerWidth + 'x' + window.innerHeight") == want,
            timeout_s or self.timeout_s,
            f"resizing the page to {want}",
        )

    # -- screenshots ------------------------------------------------------------------

    def content_height(self) -> int:
        value = self.evaluate(
            "Math.max(document.documentElement.scrollHeight,"
            " document.body ? document.body.scrollHeight : 0)"
        )
        return int(value or 1)

    def _resize(self, width: int, height: int, deadline: float) -> None:
        """Resize the view and wait until the page has it and has painted at that size."""
        self._view.resize(width, height)
        self.wait_viewport(width, height, timeout_s=_left(deadline))
        self.next_frame(timeout_s=_left(deadline))

    def screenshot(
        self,
        width: int | None = None,
        *,
        full_height: bool = True,
        height: int = 600,
        timeout_s: float | None = None,
    ) -> QImage:
        """Grab the loaded page at ``width``: full height (capped at MAX_HEIGHT) or ``height``.

        The grab happens only when what a browser counts as done is done: the
        load finished (:meth:`load`), every image decoded or failed, fonts
        ready, the viewport at its final size, two animation frames painted at
        that size — and that frame shown by the widget (see :meth:`_grab`).
        """
        self._check_open()
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        width = width or self._view.width()
        self.wait_images(timeout_s=_left(deadline))
        self._wait(
            lambda: self.evaluate("document.fonts ? document.fonts.status : 'loaded'") == "loaded",
            _left(deadline),
            "loading fonts",
        )
        if full_height:
            self._resize(width, 100, deadline)
            target = min(MAX_HEIGHT, max(1, self.content_height()))
            for _ in range(3):
                self._resize(width, target + FRAME_MARK_PX, deadline)
                # scrollHeight is at least the viewport, which is FRAME_MARK_PX taller
                measured = min(MAX_HEIGHT, self.content_height())
                if measured <= target + FRAME_MARK_PX:
                    break
                target = measured
            height = target
        else:
            self._resize(width, height + FRAME_MARK_PX, deadline)
        return self._grab(width, height, deadline)

    def _grab(self, width: int, height: int, deadline: float) -> QImage:
        """Grab ``width × height`` once the widget shows a frame painted after everything settled.

        Chromium paints in its own process and hands frames to Qt
        asynchronously: measured here under load, a grab right after two
        animation frames at the final size still showed the frame of the
        previous size about one time in eight (only the header painted). So
        the view is :data:`FRAME_MARK_PX` taller than the shot, a strip is
        painted in those extra rows in the colour the widget does *not* show
        there now (black or white — colours every vision filter keeps), and
        the widget is grabbed until the strip shows in it: that frame was
        painted after the strip was added, so after the load, the images, the
        fonts and the resize. The strip is cut off the image and removed.
        """

        def strip(image: QImage) -> list[int]:
            y = min(image.height() - 1, height + FRAME_MARK_PX // 2)
            xs = [
                min(image.width() - 1, max(0, round(image.width() * f)))
                for f in (0.02, 0.25, 0.5, 0.75, 0.98)
            ]
            return [image.pixelColor(x, y).lightness() for x in xs]

        shown = strip(self._view.grab().toImage())
        dark = sum(shown) / len(shown) > 127  # paint what is not there now
        colour = "#000000" if dark else "#ffffff"
        self.run_script(JS_FRAME_MARK % (height, FRAME_MARK_PX, colour), timeout_s=_left(deadline))
        loop = QEventLoop()
        try:
            while True:
                image = self._view.grab().toImage()
                if image.isNull():
                    raise RenderError("the engine produced no image")
                if image.height() >= height + FRAME_MARK_PX and all(
                    (v < 60) if dark else (v > 195) for v in strip(image)
                ):
                    return image.copy(0, 0, min(width, image.width()), height)
                if time.monotonic() > deadline:
                    raise RenderTimeout("the page did not finish painting")
                # Wait for the next frame Chromium hands to Qt (events, not a fixed sleep:
                # the timer only bounds one turn of the event loop).
                QTimer.singleShot(5, loop.quit)
                loop.exec()
        finally:
            self.run_script(JS_FRAME_UNMARK, timeout_s=_left(deadline))

    def render(
        self,
        html: str,
        state: PreviewState | None = None,
        *,
        width: int | None = None,
        base_url: str = "about:blank",
        timeout_s: float | None = None,
        assets: AssetMap | None = None,
    ) -> QImage:
        """Prepare, load and grab ``html`` full-height under the preview ``state``."""
        prepared = self.load_html(
            html, state, width=width, base_url=base_url, timeout_s=timeout_s, assets=assets
        )
        return self.screenshot(prepared.width, timeout_s=timeout_s)

    def render_png(
        self,
        html: str,
        state: PreviewState | None = None,
        *,
        width: int | None = None,
        base_url: str = "about:blank",
        timeout_s: float | None = None,
        assets: AssetMap | None = None,
    ) -> bytes:
        return image_to_png(
            self.render(
                html, state, width=width, base_url=base_url, timeout_s=timeout_s, assets=assets
            )
        )

    # -- printing ---------------------------------------------------------------------

    def print_pdf(
        self,
        html: str,
        *,
        base_url: str = "about:blank",
        layout: QPageLayout | None = None,
        timeout_s: float | None = None,
    ) -> bytes:
        """Load ``html`` as it is (our own document: no preview preparation) and print it to
        PDF with Chromium's printing (``QWebEnginePage.printToPdf``); A4 portrait by default,
        the document's CSS decides breaks."""
        self._check_open()
        timeout = timeout_s or self.timeout_s
        deadline = time.monotonic() + timeout
        self.load(PreparedPage(html, PRINT_WIDTH, base_url), timeout_s=timeout)
        self.wait_images(timeout_s=_left(deadline))
        layout = layout or QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
        box: list[bytes] = []
        self._page.printToPdf(lambda data: box.append(bytes(data.data())), layout)
        self._wait(lambda: bool(box), _left(deadline), "printing to PDF")
        if not box[0]:
            raise RenderError("printing to PDF produced nothing")
        return box[0]

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
            result = decode_result(
                self.run_script(f"window.{RESULT_VAR}", timeout_s=_left(deadline))
            )
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
