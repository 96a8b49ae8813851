"""Import existing emails: one ``.html``/``.htm``/``.mjml`` file or ``.eml`` message as a
new email (the studio's File ▸ Import), or a whole folder of them with the files they
refer to (``mailwright import``, :func:`import_folder`)."""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from compiler.result import Envelope
from components.markup import parse as parse_markup
from components.markup.nodes import Attr, Text, iter_elements
from studio.models.envelope import set_front_matter
from studio.workspace.layout import FileKind, Folders, WorkspaceError, safe_name
from styles.atomic import write_atomic

IMPORT_SUFFIXES = (".html", ".htm", ".eml", ".mjml")


@dataclass(slots=True)
class ImportResult:
    path: str
    assets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_file(workspace: Folders, source: Path, folder: str = "emails") -> ImportResult:
    """Import an ``.html``/``.htm``/``.mjml`` file or an ``.eml`` message as an email."""
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise WorkspaceError(
            f"{source.name}: cannot import {suffix or 'this file'}; "
            f"use {', '.join(IMPORT_SUFFIXES)}"
        )
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise WorkspaceError(f"{source}: cannot read ({exc.strerror})") from None
    if suffix == ".eml":
        return _import_eml(workspace, source, data, folder)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    out_suffix = ".mjml" if suffix == ".mjml" else ".html"
    target = _import_target(workspace, folder, source.stem, out_suffix)
    write_atomic(target, text)
    return ImportResult(workspace.rel(target))


def _import_target(workspace: Folders, folder: str, stem: str, suffix: str) -> Path:
    if workspace.area_of(folder) is not FileKind.EMAIL:
        raise WorkspaceError(f"{folder}: imported emails go under emails/")
    base = safe_name(stem) or "imported"
    workspace.path(folder).mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        name = f"{base}{suffix}" if n == 1 else f"{base} ({n}){suffix}"
        target = workspace.path(f"{folder}/{name}")
        if not target.exists():
            return target
    raise WorkspaceError(f"{folder}: too many files named {base}")


