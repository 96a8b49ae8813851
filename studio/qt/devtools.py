"""Developer tools under the preview: Problems, Source, Links, Images, SpamAssassin, Accessibility.

Problems follow every compile (the checks: ``studio.qt.problem_checks``). The validator
panels run on demand (Refresh), off the GUI thread, show the validator's table
(``studio.models.checks``) and say whether their results are In Sync with the code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from compiler.result import CompileResult
from components.diagnostics import Issue, Severity, left_out
from studio.models import checks
from studio.models.checks import CheckRun
from studio.models.editor import EditorState, Problem
from studio.models.preview import DESKTOP_WIDTH, PreviewState
from studio.models.quick_fix import QuickFix, quick_fixes
from studio.qt.code_editor import severity_color
from studio.qt.problem_checks import ProblemChecks
from studio.render.engine import APP_WORLD


def issue_location(issue: Issue) -> str:
    if not issue.line:
        return issue.file.rsplit("/", 1)[-1] if issue.file else ""
    name = issue.file.rsplit("/", 1)[-1] if issue.file else ""
    return f"{name}:{issue.line}:{issue.column}"


#: Problems the list shows at most (the rest are counted on its last row): a row is a widget
#: item, and an email with 20,000 stray tags would make 40,000 of them on every compile
MAX_LISTED = 1000


class ProblemsList(QTreeWidget):
    """Errors and warnings of the last compile; click one to jump to it. A problem with a
    quick fix (``studio.models.quick_fix``) has a Fix button in its last column and in
    its context menu; choosing it emits :attr:`fix_requested`."""

    fix_requested = Signal(object)  # a QuickFix

    def __init__(self, state: EditorState) -> None:
        super().__init__()
        self.editor_state = state
        self.setHeaderLabels(["Severity", "Message", "Rule", "Location", "Quick fix"])
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.setRootIsDecorated(False)
        self.setColumnWidth(0, 80)
        self.setColumnWidth(1, 380)
        self.setWordWrap(True)  # long messages wrap instead of being cut off
        self.itemActivated.connect(self._go)
        self.itemClicked.connect(self._go)
        state.problems_changed.connect(self.show_problems)
        self.problems: list[Problem] = []

    def show_problems(self, problems: list[Problem]) -> None:
        self.clear()
        self.problems = list(problems[:MAX_LISTED])
        for p in self.problems:
            it = QTreeWidgetItem(
                [p.issue.severity.value, p.issue.message, p.issue.rule, issue_location(p.issue)]
            )
            it.setForeground(0, severity_color(p.issue.severity))
            it.setToolTip(1, p.issue.message)  # the whole message, however narrow the column
            self.addTopLevelItem(it)
            for fix in quick_fixes(p.issue)[:1]:
                button = QToolButton()
                button.setText("Fix")
                button.setAutoRaise(True)  # a compact button that keeps the row's height
                button.setToolTip(fix.label)
                button.setObjectName("quickFix")
                button.clicked.connect(lambda _c=False, f=fix: self.fix_requested.emit(f))
                cell = QWidget()  # the button at its own size, not stretched over the cell
                row = QHBoxLayout(cell)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(button)
                row.addStretch(1)
                self.setItemWidget(it, 4, cell)
        if len(problems) > MAX_LISTED:
            # the rest counted, by rule, on a last row that goes nowhere
            more = left_out([p.issue for p in problems], MAX_LISTED)
            more = f"… and {more}, not listed here (`mailwright check --format json` lists all)"
            it = QTreeWidgetItem(["", more])
            it.setFlags(Qt.ItemFlag.ItemIsEnabled)
            it.setToolTip(1, more)
            self.addTopLevelItem(it)

    def fix_button(self, row: int) -> QToolButton | None:
        """The Fix button of the problem in ``row``, if it has one."""
        item = self.topLevelItem(row)
        cell = self.itemWidget(item, 4) if item is not None else None
        return cell.findChild(QToolButton) if cell is not None else None

    def fixes_at(self, row: int) -> list[QuickFix]:
        """The quick fixes of the problem in ``row``."""
        return quick_fixes(self.problems[row].issue) if 0 <= row < len(self.problems) else []

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        fixes = self.fixes_at(self.indexOfTopLevelItem(item)) if item is not None else []
        if not fixes:
            return
        menu = QMenu(self)
        for fix in fixes:
            action = menu.addAction(f"Quick fix: {fix.label}")
            action.triggered.connect(lambda _c=False, f=fix: self.fix_requested.emit(f))
        menu.exec(self.viewport().mapToGlobal(pos))

    def _go(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        row = self.indexOfTopLevelItem(item)
        if 0 <= row < len(self.problems):
            self.editor_state.go_to_problem(self.problems[row])


class _CheckSignals(QObject):
    done = Signal(int, object)  # serial, CheckRun


class _CheckJob(QRunnable):
    def __init__(
        self, serial: int, fn: Callable[[], CheckRun], signals: _CheckSignals, panel: str, file: str
    ) -> None:
        super().__init__()
        self.serial, self.fn, self.signals = serial, fn, signals
        self.panel, self.file = panel, file

    def run(self) -> None:
        try:
            run = self.fn()
        except Exception as exc:  # shown in the panel, never a dead studio
            run = CheckRun(
                self.panel,
                "",
                [
                    Issue(
                        f"check/{self.panel}-failed",
                        Severity.ERROR,
                        f"{type(exc).__name__}: {exc}",
                        self.file,
                    )
                ],
                summary=f"The check failed: {type(exc).__name__}: {exc}",
            )
        self.signals.done.emit(self.serial, run)


class AxeRunner(QObject):
    """axe-core on the main thread, asynchronously: no nested event loop, no blocking.

    Uses the render layer's page preparation and axe scripts on one hidden
    offscreen page (created on first use, kept for the next run). A newer run
    supersedes an older one; the callback gets (violations, "") or (None, error).
    """

    POLL_MS = 40

    def __init__(self, parent: QObject | None = None, timeout_ms: int = 30000) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._view: Any = None
        self._page: Any = None
        self._token = 0
        self._callback: Callable[[list[dict[str, Any]] | None, str], None] | None = None
        self._temp: Path | None = None
        self._loading = -1
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._ask)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(
            lambda: self._finish(
                None, f"axe-core did not finish within {self.timeout_ms / 1000:g} s"
            )
        )

    @property
    def busy(self) -> bool:
        return self._callback is not None

    def _ensure_page(self) -> Any:
        if self._page is None:
            from PySide6.QtWebEngineCore import QWebEngineSettings
            from PySide6.QtWebEngineWidgets import QWebEngineView

            from studio.render.engine import PreviewPage, new_profile

            self._view = QWebEngineView()
            self._view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            self._page = PreviewPage(new_profile(self), self._view)
            self._page.settings().setAttribute(
                QWebEngineSettings.WebAttribute.ShowScrollBars, False
            )
            self._view.setPage(self._page)
            self._view.resize(DESKTOP_WIDTH, 800)
            self._view.show()
            self._page.loadFinished.connect(self._loaded)
        return self._page

    def run(self, html: str, callback: Callable[[list[dict[str, Any]] | None, str], None]) -> None:
        from studio.render.engine import load_prepared
        from studio.render.page import prepare_page

        self._token += 1
        self._poll.stop()
        self._callback = callback
        page = self._ensure_page()
        prepared = prepare_page(html, PreviewState(block_images=True), width=DESKTOP_WIDTH)
        self._cleanup()
        self._deadline.start(self.timeout_ms)
        self._loading = self._token
        self._temp = load_prepared(page, prepared, javascript=True)

    def _loaded(self, ok: bool) -> None:
        token = self._token
        if self._callback is None or self._loading != token:
            return
        self._loading = -1
        if not ok:
            self._finish(None, "the page failed to load")
            return
        from studio.render.axe import AxeNotFound, axe_run_script, axe_source

        try:
            source = axe_source()
        except AxeNotFound as exc:
            self._finish(None, str(exc))
            return

        def started(_r: object) -> None:
            if token == self._token and self._callback is not None:
                self._poll.start()

        def injected(_r: object) -> None:
            if token == self._token and self._callback is not None:
                self._page.runJavaScript(axe_run_script(), APP_WORLD, started)

        self._page.runJavaScript(source + "\n;true", APP_WORLD, injected)

    def _ask(self) -> None:
        from studio.render.axe import RESULT_VAR, decode_result

        token = self._token

        def got(raw: object) -> None:
            if token != self._token or self._callback is None:
                return
            try:
                violations = decode_result(raw)
            except (RuntimeError, ValueError) as exc:
                self._finish(None, str(exc))
                return
            if violations is not None:
                self._finish(violations, "")

        self._page.runJavaScript(f"window.{RESULT_VAR}", APP_WORLD, got)

    def _finish(self, violations: list[dict[str, Any]] | None, error: str) -> None:
        self._poll.stop()
        self._deadline.stop()
        callback, self._callback = self._callback, None
        self._cleanup()
        if callback is not None:
            callback(violations, error)

    def _cleanup(self) -> None:
        if self._temp is not None:
            with contextlib.suppress(OSError):
                self._temp.unlink()
            self._temp = None

    def close(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._token += 1
        self._callback = None
        self._poll.stop()
        self._deadline.stop()
        self._cleanup()
        if self._view is not None:
            from PySide6.QtCore import QCoreApplication, QEvent

            self._page.loadFinished.disconnect(self._loaded)
            profile = self._page.profile()
            # The page must go before its profile (Qt warns otherwise).
            self._page.deleteLater()
            self._view.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            if shiboken6.isValid(profile):
                profile.deleteLater()
            self._view = self._page = None


# panel name → (tab title, table columns)
PANEL_INFO: dict[str, tuple[str, tuple[str, ...]]] = {
    "links": ("Links", checks.LINK_COLUMNS),
    "images": ("Images", checks.IMAGE_COLUMNS),
    "spamassassin": ("SpamAssassin", checks.SPAM_COLUMNS),
    "a11y": ("Accessibility", checks.A11Y_COLUMNS),
}


class CheckPanel(QWidget):
    """One validator tab: Refresh, In Sync, a summary line and the validator's table.

    The validator runs on a worker thread (``QThreadPool``); the newest run wins.
    The accessibility panel runs its static half off-thread and axe-core on the
    main thread through :class:`AxeRunner`, asynchronously.
    """

    finished = Signal(str)  # panel name, when a run's results are shown

    def __init__(
        self,
        panel: str,
        state: EditorState,
        *,
        project: Project | None = None,
        profile: Callable[[], Mapping[str, Any] | None] | None = None,
        axe: AxeRunner | None = None,
    ) -> None:
        super().__init__()
        self.panel = panel
        self.title, columns = PANEL_INFO[panel]
        self.state = state
        self.project = project
        self.profile = profile or (lambda: None)
        self.axe = axe
        # Links/Images: network results kept between runs (the main window shares one
        # per workspace); None = fetch everything on every Refresh.
        self.url_cache: MutableMapping[str, Any] | None = None
        self.run: CheckRun | None = None
        self.running = False
        self._serial = 0
        self._result: CompileResult | None = None
        self._signals = _CheckSignals()
        self._signals.done.connect(self._worker_done)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.sync_label = QLabel("Not run")
        self.sync_label.setObjectName("syncLabel")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self._refresh_clicked)
        self.recheck_button = QPushButton("Recheck")
        self.recheck_button.setToolTip(
            "Forget the remembered results and fetch every URL again (also Shift+Refresh)"
        )
        self.recheck_button.clicked.connect(self.recheck)
        self.recheck_button.setVisible(panel in ("links", "images"))
        self.table = QTreeWidget()
        self.table.setHeaderLabels(list(columns))
        self.table.setRootIsDecorated(False)
        self.table.setSortingEnabled(False)
        self.table.itemActivated.connect(self._go)
        self.table.itemClicked.connect(self._go)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_label)
        top.addWidget(self.refresh_button)
        top.addWidget(self.recheck_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.table)
        state.document.changed.connect(lambda _e: self._update_sync())
        state.result_changed.connect(lambda _r: self._update_sync())

    @property
    def in_sync(self) -> bool:
        """The last run checked the email exactly as it is now."""
        return self.run is not None and self.state.in_sync and self.run.in_sync(self.state.result)

    def _update_sync(self) -> None:
        if self.running:
            self.sync_label.setText("Checking…")
        elif self.run is None:
            self.sync_label.setText("Not run")
        else:
            self.sync_label.setText("In Sync" if self.in_sync else "Out of date — Refresh")

    def _job(self, result: CompileResult) -> Callable[[], CheckRun]:
        project, profile, cache = self.project, self.profile(), self.url_cache
        if self.panel == "links":
            return lambda: checks.run_links(result, project, profile, url_cache=cache)
        if self.panel == "images":
            return lambda: checks.run_images(result, project, profile, url_cache=cache)
        if self.panel == "spamassassin":
            return lambda: checks.run_spamassassin(result, project, profile)
        return lambda: checks.prepare_a11y(result, project)

    def _refresh_clicked(self) -> None:
        if QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.recheck()
        else:
            self.refresh()

    def recheck(self) -> None:
        """Refresh without the remembered link/image results (they are fetched again)."""
        if self.url_cache is not None:
            prefix = "link:" if self.panel == "links" else "image:"
            for key in [k for k in self.url_cache if k.startswith(prefix)]:
                self.url_cache.pop(key, None)
        self.refresh()

    def refresh(self) -> None:
        """Run the validator on the latest compile (off the GUI thread)."""
        result = self.state.result
        if result is None:
            self.sync_label.setText("Waiting for the first compile")
            return
        self._serial += 1
        self._result = result
        self.running = True
        self._update_sync()
        self.pool.start(
            _CheckJob(self._serial, self._job(result), self._signals, self.panel, result.file)
        )

    def _worker_done(self, serial: int, run: object) -> None:
        if serial != self._serial or not isinstance(run, CheckRun):
            return
        if self.panel != "a11y" or not run.digest or self._result is None:
            self._show(run)
            return
        result = self._result
        if self.axe is None:
            self._show(checks.finish_a11y(run, result, None, "no browser engine", self.project))
            return

        def axe_done(violations: list[dict[str, Any]] | None, error: str) -> None:
            if serial == self._serial:
                self._show(checks.finish_a11y(run, result, violations, error, self.project))

        self.axe.run(result.marked_html or result.html, axe_done)

    def _show(self, run: CheckRun) -> None:
        self.run = run
        self.running = False
        self.table.clear()
        for row in run.rows:
            self.table.addTopLevelItem(QTreeWidgetItem(list(row)))
        if not run.rows:
            self.table.addTopLevelItem(QTreeWidgetItem(["", "Nothing to list"]))
        self.summary.setText(run.summary)
        for col in range(self.table.columnCount()):
            self.table.resizeColumnToContents(col)
        self._update_sync()
        self.finished.emit(self.panel)

    def _go(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        row = self.table.indexOfTopLevelItem(item)
        if self.run is None or not 0 <= row < len(self.run.locations):
            return
        file, line, col = self.run.locations[row]
        issue = Issue("", Severity.INFO, "", file, line, col)
        self.state.go_to_problem(self.state.problem_for(issue))

    def shutdown(self) -> None:
        self._serial += 1
        self.pool.clear()
        self.pool.waitForDone(2000)


class SourceView(QPlainTextEdit):
    """The compiled HTML (read-only). Laying out a 1 MB text takes a tenth of a second,
    so a new text is only kept while the tab is not seen and set when it shows (or is
    read)."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._pending: str | None = None

    def show_text(self, text: str) -> None:
        self._pending = text
        if self.isVisible():
            self._flush()

    def _flush(self) -> None:
        if self._pending is not None:
            text, self._pending = self._pending, None
            self.setPlainText(text)

    def showEvent(self, event: QShowEvent) -> None:
        self._flush()
        super().showEvent(event)

    def toPlainText(self) -> str:
        self._flush()
        return super().toPlainText()


