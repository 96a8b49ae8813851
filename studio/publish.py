"""Publishing: the quality gate between a draft and what the sending platform gets.

:func:`prepare` compiles one email with its components and global styles, runs the
checks (the one path of :mod:`studio.checks`, the same as ``mailwright check``),
renders the envelope for the workspace's default sample profile and lays out the
files of ``dist/<email>/``: ``index.html``, ``index.txt``, ``envelope.json``, the
images it uses from ``assets/`` (under ``assets/``) and ``manifest.json``.
:func:`publish` writes a set of prepared emails all or nothing: any error refuses
the whole set (:class:`PublishRefused`) unless the request is forced with a reason,
which the manifest and the history record. A file whose bytes are already there is
not written, so publishing an unchanged email writes nothing and records nothing.

:func:`targets` says which emails a path stands for: an email itself, every email
using a component (directly or through other components, found with the one
reference search of ``components.custom.workspace_ops``), every email for the
global styles, every email of a workspace folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import CompileResult, Project, ProjectError
from compiler.liquid.data import default_profile_path, liquid_scope, read_profile
from compiler.liquid.render import render
from compiler.root import SETTINGS_FILE, SIDECAR_SUFFIXES, STYLES_FILE
from compiler.validators.base import CheckContext, CheckOptions
from compiler.validators.images import inspect_images
from components.custom.library import component_files
from components.custom.names import tag_from_path
from components.custom.workspace_ops import references_in
from components.diagnostics import Issue, Severity
from studio import __version__
from studio.checks import Checked, Checks, check_file
from studio.history import History, HistoryError, author_name, read_exact
from studio.workspace import Workspace
from styles.atomic import write_atomic

DIST = "dist"
MANIFEST = "manifest.json"


class PublishError(Exception):
    """A path that names nothing publishable; the message says what to give instead."""


@dataclass(frozen=True)
class PublishRequest:
    """``force`` publishes despite errors; ``reason`` is then required and recorded."""

    force: bool = False
    reason: str = ""
    author: str | None = None


@dataclass
class Prepared:
    """One email checked and laid out, not yet written."""

    source: Path
    label: str  # workspace-relative path of the email
    checked: Checked
    out_dir: Path
    files: dict[str, bytes] = field(default_factory=dict)  # relative path → bytes
    render_issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.checked.issues + self.render_issues if i.is_error]

    @property
    def unusable(self) -> bool:
        return self.checked.unusable


@dataclass
class Published:
    """What publishing one email did."""

    label: str
    out_dir: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    version: int | None = None
    forced: bool = False
    note: str = ""  # why the history has no version of it

    @property
    def unchanged(self) -> bool:
        return not self.written and not self.removed


class PublishRefused(Exception):
    """Errors stop the publish; nothing was written. ``refused`` holds the failing emails."""

    def __init__(self, refused: list[Prepared], total: int) -> None:
        n = sum(len(p.errors) for p in refused)
        super().__init__(
            f"publish refused: {n} error{'s' if n != 1 else ''} in "
            f"{len(refused)} of {total} email{'s' if total != 1 else ''}; "
            "nothing was written"
        )
        self.refused = refused


# ---- what a path stands for -------------------------------------------------------------


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def targets(project: Project, path: Path) -> tuple[str, list[Path]]:
    """(what ``path`` is, the emails publishing it publishes).

    The kind is ``email``, ``component``, ``styles`` or ``workspace``. Raises
    :class:`PublishError` for a path that is none of them."""
    path = Path(path).resolve()
    root = project.root.resolve() if project.root else None
    if root is None:
        if path.exists() and not path.is_dir():
            return "email", [path]  # the compile says what is wrong with a non-file
        raise PublishError(f"{path}: not a workspace or an email file")
    if path == root:
        return "workspace", project.emails()
    try:
        rel = path.relative_to(root)
    except ValueError:
        raise PublishError(f"{path}: outside the workspace {root}") from None
    first = rel.parts[0] if rel.parts else ""
    if rel.as_posix() == STYLES_FILE:
        return "styles", project.emails()
    if first == "components" and not path.is_dir():
        return "component", emails_using(project, path)
    if first == "emails" and not path.is_dir():
        return "email", [path]
    if first == "emails" and path.is_dir():
        return "workspace", [p for p in project.emails() if p.is_relative_to(path)]
    raise PublishError(
        f"{rel.as_posix()}: not an email, a component or {STYLES_FILE}; "
        "give one of those (or the workspace folder)"
    )


def emails_using(project: Project, component: Path) -> list[Path]:
    """Every email that uses ``component``, directly or through other components."""
    assert project.root is not None
    workspace = Workspace(project.root)
    seen = {workspace.rel(component)}
    queue = [workspace.rel(component)]
    emails: set[str] = set()
    while queue:
        for ref in workspace.references(queue.pop()):
            if ref.file.startswith("emails/"):
                emails.add(ref.file)
            elif ref.file.startswith("components/") and ref.file not in seen:
                seen.add(ref.file)
                queue.append(ref.file)
    return [project.root / rel for rel in sorted(emails)]


def components_used(project: Project, text: str) -> dict[str, Path]:
    """The custom components ``text`` uses, directly or through other components (tag → file)."""
    if project.root is None:
        return {}
    files = {tag_from_path(p): p for p in component_files(project.root)}
    found: dict[str, Path] = {}
    queue = [text]
    while queue:
        current = queue.pop()
        for tag, file in files.items():
            if tag not in found and references_in(current, tag):
                found[tag] = file
                data = _read(file)
                queue.append(data.decode("utf-8", "replace") if data is not None else "")
    return dict(sorted(found.items()))


# ---- one email --------------------------------------------------------------------------


def out_dir_for(project: Project, source: Path) -> Path:
    """``dist/<path under emails/ without its suffix>/`` (beside the file without a workspace)."""
    if project.root is not None:
        emails = project.root / "emails"
        try:
            rel = source.resolve().relative_to(emails.resolve())
            return project.root / DIST / rel.with_suffix("")
        except ValueError:
            pass
    return source.parent / DIST / source.stem


def default_sample(project: Project) -> tuple[dict[str, Any] | None, str]:
    """The workspace's default sample profile and its relative path; (None, "") without one
    (or when it cannot be read: publishing reports that through the checks' notes)."""
    try:
        path = default_profile_path(project)
        if path is None:
            return None, ""
        return read_profile(path), project.relative(path)
    except ProjectError:
        return None, ""


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


_URL_EDGE = r"""(?<=["'(\s,=])"""
_URL_END = r"""(?=["')\s,])"""


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _m: text


def rewrite_urls(html: str, mapping: Mapping[str, str]) -> str:
    """``html`` with each URL of ``mapping`` replaced where it stands as a whole value
    (attribute, ``srcset`` entry, CSS ``url()``)."""
    for old, new in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        if old != new:
            html = re.sub(_URL_EDGE + re.escape(old) + _URL_END, _literal(new), html)
    return html


@dataclass(frozen=True)
class BundledImage:
    """An image of ``assets/`` the email uses: its URL in the HTML and its place there."""

    url: str
    file: Path
    asset: str  # path under assets/ (posix)
    remote: bool  # an http(s) URL under [assets] base_url (kept as is in index.html)


def bundled_images(result: CompileResult, project: Project) -> list[BundledImage]:
    """The images of ``result`` that are files in the workspace's ``assets/`` folder."""
    assets = project.path("assets")
    if assets is None or not assets.is_dir():
        return []
    ctx = CheckContext(result, project, CheckOptions(network=False))
    out: list[BundledImage] = []
    for rec in inspect_images(ctx):
        if not rec.path or rec.error:
            continue
        file = Path(rec.path)
        try:
            asset = file.resolve().relative_to(assets.resolve()).as_posix()
        except ValueError:
            continue
        remote = rec.src.lower().startswith(("http://", "https://"))
        out.append(BundledImage(rec.src, file, asset, remote))
    return sorted(out, key=lambda b: b.url)


@dataclass
class Package:
    """An email's deliverable files, before any manifest: the layout ``dist/<email>/``,
    the ZIP export and the ``.eml`` export share."""

    html: str  # images of assets/ rewritten as asked
    text: str
    envelope: dict[str, object]  # raw, rendered (or None), profile
    images: list[BundledImage]
    render_issues: list[Issue] = field(default_factory=list)

    def files(self) -> dict[str, bytes]:
        files = {
            "index.html": self.html.encode("utf-8"),
            "index.txt": self.text.encode("utf-8"),
            "envelope.json": _json(self.envelope),
        }
        for b in self.images:
            data = _read(b.file)
            if data is not None:
                files[f"assets/{b.asset}"] = data
        return files


def package(result: CompileResult, project: Project, *, relative_all: bool = False) -> Package:
    """The files of ``result``: the envelope raw and rendered for the default sample
    profile, the images of ``assets/`` it uses. Relative references to them are rewritten
    to ``assets/<path>``; with ``relative_all`` the ``https://`` URLs under
    ``[assets] base_url`` too (a folder that works offline)."""
    profile, profile_label = default_sample(project)
    env_raw = {k: v for k, v in result.envelope.to_json().items() if k != "title"}
    rendered_env: dict[str, str] | None = None
    render_issues: list[Issue] = []
    if profile is not None:
        rendered = render(result, liquid_scope(profile), project=project)
        render_issues = [i for i in rendered.issues if i.is_error]
        rendered_env = {
            "subject": rendered.subject,
            "preheader": rendered.preheader,
            "from": rendered.from_,
            "reply_to": rendered.reply_to,
        }
    images = bundled_images(result, project)
    html = rewrite_urls(
        result.html, {b.url: f"assets/{b.asset}" for b in images if relative_all or not b.remote}
    )
    envelope: dict[str, object] = {
        "raw": env_raw,
        "rendered": rendered_env,
        "profile": profile_label or None,
    }
    return Package(html, result.text, envelope, images, render_issues)


def prepare(
    source: Path, checks: Checks, *, project: Project, request: PublishRequest | None = None
) -> Prepared:
    """Compile and check ``source`` and lay out its ``dist/`` files (nothing is written)."""
    request = request or PublishRequest()
    checked = check_file(source, checks, project=project)
    out = Prepared(source, project.relative(source), checked, out_dir_for(project, source))
    if checked.unusable:
        return out
    pack = package(checked.result, project)
    out.render_issues = pack.render_issues
    files = pack.files()
    files[MANIFEST] = _json(manifest(out, project, checks, files, pack.images, request))
    out.files = files
    return out


def _digest_file(project: Project, path: Path) -> dict[str, str] | None:
    data = _read(path)
    return None if data is None else {"file": project.relative(path), "sha256": digest(data)}


def manifest(
    prepared: Prepared,
    project: Project,
    checks: Checks,
    files: Mapping[str, bytes],
    images: list[BundledImage],
    request: PublishRequest,
) -> dict[str, object]:
    """What was published from what: digests of every input and output, the checks' summary,
    the override when forced. No time stamp: an unchanged email gives the same bytes."""
    source = prepared.source
    issues = prepared.checked.issues + prepared.render_issues
    counts = {s.value: sum(1 for i in issues if i.severity is s) for s in Severity}
    not_checked = dict(checks.not_checked)
    for i in issues:
        if i.rule.endswith("unavailable"):
            not_checked.setdefault(i.rule, i.message)
    inputs = [
        p for p in (source, *(source.with_suffix(s) for s in SIDECAR_SUFFIXES)) if p.is_file()
    ]
    text = prepared.checked.result.source
    styles = project.path(STYLES_FILE)
    settings = project.path(SETTINGS_FILE)
    data: dict[str, object] = {
        "tool": {"name": "mailwright", "version": __version__},
        "email": prepared.label,
        "source": [_digest_file(project, p) for p in inputs],
        "source_digest": digest(b"".join(_read(p) or b"" for p in inputs)),
        "components": {
            tag: _digest_file(project, file) for tag, file in components_used(project, text).items()
        },
        "styles": _digest_file(project, styles) if styles and styles.is_file() else None,
        "settings": _digest_file(project, settings) if settings and settings.is_file() else None,
        "images": [{"url": b.url, "file": f"assets/{b.asset}"} for b in images],
        "outputs": {name: digest(blob) for name, blob in sorted(files.items())},
        "checks": {"ran": list(checks.names), "not_checked": not_checked, **counts},
        "override": None,
    }
    errors = prepared.errors
    if request.force and errors:
        data["override"] = {
            "by": request.author or author_name(project.root),
            "reason": request.reason,
            "errors": [issue_line(i, project) for i in errors],
        }
    return data


def issue_line(issue: Issue, project: Project) -> str:
    """``file:line:col: rule: message``, the file workspace-relative."""
    file = (
        project.relative(Path(issue.file))
        if issue.file and Path(issue.file).is_absolute()
        else issue.file
    )
    where = ":".join(str(x) for x in (file, issue.line, issue.column) if x)
    return f"{where}: {issue.rule}: {issue.message}" if where else f"{issue.rule}: {issue.message}"


# ---- writing ----------------------------------------------------------------------------


def _previous_files(out_dir: Path) -> list[str]:
    data = _read(out_dir / MANIFEST)
    try:
        old = json.loads(data) if data else {}
    except ValueError:
        return []
    outputs = old.get("outputs") if isinstance(old, dict) else None
    return [str(k) for k in outputs] if isinstance(outputs, dict) else []


def write(prepared: Prepared) -> tuple[list[str], list[str]]:
    """Write the files whose bytes differ (manifest last); remove the previous publish's files
    no longer part of it. Returns (written, removed)."""
    written: list[str] = []
    order = sorted(prepared.files, key=lambda n: (n == MANIFEST, n))
    for name in order:
        target = prepared.out_dir / name
        if _read(target) == prepared.files[name]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, prepared.files[name])
        written.append(name)
    removed: list[str] = []
    for name in _previous_files(prepared.out_dir):
        target = prepared.out_dir / name
        if name not in prepared.files and ".." not in Path(name).parts and target.is_file():
            target.unlink()
            removed.append(name)
    return written, removed


