"""Developer tools under the preview: Problems, Source, Links, Images, SpamAssassin, Accessibility.

Problems follow every compile. The validator panels run on demand (Refresh)
and say whether their results are In Sync with the code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from studio.models.editor import EditorState, Problem
from studio.qt.code_editor import severity_color


def issue_location(issue: Issue) -> str:
    if not issue.line:
        return issue.file.rsplit("/", 1)[-1] if issue.file else ""
    name = issue.file.rsplit("/", 1)[-1] if issue.file else ""
    return f"{name}:{issue.line}:{issue.column}"


class ProblemsList(QTreeWidget):
    """Errors and warnings of the last compile; click one to jump to it."""

    def __init__(self, state: EditorState) -> None:
        super().__init__()
        self.editor_state = state
        self.setHeaderLabels(["Severity", "Message", "Rule", "Location"])
        self.setRootIsDecorated(False)
        self.setColumnWidth(0, 80)
        self.setColumnWidth(1, 380)
        self.itemActivated.connect(self._go)
        self.itemClicked.connect(self._go)
        state.problems_changed.connect(self.show_problems)
        self.problems: list[Problem] = []

    def show_problems(self, problems: list[Problem]) -> None:
        self.clear()
        self.problems = list(problems)
        for p in problems:
            it = QTreeWidgetItem([p.issue.severity.value, p.issue.message, p.issue.rule,
                                  issue_location(p.issue)])
            it.setForeground(0, severity_color(p.issue.severity))
            self.addTopLevelItem(it)

    def _go(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        row = self.indexOfTopLevelItem(item)
        if 0 <= row < len(self.problems):
            self.editor_state.go_to_problem(self.problems[row])


class _CheckSignals(QObject):
    done = Signal(int, object)


class _CheckJob(QRunnable):
    def __init__(self, serial: int, fn: Callable[[], list[Issue]], signals: _CheckSignals) -> None:
        super().__init__()
        self.serial, self.fn, self.signals = serial, fn, signals

    def run(self) -> None:
        try:
            issues = self.fn()
        except Exception as exc:  # shown in the panel, never a dead studio
            issues = [Issue("check/failed", Severity.ERROR, f"{type(exc).__name__}: {exc}")]
        self.signals.done.emit(self.serial, issues)


class ValidatorPanel(QWidget):
    """One validator tab: Refresh, In Sync state and the issue list."""

    def __init__(self, title: str, names: Sequence[str], state: EditorState,
                 network: bool = False, on_main_thread: bool = False,
                 browser: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.title = title
        self.names = tuple(names)
        self.state = state
        self.network = network
        self.on_main_thread = on_main_thread
        self.browser = browser
        self.checked_source: str | None = None
        self.issues: list[Issue] = []
        self._serial = 0
        self._pending_source = ""
        self._signals = _CheckSignals()
        self._signals.done.connect(self._done)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.sync_label = QLabel("Not run")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Severity", "Message", "Location"])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(1, 420)
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        top = QHBoxLayout()
        top.addWidget(QLabel(title))
        top.addStretch(1)
        top.addWidget(self.sync_label)
        top.addWidget(self.refresh_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.list)
        state.document.changed.connect(lambda _e: self._update_sync())

    @property
    def in_sync(self) -> bool:
        return self.checked_source is not None and self.checked_source == self.state.document.text

    def _update_sync(self) -> None:
        if self.checked_source is None:
            self.sync_label.setText("Not run")
        else:
            self.sync_label.setText("In Sync" if self.in_sync else "Out of date — Refresh")

    def _run(self, result: CompileResult) -> list[Issue]:
        from compiler.validators import run_checks
        from compiler.validators.base import CheckOptions

        browser = self.browser() if self.browser else None
        return run_checks(result, self.names,
                          options=CheckOptions(network=self.network, browser=browser))

    def refresh(self) -> None:
        result = self.state.result
        if result is None:
            self.sync_label.setText("Waiting for the first compile")
            return
        self._serial += 1
        self.sync_label.setText("Checking…")
        source = result.source
        if self.on_main_thread:
            self._done(self._serial, self._run(result), source)
            return
        self._pending_source = source
        self.pool.start(_CheckJob(self._serial, lambda: self._run(result), self._signals))

    def _done(self, serial: int, issues: object, source: str | None = None) -> None:
        if serial != self._serial:
            return
        self.checked_source = source if source is not None else self._pending_source
        self.issues = list(issues) if isinstance(issues, list) else []
        self.list.clear()
        for i in self.issues:
            it = QTreeWidgetItem([i.severity.value, i.message, issue_location(i)])
            it.setForeground(0, severity_color(i.severity))
            self.list.addTopLevelItem(it)
        if not self.issues:
            self.list.addTopLevelItem(QTreeWidgetItem(["", "No problems found", ""]))
        self._update_sync()

    def _go(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        row = self.list.indexOfTopLevelItem(item)
        if 0 <= row < len(self.issues):
            issue = self.issues[row]
            self.state.go_to_problem(Problem(issue, _offset(self.state, issue)))


def _offset(state: EditorState, issue: Issue) -> int:
    from studio.models.editor import _same_file
    from studio.models.text import offset_of

    if issue.line <= 0 or not _same_file(issue.file, state.document.path):
        return -1
    return offset_of(state.document.text, issue.line, issue.column)


class DevTools(QTabWidget):
    """The developer tools panel."""

    def __init__(self, state: EditorState, browser: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.state = state
        self.problems = ProblemsList(state)
        self.source = QPlainTextEdit()
        self.source.setReadOnly(True)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.links = ValidatorPanel("Links", ["links"], state, network=True)
        self.images = ValidatorPanel("Images", ["images"], state, network=True)
        self.spam = ValidatorPanel("SpamAssassin", ["spam", "spamassassin"], state)
        self.a11y = ValidatorPanel("Accessibility", ["emc", "a11y"], state,
                                   on_main_thread=True, browser=browser)
        self.addTab(self.problems, "Problems")
        self.addTab(self.source, "Source")
        for panel in (self.links, self.images, self.spam, self.a11y):
            self.addTab(panel, panel.title)
        state.result_changed.connect(self._on_result)
        self.setDocumentMode(True)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)

    def _on_result(self, result: CompileResult) -> None:
        self.source.setPlainText(result.html)
        self.setTabText(0, f"Problems ({len(result.issues)})" if result.issues else "Problems")
