"""Exporting one email: a ZIP folder, an ``.eml`` message, or the HTML.

All three start from the same compile and the same package as ``publish``
(:func:`studio.publish.package`):

- **zip** — ``index.html`` with every image of ``assets/`` it uses bundled under
  ``assets/`` and referenced relatively (URLs under ``[assets] base_url`` too, so
  the folder works offline), ``index.txt`` and ``envelope.json`` (raw and rendered
  for the default sample profile). Entries are sorted and dated 1980-01-01, so the
  same email gives the same bytes.
- **eml** — the message a mail client opens: ``multipart/alternative`` with the
  plain text and a ``multipart/related`` holding the HTML and each bundled image as
  a ``cid:`` part (other images stay linked). Liquid is rendered for the default
  sample profile and the envelope becomes the headers (From, Reply-To, Subject),
  built by the one message builder of :mod:`studio.send`.
- **html** — the compiled HTML, as ``publish`` ships it.
- **review** — a review bundle (ZIP): the PDF report, the email with what it needs to
  open in a studio (settings, global styles, the components it uses, its images of
  ``assets/``, snippets, sample data, translations) and its review comments, so a
  reviewer without the repository opens it, comments, and sends ``reviews/`` back
  (``mailwright review EMAIL import BUNDLE``).
- **pdf** — the review report (:mod:`studio.report`: screenshots, inbox line, links,
  images, spam score, accessibility, Gmail size budget, plain text), printed by the
  render layer's Qt WebEngine (``studio.render.report``, imported when asked for, so
  this module stays Qt-free).

An email whose compile (or, for ``.eml``, whose Liquid for the default profile)
has errors is not exported: :class:`ExportError` carries them.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import mimetypes
import re
import zipfile
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from compiler import CompileResult, Project, compile_file
from compiler.liquid.data import liquid_scope
from compiler.liquid.render import render
from compiler.root import SETTINGS_FILE, SIDECAR_SUFFIXES, STYLES_FILE
from components.diagnostics import Issue
from studio.models.reviews import ReviewStore
from studio.publish import (
    components_used,
    default_sample,
    package,
    rewrite_urls,
)
from studio.send import SendError, SendOptions, SmtpSettings, build_message

FORMATS = ("zip", "eml", "html", "pdf", "review")
SUFFIXES = {"review": "review.zip"}  # a format's file suffix when it is not its name
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ExportError(Exception):
    """The email cannot be exported; ``issues`` say where (may be empty)."""

    def __init__(self, message: str, issues: Sequence[Issue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)


def compiled(path: Path, project: Project) -> CompileResult:
    """The email compiled; :class:`ExportError` when the compile has errors."""
    result = compile_file(path, project=project)
    errors = [i for i in result.issues if i.is_error]
    if errors:
        raise ExportError(
            f"{project.relative(path)}: not exported: {len(errors)} compile "
            f"error{'s' if len(errors) != 1 else ''}",
            errors,
        )
    return result


def export_html(result: CompileResult) -> bytes:
    return result.html.encode("utf-8")


def export_zip(result: CompileResult, project: Project) -> bytes:
    return _zip(package(result, project, relative_all=True).files())


def _cid(asset: str, data: bytes) -> str:
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", asset).strip("-") or "image"
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}@mailwright"


def export_eml(result: CompileResult, project: Project) -> EmailMessage:
    """The email as a message: headers from the rendered envelope, images as ``cid:`` parts."""
    profile, _label = default_sample(project)
    rendered = render(result, liquid_scope(profile or {}), project=project)
    errors = [i for i in rendered.issues if i.is_error]
    if errors:
        raise ExportError(
            f"{project.relative(Path(result.file))}: not exported: the Liquid "
            "has errors for the default sample profile",
            errors,
        )
    images = package(result, project).images
    parts: list[tuple[str, bytes, str, str]] = []  # cid, data, mime type, file name
    mapping: dict[str, str] = {}
    for b in images:
        try:
            data = b.file.read_bytes()
        except OSError as exc:
            raise ExportError(f"{b.file}: cannot read ({exc.strerror or exc})") from None
        cid = _cid(b.asset, data)
        mapping[b.url] = f"cid:{cid}"
        kind = mimetypes.guess_type(b.file.name)[0] or "application/octet-stream"
        parts.append((cid, data, kind, b.file.name))
    rendered.html = rewrite_urls(rendered.html, mapping)
    try:
        settings = SmtpSettings.from_settings(project.settings, root=project.root)
    except SendError:
        settings = SmtpSettings()  # [smtp] is for sending; a bad table does not stop an export
    try:
        msg = build_message(
            rendered,
            [],
            settings=settings,
            options=SendOptions(test_prefix=False, prevent_threading=False),
        )
    except SendError as exc:
        raise ExportError(str(exc), exc.issues) from None
    del msg["To"]
    if parts:
        html_part = next(p for p in msg.iter_parts() if p.get_content_type() == "text/html")
        for cid, data, kind, name in parts:
            maintype, _, subtype = kind.partition("/")
            html_part.add_related(
                data,
                maintype=maintype,
                subtype=subtype,
                cid=f"<{cid}>",
                filename=name,
                disposition="inline",
            )
    return msg


def export_pdf(result: CompileResult, project: Project, *, description: str = "") -> bytes:
    """The PDF review report (needs Qt WebEngine: the ``studio`` extra)."""
    try:
        module = importlib.import_module("studio.render.report")
    except ImportError as exc:
        raise ExportError(f"the PDF report needs Qt WebEngine (the studio extra): {exc}") from None
    render_error = importlib.import_module("studio.render.engine").RenderError
    try:
        pdf, _report = module.pdf_report(result, project=project, description=description)
    except render_error as exc:
        raise ExportError(f"the PDF report could not be printed: {exc}") from None
    return bytes(pdf)


BUNDLE_NOTE = """Mailwright review bundle for {email}

