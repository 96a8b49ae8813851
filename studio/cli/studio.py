"""``mailwright studio [WORKSPACE]``: open the desktop studio."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.root import SETTINGS_FILE
from studio.cli import EXIT_OK, EXIT_USAGE, qt_missing

HEADLESS_HELP = """\
mailwright studio: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the
desktop studio cannot open here. Everything it does is also available headless:

  mailwright build WORKSPACE            compile every email to dist/
  mailwright preview EMAIL -o OUT.png   render the preview to a PNG (--sheet for all modes)
  mailwright check EMAIL                problems, links, images, spam, accessibility

To run the studio without a screen anyway (e.g. for a smoke test), set
QT_QPA_PLATFORM=offscreen."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "studio",
        help="open the desktop studio",
        description="Open the Mailwright desktop studio on a workspace.",
    )
    p.add_argument(
        "workspace",
        nargs="?",
        type=Path,
        help="workspace folder, its mailwright.toml, or an email in it "
        "(default: the last one opened)",
    )
    p.add_argument(
        "--open", default="", metavar="FILE", help="also open this email (workspace-relative path)"
    )
    p.add_argument("--quit-after", type=int, default=0, metavar="MS", help=argparse.SUPPRESS)
    p.add_argument("--quit-when-previewed", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def display_available() -> bool:
    import os
    import sys

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    path, open_file = args.workspace, args.open
    if path is not None and path.is_file():  # opened from a file manager: a workspace file
        path, opened = workspace_of(path)
        open_file = open_file or opened
    return open_workspace(
        path,
        open_file=open_file,
        quit_after_ms=args.quit_after,
        quit_when_previewed=args.quit_when_previewed,
    )


def workspace_of(file: Path) -> tuple[Path, str]:
    """(workspace folder, email to open relative to it) for a file the desktop hands us:
    a workspace's ``mailwright.toml`` opens its folder; an email (``.mjml``, ``.html``)
    opens its workspace (or its own folder) with the email."""
    from compiler.root import find_root

    file = file.resolve()
    if file.name == SETTINGS_FILE:
        return file.parent, ""
    root = find_root(file) or file.parent
    return root, file.relative_to(root).as_posix()


def open_workspace(
    path: Path | None,
    *,
    open_file: str = "",
    quit_after_ms: int = 0,
    settings_file: Path | None = None,
    quit_when_previewed: bool = False,
) -> int:
    """Open ``path`` in the studio and return the exit code when the window closes.

    ``None`` reopens the last workspace. Without a display this prints the
    headless equivalents and returns 0; a missing folder is a usage error (2).
    ``quit_after_ms`` closes the window after that long (smoke tests, benchmarks);
    ``settings_file`` keeps the studio's settings in that INI file instead of the
    user's (tests).
    """
    if path is not None and not path.is_dir():
        print(f"mailwright studio: {path}: no such folder")
        return EXIT_USAGE
    if not display_available():
        print(HEADLESS_HELP)
        return EXIT_OK
    if why := qt_missing():
        print(f"mailwright studio: the desktop studio needs Qt. {why}")
        return EXIT_USAGE
    from studio.startup import mark, skip_feature_scan

    if "PySide6.QtCore" not in sys.modules:  # no Qt running: this process is the studio's
        skip_feature_scan()
    mark("studio command")
    from studio.qt.app import run as run_app

    return run_app(
        path,
        open_file=open_file,
        quit_after_ms=quit_after_ms,
        settings_file=settings_file,
        quit_when_previewed=quit_when_previewed,
    )
