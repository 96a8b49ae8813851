"""``mailwright export EMAIL --format zip|eml|html|pdf [-o OUT]``: hand one email to someone.

``zip``: ``index.html`` with its images of ``assets/`` bundled and referenced
relatively, ``index.txt`` and ``envelope.json``. ``eml``: a message a mail client
opens (``multipart/alternative``; the images as ``cid:`` parts; Liquid and the
envelope rendered for the default sample profile). ``html``: the compiled HTML.
``pdf``: the review report a reviewer reads without the app (screenshots desktop
700 px and mobile 320 px in light and dark, the inbox line, links with their status
and UTM parameters, images, spam score, accessibility, Gmail size budget, plain
text), after every check of ``check --all``; needs Qt WebEngine (the studio extra).
``review``: a review bundle (ZIP): the PDF report, the email with what it needs to
open in a studio, and its review comments (``mailwright review EMAIL import`` brings
the reviewer's comments back).

``-o OUT`` names the file (``-`` for standard output). Without it, ``html`` goes
to standard output and the others to ``dist/<path under emails/>.zip|.eml|.pdf|.review.zip``.
Exit 0 exported; 1 the email has errors (listed); 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from components.diagnostics import format_issue
from studio.cli import (
    EXIT_ISSUES,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    load_workspace,
    read_source,
    require_qt,
)
from studio.export import FORMATS, SUFFIXES, ExportError, export
from studio.publish import out_dir_for
from styles.atomic import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export one email as a ZIP folder, an .eml message, HTML or a PDF review report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("email", type=Path, help="the email file")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="OUT",
        help="where to write (- for standard output)",
    )
    p.add_argument(
        "--description",
        default="",
        metavar="TEXT",
        help="pdf: a note for the reviewer on the report's first page",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.email
    if not path.exists():
        raise UsageError(f"{path}: no such email file")
    if path.is_dir():
        raise UsageError(f"{path}: a folder; give one email file")
    if args.format in ("pdf", "review"):
        require_qt(f"mailwright export --format {args.format}")
    project = load_workspace(path)
    if args.format == "review" and project.root is None:
        raise UsageError(
            f"{path}: a review bundle needs the email's workspace (no mailwright.toml above it)"
        )
    try:
        data = export(path.resolve(), args.format, project=project, description=args.description)
    except ExportError as exc:
        for issue in exc.issues:
            print(
                format_issue(issue, read_source(issue.file) if issue.line else None),
                file=sys.stderr,
            )
        print(f"mailwright: {exc}", file=sys.stderr)
        unusable = any(i.rule.startswith("input/") for i in exc.issues)
        return EXIT_USAGE if unusable else EXIT_ISSUES
    out: Path | None = args.output
    if out is None and args.format != "html":
        folder = out_dir_for(project, path.resolve())
        out = folder.with_name(f"{folder.name}.{SUFFIXES.get(args.format, args.format)}")
    if out is None or str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, data)
    except OSError as exc:
        raise UsageError(f"{out}: cannot write ({exc.strerror or exc})") from None
    print(f"{project.relative(path.resolve())} → {out} ({len(data):,} bytes)")
    return EXIT_OK
