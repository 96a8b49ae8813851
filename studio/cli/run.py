"""``mailwright run [WORKSPACE]``: the main job, as ``make run`` starts it.

With a display, open the workspace in the studio. Without one (a server, CI,
an SSH session), build every email of the workspace and print the report, and
say how to use the studio and the headless commands.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from studio.cli import build, make_parser, qt_missing

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run",
        help="open a workspace in the studio (or build it when headless)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "workspace",
        type=Path,
        nargs="?",
        default=DEMO,
        help="workspace folder (default: the bundled demo)",
    )
    p.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("out") / "demo",
        help="output folder when building headless (default: out/demo)",
    )
    p.add_argument("--headless", action="store_true", help="build and report, never open a window")
    p.set_defaults(func=run)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not args.headless and has_display() and not qt_missing():
        from studio.cli import studio

        return int(studio.open_workspace(args.workspace))
    if not args.headless:
        print(
            "No display found: building the workspace instead of opening the studio.\n"
            "  On a desktop, `mailwright studio PATH` opens the app.\n"
            "  Headless: `mailwright build PATH`, `mailwright check PATH`, "
            "`mailwright preview EMAIL -o shot.png`.\n"
        )
    # build's own parser: its defaults, not a copy of them here
    ns = make_parser("build").parse_args(
        ["build", "--out", str(args.out), "--", str(args.workspace)]
    )
    return build.run(ns)
