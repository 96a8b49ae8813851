"""``mailwright history EMAIL [list|show N|diff A [B]|restore N|save|prune]``: version history.

The history lives in the workspace's ``.mailwright/history.sqlite``; the
studio records a version on every save.

  list            every version, newest first (``--named``: named ones only)
  show N          the text of version N
  diff A [B]      unified diff from version A to B (B: a number or ``current``, the file
                  on disk; without B, A's predecessor to A)
  restore N       write version N back to the file; the current text is recorded first
  save            record the file as it is now (``--name``, ``-m``), if it changed
  prune           delete old versions by the [history] policy of mailwright.toml

Exit 0 done; 1 the history database is damaged (it is moved aside); 2 unusable
input (no such file, version or workspace).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from compiler.project import ProjectError, load_settings
from compiler.root import SETTINGS_FILE, find_root
from studio.cli import EXIT_ISSUES, EXIT_OK, UsageError
from studio.history import (
    History,
    HistoryCorrupt,
    HistoryError,
    PrunePolicy,
    Version,
    read_exact,
)

ACTIONS = ("list", "show", "diff", "restore", "save", "prune")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "history",
        help="list, show, diff and restore versions of an email",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="the email (or template, component) file")
    p.add_argument("action", nargs="?", default="list", choices=ACTIONS)
    p.add_argument("versions", nargs="*", help="version numbers (diff: A [B|current])")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--named", action="store_true", help="list: named versions only")
    p.add_argument("--name", default="", help="save: a name for the version")
    p.add_argument("-m", "--message", default="", help="save: a description")
    p.add_argument(
        "-U",
        "--context",
        type=int,
        default=3,
        metavar="N",
        help="diff: lines of context (default 3)",
    )
    p.set_defaults(func=run)


def _numbers(args: argparse.Namespace, low: int, high: int) -> list[int | None]:
    values: list[str] = args.versions
    if not low <= len(values) <= high:
        want = str(low) if low == high else f"{low} or {high}"
        raise UsageError(
            f"history {args.action} takes {want} version number"
            f"{'s' if high > 1 else ''}, got {len(values)}"
        )
    out: list[int | None] = []
    for v in values:
        if v == "current" and args.action == "diff":
            out.append(None)
            continue
        try:
            out.append(int(v))
        except ValueError:
            raise UsageError(f"{v!r} is not a version number") from None
    return out


def _line(v: Version) -> str:
    extra = f" “{v.name}”" if v.name else ""
    if v.message:
        extra += f" — {v.message}"
    return f"{v.number:>4}  {v.when}  {v.author:<16} {v.kind:<8}{extra}"


def run(args: argparse.Namespace) -> int:
    path: Path = args.path.resolve()
    root = find_root(path)
    if root is None:
        raise UsageError(
            f"{args.path}: not in a workspace (no mailwright.toml above it); the "
            "history lives in the workspace's .mailwright/ folder"
        )
    try:
        settings = load_settings(root / SETTINGS_FILE)
        policy = PrunePolicy.from_settings(settings)
    except (ProjectError, HistoryError) as exc:
        raise UsageError(str(exc)) from None
    if args.action == "save" and not path.is_file():
        raise UsageError(f"{args.path}: no such file")
    with History(root, policy=policy) as history:
        try:
            return _act(args, history, path)
        except HistoryCorrupt as exc:
            print(f"mailwright: {exc}", file=sys.stderr)
            return EXIT_ISSUES
        except HistoryError as exc:
            raise UsageError(str(exc)) from None


def _act(args: argparse.Namespace, history: History, path: Path) -> int:
    rel = history.relative(path)
    if args.action == "list":
        _numbers(args, 0, 0)
        versions = history.versions(path, named_only=args.named)
        if args.format == "json":
            print(
                json.dumps(
                    {"file": rel, "versions": [v.to_json() for v in versions]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        elif not versions:
            print(
                f"{rel}: no versions yet (the studio records one on every save; "
                "`mailwright history FILE save` records one now)"
            )
        else:
            print(f"{rel} — {len(versions)} version{'s' if len(versions) != 1 else ''}")
            for v in versions:
                print(_line(v))
        return EXIT_OK
    if args.action == "show":
        (number,) = _numbers(args, 1, 1)
        assert number is not None
        v = history.get(path, number)
        if args.format == "json":
            print(json.dumps(v.to_json(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(v.text or "")
        return EXIT_OK
    if args.action == "diff":
        numbers = _numbers(args, 1, 2)
        old: int | None
        new: int | None
        if len(numbers) == 1:
            if numbers[0] is None:
                raise UsageError("diff current needs a version to compare with: diff N current")
            old, new = numbers[0] - 1, numbers[0]
            if old < 1:
                history.get(path, new)  # says so when there is no such version
                print(
                    f"{rel}: version {new} is the first; nothing to compare it with",
                    file=sys.stderr,
                )
                return EXIT_OK
        else:
            old, new = numbers
        if old is None:
            raise UsageError("the first version of diff must be a number")
        sys.stdout.write(history.diff(path, old, new, context=max(0, args.context)))
        return EXIT_OK
    if args.action == "restore":
        (number,) = _numbers(args, 1, 1)
        assert number is not None
        before = history.latest(path)
        made = history.restore(path, number)
        kept = [v for v in history.versions(path) if before is None or v.number > before.number]
        saved = [v for v in kept if v.kind == "save"]
        note = f" (the current text was kept as version {saved[0].number})" if saved else ""
        print(f"Restored version {number} of {rel}{note}; it is now version {made.number}")
        return EXIT_OK
    if args.action == "save":
        _numbers(args, 0, 0)
        try:
            text = read_exact(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{args.path}: cannot read ({exc})") from None
        recorded = history.record(path, text, kind="manual", name=args.name, message=args.message)
        if recorded is None:
            latest = history.latest(path)
            number = latest.number if latest else 0
            print(f"{rel}: nothing changed since version {number}; no version saved")
        else:
            print(f"Saved {rel} as version {recorded.number}")
        return EXIT_OK
    # prune
    _numbers(args, 0, 0)
    removed = history.prune(path)
    p = history.policy
    print(
        f"{rel}: deleted {removed} old version{'s' if removed != 1 else ''} "
        f"(keeping the newest {p.keep_last}, those from the last {p.keep_days:g} days"
        f"{', and named or published ones' if p.keep_named else ''})"
    )
    return EXIT_OK
