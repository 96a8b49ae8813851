"""The state of one email editor: cursor, modes, the latest compile, problems.

Inspect Element and Focus Mode are decided here, without a window:

- :meth:`EditorState.inspect` takes the ``data-mw-node`` id of the element
  clicked in the preview and selects that element's source range;
- :meth:`EditorState.set_cursor` in Focus Mode finds the innermost source
  element at the cursor (``SourceMap.node_at``) and asks the preview to
  outline it (:attr:`EditorState.focus_node`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from studio.models.document import EmailDocument
from studio.models.events import Event
from studio.models.text import LineIndex

TABS: tuple[str, ...] = ("html", "text", "transformers")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """An issue of the last compile, with where it sits in this document (or -1)."""

    issue: Issue
    offset: int

    @property
    def in_document(self) -> bool:
        return self.offset >= 0


def _same_file(a: str, b: Path | None) -> bool:
    if not a:
        return True
    if b is None:
        return False
    if a == str(b):  # the compile's own name for the file (no path resolved)
        return True
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return a == str(b)


class EditorState:
    """Everything about one open editor besides the text (which is the document's)."""

    def __init__(self, document: EmailDocument) -> None:
        self.document = document
        self.cursor = 0
        self.inspect_mode = False
        self.focus_mode = False
        self.table_view = False
        self.preview_visible = True
        self.tab = "html"
        self.result: CompileResult | None = None
        self.problems: list[Problem] = []
        self.checked = False  # the problems include the default checks of this result
        # events
        self.cursor_changed: Event[int] = Event()
        self.selection_requested: Event[tuple[int, int]] = Event()
        self.focus_node: Event[int | None] = Event()
        self.mode_changed: Event[tuple[str, bool]] = Event()
        self.result_changed: Event[CompileResult] = Event()
        self.problems_changed: Event[list[Problem]] = Event()
        self.tab_changed: Event[str] = Event()
        self._focused: int | None = None

    # ---- modes ------------------------------------------------------------------
    def set_mode(self, name: str, value: bool) -> None:
        if name not in ("inspect_mode", "focus_mode", "table_view", "preview_visible"):
            raise AttributeError(name)
        if getattr(self, name) == value:
            return
        setattr(self, name, value)
        self.mode_changed.emit((name, value))
        if name == "focus_mode":
            self._focused = None
            if value:
                self._update_focus()
            else:
                self.focus_node.emit(None)

    def set_tab(self, tab: str) -> None:
        if tab not in TABS:
            raise ValueError(f"unknown tab {tab!r}")
        if tab != self.tab:
            self.tab = tab
            self.tab_changed.emit(tab)

    # ---- compile results --------------------------------------------------------
    def set_result(self, result: CompileResult) -> None:
        """A new compile: its issues are the problems until :meth:`set_checked` adds the
        static checks' findings for the same compile."""
        self.result = result
        self.checked = False
        self._set_problems(result, result.issues)
        self.result_changed.emit(result)
        self.problems_changed.emit(self.problems)
        if self.focus_mode:
            self._focused = None
            self._update_focus()

    def set_checked(self, result: CompileResult, issues: list[Issue]) -> bool:
        """The problems of ``result`` as ``mailwright check`` reports them (the compile's
        issues and the default checks', ``compiler.validators.check_email``). Ignored
        (False) when a newer compile has arrived since."""
        if result is not self.result:
            return False
        self.checked = True
        self._set_problems(result, issues)
        self.problems_changed.emit(self.problems)
        return True

    def _set_problems(self, result: CompileResult, issues: list[Issue]) -> None:
        index = LineIndex(result.source)
        here: dict[str, bool] = {}  # file named → whether it is this document (asked once)
        problems = [self._problem(issue, index, here) for issue in issues]
        problems.sort(
            key=lambda p: (_SEVERITY_ORDER.get(p.issue.severity, 3), p.offset < 0, p.offset)
        )
        self.problems = problems

    def problem_for(self, issue: Issue, text: str | None = None) -> Problem:
        """``issue`` with its offset in this document's ``text`` (default: the text now).

        The offset is -1 when the issue is in another file or has no line.
        """
        return self._problem(issue, LineIndex(self.document.text if text is None else text), {})

    def _problem(self, issue: Issue, index: LineIndex, here: dict[str, bool]) -> Problem:
        if issue.line <= 0:
            return Problem(issue, -1)
        same = here.get(issue.file)
        if same is None:
            same = here[issue.file] = _same_file(issue.file, self.document.path)
        if not same:
            return Problem(issue, -1)
        return Problem(issue, index.offset(issue.line, issue.column))

    @property
    def in_sync(self) -> bool:
        """True when the last compile is of the text as it is now."""
        return self.result is not None and self.result.source == self.document.text

    # ---- inspect / focus --------------------------------------------------------
    def source_range(self, node_id: int) -> tuple[int, int] | None:
        """The source span of output element ``node_id`` when it lies in this document."""
        if self.result is None:
            return None
        origin = self.result.source_map.origin(node_id)
        if origin is None or not _same_file(origin.file, self.document.path):
            return None
        end = min(origin.span.end, len(self.document.text))
        return origin.span.start, end

    def inspect(self, node_id: int) -> tuple[int, int] | None:
        """Select the source of the clicked preview element (Inspect Element)."""
        rng = self.source_range(node_id)
        if rng is not None:
            self.cursor = rng[0]
            self.selection_requested.emit(rng)
        return rng

    def node_at_cursor(self) -> int | None:
        if self.result is None:
            return None
        file = str(self.document.path) if self.document.path else ""
        node = self.result.source_map.node_at(self.cursor, file)
        if node is None and file:
            node = self.result.source_map.node_at(self.cursor)
        return node

    def set_cursor(self, offset: int) -> None:
        if offset == self.cursor:
            return
        self.cursor = offset
        self.cursor_changed.emit(offset)
        if self.focus_mode:
            self._update_focus()

    def _update_focus(self) -> None:
        node = self.node_at_cursor()
        if node != self._focused:
            self._focused = node
            self.focus_node.emit(node)

    def go_to_problem(self, problem: Problem) -> bool:
        """Move the cursor to a problem's location (False when it is in another file)."""
        if not problem.in_document:
            return False
        self.cursor = problem.offset
        self.selection_requested.emit((problem.offset, problem.offset))
        return True
