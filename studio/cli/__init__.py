"""The ``mailwright`` command line.

Each sub-command lives in its own module under ``studio.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
callable ``(args) -> int`` (the exit code). Exit codes: 0 fine, 1 error-level
issues, 2 unusable input, 141 the reader of the output went away (``| head -1``:
the rest of the output is dropped quietly, as Unix tools do).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from studio import __version__
from studio.startup import mark, paused_collection  # first: the trace's clock starts here

if TYPE_CHECKING:  # imported where used: `--version`, `doctor` and `studio` start faster
    from compiler.project import Project, ProjectError
    from compiler.result import CompileResult
    from components.diagnostics import Issue

# Sub-command modules, in the order `mailwright --help` lists them.
COMMANDS: tuple[str, ...] = (
    "new",
    "import",
    "build",
    "run",
    "check",
    "proof",
    "render",
    "preview",
    "studio",
    "send",
    "history",
    "publish",
    "export",
    "review",
    "doctor",
)
#: A command whose module is named otherwise (``import`` is a Python keyword).
MODULES: dict[str, str] = {"import": "import_emails"}

EXIT_OK = 0
EXIT_ISSUES = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader left


class UsageError(Exception):
    """Input the command cannot use: the message says what to fix."""


STUDIO_EXTRA = "pip install 'mailwright[studio]'"


def qt_missing() -> str:
    """Why Qt WebEngine cannot be loaded here, with what to install; "" when it can.

    The command line installs without Qt (``pip install mailwright``); the studio,
    ``preview`` and the Qt accessibility engine need the ``studio`` extra.
    """
    import importlib.util

    try:
        found = importlib.util.find_spec("PySide6") is not None and (
            importlib.util.find_spec("PySide6.QtWebEngineWidgets") is not None
        )
    except (ImportError, ValueError):
        found = False
    if found:
        return ""
    return (
        "Qt WebEngine (PySide6) is not installed; this command line was installed "
        f"without the studio. Install it with: {STUDIO_EXTRA}"
    )


def require_qt(feature: str) -> None:
    """Raise UsageError saying which extra ``feature`` needs when Qt is missing."""
    why = qt_missing()
    if why:
        raise UsageError(f"{feature} needs a browser engine. {why}")


def read_source(file: str) -> str | None:
    """The text of ``file``, to show an issue's line; None when it cannot be read."""
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def issue_source(
    issue: Issue, result: CompileResult, cache: dict[str, str | None] | None = None
) -> str | None:
    """The text to show ``issue``'s line from: the email's source when the issue is in
    the email, else the file it names (read once per ``cache``)."""
    if issue.file == result.file:
        return result.source
    if cache is None:
        return read_source(issue.file)
    if issue.file not in cache:
        cache[issue.file] = read_source(issue.file)
    return cache[issue.file]


#: The problems a text report lists for one email (``--max-problems``) before it only counts
#: the rest: one mistake repeated (a tag left open 200,000 levels deep, a stray end tag on
#: every row) is reported for each place, and a terminal or CI log of them all helps nobody.
#: ``--format json`` always lists every one.
MAX_PROBLEMS = 50


def add_max_problems(parser: argparse.ArgumentParser) -> None:
    """The ``--max-problems N`` option of the commands that list problems as text."""
    parser.add_argument(
        "--max-problems",
        type=int,
        default=MAX_PROBLEMS,
        metavar="N",
        help=f"problems listed per email, the rest counted by rule (default {MAX_PROBLEMS}; "
        "0: all; --format json lists all)",
    )


def listed(issues: Sequence[Issue], limit: int) -> tuple[Sequence[Issue], str]:
    """The first ``limit`` of ``issues`` (all when ``limit`` <= 0) and a line counting the
    rest by rule (``""`` when none is left out)."""
    if limit <= 0 or len(issues) <= limit:
        return issues, ""
    from components.diagnostics import left_out

    return issues[:limit], f"… and {left_out(issues, limit)}: --max-problems 0 lists them all"


def project_error(exc: ProjectError) -> UsageError:
    """A workspace file that cannot be used, every problem shown with its line and a caret."""
    from components.diagnostics import format_issue

    shown = [
        format_issue(issue, read_source(issue.file) if issue.line else None) for issue in exc.issues
    ]
    return UsageError("\n".join(shown) + "\n  fix the file above, then run the command again")


