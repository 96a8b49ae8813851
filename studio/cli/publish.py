"""``mailwright publish PATH [--force --reason TEXT]``: check, then write ``dist/<email>/``.

PATH is an email, a component (every email using it is republished), the
workspace's ``styles.json`` (every email) or the workspace folder (every email).
Each email is compiled and checked with every check of ``mailwright check --all``
(problems, spam content rules, links, images, SpamAssassin, accessibility); a
check that cannot run here is named as not checked, in the output and the
manifest. Any error refuses the whole publish, listing the errors, and nothing
is written; ``--force --reason TEXT`` publishes anyway and records who overrode
which errors and why (``manifest.json`` and the version history).

On success each email's ``dist/<path under emails/>/`` holds ``index.html``,
``index.txt``, ``envelope.json``, the images it uses from ``assets/`` and
``manifest.json``, and the history gets a version named "Published". Files whose
bytes are already there are not rewritten: an unchanged email writes nothing.

Exit 0 published (or already up to date); 1 refused (errors); 2 unusable input.
See docs/publishing.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio.checks import Checked, prepare
from studio.cli import EXIT_ISSUES, EXIT_OK, EXIT_USAGE, UsageError, load_workspace
from studio.cli.check import Progress, print_text, sample_profile
from studio.publish import (
    Prepared,
    PublishError,
    PublishRefused,
    PublishRequest,
    publish,
    targets,
)
from studio.publish import prepare as prepare_email


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "publish",
        help="check an email (or every user of a component or the "
        "styles) and write dist/<email>/ when no error remains",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "path", type=Path, help="an email, a component, styles.json or the workspace folder"
    )
    p.add_argument(
        "--force", action="store_true", help="publish despite errors (needs --reason; recorded)"
    )
    p.add_argument(
        "--reason", default="", metavar="TEXT", help="why the errors are acceptable (with --force)"
    )
    p.add_argument(
        "--browser",
        choices=("qt", "chromium"),
        default="qt",
        help="browser engine for the accessibility check (default: qt, offscreen)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds per network request (default: 10)",
    )
    p.set_defaults(func=run, data=None, no_data=False)


def run(args: argparse.Namespace) -> int:
    if args.force and not args.reason.strip():
        raise UsageError("--force needs --reason TEXT: say why the errors are acceptable")
    if args.reason and not args.force:
        raise UsageError("--reason goes with --force")
    path: Path = args.path
    if not path.exists():
        raise UsageError(
            f"{path}: no such file or folder; give an email, a component, "
            "styles.json or a workspace folder"
        )
    project = load_workspace(path)
    try:
        kind, emails = targets(project, path)
    except PublishError as exc:
        raise UsageError(str(exc)) from None
    if not emails:
        what = {
            "component": f"no email uses {project.relative(path.resolve())}",
            "styles": "the workspace has no emails",
            "workspace": "no emails there",
        }
        print(f"nothing to publish: {what.get(kind, 'no emails')}")
        return EXIT_OK
    if kind != "email":
        print(
            f"{project.relative(path.resolve())} is used by {len(emails)} "
            f"email{'s' if len(emails) != 1 else ''}:"
        )
        for e in emails:
            print(f"  {project.relative(e)}")
    progress = Progress(sys.stderr)
    notes: list[str] = []
    checks = prepare(
        all_checks=True,
        browser=args.browser,
        timeout_s=args.timeout,
        profile=sample_profile(args, project, notes),
        progress=progress,
    )
    for note in notes + checks.notes():
        print(f"mailwright: note: {note} (not checked)", file=sys.stderr)
    request = PublishRequest(force=args.force, reason=args.reason)
    prepared: list[Prepared] = []
    try:
        for i, src in enumerate(emails, 1):
            progress.prefix = f"[{i}/{len(emails)}] " if len(emails) > 1 else ""
            prepared.append(prepare_email(src, checks, project=project, request=request))
    finally:
        progress.clear()
    try:
        done = publish(prepared, project=project, request=request)
    except PublishRefused as exc:
        print_text(
            [
                Checked(p.label, p.checked.result, p.checked.issues + p.render_issues)
                for p in exc.refused
            ]
        )
        print(
            f"mailwright: {exc}; fix the errors above, or publish anyway with "
            "--force --reason TEXT",
            file=sys.stderr,
        )
        return EXIT_USAGE if any(p.unusable for p in exc.refused) else EXIT_ISSUES
    except (PublishError, OSError) as exc:
        raise UsageError(str(exc)) from None
    for item in done:
        where = project.relative(item.out_dir) + "/"
        if item.unchanged:
            print(f"= {item.label}: {where} is up to date (nothing written)")
            continue
        forced = " (forced past errors, recorded)" if item.forced else ""
        version = f', history version {item.version} "Published"' if item.version else ""
        print(
            f"✓ {item.label} → {where}: {len(item.written)} file"
            f"{'s' if len(item.written) != 1 else ''} written"
            + (f", {len(item.removed)} removed" if item.removed else "")
            + version
            + forced
        )
        if item.note:
            print(f"mailwright: warning: {item.label}: {item.note}", file=sys.stderr)
    return EXIT_OK
