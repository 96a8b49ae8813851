"""A snippet or data file open in the studio: its text, whether it is saved, its problems.

Checked as the product reads it, by the same code: a profile (``data/**/*.json``) by
``compiler.liquid.parse_profile``, a people list (``.jsonl``) line by line by
``profile_from_line``, a JSON snippet as JSON, a text snippet against the size
``compiler.liquid.snippets`` warns about. Errors keep the file from being saved (a
broken profile would break every preview that uses it); each carries its line and
column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from compiler.liquid.data import parse_profile, profile_from_line
from compiler.liquid.snippets import MAX_SNIPPET_BYTES
from compiler.project import ProjectError
from components.diagnostics import Issue, error, warning
from studio.models.events import Event
from styles.atomic import write_atomic

MAX_LINE_PROBLEMS = 20


def check_data_file(path: Path, text: str, *, snippet: bool) -> list[Issue]:
    """The problems of ``text`` as the snippet or data file at ``path``."""
    file = str(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        out: list[Issue] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                profile_from_line(line)
            except ValueError as exc:
                out.append(error("data/line", str(exc), file, n, 1))
                if len(out) >= MAX_LINE_PROBLEMS:
                    break
        return out
    if suffix == ".json" and not snippet:
        try:
            parse_profile(text, file)
        except ProjectError as exc:
            return [error("data/profile", exc.message, file, exc.line, exc.column)]
        return []
    if suffix == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return [error("data/json", f"invalid JSON: {exc.msg}", file, exc.lineno, exc.colno)]
        except RecursionError:
            return [error("data/json", "the JSON is nested too deeply", file)]
    if len(text.encode("utf-8")) > MAX_SNIPPET_BYTES:
        return [
            warning(
                "liquid/snippet",
                f"snippet is larger than {MAX_SNIPPET_BYTES // 1024} "
                "KB, the reference product's limit",
                file,
            )
        ]
    return []


@dataclass
class DataFile:
    """One snippet or data file being edited."""

    path: Path
    snippet: bool
    saved_text: str = ""
    text: str = ""
    problems: list[Issue] = field(default_factory=list)
    #: why the file may not be written now ("" when it may): another studio holds its
    #: edit lock (studio.workspace.locks); save refuses
    view_only: str = ""
    #: grows with every change of the text; the revision the journal holds (autosave:
    #: ``studio.models.document.Journal``, which needs no more of a file than this)
    revision: int = field(default=0, init=False)
    journal_revision: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.changed: Event[list[Issue]] = Event()  # the problems after each edit

    @classmethod
    def load(cls, path: Path, *, snippet: bool) -> DataFile:
        text = path.read_text(encoding="utf-8")
        made = cls(path, snippet, text, text)
        made.problems = check_data_file(path, text, snippet=snippet)
        return made

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.problems if i.is_error]

    def set_text(self, text: str) -> None:
        self.text = text
        self.revision += 1
        self.problems = check_data_file(self.path, text, snippet=self.snippet)
        self.changed.emit(self.problems)

    def save(self) -> bool:
        """Write the text unless it has errors (False then; :attr:`errors` says why) or is
        open view only (:attr:`view_only` says why)."""
        if self.errors or self.view_only:
            return False
        write_atomic(self.path, self.text)
        self.saved_text = self.text
        self.changed.emit(self.problems)
        return True