def load_workspace(path: Path) -> Project:
    """The workspace holding ``path``; an empty project when none does. Raises UsageError."""
    from compiler.project import Project, ProjectError, load_project
    from compiler.root import find_root

    root = find_root(path)
    if root is None:
        return Project()
    try:
        return load_project(root)
    except ProjectError as exc:
        raise project_error(exc) from None


def workspace_emails(path: Path) -> tuple[Project, list[Path]]:
    """The project and the email files ``path`` names (a workspace folder or one email).

    A folder with an ``emails/`` folder is a workspace of its own even without a
    ``mailwright.toml``. Raises UsageError.
    """
    from compiler.project import Project, ProjectError, load_project
    from compiler.root import find_root

    if not path.exists():
        raise UsageError(
            f"{path}: no such file or folder; give a workspace folder or an email file"
        )
    root = find_root(path)
    if path.is_dir() and (root is None or root != path.resolve()):
        if not (path / "emails").is_dir():
            raise UsageError(f"{path}: not a workspace (no mailwright.toml or emails/ folder)")
        root = path.resolve()
    try:
        project = load_project(root) if root else Project()
    except ProjectError as exc:
        raise project_error(exc) from None
    if not path.is_dir():  # as named (a link's own place decides where its output goes)
        return project, [Path(os.path.abspath(path))]
    sources = project.emails()
    if not sources:
        raise UsageError(f"{path}: the workspace has no emails under emails/")
    return project, sources


def command_named(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` asks for (its first word that is not an option), if known;
    ``""`` when it asks only for the version."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        if arg == "--version":
            return ""  # no sub-command to import: the version prints at once
        if arg in ("-h", "--help"):
            return None
    return None


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; ``only`` imports and registers that one sub-command (a
    run imports what its command needs, not every command's modules: cold start);
    ``""`` registers none (``--version``)."""
    parser = argparse.ArgumentParser(
        prog="mailwright",
        description="Mailwright: email design studio and template compiler.",
    )
    parser.add_argument("--version", action="version", version=f"mailwright {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,) if only else ():
        module = importlib.import_module(f"studio.cli.{MODULES.get(name, name)}")
        module.register(sub)
    return parser


def _is_project_error(exc: Exception) -> TypeGuard[ProjectError]:
    """Whether ``exc`` is a :class:`compiler.project.ProjectError`, without importing the
    compiler (only a command that has imported it can raise one): ``--version`` stays
    quick, and ``studio`` starts Chromium before the compiler is imported."""
    project = sys.modules.get("compiler.project")
    return project is not None and isinstance(exc, project.ProjectError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names and return its exit code.

    Without ``argv``, the command is this process's own (the console script,
    ``python -m studio``, the bundle): the command's modules are then imported with the
    cyclic garbage collector paused and what they made frozen
    (:func:`studio.startup.paused_collection`), since they live as long as the process;
    collections while they are made, and the interpreter's final ones at exit, would walk
    them again (about a tenth of a ``build`` of one email: ``docs/performance.md``, "Cold
    start"). A caller's own ``argv`` (tests, in-process) leaves the collector alone.
    """
    process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    with paused_collection() if process else contextlib.nullcontext():
        parser = make_parser(only=command_named(argv))
    args = parser.parse_args(argv)
    mark("command line parsed")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        try:
            code: int = args.func(args)
        except UsageError as exc:
            print(f"mailwright: error: {exc}", file=sys.stderr)
            code = EXIT_USAGE
        except Exception as exc:
            if not _is_project_error(exc):
                raise
            # a workspace setting found unusable after loading
            print(f"mailwright: error: {project_error(exc)}", file=sys.stderr)
            code = EXIT_USAGE
        except KeyboardInterrupt:
            print("mailwright: interrupted", file=sys.stderr)
            code = 130
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _drop_output()
        return EXIT_BROKEN_PIPE
    return code


def _drop_output() -> None:
    """Point stdout and stderr at /dev/null so the interpreter's final flush of what is
    still buffered for a closed pipe does not print an error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, AttributeError):
                continue  # not a real file (a test's capture)
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