report.pdf      the review report: screenshots, links, images, spam score, accessibility
{email}
                the email, with what it needs to open in Mailwright
reviews/        the review comments (one JSON file each)

To comment: open this folder in Mailwright (mailwright studio <this folder>), open the
email, File > Review Comments; or: mailwright review {email} add -m TEXT --line N.
Send the reviews/ folder (or this folder zipped) back; the designer runs
mailwright review {email} import <it>.
"""


def bundle_files(result: CompileResult, project: Project) -> dict[str, bytes]:
    """The files a reviewer's studio needs to open the email (workspace-relative paths)."""
    root = project.root
    if root is None:
        raise ExportError("a review bundle needs a workspace (mailwright.toml)")
    source = Path(result.file).resolve()
    wanted: set[Path] = {source, *(source.with_suffix(s) for s in SIDECAR_SUFFIXES)}
    wanted |= set(source.parent.glob(f"{source.stem}.*{source.suffix}"))  # translations
    wanted |= {root / SETTINGS_FILE, root / STYLES_FILE}
    wanted |= set(components_used(project, result.source).values())
    wanted |= {b.file for b in package(result, project).images}
    for folder in ("snippets", "data/profiles"):
        if (root / folder).is_dir():
            wanted |= {p for p in (root / folder).rglob("*") if p.is_file()}
    reviews = ReviewStore(root).folder(project.relative(source))
    if reviews.is_dir():
        wanted |= set(reviews.rglob("*.json"))  # comments and rounds
    files: dict[str, bytes] = {}
    for p in sorted(wanted):
        if p.is_file() and p.resolve().is_relative_to(root.resolve()):
            files[p.resolve().relative_to(root.resolve()).as_posix()] = p.read_bytes()
    return files


def export_review(result: CompileResult, project: Project, *, description: str = "") -> bytes:
    """The review bundle (ZIP): report.pdf, REVIEW.txt, the email's files, its comments."""
    files = bundle_files(result, project)
    email = project.relative(Path(result.file))
    files["report.pdf"] = export_pdf(result, project, description=description)
    files["REVIEW.txt"] = BUNDLE_NOTE.format(email=email).encode("utf-8")
    return _zip(files)


def _zip(files: dict[str, bytes]) -> bytes:
    """``files`` as a ZIP: entries sorted and dated 1980-01-01 (same files, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return out.getvalue()


def export(path: Path, fmt: str, *, project: Project, description: str = "") -> bytes:
    """The bytes of ``path`` exported as ``fmt`` (``zip``, ``eml``, ``html`` or ``pdf``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    result = compiled(path, project)
    if fmt == "zip":
        return export_zip(result, project)
    if fmt == "eml":
        return bytes(export_eml(result, project))
    if fmt == "pdf":
        return export_pdf(result, project, description=description)
    if fmt == "review":
        return export_review(result, project, description=description)
    return export_html(result)
