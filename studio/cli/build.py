"""``mailwright build PATH [-o OUT] [--format text|json] [--jobs N]``: compile emails to HTML.

PATH is a workspace folder (every email under ``emails/``) or one email file.
Each email is written to ``OUT/<path relative to emails/>`` with an ``.html``
suffix (and its plain-text part beside it as ``.txt`` when there is one).
Emails are compiled by one worker process per core (``--jobs N``: N processes;
1 compiles in this process); what is written and printed is the same for any N.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from compiler import CompileResult, Project, compile_file
from compiler.pipeline import CompileOptions, TransformerOverrides, transformer_settings
from compiler.transformers import CLI_NAMES, TransformerConfigError
from components.diagnostics import error, format_issue
from components.sourcemap import SourceMap
from studio.cli import (
    EXIT_ISSUES,
    EXIT_OK,
    EXIT_USAGE,
    MAX_PROBLEMS,
    UsageError,
    add_max_problems,
    issue_source,
    listed,
    workspace_emails,
)
from styles.atomic import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "build",
        help="compile emails to HTML",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="a workspace folder or one email file")
    p.add_argument(
        "-o",
        "--out",
        type=Path,
        default=None,
        help="output folder (default: the workspace's dist/)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--jobs", type=int, default=0, help="worker processes (default: one per core; 1: none)"
    )
    add_max_problems(p)
    add_transformer_options(p)
    p.set_defaults(func=run)


def add_transformer_options(p: argparse.ArgumentParser) -> None:
    names = ", ".join((*CLI_NAMES, "all"))
    g = p.add_argument_group("transformers", f"names: {names}")
    g.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="NAME",
        help="turn a transformer on (repeatable)",
    )
    g.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="NAME",
        help="turn a transformer off (repeatable)",
    )
    g.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME.OPTION=VALUE",
        help="set one option, e.g. format.minify=true (repeatable)",
    )
    g.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE.toml",
        help="a TOML file with a [transformers] table to apply",
    )


def compile_options(args: argparse.Namespace, project: Project) -> CompileOptions:
    """The compile options the command line asks for; checked before anything is built."""
    overrides = TransformerOverrides(
        tuple(args.enable), tuple(args.disable), tuple(args.sets), args.config
    )
    try:
        transformer_settings(project, None, overrides)
    except TransformerConfigError as exc:
        raise UsageError(str(exc)) from None
    return CompileOptions(transformers=overrides, measure_sizes=args.format == "json")


@dataclass
class Target:
    """One email to build and where its output goes."""

    source: Path
    output: Path
    label: str


def resolve(path: Path, out: Path | None) -> tuple[Project, list[Target]]:
    """The project and the emails that ``path`` names. Raises UsageError."""
    project, sources = workspace_emails(path)
    base_out = out or (project.root / "dist" if project.root else Path("dist"))
    if base_out.exists() and not base_out.is_dir():
        raise UsageError(
            f"-o {base_out}: is a file, not a folder; choose another output "
            "folder (the file is left as it is)"
        )
    emails_dir = project.path("emails")
    targets = []
    for src in sources:
        rel = _relative_to(src, emails_dir) or _relative_to(src, project.root) or Path(src.name)
        target = (base_out / rel).with_suffix(".html")
        sources_here = {
            src.resolve(),
            src.with_suffix(".txt").resolve(),
            src.with_suffix(".json").resolve(),
        }
        if {target.resolve(), target.with_suffix(".txt").resolve()} & sources_here:
            raise UsageError(f"{src}: output would overwrite the source; choose another -o folder")
        targets.append(Target(src, target, project.relative(src)))
    return project, targets


def _relative_to(path: Path, folder: Path | None) -> Path | None:
    """``path`` as listed (a symbolic link's own place, not its target) under ``folder``."""
    if folder is None:
        return None
    try:
        return Path(os.path.abspath(path)).relative_to(folder.resolve())
    except ValueError:
        return None


Built = tuple[Target, CompileResult, bool]


def build(
    project: Project, targets: list[Target], options: CompileOptions | None = None, jobs: int = 1
) -> list[Built]:
    """Compile every target; write outputs of those that could be read. With ``jobs``
    above 1, that many worker processes compile and write (in any order); the results
    come back in the order of ``targets``, as the same records (without the preview's
    marked HTML, source map and tree, which nothing after a build reads)."""
    jobs = min(jobs, len(targets))
    if jobs <= 1:
        return [build_one(project, t, options) for t in targets]
    from concurrent.futures import ProcessPoolExecutor

    # chunks of a few emails: one message per chunk, and every worker busy to the end
    chunk = max(1, len(targets) // (jobs * 8))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(project, options)
    ) as pool:
        return list(pool.map(_build_in_worker, targets, chunksize=chunk))


def build_one(project: Project, t: Target, options: CompileOptions | None) -> Built:
    """Compile one target and write its output when it could be read."""
    result = compile_file(t.source, project=project, options=options)
    unusable = any(i.rule.startswith("input/") for i in result.issues)
    if not unusable:
        try:
            t.output.parent.mkdir(parents=True, exist_ok=True)
            # whole-or-nothing, without the fsyncs: the next build makes it again
            write_atomic(t.output, result.html, durable=False)
            if result.text:
                write_atomic(t.output.with_suffix(".txt"), result.text, durable=False)
        except OSError as exc:  # a file where a folder goes, a full disk …
            unusable = True
            result.issues.append(
                error(
                    "output/unwritable",
                    f"cannot write {exc.filename or t.output}: {exc.strerror}; choose another "
                    "-o folder or move what is in the way",
                    str(t.output),
                )
            )
    return t, result, unusable


#: the worker process's project and options (set once by the pool's initializer)
_WORKER: list[tuple[Project, CompileOptions | None]] = []


def _init_worker(project: Project, options: CompileOptions | None) -> None:
    _WORKER[:] = [(project, options)]


def _build_in_worker(t: Target) -> Built:
    project, options = _WORKER[0]
    t, result, unusable = build_one(project, t, options)
    # what the report reads, not the preview's data (less to send back)
    light = replace(result, marks="", source_map=SourceMap(), document=None)
    return t, light, unusable


def default_jobs() -> int:
    """One worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run(args: argparse.Namespace) -> int:
    jobs = args.jobs
    if jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    project, targets = resolve(args.path, args.out)
    done = build(project, targets, compile_options(args, project), jobs or default_jobs())
    if args.format == "json":
        print(json.dumps({"emails": [_json_entry(t, r, bad) for t, r, bad in done]}, indent=2))
    else:
        _print_text(done, args.max_problems)
    if any(bad for _, _, bad in done):
        return EXIT_USAGE
    if any(r.has_errors for _, r, _ in done):
        return EXIT_ISSUES
    return EXIT_OK


def _json_entry(t: Target, r: CompileResult, unusable: bool) -> dict[str, object]:
    return {
        "source": t.label,
        "output": None if unusable else str(t.output),
        "size": 0 if unusable else r.size,
        "issues": [i.to_json() for i in r.issues],
        "text_output": None if unusable or not r.text else str(t.output.with_suffix(".txt")),
        "timings_ms": {k: round(v, 3) for k, v in r.timings.items()},
        "transformers": {k: {"before": b, "after": a} for k, (b, a) in r.sizes.items()},
    }


def _print_text(done: list[Built], max_problems: int = MAX_PROBLEMS) -> None:
    errors = warnings = 0
    for t, r, unusable in done:
        n_err = sum(1 for i in r.issues if i.is_error)
        n_warn = sum(1 for i in r.issues if i.severity.value == "warning")
        errors += n_err
        warnings += n_warn
        if unusable:
            mark = "✗"
            tail = "not built"
        else:
            mark = "✗" if n_err else "✓"
            tail = f"→ {t.output}  {r.size / 1024:.1f} KB  {r.timings.get('total', 0):.1f} ms"
        print(f"{mark} {t.label}  {tail}")
        shown, more = listed(r.issues, max_problems)
        for issue in shown:
            print(_indent(format_issue(issue, issue_source(issue, r))))
        if more:
            print(_indent(more))
    print(f"\n{len(done)} email(s), {errors} error(s), {warnings} warning(s)")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
