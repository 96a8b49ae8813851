"""The default checks of each compile, for the Problems strip and list.

What ``mailwright check`` runs (``studio.models.checks.default_problems``) runs after each
compile, off the GUI thread, and gives the editor's state its checked problems
(:meth:`EditorState.set_checked`): the Problems strip counts them, the developer tools'
Problems list shows them. This lives apart from the developer tools panel
(``studio.qt.devtools``) so that an editor builds that panel only when it is first
opened, and the validators are imported by the first check (after the first page is
shown), not with the window.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from compiler.project import Project
from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from studio.models.component_preview import component_file
from studio.models.editor import EditorState

#: the longest the Problems checks of a compile wait for its page to be shown (ms)
CHECKS_AFTER_MS = 300


class _ProblemSignals(QObject):
    done = Signal(object, object)  # CompileResult, list[Issue]


class _ProblemJob(QRunnable):
    def __init__(
        self,
        result: CompileResult,
        project: Project | None,
        profile: Mapping[str, Any] | None,
        signals: _ProblemSignals,
    ) -> None:
        super().__init__()
        self.result, self.project, self.profile, self.signals = result, project, profile, signals

    def run(self) -> None:
        try:
            from studio.models import checks  # the validators: on the first check's thread

            issues = checks.default_problems(self.result, self.project, self.profile)
        except Exception as exc:  # shown as a problem, never a dead studio
            issues = [
                *self.result.issues,
                Issue(
                    "check/problems-failed",
                    Severity.ERROR,
                    f"the checks stopped: {type(exc).__name__}: {exc}",
                    self.result.file,
                ),
            ]
        with contextlib.suppress(RuntimeError):  # the editor closed meanwhile
            self.signals.done.emit(self.result, issues)


class ProblemChecks(QObject):
    """Runs the default checks of each compile of ``state`` on a worker thread; the
    newest compile wins. ``project`` and ``profile`` are read when a check starts (the
    workspace's settings, the preview's selected sample data)."""

    def __init__(
        self,
        state: EditorState,
        *,
        project: Callable[[], Project | None] | None = None,
        profile: Callable[[], Mapping[str, Any] | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.project = project or (lambda: None)
        self.profile = profile or (lambda: None)
        self._signals = _ProblemSignals()
        self._signals.done.connect(self._done)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # The checks of a compile wait until its page is shown (page_shown), at the
        # latest CHECKS_AFTER_MS: on a large email they cost as much as the compile, and
        # run beside the preview's own work they slowed it (one interpreter lock).
        self._unchecked: CompileResult | None = None
        self._check_later = QTimer(self)
        self._check_later.setSingleShot(True)
        self._check_later.setInterval(CHECKS_AFTER_MS)
        self._check_later.timeout.connect(self._check_unchecked)
        state.result_changed.connect(self._on_result)

    def _on_result(self, result: CompileResult) -> None:
        self._unchecked = result
        self._check_later.start()

    def page_shown(self) -> None:
        """The preview shows the newest compile's page: its checks may run now."""
        self._check_unchecked()

    def _check_unchecked(self) -> None:
        self._check_later.stop()
        result, self._unchecked = self._unchecked, None
        if result is not None:
            self.check(result)

    def check(self, result: CompileResult | None = None) -> None:
        """Run the default checks of ``result`` (the latest compile when None)."""
        result = result or self.state.result
        if result is None:
            return
        project = self.project()
        if component_file(result.file, project) is not None:
            # A component file: its own problems only (the email checks do not apply).
            self.state.set_checked(result, list(result.issues))
            return
        self.pool.clear()  # a queued, older compile is not worth checking
        self.pool.start(_ProblemJob(result, project, self.profile(), self._signals))

    def _done(self, result: object, issues: object) -> None:
        if isinstance(result, CompileResult) and isinstance(issues, list):
            self.state.set_checked(result, issues)

    def shutdown(self) -> None:
        self._check_later.stop()
        self._unchecked = None
        self.pool.clear()
        self.pool.waitForDone(5000)