def publish(
    prepared: list[Prepared], *, project: Project, request: PublishRequest | None = None
) -> list[Published]:
    """Write every prepared email, or none: raises :class:`PublishRefused` when any has
    errors (unless forced) or cannot be compiled at all (even when forced)."""
    request = request or PublishRequest()
    if request.force and not request.reason.strip():
        raise PublishError("--force needs --reason TEXT: say why the errors are acceptable")
    refused = [p for p in prepared if p.unusable or (p.errors and not request.force)]
    if refused:
        raise PublishRefused(refused, len(prepared))
    author = request.author or author_name(project.root)
    done: list[Published] = []
    for p in prepared:
        written, removed = write(p)
        item = Published(p.label, p.out_dir, written, removed, forced=bool(p.errors))
        if not item.unchanged and project.root is not None:
            item.version, item.note = _record(project.root, p, author, request)
        done.append(item)
    return done


def _record(
    root: Path, p: Prepared, author: str, request: PublishRequest
) -> tuple[int | None, str]:
    """A version named "Published" of the email's source (even when its text is the latest
    version's); an override says who and why in its message."""
    message = f"published to {p.out_dir.relative_to(root).as_posix()}/"
    if p.errors:
        rules = ", ".join(sorted({i.rule for i in p.errors}))
        message += (
            f"; published anyway by {author} despite {len(p.errors)} error"
            f"{'s' if len(p.errors) != 1 else ''} ({rules}): {request.reason.strip()}"
        )
    try:
        text = read_exact(p.source)
        with History(root, author=author) as history:
            version = history.record(
                p.source, text, kind="publish", name="Published", message=message, repeat=True
            )
    except (HistoryError, OSError, UnicodeDecodeError) as exc:
        return None, f"published, but the version history was not updated: {exc}"
    return (version.number if version is not None else None), ""
