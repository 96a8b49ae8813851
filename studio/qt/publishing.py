"""The studio's Publish and Export actions: thin Qt over :mod:`studio.publish` and
:mod:`studio.export` (the same code as ``mailwright publish`` and ``mailwright export``).

Both work on the file on disk; the window saves the editor first. The checks of a
publish and the PDF report run on a worker thread (``studio.qt.busy.run_busy``): the
window stays live and a progress dialog names the step, while the accessibility check
and the screenshots run in the shared offscreen engine on the GUI thread's event loop.
A refusal lists the errors and offers "Publish anyway…", which asks for the reason the
manifest and the history record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from compiler import Project, ProjectError
from compiler.project import load_project
from studio.checks import prepare
from studio.export import SUFFIXES, ExportError, export
from studio.publish import (
    Prepared,
    PublishError,
    PublishRefused,
    PublishRequest,
    issue_line,
    out_dir_for,
    publish,
    targets,
)
from studio.publish import prepare as prepare_email
from studio.qt.busy import Progress, run_busy
from styles.atomic import write_atomic

# ask(title, text, buttons) -> the chosen button's text (the window's message box)
Ask = Callable[[str, str, tuple[str, ...]], str]
PUBLISH_ANYWAY = "Publish anyway…"
SHOWN_ERRORS = 15


def ask_reason(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent, "Publish anyway", "Why are these errors acceptable? (recorded with your name)"
    )
    return text if ok else None


def check_emails(
    parent: QWidget | None,
    project: Project,
    emails: list[Path],
    request: PublishRequest | None = None,
) -> list[Prepared]:
    """Every check on ``emails`` and their files laid out (``studio.publish.prepare``), on
    a worker thread with the window live."""

    def job(progress: Progress) -> list[Prepared]:
        progress("Starting the checks…")
        checks = prepare(all_checks=True)
        prepared = []
        for n, email in enumerate(emails, 1):
            of = f" ({n} of {len(emails)})" if len(emails) > 1 else ""
            progress(f"Checking {project.relative(email)}{of}: links, images, spam, accessibility…")
            prepared.append(prepare_email(email, checks, project=project, request=request))
        return prepared

    return run_busy(parent, "Publishing", job)


def publish_email(
    project: Project,
    path: Path,
    *,
    ask: Ask,
    reason: Callable[[], str | None],
    parent: QWidget | None = None,
) -> str:
    """Publish what ``path`` stands for (``studio.publish.targets``): an email, or — for a
    component or ``styles.json`` — every email that uses it, all or nothing, after the
    list is confirmed. Returns the line for the status bar."""
    if project.root is not None:  # the files as saved now (a component just edited)
        try:
            project = load_project(project.root)
        except ProjectError as exc:
            return f"Not published: {exc}"
    try:
        kind, emails = targets(project, path)
    except PublishError as exc:
        return f"Not published: {exc}"
    rel = project.relative(path)
    if not emails:
        return f"Nothing to publish: no email uses {rel}"
    if kind in ("component", "styles"):
        names = "\n".join(project.relative(e) for e in emails[:SHOWN_ERRORS])
        more = f"\n… and {len(emails) - SHOWN_ERRORS} more" if len(emails) > SHOWN_ERRORS else ""
        n = len(emails)
        if (
            ask(
                "Publish",
                f"Publishing {rel} republishes the {n} email{'s' if n != 1 else ''} "
                f"that use{'s' if n == 1 else ''} it, all or none:\n\n{names}{more}",
                ("Publish", "Cancel"),
            )
            != "Publish"
        ):
            return "Not published"
    prepared = check_emails(parent, project, emails)
    request = PublishRequest()
    try:
        done = publish(prepared, project=project)
    except PublishRefused as exc:
        errors = [i for p in exc.refused for i in p.errors]
        listed = "\n".join(issue_line(i, project) for i in errors[:SHOWN_ERRORS])
        more = f"\n… and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        unusable = any(p.unusable for p in prepared)
        buttons = ("Cancel",) if unusable else (PUBLISH_ANYWAY, "Cancel")
        if ask("Publish refused", f"{exc}.\n\n{listed}{more}", buttons) != PUBLISH_ANYWAY:
            return f"Not published: {len(errors)} error{'s' if len(errors) != 1 else ''}"
        why = (reason() or "").strip()
        if not why:
            return "Not published: publishing anyway needs a reason"
        request = PublishRequest(force=True, reason=why)
        prepared = check_emails(parent, project, emails, request)
        try:
            done = publish(prepared, project=project, request=request)
        except (PublishRefused, PublishError) as again:
            return f"Not published: {again}"
    except (PublishError, OSError) as exc:
        return f"Not published: {exc}"
    if len(done) > 1:
        changed = [d for d in done if not d.unchanged]
        if not changed:
            return f"{len(done)} emails using {rel} are up to date: nothing to publish"
        files = sum(len(d.written) for d in changed)
        forced = " anyway (recorded)" if any(d.forced for d in changed) else ""
        return (
            f"Published{forced} {len(changed)} of {len(done)} emails using {rel} "
            f"({files} files written; the others were up to date)"
            if len(changed) < len(done)
            else f"Published{forced} the {len(done)} emails using {rel} ({files} files written)"
        )
    [item] = done
    where = project.relative(item.out_dir) + "/"
    if item.unchanged:
        return f"{where} is up to date: nothing to publish"
    note = f" ({item.note})" if item.note else ""
    forced = " anyway (recorded)" if item.forced else ""
    return f"Published{forced} to {where}: {len(item.written)} files written{note}"


def default_export_path(project: Project, path: Path, fmt: str) -> Path:
    folder = out_dir_for(project, path)
    return folder.with_name(f"{folder.name}.{SUFFIXES.get(fmt, fmt)}")


def export_email(
    project: Project, path: Path, fmt: str, target: Path, *, parent: QWidget | None = None
) -> str:
    """Export the email at ``path`` as ``fmt`` to ``target``; returns the status line.
    The work runs on a worker thread with the window live (the PDF report runs every
    check and takes its screenshots: seconds)."""

    def job(progress: Progress) -> bytes:
        progress(
            f"Exporting {project.relative(path)} as {fmt.upper()}: checking, taking screenshots…"
            if fmt in ("pdf", "review")
            else f"Exporting {project.relative(path)} as {fmt.upper()}…"
        )
        return export(path, fmt, project=project)

    try:
        data = run_busy(parent, "Exporting", job)
    except ExportError as exc:
        lines = [issue_line(i, project) for i in exc.issues[:3]]
        return f"Not exported: {exc}" + (f" — {lines[0]}" if lines else "")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as exc:
        return f"Not exported: {target}: {exc.strerror or exc}"
    return f"Exported to {target} ({len(data):,} bytes)"


def copy_html(project: Project, path: Path) -> str:
    """The compiled HTML of the email at ``path`` (as publish ships it) to the clipboard;
    returns the status line."""
    try:
        data = export(path, "html", project=project)
    except ExportError as exc:
        lines = [issue_line(i, project) for i in exc.issues[:3]]
        return f"Not copied: {exc}" + (f" — {lines[0]}" if lines else "")
    QApplication.clipboard().setText(data.decode("utf-8"))
    return f"Copied the HTML of {project.relative(path)} ({len(data):,} bytes)"


def choose_export_path(
    parent: QWidget | None, project: Project, path: Path, fmt: str
) -> Path | None:
    label = {
        "zip": "ZIP archive (*.zip)",
        "eml": "Email message (*.eml)",
        "html": "HTML (*.html)",
        "pdf": "PDF review report (*.pdf)",
        "review": "Review bundle (*.zip)",
    }[fmt]
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export as {fmt.upper()}", str(default_export_path(project, path, fmt)), label
    )
    return Path(name) if name else None
