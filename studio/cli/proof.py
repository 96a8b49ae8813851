"""``mailwright proof PATH --data FILE.json|FILE.jsonl [--format json] [--out DIR] [--jobs N]
[--cluster ADDRESS [--partition-size BYTES]]``.

Renders every email under PATH (an email file, a folder, or a workspace)
for every profile of the data file and reports how many rendered, which
failed and why (grouped by error), and which ``if``/``case`` branches no
profile reached. Exit 0 when every profile rendered, 1 when any failed, 2
when the input cannot be used (the message says what to fix).

With ``--cluster tcp://HOST:8786`` the proof runs on an existing Dask
distributed cluster: its workers read the JSONL (a path they can read, or an
fsspec URL such as ``s3://bucket/people.jsonl``) in partitions and the report
is the same as a local run's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from compiler.liquid.cluster import PARTITION_BYTES, run_proof_on_cluster
from compiler.liquid.localization import LocalizedEmail, group_translations, translations_of
from compiler.liquid.proof import ProofInputError, ProofReport, default_jobs, run_proof
from compiler.project import Project
from compiler.root import EMAIL_SUFFIXES
from studio.cli import EXIT_ISSUES, EXIT_OK, UsageError, load_workspace


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "proof",
        help="render emails for every profile of a data file; report failures",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, help="an email file, a folder of emails, or a workspace")
    p.add_argument(
        "--data",
        required=True,
        help="profiles: a .json object or array, or .jsonl (one profile per line); "
        "with --cluster, a JSONL path or fsspec URL the workers can read",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write each rendered message (HTML, text, envelope) under this folder",
    )
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        default=None,
        help="run on the Dask distributed scheduler at ADDRESS (tcp://host:8786)",
    )
    p.add_argument(
        "--partition-size",
        type=int,
        default=None,
        metavar="BYTES",
        help="with --cluster: bytes of JSONL per partition (default 32000000)",
    )
    p.set_defaults(func=run)


def find_emails(path: Path, project: Project) -> tuple[list[LocalizedEmail], int]:
    """The emails to proof under ``path`` and how many were left out (links out of the
    workspace, each reported on stderr)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if path.is_file():
        return [translations_of(path)], 0
    if not path.is_dir():  # a pipe or a device: reading it could wait forever
        raise UsageError(
            f"{path}: not a regular file (a pipe, socket or device); give an "
            "email file, a folder of emails or a workspace"
        )
    if project.root is not None and path.resolve() == project.root.resolve():
        files = project.emails()
    else:
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in EMAIL_SUFFIXES and not p.name.startswith(".")
        )
    if not files:
        raise UsageError(f"{path}: no emails found (looked for {', '.join(EMAIL_SUFFIXES)})")
    outside: list[Path] = []
    if project.root is not None:  # a link out of the workspace is not read: say so, go on
        outside = [f for f in files if not project.contains(f)]
        for f in outside:
            print(
                f"{f}: error: a link to a file outside the workspace; not read and not "
                "proofed (a workspace reads only its own files) [input/outside-workspace]",
                file=sys.stderr,
            )
        files = [f for f in files if f not in outside]
        if not files:
            raise UsageError(f"{path}: no emails inside the workspace to proof")
    return group_translations(files), len(outside)


class ProgressBar:
    """A one-line progress bar on stderr (only drawn when stderr is a terminal)."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, read: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        if total and read:
            frac = min(1.0, read / total)
            bar = "#" * int(frac * 30)
            line = f"\r[{bar:<30}] {frac:4.0%}  {done:,} profiles  {rate:,.0f}/s"
        else:
            line = f"\r{done:,} profiles  {rate:,.0f}/s"
        sys.stderr.write(line)
        sys.stderr.flush()

    def finish(self) -> None:
        sys.stderr.write("\r" + " " * 70 + "\r")
        sys.stderr.flush()


def print_text(report: ProofReport) -> None:
    for email in report.emails:
        print(
            f"{email.source}: {email.profiles} profiles, {email.rendered} rendered, "
            f"{email.failed} failed"
        )
        for err in email.errors:
            where = f"{err.file}:{err.line}:{err.column}" if err.line else err.file
            examples = ", ".join(err.examples)
            print(f"  {err.count:>7} × {where}: {err.message} [{err.rule}]  e.g. {examples}")
        for b in email.unreached_branches:
            where = f"{b.file}:{b.line}:{b.column}" if b.line else b.file
            print(f"  unreached branch {where}: {b.condition}")


def run(args: argparse.Namespace) -> int:
    project = load_workspace(args.path)
    emails, left_out = find_emails(args.path, project)
    data: str = args.data
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    if args.partition_size is not None and (args.cluster is None or args.partition_size < 1):
        raise UsageError("--partition-size goes with --cluster and is a number of bytes")
    jobs = args.jobs or default_jobs()
    bar = ProgressBar() if sys.stderr.isatty() and not args.cluster else None
    try:
        if args.cluster:
            report = run_proof_on_cluster(
                emails,
                data,
                project=project,
                address=args.cluster,
                out_dir=args.out,
                partition_bytes=args.partition_size or PARTITION_BYTES,
            )
        else:
            report = run_proof(
                emails, Path(data), project=project, jobs=jobs, out_dir=args.out, progress=bar
            )
    except ProofInputError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar is not None:
            bar.finish()
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print_text(report)
    return EXIT_ISSUES if report.failed or left_out else EXIT_OK
