"""The live preview: compiles off the GUI thread, shows the page in Qt WebEngine.

Thin adapter over the render layer: :func:`studio.render.page.prepare_page`
makes the page for the current :class:`PreviewSettings` (sizes, colour
schemes, forced dark, blocked images/styles, vision filters, hidden content)
and :class:`studio.render.engine.PreviewPage` shows it with scripts off.
Our own small scripts (Inspect Element, Focus Mode, Expanded Table View) run
in the application world, which the page's CSP and settings do not affect.

A new compile does not reload the page: once a page is loaded, the next one of
the same width, base URL and image blocking is patched in place with the
canvas's own patch (``studio/render/morph.js``, run in the application world):
unchanged subtrees keep their DOM and decoded images, and the scroll position
stays. A full load happens for the first page and when one of those changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QMouseEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from compiler.result import CompileResult
from components.expand.replay import ExpansionCache
from studio.models.inbox import render_inbox_line
from studio.models.live import LiveCompile, Ticket, compile_for_preview
from studio.models.preview import (
    DEVICES,
    PreviewSettings,
    PreviewState,
    Scheme,
    SizeMode,
    Vision,
    clamp_width,
)
from studio.qt.flow import FlowLayout
from studio.qt.icons import icon
from studio.qt.inbox import InboxLineWidget
from studio.render.engine import (
    JS_PENDING_RESOURCES,
    RESOURCE_TIMEOUT_S,
    SET_HTML_LIMIT,
    load_prepared,
    preview_page,
)
from studio.render.overlay import decode, page_morph_script, page_part_script
from studio.render.page import base_url_for, prepare_page
from studio.render.region import PatchedPage
from studio.startup import mark
from styles.atomic import write_atomic

APP_WORLD = int(QWebEngineScript.ScriptWorldId.ApplicationWorld.value)
#: the event that starts a compile as soon as the loop is back (PreviewPane._compile_next)
_COMPILE_EVENT = QEvent.Type(QEvent.registerEventType())

# JavaScript run in the application world (never in the email's own world).
JS_NODE_AT = """(function(x, y){
  var el = document.elementFromPoint(x, y);
  while (el && !(el.getAttribute && el.getAttribute('data-mw-node'))) el = el.parentElement;
  return el ? parseInt(el.getAttribute('data-mw-node'), 10) : -1;
})(%f, %f)"""
JS_FOCUS = """(function(id){
  var old = document.getElementById('mw-focus-outline');
  if (old) old.remove();
  if (id < 0) return null;
  var el = document.querySelector('[data-mw-node="' + id + '"]');
  if (!el) return null;
  el.scrollIntoView({block: 'center', inline: 'nearest'});
  var r = el.getBoundingClientRect();
  var box = document.createElement('div');
  box.id = 'mw-focus-outline';
  box.style.cssText = 'position:absolute;pointer-events:none;z-index:2147483647;' +
    'outline:2px solid #3b82f6;background:rgba(59,130,246,.08);' +
    'left:' + (r.left + window.scrollX) + 'px;top:' + (r.top + window.scrollY) + 'px;' +
    'width:' + r.width + 'px;height:' + r.height + 'px';
  document.body.appendChild(box);
  return JSON.stringify({x: r.left, y: r.top, w: r.width, h: r.height,
                         scrollY: window.scrollY});
})(%d)"""
JS_TABLES = """(function(on){
  var s = document.getElementById('mw-table-view');
  if (on && !s) {
    s = document.createElement('style'); s.id = 'mw-table-view';
    s.textContent = 'table{outline:1px dashed rgba(229,72,77,.9) !important}' +
      'td,th{outline:1px dotted rgba(59,130,246,.9) !important}';
    (document.head || document.documentElement).appendChild(s);
  } else if (!on && s) { s.remove(); }
  return on;
})(%s)"""


class _Signals(QObject):
    done = Signal(object, object)  # Ticket, CompileResult
    translated = Signal(object, object)  # Path, CompileResult


class _TranslationJob(QRunnable):
    """Compiles the translation the profile gets (read from disk) for the preview."""

    def __init__(self, path: Path, project: Project | None, signals: _Signals) -> None:
        super().__init__()
        self.path = path
        self.project = project
        self.signals = signals

    def run(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        result = compile_for_preview(text, str(self.path), self.project)
        self.signals.translated.emit(self.path, result)


class _CompileJob(QRunnable):
    def __init__(
        self,
        ticket: Ticket,
        project: Project | None,
        signals: _Signals,
        cache: ExpansionCache | None = None,
        component_use: str | None = None,
    ) -> None:
        super().__init__()
        self.ticket = ticket
        self.project = project
        self.signals = signals
        self.cache = cache
        self.component_use = component_use

    def run(self) -> None:
        result = compile_for_preview(
            self.ticket.text,
            self.ticket.file,
            self.project,
            self.cache,
            component_use=self.component_use,
        )
        self.signals.done.emit(self.ticket, result)


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if st is not None else None


def render_liquid(
    html: str, data: dict[str, Any], project: Project | None = None, file: str = ""
) -> tuple[str, list[str]]:
    """Render the preview's Liquid with sample data (``compiler.liquid.render_template``).

    Returns the rendered HTML (the input when Liquid rendering is unavailable)
    and the error messages for the "Errors found" banner.
    """
    try:
        from compiler.liquid import render_template
    except Exception as exc:
        return html, [f"Liquid rendering is unavailable: {type(exc).__name__}: {exc}"]
    try:
        out = render_template(html, data, file=file, project=project)
    except Exception as exc:  # a renderer bug must not take the preview down
        return html, [f"Liquid rendering failed: {type(exc).__name__}: {exc}"]
    errors = [i.message for i in out.issues if i.is_error]
    return out.text, errors


class ResizeHandle(QWidget):
    """The Responsive preview's drag handle: drag it to change the preview width.

    While dragging, the view follows the mouse (``dragging`` signal); on release
    the new width is committed (``released``), which re-prepares the page once.
    """

    dragging = Signal(int)
    released = Signal(int)
    WIDTH = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(self.WIDTH)
        self.setCursor(Qt.CursorShape.SizeHorCursor)
        self.setToolTip("Drag to resize the preview")
        self.setStyleSheet("background:#c7cdd6;border-left:1px solid #9aa3ad;")
        self._start_x: float | None = None
        self._start_width = 0
        self.current_width = 0

    def begin(self, width: int) -> None:
        self.current_width = width

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start_x = event.globalPosition().x()
            self._start_width = self.current_width
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start_x is not None:
            width = clamp_width(
                round(self._start_width + event.globalPosition().x() - self._start_x)
            )
            self.current_width = width
            self.dragging.emit(width)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start_x is not None and event.button() == Qt.MouseButton.LeftButton:
            self._start_x = None
            self.released.emit(self.current_width)
            event.accept()


class PreviewPane(QWidget):
    """Preview toolbar, errors banner and the web view, for one email."""

    node_clicked = Signal(int)
    result_shown = Signal(object)
    shown = Signal(str)  # the page HTML just shown (compiled, Liquid rendered): the canvas follows
    page_loaded = Signal(bool)

    def __init__(
        self,
        settings: PreviewSettings | None = None,
        project: Project | None = None,
        parent: QWidget | None = None,
        *,
        warm: bool = True,
    ) -> None:
        """``warm``: take Chromium's warm page (:func:`studio.render.engine.warm_up`) if
        unclaimed; the editor page leaves it to the canvas when that shows first."""
        super().__init__(parent)
        self.settings = settings or PreviewSettings()
        self.project = project
        self.live = LiveCompile()
        # the previous expansion of this pane's email: an edit expands only what it
        # changed (the pool has one thread, so one compile uses it at a time)
        self.cache: ExpansionCache | None = ExpansionCache()
        self.file = ""
        self.base_url = "about:blank"
        self.sample_data: dict[str, Any] | None = None
        #: a component file's page: the instance its preview shows (the Try panel's)
        self.component_use: str | None = None
        self.liquid_errors: list[str] = []
        self.html = ""
        self.inspect_mode = False
        self.table_view = False
        self.focused: int = -1
        #: the newest page is in the view (loaded, or patched in place) — see _load
        self.loaded = False
        self.loads = 0  # full page loads so far (tests and the bench read these)
        self.morphs = 0  # pages patched in place so far
        self.last_stats: dict[str, int] = {}
        self._key: tuple[object, ...] | None = None  # width, base URL, blocked images
        self._base_href = ""  # the <base> a page loaded from a temporary file was given
        self._gen = 0  # pages asked for (_load)
        self._load_gen = 0  # … when the last full load started
        self._patched = PatchedPage()  # the page the patches made, those on their way
        #: a compile arrived while the pane was hidden: its page is made when it shows
        self._page_stale = False
        self._in_view = True
        self.last_latency_ms = 0.0
        self._requested_at: dict[int, float] = {}
        self._pending_text: str | None = None
        self._in_flight = 0  # compiles started and not yet answered
        self._signals = _Signals()
        self._signals.done.connect(self._on_compiled)
        self._signals.translated.connect(self._on_translated)
        # The translation the sample profile's language picks (``receipt.fr.html`` for a
        # French profile on ``receipt.html``): shown instead of the document's own page,
        # as ``mailwright render`` renders it. The document's compile still feeds Problems.
        self.translation: Path | None = None
        self.translation_result: CompileResult | None = None
        self._translation_stamp: tuple[int, int] | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(0)  # Preferences.preview_debounce_ms
        self.debounce.timeout.connect(self._start_compile)
        self._compile_posted = False  # a _COMPILE_EVENT is on its way (_compile_next)

        self.view = QWebEngineView(self)
        self.page, self.profile = preview_page(self, warm=warm)
        self.page.setParent(self.view)
        self.view.setPage(self.page)
        self.page.loadFinished.connect(self._on_loaded)
        # An image (or stylesheet) that never arrives would keep the page loading forever:
        # after RESOURCE_TIMEOUT_S loading stops and the note names what was given up.
        self.resource_timeout_ms = int(RESOURCE_TIMEOUT_S * 1000)
        self.stall_timer = QTimer(self)
        self.stall_timer.setSingleShot(True)
        self.stall_timer.timeout.connect(self._give_up_stalled)
        self.stalled: list[str] = []
        self._stall_generation = 0
        self.view.installEventFilter(self)
        self._filtered: QObject | None = None

        self.inbox = InboxLineWidget()
        self.toolbar = self._build_toolbar()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("errorsBanner")
        self.banner.setStyleSheet("background:#fdecea;color:#8a1c1c;padding:4px;")
        self.banner.hide()
        self.translation_note = QLabel()
        self.translation_note.setObjectName("translationNote")
        self.translation_note.setWordWrap(True)
        self.translation_note.setStyleSheet("background:#e8f0fe;color:#1a3a6b;padding:4px;")
        self.translation_note.hide()
        self.resource_note = QLabel()
        self.resource_note.setObjectName("resourceNote")
        self.resource_note.setWordWrap(True)
        self.resource_note.setStyleSheet("background:#fff4e5;color:#5c3b00;padding:4px;")
        self.resource_note.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.inbox)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.banner)
        lay.addWidget(self.translation_note)
        lay.addWidget(self.resource_note)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.view, 1)
        self.handle = ResizeHandle()
        self.handle.dragging.connect(self._drag_width)
        self.handle.released.connect(self.settings.set_width)
        self.handle.hide()
        row.addWidget(self.handle)
        self.stretch = QWidget()
        row.addWidget(self.stretch)
        lay.addLayout(row, 1)
        self.settings.changed.connect(self._on_settings)
        self._sync_toolbar(self.settings.state)

    # ---- toolbar ----------------------------------------------------------------
    def _build_toolbar(self) -> QWidget:
        """Size, width, scheme, sample data, a "View" menu (vision, blocked images/styles,
        hidden content) and Screenshot — in a row that wraps when the column is narrow."""
        bar = QWidget()
        bar.setObjectName("previewToolbar")
        lay = FlowLayout(bar)
        self.size_box = QComboBox()
        self.size_box.setToolTip("Preview size")
        self.size_box.addItem(icon("monitor"), "Desktop", (SizeMode.DESKTOP, ""))
        self.size_box.addItem(icon("cellphone"), "Mobile (375)", (SizeMode.MOBILE, ""))
        self.size_box.addItem(
            icon("arrow-expand-horizontal"), "Responsive", (SizeMode.RESPONSIVE, "")
        )
        for d in DEVICES:
            self.size_box.addItem(f"{d.name} ({d.width})", (SizeMode.DEVICE, d.name))
        self.size_box.currentIndexChanged.connect(self._size_chosen)
        self.width_box = QSpinBox()
        self.width_box.setToolTip("Preview width (Responsive)")
        self.width_box.setRange(200, 3840)
        self.width_box.setSuffix(" px")
        self.width_box.valueChanged.connect(
            lambda w: (
                self.settings.set_width(w)
                if self.settings.state.size_mode is SizeMode.RESPONSIVE
                else None
            )
        )
        self.scheme_box = QComboBox()
        self.scheme_box.setToolTip("Colour scheme")
        for s in Scheme:
            self.scheme_box.addItem(s.label, s)
        self.scheme_box.currentIndexChanged.connect(
            lambda _i: self.settings.update(scheme=self.scheme_box.currentData())
        )
        self.data_box = QComboBox()
        self.data_box.setToolTip("Sample data for Liquid")
        self.data_box.addItem("No sample data", None)
        self.data_box.currentIndexChanged.connect(self._data_chosen)

        self.view_menu = QMenu("View", bar)
        self.block_images = self._toggle("Block images", "block_images")
        self.block_styles = self._toggle("Block styles", "block_styles")
        self.show_hidden = self._toggle("Show hidden content", "show_hidden")
        self.show_hidden.setToolTip("Show content hidden by screen size")
        self.view_menu.addSeparator()
        vision = self.view_menu.addMenu("Vision")
        self.vision_group = QActionGroup(bar)
        self.vision_actions: dict[Vision, QAction] = {}
        for v in Vision:
            act = vision.addAction(v.label)
            act.setCheckable(True)
            act.setData(v)
            self.vision_group.addAction(act)
            act.triggered.connect(lambda _c=False, v=v: self.settings.update(vision=v))
            self.vision_actions[v] = act
        self.view_button = QToolButton()
        self.view_button.setObjectName("previewViewMenu")
        self.view_button.setText("View")
        self.view_button.setIcon(icon("tune-variant"))
        self.view_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.view_button.setToolTip("Vision, blocked images and styles, hidden content")
        self.view_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.view_button.setMenu(self.view_menu)
        self.shot_button = QToolButton()
        self.shot_button.setObjectName("previewScreenshot")
        self.shot_button.setText("Screenshot")
        self.shot_button.setIcon(icon("camera-outline"))
        self.shot_button.setToolTip("Save a full-height screenshot of this preview")
        for w in (
            self.size_box,
            self.width_box,
            self.scheme_box,
            self.data_box,
            self.view_button,
            self.shot_button,
        ):
            lay.addWidget(w)
        return bar

    def _toggle(self, text: str, field: str) -> QAction:
        act = self.view_menu.addAction(text)
        act.setCheckable(True)
        act.toggled.connect(lambda on, f=field: self.settings.update(**{f: on}))
        return act

    def _size_chosen(self, _i: int) -> None:
        mode, device = self.size_box.currentData()
        if mode is SizeMode.DEVICE:
            self.settings.update(size_mode=mode, device=device)
        else:
            self.settings.set_size_mode(mode)

    def _sync_toolbar(self, s: PreviewState) -> None:
        widgets = (
            self.size_box,
            self.width_box,
            self.scheme_box,
            self.block_images,
            self.block_styles,
            self.show_hidden,
            *self.vision_actions.values(),
        )
        for w in widgets:
            w.blockSignals(True)
        for i in range(self.size_box.count()):
            mode, device = self.size_box.itemData(i)
            if mode is s.size_mode and (mode is not SizeMode.DEVICE or device == s.device):
                self.size_box.setCurrentIndex(i)
        self.width_box.setValue(s.width)
        self.width_box.setEnabled(s.size_mode is SizeMode.RESPONSIVE)
        self.scheme_box.setCurrentIndex(list(Scheme).index(s.scheme))
        self.vision_actions[s.vision].setChecked(True)
        self.view_button.setText(
            "View"
            if s.vision is Vision.NONE and not (s.block_images or s.block_styles or s.show_hidden)
            else "View •"
        )
        self.block_images.setChecked(s.block_images)
        self.block_styles.setChecked(s.block_styles)
        self.show_hidden.setChecked(s.show_hidden)
        for w in widgets:
            w.blockSignals(False)

    def set_sample_profiles(
        self, profiles: dict[str, dict[str, Any]], default: str | None = None
    ) -> None:
        """The ``data/`` profiles to choose from; ``default`` (a key) is selected."""
        self.data_box.blockSignals(True)
        self.data_box.clear()
        self.data_box.addItem("No sample data", None)
        for name, data in profiles.items():
            self.data_box.addItem(name, data)
        index = self.data_box.findText(default) if default else -1
        self.data_box.setCurrentIndex(max(0, index))
        self.data_box.blockSignals(False)
        data = self.data_box.currentData()
        self.sample_data = data if isinstance(data, dict) else None

    def _data_chosen(self, _i: int) -> None:
        data = self.data_box.currentData()
        self.set_sample_data(data if isinstance(data, dict) else None)

    def set_sample_data(self, data: dict[str, Any] | None) -> None:
        self.sample_data = data
        if self.live.result is not None:
            self.show_result(self.live.result)

    # ---- compiling --------------------------------------------------------------
    def set_file(self, path: Path | None) -> None:
        self.file = str(path) if path else ""
        self.cache = ExpansionCache()
        self.base_url = base_url_for(path)

    def request(self, text: str, immediate: bool = False) -> None:
        """Ask for a preview of ``text``: compiled after the debounce interval. With no
        interval (0), compiled on the next turn of the event loop — or, while a compile
        is under way, as soon as it is done, with the newest text only: a fast typist's
        keys coalesce into at most one waiting compile, and the first key after a pause
        waits for nothing."""
        self._pending_text = text
        if immediate:
            self.debounce.stop()
            self._start_compile()
        elif self.debounce.interval() > 0:
            self.debounce.start()
        elif not self._in_flight:
            self._compile_next()

    def _compile_next(self) -> None:
        """Compile the pending text as soon as the event loop is back: a posted event of
        high priority, handled before the repaints the key queued (a zero-time timer
        fired after them: 10-20 ms of painting before every keystroke's compile), and
        after the rest of this turn, so that an immediate request made in the same turn
        (a visual edit's, after its document change) replaces it."""
        if not self._compile_posted:
            self._compile_posted = True
            QCoreApplication.postEvent(
                self, QEvent(_COMPILE_EVENT), Qt.EventPriority.HighEventPriority.value
            )

    def event(self, e: QEvent) -> bool:
        if e.type() == _COMPILE_EVENT:
            self._compile_posted = False
            self._start_compile()
            return True
        return super().event(e)

    def _start_compile(self) -> None:
        if self._pending_text is None:
            return
        ticket = self.live.request(self._pending_text, self.file)
        self._in_flight += 1
        self._pending_text = None
        self._requested_at[ticket.generation] = time.perf_counter()
        mark("compile started")
        self.pool.start(
            _CompileJob(ticket, self.project, self._signals, self.cache, self.component_use)
        )

    def _on_compiled(self, ticket: Ticket, result: CompileResult) -> None:
        mark("compiled")
        self._in_flight = max(0, self._in_flight - 1)
        if not self._in_flight and self._pending_text is not None and self.debounce.interval() == 0:
            self._compile_next()  # the keys typed meanwhile, newest text only
        if not self.live.accept(ticket, result):
            return
        t0 = self._requested_at.pop(ticket.generation, None)
        for g in [g for g in self._requested_at if g < ticket.generation]:
            self._requested_at.pop(g, None)
        self.show_result(result)
        if t0 is not None:
            self.last_latency_ms = (time.perf_counter() - t0) * 1000
        self.result_shown.emit(result)

    @property
    def busy(self) -> bool:
        return (
            self.debounce.isActive()
            or self.live.pending
            or self._pending_text is not None
            or (self.translation is not None and self.translation_result is None)
        )

    def set_translation(self, path: Path | None, note: str = "") -> None:
        """Show ``path`` (a translation of this email) instead of the email itself, with
        ``note`` above the page saying why; ``None`` shows the email again."""
        self.translation_note.setText(note)
        self.translation_note.setVisible(path is not None and bool(note))
        if path == self.translation:
            return
        self.translation = path
        self.translation_result = None
        self._translation_stamp = _stamp(path)
        if path is not None:
            self.pool.start(_TranslationJob(path, self.project, self._signals))
        elif self.live.result is not None:
            self.show_result(self.live.result)

    def refresh_translation(self) -> bool:
        """Compile the shown translation again when its file changed (saved in its own tab
        or by another program). True when it did."""
        path = self.translation
        if path is None or _stamp(path) == self._translation_stamp:
            return False
        self._translation_stamp = _stamp(path)
        self.pool.start(_TranslationJob(path, self.project, self._signals))
        return True

    def _on_translated(self, path: Path, result: CompileResult) -> None:
        if path != self.translation:
            return
        self.translation_result = result
        if self.live.result is not None:
            self.show_result(self.live.result)

    def show_result(self, result: CompileResult) -> None:
        own = result.marked_html or result.html
        if self.sample_data is not None:
            own, errors = render_liquid(own, self.sample_data, self.project, self.file)
        else:
            errors = []
        shown, file = result, self.file
        if self.translation is not None:
            if self.translation_result is None:
                return  # shown when the translation's compile arrives
            shown, file = self.translation_result, str(self.translation)
            html = shown.marked_html or shown.html
            if self.sample_data is not None:
                html, errors = render_liquid(html, self.sample_data, self.project, file)
        else:
            html = own
        self.liquid_errors = errors
        if self.liquid_errors:
            self.banner.setText(
                "Errors found:\n" + "\n".join(f"• {e}" for e in self.liquid_errors[:10])
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.html = html
        self.inbox.show_line(
            render_inbox_line(shown.envelope, self.sample_data, project=self.project, file=file)
        )
        self._load()
        self.shown.emit(own)  # the canvas edits this email, whatever the preview shows

    def _on_settings(self, state: PreviewState) -> None:
        self._sync_toolbar(state)
        if self.html:
            self._load()
        else:
            self._apply_size(state.width)

    def set_in_view(self, on: bool) -> None:
        """Whether the editor page shows this pane (it hides it in Visual and Split mode,
        where the canvas shows the same compile): while it does not, no page is made;
        the newest one is made when it is shown again."""
        self._in_view = on
        if on and self._page_stale and self.html:
            self._load()

    def _apply_size(self, width: int) -> None:
        state = self.settings.state
        if state.size_mode is not SizeMode.DESKTOP:
            self.view.setFixedWidth(width)
        else:
            self.view.setMinimumWidth(0)
            self.view.setMaximumWidth(16777215)
        responsive = state.size_mode is SizeMode.RESPONSIVE
        self.handle.setVisible(responsive)
        self.handle.begin(width)
        # Fixed sizes sit at the left with empty space after them; Desktop fills the pane.
        self.stretch.setVisible(state.size_mode is not SizeMode.DESKTOP)
        self.stretch.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def _drag_width(self, width: int) -> None:
        self.view.setFixedWidth(width)
        self.width_box.blockSignals(True)
        self.width_box.setValue(width)
        self.width_box.blockSignals(False)

    def _load(self) -> None:
        if not self._in_view:  # made when the page shows the pane (set_in_view)
            self._page_stale = True
            self.loaded = False  # what the view holds is not this compile's page
            return
        self._page_stale = False
        prepared = prepare_page(
            self.html,
            self.settings.state,
            base_url=self.base_url,
            assets=self.project.asset_path if self.project else None,
        )
        self._apply_size(prepared.width)
        self._gen += 1
        key = (prepared.width, prepared.base_url, prepared.block_images)
        if key == self._key and (self.loaded or self._patched.pending):
            self._morph(prepared.html)
            return
        self._key = key
        self._load_gen = self._gen
        self._patched = PatchedPage()  # loaded: the next patch is of the whole page
        self.loaded = False
        self.stalled = []
        big = len(prepared.html.encode("utf-8")) > SET_HTML_LIMIT
        based = big and prepared.base_url not in ("", "about:blank")
        self._base_href = prepared.base_url if based else ""
        load_prepared(self.page, prepared)
        mark("page load started")
        self.stall_timer.start(self.resource_timeout_ms)

    def _morph(self, html: str) -> None:
        """Patch the loaded page into ``html`` (a prepared page) in place."""
        if self._base_href:  # as load_prepared wrote the page it loaded from a file
            html = html.replace("<head>", f'<head><base href="{self._base_href}">', 1)

        # what the resource note names stays named while the new page still has it
        def still_in(url: str) -> bool:
            return url in html or escape(url) in html

        self.stalled = [u for u in self.stalled if still_in(u)]
        guard = self.profile.guard
        guard.refused = [r for r in guard.refused if still_in(r.rsplit(": ", 1)[0])]
        gen = self._gen
        self.loaded = False
        region = self._patched.patch(html)  # one element when only one changed

        def done(raw: object) -> None:
            if not shiboken6.isValid(self) or gen < self._load_gen:
                return  # the pane closed, or a full load replaced the page since
            self._patched.answered()
            if gen != self._gen:
                return  # a newer page was asked for: its answer shows it
            stats = decode(raw)
            if not isinstance(stats, dict) and region is not None:
                self._patched.reset()  # not the page the element was found in
                self._morph(html)
                return
            if not isinstance(stats, dict):  # the page could not be patched: load it
                self._key = None
                self._load()
                return
            self.last_stats = {k: int(v) for k, v in stats.items()}
            self.morphs += 1
            self._shown(True)

        script = page_morph_script(html) if region is None else page_part_script(region)
        self.page.runJavaScript(script, APP_WORLD, done)

    def _give_up_stalled(self) -> None:
        generation = self._stall_generation = self._stall_generation + 1

        def stop(urls: list[str]) -> None:
            if generation != self._stall_generation or self.loaded:
                return  # a newer page, or this one finished meanwhile
            self._stall_generation += 1
            self.stalled = urls or ["(a resource of the page)"]
            self.page.triggerAction(QWebEnginePage.WebAction.Stop)
            self._show_resource_note()

        def got(pending: Any) -> None:
            stop([str(u) for u in json.loads(pending)] if isinstance(pending, str) else [])

        self.run_js(f"JSON.stringify({JS_PENDING_RESOURCES})", got)
        # a page still navigating may drop the script's answer: stop without the names then
        QTimer.singleShot(2000, lambda: stop([]))

    def _show_resource_note(self) -> None:
        lines = [
            f"Not loaded within {self.resource_timeout_ms / 1000:g} s, shown broken: {u}"
            for u in self.stalled[:5]
        ]
        lines += [f"Not loaded: {r}" for r in self.profile.guard.refused[:5]]
        self.resource_note.setText("\n".join(lines))
        self.resource_note.setToolTip("\n".join(self.stalled + self.profile.guard.refused))
        self.resource_note.setVisible(bool(lines))

    def _on_loaded(self, ok: bool) -> None:
        self.stall_timer.stop()
        self.loads += 1
        self._shown(ok)

    def _shown(self, ok: bool) -> None:
        """The newest page is in the view (loaded or patched): our marks on it again."""
        self.loaded = True
        self._show_resource_note()
        if self.table_view:
            self.run_js(JS_TABLES % "true")
        if self.focused >= 0:
            self.run_js(JS_FOCUS % self.focused)
        self.page_loaded.emit(ok)

    # ---- scripts ----------------------------------------------------------------
    def run_js(self, script: str, callback: Callable[[Any], object] | None = None) -> None:
        if callback is None:
            self.page.runJavaScript(script, APP_WORLD)
        else:
            self.page.runJavaScript(script, APP_WORLD, callback)

    def node_at(self, x: float, y: float, callback: Callable[[int], object]) -> None:
        """The ``data-mw-node`` id of the element at view position (x, y) (−1 for none)."""
        zoom = self.view.zoomFactor() or 1.0
        self.run_js(
            JS_NODE_AT % (x / zoom, y / zoom),
            lambda r: callback(int(r) if isinstance(r, (int, float)) else -1),
        )

    def inspect_at(self, x: float, y: float) -> None:
        def got(node: int) -> None:
            # a translation's elements are not this email's: nothing to reveal in its code
            if node >= 0 and self.translation is None:
                self.node_clicked.emit(node)

        self.node_at(x, y, got)

    def focus_node(
        self, node: int | None, callback: Callable[[dict[str, float] | None], object] | None = None
    ) -> None:
        """Scroll to and outline output element ``node`` (None clears the outline)."""
        self.focused = -1 if node is None else node

        def done(raw: Any) -> None:
            if callback is not None:
                callback(json.loads(raw) if isinstance(raw, str) else None)

        self.run_js(JS_FOCUS % self.focused, done)

    def set_table_view(self, on: bool) -> None:
        self.table_view = on
        self.run_js(JS_TABLES % ("true" if on else "false"))

    def set_inspect_mode(self, on: bool) -> None:
        self.inspect_mode = on
        self.view.setCursor(self.cursor() if not on else self.view.cursor())

    # ---- clicks -----------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.ChildAdded:
            self._watch_proxy()
        if (
            self.inspect_mode
            and obj is self._filtered
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
        ):
            p = event.position()
            self.inspect_at(p.x(), p.y())
            return True
        return super().eventFilter(obj, event)

    def _watch_proxy(self) -> None:
        proxy = self.view.focusProxy()
        if proxy is not None and proxy is not self._filtered:
            proxy.installEventFilter(self)
            self._filtered = proxy

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._watch_proxy()

    # ---- screenshot -------------------------------------------------------------
    def screenshot(self, path: Path) -> Path:
        """A full-height PNG of the current email with the current settings.

        Rendered by the render layer's shared offscreen engine (the same page
        preparation as this preview: size, scheme, vision, blocked images/styles,
        sample data), so the shot does not depend on the window's size.
        """
        from studio.render import shared_qt_engine

        data = shared_qt_engine().render_png(
            self.html,
            self.settings.state,
            base_url=self.base_url,
            assets=self.project.asset_path if self.project else None,
        )
        write_atomic(path, data)
        return path

    def shutdown(self) -> None:
        self.debounce.stop()
        self._pending_text = None  # a compile event still on its way starts nothing
        self.pool.clear()
        self.pool.waitForDone(5000)
