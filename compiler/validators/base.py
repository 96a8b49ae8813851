"""What every validator receives and returns.

A validator is one module exposing ``NAME`` (its rule-id prefix, e.g.
``"links"``) and ``check(ctx: CheckContext) -> Iterable[Issue]``. It never
raises for bad input: a check that cannot run yields an issue saying why.
Locations point into the *source*: use :meth:`CheckContext.locate` to map an
output position (or a marked element) back through the source map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from compiler.project import Project
from compiler.result import CompileResult
from components.diagnostics import Issue, Severity, line_col


class BrowserEngine(Protocol):
    """A real browser engine that can load an email and run axe-core in it.

    Implemented in ``studio/render`` (Qt WebEngine offscreen, or Chromium
    through Selenium); the compiler only knows this interface.
    """

    def run_axe(self, html: str, *, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        """Load ``html`` and return axe-core's ``violations`` list."""
        ...


@dataclass
class CheckOptions:
    """Choices for one check run (the CLI and the studio fill these in)."""

    network: bool = False  # links/images: actually fetch
    timeout_s: float = 10.0  # per URL, every redirect and byte included
    budget_s: float = 120.0  # per run of links (and of images); 0: no budget
    allow_private: bool = False  # links/images may fetch private network addresses
    concurrency: int = 16
    profile: Mapping[str, Any] | None = None  # sample data for Liquid URLs
    browser: BrowserEngine | None = None
    # Called as progress(label, done, total) while network/browser work runs.
    progress: Callable[[str, int, int], None] | None = None
    # Results of network checks by URL, kept by the caller (the studio keeps one
    # for the app's lifetime); None means "don't cache".
    url_cache: MutableMapping[str, Any] | None = None


@dataclass
class CheckContext:
    result: CompileResult
    project: Project = field(default_factory=Project)
    options: CheckOptions = field(default_factory=CheckOptions)
    # Work shared by the validators of one run (the scanned document, …).
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def file(self) -> str:
        return self.result.file

    @property
    def html(self) -> str:
        """The final HTML with source marks (``data-mw-node``)."""
        return self.result.marked_html or self.result.html

    @property
    def asset_root(self) -> Path | None:
        return self.project.path("assets")

    def locate(self, output_offset: int) -> tuple[str, int, int]:
        """(file, line, column) in the source for a position in :attr:`html`."""
        origin = self.result.source_map.locate_output(self.html, output_offset)
        if origin is not None:
            return origin.file, origin.span.line, origin.span.column
        if self.result.source and self.result.source == self.html:
            # The output is the source itself (plain HTML, no marks): point straight at it.
            line, col = line_col(self.html, output_offset)
            return self.file, line, col
        return self.file, 0, 0

    def issue(
        self, rule: str, severity: Severity, message: str, output_offset: int = -1, **data: Any
    ) -> Issue:
        file, line, col = self.locate(output_offset) if output_offset >= 0 else (self.file, 0, 0)
        return Issue(rule, severity, message, file, line, col, data=dict(data))

    def source_issue(
        self, rule: str, severity: Severity, message: str, source_offset: int, **data: Any
    ) -> Issue:
        line, col = line_col(self.result.source, source_offset)
        return Issue(rule, severity, message, self.file, line, col, data=dict(data))


class Validator(Protocol):
    NAME: str

    def check(self, ctx: CheckContext) -> Iterable[Issue]: ...