def _import_eml(workspace: Folders, source: Path, data: bytes, folder: str) -> ImportResult:
    # the email package and MIME types only here: the studio imports this module at its
    # start, and an .eml import is rare (docs/performance.md, "Cold start")
    import email
    import email.policy
    import mimetypes
    from email.message import EmailMessage

    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default guarantees it
        raise WorkspaceError(f"{source.name}: not an email message")
    notes: list[str] = []
    body_part = msg.get_body(preferencelist=("html", "plain"))
    if body_part is None:
        raise WorkspaceError(f"{source.name}: the message has no HTML or text part")
    content = body_part.get_content()
    body = content if isinstance(content, str) else content.decode("utf-8", "replace")
    if body_part.get_content_type() != "text/html":
        notes.append("the message has no HTML part; its plain text was imported")
        body = "<html><body><pre>" + html.escape(body) + "</pre></body></html>\n"
    subject = str(msg.get("subject", "") or "").strip()
    target = _import_target(workspace, folder, subject or source.stem, ".html")
    asset_dir_rel = "assets/" + _asset_folder(target.stem)
    assets: list[str] = []
    cid_map: dict[str, str] = {}
    used_names: set[str] = set()
    for part in msg.walk():
        if part.is_multipart() or part is body_part:
            continue
        ctype = part.get_content_type()
        if not ctype.startswith("image/"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        cid = str(part.get("content-id", "") or "").strip().strip("<>")
        name = safe_name(part.get_filename() or "") or (safe_name(cid.split("@", 1)[0]) or "image")
        if "." not in name:
            name += mimetypes.guess_extension(ctype) or ".bin"
        name = _unique(name, used_names)
        asset_path = workspace.path(f"{asset_dir_rel}/{name}")
        asset_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(asset_path, payload)
        assets.append(workspace.rel(asset_path))
        if cid:
            cid_map[cid] = os.path.relpath(asset_path, target.parent).replace(os.sep, "/")

    def swap(m: re.Match[str]) -> str:
        ref = m.group(2)
        new = cid_map.get(ref)
        if new is None:
            notes.append(f"cid:{ref} has no matching image in the message")
            return m.group(0)
        return m.group(1) + new

    if cid_map or "cid:" in body:
        body = re.sub(r"""(["'(\s=])cid:([^"')\s>]+)""", swap, body)
    envelope = Envelope(
        subject=subject,
        from_=str(msg.get("from", "") or ""),
        reply_to=str(msg.get("reply-to", "") or ""),
    )
    write_atomic(target, set_front_matter(body, envelope))
    return ImportResult(workspace.rel(target), assets, notes)


def _asset_folder(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or f"imported-{int(time.time())}"


def _unique(name: str, used: set[str]) -> str:
    base, dot, ext = name.rpartition(".")
    if not dot:
        base, ext = name, ""
    candidate = name
    n = 2
    while candidate.lower() in used:
        candidate = f"{base}-{n}.{ext}" if ext else f"{base}-{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


# ---- a folder of existing emails ---------------------------------------------------------

#: What ``import_folder`` takes as an email (or a partial of one).
FOLDER_SOURCES = (".html", ".htm", ".liquid", ".hbs", ".handlebars", ".mjml")
#: Template suffixes the workspace does not list as emails: imported as ``.html``.
_RENAMED = (".liquid", ".hbs", ".handlebars")
_SKIP_DIRS = frozenset({"node_modules", "dist", "__pycache__"})
_TEMPLATED = re.compile(r"\{\{|\{%|\{#|<%|\$\{|\[\[")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)|@import\s+(["'])([^"']+)\3""", re.I)


@dataclass(slots=True)
class ImportedFile:
    """One file of an imported folder: where it went, and what the import changed in it."""

    source: str  # path relative to the imported folder (posix)
    target: str  # path in the workspace (posix)
    role: str  # "email", "snippet" (a partial), "asset", "text" (plain text)
    status: str = "copied"  # "copied", "unchanged" (already there) or "skipped"
    changes: list[str] = field(default_factory=list)  # what changed in the file, and why
    problems: list[str] = field(default_factory=list)  # what could not be done


@dataclass(slots=True)
class FolderImport:
    """What :func:`import_folder` did."""

    files: list[ImportedFile] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files not imported (folder-relative)

    @property
    def emails(self) -> list[ImportedFile]:
        return [f for f in self.files if f.role == "email" and f.status != "skipped"]


@dataclass(slots=True)
class _Ref:
    start: int  # the path's offsets in the file's text
    end: int
    what: str  # how it is written: 'src', 'link href', 'url()' …


def import_folder(
    workspace: Folders,
    source: Path,
    *,
    into: str = "",
    as_is: bool = False,
    restyling: tuple[str, ...] = (),
) -> FolderImport:
    """Bring a folder of existing emails (or one email file) into ``workspace``.

    Each file keeps its path relative to the imported folder, under the workspace
    folder for its kind (and ``into``): emails under ``emails/`` (``.liquid`` and
    ``.hbs`` become ``.html``), partials (a name starting with ``_``, MJML without
    ``<mjml>``, what an ``mj-include`` includes) under ``snippets/``, and the other
    files they refer to by relative path (linked stylesheets, images; and what those
    stylesheets refer to) under ``assets/``; references are rewritten to the new
    places. A plain-text ``<name>.txt`` beside an email comes along as its text part.
    Template tokens are never touched: a reference holding one is left as written.
    Nothing is overwritten; a file already there with the same content is
    ``unchanged``. ``as_is`` writes each email's ``<name>.json`` turning off the
    ``restyling`` transformers for it.
    """
    source = Path(source)
    if not source.exists():
        raise WorkspaceError(f"{source}: no such file or folder")
    base = source.resolve() if source.is_dir() else source.resolve().parent
    into = _clean_into(into)
    if source.is_dir():
        found = _folder_files(base)
    else:
        if source.suffix.lower() not in FOLDER_SOURCES:
            raise WorkspaceError(
                f"{source.name}: cannot import {source.suffix or 'this file'};"
                f" use {', '.join(FOLDER_SOURCES)}"
            )
        found = [source.resolve()]
    if workspace.root == base or workspace.root in base.parents:
        raise WorkspaceError(f"{source}: already inside the workspace {workspace.root}")
    texts: dict[Path, tuple[str, list[str]]] = {}
    plan: dict[Path, ImportedFile] = {}
    unreadable: list[ImportedFile] = []
    for path in found:
        if path.suffix.lower() in FOLDER_SOURCES:
            try:
                texts[path] = _read_text(path.read_bytes())
            except OSError as exc:
                unreadable.append(
                    ImportedFile(
                        path.relative_to(base).as_posix(),
                        "",
                        "email",
                        "skipped",
                        problems=[f"cannot be read ({exc.strerror}); not imported"],
                    )
                )
    included = _included(texts)
    for path, (text, notes) in texts.items():
        rel = path.relative_to(base).as_posix()
        partial = path.name.startswith("_") or (
            (path.suffix.lower() == ".mjml" or path in included) and "<mjml" not in text.lower()
        )
        role = "snippet" if partial else "email"
        plan[path] = ImportedFile(rel, _place(role, into, rel), role, changes=list(notes))
    _rename_template_suffixes(plan)
    # what emails and snippets refer to: assets, or each other (mj-include)
    edits: dict[Path, list[tuple[int, int, str]]] = {}
    for path, (text, _) in texts.items():
        entry = plan[path]
        for ref in _references(text, path.suffix.lower() == ".mjml"):
            raw = text[ref.start : ref.end]
            edit = _follow(raw, ref.what, path, base, plan, into, entry)
            if edit is not None:
                edits.setdefault(path, []).append((ref.start, ref.end, edit))
    _assets_of_stylesheets(plan, base, into)
    for path in found:  # hand-written plain text beside an email
        email = (
            next(
                (p for p in plan if plan[p].role == "email" and p.with_suffix(".txt") == path), None
            )
            if path.suffix == ".txt"
            else None
        )
        if email is not None:
            target = PurePosixPath(plan[email].target).with_suffix(".txt").as_posix()
            plan[path] = ImportedFile(
                path.relative_to(base).as_posix(),
                target,
                "text",
                changes=["the email's plain-text part"],
            )
    result = FolderImport(files=unreadable)
    for path, entry in plan.items():
        if path in texts:
            text = texts[path][0]
            for start, end, new in sorted(edits.get(path, []), reverse=True):
                text = text[:start] + new + text[end:]
            data = text.encode("utf-8")
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                entry.status = "skipped"
                entry.problems.append(f"cannot be read ({exc.strerror}); not imported")
                result.files.append(entry)
                continue
        _write(workspace, entry, data)
        result.files.append(entry)
    if as_is and restyling:
        for entry in result.emails:
            _write_as_is(workspace, entry, restyling)
    imported = set(plan) | {base / f.source for f in unreadable}
    result.ignored = (
        [p.relative_to(base).as_posix() for p in found if p not in imported]
        if source.is_dir()
        else []
    )
    result.files.sort(key=lambda f: ("email snippet text asset".split().index(f.role), f.target))
    return result


def _included(texts: dict[Path, tuple[str, list[str]]]) -> set[Path]:
    """The files an MJML file includes (``<mj-include path>``): partials, not emails."""
    out: set[Path] = set()
    for path, (text, _) in texts.items():
        if path.suffix.lower() != ".mjml":
            continue
        for ref in _references(text, mjml=True):
            value = unquote(text[ref.start : ref.end].strip())
            if ref.what == "path" and value and not _SCHEME.match(value):
                target = path.parent / value
                for candidate in (target, target.with_name(target.name + ".mjml")):
                    try:
                        out.add(candidate.resolve())
                    except (OSError, RuntimeError):
                        continue
    return out


def _clean_into(into: str) -> str:
    parts = [p for p in into.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." or ":" in p for p in parts):
        raise WorkspaceError(f"--into {into}: give a folder name inside the workspace")
    return "/".join(parts)


def _folder_files(base: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
        out += [Path(dirpath) / n for n in sorted(filenames) if not n.startswith(".")]
    inside = []
    for p in out:
        real = p.resolve()
        if real.is_file() and base in real.parents:  # a link out of the folder is not followed
            inside.append(real)
    return inside


def _read_text(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            "not UTF-8: read as Windows-1252 and written as UTF-8"
        ]


def _place(role: str, into: str, rel: str) -> str:
    top = {"email": "emails", "snippet": "snippets", "asset": "assets"}[role]
    return "/".join(p for p in (top, into, rel) if p)


def _rename_template_suffixes(plan: dict[Path, ImportedFile]) -> None:
    """``x.liquid`` → ``x.html`` (the workspace lists .html, .htm and .mjml as emails);
    ``x.liquid.html`` when an ``x.html`` is imported too."""
    taken = {e.target for e in plan.values()}
    for entry in plan.values():
        suffix = PurePosixPath(entry.target).suffix
        if entry.role != "email" or suffix.lower() not in _RENAMED:
            continue
        target = PurePosixPath(entry.target).with_suffix(".html").as_posix()
        if target in taken:
            target = entry.target + ".html"
        taken.add(target)
        entry.target = target
        language = "Handlebars" if suffix.lower() in (".hbs", ".handlebars") else "Liquid"
        entry.changes.append(
            f"named {PurePosixPath(target).name}: a workspace's emails are "
            f".html, .htm or .mjml files (its {language} is kept as written)"
        )


def _references(text: str, mjml: bool) -> list[_Ref]:
    """Where ``text`` refers to another file by a path: ``src``, ``background``, a linked
    stylesheet's ``href``, ``mj-include path``, MJML ``background-url``, ``url()`` and
    ``@import`` in style attributes and ``<style>``; values holding template tokens are
    left out (they are never touched)."""
    out: list[_Ref] = []
    doc = parse_markup(text).document
    for el in iter_elements(doc):
        rel = ""
        for a in el.attrs:
            if isinstance(a, Attr) and a.name.lower() == "rel" and a.value:
                rel = a.value.lower()
        for a in el.attrs:
            if not isinstance(a, Attr) or a.value is None or a.span.end <= a.span.start:
                continue
            if any(not isinstance(p, Text) for p in a.parts):
                continue  # Liquid inside: left exactly as written
            name = a.name.lower()
            start = a.span.start + len(a.name) + len(a.eq) + len(a.quote)
            wanted = (
                name in ("src", "background")
                or (name == "href" and el.name == "link" and "stylesheet" in rel.split())
                or (mjml and name == "path" and el.name == "mj-include")
                or (mjml and name == "background-url")
            )
            if wanted:
                out.append(_Ref(start, start + len(a.value), f"{name}"))
            elif name == "style":
                out += _css_refs(a.value, start, "style url()")
        if el.name == "style" or (mjml and el.name == "mj-style"):
            for child in el.children:
                if isinstance(child, Text) and child.span.end > child.span.start:
                    out += _css_refs(child.raw, child.span.start, "<style> url()")
    return out


def _css_refs(css: str, offset: int, what: str) -> list[_Ref]:
    out = []
    for m in _CSS_URL.finditer(css):
        group = 2 if m.group(2) is not None else 4
        out.append(_Ref(offset + m.start(group), offset + m.end(group), what))
    return out


def _follow(
    raw: str,
    what: str,
    path: Path,
    base: Path,
    plan: dict[Path, ImportedFile],
    into: str,
    entry: ImportedFile,
) -> str | None:
    """The new text of one reference (None: unchanged); plans the file it names."""
    value = raw.strip()
    if not value or value.startswith("#") or _SCHEME.match(value) or _TEMPLATED.search(value):
        return None
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    rel_path, tail = value[:cut], value[cut:]
    if not rel_path:
        return None
    wanted = unquote(html.unescape(rel_path))
    target = (base / wanted.lstrip("/")) if wanted.startswith("/") else (path.parent / wanted)
    try:
        target = target.resolve()
    except (OSError, RuntimeError):
        entry.problems.append(f'{what}="{value}": cannot be read; left as written')
        return None
    if target != base and base not in target.parents:
        entry.problems.append(
            f'{what}="{value}": outside the imported folder; not copied, left as written'
        )
        return None
    if what == "path" and not target.is_file() and target.suffix.lower() != ".mjml":
        target = target.with_name(target.name + ".mjml")  # as MJML reads an include
    if not target.is_file():
        entry.problems.append(
            f'{what}="{value}": not found in the imported folder; left as written'
        )
        return None
    if target not in plan:
        rel = target.relative_to(base).as_posix()
        plan[target] = ImportedFile(rel, _place("asset", into, rel), "asset")
    new_place = plan[target].target
    here = PurePosixPath(entry.target).parent.as_posix()
    new = quote(posixpath.relpath(new_place, here), safe="/-._~!$&'()*+,;=:@") + tail
    if new == value:
        return None
    entry.changes.append(f'{what}="{value}" now "{new}": the file is {new_place} in the workspace')
    return raw.replace(value, new, 1)


def _assets_of_stylesheets(plan: dict[Path, ImportedFile], base: Path, into: str) -> None:
    """Copy what imported stylesheets refer to (``url()``, ``@import``) too: they keep their
    places relative to the stylesheet under ``assets/``, so the CSS is not changed."""
    todo = [p for p, e in plan.items() if e.role == "asset" and p.suffix.lower() == ".css"]
    while todo:
        sheet = todo.pop()
        try:
            css = sheet.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for ref in _css_refs(css, 0, "url()"):
            value = css[ref.start : ref.end].split("?", 1)[0].split("#", 1)[0]
            if (
                not value
                or _SCHEME.match(value)
                or _TEMPLATED.search(value)
                or value.startswith("/")
            ):
                continue
            target = (sheet.parent / unquote(value)).resolve()
            if target in plan or not target.is_file() or (base not in target.parents):
                continue
            rel = target.relative_to(base).as_posix()
            plan[target] = ImportedFile(
                rel, _place("asset", into, rel), "asset", changes=[f"used by {plan[sheet].target}"]
            )
            if target.suffix.lower() == ".css":
                todo.append(target)


def _write(workspace: Folders, entry: ImportedFile, data: bytes) -> None:
    target = workspace.path(entry.target)
    if target.exists():
        if target.is_file() and target.read_bytes() == data:
            entry.status = "unchanged"
        else:
            entry.status = "skipped"
            entry.problems.append(
                f"{entry.target} already exists with other content; not "
                "overwritten (move it, or import --into another folder)"
            )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)


def _write_as_is(workspace: Folders, entry: ImportedFile, restyling: tuple[str, ...]) -> None:
    """The email's sidecar ``.json`` turning off every transformer that restyles it."""
    side = workspace.path(entry.target).with_suffix(".json")
    data: dict[str, object] = {}
    if side.is_file():
        try:
            loaded = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            entry.problems.append(f"{workspace.rel(side)} cannot be read; not imported as is")
            return
        if not isinstance(loaded, dict):
            entry.problems.append(f"{workspace.rel(side)} is not a JSON object; not imported as is")
            return
        data = loaded
    table = data.get("transformers")
    table = dict(table) if isinstance(table, dict) else {}
    for name in restyling:
        table[name] = {"enabled": False}
    data["transformers"] = table
    write_atomic(side, json.dumps(data, indent=2) + "\n")
    entry.changes.append(
        f"as is: {workspace.rel(side)} turns off {', '.join(restyling)} for this email"
    )
