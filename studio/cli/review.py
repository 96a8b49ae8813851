"""``mailwright review EMAIL [list|add|resolve|reopen|reply]``: review comments.

Comments are pinned to an element of the email and to a device and colour scheme, and
kept as plain JSON files under the workspace's ``reviews/`` folder (one file per
comment), so they travel in git with the email (``docs/reviews.md``).

  list                   the comments, oldest first, with where each is now (an element
                         that no longer matches shows as "outdated"); --open: open ones
  add -m TEXT --line L[:C]  a comment on the element at line L (column C) of the email
                         (--device desktop|mobile, --scheme light|dark, --author NAME)
  resolve ID, reopen ID  mark a comment resolved or open again (ID: its number in the
                         list, or its id or a unique part of it)
  reply ID -m TEXT       answer a comment
  delete ID              remove a comment (its file; git keeps the history)
  round NAME [-m TEXT]   start a review round (a feedback version): the email as it is
                         now is recorded in the version history as "Review: NAME", and
                         the comments made from now on belong to the round
  import BUNDLE          bring in the comments of a review bundle (a .zip from
                         `mailwright export EMAIL --format review`, or its folder): new
                         ones added, known ones merged (replies of both; resolved when
                         either side resolved it)

Exit 0 done; 1 some comment files cannot be read (listed); 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from compiler.root import find_root
from studio.cli import EXIT_ISSUES, EXIT_OK, UsageError
from studio.history import author_name
from studio.models.reviews import (
    DEVICES,
    SCHEMES,
    Pin,
    ReviewError,
    ReviewStore,
    anchor_at_line,
    begin_round,
    pins,
)

ACTIONS = ("list", "add", "resolve", "reopen", "reply", "delete", "round", "import")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "review",
        help="list, add, resolve and reopen review comments of an email",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="the email file")
    p.add_argument("action", nargs="?", default="list", choices=ACTIONS)
    p.add_argument(
        "comment",
        nargs="?",
        default=None,
        help="resolve/reopen/reply/delete: which comment; round: its name; import: the bundle",
    )
    p.add_argument("-m", "--message", default="", help="add/reply: the text")
    p.add_argument(
        "--line",
        default=None,
        metavar="L[:C]",
        help="add: pin to the element at this line (and column) of the email",
    )
    p.add_argument("--device", choices=DEVICES, default="desktop")
    p.add_argument("--scheme", choices=SCHEMES, default="light")
    p.add_argument("--author", default=None, help="default: git user.name, else $USER")
    p.add_argument("--open", action="store_true", help="list: open comments only")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def _where(pin: Pin) -> str:
    a = pin.comment.anchor
    if a is None:
        return "the whole email"
    if pin.state == "outdated":
        return f"outdated (was <{a.tag}> at line {a.line})"
    moved = {"moved": ", moved", "edited": ", edited"}.get(pin.state, "")
    return f"<{a.tag}> at {pin.line}:{pin.column}{moved}"


def run(args: argparse.Namespace) -> int:
    path: Path = args.path.resolve()
    root = find_root(path)
    if root is None:
        raise UsageError(
            f"{args.path}: not in a workspace (no mailwright.toml above it); "
            "comments live in the workspace's reviews/ folder"
        )
    if not path.is_file():
        raise UsageError(f"{args.path}: no such email file")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.path}: cannot read ({exc})") from None
    rel = path.relative_to(root.resolve()).as_posix()
    store = ReviewStore(root)
    author = args.author or author_name(root)
    try:
        if args.action == "list":
            return _list(args, store, rel, text)
        if args.action == "add":
            if args.comment is not None:
                raise UsageError("review add takes its text with -m TEXT")
            anchor = None
            if args.line is not None:
                line, _, col = args.line.partition(":")
                try:
                    anchor = anchor_at_line(text, int(line), int(col or 0))
                except ValueError:
                    raise UsageError(f"--line {args.line}: give LINE or LINE:COLUMN") from None
                if anchor is None:
                    raise UsageError(f"--line {args.line}: no element of {rel} there")
            comment = store.add(
                rel,
                args.message,
                author=author,
                anchor=anchor,
                device=args.device,
                scheme=args.scheme,
            )
            where = f"<{anchor.tag}> at line {anchor.line}" if anchor else "the whole email"
            print(
                f"Added comment {comment.id} on {where} ({comment.device}, {comment.scheme}) "
                f"→ {store.file(comment).relative_to(root).as_posix()}"
            )
            return EXIT_OK
        if args.action == "round":
            if not args.comment:
                raise UsageError("review round needs the round's name")
            started, note = begin_round(
                store, path, args.comment, author=author, description=args.message
            )
            if note:
                print(f"mailwright: {note}", file=sys.stderr)
            at = (
                f" (version {started.version} in the history)"
                if started.version is not None
                else ""
            )
            print(f"Started review round “{started.name}” of {rel}{at}")
            return EXIT_OK
        if args.action == "import":
            if args.comment is None:
                raise UsageError("review import needs the bundle (.zip or folder)")
            bundle = Path(args.comment)
            if not bundle.exists():
                raise UsageError(f"{bundle}: no such review bundle")
            added, updated = store.import_comments(rel, bundle)
            for problem in store.problems:
                print(f"mailwright: {problem}", file=sys.stderr)
            print(
                f"{rel}: {added} comment{'s' if added != 1 else ''} added, {updated} "
                f"updated from {bundle}"
            )
            return EXIT_ISSUES if store.problems else EXIT_OK
        if args.comment is None:
            raise UsageError(f"review {args.action} needs the comment (its number or id)")
        comment = store.find(rel, args.comment)
        if args.action == "delete":
            store.delete(comment)
            print(f"Deleted comment {comment.id}")
            return EXIT_OK
        if args.action == "resolve":
            comment = store.resolve(comment, by=author)
        elif args.action == "reopen":
            comment = store.reopen(comment)
        else:
            comment = store.reply(comment, args.message, author=author)
        print(
            f"Comment {comment.id}: {comment.status}"
            + (f", {len(comment.replies)} replies" if comment.replies else "")
        )
        return EXIT_OK
    except ReviewError as exc:
        raise UsageError(str(exc)) from None


def _list(args: argparse.Namespace, store: ReviewStore, rel: str, text: str) -> int:
    comments = store.comments(rel)
    placed = pins(text, comments)
    shown = [(n, p) for n, p in enumerate(placed, 1) if p.comment.open or not args.open]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "email": rel,
                    "rounds": [r.to_json() for r in store.rounds(rel)],
                    "comments": [
                        {
                            **p.comment.to_json(),
                            "number": n,
                            "state": p.state,
                            "node": p.node,
                            "line": p.line,
                            "column": p.column,
                        }
                        for n, p in shown
                    ],
                    "problems": store.problems,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not comments:
        print(f"{rel}: no comments (`mailwright review {rel} add -m TEXT --line N` adds one)")
    else:
        n_open = sum(1 for c in comments if c.open)
        print(f"{rel} — {len(comments)} comment{'s' if len(comments) != 1 else ''}, {n_open} open")
        rounds = store.rounds(rel)
        if rounds:
            print(
                "rounds: "
                + ", ".join(
                    r.name + (f" (version {r.version})" if r.version is not None else "")
                    for r in rounds
                )
                + f"; current: {rounds[-1].name}"
            )
        for n, p in shown:
            c = p.comment
            print(f"{n:>3}  {c.id}  {c.status:<8} {c.device}/{c.scheme:<6} {_where(p)}")
            print(f"       {c.author}: {c.text}" + (f"  [{c.round}]" if c.round else ""))
            for r in c.replies:
                print(f"         ↳ {r.author}: {r.text}")
    for problem in store.problems:
        print(f"mailwright: {problem}", file=sys.stderr)
    return EXIT_ISSUES if store.problems else EXIT_OK
