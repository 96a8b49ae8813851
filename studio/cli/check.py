"""``mailwright check PATH [--links] [--images] [--spam] [--a11y] [--all]``: validate emails.

PATH is a workspace folder (every email under ``emails/``) or one email file.
Without flags the static checks run (the problem checker and the spam content
rules); ``--links`` and ``--images`` check over the network, ``--spam`` adds
SpamAssassin, ``--a11y`` runs the accessibility rules in a browser engine
(``--browser qt`` by default, or ``chromium``). Liquid in link and image URLs and
in the subject is rendered with a sample profile (``--data``, else the
workspace's default profile); ``--no-data`` reports Liquid URLs as dynamic.
Compile problems are reported too. Exit status: 0 clean, 1 when any
error-level issue remains, 2 for input that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from compiler import Project, ProjectError
from compiler.liquid.data import default_profile_path, liquid_scope, read_profile
from components.diagnostics import Issue, Severity, format_issue
from studio.checks import FLAGS, Checked, check_file, prepare
from studio.cli import (
    EXIT_ISSUES,
    EXIT_OK,
    EXIT_USAGE,
    MAX_PROBLEMS,
    add_max_problems,
    issue_source,
    listed,
    project_error,
    workspace_emails,
)

__all__ = ["Checked", "Progress", "print_text", "register", "run", "sample_profile"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="validate emails: problems, links, images, spam, a11y",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="a workspace folder or one email file")
    p.add_argument("--links", action="store_true", help="check every link over the network")
    p.add_argument("--images", action="store_true", help="load and measure every image")
    p.add_argument("--spam", action="store_true", help="also run SpamAssassin")
    p.add_argument("--a11y", action="store_true", help="accessibility (axe-core + EMC rules)")
    p.add_argument("--all", action="store_true", help="every check")
    p.add_argument(
        "--browser",
        choices=("qt", "chromium"),
        default="qt",
        help="browser engine for --a11y (default: qt, offscreen)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_max_problems(p)
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="PROFILE.json",
        help="sample profile that renders Liquid in URLs and the subject "
        "(default: the workspace's default profile, when it has one)",
    )
    p.add_argument(
        "--no-data",
        action="store_true",
        help="render no Liquid: Liquid URLs are reported as dynamic",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds per URL, redirects and every byte included (default: 10)",
    )
    p.add_argument(
        "--budget",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds for all the links (and all the images) of one email; URLs "
        "left are reported 'not checked' (default: 120; 0: no budget)",
    )
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="let --links/--images fetch private network addresses (10/8, "
        "172.16/12, 192.168/16, fc00::/7); loopback is always allowed, "
        "link-local and cloud metadata addresses never",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also list info-level findings in text output"
    )
    p.set_defaults(func=run)


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, stream: TextIO, prefix: str = "") -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.prefix = prefix
        self.drawn = False

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 24
        filled = int(width * done / total)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{self.prefix}{label:<13} {bar} {done}/{total}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


def sample_profile(
    args: argparse.Namespace, project: Project, notes: list[str]
) -> Mapping[str, Any] | None:
    """The Liquid scope of the chosen sample profile, or None. Raises UsageError for --data."""
    if args.no_data:
        return None
    path: Path | None = args.data
    if path is None:
        try:
            path = default_profile_path(project)
        except ProjectError as exc:
            notes.append(f"no sample profile ({exc}); Liquid URLs are reported as dynamic")
            return None
        if path is None:
            return None
    try:
        return liquid_scope(read_profile(path))
    except ProjectError as exc:
        if args.data is not None:
            raise project_error(exc) from None
        notes.append(
            f"the default sample profile cannot be used ({exc}); Liquid URLs are "
            "reported as dynamic"
        )
        return None


def run(args: argparse.Namespace) -> int:
    project, sources = workspace_emails(args.path)
    flags = [f for f in FLAGS if getattr(args, f)]
    progress = Progress(sys.stderr)
    notes: list[str] = []
    profile = sample_profile(args, project, notes)
    checks = prepare(
        flags,
        all_checks=args.all,
        browser=args.browser,
        timeout_s=args.timeout,
        profile=profile,
        progress=progress,
    )
    checks.options.budget_s = max(0.0, args.budget)
    checks.options.allow_private = args.allow_private
    for note in notes + checks.notes():
        print(f"mailwright: note: {note}", file=sys.stderr)
    checked: list[Checked] = []
    try:
        for i, src in enumerate(sources, 1):
            progress.prefix = f"[{i}/{len(sources)}] " if len(sources) > 1 else ""
            checked.append(check_file(src, checks, project=project))
    finally:
        progress.clear()
    if args.format == "json":
        out = {
            "emails": [
                {"source": c.label, "issues": [_issue_json(i) for i in c.issues]} for c in checked
            ]
        }
        print(json.dumps(out, indent=2, default=str))
    else:
        print_text(checked, verbose=args.verbose, max_problems=args.max_problems)
    if any(c.unusable for c in checked):
        return EXIT_USAGE
    if any(i.is_error for c in checked for i in c.issues):
        return EXIT_ISSUES
    return EXIT_OK


def _issue_json(issue: Issue) -> dict[str, object]:
    return issue.to_json()


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def print_text(
    checked: list[Checked],
    *,
    verbose: bool = False,
    stream: TextIO | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> None:
    out = stream or sys.stdout
    sources: dict[str, str | None] = {}
    totals = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
    for c in checked:
        counts = {s: sum(1 for i in c.issues if i.severity is s) for s in totals}
        for s, n in counts.items():
            totals[s] += n
        mark = "✗" if counts[Severity.ERROR] else "✓"
        summary = f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings"
        if counts[Severity.INFO]:
            summary += f", {counts[Severity.INFO]} notes"
        print(f"{mark} {c.label}  ({summary})", file=out)
        shown = [i for i in c.issues if verbose or i.severity is not Severity.INFO]
        shown.sort(
            key=lambda i: (
                i.file != c.result.file,
                i.file,
                _ORDER[i.severity],
                i.line or 10**9,
                i.column,
            )
        )
        listing, more = listed(shown, max_problems)
        for issue in listing:
            text = format_issue(_relabel(issue, c), issue_source(issue, c.result, sources))
            print("  " + text.replace("\n", "\n  "), file=out)
        if more:
            print("  " + more, file=out)
    print(
        f"{len(checked)} email{'s' if len(checked) != 1 else ''} checked: "
        f"{totals[Severity.ERROR]} errors, {totals[Severity.WARNING]} warnings, "
        f"{totals[Severity.INFO]} notes"
        + ("" if verbose or not totals[Severity.INFO] else " (-v lists notes)"),
        file=out,
    )


def _relabel(issue: Issue, c: Checked) -> Issue:
    """Show the email's own file by its workspace-relative name."""
    if issue.file == c.result.file and issue.file != c.label:
        return Issue(
            issue.rule,
            issue.severity,
            issue.message,
            c.label,
            issue.line,
            issue.column,
            issue.host,
            issue.data,
        )
    return issue