class DevTools(QTabWidget):
    """The developer tools panel.

    The Problems list shows the state's problems; the checks that find them
    (:class:`ProblemChecks`) are the editor's, given as ``checks``, so an editor builds
    this panel only when it is first opened (``EditorPage.devtools``). Without
    ``checks`` the panel runs its own."""

    def __init__(
        self,
        state: EditorState,
        *,
        project: Project | None = None,
        profile: Callable[[], Mapping[str, Any] | None] | None = None,
        checks: ProblemChecks | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.problems = ProblemsList(state)
        self.source = SourceView()
        self.axe = AxeRunner(self)
        self.links = CheckPanel("links", state, project=project, profile=profile)
        self.images = CheckPanel("images", state, project=project, profile=profile)
        self.spam = CheckPanel("spamassassin", state, project=project, profile=profile)
        self.a11y = CheckPanel("a11y", state, project=project, profile=profile, axe=self.axe)
        self.addTab(self.problems, "Problems")
        self.addTab(self.source, "Source")
        for panel in self.panels:
            self.addTab(panel, panel.title)
        self.project = project
        self.profile = profile or (lambda: None)
        self._own_checks = checks is None
        self.checks = (
            checks
            if checks is not None
            else ProblemChecks(
                state, project=lambda: self.project, profile=self.profile, parent=self
            )
        )
        state.result_changed.connect(self._on_result)
        state.problems_changed.connect(self._on_problems)
        if state.result is not None:  # built after the first compile
            self.source.show_text(state.result.html)
        self.problems.show_problems(state.problems)
        self._on_problems(state.problems)
        self.setDocumentMode(True)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)

    @property
    def panels(self) -> tuple[CheckPanel, ...]:
        return (self.links, self.images, self.spam, self.a11y)

    @property
    def problem_pool(self) -> QThreadPool:
        """The worker thread of the Problems checks."""
        return self.checks.pool

    def _on_result(self, result: CompileResult) -> None:
        self.source.show_text(result.html)

    def page_shown(self) -> None:
        """The preview shows the newest compile's page: its checks may run now."""
        self.checks.page_shown()

    def check_problems(self, result: CompileResult | None = None) -> None:
        """Run the default checks (what ``mailwright check`` runs) for the Problems list."""
        self.checks.check(result)

    def _on_problems(self, problems: list[Problem]) -> None:
        self.setTabText(0, f"Problems ({len(problems)})" if problems else "Problems")

    def shutdown(self) -> None:
        if self._own_checks:
            self.checks.shutdown()
        for panel in self.panels:
            panel.shutdown()
        self.axe.close()
