"""``mailwright import SOURCE WORKSPACE [--into FOLDER] [--as-is]``: bring existing emails in.

SOURCE is a folder of existing emails (HTML, Liquid, Handlebars, MJML with its
includes) or one email file; WORKSPACE is a workspace folder, or a new or empty
folder to make one in. Every file keeps its path relative to SOURCE: emails under
``emails/`` (``.liquid``/``.hbs`` named ``.html``), partials (``_name``, what an
``mj-include`` includes) under ``snippets/``, and the files they refer to by a
relative path (linked stylesheets, images) under ``assets/``, with those references
rewritten to the new places. Template tokens are never changed, and nothing in the
workspace is overwritten (a file already there with other content is skipped).

Then each imported email is compiled as ``mailwright build`` would compile it (with
the workspace's transformers and the options below), and the report says per file
what the import changed, what each transformer will change in the build and why, and
its problems. ``--as-is`` turns off, for the imported emails (their ``.json``
sidecar), every transformer whose purpose is to change what a mail client shows:
the build then ships them as written. Exit 0 imported; 1 a file was skipped or an
email has error-level issues; 2 unusable input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.root import SETTINGS_FILE
from studio.cli import (
    EXIT_ISSUES,
    EXIT_OK,
    MAX_PROBLEMS,
    UsageError,
    add_max_problems,
    issue_source,
    listed,
)

if TYPE_CHECKING:
    from compiler import CompileResult
    from studio.workspace.importing import FolderImport, ImportedFile


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from studio.cli.build import add_transformer_options

    p = sub.add_parser(
        "import",
        help="bring a folder of existing emails into a workspace",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", type=Path, help="a folder of emails, or one email file")
    p.add_argument("workspace", type=Path, help="a workspace, or a new or empty folder")
    p.add_argument(
        "--into",
        default="",
        metavar="FOLDER",
        help="a folder under emails/, snippets/ and assets/ to import into (default: their top)",
    )
    p.add_argument(
        "--as-is",
        action="store_true",
        help="turn off, for the imported emails, every transformer that would change how they look",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-v", "--verbose", action="store_true", help="also list notes")
    add_max_problems(p)
    add_transformer_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from compiler import compile_file
    from compiler.transformers import RESTYLING
    from studio.cli import load_workspace
    from studio.cli.build import compile_options
    from studio.workspace import Workspace, WorkspaceError
    from studio.workspace.importing import import_folder

    source: Path = args.source
    if not source.exists():
        raise UsageError(
            f"{source}: no such file or folder; give a folder of emails or an email file"
        )
    root: Path = args.workspace
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: is a file; give a workspace folder or a new folder")
    is_workspace = (root / SETTINGS_FILE).is_file() or (root / "emails").is_dir()
    if root.is_dir() and not is_workspace and any(root.iterdir()):
        raise UsageError(
            f"{root}: not a workspace (no mailwright.toml or emails/ folder) and "
            "not empty; give a workspace or a new folder"
        )
    project = load_workspace(root) if is_workspace else None  # a bad mailwright.toml: stop now
    options = compile_options(args, project) if project is not None else None
    created = not is_workspace
    try:
        workspace = Workspace.create(root) if created else Workspace.open(root)
        done = import_folder(
            workspace, source, into=args.into, as_is=args.as_is, restyling=RESTYLING
        )
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    project = load_workspace(workspace.root)
    options = dataclasses.replace(options or compile_options(args, project), measure_sizes=True)
    # named as the user named the workspace, so problems print as my-brand/emails/x.html:3:5
    results = [
        (f, compile_file(root / f.target, project=project, options=options)) for f in done.emails
    ]
    if args.format == "json":
        print(json.dumps(_json(workspace.root, created, done, results), indent=2))
    else:
        _print_text(root, created, done, results, args.verbose, args.max_problems)
    skipped = any(f.status == "skipped" for f in done.files)
    if skipped or any(r.has_errors for _, r in results):
        return EXIT_ISSUES
    return EXIT_OK


def changes_in_build(result: CompileResult) -> list[tuple[str, int, int, str]]:
    """(transformer, bytes before, bytes after, what it is for) for each transformer that
    changed the email in this compile."""
    from compiler.transformers import STEPS

    purpose = {s.name: dataclasses.fields(s.options_type)[0].metadata.get("doc", "") for s in STEPS}
    return [
        (name, before, after, purpose.get(name, ""))
        for name, (before, after) in result.sizes.items()
        if before != after and name != "plaintext"
    ]


def _print_text(
    root: Path,
    created: bool,
    done: FolderImport,
    results: list[tuple[ImportedFile, CompileResult]],
    verbose: bool,
    max_problems: int = MAX_PROBLEMS,
) -> None:
    from components.diagnostics import Severity, format_issue

    by_role: dict[str, int] = {}
    for f in done.files:
        if f.status != "skipped":
            by_role[f.role] = by_role.get(f.role, 0) + 1
    counts = ", ".join(
        f"{n} {role}{'s' if n != 1 else ''}"
        for role, n in (
            ("email", by_role.get("email", 0)),
            ("snippet", by_role.get("snippet", 0)),
            ("asset", by_role.get("asset", 0)),
            ("text part", by_role.get("text", 0)),
        )
        if n
    )
    print(f"{'created' if created else 'workspace'} {root}: imported {counts or 'nothing'}")
    if done.ignored:
        shown = ", ".join(done.ignored[:5]) + (" …" if len(done.ignored) > 5 else "")
        print(f"  not imported (not an email, and no email refers to it): {shown}")
    compiled = {id(f): r for f, r in results}
    for f in done.files:
        result = compiled.get(id(f))
        mark = "✗" if f.status == "skipped" or (result is not None and result.has_errors) else "✓"
        state = "" if f.status == "copied" else f"  ({f.status})"
        if f.role != "email" and not f.changes and not f.problems and not verbose:
            continue
        print(
            f"{mark} {f.target}  ← {f.source}{state}" if f.target else f"{mark} {f.source}{state}"
        )
        for change in f.changes:
            print(f"    import: {change}")
        for problem in f.problems:
            print(f"    import: warning: {problem}")
        if result is None:
            continue
        changed = changes_in_build(result)
        for name, before, after, why in changed:
            print(f"    build: {name} {before:,} → {after:,} bytes: {why}")
        if not changed:
            print("    build: ships as written (no transformer changes it)")
        reported = [i for i in result.issues if verbose or i.severity is not Severity.INFO]
        listing, more = listed(reported, max_problems)
        for issue in listing:
            text = format_issue(issue, issue_source(issue, result))
            print("\n".join("    " + line for line in text.splitlines()))
        if more:
            print("    " + more)
    emails = len(results)
    errors = sum(1 for _, r in results for i in r.issues if i.is_error)
    warnings = sum(1 for _, r in results for i in r.issues if i.severity is Severity.WARNING)
    print(f"\n{emails} email(s) imported: {errors} error(s), {warnings} warning(s) in their build")


def _json(
    root: Path, created: bool, done: FolderImport, results: list[tuple[ImportedFile, CompileResult]]
) -> dict[str, object]:
    compiled = {id(f): r for f, r in results}
    files: list[dict[str, object]] = []
    for f in done.files:
        entry: dict[str, object] = dataclasses.asdict(f)
        result = compiled.get(id(f))
        if result is not None:
            entry["build"] = [
                {"transformer": n, "before": b, "after": a, "why": w}
                for n, b, a, w in changes_in_build(result)
            ]
            entry["issues"] = [i.to_json() for i in result.issues]
        files.append(entry)
    return {"workspace": str(root), "created": created, "files": files, "ignored": done.ignored}
