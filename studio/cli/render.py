"""``mailwright render PATH [--data PROFILE.json] [-o OUT]``: one email for one profile.

Without ``--data`` the workspace's default profile (``[data] default`` in
mailwright.toml) is used. When PATH is a default message with translations,
the profile's language picks the translation. Without ``-o`` the envelope,
the HTML and the plain-text part are printed; with ``-o OUT.html`` the HTML
goes to OUT.html and the text to OUT.txt (``-o DIR/`` uses the email's name).
Problems are printed to stderr with their location. Exit 0 when the message
rendered cleanly, 1 when it has errors (it would not be sent), 2 for unusable
input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.liquid.data import default_profile_path, read_profile
from compiler.liquid.localization import LocalizationSettings, file_for
from compiler.liquid.render import Renderer
from compiler.pipeline import compile_file
from compiler.project import ProjectError
from components.diagnostics import format_issue
from studio.cli import EXIT_ISSUES, EXIT_OK, UsageError, issue_source, load_workspace, project_error
from styles.atomic import write_atomic


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "render",
        help="render one email's Liquid for one profile (HTML and text)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="the email file")
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the profile (JSON object); default: the workspace's default profile",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="write HTML here (and the text part beside it as .txt)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists():
        raise UsageError(f"{path}: no such email file")
    # a folder or a pipe: compile_file below says so (input/unreadable) without reading it
    project = load_workspace(path)
    try:
        if args.data is not None:
            profile = read_profile(args.data)
        else:
            default = default_profile_path(project)
            if default is None:
                raise UsageError(
                    "no --data given and the workspace has no profiles in "
                    "data/profiles/ (or [data] default in mailwright.toml)"
                )
            profile = read_profile(default)
    except ProjectError as exc:
        raise project_error(exc) from None
    chosen = file_for(path, profile, LocalizationSettings.from_settings(project.settings))
    result = compile_file(chosen, project=project)
    fatal = [i for i in result.issues if i.rule.startswith("input/")]
    if fatal:
        raise UsageError(format_issue(fatal[0]))
    rendered = Renderer(project).render(result, profile)
    problems = [i for i in result.issues if i.is_error] + rendered.issues
    for issue in problems:
        print(format_issue(issue, issue_source(issue, result)), file=sys.stderr)
    out: Path | None = args.output
    if out is None:
        print(f"Subject: {rendered.subject}")
        if rendered.preheader:
            print(f"Preheader: {rendered.preheader}")
        print()
        print(rendered.html)
        print("\n--- plain text ---")
        print(rendered.text)
    else:
        if out.is_dir() or str(out).endswith(("/", "\\")):
            html_path = out / (chosen.stem + ".html")
        else:
            html_path = out
        try:
            html_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(html_path, rendered.html)
            write_atomic(html_path.with_suffix(".txt"), rendered.text)
        except OSError as exc:
            raise UsageError(f"{html_path}: cannot write: {exc.strerror}") from None
    return EXIT_ISSUES if any(i.is_error for i in problems) else EXIT_OK
