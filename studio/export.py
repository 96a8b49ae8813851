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
from components.diagnostics import Issue
from studio.publish import default_sample, package, rewrite_urls
from studio.send import SendError, SendOptions, SmtpSettings, build_message

FORMATS = ("zip", "eml", "html", "pdf")
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
        raise ExportError(f"{project.relative(path)}: not exported: {len(errors)} compile "
                          f"error{'s' if len(errors) != 1 else ''}", errors)
    return result


def export_html(result: CompileResult) -> bytes:
    return result.html.encode("utf-8")


def export_zip(result: CompileResult, project: Project) -> bytes:
    files = package(result, project, relative_all=True).files()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return out.getvalue()


def _cid(asset: str, data: bytes) -> str:
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", asset).strip("-") or "image"
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}@mailwright"


def export_eml(result: CompileResult, project: Project) -> EmailMessage:
    """The email as a message: headers from the rendered envelope, images as ``cid:`` parts."""
    profile, _label = default_sample(project)
    rendered = render(result, liquid_scope(profile or {}), project=project)
    errors = [i for i in rendered.issues if i.is_error]
    if errors:
        raise ExportError(f"{project.relative(Path(result.file))}: not exported: the Liquid "
                          "has errors for the default sample profile", errors)
    images = package(result, project).images
    parts: list[tuple[str, bytes, str, str]] = []     # cid, data, mime type, file name
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
        msg = build_message(rendered, [], settings=settings,
                            options=SendOptions(test_prefix=False, prevent_threading=False))
    except SendError as exc:
        raise ExportError(str(exc), exc.issues) from None
    del msg["To"]
    if parts:
        html_part = next(p for p in msg.iter_parts() if p.get_content_type() == "text/html")
        for cid, data, kind, name in parts:
            maintype, _, subtype = kind.partition("/")
            html_part.add_related(data, maintype=maintype, subtype=subtype, cid=f"<{cid}>",
                                  filename=name, disposition="inline")
    return msg


def export_pdf(result: CompileResult, project: Project, *, description: str = "") -> bytes:
    """The PDF review report (needs Qt WebEngine: the ``studio`` extra)."""
    try:
        module = importlib.import_module("studio.render.report")
    except ImportError as exc:
        raise ExportError(f"the PDF report needs Qt WebEngine (the studio extra): {exc}") \
            from None
    render_error = importlib.import_module("studio.render.engine").RenderError
    try:
        pdf, _report = module.pdf_report(result, project=project, description=description)
    except render_error as exc:
        raise ExportError(f"the PDF report could not be printed: {exc}") from None
    return bytes(pdf)


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
    return export_html(result)
