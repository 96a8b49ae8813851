"""Located problems: the one record every layer above ``styles`` reports with.

An :class:`Issue` is data, never an exception. It names the rule that found
it, how bad it is, what is wrong, and where (``file:line:col``). The compiler
and the CLI decide what is fatal; nothing below them raises for bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad an issue is. Errors are likely rendering breaks; warnings are advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a source file.

    ``line`` and ``column`` are 1-based; 0 means "not located in the file".
    ``host`` names the element of the email that used a failing component, when
    the issue lies in a component file.
    """

    rule: str
    severity: Severity
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    host: str = ""
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.host:
            out["host"] = self.host
        if self.data:
            out["data"] = self.data
        return out


def error(
    rule: str, message: str, file: str = "", line: int = 0, column: int = 0, host: str = ""
) -> Issue:
    return Issue(rule, Severity.ERROR, message, file, line, column, host)


def warning(
    rule: str, message: str, file: str = "", line: int = 0, column: int = 0, host: str = ""
) -> Issue:
    return Issue(rule, Severity.WARNING, message, file, line, column, host)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def left_out(issues: Sequence[Issue], shown: int) -> str:
    """The issues after the first ``shown`` counted by rule, most frequent first: "1,950 more
    problems (markup/stray-end-tag 1,949, spam/subject-missing 1)"; ``""`` when none is
    left (for a list that shows the first few of very many)."""
    rest: dict[str, int] = {}
    for issue in issues[shown:]:
        rest[issue.rule] = rest.get(issue.rule, 0) + 1
    if not rest:
        return ""
    rules = sorted(rest.items(), key=lambda kv: (-kv[1], kv[0]))
    named = ", ".join(f"{rule} {count:,}" for rule, count in rules[:3])
    if len(rules) > 3:
        named += f", {len(rules) - 3} more rule{'s' if len(rules) > 4 else ''}"
    left = len(issues) - shown
    return f"{left:,} more problem{'s' if left != 1 else ''} ({named})"


def format_issue(issue: Issue, source: str | None = None) -> str:
    """Render an issue the way compilers do: location, message, the line, a caret."""
    where = issue.file or "<input>"
    if issue.line:
        where += f":{issue.line}:{issue.column}"
    head = f"{where}: {issue.severity.value}: {issue.message} [{issue.rule}]"
    if issue.host:
        head += f"\n  used at {issue.host}"
    if source is None or not issue.line:
        return head
    lines = source.splitlines()
    if issue.line > len(lines):
        return head
    text = lines[issue.line - 1].replace("\t", " ")
    col = max(1, issue.column)
    # Keep very long lines readable: show a window around the column.
    if len(text) > 160:
        start = max(0, col - 60)
        text = ("…" if start else "") + text[start : start + 120] + "…"
        col = col - start + (1 if start else 0)
    gutter = f"{issue.line:>5} | "
    return f"{head}\n{gutter}{text}\n{' ' * (len(gutter) - 2)}| {' ' * (col - 1)}^"


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.is_error for i in issues)
