"""Compiles for the live preview: tickets, newest result wins (no Qt).

The GUI asks for a compile with :meth:`LiveCompile.request` (after its
debounce timer fires); a worker thread runs :func:`compile_for_preview` and
hands the result to :meth:`LiveCompile.accept`, which drops any result older
than the newest one already delivered or requested.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from compiler.project import Project
from compiler.result import CompileResult
from components.diagnostics import error
from components.expand.replay import ExpansionCache
from studio.models.component_preview import compile_component, component_file
from studio.models.events import Event


@dataclass(frozen=True, slots=True)
class Ticket:
    generation: int
    text: str
    file: str


def compile_for_preview(
    text: str,
    file: str = "",
    project: Project | None = None,
    cache: ExpansionCache | None = None,
    *,
    component_use: str | None = None,
) -> CompileResult:
    """Compile for the preview; a crash in the compiler becomes an issue, not a dead preview.

    ``cache``: the email's previous expansion (one per open email, used by one thread at
    a time): elements an edit did not touch are not expanded again
    (:mod:`components.expand.replay`); the result is the same. ``component_use``: for
    a component file, the instance to show (the Try panel's), else its first preset.
    """
    try:
        if project is not None and component_file(file, project) is not None:
            # a component file, not an email
            return compile_component(text, file, project, component_use)
        from compiler.pipeline import CompileOptions, compile_email

        # the layers view reads the compile's own tree of the source (keep_document)
        options = CompileOptions(expansion_cache=cache, keep_document=True)
        return compile_email(text, file=file, project=project, options=options)
    except Exception as exc:
        if cache is not None:
            cache.clear()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        issue = error(
            "studio/compiler-crash",
            f"the compiler failed ({type(exc).__name__}: {exc}) at "
            f"{Path(where.filename).name}:{where.lineno}; showing the source as is",
            file,
        )
        return CompileResult(file=file, source=text, html=text, marked_html=text, issues=[issue])


class LiveCompile:
    """Hands out compile tickets and keeps only the newest result."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._delivered = 0
        self.result: CompileResult | None = None
        self.result_ready: Event[CompileResult] = Event()

    def request(self, text: str, file: str = "") -> Ticket:
        with self._lock:
            self._generation += 1
            return Ticket(self._generation, text, file)

    @property
    def generation(self) -> int:
        return self._generation

    def is_current(self, ticket: Ticket) -> bool:
        return ticket.generation == self._generation

    def accept(self, ticket: Ticket, result: CompileResult) -> bool:
        """Keep ``result`` unless a newer one was already delivered. Returns whether kept."""
        with self._lock:
            if ticket.generation <= self._delivered:
                return False
            self._delivered = ticket.generation
            self.result = result
        self.result_ready.emit(result)
        return True

    @property
    def pending(self) -> bool:
        return self._delivered < self._generation
