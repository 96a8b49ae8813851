"""What every transformer shares: the work state, option fields, issue helpers.

A transformer module defines exactly ``NAME``, a frozen ``Options`` dataclass
(every field made with :func:`option`, so its doc string travels with it; an
``enabled`` field first) and ``apply(work, options)``, which returns at once
when ``options.enabled`` is false. What kind of step it is (``source``,
``tree``, ``text``) is stated once, in :data:`compiler.transformers.steps.STEPS`.
The string entry point for people and tests is
:func:`compiler.transformers.runner.transform`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.transformers.core.liquid_guard import Guarded
from compiler.transformers.core.markup import Markup, parse
from compiler.transformers.core.stylesheet import Sheet, parse_sheet
from components.diagnostics import Issue, line_col, warning


def option(default: Any, doc: str) -> Any:
    """A documented dataclass field (lists/dicts: pass a tuple or a factory-free value)."""
    return field(default=default, metadata={"doc": doc})


@dataclass(slots=True)
class Work:
    """The state one transformer run threads through its steps.

    Holds the guarded document either as text or as parsed :class:`Markup`,
    converting lazily so consecutive tree steps share one parse and one
    serialization.
    """

    guard: Guarded
    file: str = ""
    source: str = ""  # the HTML the run was given (for locating issues)
    envelope_preheader: str = ""
    issues: list[Issue] = field(default_factory=list)
    _text: str | None = None
    _markup: Markup | None = None
    #: parsed stylesheets by their exact text: the CSS steps read the same ``<style>``
    #: text one after another (a sheet is read, never changed in place)
    _sheets: dict[str, Sheet] = field(default_factory=dict)

    def text(self) -> str:
        if self._text is None:
            assert self._markup is not None
            self._text = self._markup.serialize()
            self._markup = None
        return self._text

    def markup(self) -> Markup:
        if self._markup is None:
            self._markup = parse(self.text())
            self._text = None
        return self._markup

    def set_text(self, text: str) -> None:
        self._text = text
        self._markup = None

    def set_markup(self, markup: Markup) -> None:
        self._markup = markup
        self._text = None

    def sheet(self, css: str) -> Sheet:
        """``parse_sheet(css)``, parsed once per run for each distinct text."""
        found = self._sheets.get(css)
        if found is None:
            found = self._sheets[css] = parse_sheet(css)
        return found

    def add_sheet(self, css: str, sheet: Sheet) -> None:
        """Record ``sheet`` as the parse of ``css`` (a stylesheet a step assembled from
        parsed rules)."""
        self._sheets[css] = sheet

    def locate(self, snippet: str) -> tuple[int, int]:
        """Line and column of ``snippet`` (guarded text) in the original HTML."""
        probe = self.guard.restore(snippet.strip())[:60]
        if not probe:
            return 0, 0
        off = self.source.find(probe)
        if off < 0:
            return 0, 0
        return line_col(self.source, off)

    def warn(self, rule: str, message: str, snippet: str = "") -> None:
        line, col = self.locate(snippet) if snippet else (0, 0)
        self.issues.append(warning(rule, message, self.file, line, col))


def css_problems(work: Work, rule_prefix: str, css: str, problems: list[Any]) -> None:
    """Report a stylesheet's problems as located warnings (the sheet is left untouched)."""
    head = work.guard.restore(css).strip()[:80]
    block = work.source.find(head) if head else -1
    for p in problems:
        line = col = 0
        if block >= 0:
            snippet = work.guard.restore(css[p.offset:p.offset + 30])
            inner = work.source.find(snippet, block) if snippet.strip() else -1
            line, col = line_col(work.source, inner if inner >= 0 else block)
        work.issues.append(warning(
            f"{rule_prefix}/bad-css",
            f"{p.message}; this stylesheet was left untouched", work.file, line, col))
