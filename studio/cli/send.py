"""``mailwright send EMAIL --to ADDR [--to …] [--data PROFILE.json]``: send a test message.

The email is compiled, its Liquid rendered for one sample profile (``--data``,
default: the workspace's default profile) and the result sent as
``multipart/alternative`` (plain text + HTML) through the SMTP server of
``[smtp]`` in mailwright.toml (``--smtp-host``/``--smtp-port`` override it).
The subject gets the ``[TEST]`` prefix unless ``--no-prefix``; ``--prevent-threading``
adds a unique tag to it and a unique ``X-Entity-Ref-ID`` header. ``--group NAME`` adds a
saved recipient group, ``--save-group NAME`` saves this send's recipients as one
(``~/.config/mailwright/recipient-groups.json``). A message with
Liquid errors is not sent. The password is read from ``MAILWRIGHT_SMTP_PASSWORD``
or the variable the user names in their own config (never one the workspace names).

Exit 0 sent to every recipient; 1 not sent (errors in the message, the server
unreachable, login or recipients refused) or refused for some recipients;
2 unusable input (missing file, bad address, bad [smtp] settings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from compiler.liquid.data import default_profile_path, read_profile
from compiler.project import Project, ProjectError
from components.diagnostics import Issue, format_issue
from studio.cli import EXIT_ISSUES, EXIT_OK, UsageError, load_workspace, project_error, read_source
from studio.models.recipient_groups import GroupError, RecipientGroups
from studio.send import (
    SECURITY_MODES,
    FailureKind,
    SendError,
    SendOptions,
    SmtpSettings,
    deliver,
    prepare_test,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "send",
        help="send a test message over SMTP (Liquid rendered for one profile)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="the email file")
    p.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="ADDR",
        help="a recipient (repeat, or separate with commas); default: [smtp] to",
    )
    p.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME",
        help="send to a saved recipient group too (repeatable; see --save-group)",
    )
    p.add_argument(
        "--save-group",
        default=None,
        metavar="NAME",
        help="save the recipients of this send as group NAME (in the user's "
        "config folder, for every workspace)",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="PROFILE.json",
        help="the sample profile; default: the workspace's default profile",
    )
    p.add_argument("--smtp-host", default=None, metavar="H", help="override [smtp] host")
    p.add_argument("--smtp-port", type=int, default=None, metavar="P", help="override [smtp] port")
    p.add_argument(
        "--security", choices=SECURITY_MODES, default=None, help="override [smtp] security"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="seconds to wait for the server (default: [smtp] timeout, 10)",
    )
    p.add_argument(
        "--no-prefix",
        action="store_true",
        help="do not put [TEST] (subject_prefix) before the subject",
    )
    p.add_argument(
        "--prevent-threading",
        action="store_true",
        help="add a unique tag to the subject so inboxes do not group test sends",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="print the MIME message instead of sending it"
    )
    p.set_defaults(func=run)


def _profile(path: Path, data: Path | None, project: Any) -> dict[str, Any]:
    try:
        if data is not None:
            return read_profile(data)
        default = default_profile_path(project)
        return read_profile(default) if default is not None else {}
    except ProjectError as exc:
        raise project_error(exc) from None


def _issue_text(issue: Issue, email: Path, project: Project, source: str) -> str | None:
    """The text an issue's line is shown from: the email's, or the component file's."""
    if not issue.file:
        return source or None
    file = Path(issue.file)
    if not file.is_absolute() and project.root is not None:
        file = project.root / file
    return (source or None) if file.resolve() == email.resolve() else read_source(str(file))


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.is_file():
        raise UsageError(f"{path}: no such email file")
    project = load_workspace(path)
    try:
        settings = SmtpSettings.from_settings(project.settings, root=project.root)
        settings = settings.with_overrides(
            host=args.smtp_host, port=args.smtp_port, security=args.security, timeout=args.timeout
        )
    except SendError as exc:
        raise UsageError(str(exc)) from None
    profile = _profile(path, args.data, project)
    to = list(args.to) or ([] if args.group else list(settings.to))
    groups: RecipientGroups | None = None
    if args.group or args.save_group:
        try:
            groups = RecipientGroups.load()
            for name in args.group:
                to += groups.get(name)
        except GroupError as exc:
            raise UsageError(str(exc)) from None
    if not to:
        raise UsageError(
            "no recipients: give --to ADDR (or set to = [...] in [smtp] of mailwright.toml)"
        )
    if args.save_group and groups is not None:
        try:
            saved = groups.set(args.save_group, to, limit=settings.max_recipients)
        except GroupError as exc:
            raise UsageError(str(exc)) from None
        print(
            f"Saved the recipient group “{' '.join(args.save_group.split())}” "
            f"({len(saved)} address{'es' if len(saved) != 1 else ''}) in {groups.path}"
        )
    options = SendOptions(test_prefix=not args.no_prefix, prevent_threading=args.prevent_threading)
    try:
        if not args.dry_run:
            settings.password()  # a missing password variable is found before any work
        message = prepare_test(
            path, to, project=project, profile=profile, settings=settings, options=options
        )
        if args.dry_run:
            sys.stdout.write(message.as_bytes().decode("utf-8", "replace"))
            return EXIT_OK
        delivery = deliver(message, settings)
    except SendError as exc:
        if exc.kind in (FailureKind.SETTINGS, FailureKind.RECIPIENTS):
            raise UsageError(str(exc)) from None
        for issue in exc.issues:
            print(
                format_issue(issue, _issue_text(issue, path, project, exc.source)), file=sys.stderr
            )
        print(
            f"mailwright: {'' if exc.kind is FailureKind.RENDER else 'not sent: '}{exc}",
            file=sys.stderr,
        )
        return EXIT_ISSUES
    where = f"{settings.host}:{settings.port}"
    if delivery.accepted:
        print(
            f"Sent “{delivery.subject}” to {', '.join(delivery.accepted)} via {where} "
            f"({delivery.message_id})"
        )
    for addr, (code, words) in delivery.refused.items():
        print(f"mailwright: {where} refused {addr}: {code} {words}", file=sys.stderr)
    return EXIT_OK if delivery.ok else EXIT_ISSUES
