"""The visual editor's canvas: the compiled email in Qt WebEngine with the editing overlay.

The page is prepared exactly as the live preview prepares it
(:func:`studio.render.page.prepare_page`: width, colour scheme, blocked images,
vision, sample data already rendered by the caller), and the render layer's
overlay (:mod:`studio.render.overlay`) draws hover outlines, the selection
frame with its label chip and drag handle, and drop indicators, and reports
pointer events back here over ``QWebChannel``.

The widget carries pixels and events only; what a click selects, where a drop
goes and whether it is allowed are decided by the visual editor over the
models (:mod:`studio.qt.visual_editor`).

Changing the email does not reload the page: :meth:`Canvas.show` patches the
loaded page in place (``morph`` in the overlay: unchanged subtrees keep their
DOM and decoded images and only get their node marks renumbered). A full load
happens for the first page and when the page's width, base URL or image
blocking change.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from studio.models.preview import PreviewState, SizeMode
from studio.render.engine import RESOURCE_TIMEOUT_S, load_prepared, preview_page
from studio.render.overlay import (
    APP_WORLD,
    OverlayBridge,
    call,
    decode,
    install_overlay,
    morph_script,
    part_script,
)
from studio.render.page import AssetMap, prepare_page
from studio.render.region import PatchedPage

#: MIME type of an insert-panel entry being dragged (its key, UTF-8)
INSERT_MIME = "application/x-mailwright-insert"
#: MIME type of layers rows being dragged (JSON list of node ids)
LAYERS_MIME = "application/x-mailwright-layers"

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0)


@dataclass(frozen=True, slots=True)
class Chain:
    """The selectable nodes under a point, innermost first (document pixels)."""

    x: float
    y: float
    nodes: tuple[tuple[int, float, float, float, float], ...]  # (id, x, y, w, h)

    @classmethod
    def of(cls, data: Any) -> Chain:
        if not isinstance(data, dict):
            return cls(0.0, 0.0, ())
        nodes = tuple(
            (int(n["id"]), float(n["x"]), float(n["y"]), float(n["w"]), float(n["h"]))
            for n in data.get("chain", ())
            if isinstance(n, dict)
        )
        return cls(float(data.get("x", 0)), float(data.get("y", 0)), nodes)


class Canvas(QWidget):
    """One email on the canvas."""

    ready = Signal()  # a full load finished and the overlay is up
    updated = Signal(str)  # the canvas shows the newest page: "load" or "morph"
    hovered = Signal(int)  # node under the pointer (−1: none)
    clicked = Signal(int, bool, bool)  # node (−1: empty canvas), shift, ctrl/cmd
    drag_started = Signal(list)  # the selection's drag handle was pressed
    drag_moved = Signal(object)  # Chain under the held handle
    drag_ended = Signal(object)  # Chain where the handle was released
    dragged_out = Signal(list)  # the held handle left the canvas: these ids
    marqueed = Signal(list, bool)  # a rubber band's nodes (page order), extend
    external_moved = Signal(str, str, object)  # mime, payload, Chain: a panel drag over us
    external_dropped = Signal(str, str, object)  # mime, payload, Chain: dropped on us
    external_left = Signal()
    drop_shown = Signal()  # a drop indicator (or its removal) is drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.view = QWebEngineView(self)
        self.view.setAcceptDrops(True)
        self.page, self.profile = preview_page(self)  # Chromium's warm page, if unclaimed
        self.page.setParent(self.view)
        self.view.setPage(self.page)
        self.bridge = OverlayBridge(self)
        self.channel = install_overlay(self.page, self.bridge)
        self.bridge.message.connect(self._on_message)
        self.page.loadFinished.connect(self._on_load_finished)
        # An image (or stylesheet) that never arrives would keep the page loading, and the
        # canvas without its overlay, forever: after RESOURCE_TIMEOUT_S loading stops (as
        # in the code column's preview) and the page shows with it broken.
        self.stall_timer = QTimer(self)
        self.stall_timer.setSingleShot(True)
        self.stall_timer.setInterval(int(RESOURCE_TIMEOUT_S * 1000))
        self.stall_timer.timeout.connect(
            lambda: self.page.triggerAction(QWebEnginePage.WebAction.Stop)
        )
        self.view.installEventFilter(self)
        self._proxy: QObject | None = None

        self.html = ""  # the prepared page last asked for
        self.labels: dict[int, str] = {}
        self.empty: list[int] = []  # empty containers: given room on the canvas
        self.selection: list[int] = []
        self.hidden: list[int] = []
        self.width_px = 0
        self.loads = 0  # full loads so far (tests and the bench read these)
        self.morphs = 0
        self.last_stats: dict[str, int] = {}
        #: perf_counter() when the newest page was shown (before ``updated`` is emitted
        #: and its slots run: the bench measures to here)
        self.updated_at = 0.0
        self._key: tuple[object, ...] | None = None
        self._overlay_up = False
        self._load_finished = False
        self._pending: str | None = None  # a page to morph to once the current load is ready
        self._patched = PatchedPage()
        self._closing = False  # shutdown(): the page's answers are no longer taken

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.left_pad = QWidget()
        self.right_pad = QWidget()
        for pad in (self.left_pad, self.right_pad):
            pad.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            pad.setStyleSheet("background:#e7e8ec;")
        lay.addWidget(self.left_pad)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.right_pad)

    # ---- showing pages -----------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        """The page is loaded and the overlay answers."""
        return self._overlay_up and self._load_finished

    def show_html(
        self,
        html: str,
        state: PreviewState,
        labels: dict[int, str],
        *,
        base_url: str = "about:blank",
        assets: AssetMap | None = None,
        empty: list[int] | None = None,
    ) -> str:
        """Show ``html`` (compiled, Liquid rendered) under the preview ``state``.

        ``labels``: node id → label of every node the canvas may select; ``empty``:
        the empty containers among them (shown with room to drop into). Returns
        ``"morph"`` when the loaded page is patched in place, ``"load"`` for a load.
        """
        prepared = prepare_page(html, state, base_url=base_url, assets=assets)
        self.labels = dict(labels)
        self.empty = list(empty or [])
        self.html = prepared.html
        self._apply_width(state, prepared.width)
        key = (prepared.width, prepared.base_url, prepared.block_images)
        if key == self._key and self.is_ready:
            self._morph(prepared.html)
            return "morph"
        if key == self._key and self._key is not None and not self.is_ready:
            # a load of the same kind is under way: patch once it is ready
            self._pending = prepared.html
            return "morph"
        self._key = key
        self._overlay_up = False
        self._load_finished = False
        self._pending = None
        self._patched.reset()
        load_prepared(self.page, prepared)
        self.stall_timer.start()
        return "load"

    def _morph(self, html: str) -> None:
        region = self._patched.patch(html)  # one element when only one changed

        def done(raw: object) -> None:
            if not shiboken6.isValid(self):  # the answer came after the page closed
                return
            self._patched.answered()
            stats = decode(raw)
            if region is not None and not isinstance(stats, dict):
                self._patched.reset()  # not the page the element was found in
                self._morph(html)
                return
            if isinstance(stats, dict):
                self.last_stats = {k: int(v) for k, v in stats.items()}
            self.morphs += 1
            self.updated_at = time.perf_counter()
            self._push_state()
            self.updated.emit("morph")

        script = morph_script(html) if region is None else part_script(region)
        self.page.runJavaScript(script, APP_WORLD, self._unless_closing(done))

    def _apply_width(self, state: PreviewState, width: int) -> None:
        self.width_px = width
        fixed = state.size_mode is not SizeMode.DESKTOP
        zoom = self.view.zoomFactor() or 1.0
        if fixed:
            self.view.setFixedWidth(round(width * zoom))
        else:
            self.view.setMinimumWidth(0)
            self.view.setMaximumWidth(16777215)
        self.left_pad.setVisible(fixed)
        self.right_pad.setVisible(fixed)

    def _on_load_finished(self, ok: bool) -> None:
        self.stall_timer.stop()
        self._load_finished = True
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if not self.is_ready:
            return
        self.loads += 1
        self._push_state()
        self.ready.emit()
        if self._pending is not None:
            html, self._pending = self._pending, None
            self._morph(html)
        else:
            self.updated_at = time.perf_counter()
            self.updated.emit("load")

    def _push_state(self) -> None:
        self.run(call("setNodes", {str(k): v for k, v in self.labels.items()}, self.empty))
        self.run(call("setHidden", self.hidden))
        self.run(call("select", self.selection, False))

    # ---- overlay ------------------------------------------------------------------
    def run(self, script: str, callback: Callable[[Any], object] | None = None) -> None:
        if callback is None:
            self.page.runJavaScript(script, APP_WORLD)
        else:
            self.page.runJavaScript(script, APP_WORLD, self._unless_closing(callback))

    def _unless_closing(self, callback: Callable[[Any], object]) -> Callable[[Any], None]:
        """``callback``, not called once the canvas shuts down: a page being deleted
        answers its pending scripts (with nothing) while the canvas around it is half
        destroyed, where a signal emitted raises."""

        def answer(raw: Any) -> None:
            if not self._closing:
                callback(raw)

        return answer

    def shutdown(self) -> None:
        """The editor closes: answers still on their way are dropped."""
        self._closing = True

    def select(
        self,
        ids: list[int],
        *,
        scroll: bool = True,
        callback: Callable[[Any], object] | None = None,
    ) -> None:
        """Frame ``ids`` (primary first); scroll the first into view when it is off screen."""
        self.selection = list(ids)
        self.run(
            call("select", self.selection, scroll),
            None if callback is None else lambda raw: callback(decode(raw)),
        )

    def set_hidden(self, ids: list[int]) -> None:
        self.hidden = list(ids)
        self.run(call("setHidden", self.hidden))

    def show_drop(
        self, spec: dict[str, Any] | None, callback: Callable[[Any], object] | None = None
    ) -> None:
        """Draw a drop indicator (``{"kind": "line"|"box", …, "reason"}``) or clear it."""

        def done(raw: object) -> None:
            if callback is not None:
                callback(raw)
            self.drop_shown.emit()

        self.run(call("showDrop", spec), done)

    def chain_at(self, x: float, y: float, callback: Callable[[Chain], object]) -> None:
        """The selectable nodes at view position (x, y), innermost first."""
        zoom = self.view.zoomFactor() or 1.0
        self.run(call("chainAt", x / zoom, y / zoom), lambda raw: callback(Chain.of(decode(raw))))

    def overlay_state(self, callback: Callable[[dict[str, Any]], object]) -> None:
        self.run(call("state"), lambda raw: callback(decode(raw) or {}))

    def rect_of(self, node: int, callback: Callable[[dict[str, float] | None], object]) -> None:
        """The node's box in document pixels (None when it is not on the canvas)."""
        self.run(call("rect", node), lambda raw: callback(decode(raw)))

    def reveal(self, node: int, callback: Callable[[dict[str, float] | None], object]) -> None:
        """Scroll the node into view; its box in viewport pixels (None when not shown)."""
        self.run(call("reveal", node), lambda raw: callback(decode(raw)))

    # ---- zoom ---------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        factor = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor))
        self.view.setZoomFactor(factor)
        if self.left_pad.isVisible():
            self.view.setFixedWidth(round(self.width_px * factor))

    def zoom_step(self, direction: int) -> None:
        """One step in (1), out (−1), or back to 100 % (0)."""
        if direction == 0:
            self.set_zoom(1.0)
            return
        z = self.zoom
        steps = [s for s in ZOOM_STEPS if (s > z + 1e-6 if direction > 0 else s < z - 1e-6)]
        if steps:
            self.set_zoom(steps[0] if direction > 0 else steps[-1])

    # ---- messages from the page ----------------------------------------------------
    def _on_message(self, event: str, data: Any) -> None:
        if event == "ready":
            self._overlay_up = True
            self._maybe_ready()
        elif event == "hover":
            self.hovered.emit(int(data) if isinstance(data, (int, float)) else -1)
        elif event == "click" and isinstance(data, dict):
            self.clicked.emit(
                int(data.get("id", -1)), bool(data.get("shift")), bool(data.get("toggle"))
            )
        elif event == "drag-start":
            self.drag_started.emit([int(x) for x in data] if isinstance(data, list) else [])
        elif event == "drag-move":
            self.drag_moved.emit(Chain.of(data))
        elif event == "drag-end":
            self.drag_ended.emit(Chain.of(data))
        elif event == "drag-out":
            self.dragged_out.emit([int(x) for x in data] if isinstance(data, list) else [])
        elif event == "marquee" and isinstance(data, dict):
            ids = data.get("ids")
            self.marqueed.emit(
                [int(x) for x in ids] if isinstance(ids, list) else [], bool(data.get("extend"))
            )

    # ---- drags from the insert and layers panels -----------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.ChildAdded:
            self._watch_proxy()
        if obj is self._proxy or obj is self.view:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, (QDragEnterEvent, QDragMoveEvent)
            ):
                found = payload_of(event.mimeData())
                if found is None:
                    return False
                event.acceptProposedAction()
                pos = event.position()
                self.chain_at(pos.x(), pos.y(), self._emitter(self.external_moved, found))
                return True
            if kind == QEvent.Type.DragLeave:
                self.external_left.emit()
                return False
            if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                found = payload_of(event.mimeData())
                if found is None:
                    return False
                event.acceptProposedAction()
                pos = event.position()
                self.chain_at(pos.x(), pos.y(), self._emitter(self.external_dropped, found))
                return True
        return super().eventFilter(obj, event)

    @staticmethod
    def _emitter(signal: Any, found: tuple[str, str]) -> Callable[[Chain], None]:
        def emit(chain: Chain) -> None:
            signal.emit(found[0], found[1], chain)

        return emit

    def _watch_proxy(self) -> None:
        proxy = self.view.focusProxy()
        if proxy is not None and proxy is not self._proxy:
            proxy.setAcceptDrops(True)
            proxy.installEventFilter(self)
            self._proxy = proxy

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._watch_proxy()

    @property
    def surface(self) -> QWidget:
        """The widget that receives the page's mouse and drag events (tests drive it)."""
        self._watch_proxy()
        proxy = self.view.focusProxy()
        return proxy if proxy is not None else self.view


def payload_of(mime: QMimeData) -> tuple[str, str] | None:
    """(mime type, payload) of a drag the canvas takes: an insert entry or layers rows."""
    for kind in (INSERT_MIME, LAYERS_MIME):
        if mime.hasFormat(kind):
            return kind, bytes(mime.data(kind).data()).decode("utf-8")
    return None


def insert_mime(key: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(INSERT_MIME, key.encode("utf-8"))
    return mime


def layers_mime(ids: Sequence[str | int]) -> QMimeData:
    """Layer rows being dragged (row ids; element rows' ids are their node ids)."""
    mime = QMimeData()
    mime.setData(LAYERS_MIME, json.dumps(list(ids)).encode("utf-8"))
    return mime


def view_point(canvas: Canvas, x: float, y: float) -> QPointF:
    """A document point (CSS px, scrolled to the top) as a point on the canvas surface."""
    zoom = canvas.view.zoomFactor() or 1.0
    return QPointF(x * zoom, y * zoom)
