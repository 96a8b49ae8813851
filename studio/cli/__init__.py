"""The ``mailwright`` command line.

Each sub-command lives in its own module under ``studio.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
callable ``(args) -> int`` (the exit code). Exit codes: 0 fine, 1 error-level
issues, 2 unusable input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from compiler.project import ProjectError
from components.diagnostics import format_issue
from studio import __version__

# Sub-command modules, in the order `mailwright --help` lists them.
COMMANDS: tuple[str, ...] = ("build", "run", "check", "proof", "render", "preview", "studio",
                             "send", "history")

EXIT_OK = 0
EXIT_ISSUES = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Input the command cannot use: the message says what to fix."""


def project_error(exc: ProjectError) -> UsageError:
    """A workspace file that cannot be used, every problem shown with its line and a caret."""
    shown = []
    for issue in exc.issues:
        try:
            source = Path(issue.file).read_text(encoding="utf-8") if issue.line else None
        except (OSError, UnicodeDecodeError):
            source = None
        shown.append(format_issue(issue, source))
    return UsageError("\n".join(shown) + "\n  fix the file above, then run the command again")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailwright",
        description="Mailwright: email design studio and template compiler.",
    )
    parser.add_argument("--version", action="version", version=f"mailwright {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"studio.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
    except UsageError as exc:
        print(f"mailwright: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mailwright: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
