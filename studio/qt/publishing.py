"""The studio's Publish and Export actions: thin Qt over :mod:`studio.publish` and
:mod:`studio.export` (the same code as ``mailwright publish`` and ``mailwright export``).

Both work on the file on disk; the window saves the editor first. Publishing runs
every check, the accessibility check in the shared offscreen engine on this (the
GUI) thread, so the window shows a busy cursor meanwhile. A refusal lists the errors
and offers "Publish anyway…", which asks for the reason the manifest and the
history record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from compiler import Project
from studio.checks import prepare
from studio.export import SUFFIXES, ExportError, export
from studio.publish import (
    PublishError,
    PublishRefused,
    PublishRequest,
    issue_line,
    out_dir_for,
    publish,
)
from studio.publish import prepare as prepare_email
from styles.atomic import write_atomic

# ask(title, text, buttons) -> the chosen button's text (the window's message box)
Ask = Callable[[str, str, tuple[str, ...]], str]
PUBLISH_ANYWAY = "Publish anyway…"
SHOWN_ERRORS = 15


def ask_reason(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(parent, "Publish anyway",
                                    "Why are these errors acceptable? (recorded with your name)")
    return text if ok else None


def publish_email(project: Project, path: Path, *, ask: Ask,
                  reason: Callable[[], str | None]) -> str:
    """Publish the email at ``path``; returns the line for the status bar."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        checks = prepare(all_checks=True)
        prepared = prepare_email(path, checks, project=project)
    finally:
        QApplication.restoreOverrideCursor()
    request = PublishRequest()
    try:
        done = publish([prepared], project=project)
    except PublishRefused as exc:
        errors = prepared.errors
        listed = "\n".join(issue_line(i, project) for i in errors[:SHOWN_ERRORS])
        more = f"\n… and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        buttons = ("Cancel",) if prepared.unusable else (PUBLISH_ANYWAY, "Cancel")
        if ask("Publish refused", f"{exc}.\n\n{listed}{more}", buttons) != PUBLISH_ANYWAY:
            return f"Not published: {len(errors)} error{'s' if len(errors) != 1 else ''}"
        why = (reason() or "").strip()
        if not why:
            return "Not published: publishing anyway needs a reason"
        request = PublishRequest(force=True, reason=why)
        prepared = prepare_email(path, checks, project=project, request=request)
        try:
            done = publish([prepared], project=project, request=request)
        except (PublishRefused, PublishError) as again:
            return f"Not published: {again}"
    except (PublishError, OSError) as exc:
        return f"Not published: {exc}"
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


def export_email(project: Project, path: Path, fmt: str, target: Path) -> str:
    """Export the email at ``path`` as ``fmt`` to ``target``; returns the status line.
    The PDF report runs every check and takes its screenshots in the shared offscreen
    engine on this thread: a busy cursor meanwhile."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        data = export(path, fmt, project=project)
    except ExportError as exc:
        lines = [issue_line(i, project) for i in exc.issues[:3]]
        return f"Not exported: {exc}" + (f" — {lines[0]}" if lines else "")
    finally:
        QApplication.restoreOverrideCursor()
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


def choose_export_path(parent: QWidget | None, project: Project, path: Path, fmt: str
                       ) -> Path | None:
    label = {"zip": "ZIP archive (*.zip)", "eml": "Email message (*.eml)",
             "html": "HTML (*.html)", "pdf": "PDF review report (*.pdf)",
             "review": "Review bundle (*.zip)"}[fmt]
    name, _ = QFileDialog.getSaveFileName(parent, f"Export as {fmt.upper()}",
                                          str(default_export_path(project, path, fmt)), label)
    return Path(name) if name else None
