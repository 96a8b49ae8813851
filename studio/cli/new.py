"""``mailwright new FOLDER [--starter NAME]``: a new workspace from a starter.

The same workspace the studio's first launch creates ("New workspace"):
``mailwright.toml``, ``styles.json``, ``data/profiles/default.json``, ``.gitignore``,
the workspace folders and the starter's email, and a git repository when git is
installed. ``--list`` prints the starters. The folder must be new or empty.
Exit 0 created; 2 unusable input (an unknown starter, a folder with files in it).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from studio.cli import EXIT_OK, UsageError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new",
        help="create a workspace from a starter (--list shows them)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("folder", type=Path, nargs="?", help="a new or empty folder")
    p.add_argument(
        "--starter",
        default="",
        metavar="NAME",
        help="the starter to begin from, by name (e.g. newsletter, receipt; "
        "default: a blank email)",
    )
    p.add_argument("--name", default="", help="the workspace's name (default: the folder's)")
    p.add_argument("--no-git", action="store_true", help="do not run `git init`")
    p.add_argument("--list", action="store_true", help="list the starters and exit")
    p.set_defaults(func=run)


def key(text: str) -> str:
    """A starter's name as typed: ``Blank email (MJML)`` → ``blank-email-mjml``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def run(args: argparse.Namespace) -> int:
    from studio.new_workspace import create_workspace, starters
    from studio.workspace import WorkspaceError

    found = starters()
    names = {key(s.label): s for s in found} | {key(s.path.stem): s for s in found}
    if args.list:
        width = max(len(key(s.label)) for s in found)
        for s in found:
            print(f"{key(s.label):<{width}}  {s.label}")
        return EXIT_OK
    if args.folder is None:
        raise UsageError(
            "mailwright new: name the folder of the new workspace (or --list the starters)"
        )
    starter = None
    if args.starter:
        starter = names.get(key(args.starter))
        if starter is None:
            choices = ", ".join(key(s.label) for s in found)
            raise UsageError(f"--starter {args.starter}: no such starter; choose one of: {choices}")
    try:
        root = create_workspace(args.folder, name=args.name, starter=starter, git=not args.no_git)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{args.folder}: {exc.strerror or exc}") from None
    emails = sorted(
        p.relative_to(root).as_posix() for p in (root / "emails").rglob("*") if p.is_file()
    )
    print(f"mailwright: created workspace {root}")
    for email in emails:
        print(f"  {email}")
    print(f"next: mailwright studio {args.folder}   (or: mailwright build {args.folder})")
    return EXIT_OK
